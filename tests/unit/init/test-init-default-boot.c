/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Booting needs a verified /boot: without one, the default boot and the
 * boot menu refuse, say so, and release nothing: no kexec, no reboot, and
 * PCR 4 not capped (capping is the step just before the kernel is loaded;
 * without a TPM it is only recorded in the state).
 *
 * The traps: syscall() (for kexec_file_load(2)) and reboot() defined
 * here, in the test program, are the definitions the static library's
 * calls bind to at link time (the executable's own symbols come before
 * libc's), so no LD_PRELOAD is needed. They record the call and load or
 * reboot nothing; other syscall numbers go on to libc's syscall(). */
#include "harness.h"
#include "init.h"
#include "syscall-trap.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static int kexec_calls, reboot_calls;

static bool trap_syscall(long number, const long a[6], long *ret)
{
	(void)a;
	if (number != SYS_kexec_file_load)
		return false;
	kexec_calls++;
	errno = EPERM;
	*ret = -1;
	return true;
}

int reboot(int howto)
{
	(void)howto;
	reboot_calls++;
	return errno = EPERM, -1;
}

/* Runs fn(s) with stdout and stdin on files; returns what it printed. */
static char *run(void (*fn)(struct init_state *), struct init_state *s)
{
	char out[] = "/tmp/heads-test-boot-out-XXXXXX", in[] = "/tmp/heads-test-boot-in-XXXXXX";
	int ofd = mkstemp(out), ifd = mkstemp(in), saved_out = dup(1), saved_in = dup(0);
	char *buf = calloc(1, 4096);
	ssize_t n;

	ASSERT(ofd >= 0 && ifd >= 0 && saved_out >= 0 && saved_in >= 0 && buf);
	/* an answer to a boot menu that should never be asked */
	ASSERT_EQ(write(ifd, "0\n", 2), 2);
	ASSERT_EQ(lseek(ifd, 0, SEEK_SET), 0);
	fflush(stdout);
	ASSERT(dup2(ofd, 1) == 1 && dup2(ifd, 0) == 0);
	fn(s);
	fflush(stdout);
	ASSERT(dup2(saved_out, 1) == 1 && dup2(saved_in, 0) == 0);
	n = pread(ofd, buf, 4095, 0);
	ASSERT(n >= 0);
	/* the answer was left unread */
	ASSERT_EQ(lseek(ifd, 0, SEEK_CUR), 0);
	close(ofd);
	close(ifd);
	close(saved_out);
	close(saved_in);
	unlink(out);
	unlink(in);
	return buf;
}

static void assert_refused(const char *out, const struct init_state *s)
{
	ASSERT(strstr(out, "Refusing to boot: no secret was released."));
	ASSERT(!strstr(out, "Booting"));
	ASSERT_EQ(kexec_calls, 0);
	ASSERT_EQ(reboot_calls, 0);
	ASSERT(!s->pcr4_capped);
}

TEST(default_boot_without_boot)
{
	struct init_state s = { 0 };
	char *out = run(init_default_boot, &s);

	assert_refused(out, &s);
	free(out);
}

/* A stale "verified" does not stand in for a /boot that is not there. */
TEST(default_boot_without_boot_marked_verified)
{
	struct init_state s = { .boot_verified = true };
	char *out = run(init_default_boot, &s);

	assert_refused(out, &s);
	free(out);
}

TEST(boot_menu_without_boot)
{
	struct init_state s = { .boot_verified = true };
	char *out = run(init_boot_menu, &s);

	assert_refused(out, &s);
	ASSERT(!strstr(out, "Entry to boot"));
	free(out);
}
