/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk unlock key at the console: enrolment from the menu, and
 * unsealing before a boot (the owner's passphrase, at most three tries,
 * never pushing the TPM into lockout). */
#include "disk-seal.h"
#include "entry-luks.h"
#include "eventlog-file.h"
#include "exitcode.h"
#include "fileio.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"
#include "strbuf.h"
#include "unlock-failures.h"

#define TRIES 3

static int ask(const char *prompt, int confirm, char *buf)
{
	fflush(stdout);
	return passphrase_read_fd(STDIN_FILENO, prompt, confirm, buf);
}

size_t init_luks_devices(const struct init_state *s, const char **v)
{
	for (size_t i = 0; i < s->luks_n; i++)
		v[i] = s->luks_devs[i];
	return s->luks_n;
}

int init_volumes_to_enroll(struct init_state *s, const char **v, size_t *n)
{
	struct entry_luks named = { 0 };
	int r = init_default_luks(s, &named);

	*n = 0;
	if (r < 0 || named.n == 0) {
		*n = init_luks_devices(s, v);
		return 0;
	}
	for (size_t i = 0; i < named.n; i++) {
		const char *dev = init_luks_device(s, named.uuid[i]);
		if (!dev)
			return log_error_errno(ENODEV,
					       "The default boot entry opens LUKS volume %s, but no disk holds it.",
					       named.uuid[i]);
		v[(*n)++] = dev;
	}
	return 0;
}

static int enroll(struct init_state *s, const char *const *devs, size_t n, const char *luks,
		  const char *unlock, const struct primary_pin *pin)
{
	struct seal_paths p = { FIRMWARE_LOG_DEFAULT, INIT_RUNDIR, INIT_STATE_DIR };
	int w = init_boot_writable(s, true);
	int r = s->tpm12 ? init_disk12_seal(s, devs, n, luks, unlock) :
			   disk_enroll_planned(s->tpm, devs, n, luks, unlock, s->disk_pcrs, &p);

	if (r >= 0)
		init_primary_pin_keep(pin);
	if (w >= 0)
		(void)init_boot_writable(s, false);
	return r;
}

static void print_volumes(const char *const *devs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", devs[i]);
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

int init_disk_enroll(struct init_state *s)
{
	const char *devs[DISK_VOLUMES_MAX];
	size_t n = 0;
	int r;

	if ((!s->tpm && !s->tpm12) || !s->luks_n)
		return log_error_errno(ENODEV, "No disk key can be enrolled: %s.",
				       s->tpm || s->tpm12 ? "there is no LUKS encrypted disk" :
							    init_no_tpm(s));
	if (s->pcr4_capped)
		return log_error_errno(EPERM,
				       "A boot mode was recorded in PCR 4 in this boot: reboot, then enrol from the menu.");
	r = init_volumes_to_enroll(s, devs, &n);
	if (r >= 0 && s->tpm12)
		r = init_tpm12_own_at_first_use(s); /* sealing needs the SRK */
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

static int unseal(struct init_state *s, const struct disk_meta *m, const char *pass,
		  struct secret *ret)
{
	const char *devs[DISK_VOLUMES_MAX];

	(void)init_luks_devices(s, devs);
	return disk_unseal(s->tpm, m, devs, s->luks_n, INIT_RUNDIR, INIT_STATE_DIR, pass, ret,
			   &s->disk_uuids);
}

static int try_once(struct init_state *s, const struct disk_meta *m, struct da_state *da,
		    struct secret *ret)
{
	char pass[PASSPHRASE_MAX];
	int r = disk_check_tries(s->tpm, da);

	if (r >= 0) {
		double t0 = init_now();
		r = ask("Disk unlock passphrase (empty: boot without the disk key): ", 0, pass);
		s->waited += init_now() - t0;
	}
	if (r == -EINVAL)
		return -ECANCELED;
	if (r >= 0)
		r = unseal(s, m, pass, ret);
	if (r >= 0)
		init_drop_old_disk_state(s, m, ret, pass);
	explicit_bzero(pass, sizeof(pass));
	return r;
}

/* Wrong passphrases before this success, told before they are forgotten. */
static void say_failures(struct init_state *s, const struct da_state *da)
{
	struct disk_failures f;

	if (disk_failures_take(s->tpm, da, &f) >= 0)
		unlock_failures_print(stdout, &f);
}

int init_disk_unseal(struct init_state *s, struct secret *ret)
{
	struct disk_meta m;
	struct da_state da;
	int r = -ENOENT;

	if (s->tpm12)
		return init_disk12_unseal(s, ret);
	s->disk_uuids.n = 0;
	if (!s->tpm || !s->luks_n || disk_meta_read(s->tpm, &m) < 0)
		return -ENOENT;
	if (s->pcr4_capped) {
		printf("A boot mode was recorded in PCR 4 in this boot: the TPM will not release the\n"
		       "disk key until the next reboot.\n");
		return -E_SEALED;
	}
	for (int i = 0; i < TRIES; i++) {
		r = try_once(s, &m, &da, ret);
		if (r != -E_PASSPHRASE)
			break;
	}
	if (r >= 0)
		say_failures(s, &da);
	fflush(stdout);
	return r;
}

size_t init_disk_volumes(const struct init_state *s, const char **ret)
{
	/* Set only by a successful unseal, from the headers it measured. */
	for (size_t i = 0; i < s->disk_uuids.n; i++)
		ret[i] = s->disk_uuids.v[i];
	return s->disk_uuids.n;
}
