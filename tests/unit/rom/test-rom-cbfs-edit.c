/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CBFS edits in memory: the bytes cbfstool writes (header layout, free
 * space after a file, merging on removal), and every refusal leaving the
 * image as it was. tests/integration/test-flash.sh compares edited images
 * with the real cbfstool's. */
#include "cbfs-edit.h"
#include "cbfs-fixture.h"
#include "cbfs.h"
#include "harness.h"
#include "macro.h"

#include <errno.h>
#include <stdint.h>

#define SIZE 0x20000u

static uint8_t img[SIZE], before[SIZE];

/* What "cbfstool create -m x86 -s 0x20000" makes, less its master header:
 * one free entry of 0x1ffa4 bytes at 0. */
static void fresh(void)
{
	fixture_cbfs_empty(img, SIZE);
}

static void add(const char *name, const char *data)
{
	ASSERT_EQ(cbfs_add_raw(img, SIZE, name, (const uint8_t *)data, strlen(data)), 0);
}

static void assert_free(size_t off, uint32_t len)
{
	ASSERT(memcmp(img + off, "LARCHIVE", 8) == 0);
	ASSERT_EQ(fixture_be32(img + off + 8), len);
	ASSERT_EQ(fixture_be32(img + off + 12), CBFS_TYPE_NULL);
	ASSERT_EQ(fixture_be32(img + off + 20), 28);
	for (size_t i = off + 28; i < off + 28 + len; i++)
		ASSERT_EQ(img[i], 0xff);
}

TEST(add_writes_cbfstool_layout)
{
	/* "cbfstool add -f a -n heads/initrd/etc/a -t raw", a = "hello world\n" */
	static const uint8_t want[0x40] = {
		'L', 'A', 'R',	'C',  'H',  'I',  'V',	'E',  0,    0,	  0,	0x0c, 0,
		0,   0,	  0x50, 0,    0,    0,	  0,	0,    0,    0,	  0x2c, 'h',  'e',
		'a', 'd', 's',	'/',  'i',  'n',  'i',	't',  'r',  'd',  '/',	'e',  't',
		'c', '/', 'a',	0,    0,    'h',  'e',	'l',  'l',  'o',  ' ',	'w',  'o',
		'r', 'l', 'd',	'\n', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	struct cbfs_file f;

	fresh();
	add("heads/initrd/etc/a", "hello world\n");
	ASSERT(memcmp(img, want, sizeof(want)) == 0);
	assert_free(0x40, 0x1ff64);
	ASSERT_EQ(cbfs_find(img, SIZE, "heads/initrd/etc/a", &f), 0);
	ASSERT_EQ(f.len, 12);
	ASSERT(memcmp(f.data, "hello world\n", 12) == 0);
}

TEST(remove_erases_and_merges_neighbours)
{
	struct cbfs_file f;

	fresh();
	add("heads/initrd/a", "1");
	add("heads/initrd/b", "2");
	add("heads/initrd/c", "3");
	ASSERT_EQ(cbfs_remove(img, SIZE, "heads/initrd/b"), 0);
	assert_free(0x40, 0x40 - 28);
	ASSERT_EQ(cbfs_find(img, SIZE, "heads/initrd/b", &f), -ENOENT);
	ASSERT_EQ(cbfs_find(img, SIZE, "heads/initrd/c", &f), 0);
	ASSERT_EQ(cbfs_remove(img, SIZE, "heads/initrd/c"), 0);
	assert_free(0x40, 0x1ffc0 - 0x40 - 28);
	ASSERT_EQ(cbfs_remove(img, SIZE, "heads/initrd/a"), 0);
	assert_free(0, 0x1ffa4);
	ASSERT_EQ(cbfs_remove(img, SIZE, "heads/initrd/a"), -ENOENT);
}

TEST(add_takes_first_free_space_that_fits)
{
	static char big[200];

	fresh();
	add("heads/initrd/a", "1");
	add("heads/initrd/b", "2");
	add("heads/initrd/c", "3");
	ASSERT_EQ(cbfs_remove(img, SIZE, "heads/initrd/b"), 0);
	memset(big, 'x', sizeof(big) - 1);
	add("heads/initrd/big", big); /* the 64-byte hole is too small */
	ASSERT(memcmp(img + 0xc0, "LARCHIVE", 8) == 0);
	add("heads/initrd/d", "4"); /* fits the hole */
	ASSERT_EQ(fixture_be32(img + 0x40 + 12), CBFS_TYPE_RAW);
	ASSERT(memcmp(img + 0x40 + 24, "heads/initrd/d", 15) == 0);
}

TEST(replace_preserves_everything_else)
{
	struct cbfs_file f;

	fresh();
	add("heads/initrd/a", "1");
	add("heads/initrd/b", "2");
	add("heads/initrd/c", "3");
	memcpy(before, img, SIZE);
	ASSERT_EQ(cbfs_replace_raw(img, SIZE, "heads/initrd/b", (const uint8_t *)"new", 3), 0);
	ASSERT(memcmp(img, before, 0x40) == 0);
	ASSERT(memcmp(img + 0x80, before + 0x80, 0x40) == 0);
	ASSERT_EQ(cbfs_find(img, SIZE, "heads/initrd/b", &f), 0);
	ASSERT(f.len == 3 && memcmp(f.data, "new", 3) == 0);
	/* replacing an absent file adds it */
	ASSERT_EQ(cbfs_replace_raw(img, SIZE, "heads/initrd/e", (const uint8_t *)"5", 1), 0);
	ASSERT_EQ(cbfs_find(img, SIZE, "heads/initrd/e", &f), 0);
}

TEST(refusals_leave_image_unchanged)
{
	static uint8_t huge[SIZE];
	char name[CBFS_EDIT_NAME_MAX + 2];

	fresh();
	add("heads/initrd/a", "1");
	memcpy(before, img, SIZE);
	ASSERT_EQ(cbfs_add_raw(img, SIZE, "heads/initrd/big", huge, SIZE - 0x40), -ENOSPC);
	ASSERT_EQ(cbfs_replace_raw(img, SIZE, "heads/initrd/a", huge, SIZE - 0x40), -ENOSPC);
	ASSERT_EQ(cbfs_add_raw(img, SIZE, "heads/initrd/a", huge, 1), -EEXIST);
	ASSERT_EQ(cbfs_add_raw(img, SIZE, "", huge, 1), -EINVAL);
	ASSERT_EQ(cbfs_add_raw(img, SIZE, "[x]", huge, 1), -EINVAL);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ASSERT_EQ(cbfs_add_raw(img, SIZE, name, huge, 1), -ENAMETOOLONG);
	ASSERT(memcmp(img, before, SIZE) == 0);
	name[CBFS_EDIT_NAME_MAX] = '\0';
	ASSERT_EQ(cbfs_add_raw(img, SIZE, name, huge, 1), 0);
}

TEST(malformed_images_refused)
{
	fresh();
	add("heads/initrd/a", "1");
	fixture_put_be32(img + 8, SIZE); /* the file's length leaves the image */
	memcpy(before, img, SIZE);
	ASSERT_EQ(cbfs_add_raw(img, SIZE, "heads/initrd/b", (const uint8_t *)"2", 1), -EBADMSG);
	ASSERT_EQ(cbfs_remove(img, SIZE, "heads/initrd/a"), -EBADMSG);
	ASSERT(memcmp(img, before, SIZE) == 0);
	fresh();
	add("heads/initrd/a", "1");
	memset(img + 24, 'x', 16); /* unterminated name */
	ASSERT_EQ(cbfs_remove(img, SIZE, "heads/initrd/a"), -EBADMSG);
	memset(img, 0, SIZE); /* no CBFS at all */
	ASSERT_EQ(cbfs_add_raw(img, SIZE, "heads/initrd/b", (const uint8_t *)"2", 1), -EBADMSG);
	ASSERT_EQ(cbfs_add_raw(img, 10, "heads/initrd/b", (const uint8_t *)"2", 1), -EBADMSG);
}

TEST(owner_files_all_or_nothing)
{
	static uint8_t huge[SIZE];
	struct cbfs_owner_file ok[] = {
		{ "heads/initrd/etc/config.user", (const uint8_t *)"A=1\n", 4 },
		{ "heads/initrd/.gnupg/pubring.kbx", (const uint8_t *)"KEY", 3 },
	};
	struct cbfs_owner_file too_big[] = {
		{ "heads/initrd/etc/config.user", (const uint8_t *)"B=2\n", 4 },
		{ "heads/initrd/x", huge, SIZE },
	};
	struct cbfs_owner_file not_owner[] = { { "fallback/payload", (const uint8_t *)"x", 1 } };
	struct cbfs_owner_file escape[] = { { "heads/initrd/../etc/x", (const uint8_t *)"x", 1 } };
	struct cbfs_file f;

	fresh();
	add("fallback/payload", "payload");
	ASSERT_EQ(cbfs_set_owner_files(img, SIZE, ok, 2), 0);
	ASSERT_EQ(cbfs_find(img, SIZE, "heads/initrd/etc/config.user", &f), 0);
	ASSERT(f.len == 4 && memcmp(f.data, "A=1\n", 4) == 0);
	memcpy(before, img, SIZE);
	ASSERT_EQ(cbfs_set_owner_files(img, SIZE, too_big, 2), -ENOSPC);
	ASSERT_EQ(cbfs_set_owner_files(img, SIZE, not_owner, 1), -EINVAL);
	ASSERT_EQ(cbfs_set_owner_files(img, SIZE, escape, 1), -EINVAL);
	ASSERT(memcmp(img, before, SIZE) == 0);
	ASSERT_EQ(cbfs_find(img, SIZE, "fallback/payload", &f), 0);
	ASSERT(f.len == 7 && memcmp(f.data, "payload", 7) == 0);
}
