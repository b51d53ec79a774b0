/* SPDX-License-Identifier: GPL-2.0-or-later */
/* init_power_off: sync, then reboot(RB_POWER_OFF); it never returns, and
 * when the kernel refuses it halts rather than go on.
 *
 * The traps: sync() and reboot() defined here, in the test program, are
 * the definitions the static library's calls bind to at link time (the
 * executable's own symbols come before libc's), so no LD_PRELOAD is
 * needed. They write what was called to a pipe; reboot then ends the
 * process with EXIT_POWERED_OFF, as the machine would stop, or fails
 * with EPERM when the test asks it to. Each runs in a forked child, since
 * init_power_off does not return. */
#include "harness.h"
#include "init.h"

#include <errno.h>
#include <signal.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_POWERED_OFF 42
#define EXIT_RETURNED 43

static int report_fd = -1;
static bool refuse_reboot;

static void report(const char *what)
{
	ASSERT_EQ(write(report_fd, what, strlen(what)), (ssize_t)strlen(what));
}

void sync(void)
{
	report("sync\n");
}

int reboot(int howto)
{
	char line[32];

	snprintf(line, sizeof(line), "reboot %#x\n", (unsigned)howto);
	report(line);
	if (refuse_reboot)
		return errno = EPERM, -1;
	_exit(EXIT_POWERED_OFF);
}

/* Starts init_power_off in a child; returns its pid and the pipe's end
 * that reads what it called. */
static pid_t power_off_child(int *ret_fd)
{
	int p[2];
	pid_t pid;

	ASSERT_EQ(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	ASSERT(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		report_fd = p[1];
		init_power_off();
		_exit(EXIT_RETURNED); /* not reached, unless it returned */
	}
	close(p[1]);
	*ret_fd = p[0];
	return pid;
}

/* Reads until the reboot call was reported (or the pipe closed). */
static void read_calls(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size && !strstr(buf, "reboot") &&
	       (n = read(fd, buf + len, size - 1 - len)) > 0) {
		len += (size_t)n;
		buf[len] = '\0';
	}
	buf[len] = '\0';
}

TEST(syncs_then_powers_off)
{
	char calls[128] = "", expected[64];
	int fd, status;
	pid_t pid = power_off_child(&fd);

	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	read_calls(fd, calls, sizeof(calls));
	close(fd);
	ASSERT(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), EXIT_POWERED_OFF);
	snprintf(expected, sizeof(expected), "sync\nreboot %#x\n", (unsigned)RB_POWER_OFF);
	ASSERT_STREQ(calls, expected);
}

TEST(halts_when_the_kernel_refuses)
{
	char calls[128] = "";
	int fd, status;
	pid_t pid;

	refuse_reboot = true;
	pid = power_off_child(&fd);
	read_calls(fd, calls, sizeof(calls));
	ASSERT(strstr(calls, "reboot"));
	/* a while after the refusal it is still there, halted */
	usleep(300 * 1000);
	ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0);
	ASSERT_EQ(kill(pid, SIGKILL), 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	close(fd);
	ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}
