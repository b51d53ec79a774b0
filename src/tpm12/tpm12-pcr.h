/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SHA-1 PCRs of a TPM 1.2: read, extend, and the composite digest
 * (digestAtRelease) over a selection of values. */
#pragma once

#include "tpm12.h"

#define TPM12_PCR_COUNT 24
#define TPM12_PCR_SIZE 20

typedef uint8_t tpm12_pcr_values[TPM12_PCR_COUNT][TPM12_PCR_SIZE];

int tpm12_pcr_read(struct tpm12 *t, unsigned pcr, uint8_t ret[TPM12_PCR_SIZE]);
/* Reads every PCR in mask into values[pcr] (one command each). */
int tpm12_pcr_read_mask(struct tpm12 *t, uint32_t mask, tpm12_pcr_values values);

/* Extends pcr with digest; ret (may be NULL) gets the new value. */
int tpm12_pcr_extend(struct tpm12 *t, unsigned pcr, const uint8_t digest[TPM12_PCR_SIZE],
		     uint8_t ret[TPM12_PCR_SIZE]);

/* What extending old with digest gives: SHA1(old || digest). */
void tpm12_pcr_extend_value(const uint8_t old[TPM12_PCR_SIZE], const uint8_t digest[TPM12_PCR_SIZE],
			    uint8_t ret[TPM12_PCR_SIZE]);

/* SHA1 of the TPM_PCR_COMPOSITE of the PCRs in mask holding values. */
void tpm12_pcr_composite(uint32_t mask, const tpm12_pcr_values values, uint8_t ret[TPM12_PCR_SIZE]);
