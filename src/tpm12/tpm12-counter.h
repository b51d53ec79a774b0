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
/* The same with the counter's label. */
int tpm12_counter_read_label(struct tpm12 *t, uint32_t id, char ret_label[4], uint32_t *ret_value);
/* TPM_ReleaseCounterOwner. */
int tpm12_counter_release(struct tpm12 *t, const uint8_t owner_auth[20], uint32_t id);

/* Parses a TPM_COUNTER_VALUE (-EBADMSG when malformed). */
int tpm12_counter_value_parse(const uint8_t *p, size_t len, uint32_t *ret);
/* The same, its label too (ret_label may be NULL). */
int tpm12_counter_value_parse_label(const uint8_t *p, size_t len, char ret_label[4], uint32_t *ret);

#define TPM12_COUNTERS_MAX 64

/* The handles of the counters the TPM holds (TPM_GetCapability
 * TPM_CAP_HANDLE, TPM_RT_COUNTER): at most max, -ENOBUFS beyond. */
int tpm12_counter_list(struct tpm12 *t, uint32_t *ids, size_t max, size_t *ret_n);
/* Parses a TPM_KEY_HANDLE_LIST (-EBADMSG when malformed). */
int tpm12_handle_list_parse(const uint8_t *p, size_t len, uint32_t *ids, size_t max, size_t *ret_n);
