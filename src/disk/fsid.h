/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which file system a block device holds, as libblkid reads it from the
 * superblock and the partition table (nothing is mounted): its type,
 * UUID, label, and the UUID of the partition it is on. */
#pragma once

#include <stddef.h>

#define FSID_MAX 64

struct fs_identity {
	char type[16]; /* "ext4", "vfat", ...; "" when none was recognised */
	char uuid[FSID_MAX + 1]; /* "" when it has none */
	char partuuid[FSID_MAX + 1]; /* GPT PARTUUID (or MBR id-number); "" when none */
	char label[FSID_MAX + 1];
};

/* Probes dev. 0 with ret filled (type "" when no file system was found),
 * -errno when dev cannot be read. */
int fsid_probe(const char *dev, struct fs_identity *ret);

/* The block device (its /dev path, into buf) whose file system the
 * directory open at dir_fd is the root of. -ENOTBLK when the directory is
 * not the root of a mounted file system, or that file system is not on a
 * block device. */
int fsid_device_of_dir(int dir_fd, char *buf, size_t size);
