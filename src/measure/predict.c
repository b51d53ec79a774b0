/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prediction: replay the logs, but only logs that match the TPM. */
#include "predict.h"
#include "log.h"
#include "measure-event.h"
#include "replay.h"

static uint32_t capped_pcrs(const struct eventlog *log)
{
	uint32_t m = 0;

	for (size_t i = 0; i < log->count; i++)
		if (log->events[i].pcr < PCR_COUNT && measure_event_is_cap(&log->events[i]))
			m |= 1u << log->events[i].pcr;
	return m;
}

static int check_live(const struct replay *full, uint32_t mask, const pcr_values live)
{
	int bad = 0;

	for (unsigned p = 0; p < PCR_COUNT; p++) {
		if (!(mask & (1u << p)))
			continue;
		if ((full->unreplayable & (1u << p)) ||
		    memcmp(full->values[p], live[p], PCR_DIGEST_SIZE) != 0) {
			log_error("PCR %u: the event logs do not replay to the TPM's value", p);
			bad = 1;
		}
	}
	return bad ? -EBADMSG : 0;
}

int predict_pcrs(struct tpm *t, const struct eventlog *log, uint32_t mask, unsigned flags,
		 struct prediction *ret)
{
	struct replay full, wanted;
	int r = replay_log(log, 0, &full);

	if (r >= 0)
		r = replay_log(log, flags, &wanted);
	if (r >= 0)
		r = tpm_pcr_read(t, mask, ret->live);
	if (r < 0)
		return r;
	r = check_live(&full, mask, ret->live);
	if (r < 0)
		return log_error_errno(r, "Cannot predict from logs that do not match the TPM "
					  "(replaying the event log shows which events)");
	memcpy(ret->values, wanted.values, sizeof(ret->values));
	ret->capped = capped_pcrs(log) & mask;
	ret->not_logged = mask & ~full.mask;
	return 0;
}
