/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enrolling a TOTP secret the way both `heads totp enroll` and /init do:
 * sealed to this boot's PCR values (or the clean-boot ones when the boot
 * is capped), with the events behind them kept as a snapshot. */
#pragma once

#include "seal-plan.h"
#include "secret.h"
#include "totp-tpm.h"

#define TOTP_ISSUER "heads"

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

/* The enrolment flow of both front ends, in two steps: a new random
 * secret, staged as totp_seal_stage does while the previous one stays
 * live, and its otpauth URI (issuer TOTP_ISSUER, the label given) handed
 * back for the person to scan; totp_seal_commit then makes it live. The
 * secret itself is wiped before returning. */
int totp_enroll_stage(struct tpm *t, const char *label, uint32_t mask, const struct seal_paths *p,
		      struct totp_seal_staged *ret, struct secret *ret_uri);

/* Both steps at once (the command, which prints the URI afterwards). */
int totp_enroll_new(struct tpm *t, const char *label, uint32_t mask, const struct seal_paths *p,
		    struct secret *ret_uri);
