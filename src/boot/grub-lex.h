/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Splits grub.cfg text into tokens: words (kept raw, quotes included, for
 * expansion when the command runs), command separators and braces. */
#pragma once

#include <stddef.h>

enum grub_token_type { GT_EOF, GT_WORD, GT_SEP, GT_LBRACE, GT_RBRACE };

struct grub_token {
	enum grub_token_type type;
	const char *start;
	size_t len;
	unsigned line;
};

struct grub_lexer {
	const char *p;
	const char *end;
	unsigned line;
};

void grub_lexer_init(struct grub_lexer *lx, const char *buf, size_t len);
/* 0 and the next token, or -EINVAL for an unterminated quote (tok->line
 * says where it started). */
int grub_lex(struct grub_lexer *lx, struct grub_token *tok);
