/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR lists ("0,1,2,3-5,7"), and reading and extending the sha256 bank. */
#pragma once

#include "tpm.h"

#include <stdint.h>

#define PCR_COUNT 24
#define PCR_DIGEST_SIZE 32

typedef uint8_t pcr_values[PCR_COUNT][PCR_DIGEST_SIZE];

/* Parses a comma-separated list of PCR numbers (0-23) and ranges (a-b).
 * Empty lists, empty items, numbers out of range, signs and anything not
 * a decimal number are refused with -EINVAL. */
int pcr_list_parse(const char *s, uint32_t *ret_mask);

/* Formats a mask as "0,1,2,7" into buf. */
void pcr_list_format(uint32_t mask, char *buf, size_t size);

/* The TPML_PCR_SELECTION for the sha256 bank. */
void pcr_selection_from_mask(uint32_t mask, TPML_PCR_SELECTION *ret);

/* Reads every PCR in mask (sha256 bank) into values[pcr]. */
int tpm_pcr_read(struct tpm *t, uint32_t mask, pcr_values values);

/* Extends the sha256 bank of pcr with a digest. */
int tpm_pcr_extend(struct tpm *t, unsigned pcr, const uint8_t digest[PCR_DIGEST_SIZE]);
