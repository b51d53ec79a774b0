/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM's dictionary-attack state: how many wrong passphrases it still
 * accepts before locking out, and how long recovery takes. */
#pragma once

#include "tpm.h"

struct da_state {
	uint32_t failed; /* current failure count */
	uint32_t max_tries; /* lockout at this count */
	uint32_t interval_s; /* one failure forgotten per interval */
	uint32_t recovery_s; /* lockout-auth recovery time */
};

int tpm_da_read(struct tpm *t, struct da_state *ret);

/* Tries left before lockout (0 when locked out). */
uint32_t da_tries_left(const struct da_state *s);

/* Clears the failure count with the (empty) lockout authorization. */
int tpm_da_reset(struct tpm *t);
