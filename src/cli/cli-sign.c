/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads sign BOOTDIR`: manifest, detached signature, rollback counter. */
#include "cli.h"
#include "cli-manifest12.h"
#include "cli-pin.h"
#include "exitcode.h"
#include "log.h"
#include "manifest-sign.h"
#include "tpm12.h"

#include <fcntl.h>
#include <inttypes.h>

static const char sign_help[] =
	"Usage: heads sign BOOTDIR [--gpg-homedir DIR] [--key ID] [--keyring FILE]\n"
	"                  [--default-entry TEXT] [--no-fs-pin] [--primary-key sha256:HEX]\n"
	"                  [--accept-new-primary]\n"
	"Lists every file, directory and symlink below BOOTDIR (path, type, permissions,\n"
	"size, SHA-256, symlink target) in BOOTDIR/heads/manifest, together with a new\n"
	"value of the TPM rollback counter, the hash of the TPM primary key and, when\n"
	"BOOTDIR is the root of a file system on a block device, that file system's UUID\n"
	"and its partition's UUID (the pin: /init then mounts only that file system as\n"
	"/boot), signs it with gpg (a key file or an\n"
	"OpenPGP smartcard) into BOOTDIR/heads/manifest.sig, and advances the counter, so\n"
	"that every earlier signed state of BOOTDIR is refused from now on. Every write is\n"
	"atomic: after a power cut, either the old or the new signed state verifies.\n"
	"The primary key recorded is the pinned one (see --primary-key). On a TPM 1.2\n"
	"the counter is its monotonic counter HDRB (created with the owner passphrase:\n"
	"--owner-passphrase-file, else the well-known secret, else asked) and the pin is\n"
	"the SHA-256 of its SRK's public key.\n\n"
	"  --gpg-homedir DIR     gpg's home directory (default: $GNUPGHOME, ~/.gnupg)\n"
	"  --key ID              the signing key (default: gpg's default key)\n"
	"  --keyring FILE        the owner's public keyring: the current manifest's default\n"
	"                        boot entry is kept only when that manifest verifies against\n"
	"                        it (signature and rollback counter)\n"
	"  --default-entry TEXT  the default boot entry to record ('' for none; default:\n"
	"                        the verified current manifest's, else none)\n"
	"  --no-fs-pin           record no file system (a directory to be copied elsewhere)\n"
	"The default boot entry recorded is printed.\n" CLI_PIN_HELP CLI_COMMON_HELP;

enum { OPT_GPG_HOMEDIR = OPT_COMMON_LAST, OPT_KEY, OPT_KEYRING, OPT_DEFAULT_ENTRY, OPT_NO_FS_PIN };

struct sign_args {
	struct manifest_sign_options o;
	struct cli_pin_args pin;
	bool no_fs_pin;
};

static int sign_option(int opt, const char *arg, void *data)
{
	struct sign_args *a = data;
	struct manifest_sign_options *o = &a->o;
	int r = cli_pin_option(opt, arg, "sign", &a->pin);

	if (r)
		return r == 1 ? 0 : r;
	switch (opt) {
	case OPT_GPG_HOMEDIR:
		o->gpg.homedir = arg;
		return 0;
	case OPT_KEY:
		o->gpg.key = arg;
		return 0;
	case OPT_KEYRING:
		o->keyring = arg;
		return 0;
	case OPT_DEFAULT_ENTRY:
		o->default_entry = arg;
		o->set_default = true;
		return 0;
	case OPT_NO_FS_PIN:
		a->no_fs_pin = true;
		return 0;
	default:
		return EXIT_USAGE;
	}
}

static void print_pin(const char *bootdir, const struct sign_args *a, const struct manifest_fs *fs)
{
	if (manifest_fs_pinned(fs))
		printf("Pinned to the file system of %s: UUID %s, partition UUID %s.\n", bootdir,
		       fs->uuid, fs->partuuid[0] ? fs->partuuid : "none");
	else if (a->no_fs_pin)
		printf("--no-fs-pin: no file system recorded.\n");
	else
		printf("%s is not the root of a file system on a block device: no file system recorded.\n",
		       bootdir);
}

static void print_default(const struct manifest_default *d)
{
	switch (d->source) {
	case MANIFEST_DEFAULT_GIVEN:
	case MANIFEST_DEFAULT_KEPT:
		printf("Default boot entry: %s\n", d->title);
		break;
	case MANIFEST_DEFAULT_NONE:
	case MANIFEST_DEFAULT_NO_MANIFEST:
		printf("Default boot entry: none\n");
		break;
	case MANIFEST_DEFAULT_NO_KEYRING:
		printf("Default boot entry: none (the current manifest's is kept only when it verifies:\n"
		       "give --keyring FILE, or name one with --default-entry TEXT)\n");
		break;
	case MANIFEST_DEFAULT_UNVERIFIED:
		printf("Default boot entry: none (the current manifest does not verify against the\n"
		       "keyring: %s; its default was not carried over)\n",
		       manifest_default_unverified_reason(d));
		break;
	}
}

/* The pin is kept before the tree is hashed: in the default state
 * directory (BOOTDIR/heads) the manifest lists it. */
static int sign(const char *bootdir, struct sign_args *a)
{
	struct primary_pin pin;
	_cleanup_close_ int root = open(bootdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_tpm_ struct tpm *t = NULL;
	_cleanup_tpm12_ struct tpm12 *t12 = NULL;
	struct manifest_binder binder;
	struct manifest_sign_result res = { 0 };
	struct manifest_fs fs = { 0 };
	int r;

	if (root < 0)
		return log_error_errno(errno == ENOENT || errno == ENOTDIR ? EINVAL : errno,
				       "Cannot open BOOTDIR %s: %m", bootdir);
	r = a->no_fs_pin ? 0 : cli_boot_fs(root, bootdir, &fs);
	if (r < 0)
		return r;
	a->o.fs = &fs;
	r = cli_tpm12_open(&t12);
	if (r > 0) {
		r = cli_sign12_binder(t12, &a->pin, &binder);
		a->o.binder = &binder;
	} else if (r >= 0) {
		r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
		if (r >= 0)
			r = cli_pin_settle(t, &a->pin, &pin);
		if (r >= 0)
			r = cli_pin_keep(&pin);
	}
	if (r >= 0)
		r = manifest_sign(root, t, &a->o, &res);
	if (r < 0)
		return r;
	printf("Signed %zu files and %zu symlinks in %s; rollback counter %" PRIu64 ".\n",
	       res.n_files, res.n_symlinks, bootdir, res.counter);
	print_pin(bootdir, a, &fs);
	print_default(&res.default_entry);
	manifest_sign_result_done(&res);
	return 0;
}

int cmd_sign(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gpg-homedir", required_argument, NULL, OPT_GPG_HOMEDIR },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "keyring", required_argument, NULL, OPT_KEYRING },
		{ "default-entry", required_argument, NULL, OPT_DEFAULT_ENTRY },
		{ "no-fs-pin", no_argument, NULL, OPT_NO_FS_PIN },
		CLI_PIN_OPTIONS,
		CLI_COMMON_OPTIONS,
		{ 0 }
	};
	struct sign_args a = { 0 };
	int r = cli_parse(argc, argv, "sign", sign_help, opts, CLI_COMMON_SHORT, sign_option, &a);

	if (r >= 0)
		return r;
	if (optind == argc)
		return cli_usage_error("sign", "missing BOOTDIR");
	if (optind + 1 != argc)
		return cli_usage_error("sign", "unexpected argument '%s'", argv[optind + 1]);
	return exit_code_from_errno(sign(argv[optind], &a));
}
