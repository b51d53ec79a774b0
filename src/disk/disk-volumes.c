/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening the volumes of a disk key, sorted by UUID. */
#include "disk-volumes.h"
#include "log.h"
#include "luks.h"

#include <stdlib.h>
#include <strings.h>

void disk_volumes_close(struct disk_volumes *v)
{
	for (size_t i = 0; i < v->n; i++)
		luks_closep(&v->cd[i]);
	v->n = 0;
}

/* Inserts cd at its place in UUID order; -EINVAL for a UUID already there. */
static int insert(struct disk_volumes *v, struct crypt_device *cd, const char *device)
{
	const char *uuid = luks_uuid(cd);
	size_t at = 0;

	while (at < v->n && strcasecmp(luks_uuid(v->cd[at]), uuid) < 0)
		at++;
	if (at < v->n && strcasecmp(luks_uuid(v->cd[at]), uuid) == 0)
		return log_error_errno(EINVAL, "%s and %s hold the same LUKS volume (UUID %s)",
				       v->device[at], device, uuid);
	memmove(v->cd + at + 1, v->cd + at, (v->n - at) * sizeof(v->cd[0]));
	memmove(v->device + at + 1, v->device + at, (v->n - at) * sizeof(v->device[0]));
	v->cd[at] = cd;
	v->device[at] = device;
	v->n++;
	return 0;
}

int disk_volumes_open(const char *const *devices, size_t n, struct disk_volumes *ret)
{
	struct disk_volumes v = { 0 };
	int r = 0;

	if (n > DISK_VOLUMES_MAX)
		return log_error_errno(E2BIG, "One disk key opens at most %d LUKS volumes",
				       DISK_VOLUMES_MAX);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		struct crypt_device *cd = NULL;
		r = luks_open(devices[i], &cd);
		if (r >= 0 && (r = insert(&v, cd, devices[i])) < 0)
			luks_closep(&cd);
	}
	if (r < 0) {
		disk_volumes_close(&v);
		return r;
	}
	*ret = v;
	return 0;
}

static bool named(const struct disk_meta *m, const char *uuid)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcasecmp(m->v[i].uuid, uuid) == 0)
			return true;
	return false;
}

int disk_volumes_select(const char *const *devices, size_t n, const struct disk_meta *m,
			struct disk_volumes *ret)
{
	_cleanup_disk_volumes_ struct disk_volumes all = { 0 };
	struct disk_volumes v = { 0 };
	int r = disk_volumes_open(devices, n, &all);

	if (r < 0)
		return r;
	for (size_t i = 0; i < all.n; i++) {
		if (!named(m, luks_uuid(all.cd[i])))
			continue;
		v.cd[v.n] = all.cd[i];
		v.device[v.n++] = all.device[i];
		all.cd[i] = NULL;
	}
	for (size_t i = 0, j = 0; i < m->n; i++, j++)
		if (j >= v.n || strcasecmp(luks_uuid(v.cd[j]), m->v[i].uuid) != 0) {
			disk_volumes_close(&v);
			return log_error_errno(ENODEV,
					       "The disk key record names LUKS UUID %s, but no device given holds it: the disk changed, or the record was altered on its way from the TPM. The key is not released.",
					       m->v[i].uuid);
		}
	*ret = v;
	return 0;
}
