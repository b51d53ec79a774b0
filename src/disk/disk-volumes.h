/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The LUKS volumes one disk key opens, opened together and kept in the
 * order their headers are measured into PCR 6: by LUKS UUID, so the order
 * the devices are named or found in does not matter. */
#pragma once

#include "disk-key.h"

struct crypt_device;

struct disk_volumes {
	size_t n;
	struct crypt_device *cd[DISK_VOLUMES_MAX];
	const char *device[DISK_VOLUMES_MAX]; /* the caller's strings */
};

/* Opens every device (each must hold a LUKS header). -E2BIG for more than
 * DISK_VOLUMES_MAX, -EINVAL when two hold the same UUID (the same volume
 * named twice, or a copy of it). */
int disk_volumes_open(const char *const *devices, size_t n, struct disk_volumes *ret);

/* Opens, among devices, the volumes the record m names, in its order.
 * -ENODEV (with a message naming the UUID) when one is on none of them. */
int disk_volumes_select(const char *const *devices, size_t n, const struct disk_meta *m,
			struct disk_volumes *ret);

void disk_volumes_close(struct disk_volumes *v);
#define _cleanup_disk_volumes_ _cleanup_(disk_volumes_close)
