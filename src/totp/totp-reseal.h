/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Resealing the TOTP key to other measured states without a new secret
 * (doc/firmware-update.md): next to the HMAC key, a sealed copy of its
 * secret under the same states (the file totp-slotN.sealed in the state
 * directory) that only a boot in one of those states, before its PCR 4
 * cap, can unseal. Resealing unseals the copy, makes a new key and a new
 * copy for the new list of states in the free slot and switches to them. */
#pragma once

#include "branches.h"
#include "secret.h"
#include "tpm.h"
#include "totp-tpm.h"

/* Keeps the sealed copy of secret for the key staged in slot, sealed to
 * b, and b's list when it holds more than one state (else no list). */
int totp_copy_save(struct tpm *t, const char *statedir, int slot,
		   const uint8_t secret[TOTP_SECRET_SIZE], const struct pcr_branches *b);

/* The states the live key is sealed to (ret_meta: its record). */
int totp_sealed_states(struct tpm *t, const char *statedir, struct pcr_branches *ret,
		       struct totp_meta *ret_meta);

/* Reseals the live key to the states of b (its mask must be the key's):
 * -E_SEALED when the live PCRs are none of the states the key is sealed
 * to now (the copy does not unseal), -ENODATA when the key has no sealed
 * copy (enrolled without a state directory, or by an older version). */
int totp_reseal(struct tpm *t, const char *statedir, const struct pcr_branches *b);

/* After a good boot in one of several states: reseals to that state
 * alone. 0 when there was nothing to drop, 1 when it dropped some. */
int totp_drop_other_states(struct tpm *t, const char *statedir);
