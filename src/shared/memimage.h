/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What kexec loads, held in memory: a memfd filled once and sealed
 * (memfd_create(2), F_ADD_SEALS), so the bytes checked are the bytes the
 * kernel reads, whatever the storage answers later.
 *
 * A file read from /boot is sealed against every change (F_SEAL_SHRINK,
 * F_SEAL_GROW, F_SEAL_WRITE, F_SEAL_SEAL). An image that holds a secret
 * (the combined initrd with the disk key) must be wiped after use, which
 * F_SEAL_WRITE forbids (and the kernel does not clear freed pages), so it
 * is sealed with F_SEAL_FUTURE_WRITE instead: no write through any
 * descriptor or new mapping, while the one writable mapping made before
 * the seal, ours, can still overwrite it with zeros. */
#pragma once

#include "macro.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct memimage {
	int fd; /* the memfd, -1 when none */
	uint8_t *map; /* its len bytes once sealed; NULL when len is 0 */
	size_t len;
	bool wipeable; /* map is writable: memimage_free wipes it */
};

#define MEMIMAGE_NONE ((struct memimage){ .fd = -1 })

/* Reads fd from its current offset to its end, once, into a new image
 * sealed against every change. -EFBIG when fd holds more than max bytes. */
int memimage_read_fd(const char *name, int fd, uint64_t max, struct memimage *ret);

/* A second handle on a sealed image (its own descriptor and mapping of
 * the same bytes), for a user that frees it independently. */
int memimage_dup(const struct memimage *m, struct memimage *ret);

/* A new image of len zero bytes, writable through ret->map, to be filled
 * and then sealed with memimage_seal_wipeable. */
int memimage_new_wipeable(const char *name, size_t len, struct memimage *ret);
int memimage_seal_wipeable(struct memimage *m);

/* Overwrites a wipeable image with zeros (nothing for the others). */
void memimage_wipe(struct memimage *m);

/* Wipes (when wipeable), unmaps and closes; m becomes MEMIMAGE_NONE. */
void memimage_free(struct memimage *m);
#define _cleanup_memimage_ _cleanup_(memimage_free)
