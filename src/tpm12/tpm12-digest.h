/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SHA-1 and HMAC-SHA1 of concatenated pieces, the two primitives TPM 1.2
 * authorization is made of. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* SHA1(a || b || c); a piece may be NULL with length 0. */
void tpm12_sha1(uint8_t ret[20], const void *a, size_t alen, const void *b, size_t blen,
		const void *c, size_t clen);

/* HMAC-SHA1 keyed with key (20 bytes) over msg. */
void tpm12_hmac(const uint8_t key[20], const void *msg, size_t len, uint8_t ret[20]);
