/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A TPM 1.2 secret's enrolment snapshot: the SHA-1 PCR values it was
 * sealed to, kept beside its blob (not secret) as text lines "N: HEX", so
 * that a later refusal names the PCRs that differ now. */
#pragma once

#include "tpm12-pcr.h"

#include <stddef.h>
#include <stdint.h>

/* Text of one line per PCR: "N: " and 40 hex digits. */
#define SNAPSHOT12_LINE_MAX 48
#define SNAPSHOT12_TEXT_MAX (TPM12_PCR_COUNT * SNAPSHOT12_LINE_MAX)

/* The lines for the PCRs in mask, in PCR order, into buf. */
int snapshot12_format(uint32_t mask, const tpm12_pcr_values v, char *buf, size_t size);

/* Parses such lines (len bytes, not NUL-terminated): values[pcr] and the
 * mask of PCRs given. -EBADMSG for anything else (a PCR twice, past 23,
 * a digest of other length, an empty text). */
int snapshot12_parse(const char *buf, size_t len, uint32_t *ret_mask, tpm12_pcr_values ret);

/* <statedir>/<name>.pcrs into buf. */
int snapshot12_path(const char *statedir, const char *name, char *buf, size_t size);

/* Writes the snapshot atomically to path, or reads it back. */
int snapshot12_save(const char *path, uint32_t mask, const tpm12_pcr_values v);
int snapshot12_load(const char *path, uint32_t *ret_mask, tpm12_pcr_values ret);

/* The PCRs in mask whose values in a and b differ. */
uint32_t snapshot12_differ(uint32_t mask, const tpm12_pcr_values a, const tpm12_pcr_values b);
