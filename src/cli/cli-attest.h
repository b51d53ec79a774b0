/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the `heads attest` subcommands share: the nonce option and reading
 * an attestation file (or its QR pieces). */
#pragma once

#include "attest-file.h"
#include "quote.h"

/* Parses --nonce HEX; prints the usage error and returns 2 when bad. */
int cli_attest_nonce(const char *cmd, const char *hex, uint8_t nonce[ATTEST_NONCE_MAX],
		     size_t *ret_len);

/* Reads and parses the file at path (with from_qr: the decoded QR pieces,
 * one a line); says what is wrong and returns -EBADMSG when malformed. */
int cli_attest_read(const char *path, int from_qr, struct attest_file *ret);
