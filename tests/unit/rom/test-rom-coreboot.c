/* SPDX-License-Identifier: GPL-2.0-or-later */
/* coreboot's tables and the boot flash found through them, on a file that
 * stands for physical memory: a low header forwarding to the full table
 * (as coreboot lays it out on x86), boot media parameters, a CBMEM TPM log,
 * and a CBFS in the flash window below 4 GiB. */
#include "cbfs.h"
#include "coreboot.h"
#include "harness.h"
#include "macro.h"
#include "physmem.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define LOW_HEADER 0x500u
#define TABLE_ADDR 0x10000000u
#define LOG_ADDR 0x10001000u
#define MEDIA_SIZE (16u << 20)
#define CBFS_OFFSET 0x200u
#define FLASH_BASE (0x100000000ull - MEDIA_SIZE)

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static void put_be32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (24 - 8 * i));
}

/* A table of n records at t (header included); returns its length. */
static size_t finish_table(uint8_t *t, size_t records_len, uint32_t n)
{
	memcpy(t, "LBIO", 4);
	put_le32(t + 4, 24);
	put_le32(t + 8, 0);
	put_le32(t + 12, (uint32_t)records_len);
	put_le32(t + 16, coreboot_ipchksum(t + 24, records_len));
	put_le32(t + 20, n);
	put_le32(t + 8, coreboot_ipchksum(t, 24));
	return 24 + records_len;
}

static size_t put_forward(uint8_t *t, uint64_t to)
{
	put_le32(t + 24, 0x11);
	put_le32(t + 28, 16);
	put_le64(t + 32, to);
	return finish_table(t, 16, 1);
}

static size_t put_full_table(uint8_t *t, uint64_t log_addr)
{
	uint8_t *r = t + 24;

	put_le32(r, 0x30); /* boot media parameters */
	put_le32(r + 4, 40);
	put_le64(r + 8, 0);
	put_le64(r + 16, CBFS_OFFSET);
	put_le64(r + 24, MEDIA_SIZE - CBFS_OFFSET);
	put_le64(r + 32, MEDIA_SIZE);
	r += 40;
	put_le32(r, 0x31); /* a CBMEM entry: the TPM 2.0 log */
	put_le32(r + 4, 24);
	put_le64(r + 8, log_addr);
	put_le32(r + 16, 4096);
	put_le32(r + 20, COREBOOT_CBMEM_TPM2_LOG);
	r += 24;
	put_le32(r, 0x9999); /* a record the parser does not know */
	put_le32(r + 4, 12);
	return finish_table(t, 76, 3);
}

static size_t put_file(uint8_t *p, const char *name, const char *data)
{
	size_t hdr = (24 + strlen(name) + 1 + 15) / 16 * 16, len = strlen(data);

	memcpy(p, "LARCHIVE", 8);
	put_be32(p + 8, (uint32_t)len);
	put_be32(p + 12, CBFS_TYPE_RAW);
	put_be32(p + 16, 0);
	put_be32(p + 20, (uint32_t)hdr);
	memcpy(p + 24, name, strlen(name) + 1);
	memcpy(p + hdr, data, len);
	return (hdr + len + 63) / 64 * 64;
}

static int memory(void)
{
	int fd = memfd_create("physmem", MFD_CLOEXEC);
	struct physmem_map m;
	uint8_t *low, *table, *flash;
	size_t off = 0;

	ASSERT(fd >= 0);
	ASSERT_EQ(ftruncate(fd, 0x100000000ll), 0);
	low = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	table = mmap(NULL, 0x2000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, TABLE_ADDR);
	flash = mmap(NULL, MEDIA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)FLASH_BASE);
	ASSERT(low != MAP_FAILED && table != MAP_FAILED && flash != MAP_FAILED);
	put_forward(low + LOW_HEADER, TABLE_ADDR);
	put_full_table(table, LOG_ADDR);
	memcpy(table + (LOG_ADDR - TABLE_ADDR), "a log", 5);
	memset(flash, 0xff, MEDIA_SIZE);
	off += put_file(flash + CBFS_OFFSET + off, "fallback/payload", "kernel");
	off += put_file(flash + CBFS_OFFSET + off, "heads/initrd/etc/config.user", "CONFIG_A=y\n");
	munmap(low, 0x1000);
	munmap(table, 0x2000);
	munmap(flash, MEDIA_SIZE);
	ASSERT_EQ(physmem_map(fd, 0, 1, &m), 0);
	physmem_unmap(&m);
	return fd;
}

TEST(tables_found_through_the_forward_record)
{
	struct coreboot_tables t;
	int fd = memory();
	uint64_t base = 0;

	ASSERT_EQ(coreboot_tables_read(fd, &t), 0);
	ASSERT(t.have_media);
	ASSERT_EQ(t.cbfs_offset, CBFS_OFFSET);
	ASSERT_EQ(t.cbfs_size, MEDIA_SIZE - CBFS_OFFSET);
	ASSERT_EQ(t.media_size, MEDIA_SIZE);
	ASSERT(t.have_tpm_log);
	ASSERT_EQ(t.tpm_log_addr, LOG_ADDR);
	ASSERT_EQ(t.tpm_log_size, 4096);
	ASSERT_EQ(coreboot_flash_base(&t, &base), 0);
	ASSERT_EQ(base, FLASH_BASE);
	close(fd);
}

static int collect(const struct cbfs_file *f, void *userdata)
{
	if (f->data && streq(f->name, "heads/initrd/etc/config.user"))
		memcpy(userdata, f->data, f->len);
	return 0;
}

static bool want_owner(const char *name, void *userdata)
{
	(void)userdata;
	return startswith(name, CBFS_OWNER_PREFIX);
}

TEST(owner_file_read_from_the_flash_window)
{
	struct coreboot_tables t;
	struct physmem_map m;
	char got[32] = "";
	uint64_t base = 0;
	int fd = memory();

	ASSERT_EQ(coreboot_tables_read(fd, &t), 0);
	ASSERT_EQ(coreboot_flash_base(&t, &base), 0);
	ASSERT_EQ(physmem_map(fd, base + t.cbfs_offset, t.cbfs_size, &m), 0);
	ASSERT_EQ(cbfs_walk_read(physmem_map_read, &m, m.len, 1024, want_owner, collect, got), 0);
	ASSERT_STREQ(got, "CONFIG_A=y\n");
	physmem_unmap(&m);
	close(fd);
}

TEST(tpm_log_copied_out_of_cbmem)
{
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;
	int fd = memory();

	ASSERT_EQ(coreboot_tpm_log_read(fd, &buf, &len), 0);
	ASSERT_EQ(len, 4096);
	ASSERT(memcmp(buf, "a log", 5) == 0);
	close(fd);
}

TEST(no_coreboot_is_enoent)
{
	struct coreboot_tables t;
	int fd = memfd_create("physmem", MFD_CLOEXEC);

	ASSERT_EQ(ftruncate(fd, 1 << 20), 0);
	ASSERT_EQ(coreboot_tables_read(fd, &t), -ENOENT);
	close(fd);
}

TEST(bad_checksums_refused)
{
	uint8_t t[256] = { 0 };
	struct coreboot_tables ct;
	uint64_t fw;
	size_t len = put_full_table(t, LOG_ADDR), off = 1;

	ASSERT_EQ(coreboot_table_parse(t, len, &ct, &fw), 0);
	t[30] ^= 1; /* a record byte: the table checksum no longer matches */
	ASSERT_EQ(coreboot_table_parse(t, len, &ct, &fw), -EBADMSG);
	put_full_table(t, LOG_ADDR);
	t[12] ^= 1; /* the header's own checksum */
	ASSERT_EQ(coreboot_table_parse(t, len, &ct, &fw), -EBADMSG);
	ASSERT_EQ(coreboot_header_find(t, sizeof(t), &off), -ENOENT);
}

TEST(record_overrunning_the_table_refused)
{
	uint8_t t[256] = { 0 };
	struct coreboot_tables ct;
	uint64_t fw;
	size_t len;

	put_le32(t + 24, 0x30);
	put_le32(t + 28, 400); /* longer than the table */
	len = finish_table(t, 40, 1);
	ASSERT_EQ(coreboot_table_parse(t, len, &ct, &fw), -EBADMSG);
	put_le32(t + 28, 16); /* too short for boot media parameters */
	len = finish_table(t, 40, 1);
	ASSERT_EQ(coreboot_table_parse(t, len, &ct, &fw), -EBADMSG);
	put_le32(t + 28, 4); /* shorter than a record header */
	len = finish_table(t, 40, 1);
	ASSERT_EQ(coreboot_table_parse(t, len, &ct, &fw), -EBADMSG);
}

TEST(implausible_flash_refused)
{
	struct coreboot_tables t = {
		.have_media = true, .cbfs_offset = 0, .cbfs_size = 1 << 20, .media_size = 128ull << 20
	};
	uint64_t base;

	ASSERT_EQ(coreboot_flash_base(&t, &base), -ERANGE); /* larger than any flash */
	t.media_size = 8 << 20;
	t.cbfs_offset = 8 << 20;
	ASSERT_EQ(coreboot_flash_base(&t, &base), -ERANGE); /* CBFS past the media */
	t.have_media = false;
	ASSERT_EQ(coreboot_flash_base(&t, &base), -ERANGE);
}

TEST(huge_table_size_refused)
{
	uint8_t h[24] = { 0 };
	size_t len;

	put_le32(h + 12, 0xffffffffu);
	ASSERT_EQ(coreboot_table_size(h, &len), -EBADMSG);
}

/* RFC 1071's example bytes; the one's-complement sum of them as
 * little-endian words is 0xf2dd, so the checksum is its complement. Odd
 * lengths count the last byte as a low byte. */
TEST(ipchksum_vectors)
{
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 };

	ASSERT_EQ(coreboot_ipchksum(rfc, sizeof(rfc)), 0x0d22);
	ASSERT_EQ(coreboot_ipchksum(odd, sizeof(odd)), (uint16_t)~0x0204);
	ASSERT_EQ(coreboot_ipchksum(rfc, 0), 0xffff);
}

TEST(window_reader_bounds)
{
	uint8_t mem[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, got[4] = { 0 };
	struct physmem_map m = { .ptr = mem, .len = sizeof(mem) };

	ASSERT_EQ(physmem_map_read(&m, got, 4, 4), 0);
	ASSERT_EQ(got[0], 5);
	ASSERT_EQ(physmem_map_read(&m, got, 4, 5), -EIO);
	ASSERT_EQ(physmem_map_read(&m, got, 1, 9), -EIO);
}
