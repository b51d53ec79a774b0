/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bootfs over a directory, without following symbolic links. */
#include "bootfs-dir.h"
#include "fileio.h"
#include "strbuf.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

struct bootdir {
	int fd;
	char *path;
};

int bootdir_open(const char *path, struct bootdir **ret)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct bootdir *d;

	if (fd < 0)
		return negative_errno();
	d = calloc(1, sizeof(*d));
	if (!d || !(d->path = strdup(path))) {
		free(d);
		return -ENOMEM;
	}
	d->fd = TAKE_FD(fd);
	*ret = d;
	return 0;
}

struct bootdir *bootdir_free(struct bootdir *d)
{
	if (d) {
		close(d->fd);
		free(d->path);
		free(d);
	}
	return NULL;
}

const char *bootdir_path(const struct bootdir *d)
{
	return d->path;
}

/* Opens path (absolute inside the tree) one component at a time. */
static int open_beneath(const struct bootdir *d, const char *path, int flags)
{
	_cleanup_free_ char *copy = strdup(path);
	_cleanup_close_ int dir = -1;
	char *save = NULL, *c, *next;

	if (!copy)
		return -ENOMEM;
	if (path[strspn(path, "/")] == '\0') {
		int fd = openat(d->fd, ".", flags | O_CLOEXEC);
		return fd < 0 ? negative_errno() : fd;
	}
	dir = openat(d->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return negative_errno();
	for (c = strtok_r(copy, "/", &save); c; c = next) {
		next = strtok_r(NULL, "/", &save);
		if (streq(c, "..") || streq(c, "."))
			return -EXDEV;
		int fd = openat(dir, c,
				(next ? O_PATH | O_DIRECTORY : flags) | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return negative_errno();
		close(dir);
		dir = fd;
	}
	return TAKE_FD(dir);
}

int bootdir_open_file(const struct bootdir *d, const char *path)
{
	_cleanup_close_ int fd = open_beneath(d, path, O_RDONLY);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (!S_ISREG(st.st_mode))
		return -EISDIR;
	return TAKE_FD(fd);
}

static int dir_read(void *userdata, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = bootdir_open_file(userdata, path);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if ((size_t)st.st_size > max)
		return -EFBIG;
	return read_fd_full(fd, max, ret_buf, ret_len);
}

static enum bootfs_type dir_type(void *userdata, const char *path)
{
	_cleanup_close_ int fd = open_beneath(userdata, path, O_PATH);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0)
		return BOOTFS_NONE;
	if (S_ISREG(st.st_mode))
		return BOOTFS_FILE;
	return S_ISDIR(st.st_mode) ? BOOTFS_DIR : BOOTFS_NONE;
}

static int dir_list(void *userdata, const char *path, char ***ret_names)
{
	_cleanup_close_ int fd = open_beneath(userdata, path, O_RDONLY | O_DIRECTORY);
	_cleanup_strv_ char **names = NULL;
	_cleanup_closedir_ DIR *dir = NULL;
	struct dirent *e;
	int r = 0;

	if (fd < 0)
		return fd;
	dir = fdopendir(fd);
	if (!dir)
		return negative_errno();
	fd = -1;
	while (r >= 0 && (e = readdir(dir)))
		if (!streq(e->d_name, ".") && !streq(e->d_name, ".."))
			r = strv_push_dup(&names, e->d_name);
	if (r < 0)
		return r;
	*ret_names = TAKE_PTR(names);
	return 0;
}

static const struct bootfs_ops dir_ops = {
	.read = dir_read,
	.type = dir_type,
	.list = dir_list,
};

void bootfs_dir_init(struct bootfs *fs, struct bootdir *d)
{
	fs->ops = &dir_ops;
	fs->userdata = d;
}
