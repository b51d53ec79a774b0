/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON string output that never emits invalid UTF-8. */
#include "json.h"

#include <stdint.h>
#include <string.h>

/* RFC 3629 section 4: the second byte's range depends on the first. */
static int second_ok(unsigned char c0, unsigned char c1)
{
	if (c0 == 0xe0)
		return c1 >= 0xa0 && c1 <= 0xbf; /* no overlong 3-byte forms */
	if (c0 == 0xed)
		return c1 >= 0x80 && c1 <= 0x9f; /* no surrogates */
	if (c0 == 0xf0)
		return c1 >= 0x90 && c1 <= 0xbf; /* no overlong 4-byte forms */
	if (c0 == 0xf4)
		return c1 >= 0x80 && c1 <= 0x8f; /* nothing beyond U+10FFFF */
	return c1 >= 0x80 && c1 <= 0xbf;
}

size_t utf8_sequence_len(const unsigned char *s, size_t n)
{
	size_t len;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len || !second_ok(s[0], s[1]))
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

static void write_ascii(FILE *out, unsigned char c)
{
	if (c == '"' || c == '\\')
		fprintf(out, "\\%c", c);
	else if (c == '\n')
		fputs("\\n", out);
	else if (c == '\t')
		fputs("\\t", out);
	else if (c == '\r')
		fputs("\\r", out);
	else if (c < 0x20 || c == 0x7f)
		fprintf(out, "\\u%04x", c);
	else
		fputc(c, out);
}

void json_write_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);

	fputc('"', out);
	while (n > 0) {
		size_t len = utf8_sequence_len(p, n);
		if (len == 1)
			write_ascii(out, *p);
		else if (len > 1)
			fwrite(p, 1, len, out);
		else
			fprintf(out, "\\u%04x", *p); /* its Latin-1 reading */
		len = len ? len : 1;
		p += len;
		n -= len;
	}
	fputc('"', out);
}
