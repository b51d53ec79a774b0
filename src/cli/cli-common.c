/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Option handling shared by every subcommand. */
#include "cli.h"
#include "exitcode.h"
#include "log.h"
#include "logs.h"
#include "snapshot.h"

#include <stdarg.h>

struct cli_common cli;

int cli_common_option(int opt, const char *arg, const char *help)
{
	switch (opt) {
	case OPT_TCTI:
		cli.tcti = arg;
		return 1;
	case OPT_RUNDIR:
		cli.rundir = arg;
		return 1;
	case OPT_STATEDIR:
		cli.statedir = arg;
		return 1;
	case OPT_FIRMWARE_LOG:
		cli.firmware_log = arg;
		return 1;
	case 'v':
		log_set_level(log_get_level() < LOG_DEBUG ? log_get_level() + 1 : LOG_DEBUG);
		return 1;
	case 'q':
		log_set_level(LOG_ERR);
		return 1;
	case 'h':
		fputs(help, stdout);
		return 2;
	default:
		return 0;
	}
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("heads: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'heads %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cli_parse(int argc, char **argv, const char *cmd, const char *help, const struct option *longopts,
	      const char *shortopts, cli_option_handler handle, void *data)
{
	int opt;

	optind = 0; /* 0, not 1: glibc re-initialises its scanning state */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int r = cli_common_option(opt, optarg, help);
		if (r == 2)
			return 0;
		if (r == 1)
			continue;
		if (opt == '?' || opt == ':')
			return cli_usage_error(cmd, "bad or incomplete option '%s'",
					       argv[optind - 1]);
		r = handle ? handle(opt, optarg, data) : EXIT_USAGE;
		if (r)
			return r;
	}
	return -1;
}

const char *cli_rundir(void)
{
	const char *env = getenv("HEADS_RUNDIR");

	if (cli.rundir)
		return cli.rundir;
	return env && *env ? env : "/run/heads";
}

const char *cli_statedir(void)
{
	return snapshot_statedir(cli.statedir);
}

const char *cli_firmware_log(void)
{
	return logs_firmware_path(cli.firmware_log);
}

int cli_list_add(const char *cmd, const char *option, const char **v, size_t *n, size_t max,
		 const char *arg)
{
	if (*n >= max)
		return cli_usage_error(cmd, "%s is given more than %zu times", option, max);
	v[(*n)++] = arg;
	return 0;
}
