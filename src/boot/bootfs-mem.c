/* SPDX-License-Identifier: GPL-2.0-or-later */
/* In-memory bootfs. */
#include "bootfs-mem.h"
#include "strbuf.h"

static const struct memfs_file *find(const struct memfs *m, const char *path)
{
	for (size_t i = 0; i < m->n; i++)
		if (streq(m->files[i].path, path))
			return &m->files[i];
	return NULL;
}

static int mem_read(void *userdata, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	const struct memfs_file *f = find(userdata, path);
	char *buf;

	if (!f)
		return -ENOENT;
	if (f->len > max)
		return -EFBIG;
	buf = malloc(f->len + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, f->data, f->len);
	buf[f->len] = '\0';
	*ret_buf = buf;
	*ret_len = f->len;
	return 0;
}

/* The child name of dir in path ("/a/b/c" in "/a" is "b"), or NULL. */
static const char *child_of(const char *dir, const char *path, size_t *ret_len)
{
	size_t dl = streq(dir, "/") ? 0 : strlen(dir);
	const char *rest, *slash;

	if (strncmp(path, dir, dl) != 0 || path[dl] != '/' || !path[dl + 1])
		return NULL;
	rest = path + dl + 1;
	slash = strchr(rest, '/');
	*ret_len = slash ? (size_t)(slash - rest) : strlen(rest);
	return rest;
}

static enum bootfs_type mem_type(void *userdata, const char *path)
{
	const struct memfs *m = userdata;
	size_t len;

	if (find(m, path))
		return BOOTFS_FILE;
	if (streq(path, "/"))
		return BOOTFS_DIR;
	for (size_t i = 0; i < m->n; i++)
		if (child_of(path, m->files[i].path, &len))
			return BOOTFS_DIR;
	return BOOTFS_NONE;
}

static int push_unique(char ***v, const char *name, size_t len)
{
	for (size_t i = 0; *v && (*v)[i]; i++)
		if (strlen((*v)[i]) == len && strncmp((*v)[i], name, len) == 0)
			return 0;
	return strv_push(v, strndup(name, len));
}

static int mem_list(void *userdata, const char *path, char ***ret_names)
{
	const struct memfs *m = userdata;
	_cleanup_strv_ char **names = NULL;
	size_t len;
	int r;

	if (mem_type(userdata, path) != BOOTFS_DIR)
		return -ENOENT;
	for (size_t i = 0; i < m->n; i++) {
		const char *c = child_of(path, m->files[i].path, &len);
		if (c && (r = push_unique(&names, c, len)) < 0)
			return r;
	}
	*ret_names = TAKE_PTR(names);
	return 0;
}

static const struct bootfs_ops mem_ops = {
	.read = mem_read,
	.type = mem_type,
	.list = mem_list,
};

void bootfs_mem_init(struct bootfs *fs, const struct memfs *mem)
{
	fs->ops = &mem_ops;
	fs->userdata = (void *)mem;
}
