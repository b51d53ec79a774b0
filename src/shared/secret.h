/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Secret bytes on the heap (keys, TOTP secrets, URIs carrying them), wiped
 * whole when freed: every allocated byte, not up to the first zero. */
#pragma once

#include "macro.h"

#include <stddef.h>

struct secret {
	unsigned char *buf; /* size bytes, one more kept zero after them */
	size_t len; /* bytes in use */
	size_t size; /* bytes allocated and wiped */
};

/* Allocates size zeroed bytes (plus a terminating zero, so a text secret
 * is a C string). */
int secret_alloc(struct secret *s, size_t size);

/* Wipes all size bytes; the buffer stays allocated, len becomes 0. */
void secret_clear(struct secret *s);

/* Wipes all size bytes and frees them; s becomes empty. */
void secret_free(struct secret *s);
#define _cleanup_secret_ _cleanup_(secret_free)

/* Reads the regular file path (a final symlink is refused) into a fresh
 * secret of at most max bytes (-EFBIG beyond), without intermediate
 * copies. */
int secret_read_file(const char *path, size_t max, struct secret *ret);

/* The same for a file named by a person: a final symlink is followed. */
int secret_read_file_follow(const char *path, size_t max, struct secret *ret);
