/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads`: one command with subcommands, for the payload and the OS. */
#include "cli.h"
#include "exitcode.h"
#include "init.h"
#include "log.h"

#include <openssl/crypto.h>
#include <stdlib.h>

struct command {
	const char *group;
	const char *verb;
	int (*run)(int argc, char **argv);
	const char *summary;
	int x509; /* checks X.509 certificates: OpenSSL looks digests up by name */
};

static const struct command commands[] = {
	{ "tpm", "pcrs", cmd_tpm_pcrs, "print the sha256 PCR values" },
	{ "tpm", "extend", cmd_tpm_extend, "extend a PCR with a string or a file, and log it" },
	{ "tpm", "predict", cmd_tpm_predict, "clean-boot PCR values computed from the event logs" },
	{ "tpm", "reset", cmd_tpm_reset, "clear the TPM and set the owner passphrase" },
	{ "tpm", "own", cmd_tpm_own, "take ownership of a TPM 1.2 with an owner passphrase" },
	{ "tpm", "close-platform", cmd_tpm_close_platform,
	  "close the TPM's platform hierarchy until reboot" },
	{ "owner", "reset", cmd_owner_reset,
	  "factory reset: new TPM owner, signing key, keyring in flash, /boot, TOTP, disk key" },
	{ "totp", "enroll", cmd_totp_enroll, "seal a new TOTP secret into the TPM" },
	{ "totp", "show", cmd_totp_show, "print the TOTP code computed by the TPM" },
	{ "totp", "reseal", cmd_totp_reseal, "seal the TOTP key to other states, same secret" },
	{ "disk", "measure", cmd_disk_measure, "measure LUKS headers into PCR 6" },
	{ "disk", "enroll", cmd_disk_enroll, "seal a new disk unlock key in the TPM" },
	{ "disk", "unseal", cmd_disk_unseal, "release the disk unlock key into a file" },
	{ "disk", "reseal", cmd_disk_reseal, "seal the disk key to other states, same key" },
	{ "verity", "check", cmd_verity_check,
	  "check a dm-verity device against the signed root hash" },
	{ "attest", "quote", cmd_attest_quote,
	  "write a signed quote of the PCRs with the event logs" },
	{ "attest", "verify", cmd_attest_verify, "check an attestation file as a remote verifier" },
	{ "attest", "enroll", cmd_attest_enroll,
	  "write the attestation key; check the EK certificate", 1 },
	{ "attest", "golden", cmd_attest_golden, "the golden state from a trusted attestation file" },
	{ "attest", "extract", cmd_attest_extract,
	  "write an attestation file's parts for other tools" },
	{ "flash", "read", cmd_flash_read, "read the whole flash chip into a file" },
	{ "flash", "list", cmd_flash_list, "list the files of the flash's CBFS (or of a ROM image)" },
	{ "flash", "set-owner-file", cmd_flash_set_owner_file,
	  "write one owner file (heads/initrd/...) into the flash" },
	{ "flash", "update", cmd_flash_update, "write a new firmware image, secrets kept" },
	/* A NULL verb: the group is the whole command. */
	{ "log", NULL, cmd_log, "list the measured events; --replay checks them against the TPM" },
	{ "sign", NULL, cmd_sign, "sign /boot: manifest, signature, rollback counter" },
	{ "verify", NULL, cmd_verify, "check /boot against its signed manifest" },
	{ "entries", NULL, cmd_entries, "list the boot entries found in BOOTDIR" },
	{ "boot", NULL, cmd_boot, "load a boot entry of BOOTDIR with kexec and start it" },
};

static void print_commands(FILE *out, const char *group)
{
	for (size_t i = 0; i < ELEMENTSOF(commands); i++) {
		const struct command *c = &commands[i];

		if (group && !streq(group, c->group))
			continue;
		if (c->verb)
			fprintf(out, "  heads %-6s %-8s %s\n", c->group, c->verb, c->summary);
		else
			fprintf(out, "  heads %-15s %s\n", c->group, c->summary);
	}
}

static int help(FILE *out, int code)
{
	fputs("Usage: heads [OPTIONS] COMMAND [ARGS]\n"
	      "Measured boot, TPM-backed TOTP attestation and signed /boot.\n\n"
	      "Commands:\n",
	      out);
	print_commands(out, NULL);
	fputs("\nOptions (also accepted after the command):\n" CLI_COMMON_HELP
	      "  --version      print the version\n\n"
	      "Run 'heads COMMAND --help' for a command's options.\n"
	      "Exit codes: 0 ok, 1 error, 2 bad usage or input, 3 measured state differs,\n"
	      "4 /boot differs, 5 bad signature, 6 rollback, 7 wrong passphrase.\n",
	      out);
	return code;
}

static int group_help(const char *group, int code)
{
	FILE *out = code ? stderr : stdout;

	fprintf(out, "Usage: heads %s COMMAND [OPTIONS]\n\nCommands:\n", group);
	print_commands(out, group);
	return code;
}

static const struct command *find(const char *group, const char *verb, int *group_known)
{
	*group_known = 0;
	for (size_t i = 0; i < ELEMENTSOF(commands); i++) {
		if (!streq(group, commands[i].group))
			continue;
		if (!commands[i].verb) /* a command of one word */
			return &commands[i];
		*group_known = 1;
		if (verb && streq(verb, commands[i].verb))
			return &commands[i];
	}
	return NULL;
}

/* Only X.509 checks look algorithms up by name; skipping OpenSSL's table
 * of legacy names otherwise makes its first use several milliseconds
 * cheaper, which is most of the time a `totp show` takes. */
static void crypto_init(int by_name)
{
	if (!by_name)
		OPENSSL_init_crypto(OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
				    NULL);
}

/* Global options before the command; stops at the first non-option. */
static int parse_global(int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_OPTIONS,
					      { "version", no_argument, NULL, 'V' },
					      { 0 } };
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+" CLI_COMMON_SHORT, opts, NULL)) != -1) {
		if (opt == 'h')
			return help(stdout, EXIT_OK);
		if (opt == 'V') {
			printf("heads %s\n", HEADS_VERSION);
			return EXIT_OK;
		}
		if (!cli_common_option(opt, optarg, ""))
			return cli_usage_error("", "bad or incomplete option '%s'", argv[optind - 1]);
	}
	return -1;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int known, r;

	/* tpm2-tss logs every TPM error it sees to stderr, including the ones
	 * we expect and explain (a missing handle); keep it quiet unless the
	 * user asked for its logging. */
	setenv("TSS2_LOG", "all+none", 0);
	/* As the payload's /init (PID 1) it runs the boot flow, never a command. */
	if (init_wanted(argv[0])) {
		crypto_init(0);
		return init_main(argc, argv);
	}
	if (getenv("HEADS_LOG"))
		log_set_level((enum log_level)atoi(getenv("HEADS_LOG")));
	r = parse_global(argc, argv);
	if (r >= 0)
		return r;
	if (optind >= argc)
		return help(stderr, EXIT_USAGE);
	c = find(argv[optind], optind + 1 < argc ? argv[optind + 1] : NULL, &known);
	if (!c && known) {
		const char *verb = optind + 1 < argc ? argv[optind + 1] : NULL;
		if (verb && (streq(verb, "--help") || streq(verb, "-h")))
			return group_help(argv[optind], EXIT_OK);
		if (verb)
			fprintf(stderr, "heads: unknown command '%s %s'\n", argv[optind], verb);
		return group_help(argv[optind], EXIT_USAGE);
	}
	if (!c) {
		fprintf(stderr, "heads: unknown command '%s'\n", argv[optind]);
		return help(stderr, EXIT_USAGE);
	}
	crypto_init(c->x509);
	/* The command sees its own name (the verb, or the one word) as argv[0]. */
	if (!c->verb)
		return c->run(argc - optind, argv + optind);
	return c->run(argc - optind - 1, argv + optind + 1);
}
