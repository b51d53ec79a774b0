/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk12.sealed format: magic, mask (le32), count, the sealed PCR
 * value prefixes, volumes, blob. */
#include "disk12-record.h"

#include <errno.h>
#include <string.h>

#define HEADER_SIZE (16 + DISK12_EXPECTED_SIZE) /* magic, mask, count, 3 zeros, prefixes */
#define VOLUME_SIZE (DISK_UUID_SIZE + 1)

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int disk12_record_encode(const struct disk12_record *r, uint8_t *buf, size_t size, size_t *ret_len)
{
	size_t len = HEADER_SIZE + r->n * VOLUME_SIZE + 4 + r->blob_len;
	uint8_t *p = buf + HEADER_SIZE;

	if (r->n == 0 || r->n > DISK_VOLUMES_MAX || r->blob_len > TPM12_SEALED_MAX)
		return -EINVAL;
	if (len > size)
		return -ENOBUFS;
	memset(buf, 0, len);
	memcpy(buf, DISK12_MAGIC, 8);
	put_le32(buf + 8, r->mask);
	buf[12] = (uint8_t)r->n;
	memcpy(buf + 16, r->expected, DISK12_EXPECTED_SIZE);
	for (size_t i = 0; i < r->n; i++, p += VOLUME_SIZE) {
		memcpy(p, r->v[i].uuid, strnlen(r->v[i].uuid, DISK_UUID_SIZE - 1));
		p[DISK_UUID_SIZE] = r->v[i].keyslot;
	}
	put_le32(p, (uint32_t)r->blob_len);
	memcpy(p + 4, r->blob, r->blob_len);
	*ret_len = len;
	return 0;
}

static int parse_volumes(const uint8_t *p, struct disk12_record *r)
{
	for (size_t i = 0; i < r->n; i++, p += VOLUME_SIZE) {
		size_t len = strnlen((const char *)p, DISK_UUID_SIZE);

		/* A UUID, then zeros: one way to write each record. */
		if (len == 0 || len == DISK_UUID_SIZE)
			return -EBADMSG;
		for (size_t j = len; j < DISK_UUID_SIZE; j++)
			if (p[j])
				return -EBADMSG;
		memcpy(r->v[i].uuid, p, DISK_UUID_SIZE);
		r->v[i].keyslot = p[DISK_UUID_SIZE];
	}
	return 0;
}

static int parse_blob(const uint8_t *p, size_t left, struct disk12_record *r)
{
	uint32_t sealed_mask;

	if (left < 4)
		return -EBADMSG;
	r->blob_len = get_le32(p);
	if (r->blob_len != left - 4 || r->blob_len > TPM12_SEALED_MAX)
		return -EBADMSG;
	memcpy(r->blob, p + 4, r->blob_len);
	if (tpm12_sealed_check(r->blob, r->blob_len) < 0 ||
	    tpm12_sealed_pcrs(r->blob, r->blob_len, &sealed_mask) < 0 || sealed_mask != r->mask)
		return -EBADMSG;
	return 0;
}

int disk12_record_parse(const uint8_t *buf, size_t len, struct disk12_record *ret)
{
	struct disk12_record r = { 0 };
	size_t off;

	if (len < HEADER_SIZE || memcmp(buf, DISK12_MAGIC, 8) != 0 || buf[13] || buf[14] || buf[15])
		return -EBADMSG;
	r.mask = get_le32(buf + 8);
	r.n = buf[12];
	memcpy(r.expected, buf + 16, DISK12_EXPECTED_SIZE);
	off = HEADER_SIZE + r.n * VOLUME_SIZE;
	if (r.n == 0 || r.n > DISK_VOLUMES_MAX || r.mask >= (1u << 24) || len < off ||
	    parse_volumes(buf + HEADER_SIZE, &r) < 0 || parse_blob(buf + off, len - off, &r) < 0)
		return -EBADMSG;
	*ret = r;
	return 0;
}

void disk12_record_meta(const struct disk12_record *r, struct disk_meta *ret)
{
	*ret = (struct disk_meta){ .slot = 0, .pcr_mask = r->mask, .n = r->n };
	memcpy(ret->v, r->v, sizeof(ret->v));
}
