/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An event log in memory, and the parser for the TCG PC Client formats:
 * crypto-agile (a Spec ID header event, then TCG_PCR_EVENT2 records, as
 * UEFI firmware, SeaBIOS and heads write) and the TPM 1.2 one (SHA-1
 * TCG_PCClientPCREvent records, optionally after a "Spec ID Event00"
 * header, as coreboot writes for a TPM 1.2).
 * The parser takes a buffer and never opens files; every length is
 * checked against what is left and against hard caps. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define EVENTLOG_MAX_SIZE (4u << 20)
#define EVENTLOG_MAX_EVENTS 16384u
#define EVENTLOG_MAX_ALGS 8u
#define EVENTLOG_MAX_DIGEST 64u

enum event_source { EVENT_FIRMWARE, EVENT_PAYLOAD };

struct event {
	uint32_t pcr;
	uint32_t type;
	int has_sha256; /* 0 in SHA-1-only logs or when the bank is missing */
	uint8_t sha256[32];
	int has_sha1; /* the SHA-1 digest: TPM 1.2 logs, or a log's sha1 bank */
	uint8_t sha1[20];
	enum event_source source;
	uint8_t *data;
	uint32_t data_len;
};

struct eventlog {
	struct event *events;
	size_t count;
	size_t alloc;
};

void eventlog_free(struct eventlog *log);
static inline void eventlog_freep(struct eventlog *log)
{
	eventlog_free(log);
}
#define _cleanup_eventlog_ __attribute__((cleanup(eventlog_freep)))

/* Appends a copy of ev (and of its data) to log. */
int eventlog_add(struct eventlog *log, const struct event *ev);

/* Parses a whole log and appends its events (without the Spec ID header
 * event, of either format) to log, marked with source. -EBADMSG for anything malformed (then
 * log keeps only the events it had before), -E2BIG beyond the caps. */
int eventlog_parse(const uint8_t *buf, size_t len, enum event_source source, struct eventlog *log);
