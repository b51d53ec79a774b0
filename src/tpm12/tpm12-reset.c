/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A TPM 1.2 cleared and owned again. */
#include "tpm12-reset.h"
#include "tpm12-own.h"
#include "tpm12-owner.h"

#include <errno.h>

static int clear(struct tpm12 *t, const uint8_t old_auth[20], enum tpm12_clear_via *ret_via)
{
	bool owned = false;
	int r = tpm12_owned(t, &owned);

	if (r < 0 || !owned)
		return r;
	*ret_via = TPM12_CLEAR_FORCE;
	r = tpm12_force_clear(t);
	if (r != -EPERM || !old_auth)
		return r;
	*ret_via = TPM12_CLEAR_OWNER;
	return tpm12_owner_clear(t, old_auth);
}

int tpm12_reset(struct tpm12 *t, const uint8_t old_auth[20], const uint8_t new_auth[20],
		enum tpm12_clear_via *ret_via)
{
	enum tpm12_clear_via via = TPM12_CLEAR_NONE;
	int r = clear(t, old_auth, &via);

	if (r >= 0)
		r = tpm12_own(t, new_auth);
	*ret_via = via;
	return r;
}
