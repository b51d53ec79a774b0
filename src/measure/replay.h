/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replaying event logs: the PCR values the events add up to, as the TPM
 * computes them (sha256 bank, or a TPM 1.2's SHA-1 PCRs), optionally
 * without the boot-mode caps. */
#pragma once

#include "eventlog.h"
#include "pcr.h"

struct replay {
	pcr_values values; /* SHA-1 values: the first 20 bytes, the rest zeros */
	uint32_t mask; /* PCRs that at least one event extends */
	uint32_t unreplayable; /* PCRs with an event lacking the bank's digest */
};

enum replay_flags {
	REPLAY_WITHOUT_CAPS = 1 << 0, /* leave out heads' boot-mode caps */
	REPLAY_SHA1 = 1 << 1, /* the SHA-1 digests, as a TPM 1.2 extends them */
};

/* The size of the values a replay with these flags gives: 32 or 20. */
size_t replay_digest_size(unsigned flags);

/* The value every PCR has after TPM2_Startup: zeros, but all ones for the
 * locality-controlled PCRs 17-22. */
void replay_initial(unsigned pcr, uint8_t value[PCR_DIGEST_SIZE]);

/* Replays every event of log (in order) into ret. */
int replay_log(const struct eventlog *log, unsigned flags, struct replay *ret);
