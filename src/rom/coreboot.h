/* SPDX-License-Identifier: GPL-2.0-or-later */
/* coreboot's tables ("LBIO"), as its own tools read them: where the boot
 * flash's CBFS is and where CBMEM keeps the TPM event log. The parsers take
 * buffers; coreboot_tables_read() reads them from physical memory. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where coreboot leaves the header: the first 4 KiB of memory, or the
 * legacy BIOS area (it then forwards to the full table in CBMEM). */
#define COREBOOT_LOW_START 0x0u
#define COREBOOT_LOW_SIZE 0x1000u
#define COREBOOT_BIOS_START 0xf0000u
#define COREBOOT_BIOS_SIZE 0x10000u

/* The most a table may span; coreboot's are a few KiB. */
#define COREBOOT_TABLE_MAX (1u << 20)

#define COREBOOT_HEADER_SIZE 24
#define COREBOOT_CBMEM_TPM2_LOG 0x54504d32u /* "TPM2": the TCG log of a TPM 2.0 */
#define COREBOOT_CBMEM_TPM1_LOG 0x54445041u /* "TPDA": the TCG log of a TPM 1.2 */

struct coreboot_tables {
	bool have_media; /* boot media parameters were found: */
	uint64_t fmap_offset; /* offsets within the boot media */
	uint64_t cbfs_offset;
	uint64_t cbfs_size;
	uint64_t media_size; /* on x86 the media is mapped to end at 4 GiB */
	bool have_tpm_log; /* CBMEM holds a TCG log: */
	uint64_t tpm_log_addr;
	uint32_t tpm_log_size;
	uint32_t tpm_log_id; /* COREBOOT_CBMEM_TPM2_LOG or _TPM1_LOG */
};

/* The checksum coreboot's tables carry: RFC 1071 over little-endian
 * 16-bit words (coreboot's ipchksum()). */
uint16_t coreboot_ipchksum(const uint8_t *p, size_t len);

/* The offset of a valid header (signature and checksums) in buf, a window
 * of memory; -ENOENT when none. */
int coreboot_header_find(const uint8_t *buf, size_t len, size_t *ret_off);

/* The table size (header plus records) the header at buf announces;
 * -EBADMSG when that exceeds COREBOOT_TABLE_MAX. */
int coreboot_table_size(const uint8_t *hdr, size_t *ret_len);

/* Parses a whole table (header at buf, len bytes). Records it knows fill
 * *ret; a forward record's address goes to *ret_forward (0 when none).
 * -EBADMSG when the header or table checksum is wrong or a record
 * overruns the table. */
int coreboot_table_parse(const uint8_t *buf, size_t len, struct coreboot_tables *ret,
			 uint64_t *ret_forward);

/* The physical address the boot flash starts at (x86: mapped to end at
 * 4 GiB); -ERANGE when the media size is not a plausible flash size. */
int coreboot_flash_base(const struct coreboot_tables *t, uint64_t *ret);

/* Finds and parses the tables through memfd (/dev/mem, or a file standing
 * for physical memory in tests), following a forward record once. -ENOENT
 * when memory holds no coreboot table (the firmware is not coreboot). */
int coreboot_tables_read(int memfd, struct coreboot_tables *ret);

/* The most of a CBMEM TPM log read; coreboot's are a few KiB. */
#define COREBOOT_TPM_LOG_MAX (1u << 20)

/* Copies coreboot's TPM event log out of CBMEM (TCG format: a Spec ID
 * event, then the events, then zeros up to the area's end) into a fresh
 * buffer. -ENOENT when memory holds no coreboot table or no log. */
int coreboot_tpm_log_read(int memfd, uint8_t **ret_buf, size_t *ret_len);
