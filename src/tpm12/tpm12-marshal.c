/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bounded big-endian writing and reading. */
#include "tpm12-marshal.h"

#include <errno.h>
#include <string.h>

void tpm12_put_bytes(struct tpm12_writer *w, const void *p, size_t n)
{
	if (w->overflow || n > sizeof(w->buf) - w->len) {
		w->overflow = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void tpm12_put_u8(struct tpm12_writer *w, uint8_t v)
{
	tpm12_put_bytes(w, &v, 1);
}

void tpm12_put_u16(struct tpm12_writer *w, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v & 0xff };

	tpm12_put_bytes(w, b, sizeof(b));
}

void tpm12_put_u32(struct tpm12_writer *w, uint32_t v)
{
	uint8_t b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

	tpm12_put_bytes(w, b, sizeof(b));
}

void tpm12_put_sized(struct tpm12_writer *w, const void *p, size_t n)
{
	if (n > UINT32_MAX) {
		w->overflow = true;
		return;
	}
	tpm12_put_u32(w, (uint32_t)n);
	tpm12_put_bytes(w, p, n);
}

void tpm12_patch_u32(struct tpm12_writer *w, size_t off, uint32_t v)
{
	if (w->overflow || off > w->len || w->len - off < 4) {
		w->overflow = true;
		return;
	}
	w->buf[off] = v >> 24;
	w->buf[off + 1] = (v >> 16) & 0xff;
	w->buf[off + 2] = (v >> 8) & 0xff;
	w->buf[off + 3] = v & 0xff;
}

uint16_t tpm12_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t tpm12_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t tpm12_remaining(const struct tpm12_reader *r)
{
	return r->len - r->off;
}

int tpm12_get_span(struct tpm12_reader *r, size_t n, const uint8_t **ret)
{
	if (n > tpm12_remaining(r))
		return -EBADMSG;
	*ret = r->p + r->off;
	r->off += n;
	return 0;
}

int tpm12_get_bytes(struct tpm12_reader *r, void *out, size_t n)
{
	const uint8_t *p;
	int k = tpm12_get_span(r, n, &p);

	if (k < 0)
		return k;
	if (n)
		memcpy(out, p, n);
	return 0;
}

int tpm12_get_u8(struct tpm12_reader *r, uint8_t *ret)
{
	return tpm12_get_bytes(r, ret, 1);
}

int tpm12_get_u16(struct tpm12_reader *r, uint16_t *ret)
{
	const uint8_t *p;
	int k = tpm12_get_span(r, 2, &p);

	if (k < 0)
		return k;
	*ret = tpm12_be16(p);
	return 0;
}

int tpm12_get_u32(struct tpm12_reader *r, uint32_t *ret)
{
	const uint8_t *p;
	int k = tpm12_get_span(r, 4, &p);

	if (k < 0)
		return k;
	*ret = tpm12_be32(p);
	return 0;
}

int tpm12_get_sized(struct tpm12_reader *r, size_t max, const uint8_t **ret, size_t *ret_len)
{
	uint32_t n;
	int k = tpm12_get_u32(r, &n);

	if (k < 0)
		return k;
	if (n > max)
		return -EBADMSG;
	k = tpm12_get_span(r, n, ret);
	if (k < 0)
		return k;
	*ret_len = n;
	return 0;
}
