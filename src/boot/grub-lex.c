/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tokenizer for the grub.cfg script subset. */
#include "grub-lex.h"

#include <errno.h>

void grub_lexer_init(struct grub_lexer *lx, const char *buf, size_t len)
{
	lx->p = buf;
	lx->end = buf + len;
	lx->line = 1;
}

static int at(const struct grub_lexer *lx, size_t off)
{
	return lx->p + off < lx->end ? (unsigned char)lx->p[off] : -1;
}

/* Skips blanks, comments and backslash-newline continuations. */
static void skip_blanks(struct grub_lexer *lx)
{
	for (;;) {
		int c = at(lx, 0);
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0) {
			lx->p++;
		} else if (c == '\\' && at(lx, 1) == '\n') {
			lx->p += 2;
			lx->line++;
		} else if (c == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else {
			return;
		}
	}
}

/* Advances past a quoted part starting at the quote; -EINVAL if unclosed. */
static int skip_quoted(struct grub_lexer *lx)
{
	char q = *lx->p++;

	while (lx->p < lx->end && *lx->p != q) {
		if (q == '"' && *lx->p == '\\' && lx->p + 1 < lx->end)
			lx->p++;
		if (*lx->p == '\n')
			lx->line++;
		lx->p++;
	}
	if (lx->p >= lx->end)
		return -EINVAL;
	lx->p++;
	return 0;
}

/* "${...}" is one unit: its braces are not tokens. */
static void skip_braced_var(struct grub_lexer *lx)
{
	lx->p += 2;
	while (lx->p < lx->end && *lx->p != '}' && *lx->p != '\n')
		lx->p++;
	if (lx->p < lx->end && *lx->p == '}')
		lx->p++;
}

static int is_word_end(int c)
{
	return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '\r' || c == 0;
}

static int lex_word(struct grub_lexer *lx)
{
	int c, r;

	while (!is_word_end(c = at(lx, 0))) {
		if (c == '\'' || c == '"') {
			if ((r = skip_quoted(lx)) < 0)
				return r;
		} else if (c == '$' && at(lx, 1) == '{') {
			skip_braced_var(lx);
		} else if (c == '\\' && at(lx, 1) >= 0) {
			if (at(lx, 1) == '\n')
				lx->line++;
			lx->p += 2;
		} else {
			lx->p++;
		}
	}
	return 0;
}

int grub_lex(struct grub_lexer *lx, struct grub_token *tok)
{
	int c;

	skip_blanks(lx);
	tok->start = lx->p;
	tok->line = lx->line;
	tok->len = 0;
	c = at(lx, 0);
	if (c < 0) {
		tok->type = GT_EOF;
		return 0;
	}
	if (c == '\n' || c == ';' || c == '{' || c == '}') {
		tok->type = c == '{' ? GT_LBRACE : c == '}' ? GT_RBRACE : GT_SEP;
		lx->line += c == '\n';
		lx->p++;
		tok->len = 1;
		return 0;
	}
	tok->type = GT_WORD;
	int r = lex_word(lx);
	tok->len = (size_t)(lx->p - tok->start);
	return r;
}
