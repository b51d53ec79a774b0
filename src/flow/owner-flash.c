/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner keyring into the running flash (owner-flash.h), through the
 * flash library's owner-file edit (flash-owner.h: only the erase blocks
 * that differ are written, and read back). */
#include "owner-flash.h"
#include "flash-owner.h"
#include "log.h"

#include <stdlib.h>

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

static int read_back(struct flash *fl, struct owner_flash *f)
{
	free(f->next);
	f->next_len = (size_t)flash_size(fl);
	f->next = malloc(f->next_len ? f->next_len : 1);
	if (!f->next)
		return -ENOMEM;
	return flash_read(fl, f->next, f->next_len);
}

int owner_flash_write_file(const char *spec, const char *name, const uint8_t *data, size_t len,
			   struct owner_flash *f)
{
	struct cbfs_owner_file file = { .name = name, .data = data, .len = len };
	_cleanup_flash_ struct flash *fl = NULL;
	int r = flash_open(spec, &fl);

	if (r >= 0)
		r = flash_set_owner_files(fl, &file, 1);
	if (r == -EIO && fl)
		return log_error_errno(r,
				       "The flash %s does not read back as written (offset 0x%llx)",
				       spec, (unsigned long long)flash_mismatch(fl));
	if (r == -ENOSPC)
		return log_error_errno(r, "The flash's CBFS has no room for the %zu-byte keyring",
				       len);
	if (r >= 0)
		r = read_back(fl, f);
	return r < 0 ? log_error_errno(r, "Cannot write %s into the flash %s: %m", name, spec) : 0;
}
