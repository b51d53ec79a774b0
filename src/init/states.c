/* SPDX-License-Identifier: GPL-2.0-or-later */
/* After a firmware update, the TOTP key and the disk key are sealed to two
 * states: the old firmware's and the new one's. The first good boot of the
 * new firmware (the disk key unsealed, or the boot about to start) drops
 * the other state, so the old firmware, should it come back, shows no
 * code and unseals nothing. Nothing is asked of the TPM unless a list of
 * states is there; then an owned TPM needs its owner passphrase. */
#include "da.h"
#include "disk-reseal.h"
#include "errors.h"
#include "init.h"
#include "log.h"
#include "owner.h"
#include "passphrase.h"
#include "totp-reseal.h"

#include <dirent.h>

/* Whether the state directory holds a list of states named prefix*. */
static bool have_list(const char *prefix)
{
	_cleanup_closedir_ DIR *d = opendir(INIT_STATE_DIR);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (startswith(e->d_name, prefix) && strstr(e->d_name, ".branches"))
			return true;
	return false;
}

static void say(int r, const char *what)
{
	if (r > 0)
		printf("The %s is now sealed to this firmware alone: the previous firmware's state "
		       "was dropped.\n",
		       what);
	else if (r < 0)
		printf("The %s stays sealed to the previous firmware too (%s).\n", what,
		       strerror(-r));
}

/* On an owned TPM, replacing a persistent key needs the owner
 * authorization: asked once per boot, and only when there is a state to
 * drop. An empty answer keeps both states until the next boot. */
static int owner_ready(struct init_state *s)
{
	char pass[PASSPHRASE_MAX];
	struct da_state d;
	int r = s->owner_auth_given ? 0 : tpm_da_read(s->tpm, &d);

	if (r < 0 || s->owner_auth_given || !d.owner_auth_set)
		return r;
	printf("The firmware was updated: the previous firmware's state is dropped with the\n"
	       "TPM owner passphrase.\n");
	fflush(stdout);
	r = passphrase_read_fd(STDIN_FILENO, "TPM owner passphrase (empty: at the next boot): ", 0,
			       pass);
	if (r == -EINVAL)
		r = -ECANCELED;
	if (r >= 0)
		r = tpm_owner_passphrase_use(s->tpm, pass);
	explicit_bzero(pass, sizeof(pass));
	s->owner_auth_given = r >= 0;
	return r;
}

/* The drop sends the secrets to the TPM: only to the pinned primary key,
 * and without asking about it at boot (a changed key waits for the menu). */
static int pinned(struct init_state *s)
{
	struct primary_pin p;
	int r = primary_pin_check(s->tpm, s->have_signed_pin ? s->signed_pin : NULL,
				  PRIMARY_PIN_SIGNED, INIT_STATE_DIR, &p);

	if (r >= 0 && p.state != PRIMARY_PIN_MATCH)
		r = -E_PRIMARY;
	return r < 0 ? r : primary_pin_accept(s->tpm, &p, false);
}

void init_drop_old_disk_state(struct init_state *s, const struct disk_meta *m,
			      const struct secret *key, const char *pass)
{
	int r;

	if (!have_list("disk-slot"))
		return;
	r = owner_ready(s);
	if (r >= 0)
		r = pinned(s);
	if (r >= 0 && (r = init_boot_writable(s, true)) >= 0) {
		r = disk_drop_other_states(s->tpm, INIT_STATE_DIR, m, key, pass);
		(void)init_boot_writable(s, false);
	}
	say(r, "disk key");
}

void init_drop_old_totp_state(struct init_state *s)
{
	int r;

	if (!s->tpm || s->pcr4_capped || !have_list("totp-slot"))
		return;
	r = owner_ready(s);
	if (r >= 0)
		r = pinned(s);
	if (r >= 0 && (r = init_boot_writable(s, true)) >= 0) {
		r = totp_drop_other_states(s->tpm, INIT_STATE_DIR);
		(void)init_boot_writable(s, false);
	}
	say(r, "TOTP key");
}
