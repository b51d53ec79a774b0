/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A key kept in one of two persistent slots, with an NV record naming the
 * live one, so that replacing the key never leaves a gap: the new object
 * goes into the free slot, the record is switched (one atomic NV write),
 * then the old slot is emptied. Records start with a 6-byte magic and a
 * slot byte; the rest is the caller's. */
#pragma once

#include "tpm.h"

#define SLOT_RECORD_HEADER 7

struct tpm_slots {
	TPM2_HANDLE handles[2];
	TPM2_HANDLE record;
	const char *magic; /* 6 characters */
	size_t record_size;
};

/* Reads the record into buf (record_size bytes); -ENOENT when there is
 * none, -EBADMSG when it is not ours. Returns the live slot. */
int tpm_slots_read(struct tpm *t, const struct tpm_slots *s, uint8_t *buf);

/* Persists object into the slot other than old_slot (0 when old_slot is
 * negative: no previous key), writes record (its header is filled in
 * here), then removes the old slot's object. */
int tpm_slots_install(struct tpm *t, const struct tpm_slots *s, int old_slot, ESYS_TR object,
		      uint8_t *record);

/* The same in two steps, for a key that must not be live before a person
 * has its secret: stage persists object into the free slot (emptying it
 * first) and returns that slot, the old key staying live; commit writes
 * the record naming slot, then removes the old slot's object. */
int tpm_slots_stage(struct tpm *t, const struct tpm_slots *s, int old_slot, ESYS_TR object);
int tpm_slots_commit(struct tpm *t, const struct tpm_slots *s, int slot, int old_slot,
		     uint8_t *record);
