/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Growable strings and string arrays with caps; checked formatting. */
#include "strbuf.h"

#include <stdio.h>

int strbuf_append(struct strbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > STRBUF_MAX)
		return -E2BIG;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *s = realloc(b->s, cap);
		if (!s)
			return -ENOMEM;
		b->s = s;
		b->cap = cap;
	}
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int strbuf_puts(struct strbuf *b, const char *s)
{
	return strbuf_append(b, s, strlen(s));
}

int strbuf_putc(struct strbuf *b, char c)
{
	return strbuf_append(b, &c, 1);
}

char *strbuf_steal(struct strbuf *b)
{
	if (!b->s && strbuf_append(b, "", 0) < 0)
		return NULL;
	b->len = b->cap = 0;
	return TAKE_PTR(b->s);
}

void strbuf_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

size_t strv_length(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

int strv_push(char ***v, char *s)
{
	size_t n = strv_length(*v);
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (n + 2) * sizeof(char *));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[n] = s;
	nv[n + 1] = NULL;
	*v = nv;
	return 0;
}

int strv_push_dup(char ***v, const char *s)
{
	return strv_push(v, strdup(s));
}

char **strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
	return NULL;
}

char *strv_join(char *const *v, const char *sep)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };

	for (size_t i = 0; v && v[i]; i++)
		if ((i && strbuf_puts(&b, sep) < 0) || strbuf_puts(&b, v[i]) < 0)
			return NULL;
	return strbuf_steal(&b);
}

int vstrfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n >= 0 && (size_t)n < size)
		return n;
	if (size > 0)
		buf[0] = '\0';
	return n < 0 ? -EINVAL : -ENAMETOOLONG;
}

int strfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vstrfmt(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

void strfmt_cut(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (size == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		buf[0] = '\0';
	else if ((size_t)n >= size && size > 3)
		memcpy(buf + size - 4, "...", 4);
}

int strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
	_cleanup_free_ char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	return strbuf_append(b, s, (size_t)n);
}
