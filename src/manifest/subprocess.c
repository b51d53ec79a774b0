/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fork/exec with an explicit fd map and a captured pipe; no shell. */
#include "subprocess.h"
#include "fileio.h"
#include "macro.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define EXEC_FAILED 127

/* In the child: move every mapped fd out of the way first, so that a
 * source number equal to another target cannot be clobbered. */
static void child_setup_fds(const struct subprocess *p, int capture_w)
{
	int tmp[ELEMENTSOF(p->fd_in) + 1];
	size_t n = p->n_fds;

	for (size_t i = 0; i < n; i++)
		tmp[i] = fcntl(p->fd_in[i], F_DUPFD, 64);
	if (capture_w >= 0)
		tmp[n] = fcntl(capture_w, F_DUPFD, 64);
	for (size_t i = 0; i < n; i++)
		if (tmp[i] < 0 || dup2(tmp[i], p->fd_child[i]) < 0)
			_exit(EXEC_FAILED);
	if (capture_w >= 0 && (tmp[n] < 0 || dup2(tmp[n], p->capture_fd) < 0))
		_exit(EXEC_FAILED);
	if (p->quiet) {
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || dup2(null, STDERR_FILENO) < 0)
			_exit(EXEC_FAILED);
	}
}

static void child(const struct subprocess *p, int capture_w)
{
	extern char **environ;
	char *const *envp = p->envp ? p->envp : environ;

	signal(SIGPIPE, SIG_DFL);
	child_setup_fds(p, capture_w);
	if (p->search)
		execvpe(p->path, p->argv, envp);
	else
		execve(p->path, p->argv, envp);
	_exit(EXEC_FAILED);
}

static int wait_child(pid_t pid, int *ret_status)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return negative_errno();
	if (WIFEXITED(status))
		*ret_status = WEXITSTATUS(status);
	else
		*ret_status = 128 + WTERMSIG(status);
	return *ret_status == EXEC_FAILED ? -ENOENT : 0;
}

int subprocess_run(const struct subprocess *p, int *ret_status, char **ret_out, size_t *ret_len)
{
	_cleanup_close_ int rd = -1, wr = -1;
	int pipefd[2], r = 0, r2;
	pid_t pid;

	if (p->n_fds > ELEMENTSOF(p->fd_in))
		return -EINVAL;
	if (p->capture_fd >= 0) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			return negative_errno();
		rd = pipefd[0];
		wr = pipefd[1];
	}
	pid = fork();
	if (pid < 0)
		return negative_errno();
	if (pid == 0)
		child(p, wr);
	closep(&wr);
	wr = -1;
	if (rd >= 0)
		r = read_fd_full(rd, p->capture_max, ret_out, ret_len);
	closep(&rd);
	rd = -1;
	r2 = wait_child(pid, ret_status);
	if (r >= 0 && r2 < 0 && p->capture_fd >= 0)
		free(TAKE_PTR(*ret_out));
	return r < 0 ? r : r2;
}

int subprocess_memfd(const char *name, const void *buf, size_t len)
{
	_cleanup_close_ int fd = memfd_create(name, MFD_CLOEXEC);
	int r;

	if (fd < 0)
		return negative_errno();
	r = write_all(fd, buf, len);
	if (r < 0)
		return r;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return negative_errno();
	return TAKE_FD(fd);
}
