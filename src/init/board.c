/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking up values in the board profile text. */
#include "board.h"
#include "macro.h"

#include <ctype.h>

static size_t trim_end(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return n;
}

/* Checks line [p, p+n) against key; on a match copies the value. */
static int match_line(const char *p, size_t n, const char *key, char *ret, size_t size)
{
	const char *eq;
	size_t klen, vlen;

	while (n > 0 && isspace((unsigned char)*p))
		p++, n--;
	n = trim_end(p, n);
	if (n == 0 || *p == '#')
		return 0;
	eq = memchr(p, '=', n);
	if (!eq)
		return -EBADMSG;
	klen = trim_end(p, (size_t)(eq - p));
	if (klen != strlen(key) || memcmp(p, key, klen) != 0)
		return 0;
	eq++;
	vlen = n - (size_t)(eq - p);
	while (vlen > 0 && isspace((unsigned char)*eq))
		eq++, vlen--;
	if (vlen >= size)
		return -ENAMETOOLONG;
	memcpy(ret, eq, vlen);
	ret[vlen] = '\0';
	return 1;
}

int board_get(const char *buf, size_t len, const char *key, char *ret, size_t size)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int r = match_line(p, n, key, ret, size);
		if (r)
			return r < 0 ? r : 0;
		p += n + 1;
	}
	return -ENOENT;
}
