/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writes a manifest as the text that gets signed (doc/manifest.md). */
#pragma once

#include "manifest.h"

/* Formats a sorted manifest into a fresh buffer. Only files and symlinks
 * are written. */
int manifest_format(const struct manifest *m, char **ret_buf, size_t *ret_len);
