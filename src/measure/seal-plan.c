/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Planning a seal from the logs, and keeping the snapshot. */
#include "seal-plan.h"
#include "log.h"
#include "logs.h"
#include "measure-event.h"
#include "predict.h"
#include "replay.h"
#include "snapshot.h"

void seal_plan_free(struct seal_plan *p)
{
	eventlog_free(&p->events);
}

/* Whether this boot's own log caps any PCR of mask, read without
 * trusting the rest of the logs. */
static int has_cap(const struct eventlog *log, uint32_t mask)
{
	for (size_t i = 0; i < log->count; i++)
		if (log->events[i].pcr < PCR_COUNT && (mask & (1u << log->events[i].pcr)) &&
		    measure_event_is_cap(&log->events[i]))
			return 1;
	return 0;
}

static int plan_from_logs(struct tpm *t, const struct eventlog *log, uint32_t mask,
			  struct seal_plan *p)
{
	struct prediction pr;
	int r = predict_pcrs(t, log, mask, REPLAY_WITHOUT_CAPS, &pr);

	if (r < 0)
		return r;
	if (pr.capped) {
		char list[80];
		pcr_list_format(pr.capped, list, sizeof(list));
		log_notice("PCR %s carries a boot-mode cap in this boot: sealing to the clean-boot value "
			   "computed from the event logs. The secret works from the next clean boot.",
			   list);
		p->predicted = 1;
		memcpy(p->values, pr.values, sizeof(p->values));
	}
	r = snapshot_select(log, mask, REPLAY_WITHOUT_CAPS, &p->events);
	p->have_events = r >= 0;
	return r;
}

int seal_plan_make(struct tpm *t, const char *firmware_log, const char *rundir, uint32_t mask,
		   struct seal_plan *ret)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	int r = logs_load(firmware_log, rundir, &log, NULL, NULL);

	*ret = (struct seal_plan){ 0 };
	if (r >= 0)
		r = plan_from_logs(t, &log, mask, ret);
	if (r >= 0)
		return 0;
	seal_plan_free(ret);
	*ret = (struct seal_plan){ 0 };
	if (has_cap(&log, mask))
		return log_error_errno(-EIO,
				       "This boot is capped and its event logs cannot be "
				       "trusted to compute the clean-boot values; reboot cleanly to enrol");
	log_warning("The event logs do not account for the PCRs; no snapshot of the sealed state "
		    "will be kept, so a later refusal cannot name the changed events.");
	return 0;
}

int seal_plan_save(const struct seal_plan *p, const char *path)
{
	int r;

	if (!p->have_events)
		return 0;
	r = snapshot_save(path, &p->events);
	if (r == -ENOENT)
		return log_notice("No state directory for %s: the snapshot of the sealed state is not "
				  "kept (see --statedir).",
				  path),
		       0;
	if (r < 0)
		return log_warning_errno(r, "Cannot write the sealed-state snapshot %s: %m", path), 0;
	return 0;
}

static uint32_t pcrs_of(const struct eventlog *log)
{
	uint32_t m = 0;

	for (size_t i = 0; i < log->count; i++)
		if (log->events[i].pcr < PCR_COUNT)
			m |= 1u << log->events[i].pcr;
	return m;
}

/* log without the payload's events on the PCRs next extends, then next. */
static int replace_events(const struct eventlog *log, const struct eventlog *next,
			  struct eventlog *ret)
{
	uint32_t replaced = pcrs_of(next);
	int r = 0;

	for (size_t i = 0; r >= 0 && i < log->count; i++) {
		const struct event *ev = &log->events[i];
		if (ev->source == EVENT_PAYLOAD && ev->pcr < PCR_COUNT && (replaced & (1u << ev->pcr)))
			continue;
		r = eventlog_add(ret, ev);
	}
	for (size_t i = 0; r >= 0 && i < next->count; i++)
		r = eventlog_add(ret, &next->events[i]);
	return r;
}

static int plan_next(const struct eventlog *log, const struct eventlog *next, uint32_t mask,
		     struct seal_plan *p)
{
	_cleanup_eventlog_ struct eventlog merged = { 0 };
	struct replay rp;
	int r = replace_events(log, next, &merged);

	if (r >= 0)
		r = replay_log(&merged, REPLAY_WITHOUT_CAPS, &rp);
	if (r < 0)
		return r;
	p->predicted = 1;
	memcpy(p->values, rp.values, sizeof(p->values));
	r = snapshot_select(&merged, mask, REPLAY_WITHOUT_CAPS, &p->events);
	p->have_events = r >= 0;
	return r;
}

int seal_plan_next(struct tpm *t, const char *firmware_log, const char *rundir, uint32_t mask,
		   const struct eventlog *next, struct seal_plan *ret)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct prediction pr;
	int r = logs_load(firmware_log, rundir, &log, NULL, NULL);

	*ret = (struct seal_plan){ 0 };
	if (r >= 0)
		r = predict_pcrs(t, &log, mask | pcrs_of(next), REPLAY_WITHOUT_CAPS, &pr);
	if (r >= 0)
		r = plan_next(&log, next, mask, ret);
	if (r >= 0)
		return 0;
	seal_plan_free(ret);
	*ret = (struct seal_plan){ 0 };
	return log_error_errno(r, "Cannot compute the PCR values of the next boot from this "
				  "boot's event logs: %m");
}

int seal_plan_make_for(struct tpm *t, const struct seal_paths *p, uint32_t mask, struct seal_plan *ret)
{
	if (p->next)
		return seal_plan_next(t, p->firmware_log, p->rundir, mask, p->next, ret);
	return seal_plan_make(t, p->firmware_log, p->rundir, mask, ret);
}
