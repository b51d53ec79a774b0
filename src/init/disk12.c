/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk unlock key at the console on a TPM 1.2 (disk-key12.h): the
 * same enrolment and unsealing as on a TPM 2.0, with the same words; the
 * sealed key lives in /boot/heads. */
#include "disk-key12.h"
#include "errors.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"

#include <stdio.h>
#include <unistd.h>

#define TRIES 3

static int ask(const char *prompt, int confirm, char *buf)
{
	fflush(stdout);
	return passphrase_read_fd(STDIN_FILENO, prompt, confirm, buf);
}

/* The sealing step of the enrolment (init_disk_enroll asks, makes /boot
 * writable and keeps the pin for either TPM). */
int init_disk12_seal(struct init_state *s, const char *const *devs, size_t n, const char *luks,
		     const char *unlock)
{
	return disk12_enroll(s->tpm12, devs, n, INIT_STATE_DIR, INIT_RUNDIR, s->disk_pcrs, luks,
			     unlock);
}

static int try_once(struct init_state *s, struct secret *ret)
{
	const char *devs[DISK_VOLUMES_MAX];
	char pass[PASSPHRASE_MAX];
	size_t n = init_luks_devices(s, devs);
	int r = disk12_check_tries(s->tpm12);

	if (r >= 0) {
		double t0 = init_now();
		r = ask("Disk unlock passphrase (empty: boot without the disk key): ", 0, pass);
		s->waited += init_now() - t0;
	}
	if (r == -EINVAL)
		return -ECANCELED;
	if (r >= 0)
		r = disk12_unseal_volumes(s->tpm12, devs, n, INIT_STATE_DIR, INIT_RUNDIR, pass, ret,
					  &s->disk_uuids);
	explicit_bzero(pass, sizeof(pass));
	return r;
}

int init_disk12_unseal(struct init_state *s, struct secret *ret)
{
	int r = -ENOENT;

	s->disk_uuids.n = 0;
	if (!s->luks_n || disk12_enrolled(INIT_STATE_DIR) <= 0)
		return -ENOENT;
	if (s->pcr4_capped) {
		printf("A boot mode was recorded in PCR 4 in this boot: the TPM will not release the\n"
		       "disk key until the next reboot.\n");
		return -E_SEALED;
	}
	for (int i = 0; i < TRIES; i++) {
		r = try_once(s, ret);
		if (r != -E_PASSPHRASE)
			break;
	}
	fflush(stdout);
	return r;
}
