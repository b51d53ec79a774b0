/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "What changed": the differences between the events a secret was sealed
 * against and the events of this boot, on one PCR, said in the terms of
 * the thing measured ("PCR 5: module usbhid loaded that was not loaded at
 * sealing", "PCR 7: owner file heads/initrd/etc/config.user changed"). */
#pragma once

#include "eventlog.h"

#include <stdio.h>

/* Events are matched by type and description, in order; a matched pair
 * with different digests changed, an unmatched event of this boot was
 * added, an unmatched sealed one is missing. Writes each distinct line
 * once to out and returns how many lines it wrote (or -errno). */
int whatchanged_pcr(const struct eventlog *sealed, const struct eventlog *now, unsigned pcr,
		    FILE *out);

/* The same against events from another reference than a sealing (ref,
 * e.g. "the golden boot", takes the place of "sealing" in each line). */
int whatchanged_pcr_ref(const struct eventlog *sealed, const struct eventlog *now, unsigned pcr,
			const char *ref, FILE *out);
