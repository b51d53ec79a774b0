/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads boot BOOTDIR (--entry N | --default) [--keyring FILE] [--dry-run]`:
 * verifies BOOTDIR when a keyring is given, then loads a boot entry from
 * the bytes checked against the verified manifest (load-entry.h),
 * optionally with the disk key injected into its initrd, and starts it. */
#include "boot-load.h"
#include "boot-verify.h"
#include "bootfs-dir.h"
#include "cli.h"
#include "cli-bootdir.h"
#include "cmdline.h"
#include "errors.h"
#include "exitcode.h"
#include "fileio.h"
#include "initrd.h"
#include "keyinject.h"
#include "kexec.h"
#include "load-entry.h"
#include "log.h"
#include "path-escape.h"
#include "secret.h"
#include "strbuf.h"
#include "verified-bootfs.h"

#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>

static const char boot_help[] =
	"Usage: heads boot BOOTDIR (--entry N | --default) [--keyring FILE] [--dry-run] [OPTIONS]\n"
	"Loads a boot entry of BOOTDIR (numbered as 'heads entries' lists them) with\n"
	"kexec_file_load and starts it. With --keyring, BOOTDIR is first verified as\n"
	"'heads verify' does (signature, rollback counter, files) and refused if it\n"
	"does not verify; then the kernel and each initrd are read once into sealed\n"
	"memory, and those bytes, the ones loaded, must match the signed manifest\n"
	"(exit 4 naming the file otherwise), as in /init; so must the boot\n"
	"configuration the entries are read from. The initrd carrying the key\n"
	"is built in memory, never in a file. The default entry is the one the\n"
	"verified manifest names, else the first. A Xen entry (multiboot2) is loaded\n"
	"with kexec_load by heads' own multiboot2 loader from the same checked bytes:\n"
	"the hypervisor, dom0's kernel and initrds (the key goes into the first),\n"
	"Xen's command line as signed plus no-real-mode.\n\n"
	"  --entry N             the entry to boot\n"
	"  --default             the default entry\n"
	"  --keyring FILE        verify BOOTDIR against the owner's keyring FILE first\n"
	"  --no-tpm              with --keyring: skip the TPM checks (counter, primary key)\n"
	"  --dry-run             do everything but start it: read, check and load the\n"
	"                        entry, unload it again, and print what would boot\n"
	"  --cmdline-add WORDS   add these words to the kernel command line (repeatable)\n"
	"  --cmdline-remove WORDS remove these words from it (repeatable)\n"
	"  --key FILE            inject this disk key as /secret.key into the initrd\n"
	"  --crypttab FILE       crypttab overrides, lines PATH:ENTRY (with --key)\n"
	"  --luks-uuid UUID      with --key: crypttab entries opening this LUKS volume\n"
	"                        with the key, as /init writes them (repeatable)\n" CLI_COMMON_HELP;

struct boot_args {
	long entry;
	int dflt, dry_run;
	char **add, **remove, **uuids;
	const char *key, *crypttab;
	const char *keyring;
	int no_tpm;
	const char *dir;
};

static void boot_args_clear(struct boot_args *a)
{
	strv_free(a->add);
	strv_free(a->remove);
	strv_free(a->uuids);
}

static int boot_option(int opt, const char *arg, void *data)
{
	struct boot_args *a = data;
	size_t i = 0;

	switch (opt) {
	case 'e':
		if (entry_number_parse(arg, &i) < 0)
			return cli_usage_error("boot", "invalid entry number '%s'", arg);
		a->entry = (long)i;
		return 0;
	case 'd':
		a->dflt = 1;
		return 0;
	case 'n':
		a->dry_run = 1;
		return 0;
	case 'a':
		return cmdline_split(arg, &a->add) < 0 ? EXIT_ERROR : 0;
	case 'r':
		return cmdline_split(arg, &a->remove) < 0 ? EXIT_ERROR : 0;
	case 'k':
		a->key = arg;
		return 0;
	case 'c':
		a->crypttab = arg;
		return 0;
	case 'u':
		if (!luks_uuid_valid(arg))
			return cli_usage_error("boot",
					       "'%s' is not a LUKS UUID (8-4-4-4-12 hex digits)",
					       arg);
		return strv_push_dup(&a->uuids, arg) < 0 ? EXIT_ERROR : 0;
	case 'K':
		a->keyring = arg;
		return 0;
	case 'T':
		a->no_tpm = 1;
		return 0;
	default:
		return EXIT_USAGE;
	}
}

static int parse_args(int argc, char **argv, struct boot_args *a)
{
	static const struct option opts[] = { { "entry", required_argument, NULL, 'e' },
					      { "default", no_argument, NULL, 'd' },
					      { "dry-run", no_argument, NULL, 'n' },
					      { "cmdline-add", required_argument, NULL, 'a' },
					      { "cmdline-remove", required_argument, NULL, 'r' },
					      { "key", required_argument, NULL, 'k' },
					      { "crypttab", required_argument, NULL, 'c' },
					      { "keyring", required_argument, NULL, 'K' },
					      { "no-tpm", no_argument, NULL, 'T' },
					      { "luks-uuid", required_argument, NULL, 'u' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	int r = cli_parse(argc, argv, "boot", boot_help, opts, CLI_COMMON_SHORT, boot_option, a);

	if (r >= 0)
		return r;
	if (optind >= argc)
		return cli_usage_error("boot", "missing BOOTDIR");
	if (optind + 1 < argc)
		return cli_usage_error("boot", "unexpected argument '%s'", argv[optind + 1]);
	if ((a->entry >= 0) == a->dflt)
		return cli_usage_error("boot", "give exactly one of --entry N and --default");
	if (a->crypttab && !a->key)
		return cli_usage_error("boot", "--crypttab needs --key");
	if (a->uuids && !a->key)
		return cli_usage_error("boot", "--luks-uuid needs --key");
	if (a->no_tpm && !a->keyring)
		return cli_usage_error("boot", "--no-tpm needs --keyring");
	a->dir = argv[optind];
	return -1;
}

/* The key-injection archive, when a key is given. */
static int build_injection(const struct boot_args *a, struct cpio *out)
{
	_cleanup_crypttab_set_ struct crypttab_set ct = { 0 };
	_cleanup_free_ char *ctbuf = NULL;
	_cleanup_secret_ struct secret key = { 0 };
	size_t ctlen = 0;
	int r = secret_read_file_follow(a->key, 4096, &key);

	if (r < 0)
		return log_error_errno(r, "Cannot read the disk key %s: %m", a->key);
	if (a->crypttab && (r = read_file_follow(a->crypttab, 65536, &ctbuf, &ctlen)) < 0)
		return log_error_errno(r, "Cannot read %s: %m", a->crypttab);
	if (ctbuf && (r = crypttab_parse(ctbuf, ctlen, &ct)) < 0)
		return log_error_errno(r == -ENOMEM ? r : -EINVAL,
				       "%s: each line must be PATH:CRYPTTAB-ENTRY, with a path inside the initrd.",
				       a->crypttab);
	for (size_t i = 0; r >= 0 && a->uuids && a->uuids[i]; i++)
		r = crypttab_add_luks(&ct, a->uuids[i]);
	if (r >= 0)
		r = keyinject_build(key.buf, key.len, &ct, out);
	return r;
}

static void print_plan(const struct boot_args *a, const struct boot_entry *e, size_t index,
		       const char *cmdline, const struct load_entry_result *res)
{
	printf("entry: %zu: %s\n", index, e->title);
	if (e->kind == KIND_XEN)
		printf("hypervisor: %s%s (%" PRIu64 " bytes)\nhypervisor cmdline: %s\n", a->dir,
		       e->hypervisor, res->hypervisor_size, e->hypervisor_cmdline);
	printf("kernel: %s%s\n", a->dir, e->kernel);
	for (size_t i = 0; e->initrd && e->initrd[i]; i++)
		printf("initrd: %s%s\n", a->dir, e->initrd[i]);
	if (res->inject_size)
		printf("inject: /secret.key (0400)%s (%zu bytes of cpio after the initrd, padded to %d bytes)\n",
		       a->crypttab || a->uuids ? " and crypttab entries" : "", res->inject_size,
		       INITRD_ALIGN);
	printf("cmdline: %s\n", cmdline);
}

/* The archive, asked for by the load flow once every file matched. */
static int inject(void *userdata, struct cpio *out)
{
	return build_injection(userdata, out);
}

static int refused(const struct boot_args *a, const struct load_entry_result *res, int r)
{
	if (r == -E_DIFFERS) {
		boot_difference_print(stdout, "", &res->diff);
		putchar('\n');
		fflush(stdout);
		return log_error_errno(r, "%s/%s, the %s, is not the file verified: not booting it.",
				       a->dir, res->diff.path, load_role_name(res->role));
	}
	if (res->diff.path)
		return log_error_errno(r, "Cannot read the %s %s/%s: %m", load_role_name(res->role),
				       a->dir, res->diff.path);
	return r;
}

/* Loads the entry (and with --dry-run drops it again), else starts it. */
static int load_and_execute(const struct boot_args *a, const struct bootdir *d,
			    const struct manifest *verified, const struct boot_entry *e,
			    size_t index, const char *cmdline)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct load_entry_options o = { .dir = d,
					.entry = e,
					.cmdline = cmdline,
					.verified = verified,
					.inject = a->key ? inject : NULL,
					.userdata = (void *)a };
	int r = load_entry(&o, &res);

	if (r < 0)
		return refused(a, &res, r);
	if (a->dry_run) {
		r = kexec_unload();
		print_plan(a, e, index, cmdline, &res);
		printf("dry run: loaded %" PRIu64 " bytes of kernel and %" PRIu64
		       " of initrd%s, then unloaded; would boot \"%s\".\n",
		       res.kernel_size, res.initrd_size,
		       verified ? ", each file as verified" : " (not verified: no --keyring)",
		       e->title);
		return r < 0 ? log_error_errno(r, "Cannot unload the kernel just loaded: %m") : 0;
	}
	log_info("Starting %s.", e->title);
	return kexec_execute();
}

static int boot(const struct boot_args *a)
{
	_cleanup_(boot_verification_clear) struct boot_verification v = { 0 };
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	_cleanup_free_ char *cmdline = NULL;
	size_t i = 0;
	int r = a->keyring ? cli_bootdir_verify(a->dir, a->keyring, a->no_tpm, "booting", &v) : 0;

	if (r < 0)
		return r;
	r = bootdir_open(a->dir, &d);
	if (r < 0)
		return log_error_errno(r, "Cannot open boot directory %s: %m", a->dir);
	if ((r = cli_bootdir_entries(a->dir, d, v.manifest, "booting", &l)) < 0 ||
	    (r = boot_pick_entry(&l, a->dir, a->dflt ? -1 : a->entry,
				 v.manifest ? v.manifest->default_entry : NULL, &i)) < 0)
		return r;
	if ((r = cmdline_edit(l.v[i].cmdline, a->add, a->remove, &cmdline)) < 0)
		return log_error_errno(r, "The edited command line is longer than %d bytes.",
				       CMDLINE_MAX - 1);
	return load_and_execute(a, d, v.manifest, &l.v[i], i, cmdline);
}

int cmd_boot(int argc, char **argv)
{
	_cleanup_(boot_args_clear) struct boot_args a = { .entry = -1 };
	char dir[PATH_MAX];
	int r = parse_args(argc, argv, &a);

	if (r >= 0)
		return r;
	/* Printed paths are BOOTDIR + "/path"; drop a trailing slash. */
	if ((r = strfmt(dir, sizeof(dir), "%s", a.dir)) < 0)
		return exit_code_from_errno(
			log_error_errno(r, "BOOTDIR %.64s... is too long: %m", a.dir));
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = '\0';
	a.dir = dir;
	return exit_code_from_errno(boot(&a));
}
