/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which file system BOOTDIR is: the pin `heads sign` records and `heads
 * verify` and `heads boot --keyring` compare (doc/manifest.md). */
#include "cli.h"
#include "fsid.h"
#include "log.h"
#include "manifest.h"
#include "strbuf.h"

int cli_boot_fs(int root, const char *bootdir, struct manifest_fs *ret)
{
	struct fs_identity id;
	char dev[256];
	int r = fsid_device_of_dir(root, dev, sizeof(dev));

	*ret = (struct manifest_fs){ 0 };
	if (r == -ENOTBLK)
		return 0;
	if (r < 0)
		return log_error_errno(r, "Cannot tell which file system %s is: %m", bootdir);
	r = fsid_probe(dev, &id);
	if (r < 0)
		return log_error_errno(r, "Cannot read the file system identity of %s (%s): %m",
				       dev, bootdir);
	if (!manifest_fs_id_valid(id.uuid))
		return log_error_errno(EMEDIUMTYPE, "The file system of %s (%s) has no usable UUID",
				       bootdir, dev);
	if (strfmt(ret->uuid, sizeof(ret->uuid), "%s", id.uuid) < 0 ||
	    (manifest_fs_id_valid(id.partuuid) &&
	     strfmt(ret->partuuid, sizeof(ret->partuuid), "%s", id.partuuid) < 0))
		return -ENAMETOOLONG;
	log_debug("%s is %s: UUID %s, partition UUID %s", bootdir, dev, ret->uuid,
		  ret->partuuid[0] ? ret->partuuid : "none");
	return 1;
}
