/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading everything measured in this boot: the firmware's event log (if
 * the kernel exposes one) followed by the payload's own. */
#pragma once

#include "eventlog.h"

#include <limits.h>

/* The firmware log's path: option, else $HEADS_FIRMWARE_LOG, else the
 * kernel's securityfs file. */
const char *logs_firmware_path(const char *option);

/* Where a log was found (*ret_have_*): 0 nowhere. */
#define LOGS_FROM_FILE 1
#define LOGS_FROM_COREBOOT 2 /* coreboot's CBMEM, in physical memory */

/* Appends the firmware log's events, then the payload log's
 * (<rundir>/eventlog), to log. A missing file counts as no events and
 * clears *ret_have_firmware / *ret_have_payload (either may be NULL).
 * With the default firmware path, coreboot's log in CBMEM is read first
 * when the firmware is coreboot. */
int logs_load(const char *firmware_path, const char *rundir, struct eventlog *log,
	      int *ret_have_firmware, int *ret_have_payload);

struct blob_buf {
	uint8_t *data; /* NULL: no such log */
	size_t len;
};

/* Both logs' bytes as found, unparsed (for an attestation that carries
 * them to a verifier), with where each came from. */
struct logs_raw {
	struct blob_buf firmware, payload;
	int have_firmware, have_payload;
	char payload_path[PATH_MAX];
};

int logs_read_raw(const char *firmware_path, const char *rundir, struct logs_raw *ret);
void logs_raw_free(struct logs_raw *l);
