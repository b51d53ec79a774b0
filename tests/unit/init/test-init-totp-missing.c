/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A machine that had a TOTP secret and finds none (TPM cleared, reset,
 * replaced, or the record removed): /init says the TPM was reset or
 * tampered with, and Enter means "no", so nobody enrols a secret for a
 * tampered machine by habit. A new machine still offers "yes". Without a
 * TPM, an enrolment that is attempted fails with a message on stderr:
 * that message is how the tests see whether one was attempted. */
#include "harness.h"
#include "init.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

struct run {
	char out[4096];
	char err[4096];
};

static void slurp(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	ASSERT(n >= 0);
	buf[n] = '\0';
}

/* Runs the offer with answer on stdin; stdout and stderr kept. */
static void offer(struct init_state *s, const char *statedir, const char *answer, struct run *ret)
{
	char in[] = "/tmp/heads-test-totp-in-XXXXXX", out[] = "/tmp/heads-test-totp-out-XXXXXX",
	     err[] = "/tmp/heads-test-totp-err-XXXXXX";
	int ifd = mkstemp(in), ofd = mkstemp(out), efd = mkstemp(err);
	int saved[3] = { dup(0), dup(1), dup(2) };

	ASSERT(ifd >= 0 && ofd >= 0 && efd >= 0 && saved[0] >= 0 && saved[1] >= 0 && saved[2] >= 0);
	ASSERT_EQ(write(ifd, answer, strlen(answer)), (ssize_t)strlen(answer));
	ASSERT_EQ(lseek(ifd, 0, SEEK_SET), 0);
	fflush(stdout);
	fflush(stderr);
	ASSERT(dup2(ifd, 0) == 0 && dup2(ofd, 1) == 1 && dup2(efd, 2) == 2);
	init_totp_offer(s, statedir);
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < 3; i++)
		ASSERT(dup2(saved[i], i) == i);
	slurp(ofd, ret->out, sizeof(ret->out));
	slurp(efd, ret->err, sizeof(ret->err));
	close(ifd);
	close(ofd);
	close(efd);
	unlink(in);
	unlink(out);
	unlink(err);
}

#define TAMPERED "The TPM was reset or tampered with"
#define ENROLL_TRIED "cannot be enrolled"

static void assert_warned_default_no(const struct run *r)
{
	ASSERT(strstr(r->out, "this machine had a TOTP secret, and the TPM no longer holds it"));
	ASSERT(strstr(r->out, TAMPERED));
	ASSERT(strstr(r->out, "Enrol a new TOTP secret anyway? [y/N] "));
	ASSERT(!strstr(r->out, "[Y/n]"));
}

/* /boot signed for a TPM that no longer vouches for it (its counter
 * gone): Enter declines. */
TEST(signed_boot_unvouched_enter_is_no)
{
	struct init_state s = { .tpm_unvouched = true };
	struct run r;

	offer(&s, "/nonexistent", "\n", &r);
	assert_warned_default_no(&r);
	ASSERT(!strstr(r.err, ENROLL_TRIED));
}

/* The snapshot a TOTP enrolment left in /boot/heads is evidence too. */
TEST(enrolment_snapshot_enter_is_no)
{
	char dir[] = "/tmp/heads-test-state-XXXXXX", path[64];
	struct init_state s = { 0 };
	struct run r;
	int fd;

	ASSERT(mkdtemp(dir));
	ASSERT(snprintf(path, sizeof(path), "%s/totp.eventlog", dir) < (int)sizeof(path));
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	ASSERT(fd >= 0);
	close(fd);
	ASSERT(init_totp_had_secret(&s, dir));
	offer(&s, dir, "\n", &r);
	unlink(path);
	rmdir(dir);
	assert_warned_default_no(&r);
	ASSERT(!strstr(r.err, ENROLL_TRIED));
}

/* Answering "y" does enrol: the owner may have reset the TPM. */
TEST(had_secret_yes_enrols)
{
	struct init_state s = { .tpm_unvouched = true };
	struct run r;

	offer(&s, "/nonexistent", "y\n", &r);
	assert_warned_default_no(&r);
	ASSERT(strstr(r.err, ENROLL_TRIED));
}

/* A new machine: no evidence, the offer defaults to yes, no warning. */
TEST(new_machine_enter_is_yes)
{
	struct init_state s = { 0 };
	struct run r;

	ASSERT(!init_totp_had_secret(&s, "/nonexistent"));
	offer(&s, "/nonexistent", "\n", &r);
	ASSERT(strstr(r.out, "No TOTP secret is enrolled in this TPM. Enrol one now? [Y/n] "));
	ASSERT(!strstr(r.out, TAMPERED));
	ASSERT(strstr(r.err, ENROLL_TRIED));
}
