/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM objects heads keeps: HMAC keys bound to a PCR policy, made
 * persistent at fixed handles, and their use in policy sessions. */
#pragma once

#include "pcr.h"
#include "policy.h"
#include "tpm.h"

/* Creates an HMAC-SHA1 key under the primary key from the given secret,
 * usable only through the policy `policy` (no plain authorization). The
 * secret travels inside the encrypted session. Loads it; returns the
 * transient handle. */
int tpm_hmac_key_create(struct tpm *t, const uint8_t *secret, size_t len,
			const uint8_t policy[POLICY_DIGEST_SIZE], ESYS_TR *ret_key);

/* Opens the persistent object at handle. -ENOENT if there is none. */
int tpm_persistent_open(struct tpm *t, TPM2_HANDLE handle, ESYS_TR *ret);

/* Makes a transient object persistent at handle. */
int tpm_persistent_store(struct tpm *t, ESYS_TR transient, TPM2_HANDLE handle);

/* Removes the persistent object at handle; no object there is fine. */
int tpm_persistent_remove(struct tpm *t, TPM2_HANDLE handle);

/* HMAC of data with key, authorized by a policy session that satisfies
 * PolicyPCR over the current values of the PCRs in mask. The response is
 * encrypted. ret_mac must hold 64 bytes. */
int tpm_hmac_pcr_policy(struct tpm *t, ESYS_TR key, uint32_t mask, const uint8_t *data, size_t len,
			uint8_t *ret_mac, size_t *ret_len);

/* The same for a key sealed to several states (branches_policy without
 * PolicyAuthValue). -E_SEALED when no branch has the live values or the
 * list is not the one the key was made with. */
struct pcr_branches;
int tpm_hmac_branches(struct tpm *t, ESYS_TR key, const struct pcr_branches *b, const uint8_t *data,
		      size_t len, uint8_t *ret_mac, size_t *ret_len);
