/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dispatch to a bootfs implementation. */
#include "bootfs.h"
#include "strbuf.h"

int bootfs_read(const struct bootfs *fs, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return fs->ops->read(fs->userdata, path, max, ret_buf, ret_len);
}

enum bootfs_type bootfs_type(const struct bootfs *fs, const char *path)
{
	return fs->ops->type(fs->userdata, path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int bootfs_list_sorted(const struct bootfs *fs, const char *path, char ***ret_names)
{
	char **names = NULL;
	int r = fs->ops->list(fs->userdata, path, &names);

	if (r < 0)
		return r;
	if (names)
		qsort(names, strv_length(names), sizeof(char *), cmp_str);
	*ret_names = names;
	return 0;
}
