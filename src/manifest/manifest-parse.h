/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parser for the manifest text (doc/manifest.md). It takes a buffer, never
 * a file, and refuses anything outside the format's hard caps. */
#pragma once

#include "manifest.h"

struct manifest_parse_error {
	size_t line; /* 1-based; 0 when not tied to a line */
	const char *reason; /* static text */
};

/* Parses buf (len bytes, may contain anything) into a fresh manifest.
 * Returns 0, -EBADMSG for malformed or hostile input (err says where and
 * why), -E2BIG beyond the caps, -ENOMEM. */
int manifest_parse(const char *buf, size_t len, struct manifest **ret,
		   struct manifest_parse_error *err);
