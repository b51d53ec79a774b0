/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads entries BOOTDIR [--json]`: the boot entries the installed OS's
 * boot loader would offer, in menu order. */
#include "bootfs-dir.h"
#include "cli.h"
#include "discover.h"
#include "entry-json.h"
#include "exitcode.h"
#include "log.h"

static const char entries_help[] =
	"Usage: heads entries BOOTDIR [--json]\n"
	"Lists the boot entries found in BOOTDIR (a mounted /boot partition, or a root\n"
	"file system holding /boot), in menu order: from grub.cfg (including its\n"
	"submenus and BLS entries it loads with blscfg), else loader/entries/*.conf,\n"
	"else extlinux.conf/syslinux.cfg. Entries whose files are missing are skipped\n"
	"with a warning. Exits 2 when the config cannot be parsed.\n\n"
	"  --json         one JSON array: index, title, source, kind, kernel, initrd,\n"
	"                 cmdline (and hypervisor, hypervisor_cmdline for Xen)\n" CLI_COMMON_HELP;

static int entries_option(int opt, const char *arg, void *data)
{
	(void)arg;
	if (opt != 'j')
		return EXIT_USAGE;
	*(int *)data = 1;
	return 0;
}

static int load_entries(const char *dir, struct entry_list *out)
{
	_cleanup_bootdir_ struct bootdir *d = NULL;
	struct bootfs fs;
	int r = bootdir_open(dir, &d);

	if (r < 0)
		return log_error_errno(r, "Cannot open boot directory %s: %m", dir);
	bootfs_dir_init(&fs, d);
	return boot_discover(&fs, out);
}

int cmd_entries(int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	_cleanup_entry_list_ struct entry_list l = { 0 };
	int json = 0, r;

	r = cli_parse(argc, argv, "entries", entries_help, opts, CLI_COMMON_SHORT, entries_option,
		      &json);
	if (r >= 0)
		return r;
	if (optind != argc - 1)
		return cli_usage_error("entries",
				       optind >= argc ? "missing BOOTDIR" : "unexpected argument '%s'",
				       argv[optind + 1 < argc ? optind + 1 : optind]);
	r = load_entries(argv[optind], &l);
	if (r < 0)
		return exit_code_from_errno(r);
	r = json ? entries_write_json(stdout, &l) : entries_write_text(stdout, &l);
	return exit_code_from_errno(r);
}
