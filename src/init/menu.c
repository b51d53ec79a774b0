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
	printf("/boot: %s\n", !s->boot_dev[0] ? "not found" : s->boot_verified ? "verified" : "NOT VERIFIED");
	printf("  d) Default boot\n"
	       "  r) Refresh TOTP\n"
	       "  b) Boot menu (all entries)\n"
	       "  s) Update checksums and sign /boot\n"
	       "  t) Enrol a new TOTP secret\n"
	       "  k) Enrol the disk unlock key\n"
	       "  x) Exit to recovery shell\n"
	       "  p) Power off\n");
}

static void reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
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
		if (c < 0) {
			/* No console input at all: nothing a person can do here. */
			sleep(1);
			show = false;
			continue;
		}
		switch (c) {
		case 'd':
			init_default_boot(s);
			break;
		case 'b':
			init_boot_menu(s);
			break;
		case 's':
			(void)init_sign_boot(s);
			break;
		case 'k':
			(void)init_disk_enroll(s);
			break;
		case 'r':
			break;
		case 't':
			if (ui_confirm("Replace the TOTP secret? Your phone needs the new one.", false))
				(void)init_totp_enroll(s);
			break;
		case 'x':
			(void)init_recovery_shell(s);
			break;
		case 'p':
			init_power_off();
		case 0:
			show = false;
			break;
		default:
			printf("Unknown choice '%c'.\n", c);
			break;
		}
	}
}
