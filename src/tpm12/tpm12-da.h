/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dictionary-attack state of a TPM 1.2 (TPM_CAP_DA_LOGIC, where the
 * chip reports it): how many failures it counted, how many it tolerates,
 * whether the lockout is running now. */
#pragma once

#include "tpm12.h"

#include <stdbool.h>

struct tpm12_da {
	bool reported; /* the chip answers TPM_CAP_DA_LOGIC at all */
	bool limited; /* only TPM_DA_INFO_LIMITED: no counts (owner not set) */
	bool active; /* the lockout is running */
	uint16_t count; /* failures counted */
	uint16_t threshold; /* lockout at this count */
	uint32_t actions; /* TPM_DA_ACTION_TYPE bits */
	uint32_t depend; /* seconds left in a timeout action */
};

/* Reads the state. A chip without TPM_CAP_DA_LOGIC gives reported =
 * false and 0, not an error. */
int tpm12_da_read(struct tpm12 *t, struct tpm12_da *ret);

/* Parses TPM_DA_INFO or TPM_DA_INFO_LIMITED (-EBADMSG otherwise). */
int tpm12_da_parse(const uint8_t *buf, size_t len, struct tpm12_da *ret);

/* Failures left before the lockout (0 when it is running); -1 when the
 * chip does not say. */
int tpm12_da_tries_left(const struct tpm12_da *d);
