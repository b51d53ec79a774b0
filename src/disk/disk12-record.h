/* SPDX-License-Identifier: GPL-2.0-or-later */
/* <statedir>/disk12.sealed: the disk key sealed by a TPM 1.2 and what it
 * opens. A TPM 1.2 has no room for our records, so the file keeps the
 * sealed blob with the PCR mask and, for each volume, its LUKS UUID and
 * keyslot, in the order the headers are measured into PCR 6, and the
 * first bytes of each sealed PCR value (to say which one changed). Nothing in
 * it is secret; a changed file only fails to unseal (the volumes named
 * are the headers measured). Pure: buffers in and out. */
#pragma once

#include "disk-key.h"
#include "tpm12-pcr.h"
#include "tpm12-seal.h"

#define DISK12_SEALED_FILE "disk12.sealed"
#define DISK12_MAGIC "HDISK12\n"
#define DISK12_EXPECTED_SIZE (TPM12_PCR_COUNT * DISK_EXPECTED_PREFIX)
#define DISK12_RECORD_MAX                                                             \
	(8 + 8 + DISK12_EXPECTED_SIZE + DISK_VOLUMES_MAX * (DISK_UUID_SIZE + 1) + 4 + \
	 TPM12_SEALED_MAX)

struct disk12_record {
	uint32_t mask; /* the PCRs the key is sealed to */
	size_t n; /* volumes, 1..DISK_VOLUMES_MAX */
	struct disk_volume v[DISK_VOLUMES_MAX];
	uint8_t expected[TPM12_PCR_COUNT][DISK_EXPECTED_PREFIX]; /* sealed PCR value prefixes */
	uint8_t blob[TPM12_SEALED_MAX]; /* TPM_STORED_DATA12 */
	size_t blob_len;
};

/* -ENOBUFS when size is too small. */
int disk12_record_encode(const struct disk12_record *r, uint8_t *buf, size_t size, size_t *ret_len);

/* -EBADMSG for anything but one whole record: the magic, 1..8 volumes
 * with NUL-terminated UUIDs, a whole sealed blob releasing to the PCRs
 * the record names. */
int disk12_record_parse(const uint8_t *buf, size_t len, struct disk12_record *ret);

/* The disk_meta naming the same volumes (to find them among devices). */
void disk12_record_meta(const struct disk12_record *r, struct disk_meta *ret);
