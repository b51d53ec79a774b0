/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Policy digests computed offline, exactly as the TPM computes them in a
 * policy session, so secrets can be sealed to values predicted ahead. */
#pragma once

#include "pcr.h"

#include <stdint.h>

#define POLICY_DIGEST_SIZE 32

/* Starts a policy digest: all zeros. */
void policy_init(uint8_t digest[POLICY_DIGEST_SIZE]);

/* TPM2_PolicyPCR over the sha256 PCRs in mask with the given values. */
int policy_pcr(uint8_t digest[POLICY_DIGEST_SIZE], uint32_t mask, const pcr_values values);

/* TPM2_PolicyAuthValue. */
int policy_auth_value(uint8_t digest[POLICY_DIGEST_SIZE]);

#define POLICY_OR_MAX 8

/* TPM2_PolicyOR over n (2 to POLICY_OR_MAX) branch digests: the digest
 * restarts from zeros, so it is the whole policy. */
int policy_or(uint8_t digest[POLICY_DIGEST_SIZE], const uint8_t (*branches)[POLICY_DIGEST_SIZE],
	      size_t n);
