/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing TCG PC Client event logs from a buffer with exact lengths. */
#include "eventlog.h"
#include "macro.h"
#include "tcg.h"

struct cursor {
	const uint8_t *p;
	size_t left;
};

struct alg_size {
	uint16_t alg;
	uint16_t size;
};

struct spec_id {
	uint32_t count;
	struct alg_size algs[EVENTLOG_MAX_ALGS];
};

static int take(struct cursor *c, size_t n, const uint8_t **ret)
{
	if (n > c->left)
		return -EBADMSG;
	*ret = c->p;
	c->p += n;
	c->left -= n;
	return 0;
}

static int take_u32(struct cursor *c, uint32_t *ret)
{
	const uint8_t *b;

	if (take(c, 4, &b) < 0)
		return -EBADMSG;
	*ret = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

static int take_u16(struct cursor *c, uint16_t *ret)
{
	const uint8_t *b;

	if (take(c, 2, &b) < 0)
		return -EBADMSG;
	*ret = (uint16_t)(b[0] | b[1] << 8);
	return 0;
}

static int take_u8(struct cursor *c, uint8_t *ret)
{
	const uint8_t *b;

	if (take(c, 1, &b) < 0)
		return -EBADMSG;
	*ret = b[0];
	return 0;
}

void eventlog_free(struct eventlog *log)
{
	for (size_t i = 0; i < log->count; i++)
		free(log->events[i].data);
	free(log->events);
	*log = (struct eventlog){ 0 };
}

int eventlog_add(struct eventlog *log, const struct event *ev)
{
	struct event *e;

	if (log->count >= EVENTLOG_MAX_EVENTS)
		return -E2BIG;
	if (log->count == log->alloc) {
		size_t n = log->alloc ? log->alloc * 2 : 64;
		struct event *a = realloc(log->events, n * sizeof(*a));
		if (!a)
			return -ENOMEM;
		log->events = a;
		log->alloc = n;
	}
	e = &log->events[log->count];
	*e = *ev;
	e->data = malloc(ev->data_len ? ev->data_len : 1);
	if (!e->data)
		return -ENOMEM;
	if (ev->data_len)
		memcpy(e->data, ev->data, ev->data_len);
	log->count++;
	return 0;
}

/* Drops the events appended after `keep`, on a parse error. */
static void truncate_to(struct eventlog *log, size_t keep)
{
	while (log->count > keep)
		free(log->events[--log->count].data);
}

static int alg_size(const struct spec_id *id, uint16_t alg, uint16_t *ret)
{
	for (uint32_t i = 0; i < id->count; i++)
		if (id->algs[i].alg == alg) {
			*ret = id->algs[i].size;
			return 0;
		}
	return -EBADMSG;
}

static int parse_alg_table(struct cursor *c, struct spec_id *id)
{
	uint32_t n;

	id->count = 0;
	if (take_u32(c, &n) < 0 || n == 0 || n > EVENTLOG_MAX_ALGS)
		return -EBADMSG;
	for (uint32_t i = 0; i < n; i++) {
		struct alg_size a;
		uint16_t dup;
		if (take_u16(c, &a.alg) < 0 || take_u16(c, &a.size) < 0)
			return -EBADMSG;
		if (a.size == 0 || a.size > EVENTLOG_MAX_DIGEST || alg_size(id, a.alg, &dup) == 0)
			return -EBADMSG;
		if ((a.alg == TPM_ALG_SHA256 && a.size != 32) ||
		    (a.alg == TPM_ALG_SHA1 && a.size != 20))
			return -EBADMSG;
		id->algs[id->count++] = a;
	}
	return 0;
}

/* TCG_EfiSpecIDEvent: signature, platform class, versions, uintn size,
 * the algorithm table and vendor info, filling the data exactly. */
static int parse_spec_id(const uint8_t *data, size_t len, struct spec_id *id)
{
	struct cursor c = { data, len };
	const uint8_t *b;
	uint8_t vendor = 0;

	if (take(&c, 16, &b) < 0 || memcmp(b, TCG_SPEC_ID_SIGNATURE, 16) != 0)
		return -EBADMSG;
	if (take(&c, 8, &b) < 0 || parse_alg_table(&c, id) < 0)
		return -EBADMSG;
	if (take_u8(&c, &vendor) < 0 || take(&c, vendor, &b) < 0 || c.left != 0)
		return -EBADMSG;
	return 0;
}

/* TCG_PCClientSpecIDEventStruct (the TPM 1.2 log's header): signature,
 * platform class, versions, uintn size, vendor info, filling the data
 * exactly. */
static int parse_spec_id_tpm12(const uint8_t *data, size_t len)
{
	struct cursor c = { data, len };
	const uint8_t *b;
	uint8_t vendor = 0;

	if (take(&c, 16, &b) < 0 || memcmp(b, TCG_SPEC_ID_SIGNATURE_TPM12, 16) != 0)
		return -EBADMSG;
	if (take(&c, 8, &b) < 0 || take_u8(&c, &vendor) < 0 || take(&c, vendor, &b) < 0 || c.left != 0)
		return -EBADMSG;
	return 0;
}

/* The first event of every log, and every event of a TPM 1.2 log:
 * TCG_PCClientPCREvent, SHA-1 digest. */
static int parse_sha1_event(struct cursor *c, struct event *ev)
{
	const uint8_t *digest, *data;

	*ev = (struct event){ 0 };
	if (take_u32(c, &ev->pcr) < 0 || take_u32(c, &ev->type) < 0 || take(c, 20, &digest) < 0)
		return -EBADMSG;
	if (take_u32(c, &ev->data_len) < 0 || take(c, ev->data_len, &data) < 0)
		return -EBADMSG;
	memcpy(ev->sha1, digest, 20);
	ev->has_sha1 = 1;
	ev->data = (uint8_t *)data;
	return ev->pcr < 24 ? 0 : -EBADMSG;
}

static int parse_digests(struct cursor *c, const struct spec_id *id, struct event *ev)
{
	uint32_t count;

	if (take_u32(c, &count) < 0 || count > id->count)
		return -EBADMSG;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *digest;
		uint16_t alg, size;
		if (take_u16(c, &alg) < 0 || alg_size(id, alg, &size) < 0 ||
		    take(c, size, &digest) < 0)
			return -EBADMSG;
		if (alg == TPM_ALG_SHA256) {
			if (ev->has_sha256)
				return -EBADMSG;
			memcpy(ev->sha256, digest, 32);
			ev->has_sha256 = 1;
		} else if (alg == TPM_ALG_SHA1) {
			if (ev->has_sha1)
				return -EBADMSG;
			memcpy(ev->sha1, digest, 20);
			ev->has_sha1 = 1;
		}
	}
	return 0;
}

/* TCG_PCR_EVENT2: PCR, type, TPML_DIGEST_VALUES, event size and data. */
static int parse_event2(struct cursor *c, const struct spec_id *id, struct event *ev)
{
	const uint8_t *data;

	*ev = (struct event){ 0 };
	if (take_u32(c, &ev->pcr) < 0 || take_u32(c, &ev->type) < 0 || ev->pcr >= 24)
		return -EBADMSG;
	if (parse_digests(c, id, ev) < 0)
		return -EBADMSG;
	if (take_u32(c, &ev->data_len) < 0 || take(c, ev->data_len, &data) < 0)
		return -EBADMSG;
	ev->data = (uint8_t *)data;
	return 0;
}

/* Some firmware pads its log area with zeros after the last event. */
static int only_zeros(const struct cursor *c)
{
	for (size_t i = 0; i < c->left; i++)
		if (c->p[i])
			return 0;
	return 1;
}

static int parse_records(struct cursor *c, const struct spec_id *id, enum event_source source,
			 struct eventlog *log)
{
	while (c->left > 0 && !only_zeros(c)) {
		struct event ev;
		int r = id ? parse_event2(c, id, &ev) : parse_sha1_event(c, &ev);
		if (r < 0)
			return r;
		ev.source = source;
		r = eventlog_add(log, &ev);
		if (r < 0)
			return r;
	}
	return 0;
}

static int is_spec_id(const struct event *first, const char *signature)
{
	return first->type == EV_NO_ACTION && first->pcr == 0 && first->data_len >= 16 &&
	       memcmp(first->data, signature, 16) == 0;
}

static int parse_all(const uint8_t *buf, size_t len, enum event_source source, struct eventlog *log)
{
	struct cursor c = { buf, len };
	struct spec_id id;
	struct event first;
	int r = parse_sha1_event(&c, &first);

	if (r < 0)
		return r;
	if (is_spec_id(&first, TCG_SPEC_ID_SIGNATURE_TPM12)) {
		/* The TPM 1.2 format with its header, which is not an event. */
		r = parse_spec_id_tpm12(first.data, first.data_len);
		return r < 0 ? r : parse_records(&c, NULL, source, log);
	}
	if (!is_spec_id(&first, TCG_SPEC_ID_SIGNATURE)) {
		/* The SHA-1-only format: the first event is an ordinary one. */
		first.source = source;
		r = eventlog_add(log, &first);
		return r < 0 ? r : parse_records(&c, NULL, source, log);
	}
	r = parse_spec_id(first.data, first.data_len, &id);
	if (r < 0)
		return r;
	return parse_records(&c, &id, source, log);
}

int eventlog_parse(const uint8_t *buf, size_t len, enum event_source source, struct eventlog *log)
{
	size_t keep = log->count;
	int r;

	if (len > EVENTLOG_MAX_SIZE)
		return -E2BIG;
	r = parse_all(buf, len, source, log);
	if (r < 0)
		truncate_to(log, keep);
	return r;
}
