/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Two persistent slots and an NV record naming the live one. */
#include "slots.h"
#include "log.h"
#include "nv.h"
#include "object.h"

int tpm_slots_read(struct tpm *t, const struct tpm_slots *s, uint8_t *buf)
{
	int r = tpm_nv_read(t, s->record, buf, s->record_size);

	if (r < 0)
		return r;
	if (memcmp(buf, s->magic, 6) != 0 || buf[6] > 1)
		return log_error_errno(EBADMSG,
				       "The record in TPM NV 0x%08x is not one heads wrote; enrol again",
				       s->record);
	return buf[6];
}

int tpm_slots_stage(struct tpm *t, const struct tpm_slots *s, int old_slot, ESYS_TR object)
{
	int slot = old_slot == 0 ? 1 : 0;
	int r = tpm_persistent_remove(t, s->handles[slot]);

	if (r >= 0)
		r = tpm_persistent_store(t, object, s->handles[slot]);
	return r < 0 ? r : slot;
}

int tpm_slots_commit(struct tpm *t, const struct tpm_slots *s, int slot, int old_slot, uint8_t *record)
{
	int r;

	memcpy(record, s->magic, 6);
	record[6] = (uint8_t)slot;
	r = tpm_nv_write(t, s->record, s->record_size, record, s->record_size);
	if (r >= 0 && old_slot >= 0 && old_slot != slot)
		r = tpm_persistent_remove(t, s->handles[old_slot]);
	return r;
}

int tpm_slots_install(struct tpm *t, const struct tpm_slots *s, int old_slot, ESYS_TR object,
		      uint8_t *record)
{
	int slot = tpm_slots_stage(t, s, old_slot, object);

	if (slot < 0)
		return slot;
	return tpm_slots_commit(t, s, slot, old_slot, record);
}
