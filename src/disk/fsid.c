/* SPDX-License-Identifier: GPL-2.0-or-later */
/* File-system identities through libblkid's low-level probing. */
#include "fsid.h"
#include "log.h"
#include "macro.h"
#include "strbuf.h"

#include <blkid/blkid.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_probe, blkid_free_probe);

/* Copies a probed value; one that does not fit is left out, never cut. */
static void copy_value(blkid_probe pr, const char *name, char *out, size_t size)
{
	const char *v = NULL;
	size_t len = 0;

	out[0] = '\0';
	if (blkid_probe_lookup_value(pr, name, &v, &len) < 0 || !v)
		return;
	if (strfmt(out, size, "%s", v) < 0)
		out[0] = '\0';
}

int fsid_probe(const char *dev, struct fs_identity *ret)
{
	_cleanup_(blkid_free_probep) blkid_probe pr = NULL;
	int r;

	*ret = (struct fs_identity){ 0 };
	errno = 0;
	pr = blkid_new_probe_from_filename(dev);
	if (!pr)
		return errno ? -errno : -EIO;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID |
						      BLKID_SUBLKS_LABEL);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	r = blkid_do_safeprobe(pr);
	if (r == -1)
		return -EIO;
	if (r != 0)
		return 0; /* nothing, or ambiguous: no identity */
	copy_value(pr, "TYPE", ret->type, sizeof(ret->type));
	copy_value(pr, "UUID", ret->uuid, sizeof(ret->uuid));
	copy_value(pr, "LABEL", ret->label, sizeof(ret->label));
	copy_value(pr, "PART_ENTRY_UUID", ret->partuuid, sizeof(ret->partuuid));
	return 0;
}

/* True when the directory is the root of its mount (a mount point). */
static int is_mount_root(int dir_fd, const struct stat *st)
{
	struct statx stx;
	struct stat parent;

	if (statx(dir_fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) == 0 &&
	    (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return !!(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	if (fstatat(dir_fd, "..", &parent, 0) < 0)
		return negative_errno();
	return parent.st_dev != st->st_dev || parent.st_ino == st->st_ino;
}

int fsid_device_of_dir(int dir_fd, char *buf, size_t size)
{
	_cleanup_free_ char *name = NULL;
	struct stat st, dev;
	int r;

	if (fstat(dir_fd, &st) < 0)
		return negative_errno();
	r = is_mount_root(dir_fd, &st);
	if (r <= 0)
		return r < 0 ? r : -ENOTBLK;
	name = blkid_devno_to_devname(st.st_dev);
	if (!name || stat(name, &dev) < 0 || !S_ISBLK(dev.st_mode) || dev.st_rdev != st.st_dev)
		return -ENOTBLK;
	return strfmt(buf, size, "%s", name) < 0 ? -ENAMETOOLONG : 0;
}
