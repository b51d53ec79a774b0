/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads attest quote`, `enroll`, `golden` and `extract`: making an
 * attestation for a remote verifier, and its parts for other tools. */
#include "attest-file.h"
#include "attest-qr.h"
#include "cli-attest.h"
#include "cli-pin.h"
#include "cli.h"
#include "golden-rom.h"
#include "ekcert.h"
#include "exitcode.h"
#include "fileio.h"
#include "hexdump.h"
#include "log.h"
#include "logs.h"
#include "pcr.h"
#include "qr.h"
#include "quote.h"
#include "strbuf.h"
#include "tpm.h"
#include "verify.h"

#include <sys/stat.h>

int cli_attest_nonce(const char *cmd, const char *hex, uint8_t nonce[ATTEST_NONCE_MAX],
		     size_t *ret_len)
{
	size_t n = strlen(hex);

	if (n == 0 || n % 2 || n / 2 > ATTEST_NONCE_MAX || hex_decode(hex, nonce, n / 2) < 0)
		return cli_usage_error(cmd, "invalid --nonce '%s' (1 to %u bytes in hex)", hex,
				       ATTEST_NONCE_MAX);
	*ret_len = n / 2;
	return 0;
}

int cli_attest_read(const char *path, int from_qr, struct attest_file *ret)
{
	_cleanup_free_ char *buf = NULL, *joined = NULL;
	size_t len = 0;
	unsigned line = 0;
	int r = read_file_follow(path, 2 * ATTEST_FILE_MAX, &buf, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", path);
	if (from_qr) {
		r = attest_qr_join(buf, len, &joined, &len);
		if (r < 0)
			return log_error_errno(r == -E2BIG ? r : -EBADMSG,
					       "%s does not hold every piece of one attestation (HEADSQ<i>/<n>:...)",
					       path);
		free(buf);
		buf = TAKE_PTR(joined);
	}
	r = attest_file_parse(buf, len, ret, &line);
	if (r == -E2BIG)
		return log_error_errno(-EBADMSG, "%s is larger than an attestation file can be",
				       path);
	if (r < 0)
		return log_error_errno(-EBADMSG, "%s is not a heads attestation file (line %u)",
				       path, line);
	return 0;
}

static int write_attest(const struct attest_file *f, const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = attest_file_format(f, &text, &len);

	if (r >= 0)
		r = write_file_atomic(path, text, len, 0644);
	if (r < 0)
		return log_error_errno(r, "Cannot write %s: %m", path);
	return 0;
}

/* Creating the AK makes it persistent, which an owned TPM allows only
 * with the owner passphrase; once it exists, quotes need none. */
#define OWNER_HELP                                                                         \
	"  --owner-passphrase-file F  the TPM owner passphrase, needed once on an owned\n" \
	"                 TPM (set by 'heads tpm reset') to create the AK\n"

static const char quote_help[] =
	"Usage: heads attest quote --nonce HEX --out FILE [--pcrs LIST] [--qr]\n"
	"                          [--owner-passphrase-file F]\n"
	"Writes an attestation for a remote verifier to FILE: the TPM's quote of the\n"
	"sha256 PCRs signed by the attestation key (AK) with the verifier's nonce, the\n"
	"PCR values, the AK's public key, the EK certificate when the TPM holds one,\n"
	"and the firmware's and the payload's event logs. The AK is created on first\n"
	"use under the endorsement key, persistent at TPM handle 0x81000040.\n\n"
	"  --nonce HEX    the verifier's fresh random value (1 to 64 bytes)\n"
	"  --out FILE     where to write the attestation\n"
	"  --pcrs LIST    PCRs to quote (default: 0-7, the firmware's and the payload's\n"
	"                 PCRs, and 9 when a log extends it, as the kernel's EFI stub does)\n"
	"  --qr           also print the file as numbered QR codes (HEADSQ<i>/<n>:...)\n" OWNER_HELP
		CLI_COMMON_HELP;

/* The AK could not be made persistent for want of the owner passphrase. */
static int owner_needed(int r, const char *file)
{
	if (r == -E_PASSPHRASE && !file)
		log_error("The TPM is owned: creating the attestation key needs the owner passphrase "
			  "(--owner-passphrase-file F), once.");
	return r;
}

/* The owner passphrase, when given, for the AK's creation. */
static int open_tpm(const char *owner_file, struct tpm **ret)
{
	int r = tpm_open(tpm_tcti_choose(cli.tcti), ret);

	if (r >= 0 && owner_file)
		r = cli_owner_auth(*ret, owner_file);
	return r;
}

struct quote_args {
	const char *owner_file;
	const char *nonce;
	const char *out;
	uint32_t mask;
	int qr;
};

static int quote_option(int opt, const char *arg, void *data)
{
	struct quote_args *a = data;

	if (opt == 'n')
		a->nonce = arg;
	else if (opt == 'o')
		a->out = arg;
	else if (opt == 'Q')
		a->qr = 1;
	else if (opt == OPT_OWNER_PASSPHRASE)
		a->owner_file = arg;
	else if (opt == 'p' && pcr_list_parse(arg, &a->mask) >= 0)
		return 0;
	else if (opt == 'p')
		return cli_usage_error("attest quote", "invalid PCR list '%s' (numbers 0-23)", arg);
	else
		return EXIT_USAGE;
	return 0;
}

/* Each piece as a line of text, then its QR code. */
static int print_qr(const struct attest_file *f)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_strv_ char **pieces = NULL;
	size_t len = 0;
	int r = attest_file_format(f, &text, &len);

	if (r >= 0)
		r = attest_qr_split(text, len, ATTEST_QR_CHUNK, &pieces);
	for (size_t i = 0; r >= 0 && pieces[i]; i++) {
		printf("%s\n", pieces[i]);
		r = qr_print(stdout, pieces[i]);
	}
	return r;
}

static int run_quote(const struct quote_args *a, const uint8_t *nonce, size_t nonce_len)
{
	_cleanup_tpm_ struct tpm *t = NULL;
	struct attest_file f = { 0 };
	struct quote_request req = {
		.nonce = nonce,
		.nonce_len = nonce_len,
		.mask = a->mask,
		.firmware_log = cli_firmware_log(),
		.rundir = cli_rundir(),
	};
	char list[80];
	int r = open_tpm(a->owner_file, &t);

	if (r >= 0)
		r = owner_needed(attest_quote(t, &req, &f), a->owner_file);
	if (r >= 0)
		r = write_attest(&f, a->out);
	if (r >= 0 && a->qr)
		r = print_qr(&f);
	if (r >= 0) {
		pcr_list_format(f.pcr_mask, list, sizeof(list));
		log_info("Quoted PCRs %s (%u TPM commands)", list, tpm_command_count());
		printf("Attestation of PCRs %s written to %s\n", list, a->out);
	}
	attest_file_free(&f);
	return r;
}

int cmd_attest_quote(int argc, char **argv)
{
	static const struct option opts[] = { { "nonce", required_argument, NULL, 'n' },
					      { "out", required_argument, NULL, 'o' },
					      { "pcrs", required_argument, NULL, 'p' },
					      { "qr", no_argument, NULL, 'Q' },
					      { "owner-passphrase-file", required_argument, NULL,
						OPT_OWNER_PASSPHRASE },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct quote_args a = { 0 };
	uint8_t nonce[ATTEST_NONCE_MAX];
	size_t nonce_len = 0;
	int r = cli_parse(argc, argv, "attest quote", quote_help, opts, CLI_COMMON_SHORT,
			  quote_option, &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("attest quote", "unexpected argument '%s'", argv[optind]);
	if (!a.nonce || !a.out)
		return cli_usage_error("attest quote", "give --nonce HEX and --out FILE");
	if (cli_attest_nonce("attest quote", a.nonce, nonce, &nonce_len) != 0)
		return EXIT_USAGE;
	return exit_code_from_errno(run_quote(&a, nonce, nonce_len));
}

static const char enroll_help[] =
	"Usage: heads attest enroll --out AK.pem [--ca FILE] [--owner-passphrase-file F]\n"
	"Writes the attestation key's public key (PEM) to AK.pem, creating the key on\n"
	"first use, for the verifier to keep; and reports the TPM's EK certificate:\n"
	"absent, or present and whether its public key is this TPM's endorsement key.\n\n"
	"  --out FILE     where to write the AK's public key\n"
	"  --ca FILE      also check the EK certificate's chain to these CA\n"
	"                 certificates (PEM; the TPM maker's)\n" OWNER_HELP CLI_COMMON_HELP;

struct enroll_args {
	const char *owner_file;
	const char *out;
	const char *ca;
};

static int enroll_option(int opt, const char *arg, void *data)
{
	struct enroll_args *a = data;

	if (opt == 'o')
		a->out = arg;
	else if (opt == 'c')
		a->ca = arg;
	else if (opt == OPT_OWNER_PASSPHRASE)
		a->owner_file = arg;
	else
		return EXIT_USAGE;
	return 0;
}

/* One line per certificate; -E_SIGNATURE when one is for another key or
 * its chain does not verify. */
static int report_cert(const char *name, TPM2_HANDLE index, const struct ek_cert_report *rep)
{
	static const char *const states[] = {
		[EK_CERT_ABSENT] = "absent",
		[EK_CERT_MATCHES] = "present; its public key is this TPM's endorsement key",
		[EK_CERT_OTHER_KEY] = "present, but for ANOTHER key than this TPM's endorsement key",
		[EK_CERT_MALFORMED] = "present, but not a readable X.509 certificate",
	};

	printf("EK certificate (%s, NV 0x%08x): %s\n", name, index, states[rep->state]);
	if (rep->chain == EK_CHAIN_VERIFIED)
		printf("EK certificate (%s): chain verified against the CA file\n", name);
	else if (rep->chain == EK_CHAIN_FAILED)
		printf("EK certificate (%s): chain does NOT verify against the CA file: %s\n", name,
		       rep->chain_error);
	if (rep->state == EK_CERT_OTHER_KEY || rep->state == EK_CERT_MALFORMED ||
	    rep->chain == EK_CHAIN_FAILED)
		return -E_SIGNATURE;
	return 0;
}

static int check_certs(struct tpm *t, const char *ca, size_t ca_len)
{
	struct ek_cert_report rsa, ecc;
	int r = ek_cert_check(t, EK_RSA, ca, ca_len, &rsa), r2;

	if (r >= 0)
		r = ek_cert_check(t, EK_ECC, ca, ca_len, &ecc);
	if (r < 0)
		return r;
	r = report_cert("RSA", EK_CERT_NV_RSA, &rsa);
	r2 = report_cert("ECC", EK_CERT_NV_ECC, &ecc);
	return r < 0 ? r : r2;
}

static int run_enroll(const struct enroll_args *a)
{
	_cleanup_tpm_ struct tpm *t = NULL;
	_cleanup_free_ char *pem = NULL, *ca = NULL;
	size_t len = 0, ca_len = 0;
	int r = a->ca ? read_file_follow(a->ca, ATTEST_FILE_MAX, &ca, &ca_len) : 0;

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", a->ca);
	r = open_tpm(a->owner_file, &t);
	if (r >= 0)
		r = owner_needed(attest_ak_pem(t, &pem, &len), a->owner_file);
	if (r == -E_PASSPHRASE)
		return r;
	if (r >= 0)
		r = write_file_atomic(a->out, pem, len, 0644);
	if (r < 0)
		return log_error_errno(r, "Cannot write the attestation key to %s: %m", a->out);
	printf("Attestation key (TPM handle 0x%08x): public key written to %s\n", HEADS_AK_HANDLE,
	       a->out);
	return check_certs(t, ca, ca_len);
}

int cmd_attest_enroll(int argc, char **argv)
{
	static const struct option opts[] = { { "out", required_argument, NULL, 'o' },
					      { "ca", required_argument, NULL, 'c' },
					      { "owner-passphrase-file", required_argument, NULL,
						OPT_OWNER_PASSPHRASE },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct enroll_args a = { 0 };
	int r = cli_parse(argc, argv, "attest enroll", enroll_help, opts, CLI_COMMON_SHORT,
			  enroll_option, &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("attest enroll", "unexpected argument '%s'", argv[optind]);
	if (!a.out)
		return cli_usage_error("attest enroll", "give --out AK.pem");
	return exit_code_from_errno(run_enroll(&a));
}

static const char golden_help[] =
	"Usage: heads attest golden (--from FILE | --rom IMAGE [--from FILE]) --out GOLDEN\n"
	"Writes a golden file: the PCR values and event logs of an attestation FILE made\n"
	"on the machine in a state you trust, for 'heads attest verify --golden' to\n"
	"compare later attestations with, naming each event that differs. FILE's logs\n"
	"must replay to its PCR values.\n"
	"With --rom, PCRs 2 and 7 and their events are those a boot of the coreboot\n"
	"image IMAGE measures (computed as 'heads tpm predict --rom' does); the other\n"
	"PCRs come from FILE, or without --from the golden file holds PCRs 2 and 7\n"
	"alone (verify quotes of those: 'heads attest quote --pcrs 2,7').\n\n"
	"  --from FILE    a trusted attestation file (from 'heads attest quote')\n"
	"  --rom IMAGE    the firmware image the golden state is that of\n"
	"  --out GOLDEN   where to write the golden file\n" CLI_COMMON_HELP;

struct golden_args {
	const char *from;
	const char *rom;
	const char *out;
};

static int golden_option(int opt, const char *arg, void *data)
{
	struct golden_args *a = data;

	if (opt == 'f')
		a->from = arg;
	else if (opt == 'o')
		a->out = arg;
	else if (opt == 'r')
		a->rom = arg;
	else
		return EXIT_USAGE;
	return 0;
}

/* coreboot's boot path as the trusted attestation's firmware log shows
 * it, else the default one. */
static void rom_template_of(const struct attest_file *base, struct rom_template *ret)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };

	if (!base || attest_file_events(base, &log) < 0 || rom_template_from_log(&log, ret) < 0)
		rom_template_default(ret);
}

static int golden_rom(const struct golden_args *a, const struct attest_file *base,
		      struct attest_file *ret)
{
	_cleanup_free_ char *img = NULL;
	struct rom_template tpl;
	size_t len = 0;
	int r = read_file_follow(a->rom, ROM_IMAGE_MAX, &img, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", a->rom);
	rom_template_of(base, &tpl);
	r = attest_golden_from_rom(base, (const uint8_t *)img, len, &tpl, ret);
	if (r == -EBADMSG && base)
		return log_error_errno(r,
				       "%s is not a coreboot image, or the event logs in %s are "
				       "malformed",
				       a->rom, a->from);
	if (r == -EBADMSG)
		return log_error_errno(r, "%s is not a coreboot image", a->rom);
	return r;
}

static int run_golden(const struct golden_args *a)
{
	_cleanup_attest_file_ struct attest_file f = { 0 };
	_cleanup_attest_file_ struct attest_file g = { 0 };
	int r = a->from ? cli_attest_read(a->from, 0, &f) : 0;

	if (r < 0)
		return r;
	r = a->rom ? golden_rom(a, a->from ? &f : NULL, &g) : attest_golden_from(&f, &g);
	if (r == -EBADMSG)
		return log_error_errno(r, "The event logs in %s are malformed", a->from);
	if (r == -E_DIFFERS)
		return log_error_errno(r,
				       "The event logs in %s do not replay to its PCR values; it cannot serve as golden",
				       a->from);
	if (r >= 0)
		r = write_attest(&g, a->out);
	if (r >= 0)
		printf("Golden state written to %s\n", a->out);
	return r;
}

int cmd_attest_golden(int argc, char **argv)
{
	static const struct option opts[] = { { "from", required_argument, NULL, 'f' },
					      { "out", required_argument, NULL, 'o' },
					      { "rom", required_argument, NULL, 'r' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct golden_args a = { 0 };
	int r = cli_parse(argc, argv, "attest golden", golden_help, opts, CLI_COMMON_SHORT,
			  golden_option, &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("attest golden", "unexpected argument '%s'", argv[optind]);
	if ((!a.from && !a.rom) || !a.out)
		return cli_usage_error("attest golden",
				       "give --from FILE or --rom IMAGE, and --out GOLDEN");
	return exit_code_from_errno(run_golden(&a));
}
