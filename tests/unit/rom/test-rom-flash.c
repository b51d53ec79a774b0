/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot flash interface over its file backend (a ROM image file), and
 * the specs and devices it refuses. The MTD and flashrom backends run in
 * tests/integration/test-flash.sh and the end-to-end tests. */
#include "flash.h"
#include "harness.h"
#include "macro.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SIZE (64u * 1024)

static char path[64], spec[80];
static uint8_t img[SIZE];

static void make_rom(void)
{
	int fd;

	strcpy(path, "/tmp/test-rom-flash.XXXXXX");
	fd = mkstemp(path);
	ASSERT(fd >= 0);
	for (size_t i = 0; i < SIZE; i++)
		img[i] = (uint8_t)(i * 7);
	ASSERT(write(fd, img, SIZE) == SIZE);
	close(fd);
	snprintf(spec, sizeof(spec), "file:%s", path);
}

static void read_back(uint8_t *buf)
{
	int fd = open(path, O_RDONLY);

	ASSERT(fd >= 0);
	ASSERT(read(fd, buf, SIZE) == SIZE);
	close(fd);
}

TEST(file_read_whole_chip)
{
	_cleanup_flash_ struct flash *f = NULL;
	static uint8_t buf[SIZE];

	make_rom();
	ASSERT_EQ(flash_open(spec, &f), 0);
	ASSERT_EQ(flash_size(f), SIZE);
	ASSERT_STREQ(flash_spec(f), spec);
	ASSERT_EQ(flash_read(f, buf, SIZE), 0);
	ASSERT(memcmp(buf, img, SIZE) == 0);
	ASSERT_EQ(flash_read(f, buf, SIZE - 1), -EMSGSIZE);
	unlink(path);
}

TEST(file_write_changes_only_differing_blocks)
{
	_cleanup_flash_ struct flash *f = NULL;
	static uint8_t want[SIZE], got[SIZE];

	make_rom();
	memcpy(want, img, SIZE);
	want[5000] ^= 0xff; /* block 1 */
	want[SIZE - 1] ^= 0x01; /* the last block */
	ASSERT_EQ(flash_open(spec, &f), 0);
	ASSERT_EQ(flash_write(f, want, SIZE), 0);
	ASSERT_EQ(flash_blocks_written(f), 2);
	read_back(got);
	ASSERT(memcmp(got, want, SIZE) == 0);
	ASSERT_EQ(flash_write(f, want, SIZE), 0);
	ASSERT_EQ(flash_blocks_written(f), 0);
	unlink(path);
}

TEST(file_write_wrong_size_writes_nothing)
{
	_cleanup_flash_ struct flash *f = NULL;
	static uint8_t want[2 * SIZE], got[SIZE];

	make_rom();
	memset(want, 0, sizeof(want));
	ASSERT_EQ(flash_open(spec, &f), 0);
	ASSERT_EQ(flash_write(f, want, SIZE / 2), -EMSGSIZE);
	ASSERT_EQ(flash_write(f, want, 2 * SIZE), -EMSGSIZE);
	read_back(got);
	ASSERT(memcmp(got, img, SIZE) == 0);
	unlink(path);
}

TEST(bad_specs_refused)
{
	struct flash *f = NULL;

	ASSERT_EQ(flash_open("", &f), -EINVAL);
	ASSERT_EQ(flash_open("file:", &f), -EINVAL);
	ASSERT_EQ(flash_open("mtd:", &f), -EINVAL);
	ASSERT_EQ(flash_open("flashrom:", &f), -EINVAL);
	ASSERT_EQ(flash_open("spi:/dev/mtd0", &f), -EINVAL);
	ASSERT_EQ(flash_open("/dev/mtd0", &f), -EINVAL);
	ASSERT(f == NULL);
}

TEST(missing_and_wrong_devices_refused)
{
	struct flash *f = NULL;
	char dir[] = "/tmp/test-rom-flash-dir.XXXXXX", s[64];
	int fd;

	ASSERT_EQ(flash_open("file:/nonexistent/rom", &f), -ENOENT);
	ASSERT_EQ(flash_open("mtd:/nonexistent/mtd0", &f), -ENOENT);
	ASSERT_EQ(flash_open("mtd:/dev/null", &f), -ENOTTY);
	ASSERT_EQ(flash_open("file:/dev/null", &f), -EINVAL);
	ASSERT(mkdtemp(dir));
	snprintf(s, sizeof(s), "file:%s", dir);
	ASSERT_EQ(flash_open(s, &f), -EINVAL);
	snprintf(s, sizeof(s), "%s/empty", dir);
	fd = open(s, O_CREAT | O_WRONLY, 0600);
	ASSERT(fd >= 0);
	close(fd);
	snprintf(s, sizeof(s), "file:%s/empty", dir);
	ASSERT_EQ(flash_open(s, &f), -EBADMSG);
	snprintf(s, sizeof(s), "%s/empty", dir);
	unlink(s);
	rmdir(dir);
	ASSERT(f == NULL);
}
