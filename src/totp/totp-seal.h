/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enrolling a TOTP secret the way both `heads totp enroll` and /init do:
 * sealed to this boot's PCR values (or the clean-boot ones when the boot
 * is capped), with the events behind them kept as a snapshot. */
#pragma once

#include "seal-plan.h"
#include "totp-tpm.h"

int totp_seal_planned(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t mask,
		      const struct seal_paths *p);
