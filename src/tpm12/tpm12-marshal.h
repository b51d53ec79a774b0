/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Big-endian marshalling into a fixed buffer and bounded reading from a
 * response: a write past the end marks the writer as overflowed, a read
 * past the end fails with -EBADMSG and never touches the bytes beyond. */
#pragma once

#include "tpm12.h"

#include <stdbool.h>

struct tpm12_writer {
	uint8_t buf[TPM12_BUFFER_MAX];
	size_t len;
	bool overflow;
};

void tpm12_put_u8(struct tpm12_writer *w, uint8_t v);
void tpm12_put_u16(struct tpm12_writer *w, uint16_t v);
void tpm12_put_u32(struct tpm12_writer *w, uint32_t v);
void tpm12_put_bytes(struct tpm12_writer *w, const void *p, size_t n);
/* A u32 size, then the bytes. */
void tpm12_put_sized(struct tpm12_writer *w, const void *p, size_t n);
/* Overwrites a u32 at off (a size known only once the rest is written). */
void tpm12_patch_u32(struct tpm12_writer *w, size_t off, uint32_t v);

struct tpm12_reader {
	const uint8_t *p;
	size_t len;
	size_t off;
};

#define TPM12_READER(ptr, n) ((struct tpm12_reader){ .p = (ptr), .len = (n), .off = 0 })

int tpm12_get_u8(struct tpm12_reader *r, uint8_t *ret);
int tpm12_get_u16(struct tpm12_reader *r, uint16_t *ret);
int tpm12_get_u32(struct tpm12_reader *r, uint32_t *ret);
int tpm12_get_bytes(struct tpm12_reader *r, void *out, size_t n);
/* Points at the next n bytes instead of copying them. */
int tpm12_get_span(struct tpm12_reader *r, size_t n, const uint8_t **ret);
/* A u32 size (at most max), then that many bytes, pointed at. */
int tpm12_get_sized(struct tpm12_reader *r, size_t max, const uint8_t **ret, size_t *ret_len);
size_t tpm12_remaining(const struct tpm12_reader *r);

/* Big-endian loads from a buffer the caller has checked. */
uint16_t tpm12_be16(const uint8_t *p);
uint32_t tpm12_be32(const uint8_t *p);
