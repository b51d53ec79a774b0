/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads disk measure|enroll|unseal`: the disk unlock key. */
#include "cli.h"
#include "cli-disk12.h"
#include "cli-pin.h"
#include "disk-seal.h"
#include "exitcode.h"
#include "fileio.h"
#include "log.h"
#include "passphrase.h"
#include "unlock-failures.h"
#include "sealed-explain.h"
#include "snapshot.h"
#include "tpm12.h"

#include <limits.h>

static const char measure_help[] =
	"Usage: heads disk measure DEVICE...\n"
	"Extends PCR 6 with the hash of each device's LUKS header (once per boot per\n"
	"device; later calls in the same boot do nothing).\n\n" CLI_COMMON_HELP;

int cmd_disk_measure(int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_OPTIONS, { 0 } };
	_cleanup_tpm_ struct tpm *t = NULL;
	int r = cli_parse(argc, argv, "disk measure", measure_help, opts, CLI_COMMON_SHORT, NULL,
			  NULL);

	if (r >= 0)
		return r;
	if (optind >= argc)
		return cli_usage_error("disk measure", "give at least one LUKS device");
	r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	for (int i = optind; r >= 0 && i < argc; i++) {
		r = disk_measure(t, argv[i], cli_rundir());
		if (r == 0)
			log_notice("%s was already measured in this boot", argv[i]);
	}
	return exit_code_from_errno(r < 0 ? r : 0);
}

static const char enroll_help[] =
	"Usage: heads disk enroll DEVICE... [--pcrs LIST] [--luks-passphrase-file F]\n"
	"                         [--passphrase-file F] [--primary-key sha256:HEX]\n"
	"                         [--accept-new-primary]\n"
	"Adds one random key to a free LUKS keyslot of each DEVICE (at most 8) and\n"
	"seals it in the TPM to the measured state (PCR 6 as it will be once these\n"
	"headers are measured, in the order of their LUKS UUIDs) and to a new unlock\n"
	"passphrase; neither alone releases it. A previous enrolment's keyslots and\n"
	"sealed key are replaced. Nothing changes when a device refuses the LUKS\n"
	"passphrase or has no free keyslot. The key and the passphrase are sent only\n"
	"to the pinned TPM primary key (see --primary-key).\n\n"
	"  --pcrs LIST                PCRs in the policy (default " DISK_DEFAULT_PCRS ")\n"
	"  --luks-passphrase-file F   a LUKS passphrase every DEVICE accepts (default: ask)\n"
	"  --passphrase-file F        the new unlock passphrase (default: ask twice)\n" CLI_PIN_HELP
		CLI_COMMON_HELP;

struct enroll_args {
	uint32_t mask;
	const char *luks_file;
	const char *pass_file;
	struct cli_pin_args pin;
};

static int enroll_option(int opt, const char *arg, void *data)
{
	struct enroll_args *a = data;
	int r = cli_pin_option(opt, arg, "disk enroll", &a->pin);

	if (r)
		return r == 1 ? 0 : r;
	if (opt == 'p' && pcr_list_parse(arg, &a->mask) < 0)
		return cli_usage_error("disk enroll", "invalid PCR list '%s' (numbers 0-23)", arg);
	if (opt == 'L')
		a->luks_file = arg;
	if (opt == 'P')
		a->pass_file = arg;
	return 0;
}

static int snapshot_file(char *buf, size_t size)
{
	return disk_snapshot_path(cli_statedir(), buf, size);
}

struct devices {
	const char *const *v;
	size_t n;
};

static int seal(struct tpm *t, const struct devices *d, const char *luks, const char *unlock,
		uint32_t mask)
{
	struct seal_paths p = { cli_firmware_log(), cli_rundir(), cli_statedir() };

	return disk_enroll_planned(t, d->v, d->n, luks, unlock, mask, &p);
}

static void say_enrolled(const struct devices *d)
{
	printf("Disk unlock key enrolled for");
	for (size_t i = 0; i < d->n; i++)
		printf(" %s", d->v[i]);
	printf(".\n");
}

/* On a TPM 2.0: the key sealed to a policy, through a session salted to
 * the pinned primary key. */
static int enroll20(const struct devices *d, const struct enroll_args *a, const char *luks,
		    const char *unlock)
{
	_cleanup_tpm_ struct tpm *t = NULL;
	struct cli_pin_hook pin = { .args = &a->pin };
	int r = tpm_open(tpm_tcti_choose(cli.tcti), &t);

	/* Decided once the LUKS passphrase and a free keyslot are checked. */
	if (r >= 0)
		cli_pin_hook_install(t, &pin);
	if (r >= 0)
		r = seal(t, d, luks, unlock, a->mask);
	if (r >= 0 && pin.decided)
		r = cli_pin_keep(&pin.pin);
	return r;
}

static int enroll(const struct devices *d, const struct enroll_args *a)
{
	_cleanup_tpm12_ struct tpm12 *t12 = NULL;
	char luks[PASSPHRASE_MAX], unlock[PASSPHRASE_MAX];
	int r = passphrase_read(a->luks_file, "Existing LUKS passphrase: ", 0, luks);

	if (r >= 0)
		r = passphrase_read(a->pass_file, "New disk unlock passphrase: ", 1, unlock);
	if (r >= 0)
		r = cli_tpm12_open(&t12);
	if (r > 0)
		r = cli_disk12_enroll(t12, d->v, d->n, a->mask, luks, unlock);
	else if (r >= 0)
		r = enroll20(d, a, luks, unlock);
	explicit_bzero(luks, sizeof(luks));
	explicit_bzero(unlock, sizeof(unlock));
	if (r >= 0)
		say_enrolled(d);
	return r;
}

int cmd_disk_enroll(int argc, char **argv)
{
	static const struct option opts[] = { { "pcrs", required_argument, NULL, 'p' },
					      { "luks-passphrase-file", required_argument, NULL, 'L' },
					      { "passphrase-file", required_argument, NULL, 'P' },
					      CLI_PIN_OPTIONS,
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct enroll_args a = { 0 };
	int r;

	(void)pcr_list_parse(DISK_DEFAULT_PCRS, &a.mask);
	r = cli_parse(argc, argv, "disk enroll", enroll_help, opts, CLI_COMMON_SHORT, enroll_option,
		      &a);
	if (r >= 0)
		return r;
	if (optind >= argc)
		return cli_usage_error("disk enroll", "give at least one LUKS device");
	return exit_code_from_errno(enroll(&(struct devices){ (const char *const *)argv + optind,
							      (size_t)(argc - optind) },
					   &a));
}

static const char unseal_help[] =
	"Usage: heads disk unseal DEVICE... --out FILE [--passphrase-file F]\n"
	"Measures the LUKS headers of the volumes the key was enrolled into (found\n"
	"among the DEVICEs, every one of them needed) into PCR 6, in the order of their\n"
	"LUKS UUIDs (unless this boot already did), then asks the TPM for the disk key\n"
	"with the unlock passphrase and writes it to FILE\n"
	"(mode 0400; keep FILE in RAM). Exits 3 when the measured state changed, 7 on\n"
	"a wrong passphrase; refuses to try when the TPM is one failure from lockout,\n"
	"and exits 6, asking nothing, when the TPM primary key is not the pinned one.\n"
	"After a success it says how many wrong passphrases came since the last\n"
	"successful unlock, and when.\n\n"
	"  --out FILE                 where to write the key\n"
	"  --passphrase-file F        the unlock passphrase (default: ask)\n" CLI_COMMON_HELP;

struct unseal_args {
	const char *out;
	const char *pass_file;
};

static int unseal_option(int opt, const char *arg, void *data)
{
	struct unseal_args *a = data;

	if (opt == 'o')
		a->out = arg;
	if (opt == 'P')
		a->pass_file = arg;
	return 0;
}

/* The events behind a refusal, from the snapshot (PCRs other than 6). */
static void explain_changes(struct tpm *t)
{
	struct disk_meta m;
	char path[PATH_MAX];
	struct explain_sources src = { path, cli_firmware_log(), cli_rundir() };

	if (disk_meta_read(t, &m) < 0 || !DISK_SNAPSHOT_MASK(m.pcr_mask) ||
	    snapshot_file(path, sizeof(path)) < 0)
		return;
	(void)sealed_explain(t, DISK_SNAPSHOT_MASK(m.pcr_mask), &src, stderr);
}

/* Wrong passphrases before this success, told before they are forgotten. */
static void say_failures(struct tpm *t, const struct da_state *da)
{
	struct disk_failures f;

	if (disk_failures_take(t, da, &f) >= 0)
		unlock_failures_print(stderr, &f);
}

static int unseal(const struct devices *d, const struct unseal_args *a)
{
	_cleanup_secret_ struct secret key = { 0 };
	_cleanup_tpm_ struct tpm *t = NULL;
	_cleanup_tpm12_ struct tpm12 *t12 = NULL;
	struct primary_pin pin;
	struct da_state da;
	char pass[PASSPHRASE_MAX];
	int r = cli_tpm12_open(&t12);

	if (r > 0)
		return cli_disk12_unseal(t12, d->v, d->n, a->pass_file, a->out);
	if (r >= 0)
		r = tpm_open(tpm_tcti_choose(cli.tcti), &t);

	/* The passphrase keys a session salted to the primary key: only the
	 * pinned one (a key that changed was never sealed to anyway). */
	if (r >= 0)
		r = cli_pin_settle(t, NULL, &pin);
	/* Check the lockout state before asking, so nobody types for nothing. */
	if (r >= 0)
		r = disk_check_tries(t, &da);
	if (r >= 0)
		r = passphrase_read(a->pass_file, "Disk unlock passphrase: ", 0, pass);
	if (r >= 0)
		r = disk_unseal(t, NULL, d->v, d->n, cli_rundir(), cli_statedir(), pass, &key, NULL);
	explicit_bzero(pass, sizeof(pass));
	if (r >= 0)
		say_failures(t, &da);
	if (r >= 0 && (r = write_file_atomic(a->out, key.buf, key.len, 0400)) < 0)
		log_error_errno(r, "Cannot write the disk key to %s: %m", a->out);
	if (r == -E_SEALED)
		explain_changes(t);
	else if (r == -ENOENT)
		log_error("Enrol one first: heads disk enroll DEVICE");
	return r;
}

int cmd_disk_unseal(int argc, char **argv)
{
	static const struct option opts[] = { { "out", required_argument, NULL, 'o' },
					      { "passphrase-file", required_argument, NULL, 'P' },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct unseal_args a = { 0 };
	int r = cli_parse(argc, argv, "disk unseal", unseal_help, opts, CLI_COMMON_SHORT,
			  unseal_option, &a);

	if (r >= 0)
		return r;
	if (optind >= argc)
		return cli_usage_error("disk unseal", "give at least one LUKS device");
	if (!a.out)
		return cli_usage_error("disk unseal", "--out FILE is required");
	return exit_code_from_errno(unseal(&(struct devices){ (const char *const *)argv + optind,
							      (size_t)(argc - optind) },
					   &a));
}
