/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pin on a TPM 1.2: SHA-256 of its SRK's public key takes the primary
 * key's place, checked against the verified manifest's pin, else the one
 * kept in /boot/heads, exactly as on a TPM 2.0 (primary-pin.h). */
#include "errors.h"
#include "init.h"
#include "log.h"
#include "tpm12-srkpin.h"

static int expected(const struct init_state *s, struct primary_pin *p)
{
	int r;

	if (s->have_signed_pin) {
		memcpy(p->expected, s->signed_pin, sizeof(p->expected));
		p->source = PRIMARY_PIN_SIGNED;
		return 0;
	}
	r = primary_pin_read(INIT_STATE_DIR, p->expected);
	if (r == -ENOENT) {
		p->source = PRIMARY_PIN_NONE;
		return 0;
	}
	if (r < 0)
		return log_error_errno(r, "Cannot read the pinned TPM key " INIT_STATE_DIR
					  "/" PRIMARY_PIN_FILE ": %m");
	p->source = PRIMARY_PIN_KEPT;
	return 0;
}

int init_pin12_check(struct init_state *s, struct primary_pin *ret)
{
	struct primary_pin p = { 0 };
	int r = expected(s, &p);

	if (r >= 0)
		r = tpm12_srk_pin(s->tpm12, p.presented);
	if (r < 0)
		return log_error_errno(r, "Cannot read the public key of the TPM 1.2's SRK: %m");
	if (p.source == PRIMARY_PIN_NONE)
		p.state = PRIMARY_PIN_FIRST;
	else if (memcmp(p.expected, p.presented, sizeof(p.presented)) == 0)
		p.state = PRIMARY_PIN_MATCH;
	else
		p.state = PRIMARY_PIN_CHANGED;
	*ret = p;
	return 0;
}
