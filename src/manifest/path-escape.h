/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The manifest's field encoding: bytes that are not printable ASCII, the
 * space and '%' become "%XX" (upper-case hex), so every field is one word.
 * Decoding accepts only that canonical form. */
#pragma once

#include <stddef.h>
#include <stdio.h>

/* Writes the escaped form of s to f. */
void path_escape_write(FILE *f, const char *s);

/* Decodes len bytes of escaped text into a fresh NUL-terminated string.
 * -EBADMSG for anything but the canonical form, or an escaped NUL. */
int path_unescape(const char *in, size_t len, char **ret);
