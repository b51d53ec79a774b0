/* Reading a whole small file relative to a directory fd. */
#pragma once

#include <stddef.h>

/* Reads the regular file name in dfd (a symlink is refused) into a fresh
 * NUL-terminated buffer. -ENOENT when absent, -EFBIG beyond max. */
int read_at_full(int dfd, const char *name, size_t max, char **ret_buf, size_t *ret_len);
