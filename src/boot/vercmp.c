/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpm-style version comparison. */
#include "vercmp.h"

#include <ctype.h>
#include <string.h>

static int is_seg(char c)
{
	return isalnum((unsigned char)c) || c == '~';
}

static const char *skip_sep(const char *s)
{
	while (*s && !is_seg(*s))
		s++;
	return s;
}

static size_t run(const char *s, int digits)
{
	size_t n = 0;

	while (s[n] && (digits ? isdigit((unsigned char)s[n]) : isalpha((unsigned char)s[n])))
		n++;
	return n;
}

static int cmp_numeric(const char *a, size_t na, const char *b, size_t nb)
{
	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(a, b, na);
}

static int cmp_alpha(const char *a, size_t na, const char *b, size_t nb)
{
	int r = memcmp(a, b, na < nb ? na : nb);

	return r ? r : (na > nb) - (na < nb);
}

int vercmp(const char *a, const char *b)
{
	for (;;) {
		a = skip_sep(a);
		b = skip_sep(b);
		if (*a == '~' || *b == '~') {
			if (*a != '~' || *b != '~')
				return *a == '~' ? -1 : 1;
			a++, b++;
			continue;
		}
		if (!*a || !*b)
			return (*a != 0) - (*b != 0);
		int digits = !!isdigit((unsigned char)*a);
		if (digits != !!isdigit((unsigned char)*b))
			return digits ? 1 : -1;
		size_t na = run(a, digits), nb = run(b, digits);
		int r = digits ? cmp_numeric(a, na, b, nb) : cmp_alpha(a, na, b, nb);
		if (r)
			return r < 0 ? -1 : 1;
		a += na, b += nb;
	}
}
