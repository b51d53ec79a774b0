/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Base64 (RFC 4648 section 4, with padding), strict when decoding. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Length of the text for len bytes, without the NUL. */
size_t base64_encoded_len(size_t len);
/* Encodes into out (size >= base64_encoded_len()+1). */
void base64_encode(const uint8_t *in, size_t len, char *out);
/* Decodes exactly n characters of text (a multiple of 4, padding only at
 * the end, no other characters) into a fresh buffer. -EINVAL for
 * malformed text. An empty text gives an empty buffer. */
int base64_decode(const char *in, size_t n, uint8_t **ret, size_t *ret_len);
