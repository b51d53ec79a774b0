/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner keyring into the running flash (owner-flash.h): the image is
 * read whole, changed in memory, and written back whole (the flash
 * library writes only the erase blocks that differ and reads back). */
#include "owner-flash.h"
#include "cbfs-edit.h"
#include "flash.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

#define IMAGE_MAX (256u << 20)

void owner_flash_done(struct owner_flash *f)
{
	free(f->image);
	free(f->next);
	*f = (struct owner_flash){ 0 };
}

int owner_flash_read(const char *spec, struct owner_flash *ret)
{
	_cleanup_flash_ struct flash *f = NULL;
	uint64_t size;
	int r = flash_open(spec, &f);

	if (r < 0)
		return log_error_errno(r, "Cannot open the flash %s: %m", spec);
	size = flash_size(f);
	if (size > IMAGE_MAX)
		return log_error_errno(EFBIG, "The flash %s is larger than 256 MiB", spec);
	ret->image = malloc(size);
	if (!ret->image)
		return -ENOMEM;
	ret->len = (size_t)size;
	r = flash_read(f, ret->image, ret->len);
	return r < 0 ? log_error_errno(r, "Cannot read the flash %s: %m", spec) : 0;
}

int owner_flash_set(struct owner_flash *f, const char *name, const uint8_t *data, size_t len)
{
	struct cbfs_owner_file file = { .name = name, .data = data, .len = len };
	int r;

	free(f->next);
	f->next = malloc(f->len ? f->len : 1);
	if (!f->next)
		return -ENOMEM;
	memcpy(f->next, f->image, f->len);
	f->next_len = f->len;
	r = cbfs_set_owner_files(f->next, f->next_len, &file, 1);
	if (r == -ENOSPC)
		return log_error_errno(r, "The flash's CBFS has no room for the %zu-byte keyring",
				       len);
	return r < 0 ? log_error_errno(r, "Cannot put %s into the flash image: %m", name) : 0;
}

int owner_flash_write(const char *spec, const struct owner_flash *img)
{
	_cleanup_flash_ struct flash *f = NULL;
	int r = flash_open(spec, &f);

	if (r >= 0)
		r = flash_write(f, img->next, img->next_len);
	if (r == -EIO && f)
		return log_error_errno(r,
				       "The flash %s does not read back as written (offset 0x%llx)",
				       spec, (unsigned long long)flash_mismatch(f));
	return r < 0 ? log_error_errno(r, "Cannot write the flash %s: %m", spec) : 0;
}
