/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_Seal and TPM_Unseal under the SRK: data bound to a PCR selection's
 * digestAtRelease (TPM_PCR_INFO_LONG) and to an authorization value of
 * its own. The sealed blob (TPM_STORED_DATA12) is opaque to the caller. */
#pragma once

#include "secret.h"
#include "tpm12.h"

#define TPM12_SEALED_MAX 1024
#define TPM12_SEAL_DATA_MAX 256

/* Seals len bytes of data to the PCRs in mask holding the values whose
 * composite digest is release (tpm12_pcr_composite), with data_auth
 * (sent encrypted, ADIP). Two commands: OSAP, Seal. */
int tpm12_seal(struct tpm12 *t, const uint8_t srk_auth[20], uint32_t mask,
	       const uint8_t release[20], const uint8_t data_auth[20], const void *data, size_t len,
	       uint8_t *blob, size_t size, size_t *ret_len);

/* Checks that blob is one whole TPM_STORED_DATA12 (-EBADMSG otherwise). */
int tpm12_sealed_check(const uint8_t *blob, size_t len);

/* The PCR mask a sealed blob releases to. */
int tpm12_sealed_pcrs(const uint8_t *blob, size_t len, uint32_t *ret_mask);

/* Unseals into ret, a fresh secret. -E_SEALED when the PCRs differ from
 * the sealed state, -E_PASSPHRASE for a wrong data (or SRK)
 * authorization, -EBUSY in a dictionary-attack lockout. Three commands:
 * two OIAP sessions, Unseal. */
int tpm12_unseal(struct tpm12 *t, const uint8_t srk_auth[20], const uint8_t data_auth[20],
		 const uint8_t *blob, size_t len, struct secret *ret);
