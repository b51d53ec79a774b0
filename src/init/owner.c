/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM's owner at the console: the owner passphrase asked before an
 * enrolment or a signing needs it, and the menu's TPM reset. */
#include "console.h"
#include "da.h"
#include "init.h"
#include "log.h"
#include "owner.h"
#include "passphrase.h"
#include "reset.h"

static int ask(const char *prompt, int confirm, char *buf)
{
	fflush(stdout);
	return passphrase_read_fd(STDIN_FILENO, prompt, confirm, buf);
}

int init_owner_auth(struct init_state *s)
{
	char pass[PASSPHRASE_MAX];
	struct da_state d;
	int r = tpm_da_read(s->tpm, &d);

	if (r < 0 || !d.owner_auth_set)
		return r;
	r = ask("TPM owner passphrase: ", 0, pass);
	if (r >= 0)
		r = tpm_owner_passphrase_use(s->tpm, pass);
	explicit_bzero(pass, sizeof(pass));
	return r;
}

static void keep_pin(struct init_state *s)
{
	struct primary_pin p;
	char text[PRIMARY_PIN_TEXT_SIZE];
	int w = init_boot_writable(s, true);

	if (primary_pin_check(s->tpm, NULL, PRIMARY_PIN_STATED, INIT_STATE_DIR, &p) >= 0 &&
	    primary_pin_accept(s->tpm, &p, true) >= 0) {
		init_primary_pin_keep(&p);
		primary_pin_format(p.presented, text);
		printf("The new TPM primary key is %s.\n", text);
	}
	if (w >= 0)
		(void)init_boot_writable(s, false);
}

static int reset(struct init_state *s, const char *pass)
{
	struct tpm_reset_result res;
	int r = tpm_reset(s->tpm, pass, &res);

	if (r == -EACCES)
		return log_error_errno(r,
				       "The TPM is owned and its platform hierarchy is closed: power off, and reset it from this menu at the next boot.");
	if (r < 0)
		return log_error_errno(r, "The TPM was not reset: %m");
	printf("The TPM was cleared and is owned now (%u TPM commands): it allows %u wrong\n"
	       "passphrases and forgets one every %u minutes; nobody can reset that count.\n",
	       res.commands, TPM_DA_MAX_TRIES, TPM_DA_INTERVAL_S / 60);
	keep_pin(s);
	/* The rollback counter went with the rest: /boot is checked again. */
	s->boot_verified = false;
	s->have_tpm_facts = false;
	printf("Enrol a TOTP secret (t) and the disk key (k), then sign /boot (s): each asks\n"
	       "for the owner passphrase.\n");
	return 0;
}

int init_tpm_reset(struct init_state *s)
{
	char pass[PASSPHRASE_MAX];
	int r;

	if (s->tpm12)
		return init_tpm12_reset(s);
	if (!s->tpm)
		return log_error_errno(ENODEV, "No TPM reset: %s.", init_no_tpm(s));
	printf("Resetting the TPM erases the TOTP secret, the disk key and the rollback counter\n"
	       "in it; you then choose the owner passphrase that enrolling and signing need.\n");
	if (!ui_confirm("Reset the TPM?", false))
		return 0;
	r = ask("New TPM owner passphrase: ", 1, pass);
	if (r >= 0)
		r = reset(s, pass);
	explicit_bzero(pass, sizeof(pass));
	return r;
}
