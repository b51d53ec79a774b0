/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Encoding, parsing and replaying TCG 1.2 event log entries. */
#include "tpm12-eventlog.h"

#include <errno.h>
#include <string.h>

#define EVENT_HEADER 32 /* pcr, type, digest, size */

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t tpm12_event_size(const struct tpm12_event *e)
{
	return EVENT_HEADER + (size_t)e->data_len;
}

int tpm12_event_encode(const struct tpm12_event *e, uint8_t *buf, size_t size, size_t *ret_len)
{
	size_t n = tpm12_event_size(e);

	if (e->data_len > TPM12_EVENT_DATA_MAX || e->pcr >= TPM12_PCR_COUNT)
		return -EINVAL;
	if (n > size)
		return -ENOBUFS;
	put_le32(buf, e->pcr);
	put_le32(buf + 4, e->type);
	memcpy(buf + 8, e->digest, 20);
	put_le32(buf + 28, e->data_len);
	if (e->data_len)
		memcpy(buf + EVENT_HEADER, e->data, e->data_len);
	*ret_len = n;
	return 0;
}

int tpm12_event_next(const uint8_t *buf, size_t len, size_t *off, struct tpm12_event *ret)
{
	size_t left;
	const uint8_t *p;

	if (*off > len)
		return -EBADMSG;
	left = len - *off;
	if (left == 0)
		return 0;
	if (left < EVENT_HEADER)
		return -EBADMSG;
	p = buf + *off;
	ret->pcr = le32(p);
	ret->type = le32(p + 4);
	memcpy(ret->digest, p + 8, 20);
	ret->data_len = le32(p + 28);
	if (ret->pcr >= TPM12_PCR_COUNT || ret->data_len > TPM12_EVENT_DATA_MAX ||
	    ret->data_len > left - EVENT_HEADER)
		return -EBADMSG;
	ret->data = p + EVENT_HEADER;
	*off += EVENT_HEADER + ret->data_len;
	return 1;
}

int tpm12_eventlog_replay(const uint8_t *buf, size_t len, tpm12_pcr_values values, uint32_t *ret_mask)
{
	struct tpm12_event e;
	size_t off = 0;
	uint32_t mask = 0;
	int r;

	memset(values, 0, sizeof(tpm12_pcr_values));
	while ((r = tpm12_event_next(buf, len, &off, &e)) > 0) {
		if (e.type == TPM12_EV_NO_ACTION)
			continue;
		tpm12_pcr_extend_value(values[e.pcr], e.digest, values[e.pcr]);
		mask |= 1u << e.pcr;
	}
	if (r < 0)
		return r;
	*ret_mask = mask;
	return 0;
}
