/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recovery shell's edges, from the side of someone at the console:
 * without a TPM the shell does not start unless the owner, told that
 * nothing sealed can be protected in this boot, confirms; what the shell
 * left running is stopped when it exits; and /boot counts as unverified
 * after it.
 *
 * The trap: fork() defined here is the one the static library's call
 * binds to at link time. Armed, it records the call and either fails or
 * runs a stand-in for the shell in the child (which leaves a process
 * behind in its session) instead of busybox; unarmed (the harness forking
 * each test) it is libc's. */
#include "harness.h"
#include "init.h"
#include "procs.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum fork_mode { FORK_REAL, FORK_FAIL, FORK_FAKE_SHELL };

static enum fork_mode mode = FORK_REAL;
static int fork_calls;
static int leftover_fd = -1; /* the fake shell reports its leftover's pid here */

static pid_t real_fork(void)
{
	pid_t (*real)(void) = (pid_t(*)(void))dlsym(RTLD_NEXT, "fork");

	ASSERT(real);
	return real();
}

/* A shell that starts a background loop in its session and exits. */
_Noreturn static void fake_shell(void)
{
	pid_t child;

	setsid();
	child = real_fork();
	if (child == 0)
		for (;;)
			pause();
	if (child < 0 || write(leftover_fd, &child, sizeof(child)) != (ssize_t)sizeof(child))
		_exit(1);
	_exit(0);
}

pid_t fork(void)
{
	pid_t pid;

	if (mode == FORK_REAL)
		return real_fork();
	fork_calls++;
	if (mode == FORK_FAIL)
		return errno = EAGAIN, -1;
	pid = real_fork();
	if (pid == 0)
		fake_shell();
	return pid;
}

/* Runs the recovery shell with answer on stdin; returns what it printed
 * and its result in *ret. */
static char *run_shell(struct init_state *s, const char *answer, int *ret)
{
	char out[] = "/tmp/heads-test-shell-out-XXXXXX", in[] = "/tmp/heads-test-shell-in-XXXXXX";
	int ofd = mkstemp(out), ifd = mkstemp(in), saved_out = dup(1), saved_in = dup(0);
	char *buf = calloc(1, 4096);

	ASSERT(ofd >= 0 && ifd >= 0 && saved_out >= 0 && saved_in >= 0 && buf);
	ASSERT_EQ(write(ifd, answer, strlen(answer)), (ssize_t)strlen(answer));
	ASSERT_EQ(lseek(ifd, 0, SEEK_SET), 0);
	fflush(stdout);
	ASSERT(dup2(ofd, 1) == 1 && dup2(ifd, 0) == 0);
	*ret = init_recovery_shell(s);
	fflush(stdout);
	ASSERT(dup2(saved_out, 1) == 1 && dup2(saved_in, 0) == 0);
	ASSERT(pread(ofd, buf, 4095, 0) >= 0);
	close(ofd);
	close(ifd);
	close(saved_out);
	close(saved_in);
	unlink(out);
	unlink(in);
	return buf;
}

static void assert_told(const char *out)
{
	ASSERT(strstr(out, "WARNING: the TPM cannot be reached, so PCR 4 cannot be capped."));
	ASSERT(strstr(out, "Nothing sealed to this machine (the TOTP secret, the disk key) can be\n"
			   "protected in this boot"));
	ASSERT(strstr(out, "Start the recovery shell anyway? [y/N] "));
}

TEST(no_tpm_shell_refused_unless_confirmed)
{
	static const char *const answers[] = { "n\n", "\n", "" };

	mode = FORK_FAIL;
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		struct init_state s = { 0 };
		int r = 0;
		char *out = run_shell(&s, answers[i], &r);

		assert_told(out);
		ASSERT(strstr(out, "The recovery shell was not started."));
		ASSERT(!strstr(out, "Type 'exit'"));
		ASSERT_EQ(r, -ECANCELED);
		ASSERT_EQ(fork_calls, 0);
		free(out);
	}
}

/* Confirmed, it goes on to start the shell (the trapped fork fails). */
TEST(no_tpm_shell_started_when_confirmed)
{
	struct init_state s = { 0 };
	int r = 0;
	char *out;

	mode = FORK_FAIL;
	out = run_shell(&s, "y\n", &r);
	assert_told(out);
	ASSERT(strstr(out, "Type 'exit' to return to the menu."));
	ASSERT_EQ(fork_calls, 1);
	ASSERT_EQ(r, -EAGAIN);
	free(out);
}

/* The shell leaves a background process; it is stopped when the shell
 * exits, and /boot must be verified again. */
TEST(shell_leftovers_stopped_and_boot_unverified)
{
	struct init_state s = { .boot_verified = true, .have_tpm_facts = true };
	int p[2], r = 0, status = 0;
	pid_t left = 0;
	char *out;

	ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	ASSERT_EQ(pipe(p), 0);
	leftover_fd = p[1];
	s.default_entry = strdup("Old kernel");
	mode = FORK_FAKE_SHELL;
	out = run_shell(&s, "y\n", &r);
	ASSERT_EQ(r, 0);
	ASSERT_EQ(read(p[0], &left, sizeof(left)), (ssize_t)sizeof(left));
	ASSERT(strstr(out, "Stopped 1 process left running by the shell."));
	ASSERT(strstr(out, "/boot will be verified again before it boots."));
	ASSERT(!s.boot_verified);
	ASSERT(!s.default_entry);
	ASSERT(!s.have_tpm_facts);
	/* Gone: killed (reaped here, its parent being gone), or reaped already. */
	if (waitpid(left, &status, 0) == left)
		ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	else
		ASSERT_EQ(errno, ECHILD);
	ASSERT(kill(left, 0) < 0 && errno == ESRCH);
	free(out);
}

TEST(stat_lines)
{
	struct proc_info p;

	ASSERT_EQ(proc_stat_parse("42 (sh) S 1 42 42 34816 42 4194560 0 0", &p), 0);
	ASSERT_EQ(p.pid, 42);
	ASSERT_EQ(p.state, 'S');
	ASSERT_EQ(p.session, 42);
	ASSERT_EQ(p.flags, 4194560);
	/* a name made to look like other fields */
	ASSERT_EQ(proc_stat_parse("7 (a) Z 1 1 1 (x) R 1 99 99 0 0 0) R 3 7 99 0 0 2097216 0", &p),
		  0);
	ASSERT_EQ(p.pid, 7);
	ASSERT_EQ(p.state, 'R');
	ASSERT_EQ(p.session, 99);
	ASSERT_EQ(p.flags, 2097216);
	ASSERT_EQ(proc_stat_parse("", &p), -EINVAL);
	ASSERT_EQ(proc_stat_parse("x (sh) S 1 2 3 4 5 6", &p), -EINVAL);
	ASSERT_EQ(proc_stat_parse("42 (sh S 1 2 3 4 5 6", &p), -EINVAL);
	ASSERT_EQ(proc_stat_parse("42 (sh) S 1", &p), -EINVAL);
}

TEST(which_processes_are_stopped)
{
	const struct proc_info shell_child = { .pid = 50, .state = 'S', .session = 40 };
	const struct proc_info other = { .pid = 60, .state = 'R', .session = 60 };
	const struct proc_info kthread = { .pid = 2, .state = 'S', .flags = 0x00200000 };
	const struct proc_info zombie = { .pid = 70, .state = 'Z', .session = 40 };
	const struct proc_info self = { .pid = 1, .state = 'R', .session = 1 };

	ASSERT(proc_is_leftover(&shell_child, 1, false, 40));
	ASSERT(!proc_is_leftover(&other, 1, false, 40));
	ASSERT(proc_is_leftover(&other, 1, true, 40));
	ASSERT(!proc_is_leftover(&kthread, 1, true, 40));
	ASSERT(!proc_is_leftover(&zombie, 1, true, 40));
	ASSERT(!proc_is_leftover(&self, 1, true, 1));
}
