/* SPDX-License-Identifier: GPL-2.0-or-later */
/* coreboot's tables: a header ("LBIO", its own IP checksum, the table's
 * size and checksum) followed by tag/size records, little-endian. Every
 * record is checked against the table's end before it is read. */
#include "coreboot.h"
#include "macro.h"
#include "physmem.h"

#define TAG_FORWARD 0x0011u
#define TAG_BOOT_MEDIA 0x0030u
#define TAG_CBMEM_ENTRY 0x0031u
#define RECORD_HEADER 8
#define FORWARD_SIZE 16
#define BOOT_MEDIA_SIZE 40
#define CBMEM_ENTRY_SIZE 24
#define FLASH_MAX (64ull << 20) /* the largest boot flash coreboot maps */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p + 4) << 32 | le32(p);
}

/* RFC 1071 over little-endian 16-bit words, as coreboot's ipchksum(). */
uint16_t coreboot_ipchksum(const uint8_t *p, size_t len)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += (uint64_t)p[i] << (8 * (i & 1));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static bool header_valid(const uint8_t *h, size_t avail)
{
	if (avail < COREBOOT_HEADER_SIZE || memcmp(h, "LBIO", 4) != 0)
		return false;
	if (le32(h + 4) != COREBOOT_HEADER_SIZE)
		return false;
	return coreboot_ipchksum(h, COREBOOT_HEADER_SIZE) == 0;
}

int coreboot_header_find(const uint8_t *buf, size_t len, size_t *ret_off)
{
	for (size_t off = 0; len >= COREBOOT_HEADER_SIZE && off <= len - COREBOOT_HEADER_SIZE;
	     off += 16)
		if (header_valid(buf + off, len - off)) {
			*ret_off = off;
			return 0;
		}
	return -ENOENT;
}

int coreboot_table_size(const uint8_t *hdr, size_t *ret_len)
{
	uint32_t table = le32(hdr + 12);

	if (table > COREBOOT_TABLE_MAX - COREBOOT_HEADER_SIZE)
		return -EBADMSG;
	*ret_len = COREBOOT_HEADER_SIZE + (size_t)table;
	return 0;
}

static void take_cbmem_entry(const uint8_t *r, struct coreboot_tables *t)
{
	uint32_t id = le32(r + 20);

	if (id != COREBOOT_CBMEM_TPM2_LOG && id != COREBOOT_CBMEM_TPM1_LOG)
		return;
	/* The TPM 2.0 log wins when both are there. */
	if (t->have_tpm_log && t->tpm_log_id == COREBOOT_CBMEM_TPM2_LOG)
		return;
	t->have_tpm_log = true;
	t->tpm_log_addr = le64(r + 8);
	t->tpm_log_size = le32(r + 16);
	t->tpm_log_id = id;
}

/* One record of size n at r; -EBADMSG when too short for its tag. */
static int take_record(const uint8_t *r, uint32_t n, struct coreboot_tables *t, uint64_t *forward)
{
	switch (le32(r)) {
	case TAG_FORWARD:
		if (n < FORWARD_SIZE)
			return -EBADMSG;
		*forward = le64(r + 8);
		return 0;
	case TAG_BOOT_MEDIA:
		if (n < BOOT_MEDIA_SIZE)
			return -EBADMSG;
		t->have_media = true;
		t->fmap_offset = le64(r + 8);
		t->cbfs_offset = le64(r + 16);
		t->cbfs_size = le64(r + 24);
		t->media_size = le64(r + 32);
		return 0;
	case TAG_CBMEM_ENTRY:
		if (n < CBMEM_ENTRY_SIZE)
			return -EBADMSG;
		take_cbmem_entry(r, t);
		return 0;
	default:
		return 0;
	}
}

int coreboot_table_parse(const uint8_t *buf, size_t len, struct coreboot_tables *ret,
			 uint64_t *ret_forward)
{
	struct coreboot_tables t = { 0 };
	uint64_t forward = 0;
	size_t size, off = COREBOOT_HEADER_SIZE;

	if (!header_valid(buf, len) || coreboot_table_size(buf, &size) < 0 || size > len)
		return -EBADMSG;
	if (coreboot_ipchksum(buf + COREBOOT_HEADER_SIZE, size - COREBOOT_HEADER_SIZE) !=
	    le32(buf + 16))
		return -EBADMSG;
	for (uint32_t i = 0, n = le32(buf + 20); i < n && off < size; i++) {
		uint32_t rlen;
		if (size - off < RECORD_HEADER)
			return -EBADMSG;
		rlen = le32(buf + off + 4);
		if (rlen < RECORD_HEADER || rlen > size - off)
			return -EBADMSG;
		if (take_record(buf + off, rlen, &t, &forward) < 0)
			return -EBADMSG;
		off += rlen;
	}
	*ret = t;
	*ret_forward = forward;
	return 0;
}

int coreboot_flash_base(const struct coreboot_tables *t, uint64_t *ret)
{
	if (!t->have_media || t->media_size == 0 || t->media_size > FLASH_MAX)
		return -ERANGE;
	if (t->cbfs_offset > t->media_size || t->cbfs_size > t->media_size - t->cbfs_offset)
		return -ERANGE;
	*ret = (1ull << 32) - t->media_size;
	return 0;
}

/* Looks for a header in the window [start, start + size) of memory and
 * returns its physical address. */
static int find_in_window(int fd, uint64_t start, size_t size, uint64_t *ret)
{
	struct physmem_map m;
	size_t off;
	int r = physmem_map(fd, start, size, &m);

	if (r < 0)
		return r;
	r = coreboot_header_find(m.ptr, m.len, &off);
	physmem_unmap(&m);
	if (r >= 0)
		*ret = start + off;
	return r;
}

/* Reads and parses the table whose header is at addr. */
static int read_table(int fd, uint64_t addr, struct coreboot_tables *ret, uint64_t *ret_forward)
{
	uint8_t hdr[COREBOOT_HEADER_SIZE];
	_cleanup_free_ uint8_t *buf = NULL;
	size_t size;
	int r = physmem_read(fd, addr, hdr, sizeof(hdr));

	if (r < 0)
		return r;
	if (!header_valid(hdr, sizeof(hdr)) || coreboot_table_size(hdr, &size) < 0)
		return -EBADMSG;
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	r = physmem_read(fd, addr, buf, size);
	return r < 0 ? r : coreboot_table_parse(buf, size, ret, ret_forward);
}

int coreboot_tables_read(int memfd, struct coreboot_tables *ret)
{
	uint64_t addr = 0, forward = 0;
	int r = find_in_window(memfd, COREBOOT_LOW_START, COREBOOT_LOW_SIZE, &addr);

	if (r < 0)
		r = find_in_window(memfd, COREBOOT_BIOS_START, COREBOOT_BIOS_SIZE, &addr);
	if (r < 0)
		return r;
	r = read_table(memfd, addr, ret, &forward);
	if (r >= 0 && forward) {
		uint64_t again = 0;
		r = read_table(memfd, forward, ret, &again);
	}
	return r;
}

int coreboot_tpm_log_read(int memfd, uint8_t **ret_buf, size_t *ret_len)
{
	_cleanup_free_ uint8_t *buf = NULL;
	struct coreboot_tables t;
	int r = coreboot_tables_read(memfd, &t);

	if (r < 0)
		return r;
	if (!t.have_tpm_log || t.tpm_log_size == 0)
		return -ENOENT;
	if (t.tpm_log_size > COREBOOT_TPM_LOG_MAX)
		return -EFBIG;
	buf = malloc(t.tpm_log_size);
	if (!buf)
		return -ENOMEM;
	r = physmem_read(memfd, t.tpm_log_addr, buf, t.tpm_log_size);
	if (r < 0)
		return r;
	*ret_buf = TAKE_PTR(buf);
	*ret_len = t.tpm_log_size;
	return 0;
}
