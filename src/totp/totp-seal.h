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

/* The enrolment flow of both front ends: a new random secret, sealed as
 * totp_seal_planned does (replacing the previous one only once the new
 * one is sealed), and its otpauth URI (issuer TOTP_ISSUER, the label
 * given) handed back for the person to scan. The secret itself is wiped
 * before returning. */
int totp_enroll_new(struct tpm *t, const char *label, uint32_t mask, const struct seal_paths *p,
		    struct secret *ret_uri);
