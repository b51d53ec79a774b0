/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: CBFS edits on an arbitrary image. The first byte picks the
 * edit and the added file's size, the rest is the image. An edit that
 * succeeds must leave an image whose walk finds the added file with its
 * bytes (or no longer finds the removed one); one that fails must leave
 * the image unchanged. */
#include "cbfs-edit.h"
#include "cbfs.h"
#include "log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME CBFS_OWNER_PREFIX "etc/config.user"

static int first_visit(const struct cbfs_file *f, void *userdata)
{
	strcpy(userdata, f->name);
	return 1;
}

static int count_visit(const struct cbfs_file *f, void *userdata)
{
	(void)f;
	(*(unsigned *)userdata)++;
	return 0;
}

static void check_added(const uint8_t *img, size_t len, const uint8_t *file, size_t file_len)
{
	struct cbfs_file f;

	if (cbfs_find(img, len, NAME, &f) < 0 || f.len != file_len ||
	    memcmp(f.data, file, file_len) != 0)
		abort();
}

static void edit(uint8_t op, uint8_t *img, size_t len, const uint8_t *orig)
{
	char first[CBFS_NAME_MAX + 1] = "";
	uint8_t file[256];
	size_t file_len = (size_t)(op >> 2) * 4;
	struct cbfs_owner_file set = { NAME, file, file_len };
	unsigned n = 0;
	int r;

	memset(file, op, sizeof(file));
	if ((op & 3) == 0) {
		(void)cbfs_walk(img, len, first_visit, first);
		r = cbfs_remove(img, len, first[0] ? first : NAME);
	} else if ((op & 3) == 1) {
		if ((r = cbfs_add_raw(img, len, NAME, file, file_len)) >= 0)
			check_added(img, len, file, file_len);
	} else if ((op & 3) == 2) {
		if ((r = cbfs_replace_raw(img, len, NAME, file, file_len)) >= 0)
			check_added(img, len, file, file_len);
	} else if ((r = cbfs_set_owner_files(img, len, &set, 1)) >= 0) {
		check_added(img, len, file, file_len);
	}
	if (r < 0 && memcmp(img, orig, len) != 0)
		abort();
	/* An image the walker read before an edit, it reads after it. */
	if (r >= 0 && cbfs_walk(orig, len, count_visit, &n) >= 0 &&
	    cbfs_walk(img, len, count_visit, &n) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img;

	log_set_level(LOG_NONE);
	if (size < 1)
		return 0;
	img = malloc(size);
	if (!img)
		return 0;
	memcpy(img, data + 1, size - 1);
	edit(data[0], img, size - 1, data + 1);
	free(img);
	return 0;
}
