/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex and base32 (RFC 4648 section 6) encoding and decoding. */
#include "hexdump.h"

#include <errno.h>
#include <string.h>

static const char hexdigits[] = "0123456789abcdef";
static const char b32alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void hex_encode(const uint8_t *in, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hexdigits[in[i] >> 4];
		out[2 * i + 1] = hexdigits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_decode(const char *in, uint8_t *out, size_t len)
{
	if (strlen(in) != 2 * len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

size_t base32_encoded_len(size_t len, int pad)
{
	if (pad)
		return (len + 4) / 5 * 8;
	return (len * 8 + 4) / 5;
}

void base32_encode(const uint8_t *in, size_t len, int pad, char *out)
{
	size_t o = 0;
	unsigned buffer = 0, bits = 0;

	for (size_t i = 0; i < len; i++) {
		buffer = (buffer << 8 | in[i]) & 0xffff;
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32alphabet[(buffer >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32alphabet[(buffer << (5 - bits)) & 31];
	while (pad && o % 8)
		out[o++] = '=';
	out[o] = '\0';
}

static int b32val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/* Valid counts of data characters in the last 8-character group. */
static int valid_tail(size_t n)
{
	return n == 0 || n == 2 || n == 4 || n == 5 || n == 7;
}

static int check_padding(const char *in, size_t data, size_t total)
{
	size_t padlen = total - data;

	for (size_t i = data; i < total; i++)
		if (in[i] != '=')
			return -EINVAL;
	if (padlen > 0 && (total % 8 != 0 || padlen > 6))
		return -EINVAL;
	return valid_tail(data % 8) ? 0 : -EINVAL;
}

int base32_decode(const char *in, uint8_t *out, size_t outsize, size_t *ret_len)
{
	size_t total = strlen(in), data = strcspn(in, "="), o = 0;
	unsigned buffer = 0, bits = 0;

	if (check_padding(in, data, total) < 0)
		return -EINVAL;
	for (size_t i = 0; i < data; i++) {
		int v = b32val(in[i]);
		if (v < 0)
			return -EINVAL;
		buffer = (buffer << 5 | (unsigned)v) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			if (o >= outsize)
				return -ENOBUFS;
			out[o++] = (uint8_t)(buffer >> (bits - 8));
			bits -= 8;
		}
	}
	/* Leftover bits must be zero, or the text is not canonical. */
	if (buffer & ((1u << bits) - 1))
		return -EINVAL;
	*ret_len = o;
	return 0;
}
