/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict parsing of numbers typed by people or given on command lines. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Parses s as a whole unsigned decimal number: digits only (no sign,
 * space, base prefix or trailing text). -EINVAL when s is not one,
 * -ERANGE when it exceeds max. */
int parse_unsigned(const char *s, uint64_t max, uint64_t *ret);

/* True for a UUID in canonical form: 8-4-4-4-12 hex digits (either case),
 * nothing else. */
bool uuid_valid(const char *s);
