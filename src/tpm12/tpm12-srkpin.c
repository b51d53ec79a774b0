/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SRK's public key read without the owner, and its hash. */
#include "tpm12-srkpin.h"
#include "tpm12-cmd.h"
#include "tpm12-result.h"
#include "tpm12-session.h"

#define TPM12_INVALID_KEYHANDLE 0x0Cu

int tpm12_srk_read(struct tpm12 *t, struct tpm12_pubkey *ret)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	resp.rc = 0;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_GetPubKey);
	tpm12_put_u32(&c.w, TPM12_KH_SRK);
	tpm12_cmd_hash_from_here(&c); /* the key handle is not authorized */
	r = tpm12_run_oiap(t, tpm12_well_known_auth, &c, "TPM_GetPubKey", &resp);
	/* An SRK whose public part the owner keeps to themselves is
	 * refused as if there were no such key. */
	if (r < 0 && resp.rc == TPM12_INVALID_KEYHANDLE)
		return -EPERM;
	if (r < 0)
		return r;
	if (tpm12_pubkey_parse(&resp.params, ret) < 0 || tpm12_remaining(&resp.params))
		return -EBADMSG;
	return 0;
}

int tpm12_srk_pin(struct tpm12 *t, uint8_t ret[32])
{
	struct tpm12_pubkey k;
	int r = tpm12_srk_read(t, &k);

	if (r < 0)
		return r;
	tpm12_pubkey_hash(&k, ret);
	return 0;
}
