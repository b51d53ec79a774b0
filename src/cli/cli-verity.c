/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads verity check DEVICE`: a dm-verity device checked in user space
 * against a root hash, given or taken from the command line of a boot
 * entry of a verified BOOTDIR (roothash=), so that an owner can look at
 * the OS's root file system before booting it. */
#include "cli.h"
#include "boot-load.h"
#include "cli-bootdir.h"
#include "entry-verity.h"
#include "errors.h"
#include "exitcode.h"
#include "log.h"
#include "luks.h"
#include "secret.h"
#include "parse.h"
#include "strbuf.h"
#include "verity.h"

#include <inttypes.h>
#include <limits.h>

static const char verity_help[] =
	"Usage: heads verity check DEVICE [--hash-device D] [--hash-offset BYTES]\n"
	"                          [--luks-key-file F]\n"
	"                          (--roothash HEX | --entry N BOOTDIR --keyring FILE [--no-tpm])\n"
	"Checks every block of the dm-verity data DEVICE against its hash tree and the\n"
	"tree against the root hash, as the kernel would when reading them, without\n"
	"activating anything. The root hash is given, or taken from the roothash= word\n"
	"of boot entry N's kernel command line in BOOTDIR, once BOOTDIR verifies against\n"
	"the owner's keyring (as 'heads boot --keyring' verifies it; in the firmware's\n"
	"recovery shell the keyring is /.gnupg/pubring.kbx). Names the first block that\n"
	"differs. Exits 0 when everything matches, 4 when the device differs from the\n"
	"root hash (as /boot differing from its signed manifest does), 2 when the hash\n"
	"device holds no verity hash tree or the command line has no root hash, 7 when\n"
	"the LUKS key opens no keyslot.\n\n"
	"  --hash-device D     the device holding the verity superblock and hash tree\n"
	"                      (default: DEVICE itself, at --hash-offset)\n"
	"  --hash-offset BYTES where the verity superblock starts on the hash device\n"
	"                      (default 0; needed when the tree is on DEVICE)\n"
	"  --luks-key-file F   DEVICE is a LUKS volume holding the verity device: open it\n"
	"                      read-only with F (a passphrase or key file) for the check\n"
	"                      and close it again\n"
	"  --roothash HEX      the root hash to check against\n"
	"  --entry N           take it from entry N of BOOTDIR (see 'heads entries')\n"
	"  --keyring FILE      the owner's keyring BOOTDIR is verified against\n"
	"  --no-tpm            skip the TPM checks of that verification\n" CLI_COMMON_HELP;

struct verity_args {
	const char *device, *hash_device, *roothash, *keyring, *bootdir, *luks_key;
	uint64_t hash_offset;
	long entry;
	bool no_tpm, have_offset;
};

static int verity_option(int opt, const char *arg, void *data)
{
	struct verity_args *a = data;
	size_t i = 0;

	switch (opt) {
	case 'H':
		a->hash_device = arg;
		return 0;
	case 'o':
		a->have_offset = true;
		return parse_unsigned(arg, UINT64_MAX, &a->hash_offset) < 0 ?
			       cli_usage_error("verity check", "invalid offset '%s'", arg) :
			       0;
	case 'r':
		a->roothash = arg;
		return 0;
	case 'L':
		a->luks_key = arg;
		return 0;
	case 'e':
		if (entry_number_parse(arg, &i) < 0)
			return cli_usage_error("verity check", "invalid entry number '%s'", arg);
		a->entry = (long)i;
		return 0;
	case 'K':
		a->keyring = arg;
		return 0;
	case 'T':
		a->no_tpm = true;
		return 0;
	default:
		return EXIT_USAGE;
	}
}

static int check_args(int argc, char **argv, struct verity_args *a)
{
	int left = argc - optind;

	if (left < 1)
		return cli_usage_error("verity check", "missing DEVICE");
	if ((a->roothash != NULL) == (a->entry >= 0))
		return cli_usage_error("verity check",
				       "give exactly one of --roothash HEX and --entry N BOOTDIR");
	if (a->entry >= 0 && left != 2)
		return cli_usage_error("verity check", "--entry N needs BOOTDIR after DEVICE");
	if (a->entry < 0 && left != 1)
		return cli_usage_error("verity check", "unexpected argument '%s'", argv[optind + 1]);
	if (a->entry >= 0 && !a->keyring)
		return cli_usage_error("verity check",
				       "--entry needs --keyring FILE: the root hash is taken only from a verified command line");
	if (!a->hash_device && !a->have_offset)
		return cli_usage_error("verity check",
				       "give --hash-device D, or --hash-offset BYTES for a tree on DEVICE");
	a->device = argv[optind];
	a->bootdir = a->entry >= 0 ? argv[optind + 1] : NULL;
	return -1;
}

/* The root hash of entry N's command line, once BOOTDIR verifies. */
static int entry_roothash(const struct verity_args *a, char hex[ENTRY_ROOTHASH_MAX + 1])
{
	_cleanup_(boot_verification_clear) struct boot_verification v = { 0 };
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	size_t i = 0;
	int r = cli_bootdir_verify(a->bootdir, a->keyring, a->no_tpm, "using", &v);

	if (r >= 0 && (r = bootdir_open(a->bootdir, &d)) < 0)
		return log_error_errno(r, "Cannot open boot directory %s: %m", a->bootdir);
	if (r >= 0)
		r = cli_bootdir_entries(a->bootdir, d, v.manifest, "using", &l);
	if (r >= 0)
		r = boot_pick_entry(&l, a->bootdir, a->entry, NULL, &i);
	if (r < 0)
		return r;
	r = entry_verity_roothash(l.v[i].cmdline, hex);
	if (r == -ENOENT)
		return log_error_errno(EINVAL,
				       "Entry %ld (\"%s\") has no roothash= on its command line",
				       a->entry, l.v[i].title);
	if (r < 0)
		return log_error_errno(r,
				       "Entry %ld (\"%s\") has a malformed or twice different roothash=",
				       a->entry, l.v[i].title);
	printf("Root hash from entry %ld (\"%s\"), as signed: %s\n", a->entry, l.v[i].title, hex);
	return 0;
}

static void say_mismatch(const struct verity_args *a, const struct verity_mismatch *m)
{
	printf("%s differs from the root hash: ", a->device);
	if (m->known && m->in_data)
		printf("data block %" PRIu64 " (byte offset %" PRIu64
		       ", %u-byte blocks) does not match its hash.\n",
		       m->block, m->position, m->data_block_size);
	else if (m->known)
		printf("the hash tree on %s differs at byte offset %" PRIu64 ".\n", a->hash_device,
		       m->position);
	else
		printf("its hash tree does not lead to that root hash (a rewritten tree, or another root hash).\n");
	printf("Do not trust this file system: it is not the one the root hash was made for.\n");
	fflush(stdout);
}

static int check_devices(const struct verity_args *a, const char *data, const uint8_t *root,
			 size_t len, const char *hex)
{
	struct verity_args shown = *a;
	struct verity_mismatch m;
	int r;

	shown.hash_device = a->hash_device ? a->hash_device : data;
	r = verity_check(&(struct verity_check){ data, shown.hash_device, a->hash_offset, root, len },
			 &m);
	if (r == -E_DIFFERS)
		say_mismatch(&shown, &m);
	else if (r >= 0)
		printf("%s matches the root hash %s: %" PRIu64 " blocks of %u bytes checked.\n",
		       a->device, hex, m.data_blocks, m.data_block_size);
	return r;
}

#define LUKS_NAME "heads-verity-check"

/* The verity device inside a LUKS volume: opened read-only for the check. */
static int check_in_luks(const struct verity_args *a, const uint8_t *root, size_t len, const char *hex)
{
	_cleanup_secret_ struct secret key = { 0 };
	char path[PATH_MAX];
	int r = secret_read_file_follow(a->luks_key, 8192, &key);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", a->luks_key);
	r = luks_activate_readonly(a->device, key.buf, key.len, LUKS_NAME, path, sizeof(path));
	if (r < 0)
		return r;
	r = check_devices(a, path, root, len, hex);
	(void)luks_deactivate(LUKS_NAME);
	return r;
}

static int check(const struct verity_args *a)
{
	char hex[ENTRY_ROOTHASH_MAX + 1];
	uint8_t root[VERITY_ROOT_HASH_MAX];
	int len, r = 0;

	if (a->roothash)
		r = strfmt(hex, sizeof(hex), "%s", a->roothash) < 0 ? -EINVAL : 0;
	else
		r = entry_roothash(a, hex);
	if (r < 0)
		return r;
	if ((len = verity_root_hash_parse(hex, root)) < 0)
		return log_error_errno(EINVAL, "'%s' is not a root hash in hex", hex);
	if (a->luks_key)
		return check_in_luks(a, root, (size_t)len, hex);
	return check_devices(a, a->device, root, (size_t)len, hex);
}

int cmd_verity_check(int argc, char **argv)
{
	static const struct option opts[] = { { "hash-device", required_argument, NULL, 'H' },
					      { "hash-offset", required_argument, NULL, 'o' },
					      { "roothash", required_argument, NULL, 'r' },
					      { "luks-key-file", required_argument, NULL, 'L' },
					      { "entry", required_argument, NULL, 'e' },
					      { "keyring", required_argument, NULL, 'K' },
					      { "no-tpm", no_argument, NULL, 'T' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct verity_args a = { .entry = -1 };
	int r = cli_parse(argc, argv, "verity check", verity_help, opts, CLI_COMMON_SHORT,
			  verity_option, &a);

	if (r >= 0)
		return r;
	r = check_args(argc, argv, &a);
	if (r >= 0)
		return r;
	return exit_code_from_errno(check(&a));
}
