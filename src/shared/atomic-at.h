/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Atomic file replacement inside a directory fd: a staging file, fsync,
 * rename over the target, fsync of the directory. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#define ATOMIC_TMP_MAX 300
/* Staging files are named ATOMIC_STAGING_PREFIX "NAME-RANDOM". */
#define ATOMIC_STAGING_PREFIX ".staging-"

/* Creates a fresh staging file ".staging-NAME-RANDOM" in dfd for writing
 * (O_EXCL, O_NOFOLLOW); returns its fd and stores its name in tmp. */
int atomic_create_at(int dfd, const char *name, mode_t mode, char tmp[ATOMIC_TMP_MAX]);

/* Makes the staging file durable and renames it over name; removes it on
 * failure. Does not close fd. */
int atomic_commit_at(int dfd, int fd, const char *tmp, const char *name);

/* Replaces name in dfd with buf, atomically. */
int atomic_write_at(int dfd, const char *name, const void *buf, size_t len, mode_t mode);

/* Renames from to to within dfd and makes the rename durable. */
int rename_sync_at(int dfd, const char *from, const char *to);
