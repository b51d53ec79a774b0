/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rollback counter of the signed /boot on a TPM 1.2: a monotonic
 * counter labelled "HDRB", created by the owner with the well-known
 * counter authorization and found again by its label. Only the owner can
 * create counters, and a TPM_OwnerClear releases them all. */
#pragma once

#include "tpm12.h"

#define TPM12_ROLLBACK_LABEL "HDRB"

/* The counter's value. -ENOENT when there is no counter yet. When more
 * than one counter carries the label, the highest value counts. */
int tpm12_rollback_read(struct tpm12 *t, uint64_t *ret);

/* Creates the counter when there is none (authorized by the owner:
 * -E_PASSPHRASE for a wrong owner authorization), then increments it.
 * A 1.2 TPM increments one counter per boot (-ENOENT for another). */
int tpm12_rollback_bump(struct tpm12 *t, const uint8_t owner_auth[20], uint64_t *ret);
