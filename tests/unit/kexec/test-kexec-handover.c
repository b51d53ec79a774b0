/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event logs in the archive /init appends to the OS initrd: read back
 * by the kernel's rules (cpio-read.h) with and without the disk key, the
 * key's files unchanged by the logs next to them, the logs parsed back as
 * the OS will parse them, and a log beyond the limit refused with nothing
 * added. */
#include "cpio-read.h"
#include "cpio.h"
#include "eventlog-write.h"
#include "eventlog.h"
#include "handover.h"
#include "harness.h"
#include "keyinject.h"
#include "macro.h"

#include <stdlib.h>

#define UUID "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

struct member {
	char name[64];
	uint32_t mode;
	const uint8_t *data;
	size_t size;
};

struct members {
	struct member v[16];
	size_t n;
};

static int collect(const struct cpio_member *m, void *userdata)
{
	struct members *s = userdata;

	if (s->n >= 16 || m->name_len >= 64)
		return -E2BIG;
	memcpy(s->v[s->n].name, m->name, m->name_len);
	s->v[s->n].name[m->name_len] = '\0';
	s->v[s->n].mode = m->mode;
	s->v[s->n].data = m->data;
	s->v[s->n].size = m->size;
	s->n++;
	return 0;
}

static const struct member *find(const struct members *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (streq(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

/* A real log in the payload's format: header and two events. */
static void payload_log(uint8_t **ret, size_t *ret_len)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct event ev[2] = { { .pcr = 4, .type = 0xd, .has_sha256 = true },
			       { .pcr = 7, .type = 0xd, .has_sha256 = true } };

	memset(ev[0].sha256, 0x44, 32);
	memset(ev[1].sha256, 0x77, 32);
	for (size_t i = 0; i < 2; i++)
		ASSERT_EQ(eventlog_add(&log, &ev[i]), 0);
	ASSERT_EQ(eventlog_encode(&log, ret, ret_len), 0);
}

static void read_back(const struct cpio *c, struct members *s)
{
	s->n = 0;
	ASSERT_EQ(c->len % 4, 0);
	ASSERT_EQ(cpio_read(c->buf, c->len, collect, s), 0);
}

static void assert_logs(const struct members *s, const uint8_t *log, size_t len)
{
	const struct member *dir = find(s, "heads"), *p = find(s, "heads/eventlog.bin"),
			    *f = find(s, "heads/firmware-eventlog.bin");
	_cleanup_eventlog_ struct eventlog back = { 0 };

	ASSERT(dir && p && f);
	ASSERT_EQ(dir->mode, 040755);
	ASSERT_EQ(p->mode, 0100444);
	ASSERT_EQ(f->mode, 0100444);
	ASSERT_EQ(p->size, len);
	ASSERT(memcmp(p->data, log, len) == 0);
	ASSERT_EQ(f->size, 5);
	ASSERT(memcmp(f->data, "FWLOG", 5) == 0);
	ASSERT_EQ(eventlog_parse(p->data, p->size, EVENT_PAYLOAD, &back), 0);
	ASSERT_EQ(back.count, 2);
	ASSERT_EQ(back.events[1].pcr, 7);
}

TEST(logs_with_the_key_leave_the_key_files_unchanged)
{
	_cleanup_cpio_ struct cpio plain = { 0 }, both = { 0 };
	_cleanup_free_ uint8_t *log = NULL;
	struct members p, b;
	size_t len = 0;

	payload_log(&log, &len);
	ASSERT_EQ(keyinject_build_luks("KEY\0KEY", 7, UUID, &plain), 0);
	ASSERT_EQ(keyinject_add_luks("KEY\0KEY", 7, UUID, &both), 0);
	ASSERT_EQ(handover_add_logs(&both, &(struct handover_logs){ log, len,
								    (const uint8_t *)"FWLOG", 5 }),
		  0);
	ASSERT_EQ(cpio_finish(&both), 0);
	read_back(&plain, &p);
	read_back(&both, &b);
	/* the key's files first, exactly as without the logs, then the logs */
	ASSERT_EQ(p.n, 5);
	ASSERT_EQ(b.n, p.n + 3);
	for (size_t i = 0; i < p.n; i++) {
		ASSERT_STREQ(b.v[i].name, p.v[i].name);
		ASSERT_EQ(b.v[i].mode, p.v[i].mode);
		ASSERT_EQ(b.v[i].size, p.v[i].size);
		ASSERT(memcmp(b.v[i].data, p.v[i].data, p.v[i].size) == 0);
	}
	ASSERT_STREQ(b.v[0].name, "secret.key");
	ASSERT_EQ(b.v[0].mode, 0100400);
	assert_logs(&b, log, len);
}

TEST(logs_without_a_key)
{
	_cleanup_cpio_ struct cpio c = { 0 };
	_cleanup_free_ uint8_t *log = NULL;
	struct members s;
	size_t len = 0;

	payload_log(&log, &len);
	ASSERT_EQ(handover_add_logs(&c, &(struct handover_logs){ log, len, (const uint8_t *)"FWLOG",
								 5 }),
		  0);
	ASSERT_EQ(cpio_finish(&c), 0);
	read_back(&c, &s);
	ASSERT_EQ(s.n, 3);
	ASSERT(!find(&s, "secret.key"));
	ASSERT(!find(&s, "etc/crypttab"));
	assert_logs(&s, log, len);
}

/* A boot without a firmware log (or without a TPM: no payload log) hands
 * over what there is; with neither, the archive stays empty. */
TEST(missing_logs_are_left_out)
{
	_cleanup_cpio_ struct cpio c = { 0 }, none = { 0 };
	struct members s;

	ASSERT_EQ(handover_add_logs(&c, &(struct handover_logs){ (const uint8_t *)"PL", 2, NULL, 0 }),
		  0);
	ASSERT_EQ(cpio_finish(&c), 0);
	read_back(&c, &s);
	ASSERT_EQ(s.n, 2);
	ASSERT(find(&s, "heads/eventlog.bin"));
	ASSERT(!find(&s, "heads/firmware-eventlog.bin"));
	ASSERT_EQ(handover_add_logs(&none, &(struct handover_logs){ NULL, 0, NULL, 0 }), 0);
	ASSERT_EQ(none.len, 0);
}

TEST(log_beyond_the_limit_refused_and_nothing_added)
{
	_cleanup_cpio_ struct cpio c = { 0 };
	_cleanup_free_ uint8_t *big = calloc(1, HANDOVER_LOG_MAX + 1);
	size_t before;

	ASSERT(big);
	ASSERT_EQ(keyinject_add_luks("KEY", 3, UUID, &c), 0);
	before = c.len;
	ASSERT_EQ(handover_add_logs(&c, &(struct handover_logs){ big, HANDOVER_LOG_MAX + 1,
								 (const uint8_t *)"FW", 2 }),
		  -EFBIG);
	ASSERT_EQ(handover_add_logs(&c, &(struct handover_logs){ (const uint8_t *)"PL", 2, big,
								 HANDOVER_LOG_MAX + 1 }),
		  -EFBIG);
	ASSERT_EQ(c.len, before);
	/* at the limit it is taken */
	ASSERT_EQ(handover_add_logs(&c, &(struct handover_logs){ big, HANDOVER_LOG_MAX, NULL, 0 }),
		  0);
	ASSERT(c.len > before + HANDOVER_LOG_MAX);
}
