/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GRUB's `[ ... ]` / `test ...`: string and integer comparisons, -z/-n,
 * file tests against the boot tree, !, -a, -o and parentheses. */
#pragma once

#include "bootfs.h"

#include <stddef.h>

/* Returns 1 when the expression is true, 0 otherwise (also when it is not
 * one GRUB would accept). args excludes the "[" and "]". */
int grub_test_eval(const struct bootfs *fs, char *const *args, size_t n);
