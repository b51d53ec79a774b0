/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Before sealing a secret: the PCR values to seal it to (this boot's, or
 * the clean-boot ones when this boot already carries a boot-mode cap) and
 * the events behind them, kept afterwards as the secret's snapshot. */
#pragma once

#include "eventlog.h"
#include "pcr.h"
#include "tpm.h"

struct seal_plan {
	int predicted; /* values differ from the live ones (cap left out) */
	pcr_values values; /* valid when predicted */
	int have_events; /* the logs replay to the TPM: events is usable */
	struct eventlog events; /* the events on the sealed PCRs */
};

void seal_plan_free(struct seal_plan *p);

/* Reads the logs and the PCRs in mask. Logs that are missing, malformed
 * or do not replay to the TPM leave have_events clear (with a warning);
 * a cap that cannot be left out that way is an error (-EIO). */
int seal_plan_make(struct tpm *t, const char *firmware_log, const char *rundir, uint32_t mask,
		   struct seal_plan *ret);

/* Stores the events as the snapshot at path. A missing state directory
 * only means no snapshot is kept (a notice, returns 0). */
int seal_plan_save(const struct seal_plan *p, const char *path);

/* Where the inputs and the snapshot of a planned seal live. */
struct seal_paths {
	const char *firmware_log; /* the firmware's event log */
	const char *rundir; /* the payload's event log */
	const char *statedir; /* where snapshots are kept */
	/* NULL, or the payload's events the next boot will make on the PCRs
	 * they extend (e.g. PCR 7 from new owner files in the flash): they
	 * replace this boot's payload events on those PCRs, and the secret
	 * is sealed to the values that gives (it works from the next boot). */
	const struct eventlog *next;
};

/* seal_plan_make with p's logs; with p->next, the values and events are
 * those of the next boot (seal_plan_next). */
int seal_plan_make_for(struct tpm *t, const struct seal_paths *p, uint32_t mask,
		       struct seal_plan *ret);

/* The next boot's plan: the current logs must replay to the TPM (else
 * -EBADMSG: what the firmware adds to the replaced PCRs is unknown); the
 * payload's events on the PCRs next extends are replaced by next's. */
int seal_plan_next(struct tpm *t, const char *firmware_log, const char *rundir, uint32_t mask,
		   const struct eventlog *next, struct seal_plan *ret);
