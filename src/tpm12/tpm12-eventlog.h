/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TCG 1.2 (PC Client, SHA-1) event log format of our own entries:
 * TCG_PCClientPCREventStruct, little-endian: PCR index, event type,
 * SHA-1 digest, event data size, event data. Pure: buffers in and out. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tpm12-pcr.h"

#define TPM12_EV_NO_ACTION 0x03u
#define TPM12_EV_SEPARATOR 0x04u
#define TPM12_EV_ACTION 0x05u
#define TPM12_EV_EVENT_TAG 0x06u
#define TPM12_EV_IPL 0x0Du
/* Larger event data is refused as malformed. */
#define TPM12_EVENT_DATA_MAX (1u << 20)

struct tpm12_event {
	uint32_t pcr;
	uint32_t type;
	uint8_t digest[20];
	const uint8_t *data; /* inside the parsed buffer */
	uint32_t data_len;
};

/* Bytes one event takes. */
size_t tpm12_event_size(const struct tpm12_event *e);

/* Writes e at buf (size bytes); -ENOBUFS when it does not fit. */
int tpm12_event_encode(const struct tpm12_event *e, uint8_t *buf, size_t size, size_t *ret_len);

/* Reads the event at *off of buf (len bytes) and moves *off past it:
 * 1 for an event, 0 at the end, -EBADMSG for a truncated or oversized
 * one (nothing past len is read). */
int tpm12_event_next(const uint8_t *buf, size_t len, size_t *off, struct tpm12_event *ret);

/* Replays a whole log from zeroed PCRs (EV_NO_ACTION events extend
 * nothing): values[pcr] and the mask of PCRs it touched. */
int tpm12_eventlog_replay(const uint8_t *buf, size_t len, tpm12_pcr_values values,
			  uint32_t *ret_mask);
