/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event logs the payload hands to the OS it boots, as files in the
 * archive appended to the OS initrd (next to the disk key, keyinject.h):
 * /heads/eventlog.bin, the payload's own log, and
 * /heads/firmware-eventlog.bin, the firmware's as the payload read it
 * (coreboot's from CBMEM, else the kernel's). Both are in the TCG PC
 * Client crypto-agile format, so the OS can replay them to the PCRs. */
#pragma once

#include "cpio.h"

#include <stddef.h>
#include <stdint.h>

#define HANDOVER_DIR "heads"
#define HANDOVER_PAYLOAD_LOG "heads/eventlog.bin"
#define HANDOVER_FIRMWARE_LOG "heads/firmware-eventlog.bin"
/* The most of one log handed over: real logs are a few KiB. */
#define HANDOVER_LOG_MAX (256u << 10)

/* The logs to hand over; a NULL log (or one of length 0) is left out. */
struct handover_logs {
	const uint8_t *payload;
	size_t payload_len;
	const uint8_t *firmware;
	size_t firmware_len;
};

/* Adds the logs to c (before cpio_finish) under /heads/, read-only for
 * all. -EFBIG, and nothing added, when a log exceeds HANDOVER_LOG_MAX. */
int handover_add_logs(struct cpio *c, const struct handover_logs *l);
