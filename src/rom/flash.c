/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot flash: the spec string, and the read / compare / write of whole
 * images shared by the file and MTD backends (flashrom does its own). */
#include "flash.h"
#include "fileio.h"
#include "flash-backend.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *prefix;
	enum flash_kind kind;
} kinds[] = { { "file:", FLASH_FILE }, { "mtd:", FLASH_MTD }, { "flashrom:", FLASH_FLASHROM } };

static int parse_spec(const char *spec, struct flash *f)
{
	if (strfmt(f->spec, sizeof(f->spec), "%s", spec) < 0)
		return -EINVAL;
	for (size_t i = 0; i < ELEMENTSOF(kinds); i++) {
		if (!startswith(f->spec, kinds[i].prefix))
			continue;
		f->kind = kinds[i].kind;
		f->arg = f->spec + strlen(kinds[i].prefix);
		return *f->arg ? 0 : -EINVAL;
	}
	return -EINVAL;
}

int flash_open(const char *spec, struct flash **ret)
{
	_cleanup_flash_ struct flash *f = calloc(1, sizeof(*f));
	int r;

	if (!f)
		return -ENOMEM;
	f->fd = -1;
	if ((r = parse_spec(spec, f)) < 0)
		return r;
	if (f->kind == FLASH_FILE)
		r = flash_file_open(f);
	else if (f->kind == FLASH_MTD)
		r = flash_mtd_open(f);
	else
		r = flash_flashrom_open(f);
	if (r < 0)
		return r;
	if (f->size == 0 || f->size > SIZE_MAX / 2)
		return -EBADMSG;
	*ret = TAKE_PTR(f);
	return 0;
}

uint64_t flash_size(const struct flash *f)
{
	return f->size;
}

const char *flash_spec(const struct flash *f)
{
	return f->spec;
}

uint64_t flash_mismatch(const struct flash *f)
{
	return f->mismatch;
}

uint64_t flash_blocks_written(const struct flash *f)
{
	return f->blocks_written;
}

int flash_read(struct flash *f, uint8_t *buf, size_t len)
{
	if (len != f->size)
		return -EMSGSIZE;
	if (f->kind == FLASH_FLASHROM)
		return flash_flashrom_read(f, buf, len);
	return pread_exact(f->fd, buf, len, 0);
}

static bool all_erased(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

/* One erase block: left alone when it holds the image already; erased
 * (MTD) and programmed otherwise. cur is scratch of erase_size bytes. */
static int write_block(struct flash *f, const uint8_t *img, uint64_t off, uint32_t n, uint8_t *cur)
{
	int r;

	if ((r = pread_exact(f->fd, cur, n, off)) < 0)
		return r;
	if (memcmp(cur, img, n) == 0)
		return 0;
	f->blocks_written++;
	if (f->kind == FLASH_MTD) {
		if ((r = flash_mtd_erase(f, off, n)) < 0)
			return r;
		if (all_erased(img, n))
			return 0;
	}
	if (pwrite(f->fd, img, n, (off_t)off) != (ssize_t)n)
		return errno > 0 ? -errno : -EIO;
	return 0;
}

static int reopen_rw(struct flash *f)
{
	int fd;

	if (!f->writable)
		return -EROFS;
	fd = open(f->arg, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(f->fd);
	f->fd = fd;
	return 0;
}

static int write_blocks(struct flash *f, const uint8_t *img, size_t len)
{
	_cleanup_free_ uint8_t *cur = malloc(f->erase_size);
	int r;

	if (!cur)
		return -ENOMEM;
	if ((r = reopen_rw(f)) < 0)
		return r;
	for (uint64_t off = 0; off < len; off += f->erase_size) {
		uint32_t n = len - off < f->erase_size ? (uint32_t)(len - off) : f->erase_size;
		if ((r = write_block(f, img + off, off, n, cur)) < 0)
			return r;
	}
	return f->kind == FLASH_FILE && fsync(f->fd) < 0 ? -errno : 0;
}

/* The read-back: the whole chip equals img, else -EIO and the offset. */
static int verify(struct flash *f, const uint8_t *img, size_t len)
{
	_cleanup_free_ uint8_t *back = malloc(len);
	int r;

	if (!back)
		return -ENOMEM;
	if ((r = flash_read(f, back, len)) < 0)
		return r;
	for (size_t i = 0; i < len; i++)
		if (back[i] != img[i]) {
			f->mismatch = i;
			return -EIO;
		}
	return 0;
}

int flash_write(struct flash *f, const uint8_t *img, size_t len)
{
	int r;

	if (len != f->size)
		return -EMSGSIZE;
	f->blocks_written = 0;
	f->mismatch = 0;
	if (f->kind == FLASH_FLASHROM)
		r = flash_flashrom_write(f, img, len);
	else
		r = write_blocks(f, img, len);
	if (r < 0)
		return r;
	return verify(f, img, len);
}

void flash_close(struct flash *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}
