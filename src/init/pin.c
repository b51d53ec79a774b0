/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM primary key at the console, before a secret is sent to it: the
 * pin of the verified manifest, else the one kept in /boot/heads; a new
 * key is shown beside the pinned one and sent nothing unless the person
 * answers yes. */
#include "console.h"
#include "errors.h"
#include "init.h"
#include "log.h"

static const char *source_name(const struct primary_pin *p)
{
	if (p->source == PRIMARY_PIN_SIGNED)
		return "signed manifest";
	return INIT_STATE_DIR "/" PRIMARY_PIN_FILE;
}

static bool confirm_change(const struct primary_pin *p)
{
	char want[PRIMARY_PIN_TEXT_SIZE], have[PRIMARY_PIN_TEXT_SIZE];

	primary_pin_format(p->expected, want);
	primary_pin_format(p->presented, have);
	printf("The TPM presents a primary key other than the pinned one:\n"
	       "  pinned (%s): %s\n"
	       "  presented: %s\n"
	       "If you reset or replaced the TPM yourself, this is expected. If you did not,\n"
	       "something between this computer and the TPM is impersonating it, and would\n"
	       "learn the secret.\n",
	       source_name(p), want, have);
	return ui_confirm("Send the secret to the presented key and pin it?", false);
}

/* On a TPM 1.2 nothing is salted to the key: the pin decides alone
 * whether anything is sent. */
static int primary_pin12(struct init_state *s, struct primary_pin *ret)
{
	struct primary_pin p;
	int r = init_pin12_check(s, &p);

	if (r < 0)
		return r;
	if (p.state == PRIMARY_PIN_CHANGED && !confirm_change(&p))
		return log_error_errno(E_PRIMARY, "Nothing was sent to the TPM.");
	*ret = p;
	return 0;
}

int init_primary_pin(struct init_state *s, struct primary_pin *ret)
{
	struct primary_pin p;
	bool accept = false;
	int r;

	if (s->tpm12)
		return primary_pin12(s, ret);
	r = init_owner_auth(s);

	if (r < 0)
		return log_error_errno(r,
				       "Without the TPM owner passphrase nothing can be enrolled: %m");
	r = primary_pin_check(s->tpm, s->have_signed_pin ? s->signed_pin : NULL, PRIMARY_PIN_SIGNED,
			      INIT_STATE_DIR, &p);
	if (r < 0)
		return log_error_errno(r, "Cannot check the TPM primary key: %m");
	if (p.state == PRIMARY_PIN_CHANGED)
		accept = confirm_change(&p);
	r = primary_pin_accept(s->tpm, &p, accept);
	if (r == -E_PRIMARY)
		return log_error_errno(r, "Nothing was sent to the TPM.");
	if (r < 0)
		return r;
	*ret = p;
	return 0;
}

void init_primary_pin_keep(const struct primary_pin *p)
{
	int r = primary_pin_keep(INIT_STATE_DIR, p);

	if (r < 0)
		log_warning_errno(r, "Cannot keep the TPM primary key's pin in " INIT_STATE_DIR
				     ": %m");
}
