/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The GnuPG home of a signing and its private copy (gpg-home.h). */
#include "gpg-home.h"
#include "fileio.h"
#include "log.h"
#include "macro.h"
#include "strbuf.h"
#include "subprocess.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define COPY_MAX (16u << 20)
#define COPY_DEPTH 4

/* $TMPDIR when set, then places that are in RAM on the payload and on a
 * systemd OS. */
static const char *const copy_bases[] = { "", "/run", "/tmp" };

int gpg_home_resolve(const char *homedir, char ret[PATH_MAX])
{
	const char *env = getenv("GNUPGHOME"), *home = getenv("HOME");
	char path[PATH_MAX];
	int n;

	if (homedir)
		n = strfmt(path, sizeof(path), "%s", homedir);
	else if (env && *env)
		n = strfmt(path, sizeof(path), "%s", env);
	else
		n = strfmt(path, sizeof(path), "%s/.gnupg", home ? home : "");
	if (n < 0)
		return -ENAMETOOLONG;
	return realpath(path, ret) ? 0 : negative_errno();
}

/* A copy for gpg (files new, owned by the unprivileged user) or back
 * from it (files replaced, owned by whoever copies). */
struct copy {
	size_t budget;
	bool back;
};

static int copy_file(int src, int dst, const char *name, struct copy *c)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int fd = -1;
	int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (c->back ? O_TRUNC : O_EXCL);
	size_t len = 0;
	int r = read_file_at(src, name, c->budget, &buf, &len);

	if (r < 0)
		return r;
	fd = openat(dst, name, flags, 0600);
	r = fd < 0 ? negative_errno() : write_all(fd, buf, len);
	if (r >= 0 && !c->back && fchown(fd, SUBPROCESS_NOBODY, SUBPROCESS_NOBODY) < 0)
		r = negative_errno();
	if (r >= 0 && c->back && fsync(fd) < 0)
		r = negative_errno();
	explicit_bzero(buf, len); /* private keys */
	c->budget -= len;
	return r;
}

static int copy_tree(int src, int dst, int depth, struct copy *c);

static int make_dir(int dst, const char *name, const struct copy *c)
{
	if (mkdirat(dst, name, 0700) < 0)
		return c->back && errno == EEXIST ? 0 : negative_errno();
	if (!c->back &&
	    fchownat(dst, name, SUBPROCESS_NOBODY, SUBPROCESS_NOBODY, AT_SYMLINK_NOFOLLOW) < 0)
		return negative_errno();
	return 0;
}

static int copy_dir(int src, int dst, const char *name, int depth, struct copy *c)
{
	_cleanup_close_ int s = -1, d = -1;
	int r;

	if (depth >= COPY_DEPTH)
		return 0;
	if ((r = make_dir(dst, name, c)) < 0)
		return r;
	s = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	d = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s < 0 || d < 0)
		return negative_errno();
	return copy_tree(s, d, depth + 1, c);
}

/* Regular files and directories; sockets (a running agent's), symbolic
 * links and anything else stay behind. */
static int copy_tree(int src, int dst, int depth, struct copy *c)
{
	int fd = dup(src), r = 0;
	DIR *dir = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;
	struct stat st;

	if (!dir) {
		r = negative_errno();
		if (fd >= 0)
			close(fd);
		return r;
	}
	while (r >= 0 && (e = readdir(dir))) {
		if (streq(e->d_name, ".") || streq(e->d_name, "..") ||
		    fstatat(src, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISREG(st.st_mode))
			r = copy_file(src, dst, e->d_name, c);
		else if (S_ISDIR(st.st_mode))
			r = copy_dir(src, dst, e->d_name, depth, c);
	}
	closedir(dir);
	return r;
}

static void wipe_file(int dir, const char *name)
{
	static const char zeros[4096];
	_cleanup_close_ int fd = openat(dir, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0)
		return;
	for (off_t left = st.st_size; left > 0; left -= (off_t)sizeof(zeros))
		if (write_all(fd, zeros,
			      left < (off_t)sizeof(zeros) ? (size_t)left : sizeof(zeros)) < 0)
			return;
	(void)fsync(fd);
}

static void wipe_tree(int dirfd, int depth)
{
	int fd = dup(dirfd);
	DIR *dir = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;
	struct stat st;

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(dir))) {
		if (streq(e->d_name, ".") || streq(e->d_name, "..") ||
		    fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < COPY_DEPTH + 1) {
			_cleanup_close_ int sub =
				openat(dirfd, e->d_name,
				       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				wipe_tree(sub, depth + 1);
			(void)unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
			continue;
		}
		if (S_ISREG(st.st_mode))
			wipe_file(dirfd, e->d_name);
		(void)unlinkat(dirfd, e->d_name, 0);
	}
	closedir(dir);
}

static int make_copy_dir(char ret[PATH_MAX])
{
	const char *tmpdir = getenv("TMPDIR");

	for (size_t i = 0; i < ELEMENTSOF(copy_bases); i++) {
		const char *base = i == 0 ? tmpdir : copy_bases[i];
		if (!base || !*base)
			continue;
		if (strfmt(ret, PATH_MAX, "%s/heads-gpg.XXXXXX", base) < 0)
			return -ENAMETOOLONG;
		if (!mkdtemp(ret))
			continue;
		if (chown(ret, SUBPROCESS_NOBODY, SUBPROCESS_NOBODY) == 0)
			return 0;
		(void)rmdir(ret);
	}
	return log_error_errno(errno, "Cannot make a private GnuPG home for gpg: %m");
}

static int copy_home(const char *home, struct gpg_home *ret)
{
	_cleanup_close_ int src = open(home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int dst = -1;
	struct copy c = { .budget = COPY_MAX };
	int r;

	if (src < 0)
		return log_error_errno(errno, "Cannot open the GnuPG home %s: %m", home);
	r = make_copy_dir(ret->path);
	if (r < 0)
		return r;
	ret->copied = true;
	dst = open(ret->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = dst < 0 ? negative_errno() : copy_tree(src, dst, 0, &c);
	if (r < 0) {
		gpg_home_close(ret);
		return log_error_errno(r, "Cannot copy the GnuPG home %s for gpg%s: %m", home,
				       r == -EFBIG ? " (larger than 16 MiB)" : "");
	}
	return 0;
}

int gpg_home_open(const char *homedir, struct gpg_home *ret)
{
	char home[PATH_MAX];
	struct stat st;
	int r = gpg_home_resolve(homedir, home);

	*ret = (struct gpg_home){ 0 };
	if (r < 0)
		return log_error_errno(r, "Cannot find the GnuPG home %s: %m",
				       homedir ? homedir : "($GNUPGHOME, ~/.gnupg)");
	if (stat(home, &st) < 0)
		return log_error_errno(errno, "Cannot find the GnuPG home %s: %m", home);
	if (geteuid() != 0 || st.st_uid != 0) {
		ret->uid = st.st_uid;
		ret->gid = st.st_gid;
		return strfmt(ret->path, sizeof(ret->path), "%s", home) < 0 ? -ENAMETOOLONG : 0;
	}
	return copy_home(home, ret);
}

void gpg_home_close(struct gpg_home *h)
{
	_cleanup_close_ int fd = -1;

	if (!h->copied)
		return;
	fd = open(h->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		wipe_tree(fd, 0);
	if (rmdir(h->path) < 0)
		log_warning_errno(errno, "Cannot remove the private GnuPG home %s: %m", h->path);
	h->copied = false;
}

int gpg_home_save(const struct gpg_home *h, const char *homedir)
{
	char home[PATH_MAX];
	_cleanup_close_ int src = -1, dst = -1;
	struct copy c = { .budget = COPY_MAX, .back = true };
	int r;

	if (!h->copied)
		return 0;
	r = gpg_home_resolve(homedir, home);
	if (r < 0)
		return r;
	src = open(h->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	dst = open(home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0 || dst < 0)
		return negative_errno();
	r = copy_tree(src, dst, 0, &c);
	if (r >= 0 && fsync(dst) < 0)
		r = negative_errno();
	return r;
}
