/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads tpm own` and the TPM 1.2 branch of `heads tpm reset`: the owner
 * authorization is SHA-1 of the owner passphrase; the SRK's public key
 * stays readable, and its hash is the pin kept in STATEDIR/primary-key. */
#include "cli-pin.h"
#include "cli-tpm12-owner.h"
#include "cli.h"
#include "errors.h"
#include "exitcode.h"
#include "log.h"
#include "passphrase.h"
#include "tpm12-da.h"
#include "tpm12-own.h"
#include "tpm12-reset.h"
#include "tpm12-session.h"
#include "tpm12-srkpin.h"
#include "tpm12.h"

static int keep_pin(struct tpm12 *t)
{
	struct primary_pin p = { .state = PRIMARY_PIN_FIRST };
	char text[PRIMARY_PIN_TEXT_SIZE];
	int r = tpm12_srk_pin(t, p.presented);

	if (r >= 0)
		r = cli_pin_keep(&p);
	if (r < 0)
		return log_error_errno(r, "Cannot keep the TPM's SRK pin: %m");
	primary_pin_format(p.presented, text);
	printf("The TPM's storage root key, pinned in %s/%s: %s\n", cli_statedir(),
	       PRIMARY_PIN_FILE, text);
	return 0;
}

static int new_owner(const char *file, uint8_t auth[20])
{
	char pass[PASSPHRASE_MAX];
	int r = passphrase_read(file, "New TPM owner passphrase: ", 1, pass);

	if (r >= 0)
		tpm12_auth_from_passphrase(pass, auth);
	explicit_bzero(pass, sizeof(pass));
	return r;
}

static int explain_owner(struct tpm12 *t, int r)
{
	struct tpm12_da d;
	int left;

	if (r == -E_PASSPHRASE) {
		left = tpm12_da_read(t, &d) < 0 ? -1 : tpm12_da_tries_left(&d);
		if (left >= 0)
			return log_error_errno(r,
					       "Wrong TPM owner passphrase; nothing was changed. The TPM allows %d more %s before it locks out.",
					       left, left == 1 ? "try" : "tries");
		return log_error_errno(r, "Wrong TPM owner passphrase; nothing was changed.");
	}
	if (r == -ENXIO)
		return log_error_errno(r,
				       "The TPM is disabled or deactivated: enable it in the firmware setup, then run 'heads tpm own'.");
	if (r == -EBUSY)
		return log_error_errno(r,
				       "The TPM is locked out after too many wrong passphrases; try again later.");
	return log_error_errno(r, "The TPM was not reset: %m");
}

/* Where physical presence is locked: the current owner's authorization. */
static int old_owner(const char *file, bool well_known, uint8_t auth[20])
{
	char pass[PASSPHRASE_MAX];
	int r;

	if (well_known) {
		tpm12_auth_from_passphrase(NULL, auth);
		return 0;
	}
	printf("Physical presence is locked on this machine: the TPM is cleared with its\n"
	       "current owner passphrase.\n");
	r = passphrase_read(file, "Current TPM owner passphrase: ", 0, pass);
	if (r >= 0)
		tpm12_auth_from_passphrase(pass, auth);
	explicit_bzero(pass, sizeof(pass));
	return r;
}

static void say_reset(enum tpm12_clear_via via)
{
	static const char *const how[] = {
		[TPM12_CLEAR_NONE] = "had no owner",
		[TPM12_CLEAR_OWNER] = "was cleared by its owner (TPM_OwnerClear)",
		[TPM12_CLEAR_FORCE] = "was cleared under physical presence (TPM_ForceClear)",
	};

	printf("The TPM 1.2 %s and is owned now: the owner authorization comes from the\n"
	       "owner passphrase. Its TOTP secret, disk key and rollback counter are gone:\n"
	       "enrol them again (heads totp enroll, heads disk enroll) and sign /boot\n"
	       "(heads sign).\n",
	       how[via]);
}

int cli_tpm12_reset(struct tpm12 *t, const char *new_file, const char *old_file, bool well_known)
{
	enum tpm12_clear_via via = TPM12_CLEAR_NONE;
	uint8_t new_auth[20], old_auth[20];
	int r = new_owner(new_file, new_auth);

	if (r >= 0)
		r = tpm12_reset(t, NULL, new_auth, &via);
	if (r == -EPERM) {
		r = old_owner(old_file, well_known, old_auth);
		if (r >= 0)
			r = tpm12_reset(t, old_auth, new_auth, &via);
		explicit_bzero(old_auth, sizeof(old_auth));
	}
	explicit_bzero(new_auth, sizeof(new_auth));
	if (r < 0)
		return explain_owner(t, r);
	say_reset(via);
	return keep_pin(t);
}

static const char own_help[] =
	"Usage: heads tpm own [--owner-passphrase-file F]\n"
	"Takes ownership of a TPM 1.2 that has no owner: the owner authorization is the\n"
	"SHA-1 of the owner passphrase, the storage root key's authorization the\n"
	"well-known one, and the SRK's public key stays readable without the owner; its\n"
	"SHA-256 is pinned in STATEDIR/primary-key. A TPM that has an owner is left\n"
	"alone (heads tpm reset clears it first). A TPM 2.0 needs no such step.\n\n"
	"  --owner-passphrase-file F  the owner passphrase (default: ask twice)\n" CLI_COMMON_HELP;

static int own_option(int opt, const char *arg, void *data)
{
	const char **file = data;

	if (opt == 'N')
		*file = arg;
	return 0;
}

static int own(const char *file)
{
	_cleanup_tpm12_ struct tpm12 *t = NULL;
	uint8_t auth[20];
	int r = cli_tpm12_open(&t);

	if (r == 0)
		return log_error_errno(EOPNOTSUPP,
				       "The TPM is not a TPM 1.2: a TPM 2.0 gets its owner passphrase with 'heads tpm reset'.");
	if (r >= 0)
		r = new_owner(file, auth);
	if (r >= 0)
		r = tpm12_own(t, auth);
	explicit_bzero(auth, sizeof(auth));
	if (r == -EEXIST)
		return log_error_errno(r,
				       "The TPM 1.2 has an owner already; 'heads tpm reset' clears it and sets a new one.");
	if (r < 0)
		return explain_owner(t, r);
	printf("The TPM 1.2 is owned now: the owner authorization comes from the owner passphrase.\n");
	return keep_pin(t);
}

int cmd_tpm_own(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "owner-passphrase-file", required_argument, NULL, 'N' }, CLI_COMMON_OPTIONS, { 0 }
	};
	const char *file = NULL;
	int r = cli_parse(argc, argv, "tpm own", own_help, opts, CLI_COMMON_SHORT, own_option, &file);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("tpm own", "unexpected argument '%s'", argv[optind]);
	return exit_code_from_errno(own(file));
}
