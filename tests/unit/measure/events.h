/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building event logs in tests: one event of ours per call. */
#pragma once

#include "eventlog.h"
#include "measure-event.h"

#include <stdint.h>

/* Appends a heads event (PCR, kind, name) with the given digest. */
void add_event(struct eventlog *log, unsigned pcr, enum measure_kind kind, const char *name,
	       const uint8_t digest[32]);

/* The same with a digest of 32 copies of fill. */
void add_event_filled(struct eventlog *log, unsigned pcr, enum measure_kind kind, const char *name,
		      uint8_t fill);
