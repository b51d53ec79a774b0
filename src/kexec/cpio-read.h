/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading an initramfs image by the kernel's rules (init/initramfs.c):
 * newc archives ("070701"/"070702") starting at 4-byte aligned offsets,
 * zero bytes between them skipped, later files overriding earlier ones.
 * Compressed members are reported, not unpacked. For tests and fuzzing. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct cpio_member {
	const char *name; /* points into the image; not NUL-terminated */
	size_t name_len;
	uint32_t mode;
	const uint8_t *data;
	size_t size;
	size_t offset; /* of its header */
};

/* Calls fn for each member (not the trailers); fn returns < 0 to stop.
 * -EBADMSG for a malformed header or a member running past the end,
 * -EPROTO for a compressed or otherwise non-cpio member. */
int cpio_read(const uint8_t *img, size_t len,
	      int (*fn)(const struct cpio_member *m, void *userdata), void *userdata);
