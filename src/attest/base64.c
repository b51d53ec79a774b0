/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Base64 for the attestation file: every byte of text checked. */
#include "base64.h"

#include <errno.h>
#include <stdlib.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encoded_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

void base64_encode(const uint8_t *in, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t left = len - i;
		if (left > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = left > 1 ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = left > 2 ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
}

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* One group of 4 characters; the last group may end in "=" or "==", and
 * the bits the padding drops must be zero (one text per byte string). */
static int decode_group(const char *g, int last, uint8_t *out, size_t *n)
{
	int v[4], pad = last ? (g[3] == '=') + (g[2] == '=' && g[3] == '=') : 0;
	uint32_t w = 0;

	for (int i = 0; i < 4 - pad; i++) {
		v[i] = value(g[i]);
		if (v[i] < 0)
			return -EINVAL;
		w |= (uint32_t)v[i] << (18 - 6 * i);
	}
	if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff)))
		return -EINVAL;
	out[(*n)++] = (uint8_t)(w >> 16);
	if (pad < 2)
		out[(*n)++] = (uint8_t)(w >> 8);
	if (pad < 1)
		out[(*n)++] = (uint8_t)w;
	return 0;
}

int base64_decode(const char *in, size_t n, uint8_t **ret, size_t *ret_len)
{
	uint8_t *out;
	size_t len = 0;

	if (n % 4)
		return -EINVAL;
	out = malloc(n / 4 * 3 + 1);
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < n; i += 4)
		if (decode_group(in + i, i + 4 == n, out, &len) < 0) {
			free(out);
			return -EINVAL;
		}
	*ret = out;
	*ret_len = len;
	return 0;
}
