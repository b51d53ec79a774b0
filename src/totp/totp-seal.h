/* Enrolling a TOTP secret the way both `heads totp enroll` and /init do:
 * sealed to this boot's PCR values (or the clean-boot ones when the boot
 * is capped), with the events behind them kept as a snapshot. */
#pragma once

#include "seal-plan.h"
#include "totp-tpm.h"

int totp_seal_planned(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t mask,
		      const struct seal_paths *p);

/* The same in two steps (see totp_tpm_stage): stage plans and stages the
 * key; commit makes it live and keeps the snapshot; done frees st. */
struct totp_seal_staged {
	struct seal_plan plan;
	struct totp_staged key;
};
int totp_seal_stage(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t mask,
		    const struct seal_paths *p, struct totp_seal_staged *ret);
int totp_seal_commit(struct tpm *t, const struct totp_seal_staged *st, const struct seal_paths *p);
void totp_seal_staged_done(struct totp_seal_staged *st);
