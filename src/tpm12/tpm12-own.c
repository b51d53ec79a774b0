/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Taking ownership of a TPM 1.2 the way the firmware needs it. */
#include "tpm12-own.h"
#include "tpm12-cap.h"
#include "tpm12-cmd.h"
#include "tpm12-owner.h"
#include "tpm12-session.h"

#include <string.h>

#define TPM12_SET_PERM_FLAGS 0x00000001u
#define TPM12_PF_READSRKPUB 17u

void tpm12_auth_from_passphrase(const char *pass, uint8_t ret[20])
{
	if (!pass || !*pass)
		memcpy(ret, tpm12_well_known_auth, TPM12_DIGEST_SIZE);
	else
		tpm12_auth_from_bytes(pass, strlen(pass), ret);
}

int tpm12_owned(struct tpm12 *t, bool *ret)
{
	return tpm12_has_owner(t, ret);
}

int tpm12_allow_srk_read(struct tpm12 *t, const uint8_t owner_auth[20])
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_SetCapability);
	tpm12_put_u32(&c.w, TPM12_SET_PERM_FLAGS);
	tpm12_put_u32(&c.w, 4);
	tpm12_put_u32(&c.w, TPM12_PF_READSRKPUB);
	tpm12_put_u32(&c.w, 1);
	tpm12_put_u8(&c.w, 1); /* TRUE */
	return tpm12_run_oiap(t, owner_auth, &c, "TPM_SetCapability", &resp);
}

int tpm12_own(struct tpm12 *t, const uint8_t owner_auth[20])
{
	bool owned = false;
	int r = tpm12_owned(t, &owned);

	if (r < 0)
		return r;
	if (owned)
		return -EEXIST;
	r = tpm12_take_ownership(t, owner_auth, tpm12_well_known_auth);
	if (r < 0)
		return r;
	return tpm12_allow_srk_read(t, owner_auth);
}
