/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading whole files with a size cap, and atomic replacement of files. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads size bytes (fewer only at end of file) at offset off, or from the
 * current position when off < 0, retrying short reads and EINTR. Returns
 * the count read or -errno. */
ssize_t pread_full(int fd, void *buf, size_t size, int64_t off);

/* pread_full(fd, buf, size, -1). */
ssize_t read_full(int fd, void *buf, size_t size);

/* Exactly size bytes at off: -EIO when the file ends before. */
int pread_exact(int fd, void *buf, size_t size, uint64_t off);

/* Opens the regular file name relative to dfd read-only (a final symlink
 * is refused, not followed; -EINVAL if not regular). Returns the fd. */
int open_regular_at(int dfd, const char *name);

/* The same for a file named by a person (on the command line): a final
 * symbolic link is followed, as other tools do. */
int open_regular_follow(const char *path);

/* Reads all of fd (at most max bytes, else -EFBIG) into a fresh
 * NUL-terminated buffer. */
int read_fd_full(int fd, size_t max, char **ret_buf, size_t *ret_len);

/* Reads the whole regular file name relative to dfd (AT_FDCWD for a
 * path; a final symlink is refused, not followed) into a fresh
 * NUL-terminated buffer. -EFBIG beyond max, -EINVAL if not regular. */
int read_file_at(int dfd, const char *name, size_t max, char **ret_buf, size_t *ret_len);

/* read_file_at(AT_FDCWD, path, ...). */
int read_file_full(const char *path, size_t max, char **ret_buf, size_t *ret_len);

/* Like read_file_full, for a file a person named (a command-line argument):
 * symbolic links are followed, as other tools follow them. */
int read_file_follow(const char *path, size_t max, char **ret_buf, size_t *ret_len);

/* Replaces path with buf atomically: a temporary file in the same directory,
 * fsync, rename over path, fsync of the directory. A crash at any point
 * leaves either the old file or the new one. */
int write_file_atomic(const char *path, const void *buf, size_t len, mode_t mode);

/* Writes all of buf to fd, retrying short writes and EINTR. */
int write_all(int fd, const void *buf, size_t len);
