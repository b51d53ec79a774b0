/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot flow, in the order of the original's /init and gui-init:
 * mount, load and measure modules, load and measure the owner's files,
 * find and verify /boot, show the TOTP code (or offer enrolment), then
 * the menu. */
#include "board.h"
#include "fileio.h"
#include "init.h"
#include "log.h"
#include "pcr.h"

#include <time.h>
#include <unistd.h>

#define DEFAULT_BOARD "unknown-board"
#define DEFAULT_TOTP_PCRS "0,1,2,3,4,7"
#define DEFAULT_DISK_PCRS "0,1,2,3,4,5,6,7"

bool init_wanted(const char *argv0)
{
	size_t n = argv0 ? strlen(argv0) : 0;

	return getpid() == 1 || (n >= 4 && streq(argv0 + n - 4, "init"));
}

double init_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double init_elapsed(const struct init_state *s)
{
	return init_now() - s->started;
}

static void pcrs_setting(const char *conf, size_t len, const char *key, const char *dflt,
			 uint32_t *ret)
{
	char pcrs[80] = "";
	int r = conf ? board_get(conf, len, key, pcrs, sizeof(pcrs)) : -ENOENT;

	if (r == -ENOENT) {
		(void)pcr_list_parse(dflt, ret);
		return;
	}
	if (r < 0 || pcr_list_parse(pcrs, ret) < 0) {
		log_warning("Bad %s '%s' in the board profile; using %s", key, pcrs, dflt);
		(void)pcr_list_parse(dflt, ret);
	}
}

/* "cbfs" (the boot flash, the default) or "initramfs" (UEFI: the payload). */
static void owner_source(const char *conf, size_t len, struct init_state *s)
{
	char v[32] = "cbfs";

	if (conf)
		(void)board_get(conf, len, "owner_files", v, sizeof(v));
	s->owner_from_flash = !streq(v, "initramfs");
	if (!streq(v, "initramfs") && !streq(v, "cbfs"))
		log_warning("Bad owner_files '%s' in the board profile; reading them from the boot flash",
			    v);
}

static void load_board(struct init_state *s)
{
	_cleanup_free_ char *conf = NULL;
	size_t len = 0;

	_Static_assert(sizeof(DEFAULT_BOARD) <= sizeof(s->board), "board name buffer");
	memcpy(s->board, DEFAULT_BOARD, sizeof(DEFAULT_BOARD));
	if (read_file_full(INIT_BOARD_CONF, 64u << 10, &conf, &len) < 0)
		log_warning("No board profile (" INIT_BOARD_CONF "); using defaults");
	else
		(void)board_get(conf, len, "board", s->board, sizeof(s->board));
	owner_source(conf, len, s);
	if (conf)
		(void)board_get(conf, len, "flash", s->flash, sizeof(s->flash));
	pcrs_setting(conf, len, "totp_pcrs", DEFAULT_TOTP_PCRS, &s->totp_pcrs);
	pcrs_setting(conf, len, "disk_pcrs", DEFAULT_DISK_PCRS, &s->disk_pcrs);
}

static void set_environment(void)
{
	setenv("PATH", "/bin:/usr/bin", 1);
	setenv("HEADS_RUNDIR", INIT_RUNDIR, 1);
	setenv("TSS2_LOG", "all+none", 1);
	unsetenv("HEADS_GPGV"); /* the kernel command line does not choose the verifier */
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* /init is the TPM's only user until the shell or the OS runs, so it
 * talks to the TPM's own device. Through the kernel's resource manager
 * each live session and loaded object would be saved after every command
 * and loaded again before the next: three TPM commands for one. What /init
 * loads it flushes itself, and it closes the TPM before anything else may
 * use it (init_tpm_close, the shell's lending). */
const char *init_tpm_tcti(void)
{
	const char *env = getenv("HEADS_TCTI");

	if (env && *env)
		return env;
	return access(INIT_TPM_DEVICE, F_OK) == 0 ? "device:" INIT_TPM_DEVICE : tpm_tcti_choose(NULL);
}

static void open_tpm(struct init_state *s)
{
	if (init_tpm12_found(s))
		return;
	if (tpm_open(init_tpm_tcti(), &s->tpm) < 0) {
		s->tpm = NULL;
		log_error("No TPM: nothing is measured, and no TOTP code or disk key is available.");
	}
}

int init_main(int argc, char **argv)
{
	struct init_state s = { 0 };
	int failed;

	(void)argc;
	(void)argv;
	s.started = init_now();
	set_environment();
	(void)init_mount_api_filesystems();
	printf("\nHeads %s /init (%.2f s since the kernel started)\n", HEADS_VERSION, init_now());
	load_board(&s);
	open_tpm(&s);
	(void)init_modules_start(&s);
	/* The owner's files are in memory (flash window or payload) while
	 * the disk drivers load; the TPM reports its rollback counter then.
	 * Without modules to wait for, the disks are there: they are scanned
	 * for /boot while the owner's files are read, and the verification
	 * of /boot asks the TPM itself, while gpgv runs and /boot is hashed. */
	if (init_modules_loading(&s))
		init_read_tpm_facts(&s);
	else
		init_boot_scan_start();
	(void)init_load_owner_files(&s);
	(void)init_modules_wait(&s, "");
	if (init_find_disks(&s) >= 0)
		(void)init_verify_boot(&s);
	failed = init_modules_wait(&s, NULL);
	if (failed > 0)
		log_error("%d kernel module(s) failed to load; some devices may be missing.", failed);
	printf("Measured boot checks done (%.2f s since the kernel started)\n", init_now());
	init_totp_startup(&s);
	init_luks_wait();
	init_menu(&s);
}
