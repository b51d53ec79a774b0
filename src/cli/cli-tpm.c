/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads tpm pcrs`, `heads tpm extend` and `heads tpm close-platform`. */
#include "cli.h"
#include "exitcode.h"
#include "hexdump.h"
#include "hierarchy.h"
#include "log.h"
#include "measure.h"
#include "pcr.h"
#include "sha.h"
#include "tpm.h"

#include <stdlib.h>

static const char pcrs_help[] =
	"Usage: heads tpm pcrs [--pcrs LIST] [--json]\n"
	"Prints the sha256 PCR values, one 'N: HEX' line each.\n\n"
	"  --pcrs LIST    PCRs to print, e.g. 0,1,2,4-7 (default: all 24)\n"
	"  --json         print a JSON array of {\"pcr\": N, \"sha256\": HEX} instead\n" CLI_COMMON_HELP;

struct pcrs_args {
	uint32_t mask;
	int json;
};

static int pcrs_option(int opt, const char *arg, void *data)
{
	struct pcrs_args *a = data;

	if (opt == 'j') {
		a->json = 1;
		return 0;
	}
	if (opt == 'p' && pcr_list_parse(arg, &a->mask) >= 0)
		return 0;
	return cli_usage_error("tpm pcrs", "invalid PCR list '%s' (numbers 0-23, e.g. 0,1,2,4-7)",
			       arg);
}

int cmd_tpm_pcrs(int argc, char **argv)
{
	static const struct option opts[] = { { "pcrs", required_argument, NULL, 'p' },
					      { "json", no_argument, NULL, 'j' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	_cleanup_tpm_ struct tpm *t = NULL;
	struct pcrs_args a = { .mask = 0xffffff };
	pcr_values values;
	int r = cli_parse(argc, argv, "tpm pcrs", pcrs_help, opts, CLI_COMMON_SHORT, pcrs_option, &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("tpm pcrs", "unexpected argument '%s'", argv[optind]);
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = tpm_pcr_read(t, a.mask, values);
	if (r < 0)
		return exit_code_from_errno(r);
	cli_print_pcrs(a.mask, (const uint8_t(*)[PCR_DIGEST_SIZE])values, a.json);
	return EXIT_OK;
}

void cli_print_pcrs(uint32_t mask, const uint8_t (*values)[32], int json)
{
	int first = 1;

	if (json)
		printf("[");
	for (unsigned i = 0; i < PCR_COUNT; i++) {
		char hex[2 * PCR_DIGEST_SIZE + 1];
		if (!(mask & (1u << i)))
			continue;
		hex_encode(values[i], PCR_DIGEST_SIZE, hex);
		if (json)
			printf("%s\n  {\"pcr\": %u, \"sha256\": \"%s\"}", first ? "" : ",", i, hex);
		else
			printf("%u: %s\n", i, hex);
		first = 0;
	}
	if (json)
		printf("\n]\n");
}

static const char extend_help[] =
	"Usage: heads tpm extend PCR (--string S | --file F) [--kind KIND] [--name NAME]\n"
	"Extends the sha256 bank of PCR with SHA-256 of the string (no newline added)\n"
	"or of the file's content, and appends the event to the payload's event log\n"
	"(RUNDIR/eventlog) as \"heads KIND NAME\".\n\n"
	"  --string S     measure this text\n"
	"  --file F       measure this file\n"
	"  --kind KIND    what is measured: string, file, module, module-args, user-file,\n"
	"                 user-file-name, luks-header, boot-mode (default: string or file)\n"
	"  --name NAME    its name in the log (default: the string or the file name)\n" CLI_COMMON_HELP;

struct extend_args {
	const char *string;
	const char *file;
	const char *kind;
	const char *name;
};

static int extend_option(int opt, const char *arg, void *data)
{
	struct extend_args *a = data;

	if (opt == 's')
		a->string = arg;
	else if (opt == 'f')
		a->file = arg;
	else if (opt == 'k')
		a->kind = arg;
	else if (opt == 'n')
		a->name = arg;
	else
		return EXIT_USAGE;
	return 0;
}

static int parse_pcr_index(const char *s, unsigned *ret)
{
	uint32_t mask;

	if (pcr_list_parse(s, &mask) < 0 || (mask & (mask - 1)) != 0)
		return -EINVAL;
	*ret = (unsigned)__builtin_ctz(mask);
	return 0;
}

static int measure_input(const struct extend_args *a, uint8_t digest[32])
{
	if (a->string)
		return sha256_buf(a->string, strlen(a->string), digest);
	return sha256_file(a->file, digest);
}

static int extend_kind(const struct extend_args *a, enum measure_kind *ret)
{
	if (!a->kind) {
		*ret = a->string ? MEASURE_STRING : MEASURE_FILE;
		return 0;
	}
	if (measure_kind_from_name(a->kind, ret) < 0)
		return cli_usage_error("tpm extend", "unknown --kind '%s'", a->kind);
	return 0;
}

int cmd_tpm_extend(int argc, char **argv)
{
	static const struct option opts[] = { { "string", required_argument, NULL, 's' },
					      { "file", required_argument, NULL, 'f' },
					      { "kind", required_argument, NULL, 'k' },
					      { "name", required_argument, NULL, 'n' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	_cleanup_tpm_ struct tpm *t = NULL;
	struct extend_args a = { 0 };
	enum measure_kind kind;
	uint8_t digest[32];
	unsigned pcr;
	int r = cli_parse(argc, argv, "tpm extend", extend_help, opts, CLI_COMMON_SHORT,
			  extend_option, &a);

	if (r >= 0)
		return r;
	if (optind + 1 != argc || parse_pcr_index(argv[optind], &pcr) < 0)
		return cli_usage_error("tpm extend", "give exactly one PCR number (0-23)");
	if (!!a.string == !!a.file)
		return cli_usage_error("tpm extend", "give exactly one of --string or --file");
	if (extend_kind(&a, &kind) != 0)
		return EXIT_USAGE;
	r = measure_input(&a, digest);
	if (r < 0)
		return exit_code_from_errno(log_error_errno(r, "Cannot read %s: %m", a.file));
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = measure_extend(t, cli_rundir(), pcr, digest, kind,
				   a.name   ? a.name :
				   a.string ? a.string :
					      a.file);
	return exit_code_from_errno(r);
}

static const char close_platform_help[] =
	"Usage: heads tpm close-platform\n"
	"Disables the TPM's platform hierarchy until the next reboot, as /init does just\n"
	"before it starts the OS: afterwards nothing can clear the TPM without the\n"
	"lockout authorization (the owner passphrase once the TPM is owned). For a boot\n"
	"started another way (e.g. from the recovery shell).\n\n" CLI_COMMON_HELP;

static int no_option(int opt, const char *arg, void *data)
{
	(void)opt, (void)arg, (void)data;
	return EXIT_USAGE;
}

int cmd_tpm_close_platform(int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_OPTIONS, { 0 } };
	_cleanup_tpm_ struct tpm *t = NULL;
	int r = cli_parse(argc, argv, "tpm close-platform", close_platform_help, opts,
			  CLI_COMMON_SHORT, no_option, NULL);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("tpm close-platform", "unexpected argument '%s'",
				       argv[optind]);
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = tpm_platform_close(t);
	if (r == 1)
		printf("The TPM's platform hierarchy was closed already (or the firmware keeps it).\n");
	else if (r >= 0)
		printf("The TPM's platform hierarchy is closed until the next reboot.\n");
	return exit_code_from_errno(r < 0 ? r : 0);
}
