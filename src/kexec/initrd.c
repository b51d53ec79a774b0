/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the combined initrd in RAM-backed storage. */
#include "initrd.h"
#include "strbuf.h"
#include "fileio.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

size_t initrd_padded_size(size_t len)
{
	return (len + INITRD_ALIGN - 1) / INITRD_ALIGN * INITRD_ALIGN;
}

int initrd_check_ram_backed(const char *dir)
{
	struct statfs sfs;

	if (statfs(dir, &sfs) < 0)
		return negative_errno();
	if (sfs.f_type != TMPFS_MAGIC && sfs.f_type != RAMFS_MAGIC)
		return -EMEDIUMTYPE;
	return 0;
}

static int open_unnamed(const char *dir)
{
	char path[4096];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd >= 0 ? fd : negative_errno();
	if (strfmt(path, sizeof(path), "%s/initrd-XXXXXX", dir) < 0)
		return -ENAMETOOLONG;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	unlink(path);
	return fd;
}

/* Copies fd from its start to out, then pads out to INITRD_ALIGN. */
static int append_padded(int out, int fd, size_t *total)
{
	static const char zeros[INITRD_ALIGN];
	char buf[65536];
	ssize_t n;
	off_t off = 0;
	int r;

	while ((n = pread_full(fd, buf, sizeof(buf), off)) != 0) {
		if (n < 0)
			return (int)n;
		if ((r = write_all(out, buf, (size_t)n)) < 0)
			return r;
		off += n;
		*total += (size_t)n;
	}
	n = (ssize_t)(initrd_padded_size(*total) - *total);
	*total += (size_t)n;
	return write_all(out, zeros, (size_t)n);
}

/* kexec_file_load refuses (ETXTBSY) a file that is open for writing, so
 * the copy is handed over through a read-only descriptor, the writable
 * one closed. The unnamed file lives on while the new fd holds it. */
static int reopen_read_only(int fd, int *ret_fd)
{
	char path[64];
	int ro, r = strfmt(path, sizeof(path), "/proc/self/fd/%d", fd);

	if (r < 0)
		return r;
	ro = open(path, O_RDONLY | O_CLOEXEC);
	if (ro < 0)
		return negative_errno();
	*ret_fd = ro;
	return 0;
}

int initrd_build(const char *rundir, const int *fds, size_t n, const struct cpio *extra, int *ret_fd)
{
	_cleanup_close_ int out = -1;
	size_t total = 0;
	int r = initrd_check_ram_backed(rundir);

	if (r < 0)
		return r;
	if ((out = open_unnamed(rundir)) < 0)
		return out;
	for (size_t i = 0; i < n; i++)
		if ((r = append_padded(out, fds[i], &total)) < 0)
			return r;
	if (extra && (r = write_all(out, extra->buf, extra->len)) < 0)
		return r;
	return reopen_read_only(out, ret_fd);
}
