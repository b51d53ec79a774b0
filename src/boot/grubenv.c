/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading grubenv. */
#include "grubenv.h"
#include "strbuf.h"

static int wanted(char *const *only, const char *name)
{
	if (!only)
		return 1;
	for (size_t i = 0; only[i]; i++)
		if (streq(only[i], name))
			return 1;
	return 0;
}

static int unescape_into(struct strbuf *b, const char *p, size_t n)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < n; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		r = strbuf_putc(b, p[i]);
	}
	return r;
}

static int parse_line(const char *p, size_t n, struct grub_env *env, char *const *only)
{
	_cleanup_strbuf_ struct strbuf value = { 0 };
	const char *eq = memchr(p, '=', n);
	char name[128];
	int r;

	if (n == 0 || p[0] == '#' || !eq || (size_t)(eq - p) >= sizeof(name))
		return 0;
	memcpy(name, p, (size_t)(eq - p));
	name[eq - p] = '\0';
	if (!grub_env_name_valid(name, strlen(name)) || !wanted(only, name))
		return 0;
	if ((r = unescape_into(&value, eq + 1, n - (size_t)(eq + 1 - p))) < 0)
		return r;
	return grub_env_set(env, name, value.s ? value.s : "");
}

int grubenv_parse(const char *buf, size_t len, struct grub_env *env, char *const *only)
{
	const char *p = buf, *end = buf + len;
	int r;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* An escaped newline continues the value. */
		while (nl && n > 0 && p[n - 1] == '\\' && nl + 1 < end) {
			nl = memchr(nl + 1, '\n', (size_t)(end - nl - 1));
			n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		}
		if ((r = parse_line(p, n, env, only)) < 0)
			return r;
		p += n + 1;
	}
	return 0;
}
