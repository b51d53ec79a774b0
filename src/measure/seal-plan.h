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
};
