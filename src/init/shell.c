/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recovery shell: PCR 4 is capped first, so nothing sealed to the
 * clean boot state unseals from the shell; busybox sh then runs on the
 * console as its controlling terminal, and /init waits for it. */
#include "init.h"
#include "log.h"
#include "strbuf.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#define SHELL "/bin/busybox"

/* The tty behind /dev/console (e.g. ttyS0), which can be a controlling tty. */
static void console_tty(char *buf, size_t size)
{
	char line[128] = "";
	_cleanup_fclose_ FILE *f = fopen("/sys/class/tty/console/active", "re");
	char *last;

	if (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		last = strrchr(line, ' ');
		if (strfmt(buf, size, "/dev/%s", last ? last + 1 : line) >= 0)
			return;
	}
	if (strfmt(buf, size, "/dev/console") < 0)
		log_warning("No room for the console's device name");
}

_Noreturn static void run_shell_child(void)
{
	char tty[160];
	int fd;

	console_tty(tty, sizeof(tty));
	setsid();
	fd = open(tty, O_RDWR);
	if (fd >= 0) {
		ioctl(fd, TIOCSCTTY, 1);
		for (int i = 0; i < 3; i++)
			dup2(fd, i);
		if (fd > 2)
			close(fd);
	}
	setenv("PATH", "/bin:/usr/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("PS1", "heads-recovery# ", 1);
	setenv("HEADS_RUNDIR", INIT_RUNDIR, 1);
	execl(SHELL, "sh", (char *)NULL);
	_exit(127);
}

int init_recovery_shell(struct init_state *s)
{
	pid_t pid;
	int r = init_cap_boot_mode(s, "recovery");

	if (r < 0 && s->tpm)
		return log_error_errno(r,
				       "Cannot record the recovery mode in PCR 4: the shell is not started.");
	printf("Recovery shell. PCR 4 now records \"recovery\": no secret unseals until the next boot.\n"
	       "Type 'exit' to return to the menu.\n");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return log_error_errno(errno, "Cannot start the shell: %m");
	if (pid == 0)
		run_shell_child();
	for (;;) {
		pid_t w = waitpid(-1, NULL, 0);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
	}
	return 0;
}
