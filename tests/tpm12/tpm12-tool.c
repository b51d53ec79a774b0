/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small command for the TPM 1.2 library's integration tests (built,
 * never installed): one subcommand per library operation, results on
 * stdout, the library's reasons as exit codes (3 wrong PCR state, 7
 * wrong authorization, 1 anything else). --record FILE appends every
 * exchange as "> HEX" / "< HEX" lines; --fixed-nonces makes the nonces
 * predictable so that a unit test can replay the recording. */
#include "errors.h"
#include "hexdump.h"
#include "log.h"
#include "nonces.h"
#include "tpm12-cap.h"
#include "tpm12-pcr.h"
#include "tpm12.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tool {
	struct tpm12 *t;
	FILE *record;
	unsigned nonce_calls;
};

static void hexline(FILE *f, char dir, const uint8_t *p, size_t n)
{
	fputc(dir, f);
	fputc(' ', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fputc('\n', f);
}

static void record(const uint8_t *cmd, size_t cmd_len, const uint8_t *resp, size_t resp_len,
		   void *userdata)
{
	FILE *f = userdata;

	hexline(f, '>', cmd, cmd_len);
	hexline(f, '<', resp, resp_len);
	fflush(f);
}

static void print_hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static int parse_hex(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -EINVAL;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static int parse_u32(const char *s, uint32_t *ret)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v > UINT32_MAX)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

static int cmd_family(struct tool *x, int argc, char **argv)
{
	enum tpm_family f;
	int r = tpm12_family(x->t, &f);

	(void)argc, (void)argv;
	if (r < 0)
		return r;
	printf("%s\n", f == TPM_FAMILY_1_2 ? "1.2" : "2.0");
	return 0;
}

static int cmd_version(struct tool *x, int argc, char **argv)
{
	struct tpm12_version v;
	int r = tpm12_get_version(x->t, &v);

	(void)argc, (void)argv;
	if (r < 0)
		return r;
	printf("version %u.%u rev %u.%u spec %u errata %u vendor %s\n", v.major, v.minor,
	       v.rev_major, v.rev_minor, v.spec_level, v.errata_rev, v.vendor);
	return 0;
}

static int cmd_pcrread(struct tool *x, int argc, char **argv)
{
	uint8_t v[TPM12_PCR_SIZE];
	uint32_t pcr;
	int r;

	if (argc != 2 || parse_u32(argv[1], &pcr) < 0)
		return -EINVAL;
	r = tpm12_pcr_read(x->t, pcr, v);
	if (r < 0)
		return r;
	print_hex(v, sizeof(v));
	return 0;
}

static int cmd_extend(struct tool *x, int argc, char **argv)
{
	uint8_t d[TPM12_PCR_SIZE], v[TPM12_PCR_SIZE];
	uint32_t pcr;
	int r;

	if (argc != 3 || parse_u32(argv[1], &pcr) < 0 || parse_hex(argv[2], d, sizeof(d)) < 0)
		return -EINVAL;
	r = tpm12_pcr_extend(x->t, pcr, d, v);
	if (r < 0)
		return r;
	print_hex(v, sizeof(v));
	return 0;
}

static int cmd_count(struct tool *x, int argc, char **argv)
{
	(void)x, (void)argc, (void)argv;
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct tool *x, int argc, char **argv);
} commands[] = {
	{ "family", cmd_family }, { "version", cmd_version }, { "pcrread", cmd_pcrread },
	{ "extend", cmd_extend }, { "count", cmd_count },
};

static int exit_code(int r)
{
	if (r >= 0)
		return 0;
	if (r == -EINVAL)
		return 2;
	if (r == -E_SEALED)
		return 3;
	if (r == -E_PASSPHRASE)
		return 7;
	return 1;
}

static int run(struct tool *x, int argc, char **argv)
{
	for (size_t i = 0; i < ELEMENTSOF(commands); i++)
		if (streq(argv[0], commands[i].name)) {
			int r = commands[i].fn(x, argc, argv);

			if (r < 0)
				fprintf(stderr, "tpm12-tool %s: %s\n", argv[0], strerror(-r));
			return r;
		}
	fprintf(stderr, "tpm12-tool: unknown command %s\n", argv[0]);
	return -EINVAL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tpm", required_argument, NULL, 't' },
		{ "record", required_argument, NULL, 'r' },
		{ "fixed-nonces", no_argument, NULL, 'n' },
		{ "count", no_argument, NULL, 'c' },
		{},
	};
	struct tool x = { 0 };
	const char *spec = getenv("HEADS_TPM12");
	bool fixed = false, count = false;
	int c, r;

	while ((c = getopt_long(argc, argv, "+", opts, NULL)) >= 0) {
		if (c == 't')
			spec = optarg;
		else if (c == 'r' && !(x.record = fopen(optarg, "ae")))
			return 1;
		else if (c == 'n')
			fixed = true;
		else if (c == 'c')
			count = true;
		else if (c != 'r')
			return 2;
	}
	if (optind >= argc)
		return 2;
	log_set_level(getenv("TPM12_DEBUG") ? LOG_DEBUG : LOG_ERR);
	r = tpm12_open(spec ? spec : TPM12_DEFAULT_SPEC, &x.t);
	if (r < 0)
		return 1;
	if (x.record) {
		x.t->observe = record;
		x.t->observe_userdata = x.record;
	}
	if (fixed) {
		x.t->random = fixed_nonces;
		x.t->random_userdata = &x.nonce_calls;
	}
	r = run(&x, argc - optind, argv + optind);
	if (count)
		fprintf(stderr, "tpm12 commands: %u\n", tpm12_command_count());
	tpm12_close(x.t);
	if (x.record)
		fclose(x.record);
	return exit_code(r);
}
