/* Loading everything measured in this boot: the firmware's event log (if
 * the kernel exposes one) followed by the payload's own. */
#pragma once

#include "eventlog.h"

/* The firmware log's path: option, else $HEADS_FIRMWARE_LOG, else the
 * kernel's securityfs file. */
const char *logs_firmware_path(const char *option);

/* Appends the firmware log's events, then the payload log's
 * (<rundir>/eventlog), to log. A missing file counts as no events and
 * clears *ret_have_firmware / *ret_have_payload (either may be NULL). */
int logs_load(const char *firmware_path, const char *rundir, struct eventlog *log,
	      int *ret_have_firmware, int *ret_have_payload);
