/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Golden files from ROM images. */
#include "golden-rom.h"
#include "errors.h"
#include "eventlog-write.h"
#include "replay.h"
#include "verify.h"

/* base's events on the PCRs the image does not decide, then img's. */
static int golden_events(const struct attest_file *base, const uint8_t *img, size_t len,
			 const struct rom_template *tpl, struct eventlog *ret)
{
	_cleanup_eventlog_ struct eventlog all = { 0 };
	int r = base ? attest_file_events(base, &all) : 0;

	for (size_t i = 0; r >= 0 && i < all.count; i++)
		if (all.events[i].pcr >= 32 || !(ROM_PCRS & (1u << all.events[i].pcr)))
			r = eventlog_add(ret, &all.events[i]);
	return r < 0 ? r : rom_predict_events(img, len, tpl, ROM_PCRS, ret);
}

/* The events of one source as a log field of g. */
static int set_log(struct attest_file *g, enum attest_field field, const struct eventlog *log,
		   enum event_source source)
{
	_cleanup_eventlog_ struct eventlog part = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;
	int r = 0;

	for (size_t i = 0; r >= 0 && i < log->count; i++)
		if (log->events[i].source == source)
			r = eventlog_add(&part, &log->events[i]);
	if (r < 0 || !part.count)
		return r;
	r = eventlog_encode(&part, &buf, &len);
	return r < 0 ? r : attest_file_set(g, field, buf, len);
}

static int fill(struct attest_file *g, const struct attest_file *base, const struct eventlog *log)
{
	struct replay rp;
	int r = replay_log(log, 0, &rp);

	if (r < 0)
		return r;
	g->pcr_mask = (base ? base->pcr_mask : 0) | ROM_PCRS;
	if (base)
		memcpy(g->pcrs, base->pcrs, sizeof(g->pcrs));
	for (unsigned p = 0; p < PCR_COUNT; p++)
		if (ROM_PCRS & (1u << p))
			memcpy(g->pcrs[p], rp.values[p], PCR_DIGEST_SIZE);
	r = set_log(g, ATTEST_FIRMWARE_LOG, log, EVENT_FIRMWARE);
	return r < 0 ? r : set_log(g, ATTEST_PAYLOAD_LOG, log, EVENT_PAYLOAD);
}

int attest_golden_from_rom(const struct attest_file *base, const uint8_t *img, size_t len,
			   const struct rom_template *tpl, struct attest_file *ret)
{
	_cleanup_attest_file_ struct attest_file checked = { 0 };
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct attest_file g = { .kind = ATTEST_GOLDEN_FILE };
	int r = base ? attest_golden_from(base, &checked) : 0;

	if (r >= 0)
		r = golden_events(base ? &checked : NULL, img, len, tpl, &log);
	if (r >= 0)
		r = fill(&g, base ? &checked : NULL, &log);
	if (r < 0) {
		attest_file_free(&g);
		return r;
	}
	*ret = g;
	return 0;
}
