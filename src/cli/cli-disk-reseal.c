/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads disk reseal`: the disk key sealed to the running firmware and a
 * ROM image about to be written, or after a good boot to this one alone;
 * the same key and passphrase, no new keyslot. */
#include "cli.h"
#include "cli-pin.h"
#include "disk-reseal.h"
#include "errors.h"
#include "exitcode.h"
#include "fileio.h"
#include "log.h"
#include "passphrase.h"
#include "rom-predict.h"

#include <stdio.h>

static const char reseal_help[] =
	"Usage: heads disk reseal DEVICE... (--rom IMAGE | --drop-old) [--passphrase-file F]\n"
	"Unseals the disk key with its passphrase (asked at the terminal unless given in\n"
	"a file) and seals it again, with the same passphrase, to other measured states:\n\n"
	"  --rom IMAGE          this boot's clean state and the one a boot of the coreboot\n"
	"                       image IMAGE will measure (PCRs 2 and 7 computed from it)\n"
	"  --drop-old           this boot's state alone (after a good boot of new firmware)\n"
	"  --passphrase-file F  read the disk unlock passphrase from F\n"
	"Exit status 3: the TPM refused (this boot is in none of the sealed states);\n"
	"7: wrong passphrase.\n" CLI_COMMON_HELP;

struct reseal_args {
	const char *rom;
	const char *pass_file;
	int drop;
};

static int reseal_option(int opt, const char *arg, void *data)
{
	struct reseal_args *a = data;

	if (opt == 'r')
		a->rom = arg;
	else if (opt == 'P')
		a->pass_file = arg;
	else if (opt == 'd')
		a->drop = 1;
	else
		return EXIT_USAGE;
	return 0;
}

/* {this boot, IMAGE} over the key's PCRs; PCR 6 holds the header the
 * unseal just measured. */
static int rom_states(struct tpm *t, const char *rom, uint32_t mask, struct pcr_branches *ret)
{
	_cleanup_free_ char *img = NULL;
	pcr_values running, next;
	size_t len = 0;
	int r = read_file_follow(rom, ROM_IMAGE_MAX, &img, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", rom);
	r = rom_update_states(t, cli_firmware_log(), cli_rundir(), (const uint8_t *)img, len, mask,
			      running, next);
	if (r == -EBADMSG)
		return log_error_errno(r, "%s is not a coreboot image", rom);
	*ret = (struct pcr_branches){ .mask = mask };
	if (r >= 0)
		r = branches_add(ret, (const uint8_t(*)[PCR_DIGEST_SIZE])running);
	if (r >= 0)
		r = branches_add(ret, (const uint8_t(*)[PCR_DIGEST_SIZE])next);
	return r;
}

static int reseal(struct tpm *t, const char *const *devices, size_t n, const struct reseal_args *a,
		  const char *pass)
{
	_cleanup_secret_ struct secret key = { 0 };
	struct pcr_branches b;
	struct disk_meta m;
	int r = disk_meta_read(t, &m);

	if (r >= 0)
		r = disk_unseal(t, &m, devices, n, cli_rundir(), cli_statedir(), pass, &key, NULL);
	if (r < 0 || !a->rom) {
		r = r < 0 ? r : disk_drop_other_states(t, cli_statedir(), &m, &key, pass);
		if (r >= 0)
			printf(r ? "The disk key is sealed to this boot's state alone.\n" :
				   "The disk key was sealed to one state already.\n");
		return r < 0 ? r : 0;
	}
	r = rom_states(t, a->rom, m.pcr_mask, &b);
	if (r >= 0)
		r = disk_reseal(t, cli_statedir(), &m, &key, pass, &b);
	if (r >= 0)
		printf("The disk key is sealed to this firmware and to %s (%zu state%s).\n", a->rom,
		       b.n, b.n == 1 ? "" : "s");
	return r;
}

static int run(const char *const *devices, size_t n, const struct reseal_args *a)
{
	_cleanup_tpm_ struct tpm *t = NULL;
	struct primary_pin pin;
	char pass[PASSPHRASE_MAX];
	int r = tpm_open(tpm_tcti_choose(cli.tcti), &t);

	if (r >= 0)
		r = cli_pin_settle(t, NULL, &pin);
	if (r >= 0)
		r = passphrase_read(a->pass_file, "Disk unlock passphrase: ", 0, pass);
	if (r >= 0)
		r = reseal(t, devices, n, a, pass);
	explicit_bzero(pass, sizeof(pass));
	if (r == -E_SEALED)
		log_error("The TPM refused: this boot is in none of the states the disk key is "
			  "sealed to, or a boot-mode cap was recorded in this boot.");
	return r;
}

int cmd_disk_reseal(int argc, char **argv)
{
	static const struct option opts[] = { { "rom", required_argument, NULL, 'r' },
					      { "drop-old", no_argument, NULL, 'd' },
					      { "passphrase-file", required_argument, NULL, 'P' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct reseal_args a = { 0 };
	int r = cli_parse(argc, argv, "disk reseal", reseal_help, opts, CLI_COMMON_SHORT,
			  reseal_option, &a);

	if (r >= 0)
		return r;
	if (optind >= argc)
		return cli_usage_error("disk reseal", "give the LUKS volumes the disk key opens");
	if (!a.rom == !a.drop)
		return cli_usage_error("disk reseal", "give --rom IMAGE or --drop-old");
	return exit_code_from_errno(
		run((const char *const *)argv + optind, (size_t)(argc - optind), &a));
}
