/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads attest verify` (a remote verifier's judgement of an attestation
 * file) and `heads attest extract` (its parts, for tpm2_checkquote). */
#include "atomic-at.h"
#include "cli-attest.h"
#include "cli.h"
#include "describe.h"
#include "exitcode.h"
#include "fileio.h"
#include "hexdump.h"
#include "json.h"
#include "log.h"
#include "pcr.h"
#include "pubkey.h"
#include "strbuf.h"
#include "verify.h"
#include "whatchanged.h"

#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <sys/stat.h>

static const char verify_help[] =
	"Usage: heads attest verify (FILE | --from-qr FILE) --nonce HEX --ak AK.pem\n"
	"                           [--golden GOLDEN] [--json]\n"
	"Checks an attestation file as a remote verifier: the quote's signature with the\n"
	"attestation key enrolled earlier (heads attest enroll), the nonce, the PCR\n"
	"values in the file against the quoted digest, the event logs replayed against\n"
	"the quoted PCRs and, with --golden, every quoted PCR against the golden state,\n"
	"naming each event that differs. Prints what matches and what does not.\n\n"
	"  --nonce HEX     the nonce this verifier gave for the quote\n"
	"  --ak FILE       the enrolled attestation key (PEM)\n"
	"  --golden FILE   a golden file (heads attest golden)\n"
	"  --from-qr FILE  read the decoded QR pieces (HEADSQ<i>/<n>:..., one a line, in\n"
	"                  any order) instead of an attestation file\n"
	"  --json          print one JSON object instead of text\n" CLI_COMMON_HELP
	"Exit codes: 0 everything matches; 2 malformed input; 5 the signature does not\n"
	"verify with that key; 6 another nonce (a replayed quote); 4 the PCR values or\n"
	"event logs in the file are not what the TPM quoted; 3 the quoted state differs\n"
	"from the golden one.\n";

struct verify_args {
	const char *file;
	const char *qr;
	const char *nonce;
	const char *ak;
	const char *golden;
	int json;
};

static int verify_option(int opt, const char *arg, void *data)
{
	struct verify_args *a = data;

	if (opt == 'n')
		a->nonce = arg;
	else if (opt == 'a')
		a->ak = arg;
	else if (opt == 'g')
		a->golden = arg;
	else if (opt == 'Q')
		a->qr = arg;
	else if (opt == 'j')
		a->json = 1;
	else
		return EXIT_USAGE;
	return 0;
}

static int read_ak(const char *path, EVP_PKEY **ret)
{
	_cleanup_free_ char *pem = NULL;
	size_t len = 0;
	int r = read_file_follow(path, 65536, &pem, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", path);
	if (pubkey_from_pem(pem, len, ret) < 0)
		return log_error_errno(-EBADMSG, "%s holds no public key in PEM form", path);
	return 0;
}

/* The "what changed" lines of one PCR against the golden events. */
static char *golden_changes(const struct attest_verdict *v, unsigned pcr)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	if (whatchanged_pcr_ref(&v->golden_log, &v->log, pcr, "the golden boot", f) <= 0)
		fprintf(f, "PCR %u: differs from the golden value\n", pcr);
	fclose(f);
	return text;
}

static void print_pcr_events(const struct attest_verdict *v, unsigned pcr)
{
	for (size_t i = 0; i < v->log.count; i++) {
		char desc[EVENT_DESCRIPTION_MAX];
		if (v->log.events[i].pcr != pcr)
			continue;
		event_describe(&v->log.events[i], desc, sizeof(desc));
		printf("  PCR %u event: %s\n", pcr, desc);
	}
}

static void print_log_text(const struct attest_verdict *v)
{
	char list[80];

	pcr_list_format(v->quoted, list, sizeof(list));
	if (!v->log_mismatch) {
		printf("Event logs: MATCH: %zu events replay to the quoted PCRs %s\n", v->log.count,
		       list);
		return;
	}
	for (unsigned p = 0; p < PCR_COUNT; p++) {
		if (!((v->log_mismatch >> p) & 1))
			continue;
		printf("Event logs: DIFFER: the events on PCR %u do not add up to its quoted value\n",
		       p);
		if (!v->have_golden)
			print_pcr_events(v, p);
	}
}

static void print_golden_text(const struct attest_verdict *v)
{
	if (!v->have_golden)
		return;
	if (!v->golden_mismatch) {
		printf("Golden state: MATCH: every quoted PCR has its golden value\n");
		return;
	}
	for (unsigned p = 0; p < PCR_COUNT; p++) {
		_cleanup_free_ char *changes = NULL;
		if (!((v->golden_mismatch >> p) & 1))
			continue;
		changes = golden_changes(v, p);
		printf("Golden state: DIFFERS on PCR %u:\n", p);
		if (changes)
			fputs(changes, stdout);
	}
}

static void print_text(const struct attest_verdict *v, const char *ak)
{
	if (v->signature_ok)
		printf("Signature: MATCH: the quote is signed by the attestation key in %s\n", ak);
	else
		printf("Signature: DOES NOT VERIFY with the attestation key in %s%s\n", ak,
		       v->ak_matches ? "" : " (the file's attestation key is another one)");
	printf("Nonce: %s\n",
	       v->nonce_ok ? "MATCH" : "DIFFERS: the quote was made for another nonce (replayed?)");
	printf("PCR values: %s\n", v->pcrs_ok ? "MATCH: they are the ones the TPM quoted" :
						"DIFFER from the ones the TPM quoted");
	print_log_text(v);
	print_golden_text(v);
	printf("%s\n",
	       attest_verdict_reason(v) ? "Attestation NOT verified." : "Attestation verified.");
}

static void json_bool(const char *key, int v)
{
	printf("  \"%s\": %s,\n", key, v ? "true" : "false");
}

static void print_pcrs_json(const struct attest_file *f, const struct attest_verdict *v)
{
	int first = 1;

	printf("  \"pcrs\": [");
	for (unsigned p = 0; p < PCR_COUNT; p++) {
		char hex[65];
		if (!((v->quoted >> p) & 1))
			continue;
		hex_encode(f->pcrs[p], 32, hex);
		printf("%s\n    {\"pcr\": %u, \"value\": \"%s\", \"log\": %s, \"golden\": %s}",
		       first ? "" : ",", p, hex, (v->log_mismatch >> p) & 1 ? "false" : "true",
		       !v->have_golden		     ? "null" :
		       (v->golden_mismatch >> p) & 1 ? "false" :
						       "true");
		first = 0;
	}
	printf("\n  ],\n");
}

/* Each "what changed" line of every PCR that differs from the golden. */
static void print_changes_json(const struct attest_verdict *v)
{
	int first = 1;

	printf("  \"golden_changes\": [");
	for (unsigned p = 0; p < PCR_COUNT; p++) {
		_cleanup_free_ char *changes = NULL;
		char *save = NULL;
		if (!((v->golden_mismatch >> p) & 1) || !(changes = golden_changes(v, p)))
			continue;
		for (char *l = strtok_r(changes, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			printf("%s\n    ", first ? "" : ",");
			json_write_string(stdout, l);
			first = 0;
		}
	}
	printf("\n  ],\n");
}

static void print_json(const struct attest_file *f, const struct attest_verdict *v)
{
	printf("{\n");
	json_bool("signature", v->signature_ok);
	json_bool("ak_matches", v->ak_matches);
	json_bool("nonce", v->nonce_ok);
	json_bool("pcr_values", v->pcrs_ok);
	json_bool("log", !v->log_mismatch);
	if (v->have_golden)
		json_bool("golden", !v->golden_mismatch);
	printf("  \"clock\": %llu,\n  \"reset_count\": %llu,\n", (unsigned long long)v->clock,
	       (unsigned long long)v->reset_count);
	print_pcrs_json(f, v);
	printf("  \"events\": [");
	for (size_t i = 0; i < v->log.count; i++)
		cli_event_json(&v->log.events[i], i == 0);
	printf("\n  ],\n");
	if (v->have_golden)
		print_changes_json(v);
	printf("  \"verified\": %s\n}\n", attest_verdict_reason(v) ? "false" : "true");
}

static int run_verify(const struct verify_args *a, const uint8_t *nonce, size_t nonce_len)
{
	_cleanup_attest_file_ struct attest_file f = { 0 };
	_cleanup_attest_file_ struct attest_file g = { 0 };
	_cleanup_attest_verdict_ struct attest_verdict v = { 0 };
	_cleanup_pubkey_ EVP_PKEY *ak = NULL;
	struct attest_expect e = { .nonce = nonce, .nonce_len = nonce_len };
	const char *what = NULL;
	int r = read_ak(a->ak, &ak);

	if (r >= 0)
		r = cli_attest_read(a->qr ? a->qr : a->file, !!a->qr, &f);
	if (r >= 0 && a->golden)
		r = cli_attest_read(a->golden, 0, &g);
	if (r < 0)
		return r;
	e.ak = ak;
	e.golden = a->golden ? &g : NULL;
	r = attest_verify(&f, &e, &v, &what);
	if (r == -EBADMSG)
		return log_error_errno(r, "The %s in %s is malformed", what,
				       streq(what, "golden file") ? a->golden :
				       a->qr			  ? a->qr :
								    a->file);
	if (r < 0)
		return log_error_errno(r, "Cannot verify the attestation: %m");
	if (a->json)
		print_json(&f, &v);
	else
		print_text(&v, a->ak);
	return attest_verdict_reason(&v);
}

int cmd_attest_verify(int argc, char **argv)
{
	static const struct option opts[] = { { "nonce", required_argument, NULL, 'n' },
					      { "ak", required_argument, NULL, 'a' },
					      { "golden", required_argument, NULL, 'g' },
					      { "from-qr", required_argument, NULL, 'Q' },
					      { "json", no_argument, NULL, 'j' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct verify_args a = { 0 };
	uint8_t nonce[ATTEST_NONCE_MAX];
	size_t nonce_len = 0;
	int r = cli_parse(argc, argv, "attest verify", verify_help, opts, CLI_COMMON_SHORT,
			  verify_option, &a);

	if (r >= 0)
		return r;
	if (optind < argc)
		a.file = argv[optind++];
	if (optind != argc)
		return cli_usage_error("attest verify", "unexpected argument '%s'", argv[optind]);
	if (!a.file == !a.qr)
		return cli_usage_error("attest verify",
				       "give one attestation FILE or --from-qr FILE");
	if (!a.nonce || !a.ak)
		return cli_usage_error("attest verify", "give --nonce HEX and --ak AK.pem");
	if (cli_attest_nonce("attest verify", a.nonce, nonce, &nonce_len) != 0)
		return EXIT_USAGE;
	return exit_code_from_errno(run_verify(&a, nonce, nonce_len));
}

static const char extract_help[] =
	"Usage: heads attest extract FILE DIR\n"
	"Writes the parts of an attestation file into DIR (created if needed), for\n"
	"other tools: quote.msg (TPMS_ATTEST), quote.sig (TPMT_SIGNATURE), ak.pub\n"
	"(TPM2B_PUBLIC), ak.pem, pcrs.bin (the sha256 PCR values, ascending), pcrs.list\n"
	"(their selection, e.g. sha256:0,1,2), pcrs.tpm2 (the same as tpm2_quote -o\n"
	"writes them), and when present ek.crt (DER), firmware.log and payload.log (TCG\n"
	"event logs). Then, for example:\n"
	"  tpm2_checkquote -u DIR/ak.pem -m DIR/quote.msg -s DIR/quote.sig \\\n"
	"    -f DIR/pcrs.tpm2 -g sha256 -q NONCE\n" CLI_COMMON_HELP;

static int write_part(int dfd, const char *name, const void *data, size_t len)
{
	int r = atomic_write_at(dfd, name, data, len, 0644);

	if (r < 0)
		return log_error_errno(r, "Cannot write %s: %m", name);
	return 0;
}

/* The layout tpm2_quote -o writes and tpm2_checkquote -f reads: the
 * TPML_PCR_SELECTION, a count, and that many TPML_DIGEST of up to 8
 * digests, as the structures lie in memory (the TSS headers fix it). */
struct tpm2_tools_pcrs {
	TPML_PCR_SELECTION sel;
	UINT32 count;
	TPML_DIGEST digests[(PCR_COUNT + 7) / 8];
};

static void tools_pcrs(const struct attest_file *f, struct tpm2_tools_pcrs *out)
{
	memset(out, 0, sizeof(*out));
	pcr_selection_from_mask(f->pcr_mask, &out->sel);
	for (unsigned p = 0, n = 0; p < PCR_COUNT; p++) {
		TPML_DIGEST *d = &out->digests[n / 8];
		if (!((f->pcr_mask >> p) & 1))
			continue;
		d->digests[d->count].size = PCR_DIGEST_SIZE;
		memcpy(d->digests[d->count++].buffer, f->pcrs[p], PCR_DIGEST_SIZE);
		n++;
		out->count = (n + 7) / 8;
	}
}

static int write_pcrs(int dfd, const struct attest_file *f)
{
	uint8_t values[PCR_COUNT * PCR_DIGEST_SIZE];
	struct tpm2_tools_pcrs tools;
	char list[96] = "sha256:";
	size_t n = 0;
	int r;

	for (unsigned p = 0; p < PCR_COUNT; p++)
		if ((f->pcr_mask >> p) & 1) {
			memcpy(values + n, f->pcrs[p], PCR_DIGEST_SIZE);
			n += PCR_DIGEST_SIZE;
		}
	pcr_list_format(f->pcr_mask, list + 7, sizeof(list) - 8);
	strcat(list, "\n");
	tools_pcrs(f, &tools);
	r = write_part(dfd, "pcrs.bin", values, n);
	if (r >= 0)
		r = write_part(dfd, "pcrs.list", list, strlen(list));
	if (r >= 0)
		r = write_part(dfd, "pcrs.tpm2", &tools,
			       offsetof(struct tpm2_tools_pcrs, digests) +
				       tools.count * sizeof(TPML_DIGEST));
	return r;
}

static int run_extract(const char *file, const char *dir)
{
	static const char *const names[_ATTEST_FIELD_MAX] = {
		[ATTEST_QUOTE] = "quote.msg",	      [ATTEST_SIGNATURE] = "quote.sig",
		[ATTEST_AK_PUBLIC] = "ak.pub",	      [ATTEST_AK_PEM] = "ak.pem",
		[ATTEST_EK_CERT] = "ek.crt",	      [ATTEST_FIRMWARE_LOG] = "firmware.log",
		[ATTEST_PAYLOAD_LOG] = "payload.log",
	};
	_cleanup_attest_file_ struct attest_file f = { 0 };
	_cleanup_close_ int dfd = -1;
	int r = cli_attest_read(file, 0, &f);

	if (r < 0)
		return r;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return log_error_errno(-errno, "Cannot create %s: %m", dir);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return log_error_errno(-errno, "Cannot open %s: %m", dir);
	for (unsigned i = 0; i < _ATTEST_FIELD_MAX && r >= 0; i++)
		if (f.field[i].data)
			r = write_part(dfd, names[i], f.field[i].data, f.field[i].len);
	if (r >= 0 && f.pcr_mask)
		r = write_pcrs(dfd, &f);
	return r;
}

int cmd_attest_extract(int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_OPTIONS, { 0 } };
	int r = cli_parse(argc, argv, "attest extract", extract_help, opts, CLI_COMMON_SHORT, NULL,
			  NULL);

	if (r >= 0)
		return r;
	if (argc - optind != 2)
		return cli_usage_error("attest extract", "give an attestation FILE and a DIR");
	r = run_extract(argv[optind], argv[optind + 1]);
	return exit_code_from_errno(r);
}
