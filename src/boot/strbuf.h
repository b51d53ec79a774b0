/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Growable strings and NULL-terminated string arrays with hard size caps,
 * for the boot-config parsers (untrusted input never grows without bound). */
#pragma once

#include "macro.h"

#include <stddef.h>

#define STRBUF_MAX (1u << 20)

struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};

/* Appends n bytes; -E2BIG beyond STRBUF_MAX, -ENOMEM. s stays NUL-terminated. */
int strbuf_append(struct strbuf *b, const char *p, size_t n);
int strbuf_puts(struct strbuf *b, const char *s);
int strbuf_putc(struct strbuf *b, char c);
/* Hands the string over (an empty string if nothing was appended). */
char *strbuf_steal(struct strbuf *b);
void strbuf_free(struct strbuf *b);
#define _cleanup_strbuf_ _cleanup_(strbuf_free)

/* NULL-terminated arrays of heap strings. */
size_t strv_length(char *const *v);
/* Takes ownership of s (freed on failure). */
int strv_push(char ***v, char *s);
int strv_push_dup(char ***v, const char *s);
char **strv_free(char **v);
static inline void strv_freep(char ***v)
{
	strv_free(*v);
}
#define _cleanup_strv_ _cleanup_(strv_freep)
/* Joins with one separator; NULL on allocation failure. */
char *strv_join(char *const *v, const char *sep);
