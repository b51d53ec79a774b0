/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Growable strings and NULL-terminated string arrays with hard size caps
 * (untrusted input never grows without bound), and formatting into fixed
 * buffers where truncation is an error. */
#pragma once

#include "macro.h"

#include <stdarg.h>
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
/* Appends printf-style text; the same caps as strbuf_append. */
int strbuf_printf(struct strbuf *b, const char *fmt, ...) _printf_(2, 3);
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

/* snprintf into buf (size bytes) where a cut is an error, never a shorter
 * string: -ENAMETOOLONG when the text does not fit (buf then holds ""),
 * since most such texts are paths, -EINVAL on a format error. Returns the
 * length written otherwise. */
_warn_unused_result_ int strfmt(char *buf, size_t size, const char *fmt, ...) _printf_(3, 4);
/* For text only shown to a person (event descriptions): a text that does
 * not fit is cut on purpose and ends in "..." so the cut shows. */
void strfmt_cut(char *buf, size_t size, const char *fmt, ...) _printf_(3, 4);
_warn_unused_result_ int vstrfmt(char *buf, size_t size, const char *fmt, va_list ap) _printf_(3, 0);
