/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The attestation file: one text file holding a TPM quote and what a
 * verifier needs to judge it, and the golden file (the same format, with
 * only PCR values and event logs). doc/attest.md describes the format:
 *
 *   heads-attest 1            (or "heads-golden 1")
 *   quote BASE64              TPMS_ATTEST as the TPM signed it
 *   signature BASE64          TPMT_SIGNATURE, marshalled
 *   ak-public BASE64          the AK's TPM2B_PUBLIC, marshalled
 *   ak-pem BASE64             the AK's public key, PEM text
 *   pcr N HEX                 sha256 PCR values, ascending
 *   ek-cert BASE64            the TPM's EK certificate (DER), if it has one
 *   firmware-log BASE64       the firmware's TCG event log, if there is one
 *   payload-log BASE64        the payload's TCG event log, if there is one
 *
 * Each line ends in '\n'; fields come in this order, each at most once.
 * The parser takes a buffer and never opens files. */
#pragma once

#include "pcr.h"

#include <stddef.h>
#include <stdint.h>

#define ATTEST_FILE_MAX (1u << 20)

struct blob {
	uint8_t *data;
	size_t len;
};

enum attest_kind { ATTEST_QUOTE_FILE, ATTEST_GOLDEN_FILE };

enum attest_field {
	ATTEST_QUOTE,
	ATTEST_SIGNATURE,
	ATTEST_AK_PUBLIC,
	ATTEST_AK_PEM,
	ATTEST_EK_CERT,
	ATTEST_FIRMWARE_LOG,
	ATTEST_PAYLOAD_LOG,
	_ATTEST_FIELD_MAX,
};

struct attest_file {
	enum attest_kind kind;
	struct blob field[_ATTEST_FIELD_MAX]; /* len 0 and data NULL: absent */
	uint32_t pcr_mask;
	pcr_values pcrs;
};

void attest_file_free(struct attest_file *f);
#define _cleanup_attest_file_ __attribute__((cleanup(attest_file_free)))

/* The field's name in the file ("quote", "ak-pem", ...). */
const char *attest_field_name(enum attest_field field);

/* Copies len bytes into the field (replacing what it held). */
int attest_file_set(struct attest_file *f, enum attest_field field, const void *data, size_t len);

/* Formats f into a fresh NUL-terminated text. -E2BIG beyond ATTEST_FILE_MAX. */
int attest_file_format(const struct attest_file *f, char **ret, size_t *ret_len);

/* Parses a whole file. -EBADMSG for anything malformed (the first bad
 * line's number in *ret_line when not NULL), -E2BIG beyond the cap. */
int attest_file_parse(const char *buf, size_t len, struct attest_file *ret, unsigned *ret_line);
