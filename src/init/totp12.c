/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TOTP at boot on a TPM 1.2: the secret sealed to the board's SHA-1 PCRs
 * in /boot/heads (totp12.h), unsealed only to compute the code; the
 * enrolment snapshot beside it names the PCRs that differ on a refusal.
 * An unowned TPM is owned at first use (init_tpm12_own_at_first_use). */
#include "console.h"
#include "errors.h"
#include "init.h"
#include "log.h"
#include "pcr.h"
#include "qr.h"
#include "secret.h"
#include "snapshot12.h"
#include "totp12.h"

#include <limits.h>

/* The PCRs that differ from the enrolment snapshot; 0 when it is missing
 * or unreadable (the refusal is then not explained further). */
static uint32_t changed_pcrs(struct init_state *s, uint32_t sealed)
{
	tpm12_pcr_values then, now;
	char path[PATH_MAX];
	uint32_t mask = 0;

	if (snapshot12_path(INIT_STATE_DIR, TOTP12_SNAPSHOT_NAME, path, sizeof(path)) < 0 ||
	    snapshot12_load(path, &mask, then) < 0)
		return 0;
	mask &= sealed;
	if (tpm12_pcr_read_mask(s->tpm12, mask, now) < 0)
		return 0;
	return snapshot12_differ(mask, then, now);
}

int init_totp12_code(struct init_state *s, int64_t now, uint32_t *ret_code, uint32_t *ret_sealed,
		     uint32_t *ret_changed)
{
	int r = totp12_code(s->tpm12, INIT_STATE_DIR, now, ret_code, ret_sealed);

	*ret_changed = r == -E_SEALED ? changed_pcrs(s, *ret_sealed) : 0;
	/* A TPM without owner has no SRK: whatever was sealed went with the
	 * owner that was cleared, as a 2.0's TOTP key goes with a clear. */
	return r == -ENODATA ? -ENOENT : r;
}

/* /boot is writable for the blob, its snapshot and the pin only. */
static int enrol(struct init_state *s, const struct primary_pin *pin, struct secret *uri)
{
	int w = init_boot_writable(s, true);
	int r = totp12_enroll(s->tpm12, INIT_STATE_DIR, s->board, s->totp_pcrs, uri);

	if (r >= 0)
		init_primary_pin_keep(pin);
	if (w >= 0)
		(void)init_boot_writable(s, false);
	return r;
}

int init_totp12_enroll(struct init_state *s)
{
	_cleanup_secret_ struct secret uri = { 0 };
	struct primary_pin pin;
	char list[80];
	int r;

	if (s->pcr4_capped)
		return log_error_errno(EPERM,
				       "A boot mode was recorded in PCR 4 in this boot: reboot, then enrol from the menu.");
	r = init_tpm12_own_at_first_use(s);
	if (r < 0)
		return log_error_errno(r,
				       "The TPM 1.2 cannot be owned, so nothing can be sealed: %m");
	r = init_primary_pin(s, &pin);
	if (r < 0)
		return r;
	r = enrol(s, &pin, &uri);
	if (r < 0)
		return log_error_errno(r, "Enrolling a TOTP secret failed: %m");
	pcr_list_format(s->totp_pcrs, list, sizeof(list));
	printf("New TOTP secret, bound to PCRs %s (SHA-1, TPM 1.2).\n"
	       "Scan this with your phone's authenticator app, or type the URI in:\n\n",
	       list);
	qr_print(stdout, (const char *)uri.buf);
	printf("%s\n\n", (const char *)uri.buf);
	ui_wait_enter("Press Enter once your phone shows the code. ");
	printf("TOTP secret enrolled, bound to PCRs %s.\n", list);
	return init_totp_show(s);
}
