/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Editing kernel command lines. */
#include "cmdline.h"
#include "macro.h"
#include "strbuf.h"

#include <ctype.h>

int cmdline_split(const char *s, char ***words)
{
	while (*s) {
		const char *start;
		int quoted = 0;
		int r;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		start = s;
		while (*s && (quoted || !isspace((unsigned char)*s)))
			quoted ^= *s++ == '"';
		if ((r = strv_push(words, strndup(start, (size_t)(s - start)))) < 0)
			return r;
	}
	return 0;
}

static int contains(char *const *v, const char *w)
{
	for (size_t i = 0; v && v[i]; i++)
		if (streq(v[i], w))
			return 1;
	return 0;
}

int cmdline_edit(const char *orig, char *const *add, char *const *remove, char **ret)
{
	_cleanup_strv_ char **words = NULL, **out = NULL;
	_cleanup_free_ char *joined = NULL;
	int r = cmdline_split(orig, &words);

	for (size_t i = 0; r >= 0 && words && words[i]; i++)
		if (!contains(remove, words[i]))
			r = strv_push_dup(&out, words[i]);
	for (size_t i = 0; r >= 0 && add && add[i]; i++)
		if (!contains(out, add[i]) && !contains(remove, add[i]))
			r = strv_push_dup(&out, add[i]);
	if (r < 0)
		return r;
	if (!(joined = strv_join(out, " ")))
		return -ENOMEM;
	if (strlen(joined) >= CMDLINE_MAX)
		return -E2BIG;
	*ret = TAKE_PTR(joined);
	return 0;
}
