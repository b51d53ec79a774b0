/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared pieces of the `heads` command: common options, usage errors, and
 * the subcommand table. */
#pragma once

#include "macro.h"

#include <getopt.h>
#include <stdint.h>

struct cli_common {
	const char *tcti;
	const char *rundir;
	const char *statedir;
	const char *firmware_log;
};

/* Options every subcommand accepts (also before the subcommand). */
extern struct cli_common cli;

enum { OPT_TCTI = 0x100, OPT_RUNDIR, OPT_STATEDIR, OPT_FIRMWARE_LOG, OPT_COMMON_LAST };

#define CLI_COMMON_OPTIONS                                                                  \
	{ "tcti", required_argument, NULL, OPT_TCTI },                                      \
		{ "rundir", required_argument, NULL, OPT_RUNDIR },                          \
		{ "statedir", required_argument, NULL, OPT_STATEDIR },                      \
		{ "firmware-log", required_argument, NULL, OPT_FIRMWARE_LOG },              \
		{ "verbose", no_argument, NULL, 'v' }, { "quiet", no_argument, NULL, 'q' }, \
	{                                                                                   \
		"help", no_argument, NULL, 'h'                                              \
	}
#define CLI_COMMON_SHORT "vqh"

#define CLI_COMMON_HELP                                                                          \
	"  --tcti STR     TPM connection (default: $HEADS_TCTI, else device:/dev/tpmrm0)\n"      \
	"  --rundir DIR   runtime state in RAM (default: $HEADS_RUNDIR, else /run/heads)\n"      \
	"  --statedir DIR sealed-state snapshots (default: $HEADS_STATEDIR, else /boot/heads)\n" \
	"  --firmware-log FILE  the firmware's event log (default: $HEADS_FIRMWARE_LOG,\n"       \
	"                 else RUNDIR/firmware-eventlog, the one the payload handed over,\n"     \
	"                 else coreboot's in memory, else\n"                                     \
	"                 /sys/kernel/security/tpm0/binary_bios_measurements)\n"                 \
	"  -v, --verbose  more messages; -q, --quiet fewer\n"                                    \
	"  -h, --help     this help\n"

/* Handles a common option. Returns 1 if it was one, 0 if not; for --help
 * prints `help` and returns 2 (meaning: exit 0 now). */
int cli_common_option(int opt, const char *arg, const char *help);

/* Prints "heads: MESSAGE" and a pointer to --help; returns exit code 2. */
/* Appends arg, the value of a repeatable option, to v (*n of max used):
 * EXIT_USAGE (with a message for cmd) beyond max. */
int cli_list_add(const char *cmd, const char *option, const char **v, size_t *n, size_t max,
		 const char *arg);
int cli_usage_error(const char *cmd, const char *fmt, ...) _printf_(2, 3);

/* Parses options with the given table; on a common --help returns 0 with
 * *done set; on a bad option prints a usage error and returns 2. Calls
 * handle(opt, optarg, data) for others (which returns an exit code > 0 to
 * stop, or 0). Returns -1 when parsing finished normally. */
typedef int (*cli_option_handler)(int opt, const char *arg, void *data);
int cli_parse(int argc, char **argv, const char *cmd, const char *help, const struct option *longopts,
	      const char *shortopts, cli_option_handler handle, void *data);

struct manifest_fs;
struct event;

/* 'N: HEX' lines of the PCRs in mask, or a JSON array of
 * {"pcr": N, "sha256": HEX} objects. */
void cli_print_pcrs(uint32_t mask, const uint8_t (*values)[32], int json);

/* One event as the JSON object `heads log --json` prints, after a comma
 * unless first. */
void cli_event_json(const struct event *ev, int first);

/* BOOTDIR's file system, for the manifest's pin: 1 with ret filled when
 * BOOTDIR (open at root) is the root of a file system on a block device,
 * 0 for a plain directory (ret empty), -errno (logged) when the device
 * cannot be read or its file system has no UUID. */
int cli_boot_fs(int root, const char *bootdir, struct manifest_fs *ret);

const char *cli_rundir(void);
const char *cli_statedir(void);
const char *cli_firmware_log(void);

/* 1 with a connection in *ret when the TPM is a TPM 1.2, 0 when it is
 * not (the TPM 2.0 path then opens it, and reports an unreachable one). */
struct tpm12;
int cli_tpm12_open(struct tpm12 **ret);

/* Subcommands. Each returns the process exit code. */
int cmd_tpm_pcrs(int argc, char **argv);
int cmd_tpm_extend(int argc, char **argv);
int cmd_tpm_reset(int argc, char **argv);
int cmd_tpm_own(int argc, char **argv);
int cmd_tpm_close_platform(int argc, char **argv);
int cmd_owner_reset(int argc, char **argv);
int cmd_totp_enroll(int argc, char **argv);
int cmd_totp_show(int argc, char **argv);
int cmd_totp_reseal(int argc, char **argv);
int cmd_disk_measure(int argc, char **argv);
int cmd_disk_enroll(int argc, char **argv);
int cmd_disk_unseal(int argc, char **argv);
int cmd_disk_reseal(int argc, char **argv);
int cmd_verity_check(int argc, char **argv);
int cmd_tpm_predict(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_entries(int argc, char **argv);
int cmd_boot(int argc, char **argv);
int cmd_attest_quote(int argc, char **argv);
int cmd_attest_verify(int argc, char **argv);
int cmd_attest_enroll(int argc, char **argv);
int cmd_attest_golden(int argc, char **argv);
int cmd_attest_extract(int argc, char **argv);
int cmd_flash_read(int argc, char **argv);
int cmd_flash_list(int argc, char **argv);
int cmd_flash_set_owner_file(int argc, char **argv);
int cmd_flash_update(int argc, char **argv);

/* The flash chip given (--flash SPEC), else the board profile's, opened
 * with a message on failure. */
struct flash;
int cli_flash_open(const char *given, struct flash **ret);

/* `heads tpm predict --rom IMAGE`: prints the values (and with json the
 * events) a clean boot of the image gives for the PCRs in mask. */
int cli_predict_rom(const char *rom, uint32_t mask, int json);
