/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Expansion of raw grub.cfg words when a command runs: quotes removed,
 * backslash escapes, $name and ${name} replaced by their values; an
 * unquoted value is split into several words at blanks, and an unquoted
 * expansion that is empty yields no word at all (as in GRUB). */
#pragma once

#include "grub-env.h"

#define GRUB_MAX_WORDS 4096

/* Appends the fields of one raw word to *fields. */
int grub_expand_word(const struct grub_env *env, const char *raw, char ***fields);
/* Expands every raw word into a fresh array. */
int grub_expand_words(const struct grub_env *env, char *const *raw, char ***ret);

/* Splits a line into words as grub.cfg would, expands them and joins the
 * result with single spaces (for BLS "options"); -EINVAL for an
 * unterminated quote. */
int grub_expand_line(const struct grub_env *env, const char *text, char **ret);
