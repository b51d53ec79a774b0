/* SPDX-License-Identifier: GPL-2.0-or-later */
/* %XX escaping of manifest fields (paths, symlink targets, entry names). */
#include "path-escape.h"
#include "macro.h"

#include <stdbool.h>

static bool needs_escape(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || c == '%';
}

void path_escape_write(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (needs_escape(*p))
			fprintf(f, "%%%02X", *p);
		else
			fputc(*p, f);
	}
}

static int hex_upper(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes "%XX" at in; the byte must be one that the encoder escapes. */
static int decode_escape(const char *in, size_t left, char *ret)
{
	int hi, lo;

	if (left < 3)
		return -EBADMSG;
	hi = hex_upper(in[1]);
	lo = hex_upper(in[2]);
	if (hi < 0 || lo < 0)
		return -EBADMSG;
	if ((hi << 4 | lo) == 0 || !needs_escape((unsigned char)(hi << 4 | lo)))
		return -EBADMSG;
	*ret = (char)(hi << 4 | lo);
	return 0;
}

int path_unescape(const char *in, size_t len, char **ret)
{
	_cleanup_free_ char *out = malloc(len + 1);
	size_t n = 0;

	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '%') {
			if (decode_escape(in + i, len - i, &out[n++]) < 0)
				return -EBADMSG;
			i += 2;
		} else if (needs_escape(c)) {
			return -EBADMSG;
		} else {
			out[n++] = (char)c;
		}
	}
	out[n] = '\0';
	*ret = TAKE_PTR(out);
	return 0;
}
