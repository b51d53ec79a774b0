/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk unlock key at the console on a TPM 1.2 (disk-key12.h): the
 * same enrolment and unsealing as on a TPM 2.0, with the same words; the
 * sealed key lives in /boot/heads. */
#include "disk-key12.h"
#include "errors.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"
#include "tpm12-own.h"
#include "tpm12-session.h"

#include <stdio.h>
#include <unistd.h>

#define TRIES 3

static int ask(const char *prompt, int confirm, char *buf)
{
	fflush(stdout);
	return passphrase_read_fd(STDIN_FILENO, prompt, confirm, buf);
}

static void print_volumes(const char *const *devs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", devs[i]);
}

/* Sealing needs the SRK, and the pin is its public key: a new TPM is
 * owned first, with the well-known owner secret. */
static int own_at_first_use(struct init_state *s)
{
	bool owned = false;
	int r = tpm12_owned(s->tpm12, &owned);

	if (r < 0 || owned)
		return r;
	r = tpm12_own(s->tpm12, tpm12_well_known_auth);
	if (r == -EEXIST)
		return 0;
	if (r < 0)
		return r;
	printf("The TPM 1.2 had no owner: it is owned now with the well-known owner secret.\n"
	       "Choose an owner passphrase with the menu's TPM reset.\n");
	return 0;
}

/* /boot is writable for the sealed key and the pin only. */
static int enroll(struct init_state *s, const char *const *devs, size_t n, const char *luks,
		  const char *unlock, const struct primary_pin *pin)
{
	int w = init_boot_writable(s, true);
	int r = disk12_enroll(s->tpm12, devs, n, INIT_STATE_DIR, INIT_RUNDIR, s->disk_pcrs, luks,
			      unlock);

	if (r >= 0)
		init_primary_pin_keep(pin);
	if (w >= 0)
		(void)init_boot_writable(s, false);
	return r;
}

static int ask_and_enroll(struct init_state *s, const char *const *devs, size_t n)
{
	char luks[PASSPHRASE_MAX], unlock[PASSPHRASE_MAX];
	struct primary_pin pin;
	int r = init_primary_pin(s, &pin);

	if (r < 0)
		return r;
	r = ask(n > 1 ? "Current LUKS passphrase (the same for every volume): " :
			"Current LUKS passphrase of the disk: ",
		0, luks);
	if (r >= 0)
		r = ask("New disk unlock passphrase: ", 1, unlock);
	if (r >= 0) {
		printf("Sealing the disk key in the TPM...\n");
		fflush(stdout);
		r = enroll(s, devs, n, luks, unlock, &pin);
	}
	explicit_bzero(luks, sizeof(luks));
	explicit_bzero(unlock, sizeof(unlock));
	return r;
}

int init_disk12_enroll(struct init_state *s)
{
	const char *devs[DISK_VOLUMES_MAX];
	size_t n = 0;
	int r;

	if (!s->luks_n)
		return log_error_errno(ENODEV,
				       "No disk key can be enrolled: there is no LUKS encrypted disk.");
	if (s->pcr4_capped)
		return log_error_errno(EPERM,
				       "A boot mode was recorded in PCR 4 in this boot: reboot, then enrol from the menu.");
	r = init_volumes_to_enroll(s, devs, &n);
	if (r >= 0)
		r = own_at_first_use(s);
	if (r < 0)
		return log_error_errno(r, "The disk key was not enrolled: %m");
	printf("Enrolling a disk unlock key for ");
	print_volumes(devs, n);
	printf(": a new LUKS key, sealed in the TPM to this\n"
	       "firmware state and released only with the passphrase you choose now.\n");
	r = ask_and_enroll(s, devs, n);
	if (r < 0)
		return log_error_errno(r, "The disk key was not enrolled: %m");
	printf("Disk unlock key enrolled for ");
	print_volumes(devs, n);
	printf(".\n");
	return 0;
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
