/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The main menu on the console. */
#include "console.h"
#include "init.h"
#include "log.h"

#include <sys/reboot.h>
#include <sys/wait.h>

_Noreturn void init_power_off(void)
{
	printf("Powering off.\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	log_error_errno(errno, "Cannot power off: %m. Halting.");
	for (;;)
		pause();
}

static void print_menu(struct init_state *s)
{
	printf("\n=== %s | Heads boot menu ===\n", s->board);
	(void)init_totp_show_again(s);
	printf("/boot: %s\n", !s->boot_dev[0]  ? (s->boot_absent ? "NOT PRESENT" : "not found") :
			      s->boot_verified ? "verified" :
						 "NOT VERIFIED");
	printf("  d) Default boot\n"
	       "  r) Refresh TOTP\n"
	       "  b) Boot menu (all entries)\n"
	       "  s) Update checksums and sign /boot\n"
	       "  t) Enrol a new TOTP secret\n"
	       "  k) Enrol the disk unlock key\n"
	       "  a) Attest (show a quote as QR codes)\n"
	       "  o) Reset the TPM and set its owner passphrase\n"
	       "  f) Update the firmware (TOTP and disk key kept)\n"
	       "  F) Factory reset: new owner, signing key, TOTP and disk key\n"
	       "  x) Exit to recovery shell\n"
	       "  p) Power off\n");
}

static void reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

enum init_menu_action init_menu_action(int c)
{
	switch (c) {
	case 'd':
		return INIT_MENU_DEFAULT_BOOT;
	case 'b':
		return INIT_MENU_BOOT_MENU;
	case 's':
		return INIT_MENU_SIGN_BOOT;
	case 'k':
		return INIT_MENU_ENROL_DISK_KEY;
	case 'r':
		return INIT_MENU_REFRESH_TOTP;
	case 't':
		return INIT_MENU_ENROL_TOTP;
	case 'x':
		return INIT_MENU_RECOVERY_SHELL;
	case 'p':
		return INIT_MENU_POWER_OFF;
	case 'a':
		return INIT_MENU_ATTEST;
	case 'o':
		return INIT_MENU_TPM_RESET;
	case 'f':
		return INIT_MENU_FLASH_UPDATE;
	case 'F':
		return INIT_MENU_FACTORY_RESET;
	case 0:
		return INIT_MENU_EMPTY;
	default:
		return c < 0 ? INIT_MENU_NO_INPUT : INIT_MENU_UNKNOWN;
	}
}

_Noreturn void init_menu(struct init_state *s)
{
	bool show = true;

	for (;;) {
		int c;

		reap_orphans();
		if (show)
			print_menu(s);
		show = true;
		double t0 = init_now();
		c = ui_choice("Choice: ");
		s->waited += init_now() - t0;
		switch (init_menu_action(c)) {
		case INIT_MENU_NO_INPUT:
			/* No console input at all: nothing a person can do here. */
			sleep(1);
			show = false;
			break;
		case INIT_MENU_DEFAULT_BOOT:
			init_default_boot(s);
			break;
		case INIT_MENU_BOOT_MENU:
			init_boot_menu(s);
			break;
		case INIT_MENU_SIGN_BOOT:
			(void)init_sign_boot(s);
			break;
		case INIT_MENU_ENROL_DISK_KEY:
			(void)init_disk_enroll(s);
			break;
		case INIT_MENU_REFRESH_TOTP:
			break;
		case INIT_MENU_ENROL_TOTP:
			if (ui_confirm("Replace the TOTP secret? Your phone needs the new one.",
				       false))
				(void)init_totp_enroll(s);
			break;
		case INIT_MENU_ATTEST:
			(void)init_attest(s);
			break;
		case INIT_MENU_TPM_RESET:
			(void)init_tpm_reset(s);
			break;
		case INIT_MENU_FACTORY_RESET:
			(void)init_factory_reset(s);
			break;
		case INIT_MENU_FLASH_UPDATE:
			(void)init_flash_update(s);
			break;
		case INIT_MENU_RECOVERY_SHELL:
			(void)init_recovery_shell(s);
			break;
		case INIT_MENU_POWER_OFF:
			init_power_off();
		case INIT_MENU_EMPTY:
			show = false;
			break;
		case INIT_MENU_UNKNOWN:
			printf("Unknown choice '%c'.\n", c);
			break;
		}
	}
}
