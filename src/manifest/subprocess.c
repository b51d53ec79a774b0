/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fork/exec with an explicit fd map and a captured pipe; no shell. */
#include "subprocess.h"
#include "fileio.h"
#include "macro.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

static bool is_mapped(const struct subprocess *p, int fd)
{
	for (size_t i = 0; i < p->n_fds; i++)
		if (p->fd_child[i] == fd)
			return true;
	return fd <= STDERR_FILENO || (p->capture_fd >= 0 && fd == p->capture_fd);
}

/* Every fd but 0-2 and the mapped ones: nothing of the parent's (a TPM
 * connection, the rundir, a key) reaches the helper. */
static void child_close_others(const struct subprocess *p)
{
	int top = p->capture_fd > STDERR_FILENO ? p->capture_fd : STDERR_FILENO;

	for (size_t i = 0; i < p->n_fds; i++)
		if (p->fd_child[i] > top)
			top = p->fd_child[i];
	for (int fd = STDERR_FILENO + 1; fd < top; fd++)
		if (!is_mapped(p, fd))
			(void)close(fd);
	if (syscall(SYS_close_range, (unsigned)top + 1, ~0u, 0) < 0)
		for (int fd = top + 1; fd < 1024; fd++)
			(void)close(fd);
}

/* Root becomes the given user, with no groups, and for good: setresuid
 * leaves no saved root id; checked, since running on as root is worse
 * than not running. */
static void child_drop(const struct subprocess *p)
{
	uid_t uid = p->uid ? p->uid : SUBPROCESS_NOBODY;
	gid_t gid = p->uid && p->gid ? p->gid : SUBPROCESS_NOBODY;

	if (geteuid() == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
		    setresuid(uid, uid, uid) < 0)
			_exit(EXEC_FAILED);
		if (geteuid() == 0 || getuid() == 0 || setuid(0) == 0)
			_exit(EXEC_FAILED);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(EXEC_FAILED);
}

static void child(const struct subprocess *p, int capture_w)
{
	extern char **environ;
	char *const *envp = p->envp ? p->envp : environ;

	signal(SIGPIPE, SIG_DFL);
	child_setup_fds(p, capture_w);
	child_close_others(p);
	child_drop(p);
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
