/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads boot BOOTDIR (--entry N | --default) [--dry-run]`: loads a boot
 * entry with kexec_file_load(2), optionally with the disk key injected into
 * its initrd, and starts it. */
#include "boot-load.h"
#include "bootfs-dir.h"
#include "cli.h"
#include "cmdline.h"
#include "discover.h"
#include "exitcode.h"
#include "fileio.h"
#include "initrd.h"
#include "keyinject.h"
#include "kexec.h"
#include "log.h"
#include "strbuf.h"

#include <limits.h>

static const char boot_help[] =
	"Usage: heads boot BOOTDIR (--entry N | --default) [--dry-run] [OPTIONS]\n"
	"Loads a boot entry of BOOTDIR (numbered as 'heads entries' lists them) with\n"
	"kexec_file_load and starts it. --default boots the first entry (the signed\n"
	"manifest's default entry will take its place). Xen entries are refused.\n\n"
	"  --entry N             the entry to boot\n"
	"  --default             the default entry\n"
	"  --dry-run             print what would be loaded, load nothing\n"
	"  --cmdline-add WORDS   add these words to the kernel command line (repeatable)\n"
	"  --cmdline-remove WORDS remove these words from it (repeatable)\n"
	"  --key FILE            inject this disk key as /secret.key into the initrd\n"
	"  --crypttab FILE       crypttab overrides, lines PATH:ENTRY (with --key)\n" CLI_COMMON_HELP;

struct boot_args {
	long entry;
	int dflt, dry_run;
	char **add, **remove;
	const char *key, *crypttab;
	const char *dir;
};

static void boot_args_clear(struct boot_args *a)
{
	strv_free(a->add);
	strv_free(a->remove);
}

static int parse_index(const char *s, long *ret)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || !end || *end || end == s || v < 0 || *s == '+' || *s == ' ')
		return -EINVAL;
	*ret = v;
	return 0;
}

static int boot_option(int opt, const char *arg, void *data)
{
	struct boot_args *a = data;

	switch (opt) {
	case 'e':
		if (parse_index(arg, &a->entry) < 0)
			return cli_usage_error("boot", "invalid entry number '%s'", arg);
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
	default:
		return EXIT_USAGE;
	}
}

static int parse_args(int argc, char **argv, struct boot_args *a)
{
	static const struct option opts[] = {
		{ "entry", required_argument, NULL, 'e' },   { "default", no_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },       { "cmdline-add", required_argument, NULL, 'a' },
		{ "cmdline-remove", required_argument, NULL, 'r' }, { "key", required_argument, NULL, 'k' },
		{ "crypttab", required_argument, NULL, 'c' }, CLI_COMMON_OPTIONS,
		{ 0 }
	};
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
	a->dir = argv[optind];
	return -1;
}

/* The key-injection archive, when a key is given. */
static int build_injection(const struct boot_args *a, struct cpio *out)
{
	_cleanup_crypttab_set_ struct crypttab_set ct = { 0 };
	_cleanup_free_ char *ctbuf = NULL;
	_cleanup_erase_ char *key = NULL;
	size_t keylen = 0, ctlen = 0;
	int r = read_file_follow(a->key, 4096, &key, &keylen);

	if (r < 0)
		return log_error_errno(r, "Cannot read the disk key %s: %m", a->key);
	if (a->crypttab && (r = read_file_follow(a->crypttab, 65536, &ctbuf, &ctlen)) < 0)
		return log_error_errno(r, "Cannot read %s: %m", a->crypttab);
	if (ctbuf && (r = crypttab_parse(ctbuf, ctlen, &ct)) < 0)
		return log_error_errno(r == -ENOMEM ? r : -EINVAL,
				       "%s: each line must be PATH:CRYPTTAB-ENTRY, with a path inside the initrd.",
				       a->crypttab);
	r = keyinject_build(key, keylen, &ct, out);
	explicit_bzero(key, keylen);
	return r;
}

static void print_plan(const struct boot_args *a, const struct boot_entry *e, size_t index,
		       const char *cmdline, const struct cpio *inj)
{
	printf("entry: %zu: %s\n", index, e->title);
	printf("kernel: %s%s\n", a->dir, e->kernel);
	for (size_t i = 0; e->initrd && e->initrd[i]; i++)
		printf("initrd: %s%s\n", a->dir, e->initrd[i]);
	if (inj->len)
		printf("inject: /secret.key (0400)%s (%zu bytes of cpio after the initrd, padded to %d bytes)\n",
		       a->crypttab ? " and crypttab overrides" : "", inj->len, INITRD_ALIGN);
	printf("cmdline: %s\n", cmdline);
}

static int load_and_execute(const struct bootdir *d, const struct boot_entry *e,
			    const char *cmdline, const struct cpio *inj)
{
	int r = boot_load_entry(d, e, cmdline, inj, cli_rundir());

	if (r < 0)
		return r;
	log_info("Starting %s.", e->title);
	return kexec_execute();
}

static int boot(const struct boot_args *a)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	_cleanup_cpio_ struct cpio inj = { 0 };
	_cleanup_free_ char *cmdline = NULL;
	struct bootfs fs;
	size_t i = 0;
	int r = bootdir_open(a->dir, &d);

	if (r < 0)
		return log_error_errno(r, "Cannot open boot directory %s: %m", a->dir);
	bootfs_dir_init(&fs, d);
	if ((r = boot_discover(&fs, &l)) < 0 || (r = boot_pick_entry(&l, a->dir, a->dflt ? -1 : a->entry, NULL, &i)) < 0)
		return r;
	if ((r = cmdline_edit(l.v[i].cmdline, a->add, a->remove, &cmdline)) < 0)
		return log_error_errno(r, "The edited command line is longer than %d bytes.", CMDLINE_MAX - 1);
	if (a->key && (r = build_injection(a, &inj)) < 0)
		return r;
	if (a->dry_run) {
		print_plan(a, &l.v[i], i, cmdline, &inj);
		return 0;
	}
	return load_and_execute(d, &l.v[i], cmdline, &inj);
}

int cmd_boot(int argc, char **argv)
{
	_cleanup_(boot_args_clear) struct boot_args a = { .entry = -1 };
	char dir[PATH_MAX];
	int r = parse_args(argc, argv, &a);

	if (r >= 0)
		return r;
	/* Printed paths are BOOTDIR + "/path"; drop a trailing slash. */
	snprintf(dir, sizeof(dir), "%s", a.dir);
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = '\0';
	a.dir = dir;
	return exit_code_from_errno(boot(&a));
}
