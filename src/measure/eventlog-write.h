/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Encoding event logs in the crypto-agile TCG format with one bank,
 * sha256: the Spec ID header event, then one TCG_PCR_EVENT2 per event. */
#pragma once

#include "eventlog.h"

/* The header event: TCG_PCClientPCREvent holding a TCG_EfiSpecIDEvent. */
#define EVENTLOG_HEADER_SIZE (32u + 33u)

void eventlog_header_encode(uint8_t buf[EVENTLOG_HEADER_SIZE]);

/* The encoded size of one event (PCR, type, one sha256 digest, data). */
size_t eventlog_event_size(const struct event *ev);

/* Encodes ev into buf (size >= eventlog_event_size(ev)). The event must
 * carry a sha256 digest (-EINVAL otherwise). */
int eventlog_event_encode(const struct event *ev, uint8_t *buf, size_t size);

/* A whole log: header and every event, in a fresh buffer. */
int eventlog_encode(const struct eventlog *log, uint8_t **ret_buf, size_t *ret_len);
