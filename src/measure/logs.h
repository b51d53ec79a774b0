/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading everything measured in this boot: the firmware's event log (if
 * the kernel exposes one) followed by the payload's own. In an OS the
 * payload booted, both are where the OS copied the ones handed over in
 * its initrd (handover.h in the kexec module): the payload's at
 * <rundir>/eventlog as in the payload, the firmware's at
 * <rundir>/firmware-eventlog. */
#pragma once

#include "eventlog.h"

/* The firmware log's path: option, else $HEADS_FIRMWARE_LOG, else the
 * kernel's securityfs file. */
const char *logs_firmware_path(const char *option);

/* Where a log was found (*ret_have_*): 0 nowhere. */
#define LOGS_FROM_FILE 1
#define LOGS_FROM_COREBOOT 2 /* coreboot's CBMEM, in physical memory */
#define LOGS_FROM_HANDOVER 3 /* <rundir>/firmware-eventlog, handed over by the payload */

#define LOGS_HANDED_FIRMWARE_NAME "firmware-eventlog"

/* Appends the firmware log's events, then the payload log's
 * (<rundir>/eventlog), to log. A missing file counts as no events and
 * clears *ret_have_firmware / *ret_have_payload (either may be NULL).
 * With the default firmware path, <rundir>/firmware-eventlog is read
 * first (the log the payload handed over), else coreboot's log in CBMEM
 * when the firmware is coreboot, else the kernel's. */
int logs_load(const char *firmware_path, const char *rundir, struct eventlog *log,
	      int *ret_have_firmware, int *ret_have_payload);

/* Both logs' bytes, found as logs_load finds them; a missing one is NULL
 * with length 0. */
struct logs_raw {
	uint8_t *firmware, *payload;
	size_t firmware_len, payload_len;
	int firmware_from; /* LOGS_FROM_*, 0 when there is none */
};

/* Reads both logs, each at most max bytes (else -EFBIG), unparsed: what
 * the payload hands over to the OS. */
int logs_read_raw(const char *firmware_path, const char *rundir, size_t max, struct logs_raw *ret);
void logs_raw_free(struct logs_raw *l);
