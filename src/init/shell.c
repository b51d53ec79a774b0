/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recovery shell: PCR 4 is capped first, so nothing sealed to the
 * clean boot state unseals from the shell (without a TPM to cap, only
 * once the owner has been told and agreed); busybox sh then runs on the
 * console as its controlling terminal, and /init waits for it. When it
 * exits, whatever it left running is stopped, and /boot counts as
 * unverified until it is verified again. */
#include "console.h"
#include "hierarchy.h"
#include "init.h"
#include "log.h"
#include "procs.h"
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

/* Without a TPM, PCR 4 cannot record the recovery mode: should the TPM
 * answer later in this boot (a driver loaded, a bus that recovers), what
 * is sealed to this machine's clean state could be unsealed from the
 * shell. The owner decides, told so plainly. */
static bool confirm_without_cap(const struct init_state *s)
{
	printf("WARNING: %s, so PCR 4 cannot be capped.\n", init_no_tpm(s));
	printf("Nothing sealed to this machine (the TOTP secret, the disk key) can be\n"
	       "protected in this boot: if the TPM answers later, the shell could unseal it.\n");
	return ui_confirm("Start the recovery shell anyway?", false);
}

static int cap_or_confirm(struct init_state *s)
{
	int r;

	if (!s->tpm && !s->tpm12) {
		if (!confirm_without_cap(s)) {
			printf("The recovery shell was not started.\n");
			return -ECANCELED;
		}
		return 0;
	}
	r = init_cap_boot_mode(s, "recovery");
	if (r < 0)
		return log_error_errno(r,
				       "Cannot record the recovery mode in PCR 4: the shell is not started.");
	printf("Recovery shell. PCR 4 now records \"recovery\": no secret unseals until the next boot.\n");
	/* The shell may be anyone at the console: it gets no more of the TPM
	 * than the OS would (no clear, no erasing the firmware's record of
	 * wrong passphrases). */
	if (s->tpm && tpm_platform_close(s->tpm) < 0)
		printf("WARNING: the TPM's platform hierarchy stays open: the shell could clear the TPM.\n");
	return 0;
}

static void wait_shell(pid_t pid)
{
	for (;;) {
		pid_t w = waitpid(-1, NULL, 0);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
	}
}

/* What the shell may have changed: its processes are stopped, and /boot
 * (and the TPM's counter) must be read and verified again. */
static void after_shell(struct init_state *s, pid_t shell)
{
	int n = procs_stop_leftovers("/proc", getpid(), getpid() == 1, shell);

	if (n > 0)
		printf("Stopped %d process%s left running by the shell.\n", n, n == 1 ? "" : "es");
	s->boot_verified = false;
	free(s->default_entry);
	s->default_entry = NULL;
	s->have_tpm_facts = false;
	printf("/boot will be verified again before it boots.\n");
}

/* /init talks to the TPM's own device (a TPM 1.2 has no other, a 2.0 see
 * init_tpm_tcti), which opens once at a time and keeps what /init loaded:
 * the shell's commands get the TPM, with nothing of /init's left in it,
 * while the shell runs, and /init takes it back after. */
enum lent { LENT_NONE, LENT_TPM2, LENT_TPM12 };

static enum lent tpm_lend(struct init_state *s)
{
	enum lent lent = s->tpm12 ? LENT_TPM12 : s->tpm ? LENT_TPM2 : LENT_NONE;

	tpm12_close(s->tpm12);
	tpm_close(s->tpm);
	s->tpm12 = NULL;
	s->tpm = NULL;
	return lent;
}

static void tpm_take_back(struct init_state *s, enum lent lent)
{
	int r = 0;

	if (lent == LENT_TPM12)
		r = tpm12_open(TPM12_DEFAULT_SPEC, &s->tpm12);
	else if (lent == LENT_TPM2)
		r = tpm_open(init_tpm_tcti(), &s->tpm);
	if (r < 0) {
		s->tpm12 = NULL;
		s->tpm = NULL;
		s->no_tpm = "the TPM cannot be reached";
		log_error_errno(r, "Cannot open the TPM again after the shell: %m");
	}
}

int init_recovery_shell(struct init_state *s)
{
	enum lent lent;
	pid_t pid;
	int r = cap_or_confirm(s);

	if (r < 0)
		return r;
	printf("Type 'exit' to return to the menu.\n");
	fflush(stdout);
	lent = tpm_lend(s);
	pid = fork();
	if (pid < 0)
		r = log_error_errno(errno, "Cannot start the shell: %m");
	else if (pid == 0)
		run_shell_child();
	else
		wait_shell(pid);
	tpm_take_back(s, lent);
	if (pid > 0)
		after_shell(s, pid);
	return r;
}
