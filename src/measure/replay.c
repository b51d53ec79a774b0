/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR replay: new = H(old || digest) for every measured event, H SHA-256
 * (or SHA-1 for a TPM 1.2). */
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
static void no_action(const struct event *ev, unsigned flags, struct replay *r)
{
	if (ev->pcr == 0 && ev->data_len == 17 && memcmp(ev->data, TCG_STARTUP_LOCALITY, 16) == 0) {
		memset(r->values[0], 0, PCR_DIGEST_SIZE);
		r->values[0][replay_digest_size(flags) - 1] = ev->data[16];
	}
}

size_t replay_digest_size(unsigned flags)
{
	return flags & REPLAY_SHA1 ? SHA1_SIZE : SHA256_SIZE;
}

static int extend(struct replay *r, unsigned pcr, const struct event *ev, unsigned flags)
{
	uint8_t buf[2 * PCR_DIGEST_SIZE];

	if (flags & REPLAY_SHA1) {
		memcpy(buf, r->values[pcr], SHA1_SIZE);
		memcpy(buf + SHA1_SIZE, ev->sha1, SHA1_SIZE);
		return sha1_buf(buf, 2 * SHA1_SIZE, r->values[pcr]);
	}
	memcpy(buf, r->values[pcr], PCR_DIGEST_SIZE);
	memcpy(buf + PCR_DIGEST_SIZE, ev->sha256, PCR_DIGEST_SIZE);
	return sha256_buf(buf, sizeof(buf), r->values[pcr]);
}

/* The locality-controlled PCRs start as all ones in either bank. */
static void initial_values(struct replay *r, unsigned flags)
{
	for (unsigned i = 0; i < PCR_COUNT; i++) {
		replay_initial(i, r->values[i]);
		if (flags & REPLAY_SHA1)
			memset(r->values[i] + SHA1_SIZE, 0, PCR_DIGEST_SIZE - SHA1_SIZE);
	}
}

int replay_log(const struct eventlog *log, unsigned flags, struct replay *ret)
{
	*ret = (struct replay){ 0 };
	initial_values(ret, flags);
	for (size_t i = 0; i < log->count; i++) {
		const struct event *ev = &log->events[i];
		int r;
		if (ev->pcr >= PCR_COUNT)
			return -EBADMSG;
		if (ev->type == EV_NO_ACTION) {
			no_action(ev, flags, ret);
			continue;
		}
		if ((flags & REPLAY_WITHOUT_CAPS) && measure_event_is_cap(ev))
			continue;
		ret->mask |= 1u << ev->pcr;
		if (!((flags & REPLAY_SHA1) ? ev->has_sha1 : ev->has_sha256)) {
			ret->unreplayable |= 1u << ev->pcr;
			continue;
		}
		r = extend(ret, ev->pcr, ev, flags);
		if (r < 0)
			return r;
	}
	return 0;
}
