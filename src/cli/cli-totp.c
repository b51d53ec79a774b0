/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads totp enroll` and `heads totp show`. */
#include "cli.h"
#include "cli-pin.h"
#include "exitcode.h"
#include "hexdump.h"
#include "hotp.h"
#include "log.h"
#include "pcr.h"
#include "qr.h"
#include "sealed-explain.h"
#include "snapshot.h"
#include "totp-seal.h"
#include "totp-tpm.h"
#include "totp12.h"
#include "tpm12.h"

#include <limits.h>
#include <time.h>

static const char enroll_help[] =
	"Usage: heads totp enroll [--pcrs LIST] [--no-qr] [--label NAME]\n"
	"                         [--primary-key sha256:HEX] [--accept-new-primary]\n"
	"Makes a new TOTP secret, seals it into the TPM as an HMAC key bound to the\n"
	"current values of the PCRs, and prints the otpauth URI and a QR code to scan\n"
	"with a phone authenticator. An earlier secret is replaced only once the new\n"
	"one is shown to work. If this boot already carries a boot-mode cap, the secret is\n"
	"bound to the clean-boot values computed from the event logs instead. The events\n"
	"it is bound to are kept in STATEDIR/totp.eventlog, to explain a later refusal.\n"
	"The secret is sent only to the pinned TPM primary key (see --primary-key).\n"
	"On a TPM 1.2 (which has no HMAC keys) the secret is sealed to the PCRs under\n"
	"its storage root key instead, in STATEDIR/totp12.sealed.\n\n"
	"  --pcrs LIST    PCRs the secret is bound to (default " TOTP_DEFAULT_PCRS ")\n"
	"  --no-qr        print the URI only\n"
	"  --label NAME   account name shown in the phone app (default: host name)\n" CLI_PIN_HELP
		CLI_COMMON_HELP;

struct enroll_args {
	uint32_t mask;
	int qr;
	const char *label;
	struct cli_pin_args pin;
};

static int enroll_option(int opt, const char *arg, void *data)
{
	struct enroll_args *a = data;
	int r = cli_pin_option(opt, arg, "totp enroll", &a->pin);

	if (r)
		return r == 1 ? 0 : r;
	switch (opt) {
	case 'p':
		if (pcr_list_parse(arg, &a->mask) < 0)
			return cli_usage_error("totp enroll",
					       "invalid PCR list '%s' (numbers 0-23, e.g. 0,1,2,3,4,7)",
					       arg);
		return 0;
	case 'n':
		a->qr = 0;
		return 0;
	case 'l':
		a->label = arg;
		return 0;
	default:
		return EXIT_USAGE;
	}
}

static void print_enrolment(const char *uri, int qr, uint32_t mask)
{
	char list[80];

	pcr_list_format(mask, list, sizeof(list));
	printf("TOTP secret enrolled, bound to PCRs %s.\n", list);
	printf("Scan this with your phone's authenticator app, or type the URI in:\n\n");
	if (qr)
		qr_print(stdout, uri);
	printf("%s\n", uri);
	fflush(stdout);
}

static int snapshot_file(char *buf, size_t size)
{
	int r = snapshot_path(cli_statedir(), "totp", buf, size);

	return r < 0 ? log_error_errno(r, "The state directory name is too long") : 0;
}

/* On a TPM 1.2: the secret sealed to the PCRs, kept in the state
 * directory. */
static int enroll12(struct tpm12 *t, const struct enroll_args *a, const char *label)
{
	_cleanup_secret_ struct secret uri = { 0 };
	int r = totp12_enroll(t, cli_statedir(), label, a->mask, &uri);

	if (r == -ENODATA)
		return log_error_errno(r,
				       "The TPM 1.2 has no owner, so nothing can be sealed to it: take ownership of the TPM first.");
	if (r < 0)
		return log_error_errno(r, "Cannot seal the TOTP secret with the TPM 1.2: %m");
	print_enrolment((const char *)uri.buf, a->qr, a->mask);
	return 0;
}

static int enroll(const struct enroll_args *a)
{
	_cleanup_secret_ struct secret uri = { 0 };
	_cleanup_tpm_ struct tpm *t = NULL;
	_cleanup_tpm12_ struct tpm12 *t12 = NULL;
	struct seal_paths p = { cli_firmware_log(), cli_rundir(), cli_statedir() };
	char host[HOST_NAME_MAX + 1] = "heads";
	struct primary_pin pin;
	int r;

	if (!a->label && gethostname(host, sizeof(host)) < 0)
		strcpy(host, "heads");
	r = cli_tpm12_open(&t12);
	if (r > 0)
		return enroll12(t12, a, a->label ? a->label : host);
	if (r < 0)
		return r;
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = cli_pin_settle(t, &a->pin, &pin);
	if (r >= 0)
		r = totp_enroll_new(t, a->label ? a->label : host, a->mask, &p, &uri);
	if (r >= 0)
		r = cli_pin_keep(&pin);
	if (r < 0)
		return r;
	print_enrolment((const char *)uri.buf, a->qr, a->mask);
	return 0;
}

int cmd_totp_enroll(int argc, char **argv)
{
	static const struct option opts[] = { { "pcrs", required_argument, NULL, 'p' },
					      { "no-qr", no_argument, NULL, 'n' },
					      { "label", required_argument, NULL, 'l' },
					      CLI_PIN_OPTIONS,
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct enroll_args a = { .qr = 1 };
	int r;

	(void)pcr_list_parse(TOTP_DEFAULT_PCRS, &a.mask);
	r = cli_parse(argc, argv, "totp enroll", enroll_help, opts, CLI_COMMON_SHORT, enroll_option,
		      &a);
	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("totp enroll", "unexpected argument '%s'", argv[optind]);
	return exit_code_from_errno(enroll(&a));
}

static const char show_help[] =
	"Usage: heads totp show [--time UNIX]\n"
	"Prints the current 6-digit TOTP code, computed inside the TPM. Compare it with\n"
	"your phone: the TPM computes it only while the measured state (PCRs) equals\n"
	"the one at enrolment. Exits 3 when the measured state changed, naming the PCRs\n"
	"and the events that differ from the ones kept at enrolment. On a TPM 1.2 the\n"
	"secret is sealed to the PCRs and unsealed only to compute the code.\n\n"
	"  --time UNIX    the code for this Unix time instead of now\n" CLI_COMMON_HELP;

static int parse_time(const char *s, int64_t *ret)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || !end || *end || end == s || v < 0 || *s == '+' || *s == ' ')
		return -EINVAL;
	*ret = v;
	return 0;
}

static int show_option(int opt, const char *arg, void *data)
{
	if (opt == 't' && parse_time(arg, data) >= 0)
		return 0;
	return cli_usage_error("totp show",
			       "invalid --time '%s' (seconds since 1970, e.g. 1700000000)", arg);
}

/* Names the PCRs and events that differ from the sealed state. Only on
 * the failure path: it costs one more TPM command (a PCR read). */
static void explain_changes(struct tpm *t, uint32_t mask)
{
	char path[PATH_MAX];
	struct explain_sources src = { path, cli_firmware_log(), cli_rundir() };

	if (snapshot_file(path, sizeof(path)) < 0)
		return;
	(void)sealed_explain(t, mask, &src, stderr);
}

static int explain_failure(struct tpm *t, int r, const struct totp_meta *meta)
{
	char list[80];

	if (r == -E_SEALED) {
		pcr_list_format(meta->pcr_mask, list, sizeof(list));
		log_error("The measured state changed since the TOTP secret was enrolled: the TPM refused to compute the code.\n"
			  "The secret is bound to PCRs %s, and at least one of them now differs:",
			  list);
		explain_changes(t, meta->pcr_mask);
		return log_error_errno(r,
				       "If you did not update the firmware or its settings, treat this machine as tampered.");
	}
	if (r == -ENOENT)
		return log_error_errno(r,
				       "No TOTP secret is enrolled in this TPM; run 'heads totp enroll'.");
	return r;
}

/* On a TPM 1.2: the secret unsealed only to compute the code. */
static int show12(struct tpm12 *t, int64_t now)
{
	char text[OTP_MAX_DIGITS + 1], list[80];
	uint32_t code = 0, mask = 0;
	int r = totp12_code(t, cli_statedir(), now, &code, &mask);

	log_debug("TOTP on the TPM 1.2: %u TPM commands", tpm12_command_count());
	if (r == -E_SEALED) {
		pcr_list_format(mask, list, sizeof(list));
		log_error("The measured state changed since the TOTP secret was enrolled: the TPM refused to release it.\n"
			  "The secret is sealed to PCRs %s, and at least one of them now differs.",
			  list);
		return exit_code_from_errno(
			log_error_errno(r,
					"If you did not update the firmware or its settings, treat this machine as tampered."));
	}
	if (r == -ENOENT)
		return exit_code_from_errno(
			log_error_errno(r,
					"No TOTP secret is enrolled for this TPM; run 'heads totp enroll'."));
	if (r < 0)
		return exit_code_from_errno(
			log_error_errno(r, "Cannot unseal the TOTP secret with the TPM 1.2: %m"));
	otp_format(code, OTP_DIGITS, text);
	printf("%s\n", text);
	return EXIT_OK;
}

int cmd_totp_show(int argc, char **argv)
{
	static const struct option opts[] = { { "time", required_argument, NULL, 't' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	_cleanup_tpm_ struct tpm *t = NULL;
	_cleanup_tpm12_ struct tpm12 *t12 = NULL;
	struct totp_meta meta = { 0 };
	int64_t now = (int64_t)time(NULL);
	char text[OTP_MAX_DIGITS + 1];
	uint32_t code = 0;
	int r = cli_parse(argc, argv, "totp show", show_help, opts, CLI_COMMON_SHORT, show_option,
			  &now);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("totp show", "unexpected argument '%s'", argv[optind]);
	r = cli_tpm12_open(&t12);
	if (r > 0)
		return show12(t12, now);
	if (r < 0)
		return exit_code_from_errno(r);
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = totp_tpm_code(t, cli_statedir(), now, &code, &meta);
	if (r < 0)
		return exit_code_from_errno(explain_failure(t, r, &meta));
	otp_format(code, OTP_DIGITS, text);
	printf("%s\n", text);
	return EXIT_OK;
}
