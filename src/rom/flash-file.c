/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The file backend: a ROM image file is the chip. It is written in place
 * (as a chip is), block by block, then synced. */
#include "flash-backend.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_BLOCK 4096

int flash_file_open(struct flash *f)
{
	struct stat st;

	f->fd = open(f->arg, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return -errno;
	if (fstat(f->fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	f->size = (uint64_t)st.st_size;
	f->erase_size = FILE_BLOCK;
	f->writable = access(f->arg, W_OK) == 0;
	return 0;
}
