/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Expanding raw grub.cfg words. */
#include "grub-word.h"
#include "grub-lex.h"
#include "strbuf.h"

#include <ctype.h>

struct expansion {
	const struct grub_env *env;
	char ***fields;
	struct strbuf cur;
	int have; /* cur is a word even if empty (it had quotes or text) */
};

static int end_field(struct expansion *x)
{
	int r;

	if (!x->have)
		return 0;
	if (strv_length(*x->fields) >= GRUB_MAX_WORDS)
		return -E2BIG;
	r = strv_push(x->fields, strbuf_steal(&x->cur));
	x->have = 0;
	return r;
}

static int put(struct expansion *x, const char *p, size_t n)
{
	x->have = 1;
	return strbuf_append(&x->cur, p, n);
}

/* An unquoted value: blanks separate words. */
static int put_split(struct expansion *x, const char *v)
{
	int r;

	for (; *v; v++) {
		if (isspace((unsigned char)*v))
			r = end_field(x);
		else
			r = put(x, v, 1);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Parses the name after '$' at *pp; returns its length (0: no variable). */
static size_t var_name(const char **pp, const char **ret_name)
{
	const char *p = *pp, *close;
	size_t n = 0;

	if (*p == '{' && (close = strchr(p, '}'))) {
		*ret_name = p + 1;
		*pp = close + 1;
		return (size_t)(close - p - 1);
	}
	if (*p == '?' || *p == '#' || *p == '@' || *p == '*')
		n = 1;
	else
		while (isalnum((unsigned char)p[n]) || p[n] == '_')
			n++;
	*ret_name = p;
	*pp = p + n;
	return n;
}

static int put_var(struct expansion *x, const char **pp, int quoted)
{
	const char *name = NULL, *value;
	size_t n = var_name(pp, &name);
	char buf[64];

	if (n == 0 || n >= sizeof(buf))
		return n == 0 ? put(x, "$", 1) : 0;
	memcpy(buf, name, n);
	buf[n] = '\0';
	value = grub_env_get(x->env, buf);
	if (!value)
		value = "";
	if (quoted) {
		x->have = 1;
		return strbuf_puts(&x->cur, value);
	}
	return put_split(x, value);
}

static int expand_double(struct expansion *x, const char **pp)
{
	const char *p = *pp;
	int r = 0;

	x->have = 1;
	while (r >= 0 && *p && *p != '"') {
		if (*p == '\\' && p[1] && strchr("$\"\\\n", p[1])) {
			if (p[1] != '\n')
				r = put(x, p + 1, 1);
			p += 2;
		} else if (*p == '$') {
			p++;
			r = put_var(x, &p, 1);
		} else {
			r = put(x, p++, 1);
		}
	}
	*pp = *p ? p + 1 : p;
	return r;
}

static int expand_single(struct expansion *x, const char **pp)
{
	const char *p = *pp, *close = strchr(p, '\'');
	size_t n = close ? (size_t)(close - p) : strlen(p);
	int r = put(x, p, n);

	*pp = p + n + (close ? 1 : 0);
	return r;
}

static int expand_one(struct expansion *x, const char **pp)
{
	const char *p = *pp;

	*pp = p + 1;
	switch (*p) {
	case '\'':
		return expand_single(x, pp);
	case '"':
		return expand_double(x, pp);
	case '$':
		return put_var(x, pp, 0);
	case '\\':
		if (!p[1])
			return put(x, p, 1);
		*pp = p + 2;
		return p[1] == '\n' ? 0 : put(x, p + 1, 1);
	default:
		return put(x, p, 1);
	}
}

int grub_expand_word(const struct grub_env *env, const char *raw, char ***fields)
{
	struct expansion x = { .env = env, .fields = fields };
	int r = 0;

	for (const char *p = raw; r >= 0 && *p;)
		r = expand_one(&x, &p);
	if (r >= 0)
		r = end_field(&x);
	strbuf_free(&x.cur);
	return r;
}

int grub_expand_words(const struct grub_env *env, char *const *raw, char ***ret)
{
	_cleanup_strv_ char **out = NULL;
	int r;

	for (size_t i = 0; raw && raw[i]; i++)
		if ((r = grub_expand_word(env, raw[i], &out)) < 0)
			return r;
	if (!out && !(out = calloc(1, sizeof(char *))))
		return -ENOMEM;
	*ret = TAKE_PTR(out);
	return 0;
}

int grub_expand_line(const struct grub_env *env, const char *text, char **ret)
{
	_cleanup_strv_ char **fields = NULL;
	struct grub_lexer lx;
	struct grub_token tok;
	int r;

	grub_lexer_init(&lx, text, strlen(text));
	while ((r = grub_lex(&lx, &tok)) >= 0 && tok.type != GT_EOF) {
		_cleanup_free_ char *raw = strndup(tok.start, tok.len);
		if (!raw)
			return -ENOMEM;
		if (tok.type == GT_WORD && (r = grub_expand_word(env, raw, &fields)) < 0)
			return r;
	}
	if (r < 0)
		return r;
	*ret = strv_join(fields, " ");
	return *ret ? 0 : -ENOMEM;
}
