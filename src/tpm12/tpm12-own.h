/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ownership of a TPM 1.2 as the firmware uses it: the owner's
 * authorization from a passphrase (well-known when there is none), whether
 * the TPM has an owner, and taking ownership so that the SRK's public key
 * is readable without the owner afterwards (readSRKPub). */
#pragma once

#include "tpm12.h"

#include <stdbool.h>

/* SHA-1 of pass; NULL or "" gives the well-known value (20 zero bytes). */
void tpm12_auth_from_passphrase(const char *pass, uint8_t ret[20]);

/* TPM_GetCapability, property owner. */
int tpm12_owned(struct tpm12 *t, bool *ret);

/* TPM_TakeOwnership (SRK authorization well-known), then
 * TPM_SetCapability(TPM_SET_PERM_FLAGS, readSRKPub, TRUE) under the new
 * owner. -EEXIST when the TPM has an owner already; -ENXIO when it is
 * disabled or deactivated. */
int tpm12_own(struct tpm12 *t, const uint8_t owner_auth[20]);

/* TPM_SetCapability(TPM_SET_PERM_FLAGS, readSRKPub, TRUE) alone, under
 * the owner (-E_PASSPHRASE for a wrong owner authorization). */
int tpm12_allow_srk_read(struct tpm12 *t, const uint8_t owner_auth[20]);
