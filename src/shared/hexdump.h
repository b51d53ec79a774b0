/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex and base32 (RFC 4648) encoding and decoding. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Writes 2*len lowercase hex digits and a NUL into out (size >= 2*len+1). */
void hex_encode(const uint8_t *in, size_t len, char *out);
/* Decodes exactly `len` bytes from a string of 2*len hex digits (either
 * case). Returns 0, or -EINVAL for wrong length or a non-hex digit. */
int hex_decode(const char *in, uint8_t *out, size_t len);

/* Size of the base32 text (with '=' padding when pad) for len bytes,
 * not counting the NUL. */
size_t base32_encoded_len(size_t len, int pad);
/* Encodes into out (size >= base32_encoded_len()+1), upper case. */
void base32_encode(const uint8_t *in, size_t len, int pad, char *out);
/* Decodes base32 text: case-insensitive, padding optional but must be
 * correct when present, no other characters allowed. On success stores the
 * byte count in *ret_len and returns 0; -EINVAL for malformed text,
 * -ENOBUFS if out (size outsize) is too small. */
int base32_decode(const char *in, uint8_t *out, size_t outsize, size_t *ret_len);
