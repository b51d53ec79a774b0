/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The menu's TPM reset on a TPM 1.2: cleared under the physical presence
 * the firmware has (TPM_ForceClear; where the platform locked it, by the
 * owner with the current owner passphrase), then owned with the new owner
 * passphrase; the SRK's pin kept as the primary key's is on a TPM 2.0. */
#include "console.h"
#include "errors.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"
#include "tpm12-da.h"
#include "tpm12-own.h"
#include "tpm12-reset.h"
#include "tpm12-srkpin.h"

#include <unistd.h>

static int ask_auth(const char *prompt, int confirm, uint8_t auth[20])
{
	char pass[PASSPHRASE_MAX];
	int r;

	fflush(stdout);
	r = passphrase_read_fd(STDIN_FILENO, prompt, confirm, pass);
	if (r >= 0)
		tpm12_auth_from_passphrase(pass, auth);
	explicit_bzero(pass, sizeof(pass));
	return r;
}

static void keep_pin(struct init_state *s)
{
	struct primary_pin p = { .state = PRIMARY_PIN_FIRST };
	char text[PRIMARY_PIN_TEXT_SIZE];
	int w = init_boot_writable(s, true);

	if (tpm12_srk_pin(s->tpm12, p.presented) >= 0) {
		init_primary_pin_keep(&p);
		primary_pin_format(p.presented, text);
		printf("The TPM's new storage root key is %s.\n", text);
	}
	if (w >= 0)
		(void)init_boot_writable(s, false);
}

static int explain(struct init_state *s, int r)
{
	struct tpm12_da d;
	int left = tpm12_da_read(s->tpm12, &d) < 0 ? -1 : tpm12_da_tries_left(&d);

	if (r == -E_PASSPHRASE && left >= 0)
		return log_error_errno(r,
				       "Wrong TPM owner passphrase; nothing was changed. The TPM allows %d more %s before it locks out.",
				       left, left == 1 ? "try" : "tries");
	if (r == -E_PASSPHRASE)
		return log_error_errno(r, "Wrong TPM owner passphrase; nothing was changed.");
	if (r == -ENXIO)
		return log_error_errno(r,
				       "The TPM was cleared and is disabled now: enable it in the firmware setup, then reset it again from this menu.");
	return log_error_errno(r, "The TPM was not reset: %m");
}

static int reset(struct init_state *s, const uint8_t new_auth[20])
{
	enum tpm12_clear_via via;
	uint8_t old_auth[20];
	int r = tpm12_reset(s->tpm12, NULL, new_auth, &via);

	if (r == -EPERM) {
		printf("Physical presence is locked on this machine: the TPM is cleared with its\n"
		       "current owner passphrase.\n");
		r = ask_auth("Current TPM owner passphrase: ", 0, old_auth);
		if (r >= 0)
			r = tpm12_reset(s->tpm12, old_auth, new_auth, &via);
		explicit_bzero(old_auth, sizeof(old_auth));
	}
	return r;
}

int init_tpm12_reset(struct init_state *s)
{
	uint8_t new_auth[20];
	int r;

	printf("Resetting the TPM erases the TOTP secret, the disk key and the rollback counter\n"
	       "in it; you then choose the owner passphrase that enrolling and signing need.\n");
	if (!ui_confirm("Reset the TPM?", false))
		return 0;
	r = ask_auth("New TPM owner passphrase: ", 1, new_auth);
	if (r >= 0)
		r = reset(s, new_auth);
	explicit_bzero(new_auth, sizeof(new_auth));
	if (r < 0)
		return explain(s, r);
	printf("The TPM 1.2 was cleared and is owned now: the owner authorization comes from\n"
	       "the owner passphrase.\n");
	keep_pin(s);
	/* The rollback counter went with the rest: /boot is checked again. */
	s->boot_verified = false;
	s->have_tpm_facts = false;
	printf("Enrol a TOTP secret (t) and the disk key (k), then sign /boot (s): signing\n"
	       "asks for the owner passphrase.\n");
	return 0;
}
