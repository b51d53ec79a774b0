/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small command for the TPM 1.2 library's integration tests (built,
 * never installed): one subcommand per library operation, results on
 * stdout, the library's reasons as exit codes (3 wrong PCR state, 7
 * wrong authorization, 1 anything else). --record FILE appends every
 * exchange as "> HEX" / "< HEX" lines; --fixed-nonces makes the nonces
 * predictable so that a unit test can replay the recording. */
#include "errors.h"
#include "log.h"
#include "nonces.h"
#include "secret.h"
#include "tpm12-cap.h"
#include "tpm12-counter.h"
#include "tpm12-da.h"
#include "tpm12-nv.h"
#include "tpm12-owner.h"
#include "tpm12-pcr.h"
#include "tpm12-own.h"
#include "tpm12-pubkey.h"
#include "tpm12-rollback.h"
#include "tpm12-seal.h"
#include "tpm12-session.h"
#include "tpm12-srkpin.h"
#include "tpm12.h"

#include <getopt.h>
#include <inttypes.h>
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

/* An authorization argument: "wk" (well-known) or any other text, whose
 * SHA-1 it is. */
static void auth_arg(const char *s, uint8_t ret[20])
{
	if (streq(s, "wk"))
		memset(ret, 0, 20);
	else
		tpm12_auth_from_bytes(s, strlen(s), ret);
}

static int parse_pcrs(const char *s, uint32_t *ret)
{
	char buf[128], *save = NULL;
	uint32_t mask = 0;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint32_t n;

		if (parse_u32(tok, &n) < 0 || n >= TPM12_PCR_COUNT)
			return -EINVAL;
		mask |= 1u << n;
	}
	*ret = mask;
	return 0;
}

static int cmd_take_ownership(struct tool *x, int argc, char **argv)
{
	uint8_t owner[20], srk[20];

	if (argc != 3)
		return -EINVAL;
	auth_arg(argv[1], owner);
	auth_arg(argv[2], srk);
	return tpm12_take_ownership(x->t, owner, srk);
}

static int cmd_owner_clear(struct tool *x, int argc, char **argv)
{
	uint8_t owner[20];

	if (argc != 2)
		return -EINVAL;
	auth_arg(argv[1], owner);
	return tpm12_owner_clear(x->t, owner);
}

static int cmd_force_clear(struct tool *x, int argc, char **argv)
{
	(void)argc, (void)argv;
	return tpm12_force_clear(x->t);
}

static int cmd_has_owner(struct tool *x, int argc, char **argv)
{
	bool owned;
	int r = tpm12_has_owner(x->t, &owned);

	(void)argc, (void)argv;
	if (r < 0)
		return r;
	printf("%s\n", owned ? "owned" : "unowned");
	return 0;
}

static int cmd_srk_pub(struct tool *x, int argc, char **argv)
{
	struct tpm12_pubkey k;
	uint8_t owner[20], h[32];
	int r;

	if (argc != 2)
		return -EINVAL;
	auth_arg(argv[1], owner);
	r = tpm12_srk_pubkey(x->t, owner, &k);
	if (r < 0)
		return r;
	tpm12_pubkey_hash(&k, h);
	printf("modulus %zu bits sha256 ", k.modulus_len * 8);
	print_hex(h, sizeof(h));
	return 0;
}

/* seal PCRS DATAAUTH SRKAUTH DATA BLOBFILE: to the PCRs' current values. */
static int cmd_seal(struct tool *x, int argc, char **argv)
{
	uint8_t data_auth[20], srk[20], release[20], blob[TPM12_SEALED_MAX];
	tpm12_pcr_values values = { { 0 } };
	uint32_t mask;
	size_t n;
	FILE *f;
	int r;

	if (argc != 6 || parse_pcrs(argv[1], &mask) < 0)
		return -EINVAL;
	auth_arg(argv[2], data_auth);
	auth_arg(argv[3], srk);
	r = tpm12_pcr_read_mask(x->t, mask, values);
	if (r < 0)
		return r;
	tpm12_pcr_composite(mask, values, release);
	r = tpm12_seal(x->t, srk, mask, release, data_auth, argv[4], strlen(argv[4]), blob,
		       sizeof(blob), &n);
	if (r < 0)
		return r;
	f = fopen(argv[5], "we");
	if (!f || fwrite(blob, 1, n, f) != n || fclose(f) != 0)
		return -EIO;
	return 0;
}

/* unseal DATAAUTH SRKAUTH BLOBFILE: the data on stdout. */
static int cmd_unseal(struct tool *x, int argc, char **argv)
{
	_cleanup_secret_ struct secret out = { 0 };
	uint8_t data_auth[20], srk[20], blob[TPM12_SEALED_MAX];
	size_t n;
	FILE *f;
	int r;

	if (argc != 4)
		return -EINVAL;
	auth_arg(argv[1], data_auth);
	auth_arg(argv[2], srk);
	f = fopen(argv[3], "re");
	if (!f)
		return -errno;
	n = fread(blob, 1, sizeof(blob), f);
	fclose(f);
	r = tpm12_unseal(x->t, srk, data_auth, blob, n, &out);
	if (r < 0)
		return r;
	fwrite(out.buf, 1, out.len, stdout);
	printf("\n");
	return 0;
}

/* nv-define OWNERAUTH INDEX SIZE MODE: MODE owner, auth:AUTH or pcrs:LIST
 * (written by the owner, and only while those PCRs hold their current
 * values). */
static int cmd_nv_define(struct tool *x, int argc, char **argv)
{
	struct tpm12_nv_def d = { 0 };
	uint8_t owner[20], area[20] = { 0 };
	tpm12_pcr_values values = { { 0 } };
	int r;

	if (argc != 5 || parse_u32(argv[2], &d.index) < 0 || parse_u32(argv[3], &d.size) < 0)
		return -EINVAL;
	auth_arg(argv[1], owner);
	if (streq(argv[4], "owner"))
		d.attributes = TPM12_NV_PER_OWNERWRITE;
	else if (startswith(argv[4], "auth:")) {
		d.attributes = TPM12_NV_PER_AUTHWRITE;
		auth_arg(argv[4] + 5, area);
	} else if (startswith(argv[4], "pcrs:")) {
		if (parse_pcrs(argv[4] + 5, &d.write_pcrs) < 0)
			return -EINVAL;
		d.attributes = TPM12_NV_PER_OWNERWRITE;
		r = tpm12_pcr_read_mask(x->t, d.write_pcrs, values);
		if (r < 0)
			return r;
		tpm12_pcr_composite(d.write_pcrs, values, d.write_digest);
	} else
		return -EINVAL;
	return tpm12_nv_define(x->t, owner, &d, area);
}

static int cmd_nv_undefine(struct tool *x, int argc, char **argv)
{
	uint8_t owner[20];
	uint32_t index;

	if (argc != 3 || parse_u32(argv[2], &index) < 0)
		return -EINVAL;
	auth_arg(argv[1], owner);
	return tpm12_nv_undefine(x->t, owner, index);
}

/* nv-write INDEX TEXT MODE: MODE none, owner:AUTH or auth:AUTH. */
static int cmd_nv_write(struct tool *x, int argc, char **argv)
{
	enum tpm12_nv_auth how = TPM12_NV_AUTH_NONE;
	uint8_t auth[20] = { 0 };
	uint32_t index;

	if (argc != 4 || parse_u32(argv[1], &index) < 0)
		return -EINVAL;
	if (startswith(argv[3], "owner:")) {
		how = TPM12_NV_AUTH_OWNER;
		auth_arg(argv[3] + 6, auth);
	} else if (startswith(argv[3], "auth:")) {
		how = TPM12_NV_AUTH_AREA;
		auth_arg(argv[3] + 5, auth);
	} else if (!streq(argv[3], "none"))
		return -EINVAL;
	return tpm12_nv_write(x->t, index, 0, argv[2], strlen(argv[2]), how, auth);
}

/* nv-fill INDEX SIZE MODE: SIZE bytes "ABC...Z" repeated (several
 * chunks, one session). */
static int cmd_nv_fill(struct tool *x, int argc, char **argv)
{
	char buf[2048];
	uint32_t size;

	if (argc != 4 || parse_u32(argv[2], &size) < 0 || size > sizeof(buf))
		return -EINVAL;
	for (uint32_t i = 0; i < size; i++)
		buf[i] = (char)('A' + i % 26);
	argv[2] = buf;
	buf[size < sizeof(buf) ? size : sizeof(buf) - 1] = 0;
	return size == sizeof(buf) ? -EINVAL : cmd_nv_write(x, argc, argv);
}

static int cmd_nv_read(struct tool *x, int argc, char **argv)
{
	char buf[2048];
	uint32_t index, size;
	int r;

	if (argc != 3 || parse_u32(argv[1], &index) < 0 || parse_u32(argv[2], &size) < 0 ||
	    size >= sizeof(buf))
		return -EINVAL;
	r = tpm12_nv_read(x->t, index, 0, buf, size);
	if (r < 0)
		return r;
	buf[size] = 0;
	printf("%s\n", buf);
	return 0;
}

static int cmd_counter_create(struct tool *x, int argc, char **argv)
{
	uint8_t owner[20], auth[20];
	uint32_t id, value;
	int r;

	if (argc != 3)
		return -EINVAL;
	auth_arg(argv[1], owner);
	auth_arg(argv[2], auth);
	r = tpm12_counter_create(x->t, owner, auth, "HDS1", &id, &value);
	if (r < 0)
		return r;
	printf("%u %u\n", id, value);
	return 0;
}

static int cmd_counter_inc(struct tool *x, int argc, char **argv)
{
	uint8_t auth[20];
	uint32_t id, value;
	int r;

	if (argc != 3 || parse_u32(argv[1], &id) < 0)
		return -EINVAL;
	auth_arg(argv[2], auth);
	r = tpm12_counter_increment(x->t, id, auth, &value);
	if (r < 0)
		return r;
	printf("%u\n", value);
	return 0;
}

static int cmd_counter_read(struct tool *x, int argc, char **argv)
{
	uint32_t id, value;
	int r;

	if (argc != 2 || parse_u32(argv[1], &id) < 0)
		return -EINVAL;
	r = tpm12_counter_read(x->t, id, &value);
	if (r < 0)
		return r;
	printf("%u\n", value);
	return 0;
}

static int cmd_counter_release(struct tool *x, int argc, char **argv)
{
	uint8_t owner[20];
	uint32_t id;

	if (argc != 3 || parse_u32(argv[2], &id) < 0)
		return -EINVAL;
	auth_arg(argv[1], owner);
	return tpm12_counter_release(x->t, owner, id);
}

static int cmd_da(struct tool *x, int argc, char **argv)
{
	struct tpm12_da d;
	int r = tpm12_da_read(x->t, &d);

	(void)argc, (void)argv;
	if (r < 0)
		return r;
	printf("reported %d limited %d active %d count %u threshold %u tries-left %d seconds-left %u\n",
	       d.reported, d.limited, d.active, d.count, d.threshold, tpm12_da_tries_left(&d),
	       d.depend);
	return 0;
}

/* own OWNERPASS: ownership as the firmware takes it ("" well-known). */
static int cmd_own(struct tool *x, int argc, char **argv)
{
	uint8_t owner[20];

	if (argc != 2)
		return -EINVAL;
	tpm12_auth_from_passphrase(argv[1], owner);
	return tpm12_own(x->t, owner);
}

static int cmd_srk_pin(struct tool *x, int argc, char **argv)
{
	uint8_t h[32];
	int r;

	(void)argc, (void)argv;
	r = tpm12_srk_pin(x->t, h);
	if (r < 0)
		return r;
	print_hex(h, sizeof(h));
	return 0;
}

static int cmd_rollback_read(struct tool *x, int argc, char **argv)
{
	uint64_t v;
	int r;

	(void)argc, (void)argv;
	r = tpm12_rollback_read(x->t, &v);
	if (r < 0)
		return r;
	printf("%" PRIu64 "\n", v);
	return 0;
}

/* rollback-bump OWNERPASS */
static int cmd_rollback_bump(struct tool *x, int argc, char **argv)
{
	uint8_t owner[20];
	uint64_t v;
	int r;

	if (argc != 2)
		return -EINVAL;
	tpm12_auth_from_passphrase(argv[1], owner);
	r = tpm12_rollback_bump(x->t, owner, &v);
	if (r < 0)
		return r;
	printf("%" PRIu64 "\n", v);
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
	{ "family", cmd_family },
	{ "version", cmd_version },
	{ "pcrread", cmd_pcrread },
	{ "extend", cmd_extend },
	{ "count", cmd_count },
	{ "take-ownership", cmd_take_ownership },
	{ "owner-clear", cmd_owner_clear },
	{ "force-clear", cmd_force_clear },
	{ "has-owner", cmd_has_owner },
	{ "srk-pub", cmd_srk_pub },
	{ "seal", cmd_seal },
	{ "unseal", cmd_unseal },
	{ "nv-define", cmd_nv_define },
	{ "nv-undefine", cmd_nv_undefine },
	{ "nv-write", cmd_nv_write },
	{ "nv-read", cmd_nv_read },
	{ "nv-fill", cmd_nv_fill },
	{ "counter-create", cmd_counter_create },
	{ "counter-inc", cmd_counter_inc },
	{ "counter-read", cmd_counter_read },
	{ "counter-release", cmd_counter_release },
	{ "da", cmd_da },
	{ "own", cmd_own },
	{ "srk-pin", cmd_srk_pin },
	{ "rollback-read", cmd_rollback_read },
	{ "rollback-bump", cmd_rollback_bump },
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

/* The library's reasons in a few words the test can look for. */
static const char *reason(int r)
{
	switch (r) {
	case -E_SEALED:
		return "refused: the PCR state differs";
	case -E_PASSPHRASE:
		return "refused: wrong authorization";
	case -EBUSY:
		return "refused: locked out (dictionary attack)";
	case -E_BUS:
		return "the answer failed its authorization check";
	case -EEXIST:
		return "the TPM already has an owner";
	case -EPERM:
		return "not permitted (physical presence, or not allowed by the owner)";
	case -ENOENT:
		return "no such NV index or counter (or not the active counter)";
	default:
		return strerror(-r);
	}
}

static int run(struct tool *x, int argc, char **argv)
{
	for (size_t i = 0; i < ELEMENTSOF(commands); i++)
		if (streq(argv[0], commands[i].name)) {
			int r = commands[i].fn(x, argc, argv);

			if (r < 0)
				fprintf(stderr, "tpm12-tool %s: %s\n", argv[0], reason(r));
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
