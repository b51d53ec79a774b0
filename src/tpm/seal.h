/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sealed data objects bound to a PCR policy AND a passphrase
 * (PolicyPCR then PolicyAuthValue): the passphrase alone never suffices,
 * nor the PCRs alone. */
#pragma once

#include "pcr.h"
#include "policy.h"
#include "tpm.h"

#define SEAL_MAX_DATA 128

/* The policy a sealed object is created with: PolicyPCR over mask with the
 * given values, then PolicyAuthValue. */
int seal_policy(uint32_t mask, const pcr_values values, uint8_t ret[POLICY_DIGEST_SIZE]);

/* Creates and loads a sealed object holding data, with the passphrase as
 * its authorization value; both travel inside the encrypted session. */
int tpm_seal_create(struct tpm *t, const uint8_t *data, size_t len, const char *passphrase,
		    const uint8_t policy[POLICY_DIGEST_SIZE], ESYS_TR *ret_object);

/* Unseals with a policy session over the current PCRs and the passphrase;
 * the data comes back encrypted. ret_data holds SEAL_MAX_DATA bytes.
 * -E_SEALED when the PCRs differ, -E_PASSPHRASE on a wrong passphrase,
 * -ENOLCK when the TPM is locked out. */
int tpm_unseal(struct tpm *t, ESYS_TR object, uint32_t mask, const char *passphrase,
	       uint8_t *ret_data, size_t *ret_len);

/* The same for an object sealed to several states (branches_policy with
 * PolicyAuthValue), or, with passphrase NULL, to the states alone. A
 * branch list other than the one sealed with gives -E_SEALED. */
struct pcr_branches;
int tpm_unseal_branches(struct tpm *t, ESYS_TR object, const struct pcr_branches *b,
			const char *passphrase, uint8_t *ret_data, size_t *ret_len);

/* A sealed object kept outside the TPM: data sealed under the primary key
 * with the given policy and no authorization value, returned as its
 * marshalled TPM2B_PUBLIC and TPM2B_PRIVATE (only this TPM's primary key
 * loads it; only the policy unseals it). The data travels encrypted. */
int tpm_seal_blob_create(struct tpm *t, const uint8_t *data, size_t len,
			 const uint8_t policy[POLICY_DIGEST_SIZE], uint8_t **ret_blob,
			 size_t *ret_len);

/* Loads such a blob and unseals it through the branches (no passphrase);
 * the data comes back encrypted. ret_data holds SEAL_MAX_DATA bytes.
 * -EBADMSG for a blob that does not parse, -E_SEALED as tpm_unseal. */
int tpm_seal_blob_unseal(struct tpm *t, const uint8_t *blob, size_t len,
			 const struct pcr_branches *b, uint8_t *ret_data, size_t *ret_len);
