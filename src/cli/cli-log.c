/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads log` (the firmware's and the payload's event logs, replayed
 * against the TPM) and `heads tpm predict` (clean-boot PCR values). */
#include "cli.h"
#include "describe.h"
#include "exitcode.h"
#include "family.h"
#include "hexdump.h"
#include "json.h"
#include "log.h"
#include "logs.h"
#include "measure.h"
#include "measure12.h"
#include "pcr.h"
#include "predict.h"
#include "replay.h"
#include "rom-predict.h"
#include "strbuf.h"
#include "tpm.h"
#include "tpm12-pcr.h"
#include "tpm12.h"

#include <limits.h>

static const char log_help[] =
	"Usage: heads log [--replay] [--json] [--pcrs LIST]\n"
	"Lists every event of the firmware's event log and of the payload's own log\n"
	"(RUNDIR/eventlog; on a TPM 1.2 RUNDIR/eventlog12, in the TCG 1.2 format): the\n"
	"PCR, the event type, the sha256 digest (SHA-1 in a TPM 1.2's log) and a\n"
	"readable description. Types the TCG profile does not define are shown as\n"
	"unknown.\n"
	"In an OS the payload booted, the logs it handed over are read: RUNDIR/eventlog\n"
	"and RUNDIR/firmware-eventlog (the firmware's, unless --firmware-log is given).\n\n"
	"  --replay       recompute every PCR from the events and compare it with the\n"
	"                 TPM; exits 0 only when every PCR in the logs matches, else 1.\n"
	"                 On a TPM 1.2 (as the kernel's driver found it, without --tcti\n"
	"                 or HEADS_TCTI) its SHA-1 PCRs, read from /dev/tpm0\n"
	"  --pcrs LIST    with --replay, also compare these PCRs (e.g. 0-7)\n"
	"  --json         print one JSON object instead of text\n" CLI_COMMON_HELP;

struct log_args {
	int replay;
	int json;
	uint32_t extra;
};

static int log_option(int opt, const char *arg, void *data)
{
	struct log_args *a = data;

	if (opt == 'r')
		a->replay = 1;
	else if (opt == 'j')
		a->json = 1;
	else if (opt == 'p' && pcr_list_parse(arg, &a->extra) >= 0)
		return 0;
	else if (opt == 'p')
		return cli_usage_error("log", "invalid PCR list '%s' (numbers 0-23)", arg);
	else
		return EXIT_USAGE;
	return 0;
}

struct listing {
	struct eventlog log;
	int have_firmware, have_payload;
	char payload_path[PATH_MAX];
	char handed_path[PATH_MAX]; /* the firmware log the payload handed over */
	struct replay replay;
	unsigned replay_flags; /* REPLAY_SHA1 on a TPM 1.2 */
	pcr_values live;
	uint32_t compared;
	uint32_t mismatched;
};

static void event_text(const struct event *ev, char type[48], char digest[65],
		       char desc[EVENT_DESCRIPTION_MAX])
{
	event_type_format(ev->type, type, 48);
	if (ev->has_sha256)
		hex_encode(ev->sha256, 32, digest);
	else if (ev->has_sha1)
		hex_encode(ev->sha1, 20, digest);
	else
		strcpy(digest, "-");
	event_describe(ev, desc, EVENT_DESCRIPTION_MAX);
}

static const char *source_name(enum event_source s)
{
	return s == EVENT_FIRMWARE ? "firmware" : "payload";
}

static void print_events_text(const struct listing *l)
{
	if (l->have_firmware == LOGS_FROM_COREBOOT)
		printf("# firmware log: coreboot's, in memory (CBMEM)\n");
	else if (l->have_firmware == LOGS_FROM_HANDOVER)
		printf("# firmware log: %s (handed over by the payload)\n", l->handed_path);
	else
		printf("# firmware log: %s%s\n", cli_firmware_log(),
		       l->have_firmware ? "" : " (not present)");
	printf("# payload log: %s%s\n", l->payload_path, l->have_payload ? "" : " (not present)");
	for (size_t i = 0; i < l->log.count; i++) {
		const struct event *ev = &l->log.events[i];
		char type[48], digest[65], desc[EVENT_DESCRIPTION_MAX];
		event_text(ev, type, digest, desc);
		printf("%-8s PCR %-2u %-32s %s %s\n", source_name(ev->source), ev->pcr, type,
		       digest, desc);
	}
}

void cli_event_json(const struct event *ev, int first)
{
	char type[48], digest[65], desc[EVENT_DESCRIPTION_MAX];

	event_text(ev, type, digest, desc);
	printf("%s\n    {\"source\": \"%s\", \"pcr\": %u, \"type\": ", first ? "" : ",",
	       source_name(ev->source), ev->pcr);
	json_write_string(stdout, type);
	printf(", \"type_code\": %u, \"sha256\": ", ev->type);
	if (ev->has_sha256)
		printf("\"%s\"", digest);
	else
		printf("null");
	printf(", \"sha1\": ");
	if (ev->has_sha1) {
		hex_encode(ev->sha1, 20, digest);
		printf("\"%s\"", digest);
	} else
		printf("null");
	printf(", \"description\": ");
	json_write_string(stdout, desc);
	printf("}");
}

static void print_log_json(const char *key, const char *path, int present)
{
	printf("  \"%s\": {\"path\": ", key);
	json_write_string(stdout, path);
	printf(", \"present\": %s},\n", present ? "true" : "false");
}

static void print_replay_json(const struct listing *l)
{
	size_t size = replay_digest_size(l->replay_flags);
	int first = 1;

	printf(",\n  \"bank\": \"%s\",\n  \"replay\": [", size == 20 ? "sha1" : "sha256");
	for (unsigned p = 0; p < PCR_COUNT; p++) {
		char log_hex[65], tpm_hex[65];
		if (!(l->compared & (1u << p)))
			continue;
		hex_encode(l->replay.values[p], size, log_hex);
		hex_encode(l->live[p], size, tpm_hex);
		printf("%s\n    {\"pcr\": %u, \"log\": \"%s\", \"tpm\": \"%s\", \"match\": %s}",
		       first ? "" : ",", p, log_hex, tpm_hex,
		       (l->mismatched >> p) & 1 ? "false" : "true");
		first = 0;
	}
	printf("\n  ],\n  \"match\": %s", l->mismatched ? "false" : "true");
}

static void print_json(const struct listing *l, int replay)
{
	printf("{\n");
	print_log_json("firmware_log",
		       l->have_firmware == LOGS_FROM_COREBOOT ? "cbmem" :
		       l->have_firmware == LOGS_FROM_HANDOVER ? l->handed_path :
								cli_firmware_log(),
		       l->have_firmware);
	print_log_json("payload_log", l->payload_path, l->have_payload);
	printf("  \"events\": [");
	for (size_t i = 0; i < l->log.count; i++)
		cli_event_json(&l->log.events[i], i == 0);
	printf("\n  ]");
	if (replay)
		print_replay_json(l);
	printf("\n}\n");
}

static void print_replay_text(const struct listing *l)
{
	size_t size = replay_digest_size(l->replay_flags);
	const char *bank = size == 20 ? " (SHA-1)" : "";
	unsigned n = 0;

	for (unsigned p = 0; p < PCR_COUNT; p++) {
		char log_hex[65], tpm_hex[65];
		if (!(l->compared & (1u << p)))
			continue;
		n++;
		if (!((l->mismatched >> p) & 1)) {
			printf("PCR %u: matches the TPM%s\n", p, bank);
			continue;
		}
		hex_encode(l->replay.values[p], size, log_hex);
		hex_encode(l->live[p], size, tpm_hex);
		printf("PCR %u: DIFFERS: the logs give %s, the TPM has %s\n", p, log_hex, tpm_hex);
	}
	if (l->mismatched)
		printf("The event logs do NOT replay to the TPM: %u of %u PCRs differ.\n",
		       (unsigned)__builtin_popcount(l->mismatched), n);
	else
		printf("All %u PCRs in the logs match the TPM.\n", n);
}

/* A TPM 1.2, as the kernel's driver found it, unless a TPM 2.0 TCTI was
 * named (--tcti, HEADS_TCTI). */
static bool tpm12_machine(void)
{
	const char *env = getenv("HEADS_TCTI");
	enum tpm_major major;

	if (cli.tcti || (env && *env))
		return false;
	return tpm_major_detect(TPM_SYSFS_CLASS, &major) >= 0 && major == TPM_MAJOR_1;
}

/* The SHA-1 PCRs of the TPM 1.2, each into the first 20 bytes. */
static int read_tpm12(uint32_t mask, pcr_values live)
{
	_cleanup_tpm12_ struct tpm12 *t = NULL;
	tpm12_pcr_values values;
	int r = tpm12_open(TPM12_DEFAULT_SPEC, &t);

	if (r >= 0)
		r = tpm12_pcr_read_mask(t, mask, values);
	if (r < 0)
		return log_error_errno(r, "Cannot read the PCRs of the TPM 1.2: %m");
	for (unsigned p = 0; p < PCR_COUNT; p++)
		if ((mask >> p) & 1)
			memcpy(live[p], values[p], TPM12_PCR_SIZE);
	return 0;
}

static int read_live(const struct listing *l, pcr_values live)
{
	_cleanup_tpm_ struct tpm *t = NULL;
	int r;

	if (l->replay_flags & REPLAY_SHA1)
		return read_tpm12(l->compared, live);
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	return r < 0 ? r : tpm_pcr_read(t, l->compared, live);
}

static int replay_against_tpm(struct listing *l, uint32_t extra)
{
	size_t size;
	int r;

	l->replay_flags = tpm12_machine() ? REPLAY_SHA1 : 0;
	size = replay_digest_size(l->replay_flags);
	r = replay_log(&l->log, l->replay_flags, &l->replay);
	if (r < 0)
		return r;
	l->compared = l->replay.mask | extra;
	if (l->compared && (r = read_live(l, l->live)) < 0)
		return r;
	for (unsigned p = 0; p < PCR_COUNT; p++)
		if (((l->compared >> p) & 1) && (((l->replay.unreplayable >> p) & 1) ||
						 memcmp(l->replay.values[p], l->live[p], size)))
			l->mismatched |= 1u << p;
	return 0;
}

/* The payload log's path as logs_load finds it: the crypto-agile log,
 * else the TCG 1.2 one. */
static int payload_log_path(char *buf, size_t size)
{
	int r = measure_log_path(cli_rundir(), buf, size);
	char path12[PATH_MAX];

	if (r < 0 || access(buf, F_OK) == 0)
		return r;
	if (measure12_log_path(cli_rundir(), path12, sizeof(path12)) >= 0 && access(path12, F_OK) == 0)
		return strfmt(buf, size, "%s", path12);
	return 0;
}

static int run_log(const struct log_args *a)
{
	struct listing l = { 0 };
	int r = payload_log_path(l.payload_path, sizeof(l.payload_path));

	if (r >= 0)
		r = strfmt(l.handed_path, sizeof(l.handed_path), "%s/%s", cli_rundir(),
			   LOGS_HANDED_FIRMWARE_NAME);
	if (r >= 0)
		r = logs_load(cli_firmware_log(), cli_rundir(), &l.log, &l.have_firmware,
			      &l.have_payload);
	if (r >= 0 && a->replay)
		r = replay_against_tpm(&l, a->extra);
	if (r >= 0) {
		if (a->json)
			print_json(&l, a->replay);
		else
			print_events_text(&l);
		if (a->replay && !a->json)
			print_replay_text(&l);
		r = l.mismatched ? 1 : 0;
	}
	eventlog_free(&l.log);
	return r;
}

int cmd_log(int argc, char **argv)
{
	static const struct option opts[] = { { "replay", no_argument, NULL, 'r' },
					      { "json", no_argument, NULL, 'j' },
					      { "pcrs", required_argument, NULL, 'p' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct log_args a = { 0 };
	int r = cli_parse(argc, argv, "log", log_help, opts, CLI_COMMON_SHORT, log_option, &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("log", "unexpected argument '%s'", argv[optind]);
	if (a.extra && !a.replay)
		return cli_usage_error("log", "--pcrs needs --replay");
	r = run_log(&a);
	if (r == 1)
		return EXIT_ERROR;
	if (r == -EBADMSG)
		return EXIT_USAGE;
	return exit_code_from_errno(r);
}

static const char predict_help[] =
	"Usage: heads tpm predict --pcrs LIST [--without-caps] [--json]\n"
	"       heads tpm predict --rom IMAGE [--pcrs LIST] [--json]\n"
	"Prints 'N: HEX' per PCR: the value computed by replaying the firmware's and the\n"
	"payload's event logs. The logs must first replay to the TPM's current values.\n"
	"With --rom, the values a clean boot of the coreboot image IMAGE gives: PCR 2\n"
	"as coreboot measures its FMAP, stages and payload from the image, PCR 7 from\n"
	"the image's owner files (heads/initrd/...) as /init measures them, and any\n"
	"other PCR of LIST from this machine's clean-boot logs.\n\n"
	"  --pcrs LIST     the PCRs to predict, e.g. 0,1,2,3,4,7 (with --rom: 2,7)\n"
	"  --rom IMAGE     predict a boot of this ROM image; --json then prints an\n"
	"                  object with \"pcrs\" and the computed \"events\"\n"
	"  --without-caps  leave out the payload's boot-mode caps: the values of a clean\n"
	"                  boot, to seal secrets to after a cap was applied\n"
	"  --json          print a JSON array of {\"pcr\": N, \"sha256\": HEX} instead\n" CLI_COMMON_HELP;

struct predict_args {
	const char *rom;
	uint32_t mask;
	unsigned flags;
	int json;
};

static int predict_option(int opt, const char *arg, void *data)
{
	struct predict_args *a = data;

	if (opt == 'w') {
		a->flags |= REPLAY_WITHOUT_CAPS;
		return 0;
	}
	if (opt == 'j') {
		a->json = 1;
		return 0;
	}
	if (opt == 'r') {
		a->rom = arg;
		return 0;
	}
	if (opt == 'p' && pcr_list_parse(arg, &a->mask) >= 0)
		return 0;
	if (opt == 'p')
		return cli_usage_error("tpm predict", "invalid PCR list '%s' (numbers 0-23)", arg);
	return EXIT_USAGE;
}

static int predict(const struct predict_args *a)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_tpm_ struct tpm *t = NULL;
	struct prediction pr;
	int r = logs_load(cli_firmware_log(), cli_rundir(), &log, NULL, NULL);

	if (r >= 0)
		r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = predict_pcrs(t, &log, a->mask, a->flags, &pr);
	if (r < 0)
		return r;
	cli_print_pcrs(a->mask, (const uint8_t(*)[32])pr.values, a->json);
	return 0;
}

int cmd_tpm_predict(int argc, char **argv)
{
	static const struct option opts[] = { { "pcrs", required_argument, NULL, 'p' },
					      { "without-caps", no_argument, NULL, 'w' },
					      { "json", no_argument, NULL, 'j' },
					      { "rom", required_argument, NULL, 'r' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct predict_args a = { 0 };
	int r = cli_parse(argc, argv, "tpm predict", predict_help, opts, CLI_COMMON_SHORT,
			  predict_option, &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("tpm predict", "unexpected argument '%s'", argv[optind]);
	if (a.rom && (a.flags & REPLAY_WITHOUT_CAPS))
		return cli_usage_error("tpm predict",
				       "--rom predicts a clean boot; drop --without-caps");
	if (a.rom) {
		r = cli_predict_rom(a.rom, a.mask ? a.mask : ROM_PCRS, a.json);
		return exit_code_from_errno(r);
	}
	if (!a.mask)
		return cli_usage_error("tpm predict", "give --pcrs LIST");
	r = predict(&a);
	return exit_code_from_errno(r == -EBADMSG ? -EIO : r);
}
