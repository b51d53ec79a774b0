/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR prediction from the logs: the values the PCRs have on a clean boot
 * (before any boot-mode cap), computed, never assumed. */
#pragma once

#include "eventlog.h"
#include "pcr.h"
#include "tpm.h"

struct prediction {
	pcr_values values; /* replay with the flags asked for */
	pcr_values live; /* the TPM's current values */
	uint32_t capped; /* PCRs that carry a boot-mode cap in this boot */
	uint32_t not_logged; /* PCRs (of the mask) no event extends */
};

/* Replays log with flags (REPLAY_WITHOUT_CAPS) for the PCRs in mask,
 * after checking that the whole log replays to the live TPM values of
 * those PCRs: a log that does not is refused (-EBADMSG, the PCRs named). */
int predict_pcrs(struct tpm *t, const struct eventlog *log, uint32_t mask, unsigned flags,
		 struct prediction *ret);
