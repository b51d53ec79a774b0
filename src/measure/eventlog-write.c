/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing the crypto-agile TCG event log format (sha256 bank only). */
#include "eventlog-write.h"
#include "macro.h"
#include "tcg.h"

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	return p + 4;
}

static uint8_t *put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return p + 2;
}

void eventlog_header_encode(uint8_t buf[EVENTLOG_HEADER_SIZE])
{
	uint8_t *p = buf;

	memset(buf, 0, EVENTLOG_HEADER_SIZE);
	p = put_u32(p, 0); /* PCR */
	p = put_u32(p, EV_NO_ACTION); /* type */
	p += 20; /* SHA-1 digest: zeros */
	p = put_u32(p, 33); /* size of the TCG_EfiSpecIDEvent */
	memcpy(p, TCG_SPEC_ID_SIGNATURE, 16);
	p += 16;
	p = put_u32(p, 0); /* platformClass: client */
	*p++ = 0; /* specVersionMinor */
	*p++ = 2; /* specVersionMajor */
	*p++ = 0; /* specErrata */
	*p++ = 2; /* uintnSize: UINT64 */
	p = put_u32(p, 1); /* numberOfAlgorithms */
	p = put_u16(p, TPM_ALG_SHA256);
	p = put_u16(p, 32);
	*p = 0; /* vendorInfoSize */
}

size_t eventlog_event_size(const struct event *ev)
{
	return 4 + 4 + 4 + 2 + 32 + 4 + (size_t)ev->data_len;
}

int eventlog_event_encode(const struct event *ev, uint8_t *buf, size_t size)
{
	uint8_t *p = buf;

	if (!ev->has_sha256 || size < eventlog_event_size(ev))
		return -EINVAL;
	p = put_u32(p, ev->pcr);
	p = put_u32(p, ev->type);
	p = put_u32(p, 1);
	p = put_u16(p, TPM_ALG_SHA256);
	memcpy(p, ev->sha256, 32);
	p = put_u32(p + 32, ev->data_len);
	if (ev->data_len)
		memcpy(p, ev->data, ev->data_len);
	return 0;
}

int eventlog_encode(const struct eventlog *log, uint8_t **ret_buf, size_t *ret_len)
{
	size_t len = EVENTLOG_HEADER_SIZE, off = EVENTLOG_HEADER_SIZE;
	_cleanup_free_ uint8_t *buf = NULL;

	for (size_t i = 0; i < log->count; i++)
		len += eventlog_event_size(&log->events[i]);
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	eventlog_header_encode(buf);
	for (size_t i = 0; i < log->count; i++) {
		int r = eventlog_event_encode(&log->events[i], buf + off, len - off);
		if (r < 0)
			return r;
		off += eventlog_event_size(&log->events[i]);
	}
	*ret_buf = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}
