/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CBFS walker on images laid out as cbfstool writes them, and on
 * malformed ones. */
#include "cbfs-fixture.h"
#include "cbfs.h"
#include "harness.h"
#include "macro.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static uint8_t img[4096];

/* Writes a file entry at off as cbfstool does; returns the next offset. */
static size_t put_file(size_t off, const char *name, uint32_t type, const char *data)
{
	return fixture_cbfs_put_file(img, off, name, type, data);
}

static void make_image(void)
{
	size_t off = 0;

	memset(img, 0xff, sizeof(img));
	off = put_file(off, "heads/payload/cmdline", CBFS_TYPE_RAW, "console=ttyS0");
	off = put_file(off, "heads/initrd/etc/config.user", CBFS_TYPE_RAW, "CONFIG_A=y\n");
	off = put_file(off, "gone", CBFS_TYPE_DELETED, "x");
	put_file(off, "", CBFS_TYPE_NULL, "");
}

static int count_visit(const struct cbfs_file *f, void *userdata)
{
	(void)f;
	(*(int *)userdata)++;
	return 0;
}

TEST(find_owner_file)
{
	struct cbfs_file f;

	make_image();
	ASSERT_EQ(cbfs_find(img, sizeof(img), "heads/initrd/etc/config.user", &f), 0);
	ASSERT_EQ(f.len, 11);
	ASSERT(memcmp(f.data, "CONFIG_A=y\n", 11) == 0);
	ASSERT_EQ(f.type, CBFS_TYPE_RAW);
	ASSERT_EQ(f.compression, CBFS_COMPRESS_NONE);
}

TEST(walk_skips_empty_and_deleted)
{
	int n = 0;

	make_image();
	ASSERT_EQ(cbfs_walk(img, sizeof(img), count_visit, &n), 0);
	ASSERT_EQ(n, 2);
	ASSERT_EQ(cbfs_find(img, sizeof(img), "gone", &(struct cbfs_file){ 0 }), -ENOENT);
}

TEST(no_cbfs_is_enoent)
{
	int n = 0;

	memset(img, 0, sizeof(img));
	ASSERT_EQ(cbfs_walk(img, sizeof(img), count_visit, &n), -ENOENT);
	ASSERT_EQ(cbfs_walk(img, 10, count_visit, &n), -ENOENT);
}

TEST(length_past_end_refused)
{
	int n = 0;

	make_image();
	fixture_put_be32(img + 64 + 8, 0x7fffffff);
	ASSERT_EQ(cbfs_walk(img, sizeof(img), count_visit, &n), -EBADMSG);
}

TEST(unterminated_name_refused)
{
	int n = 0;

	make_image();
	memset(img + 24, 'a', 40); /* over the name and its NUL padding */
	ASSERT_EQ(cbfs_walk(img, sizeof(img), count_visit, &n), -EBADMSG);
}

TEST(truncated_image_refused)
{
	int n = 0;

	make_image();
	ASSERT_EQ(cbfs_walk(img, 100, count_visit, &n), -EBADMSG);
}

TEST(owner_path)
{
	ASSERT_STREQ(cbfs_owner_path("heads/initrd/etc/config.user"), "etc/config.user");
	ASSERT_STREQ(cbfs_owner_path("heads/initrd/.gnupg/pubring.kbx"), ".gnupg/pubring.kbx");
	ASSERT_STREQ(cbfs_owner_path("heads/initrd/a..b/.c"), "a..b/.c");
}

TEST(owner_path_refused)
{
	static const char *const bad[] = {
		"heads/initrd/",
		"heads/initrd//etc/x",
		"heads/initrd/../etc/shadow",
		"heads/initrd/etc/../../x",
		"heads/initrd/./x",
		"heads/initrd/etc/",
		"heads/initrd/etc/..",
		"heads/payload/cmdline",
		"heads/initr",
		"",
	};

	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		if (cbfs_owner_path(bad[i]))
			FAILF("accepted \"%s\"", bad[i]);
}

/* The image as a file, for the walk over a file descriptor. */
static int image_fd(size_t len)
{
	int fd = memfd_create("flash", MFD_CLOEXEC);

	if (fd >= 0 && write(fd, img, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return fd;
}

struct seen {
	int files, with_data;
	char config[32];
};

static bool want_owner(const char *name, void *userdata)
{
	(void)userdata;
	return startswith(name, CBFS_OWNER_PREFIX);
}

static int record_visit(const struct cbfs_file *f, void *userdata)
{
	struct seen *s = userdata;

	s->files++;
	if (f->data) {
		s->with_data++;
		snprintf(s->config, sizeof(s->config), "%.*s", (int)f->len, (const char *)f->data);
	}
	return 0;
}

/* Walks the current image through a file descriptor, told it is len
 * bytes long; -EBADF when the image cannot be made a file. */
static int walk_fd(uint64_t len, size_t max_data, cbfs_want_fn want, struct seen *s)
{
	int fd = image_fd(sizeof(img)), r;

	if (fd < 0)
		return -EBADF;
	r = cbfs_walk_fd(fd, len, max_data, want, record_visit, s);
	close(fd);
	return r;
}

TEST(fd_walk_reads_only_wanted_files)
{
	struct seen s = { 0 };

	make_image();
	ASSERT_EQ(walk_fd(sizeof(img), 1024, want_owner, &s), 0);
	ASSERT_EQ(s.files, 2); /* the same files as the buffer walk */
	ASSERT_EQ(s.with_data, 1); /* only the owner file's data was read */
	ASSERT_STREQ(s.config, "CONFIG_A=y\n");
}

TEST(fd_walk_without_wants_reads_headers_only)
{
	struct seen s = { 0 };

	make_image();
	ASSERT_EQ(walk_fd(sizeof(img), 0, NULL, &s), 0);
	ASSERT_EQ(s.files, 2);
	ASSERT_EQ(s.with_data, 0);
}

TEST(fd_walk_refusals)
{
	struct seen s = { 0 };

	make_image();
	/* A wanted file over the limit is refused, not truncated. */
	ASSERT_EQ(walk_fd(sizeof(img), 4, want_owner, &s), -EFBIG);
	/* The device ends before the length the caller was told. */
	ASSERT_EQ(walk_fd(sizeof(img) + 4096, 1024, want_owner, &s), -EIO);
	/* A length past the image's end inside a header. */
	fixture_put_be32(img + 64 + 8, 0x7fffffff);
	ASSERT_EQ(walk_fd(sizeof(img), 1024, want_owner, &s), -EBADMSG);
	/* A header longer than the walker reads. */
	make_image();
	fixture_put_be32(img + 20, 2048);
	fixture_put_be32(img + 8, 0);
	ASSERT_EQ(walk_fd(sizeof(img), 1024, want_owner, &s), -EBADMSG);
}

TEST(fd_walk_needs_cbfs_at_the_start)
{
	struct seen s = { 0 };
	int n = 0;

	make_image();
	memmove(img + 64, img, sizeof(img) - 64);
	memset(img, 0xff, 64);
	ASSERT_EQ(walk_fd(sizeof(img), 0, NULL, &s), -ENOENT);
	ASSERT_EQ(s.files, 0);
	ASSERT_EQ(cbfs_walk(img, sizeof(img), count_visit, &n), 0); /* the buffer walk scans on */
}
