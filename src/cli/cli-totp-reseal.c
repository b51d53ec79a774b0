/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads totp reseal`: the TOTP key sealed to the running firmware and a
 * ROM image about to be written, or, after a good boot, to the running
 * one alone; no new secret, nothing to scan again. */
#include "cli.h"
#include "cli-pin.h"
#include "errors.h"
#include "exitcode.h"
#include "fileio.h"
#include "log.h"
#include "rom-predict.h"
#include "totp-reseal.h"

#include <stdio.h>

static const char reseal_help[] =
	"Usage: heads totp reseal (--rom IMAGE | --drop-old)\n"
	"Seals the enrolled TOTP key again, to other measured states, without a new\n"
	"secret: the phone keeps showing the same codes. It needs the key's sealed copy\n"
	"(kept in STATEDIR at enrolment), which unseals only in a state the key is\n"
	"sealed to, before the boot-mode cap: run it from the firmware's menu.\n\n"
	"  --rom IMAGE  seal to this boot's clean state and to the one a boot of the\n"
	"               coreboot image IMAGE will measure (PCRs 2 and 7 computed from\n"
	"               it): both the running firmware and IMAGE show the code\n"
	"  --drop-old   seal to this boot's state alone (after a good boot of new\n"
	"               firmware: the old firmware's state no longer shows the code)\n"
	"Exit status 3: the TPM refused (this boot is in none of the sealed states).\n\n" CLI_PIN_HELP
		CLI_COMMON_HELP;

struct reseal_args {
	const char *rom;
	int drop;
	struct cli_pin_args pin;
};

static int reseal_option(int opt, const char *arg, void *data)
{
	struct reseal_args *a = data;
	int r = cli_pin_option(opt, arg, "totp reseal", &a->pin);

	if (r)
		return r == 1 ? 0 : r;
	if (opt == 'r')
		a->rom = arg;
	else if (opt == 'd')
		a->drop = 1;
	else
		return EXIT_USAGE;
	return 0;
}

static int reseal_to_rom(struct tpm *t, const char *rom)
{
	_cleanup_free_ char *img = NULL;
	struct pcr_branches b = { .n = 0 };
	struct totp_meta meta;
	pcr_values running, next;
	size_t len = 0;
	int r = read_file_follow(rom, ROM_IMAGE_MAX, &img, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", rom);
	r = totp_meta_read(t, &meta);
	if (r >= 0)
		r = rom_update_states(t, cli_firmware_log(), cli_rundir(), (const uint8_t *)img,
				      len, meta.pcr_mask, running, next);
	if (r == -EBADMSG)
		return log_error_errno(r, "%s is not a coreboot image", rom);
	b.mask = meta.pcr_mask;
	if (r >= 0)
		r = branches_add(&b, (const uint8_t(*)[PCR_DIGEST_SIZE])running);
	if (r >= 0)
		r = branches_add(&b, (const uint8_t(*)[PCR_DIGEST_SIZE])next);
	if (r >= 0)
		r = totp_reseal(t, cli_statedir(), &b);
	if (r >= 0)
		printf("The TOTP key is sealed to this firmware and to %s (%zu state%s).\n", rom,
		       b.n, b.n == 1 ? "" : "s");
	return r;
}

static int explain(int r)
{
	if (r == -ENOENT)
		log_error("No TOTP secret is enrolled.");
	else if (r == -ENODATA)
		log_error("The TOTP key has no sealed copy in %s (it was enrolled without one): "
			  "enrol a new secret instead.",
			  cli_statedir());
	else if (r == -E_SEALED)
		log_error("The TPM refused: this boot is in none of the states the TOTP key is sealed "
			  "to, or a boot-mode cap was recorded in this boot.");
	return r;
}

int cmd_totp_reseal(int argc, char **argv)
{
	static const struct option opts[] = { { "rom", required_argument, NULL, 'r' },
					      { "drop-old", no_argument, NULL, 'd' },
					      CLI_PIN_OPTIONS,
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	_cleanup_tpm_ struct tpm *t = NULL;
	struct reseal_args a = { 0 };
	struct primary_pin pin;
	int r = cli_parse(argc, argv, "totp reseal", reseal_help, opts, CLI_COMMON_SHORT,
			  reseal_option, &a);

	if (r >= 0)
		return r;
	if (optind != argc)
		return cli_usage_error("totp reseal", "unexpected argument '%s'", argv[optind]);
	if (!a.rom == !a.drop)
		return cli_usage_error("totp reseal", "give --rom IMAGE or --drop-old");
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = cli_pin_settle(t, &a.pin, &pin);
	if (r < 0)
		return exit_code_from_errno(r);
	if (a.rom)
		r = reseal_to_rom(t, a.rom);
	else {
		r = totp_drop_other_states(t, cli_statedir());
		if (r >= 0)
			printf(r ? "The TOTP key is sealed to this boot's state alone.\n" :
				   "The TOTP key was sealed to one state already.\n");
	}
	if (r >= 0)
		r = cli_pin_keep(&pin);
	return exit_code_from_errno(r < 0 ? explain(r) : 0);
}
