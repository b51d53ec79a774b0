/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing JSON strings: the one escaper behind `heads entries --json` and
 * `heads log --json`. */
#pragma once

#include <stddef.h>
#include <stdio.h>

/* Length of the well-formed UTF-8 sequence at s (1 to 4 bytes, at most n):
 * 0 when the bytes there are not one (a stray continuation byte, an
 * overlong form, a surrogate, beyond U+10FFFF, cut short). */
size_t utf8_sequence_len(const unsigned char *s, size_t n);

/* Writes s (NULL: "") as a quoted JSON string that is always valid UTF-8:
 * '"' and '\\' escaped, \n \t \r as such, other control characters and DEL
 * as \u00XX. A byte that does not begin a well-formed UTF-8 sequence is
 * taken as Latin-1 and written as \u00XX: grub.cfg files written in
 * Latin-1 (a title with 0xE9) read right, and the byte stays recoverable,
 * where U+FFFD would lose it. */
void json_write_string(FILE *out, const char *s);
