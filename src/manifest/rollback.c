/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which manifest counter values a TPM counter value accepts, and which
 * value the next signing uses. */
#include "rollback.h"

enum rollback_verdict rollback_check(uint64_t manifest_counter, uint64_t tpm_counter)
{
	if (manifest_counter == tpm_counter)
		return ROLLBACK_OK;
	if (manifest_counter < tpm_counter)
		return ROLLBACK_OLDER;
	if (manifest_counter - tpm_counter == 1)
		return ROLLBACK_PENDING;
	return ROLLBACK_AHEAD;
}

uint64_t rollback_next(uint64_t tpm_counter, const uint64_t *on_disk, size_t n)
{
	uint64_t base = tpm_counter;

	for (size_t i = 0; i < n; i++)
		if (on_disk[i] == tpm_counter + 1)
			base = tpm_counter + 1;
	return base + 1;
}
