/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small writer of newc ("070701") cpio archives, the format the kernel
 * unpacks into its initramfs. Ours rather than libarchive: the archive
 * holds a disk key, and a ~100-line writer keeps every copy of it in one
 * buffer we wipe, with fixed owner, mode and mtime so the result is
 * reproducible; the reader in cpio-read.h checks it by the kernel's rules. */
#pragma once

#include "macro.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct cpio {
	uint8_t *buf;
	size_t len, cap;
	unsigned ino;
};

/* Names are relative ("etc/crypttab"); a leading "/" is dropped. */
int cpio_add_dir(struct cpio *c, const char *name, mode_t perm);
int cpio_add_file(struct cpio *c, const char *name, mode_t perm, const void *data, size_t len);
/* The TRAILER!!! entry; the archive's length is then a multiple of 4. */
int cpio_finish(struct cpio *c);
/* Wipes (it may hold a key) and frees. */
void cpio_free(struct cpio *c);
#define _cleanup_cpio_ _cleanup_(cpio_free)
