/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner passphrase and the lockout authorization. The owner
 * authorization is derived from the passphrase (PBKDF2-HMAC-SHA256), so
 * the TPM never holds the passphrase itself; it travels only as the HMAC
 * key of sessions salted to the primary key, never in clear. The lockout
 * authorization is random and discarded when it is set: the TPM does not
 * limit guesses at the owner authorization (hierarchies are exempt from
 * its dictionary-attack protection), so nothing derived from a passphrase
 * may reset the dictionary-attack counter (doc/tpm-ownership.md). */
#pragma once

#include "tpm.h"

#define TPM_OWNER_AUTH_SIZE 32

/* The owner authorization value derived from passphrase. */
int tpm_owner_auth_derive(const char *passphrase, uint8_t ret[TPM_OWNER_AUTH_SIZE]);

/* Makes ESYS use the value derived from passphrase for the owner
 * hierarchy in this process (no TPM command). */
int tpm_owner_passphrase_use(struct tpm *t, const char *passphrase);

/* On a TPM whose owner and lockout authorizations are empty (just
 * cleared): sets the owner's to the value derived from passphrase and the
 * lockout's to random bytes wiped at once, inside an encrypted session;
 * then uses the owner's (two TPM commands). */
int tpm_owner_passphrase_set(struct tpm *t, const char *passphrase);
