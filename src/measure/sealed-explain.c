/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sealed state versus this boot, PCR by PCR. */
#include "sealed-explain.h"
#include "eventlog-file.h"
#include "log.h"
#include "logs.h"
#include "pcr.h"
#include "replay.h"
#include "whatchanged.h"

struct states {
	struct eventlog sealed, now;
	struct replay sealed_replay, now_replay;
	pcr_values live;
};

static void states_free(struct states *s)
{
	eventlog_free(&s->sealed);
	eventlog_free(&s->now);
}

static int load(struct tpm *t, uint32_t mask, const struct explain_sources *src, struct states *s)
{
	int r = eventlog_file_read(src->snapshot, EVENT_PAYLOAD, &s->sealed);

	if (r == -ENOENT)
		return log_notice("No snapshot of the sealed state is kept at %s, so the changed "
				  "events cannot be named; this boot's event log lists its own.",
				  src->snapshot),
		       r;
	if (r < 0)
		return log_error_errno(r, "Cannot read the sealed-state snapshot %s: %m",
				       src->snapshot);
	r = logs_load(src->firmware_log, src->rundir, &s->now, NULL, NULL);
	if (r >= 0)
		r = replay_log(&s->sealed, 0, &s->sealed_replay);
	if (r >= 0)
		r = replay_log(&s->now, 0, &s->now_replay);
	if (r >= 0)
		r = tpm_pcr_read(t, mask, s->live);
	return r;
}

/* A PCR whose live value the log does not explain was extended behind
 * the log's back, or the log was edited. */
static int explain_pcr(const struct states *s, unsigned pcr, FILE *out)
{
	int replays = memcmp(s->now_replay.values[pcr], s->live[pcr], PCR_DIGEST_SIZE) == 0;
	int n = whatchanged_pcr(&s->sealed, &s->now, pcr, out);

	if (n < 0)
		return n;
	if (!replays) {
		fprintf(out,
			"PCR %u: its value does not replay from this boot's event logs: "
			"something extended it without logging the event\n",
			pcr);
		n++;
	}
	if (n == 0) {
		fprintf(out,
			"PCR %u: differs from the sealed state although the same events "
			"were measured (in a different order?)\n",
			pcr);
		n++;
	}
	return n;
}

int sealed_explain(struct tpm *t, uint32_t mask, const struct explain_sources *src, FILE *out)
{
	struct states s = { 0 };
	int r = load(t, mask, src, &s), total = 0;

	for (unsigned p = 0; r >= 0 && p < PCR_COUNT; p++) {
		if (!(mask & (1u << p)) ||
		    memcmp(s.sealed_replay.values[p], s.live[p], PCR_DIGEST_SIZE) == 0)
			continue;
		r = explain_pcr(&s, p, out);
		total += r > 0 ? r : 0;
	}
	states_free(&s);
	return r < 0 ? r : total;
}
