/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot flash interface over its file backend (a ROM image file), and
 * the specs and devices it refuses. The MTD and flashrom backends run in
 * tests/integration/test-flash.sh and the end-to-end tests. */
#include "flash.h"
#include "harness.h"
#include "macro.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SIZE (64u * 1024)

static char path[64], spec[80];
static uint8_t img[SIZE];

/* A chip that stores one byte wrong: the write at corrupt_at lands with
 * that byte's bits flipped (the flash code's own writes come here). */
static long long corrupt_at = -1;

/* With 64-bit file offsets the headers name this pwrite64 (glibc's
 * alias of pwrite on 64-bit systems), the symbol the flash code calls. */
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t (*real)(int, const void *, size_t, off_t) =
		(ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
	static uint8_t copy[SIZE];

	if (corrupt_at >= off && corrupt_at < off + (off_t)n && n <= SIZE) {
		memcpy(copy, buf, n);
		copy[corrupt_at - off] ^= 0xff;
		buf = copy;
	}
	return real(fd, buf, n, off);
}

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

TEST(file_write_read_back_names_first_difference)
{
	_cleanup_flash_ struct flash *f = NULL;
	static uint8_t want[SIZE];

	make_rom();
	memcpy(want, img, SIZE);
	memset(want + 8192, 0x5a, 4096);
	corrupt_at = 8192 + 1000;
	ASSERT_EQ(flash_open(spec, &f), 0);
	ASSERT_EQ(flash_write(f, want, SIZE), -EIO);
	ASSERT_EQ(flash_mismatch(f), 8192 + 1000);
	ASSERT_EQ(flash_blocks_written(f), 1);
	corrupt_at = -1;
	ASSERT_EQ(flash_write(f, want, SIZE), 0);
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
