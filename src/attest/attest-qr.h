/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An attestation file as text for a series of QR codes: the file in
 * base64, cut into numbered pieces "HEADSQ<i>/<n>:<piece>", and joined
 * back from the decoded pieces in any order. */
#pragma once

#include <stddef.h>

#define ATTEST_QR_PREFIX "HEADSQ"
/* Characters of base64 per code: a version 13 QR code (69 modules, fits
 * an 80-column terminal with its quiet zone) holds them at level L. */
#define ATTEST_QR_CHUNK 400u
#define ATTEST_QR_MAX_PIECES 999u

/* Cuts text (len bytes) into a NULL-terminated array of lines. */
int attest_qr_split(const char *text, size_t len, size_t chunk, char ***ret);

/* Joins decoded pieces, one per line (empty lines and a "QR-Code:" prefix,
 * as zbarimg writes, are ignored), back into the file's text. -EBADMSG for
 * a malformed piece, a missing or repeated one, or pieces of different
 * series; -E2BIG beyond the file's cap. */
int attest_qr_join(const char *buf, size_t len, char **ret, size_t *ret_len);
