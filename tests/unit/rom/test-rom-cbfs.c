/* The CBFS walker on images laid out as cbfstool writes them, and on
 * malformed ones. */
#include "cbfs.h"
#include "harness.h"
#include "macro.h"

#include <stdint.h>

static uint8_t img[4096];

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Writes a file entry at off as cbfstool does; returns the next offset. */
static size_t put_file(size_t off, const char *name, uint32_t type, const char *data)
{
	size_t hdr = (24 + strlen(name) + 1 + 15) / 16 * 16, len = strlen(data);

	memcpy(img + off, "LARCHIVE", 8);
	put_be32(img + off + 8, (uint32_t)len);
	put_be32(img + off + 12, type);
	put_be32(img + off + 16, 0);
	put_be32(img + off + 20, (uint32_t)hdr);
	memset(img + off + 24, 0, hdr - 24);
	memcpy(img + off + 24, name, strlen(name));
	memcpy(img + off + hdr, data, len);
	return (off + hdr + len + 63) / 64 * 64;
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
	put_be32(img + 64 + 8, 0x7fffffff);
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
		"heads/initrd/", "heads/initrd//etc/x", "heads/initrd/../etc/shadow",
		"heads/initrd/etc/../../x", "heads/initrd/./x", "heads/initrd/etc/",
		"heads/initrd/etc/..", "heads/payload/cmdline", "heads/initr", "",
	};

	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		if (cbfs_owner_path(bad[i]))
			FAILF("accepted \"%s\"", bad[i]);
}
