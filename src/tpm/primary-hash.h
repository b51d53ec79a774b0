/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pinned identity of the TPM: the SHA-256 of the primary key's public
 * area, as recorded in the signed /boot manifest. */
#pragma once

#include "tpm.h"

#define TPM_PRIMARY_HASH_SIZE 32

/* Loads and checks the primary key (tpm_primary_verify) and returns the
 * hash of its public area (its TPM name without the algorithm prefix). */
int tpm_primary_hash(struct tpm *t, uint8_t out[TPM_PRIMARY_HASH_SIZE]);

/* The same hash without the template check (no TPM command once the key is
 * loaded): for comparing with a pin, where a different key shows as a
 * different hash anyway. */
int tpm_primary_name_hash(struct tpm *t, uint8_t out[TPM_PRIMARY_HASH_SIZE]);
