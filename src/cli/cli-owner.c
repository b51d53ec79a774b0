/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads owner reset`: the factory reset (flow/factory-reset.h), with the
 * words for a shell user. */
#include "cli.h"
#include "disk-key.h"
#include "errors.h"
#include "exitcode.h"
#include "factory-reset.h"
#include "log.h"
#include "passphrase.h"
#include "qr.h"
#include "strbuf.h"
#include "totp-tpm.h"

#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>

static const char reset_help[] =
	"Usage: heads owner reset BOOTDIR --flash SPEC --key-home DIR [--uid TEXT]\n"
	"                         [--disk DEVICE] [options]\n"
	"Makes the person at the terminal the machine's new owner, in one go: checks\n"
	"the flash, the event logs and the disk first, then clears the TPM and sets the\n"
	"owner passphrase (as 'heads tpm reset'), makes a new OpenPGP signing key in a\n"
	"new GnuPG home DIR (on the removable key disk; a home already there is moved\n"
	"to DIR.before-reset-TIME), writes its public key into the flash's CBFS as the\n"
	"owner keyring (" FACTORY_RESET_KEYRING "; everything else kept),\n"
	"signs BOOTDIR with it, and enrols a new TOTP secret and the disk key sealed to\n"
	"the PCR values of the next boot (PCR 7 computed from the new owner files).\n"
	"Reboot afterwards: the secrets work from the next boot on.\n\n"
	"  --flash SPEC               the running flash: file:PATH, mtd:/dev/mtdN or\n"
	"                             flashrom:PROGRAMMER\n"
	"  --key-home DIR             the GnuPG home to make the signing key in\n"
	"  --uid TEXT                 the key's user id (default: 'Owner <owner@HOST>')\n"
	"  --default-entry TEXT       the default boot entry to sign (default: none)\n"
	"  --label NAME               TOTP account name (default: host name)\n"
	"  --totp-pcrs LIST           PCRs the TOTP secret is sealed to (default " TOTP_DEFAULT_PCRS
	")\n"
	"  --no-qr                    print the TOTP URI without the QR code\n"
	"  --disk DEVICE              a LUKS volume to enrol the disk key into (default: none;\n"
	"                             once per volume for several)\n"
	"  --disk-pcrs LIST           PCRs the disk key is sealed to (default " DISK_DEFAULT_PCRS
	")\n"
	"  --owner-passphrase-file F  the new TPM owner passphrase (default: ask twice)\n"
	"  --key-passphrase-file F    the signing key's passphrase (default: ask twice)\n"
	"  --luks-passphrase-file F   an existing LUKS passphrase of DEVICE (default: ask)\n"
	"  --passphrase-file F        the new disk unlock passphrase (default: ask twice)\n" CLI_COMMON_HELP;

enum {
	OPT_FLASH = OPT_COMMON_LAST + 0x20,
	OPT_KEY_HOME,
	OPT_UID,
	OPT_DEFAULT,
	OPT_LABEL,
	OPT_TOTP_PCRS,
	OPT_NO_QR,
	OPT_DISK,
	OPT_DISK_PCRS,
	OPT_OWNER_FILE,
	OPT_KEY_FILE,
	OPT_LUKS_FILE,
	OPT_UNLOCK_FILE,
};

struct reset_args {
	struct factory_reset_options o;
	const char *key_home, *owner_file, *key_file, *luks_file, *unlock_file;
	const char *disks[DISK_VOLUMES_MAX];
	bool no_qr;
};

/* The passphrases, wiped when done. */
struct reset_secrets {
	char owner[PASSPHRASE_MAX], key[PASSPHRASE_MAX], luks[PASSPHRASE_MAX], unlock[PASSPHRASE_MAX];
};

static int pcrs_option(const char *arg, uint32_t *mask)
{
	if (pcr_list_parse(arg, mask) < 0)
		return cli_usage_error("owner reset", "invalid PCR list '%s' (numbers 0-23)", arg);
	return 0;
}

static int string_option(int opt, const char *arg, struct reset_args *a)
{
	const char **slot[] = {
		[OPT_FLASH - OPT_FLASH] = &a->o.flash,
		[OPT_KEY_HOME - OPT_FLASH] = &a->key_home,
		[OPT_UID - OPT_FLASH] = &a->o.key_uid,
		[OPT_DEFAULT - OPT_FLASH] = &a->o.default_entry,
		[OPT_LABEL - OPT_FLASH] = &a->o.totp_label,
		[OPT_OWNER_FILE - OPT_FLASH] = &a->owner_file,
		[OPT_KEY_FILE - OPT_FLASH] = &a->key_file,
		[OPT_LUKS_FILE - OPT_FLASH] = &a->luks_file,
		[OPT_UNLOCK_FILE - OPT_FLASH] = &a->unlock_file,
	};
	size_t i = (size_t)(opt - OPT_FLASH);

	if (opt < OPT_FLASH || i >= ELEMENTSOF(slot) || !slot[i])
		return EXIT_USAGE;
	*slot[i] = arg;
	return 0;
}

static int reset_option(int opt, const char *arg, void *data)
{
	struct reset_args *a = data;

	if (opt == OPT_TOTP_PCRS)
		return pcrs_option(arg, &a->o.totp_pcrs);
	if (opt == OPT_DISK_PCRS)
		return pcrs_option(arg, &a->o.disk_pcrs);
	if (opt == OPT_DISK)
		return cli_list_add("owner reset", "--disk", a->disks, &a->o.n_disks,
				    DISK_VOLUMES_MAX, arg);
	if (opt == OPT_NO_QR) {
		a->no_qr = true;
		return 0;
	}
	return string_option(opt, arg, a);
}

static int read_secrets(const struct reset_args *a, struct reset_secrets *s)
{
	int r = passphrase_read(a->owner_file, "New TPM owner passphrase: ", 1, s->owner);

	if (r >= 0)
		r = passphrase_read(a->key_file, "Passphrase of the new signing key: ", 1, s->key);
	if (r >= 0 && a->o.n_disks)
		r = passphrase_read(a->luks_file, "Existing LUKS passphrase: ", 0, s->luks);
	if (r >= 0 && a->o.n_disks)
		r = passphrase_read(a->unlock_file, "New disk unlock passphrase: ", 1, s->unlock);
	return r;
}

/* What is left as it was, and what to do, after a failed step. */
static const char *const after_failure[] = {
	[FACTORY_RESET_CHECK] = "Nothing was changed.",
	[FACTORY_RESET_TPM] = "Nothing was changed.",
	[FACTORY_RESET_KEY] =
		"The TPM was cleared and is owned (that cannot be undone); the flash and /boot\n"
		"are as they were. Run 'heads owner reset' again.",
	[FACTORY_RESET_FLASH] =
		"The TPM was cleared and the new key made; the flash still holds the old\n"
		"keyring, /boot is as it was. Run 'heads owner reset' again.",
	[FACTORY_RESET_SIGN] =
		"The flash holds the new key, but /boot is not signed with it: sign it with\n"
		"'heads sign BOOTDIR --gpg-homedir DIR', then enrol TOTP and the disk key.",
	[FACTORY_RESET_TOTP] =
		"The flash holds the new key and /boot is signed; no TOTP secret was enrolled:\n"
		"enrol one after the reboot ('heads totp enroll'), and the disk key.",
	[FACTORY_RESET_DISK] =
		"The flash holds the new key, /boot is signed and TOTP enrolled; the disk key\n"
		"was not enrolled: enrol it after the reboot ('heads disk enroll').",
};

static int explain(int r, const struct factory_reset_options *o,
		   const struct factory_reset_result *res)
{
	if (r == -EACCES && res->reached == FACTORY_RESET_TPM)
		log_error("The TPM is owned and its platform hierarchy is closed: reset it from the\n"
			  "firmware's menu at the next boot.");
	else if (r == -E_PASSPHRASE && res->reached == FACTORY_RESET_CHECK)
		log_error("The LUKS passphrase does not open %s.",
			  o->n_disks > 1 ? "every disk volume given" : o->disks[0]);
	else
		log_error_errno(r, "The factory reset stopped: %m");
	log_error("%s", after_failure[res->reached]);
	return r;
}

static void say_done(const struct factory_reset_options *o, const struct factory_reset_result *res,
		     bool qr)
{
	char pin[PRIMARY_PIN_TEXT_SIZE], pcr7[2 * PCR_DIGEST_SIZE + 1];

	primary_pin_format(res->pin.presented, pin);
	for (size_t i = 0; i < PCR_DIGEST_SIZE; i++)
		sprintf(pcr7 + 2 * i, "%02x", res->pcr7[i]);
	printf("The TPM was cleared and is owned now (%u TPM commands); new primary key %s.\n",
	       res->tpm.commands, pin);
	if (res->previous_home[0])
		printf("The previous GnuPG home was moved to %s.\n", res->previous_home);
	printf("New signing key %s, written into the flash %s as the owner keyring.\n", res->key_id,
	       o->flash);
	printf("Signed %zu files; rollback counter %" PRIu64 ".\n", res->n_files, res->counter);
	printf("TOTP secret and %s sealed to the next boot (PCR 7 will be %s).\n",
	       o->n_disks ? "disk key" : "no disk key", pcr7);
	printf("Scan this with your phone's authenticator app, or type the URI in:\n\n");
	if (qr)
		qr_print(stdout, (const char *)res->totp_uri.buf);
	printf("%s\n\nReboot now: the new owner's machine starts with the next boot.\n",
	       (const char *)res->totp_uri.buf);
}

static int reset_with(struct reset_args *a, const char *bootdir, struct reset_secrets *s)
{
	_cleanup_(factory_reset_result_done) struct factory_reset_result res = { 0 };
	_cleanup_close_ int root = open(bootdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_tpm_ struct tpm *t = NULL;
	struct manifest_fs fs = { 0 };
	struct owner_key key;
	int r = root < 0 ? log_error_errno(errno, "Cannot open BOOTDIR %s: %m", bootdir) :
			   cli_boot_fs(root, bootdir, &fs);

	if (r >= 0)
		r = owner_key_gpg_init(&key, a->key_home);
	if (r >= 0)
		r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r < 0)
		return r;
	a->o.owner_passphrase = s->owner;
	a->o.key_passphrase = s->key;
	a->o.luks_passphrase = s->luks;
	a->o.unlock_passphrase = s->unlock;
	a->o.key = &key;
	a->o.boot_fd = root;
	a->o.boot_fs = &fs;
	a->o.paths = (struct seal_paths){ cli_firmware_log(), cli_rundir(), cli_statedir(), NULL };
	r = factory_reset(t, &a->o, &res);
	if (r < 0)
		return explain(r, &a->o, &res);
	say_done(&a->o, &res, !a->no_qr);
	return 0;
}

static int reset(struct reset_args *a, const char *bootdir)
{
	struct reset_secrets s = { 0 };
	char host[HOST_NAME_MAX + 1] = "heads", uid[HOST_NAME_MAX + 32];
	int r;

	if (gethostname(host, sizeof(host)) < 0)
		strcpy(host, "heads");
	if (!a->o.totp_label)
		a->o.totp_label = host;
	if (!a->o.key_uid && strfmt(uid, sizeof(uid), "Owner <owner@%s>", host) >= 0)
		a->o.key_uid = uid;
	r = read_secrets(a, &s);
	if (r >= 0)
		r = reset_with(a, bootdir, &s);
	explicit_bzero(&s, sizeof(s));
	return r;
}

static int check_args(const struct reset_args *a, int argc, char **argv)
{
	if (optind == argc)
		return cli_usage_error("owner reset", "missing BOOTDIR");
	if (optind + 1 != argc)
		return cli_usage_error("owner reset", "unexpected argument '%s'", argv[optind + 1]);
	if (!a->o.flash)
		return cli_usage_error("owner reset", "give the flash to write (--flash SPEC)");
	if (!a->key_home)
		return cli_usage_error("owner reset",
				       "give the GnuPG home for the new key (--key-home DIR)");
	return 0;
}

int cmd_owner_reset(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "flash", required_argument, NULL, OPT_FLASH },
		{ "key-home", required_argument, NULL, OPT_KEY_HOME },
		{ "uid", required_argument, NULL, OPT_UID },
		{ "default-entry", required_argument, NULL, OPT_DEFAULT },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "totp-pcrs", required_argument, NULL, OPT_TOTP_PCRS },
		{ "no-qr", no_argument, NULL, OPT_NO_QR },
		{ "disk", required_argument, NULL, OPT_DISK },
		{ "disk-pcrs", required_argument, NULL, OPT_DISK_PCRS },
		{ "owner-passphrase-file", required_argument, NULL, OPT_OWNER_FILE },
		{ "key-passphrase-file", required_argument, NULL, OPT_KEY_FILE },
		{ "luks-passphrase-file", required_argument, NULL, OPT_LUKS_FILE },
		{ "passphrase-file", required_argument, NULL, OPT_UNLOCK_FILE },
		CLI_COMMON_OPTIONS,
		{ 0 }
	};
	struct reset_args a = { .o = { .totp_pcrs = 0, .disk_pcrs = 0 } };
	int r = pcr_list_parse(TOTP_DEFAULT_PCRS, &a.o.totp_pcrs);

	a.o.disks = a.disks;

	if (r >= 0)
		r = pcr_list_parse(DISK_DEFAULT_PCRS, &a.o.disk_pcrs);
	if (r < 0)
		return EXIT_FAILURE;
	r = cli_parse(argc, argv, "owner reset", reset_help, opts, CLI_COMMON_SHORT, reset_option,
		      &a);
	if (r >= 0)
		return r;
	r = check_args(&a, argc, argv);
	if (r)
		return r;
	return exit_code_from_errno(reset(&a, argv[optind]));
}
