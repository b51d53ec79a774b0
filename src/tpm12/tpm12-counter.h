/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Monotonic counters of a TPM 1.2 (the rollback counter): created by the
 * owner with an authorization of their own, incremented with it, read by
 * anyone. A TPM increments one counter per boot at most: the first one
 * incremented after TPM_Startup. */
#pragma once

#include "tpm12.h"

int tpm12_counter_create(struct tpm12 *t, const uint8_t owner_auth[20],
			 const uint8_t counter_auth[20], const char label[4], uint32_t *ret_id,
			 uint32_t *ret_value);
int tpm12_counter_increment(struct tpm12 *t, uint32_t id, const uint8_t counter_auth[20],
			    uint32_t *ret_value);
int tpm12_counter_read(struct tpm12 *t, uint32_t id, uint32_t *ret_value);
/* TPM_ReleaseCounterOwner. */
int tpm12_counter_release(struct tpm12 *t, const uint8_t owner_auth[20], uint32_t id);

/* Parses a TPM_COUNTER_VALUE (-EBADMSG when malformed). */
int tpm12_counter_value_parse(const uint8_t *p, size_t len, uint32_t *ret);
