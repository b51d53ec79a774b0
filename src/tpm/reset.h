/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Taking ownership of the TPM: clear it, set the dictionary-attack
 * parameters, create the primary key and the record of wrong passphrases
 * while the owner authorization is still empty, then set the owner
 * authorization from the owner passphrase and a lockout authorization
 * nobody keeps. */
#pragma once

#include "hierarchy.h"
#include "tpm.h"

/* The dictionary-attack parameters set (doc/tpm-ownership.md says why). */
#define TPM_DA_MAX_TRIES 10
#define TPM_DA_INTERVAL_S 3600
#define TPM_DA_LOCKOUT_RECOVERY_S 86400

struct tpm_reset_result {
	enum tpm_clear_via via;
	unsigned commands; /* TPM commands it sent */
};

/* passphrase: the new owner passphrase. Errors as tpm_clear's, before
 * anything changed. */
int tpm_reset(struct tpm *t, const char *passphrase, struct tpm_reset_result *ret);
