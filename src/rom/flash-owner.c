/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Owner files into the flash: read, edit in memory, write back. */
#include "flash-owner.h"
#include "macro.h"

#include <errno.h>
#include <stdlib.h>

int flash_set_owner_files(struct flash *f, const struct cbfs_owner_file *files, size_t n)
{
	size_t len = flash_size(f);
	_cleanup_free_ uint8_t *img = malloc(len);
	int r;

	if (!img)
		return -ENOMEM;
	if ((r = flash_read(f, img, len)) < 0)
		return r;
	if ((r = cbfs_set_owner_files(img, len, files, n)) < 0)
		return r;
	return flash_write(f, img, len);
}
