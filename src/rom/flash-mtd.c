/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The MTD backend: /dev/mtdN of the kernel's flash driver. Its geometry
 * comes from MEMGETINFO; blocks are erased with MEMERASE before they are
 * programmed with write(). */
#include "flash-backend.h"

#include <errno.h>
#include <fcntl.h>
#include <mtd/mtd-user.h>
#include <sys/ioctl.h>
#include <unistd.h>

int flash_mtd_open(struct flash *f)
{
	struct mtd_info_user info;

	f->fd = open(f->arg, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return -errno;
	if (ioctl(f->fd, MEMGETINFO, &info) < 0)
		return errno == ENOTTY || errno == EINVAL ? -ENOTTY : -errno;
	if (info.erasesize == 0 || info.size % info.erasesize)
		return -EBADMSG;
	f->size = info.size;
	f->erase_size = info.erasesize;
	f->writable = (info.flags & MTD_WRITEABLE) != 0;
	return 0;
}

int flash_mtd_erase(struct flash *f, uint64_t off, uint32_t len)
{
	struct erase_info_user e = { .start = (uint32_t)off, .length = len };

	if (off > UINT32_MAX)
		return -EOVERFLOW;
	return ioctl(f->fd, MEMERASE, &e) < 0 ? -errno : 0;
}
