/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR replay: new = SHA-256(old || digest) for every measured event. */
#include "replay.h"
#include "measure-event.h"
#include "sha.h"
#include "tcg.h"

void replay_initial(unsigned pcr, uint8_t value[PCR_DIGEST_SIZE])
{
	memset(value, pcr >= 17 && pcr <= 22 ? 0xff : 0, PCR_DIGEST_SIZE);
}

/* EV_NO_ACTION events are not extended; the StartupLocality one sets the
 * starting value of PCR 0 to the locality the firmware started from. */
static void no_action(const struct event *ev, struct replay *r)
{
	if (ev->pcr == 0 && ev->data_len == 17 && memcmp(ev->data, TCG_STARTUP_LOCALITY, 16) == 0) {
		memset(r->values[0], 0, PCR_DIGEST_SIZE);
		r->values[0][PCR_DIGEST_SIZE - 1] = ev->data[16];
	}
}

static int extend(struct replay *r, unsigned pcr, const uint8_t digest[32])
{
	uint8_t buf[2 * PCR_DIGEST_SIZE];

	memcpy(buf, r->values[pcr], PCR_DIGEST_SIZE);
	memcpy(buf + PCR_DIGEST_SIZE, digest, PCR_DIGEST_SIZE);
	return sha256_buf(buf, sizeof(buf), r->values[pcr]);
}

int replay_log(const struct eventlog *log, unsigned flags, struct replay *ret)
{
	*ret = (struct replay){ 0 };
	for (unsigned i = 0; i < PCR_COUNT; i++)
		replay_initial(i, ret->values[i]);
	for (size_t i = 0; i < log->count; i++) {
		const struct event *ev = &log->events[i];
		int r;
		if (ev->pcr >= PCR_COUNT)
			return -EBADMSG;
		if (ev->type == EV_NO_ACTION) {
			no_action(ev, ret);
			continue;
		}
		if ((flags & REPLAY_WITHOUT_CAPS) && measure_event_is_cap(ev))
			continue;
		ret->mask |= 1u << ev->pcr;
		if (!ev->has_sha256) {
			ret->unreplayable |= 1u << ev->pcr;
			continue;
		}
		r = extend(ret, ev->pcr, ev->sha256);
		if (r < 0)
			return r;
	}
	return 0;
}
