/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whole-file reads and atomic writes. */
#include "fileio.h"
#include "harness.h"
#include "macro.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/heads-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	ASSERT(d);
	return strdup(d);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

TEST(atomic_write_replaces_and_leaves_no_temp)
{
	_cleanup_(tmpdir_freep) char *dir = make_tmpdir();
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len = 0;
	struct stat st;
	ASSERT(asprintf(&path, "%s/f", dir) > 0);
	ASSERT_EQ(write_file_atomic(path, "old", 3, 0644), 0);
	ASSERT_EQ(write_file_atomic(path, "new content", 11, 0600), 0);
	ASSERT_EQ(read_file_full(path, 100, &buf, &len), 0);
	ASSERT_EQ(len, 11);
	ASSERT_STREQ(buf, "new content");
	ASSERT_EQ(stat(path, &st), 0);
	ASSERT_EQ(st.st_mode & 0777, 0600);
	ASSERT_EQ(count_entries(dir), 1);
}

TEST(read_caps_size)
{
	_cleanup_(tmpdir_freep) char *dir = make_tmpdir();
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len = 0;
	ASSERT(asprintf(&path, "%s/f", dir) > 0);
	ASSERT_EQ(write_file_atomic(path, "0123456789", 10, 0644), 0);
	ASSERT_EQ(read_file_full(path, 9, &buf, &len), -EFBIG);
	ASSERT_EQ(read_file_full(path, 10, &buf, &len), 0);
	ASSERT_EQ(len, 10);
}

TEST(read_refuses_symlink)
{
	_cleanup_(tmpdir_freep) char *dir = make_tmpdir();
	_cleanup_free_ char *path = NULL, *link = NULL, *buf = NULL;
	size_t len = 0;
	ASSERT(asprintf(&path, "%s/f", dir) > 0);
	ASSERT(asprintf(&link, "%s/l", dir) > 0);
	ASSERT_EQ(write_file_atomic(path, "x", 1, 0644), 0);
	ASSERT_EQ(symlink(path, link), 0);
	ASSERT_EQ(read_file_full(link, 10, &buf, &len), -ELOOP);
	ASSERT_EQ(read_file_at(AT_FDCWD, link, 10, &buf, &len), -ELOOP);
}

TEST(read_follow_follows_symlink)
{
	_cleanup_(tmpdir_freep) char *dir = make_tmpdir();
	_cleanup_free_ char *path = NULL, *link = NULL, *buf = NULL;
	size_t len = 0;
	ASSERT(asprintf(&path, "%s/f", dir) > 0);
	ASSERT(asprintf(&link, "%s/l", dir) > 0);
	ASSERT_EQ(write_file_atomic(path, "x", 1, 0644), 0);
	ASSERT_EQ(symlink("f", link), 0);
	ASSERT_EQ(read_file_follow(link, 10, &buf, &len), 0);
	ASSERT_EQ(len, 1);
	ASSERT(buf[0] == 'x');
}

TEST(atomic_write_into_missing_dir_fails_cleanly)
{
	ASSERT(write_file_atomic("/nonexistent-dir/x/f", "x", 1, 0644) < 0);
}

TEST(pread_exact_and_short_reads)
{
	_cleanup_(tmpdir_freep) char *dir = make_tmpdir();
	_cleanup_free_ char *path = NULL;
	ASSERT(asprintf(&path, "%s/f", dir) > 0);
	ASSERT_EQ(write_file_atomic(path, "0123456789", 10, 0600), 0);
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	char buf[16] = { 0 };
	ASSERT(fd >= 0);
	ASSERT_EQ(pread_exact(fd, buf, 4, 3), 0);
	ASSERT(memcmp(buf, "3456", 4) == 0);
	ASSERT_EQ(pread_exact(fd, buf, 8, 5), -EIO);
	ASSERT_EQ(pread_full(fd, buf, sizeof(buf), 5), 5);
	ASSERT_EQ(read_full(fd, buf, sizeof(buf)), 10);
	ASSERT_EQ(read_full(fd, buf, sizeof(buf)), 0);
	unlink(path);
	rmdir(dir);
}

static int open_fds(void)
{
	return count_entries("/proc/self/fd");
}

TEST(closedir_cleanup_closes)
{
	int before = open_fds();
	{
		_cleanup_closedir_ DIR *d = opendir("/");
		ASSERT(d);
		ASSERT_EQ(open_fds(), before + 1);
	}
	ASSERT_EQ(open_fds(), before);
}
