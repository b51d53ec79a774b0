/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "HDRB" monotonic counter: found by label, created once, bumped. */
#include "tpm12-rollback.h"
#include "tpm12-counter.h"
#include "tpm12-session.h"

#include <errno.h>
#include <string.h>

/* The counter labelled HDRB with the highest value: its id and value. */
static int rollback_find(struct tpm12 *t, uint32_t *ret_id, uint32_t *ret_value)
{
	uint32_t ids[TPM12_COUNTERS_MAX];
	bool found = false;
	size_t n;
	int r = tpm12_counter_list(t, ids, ELEMENTSOF(ids), &n);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		char label[4];
		uint32_t v;

		r = tpm12_counter_read_label(t, ids[i], label, &v);
		if (r < 0)
			return r;
		if (memcmp(label, TPM12_ROLLBACK_LABEL, 4) != 0 || (found && v <= *ret_value))
			continue;
		*ret_id = ids[i];
		*ret_value = v;
		found = true;
	}
	return found ? 0 : -ENOENT;
}

int tpm12_rollback_read(struct tpm12 *t, uint64_t *ret)
{
	uint32_t id, v;
	int r = rollback_find(t, &id, &v);

	if (r < 0)
		return r;
	*ret = v;
	return 0;
}

int tpm12_rollback_bump(struct tpm12 *t, const uint8_t owner_auth[20], uint64_t *ret)
{
	uint32_t id, v;
	int r = rollback_find(t, &id, &v);

	if (r == -ENOENT)
		r = tpm12_counter_create(t, owner_auth, tpm12_well_known_auth, TPM12_ROLLBACK_LABEL,
					 &id, &v);
	if (r < 0)
		return r;
	r = tpm12_counter_increment(t, id, tpm12_well_known_auth, &v);
	if (r < 0)
		return r;
	*ret = v;
	return 0;
}
