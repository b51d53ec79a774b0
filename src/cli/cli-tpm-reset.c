/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads tpm reset`: clears the TPM and makes the person its owner. */
#include "cli-pin.h"
#include "cli-tpm12-owner.h"
#include "cli.h"
#include "errors.h"
#include "exitcode.h"
#include "log.h"
#include "passphrase.h"
#include "reset.h"
#include "tpm12.h"

static const char reset_help[] =
	"Usage: heads tpm reset [--owner-passphrase-file F]\n"
	"Clears the TPM (TPM2_Clear: every key, secret and NV index of its owner goes,\n"
	"the TOTP secret, the disk key and the rollback counter with them), then takes\n"
	"ownership: the dictionary-attack parameters (10 wrong passphrases, one forgotten\n"
	"per hour), a new primary key, pinned in STATEDIR/primary-key, the owner\n"
	"authorization, derived from the owner passphrase, and a random lockout\n"
	"authorization that nobody keeps: from then on nobody can reset the count of\n"
	"wrong passphrases, and only the firmware can clear the TPM. The commands that\n"
	"enrol or sign ask for the owner passphrase (--owner-passphrase-file).\n"
	"The TPM is cleared through its platform hierarchy while that is open (in the\n"
	"firmware, before the OS or the recovery shell starts), else through its lockout\n"
	"hierarchy while nobody owns the TPM.\n"
	"On a TPM 1.2 (as the TPM reports itself): TPM_ForceClear under physical\n"
	"presence, or where the platform locked that, TPM_OwnerClear with the current\n"
	"owner passphrase (--old-owner-passphrase-file, or --well-known when the TPM was\n"
	"owned without one); then ownership with the new owner passphrase (its SHA-1 is\n"
	"the owner authorization), the SRK's public key readable and its hash pinned.\n\n"
	"  --owner-passphrase-file F      the new owner passphrase (default: ask twice)\n"
	"  --old-owner-passphrase-file F  TPM 1.2: the current owner passphrase (default: ask)\n"
	"  --well-known                   TPM 1.2: the current owner authorization is the\n"
	"                                 well-known one (no owner passphrase was set)\n" CLI_COMMON_HELP;

struct reset_args {
	const char *file;
	const char *old_file;
	bool well_known;
};

static int reset_option(int opt, const char *arg, void *data)
{
	struct reset_args *a = data;

	if (opt == 'N')
		a->file = arg;
	if (opt == 'O')
		a->old_file = arg;
	if (opt == 'W')
		a->well_known = true;
	return 0;
}

static int explain(int r)
{
	if (r == -EACCES)
		log_error(
			"The TPM is owned: its lockout authorization was discarded when it was reset,\n"
			"and the platform hierarchy is closed (the firmware closes it before the OS or\n"
			"its recovery shell runs). Reset it from the firmware's menu at the next boot.");
	else
		log_error_errno(r, "The TPM was not reset: %m");
	return r;
}

static int keep_pin(struct tpm *t)
{
	struct primary_pin p;
	char text[PRIMARY_PIN_TEXT_SIZE];
	int r = primary_pin_check(t, NULL, PRIMARY_PIN_STATED, cli_statedir(), &p);

	if (r >= 0)
		r = primary_pin_accept(t, &p, true);
	if (r >= 0)
		r = cli_pin_keep(&p);
	if (r < 0)
		return r;
	primary_pin_format(p.presented, text);
	printf("New TPM primary key, pinned in %s/%s: %s\n", cli_statedir(), PRIMARY_PIN_FILE, text);
	return 0;
}

static void say_done(const struct tpm_reset_result *res)
{
	printf("The TPM was cleared through its %s hierarchy (%u TPM commands) and is owned now:\n"
	       "the owner authorization comes from the owner passphrase, the lockout one was\n"
	       "random and is forgotten; the TPM allows %u wrong passphrases and forgets one\n"
	       "every %u minutes.\n"
	       "Its TOTP secret, disk key and rollback counter are gone: enrol them again\n"
	       "(heads totp enroll, heads disk enroll) and sign /boot (heads sign), each with\n"
	       "the owner passphrase.\n",
	       res->via == TPM_CLEAR_PLATFORM ? "platform" : "lockout", res->commands,
	       TPM_DA_MAX_TRIES, TPM_DA_INTERVAL_S / 60);
}

static int reset(const struct reset_args *a)
{
	_cleanup_tpm_ struct tpm *t = NULL;
	_cleanup_tpm12_ struct tpm12 *t12 = NULL;
	char pass[PASSPHRASE_MAX];
	struct tpm_reset_result res;
	int r = cli_tpm12_open(&t12);

	if (r > 0)
		return cli_tpm12_reset(t12, a->file, a->old_file, a->well_known);
	if (r >= 0)
		r = passphrase_read(a->file, "New TPM owner passphrase: ", 1, pass);

	if (r >= 0)
		r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0 && (r = tpm_reset(t, pass, &res)) < 0)
		explain(r);
	explicit_bzero(pass, sizeof(pass));
	if (r < 0)
		return r;
	say_done(&res);
	return keep_pin(t);
}

int cmd_tpm_reset(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "owner-passphrase-file", required_argument, NULL, 'N' },
		{ "old-owner-passphrase-file", required_argument, NULL, 'O' },
		{ "well-known", no_argument, NULL, 'W' },
		CLI_COMMON_OPTIONS,
		{ 0 }
	};
	struct reset_args a = { 0 };
	int r = cli_parse(argc, argv, "tpm reset", reset_help, opts, CLI_COMMON_SHORT, reset_option,
			  &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("tpm reset", "unexpected argument '%s'", argv[optind]);
	return exit_code_from_errno(reset(&a));
}
