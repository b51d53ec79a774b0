/* Reading whole files with a size cap, and atomic replacement of files. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* Reads the whole regular file at path (not following a final symlink) into
 * a fresh NUL-terminated buffer. Files larger than max give -EFBIG. */
int read_file_full(const char *path, size_t max, char **ret_buf, size_t *ret_len);

/* Replaces path with buf atomically: a temporary file in the same directory,
 * fsync, rename over path, fsync of the directory. A crash at any point
 * leaves either the old file or the new one. */
int write_file_atomic(const char *path, const void *buf, size_t len, mode_t mode);

/* Writes all of buf to fd, retrying short writes and EINTR. */
int write_all(int fd, const void *buf, size_t len);
