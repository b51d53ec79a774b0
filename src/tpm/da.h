/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM's dictionary-attack state: how many wrong passphrases it still
 * accepts before locking out, how long recovery takes, and which
 * hierarchies have an authorization value (all read in one command). */
#pragma once

#include "tpm.h"

#include <stdbool.h>

struct da_state {
	uint32_t failed; /* current failure count */
	uint32_t max_tries; /* lockout at this count */
	uint32_t interval_s; /* one failure forgotten per interval */
	uint32_t recovery_s; /* lockout-auth recovery time */
	bool owner_auth_set; /* the owner hierarchy has an authorization value */
	bool lockout_auth_set; /* so has the lockout hierarchy */
	bool platform_enabled; /* the platform hierarchy is open (phEnable) */
};

int tpm_da_read(struct tpm *t, struct da_state *ret);

/* Tries left before lockout (0 when locked out). */
uint32_t da_tries_left(const struct da_state *s);

/* Seconds until the TPM forgets one failure at most: how long a lockout
 * lasts at worst (the TPM does not say how much of it has passed). */
uint32_t da_lockout_wait_s(const struct da_state *s);

/* Clears the failure count with the lockout authorization ESYS holds for
 * ESYS_TR_RH_LOCKOUT (empty unless tpm_owner_passphrase_use set it). */
int tpm_da_reset(struct tpm *t);

/* TPM2_DictionaryAttackParameters, with the same lockout authorization. */
int tpm_da_parameters(struct tpm *t, uint32_t max_tries, uint32_t interval_s, uint32_t recovery_s);
