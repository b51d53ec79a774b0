/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_TakeOwnership and TPM_OwnerClear. */
#include "tpm12-owner.h"
#include "tpm12-cmd.h"
#include "tpm12-pubkey.h"
#include "tpm12-result.h"
#include "tpm12-session.h"

#include <openssl/crypto.h>

#define TPM12_PID_OWNER 0x0005u
#define TPM12_KEY_STORAGE 0x0011u
#define TPM12_AUTH_ALWAYS 0x01u
#define TPM12_ES_RSAESOAEP_SHA1_MGF1 0x0003u
#define TPM12_SS_NONE 0x0001u

/* The SRK template: TPM_KEY (version 1.1) for a 2048-bit RSA storage key
 * with authorization always required, no PCRs. */
static void put_srk_params(struct tpm12_writer *w)
{
	static const uint8_t ver[4] = { 1, 1, 0, 0 };

	tpm12_put_bytes(w, ver, sizeof(ver));
	tpm12_put_u16(w, TPM12_KEY_STORAGE);
	tpm12_put_u32(w, 0); /* keyFlags */
	tpm12_put_u8(w, TPM12_AUTH_ALWAYS);
	tpm12_put_u32(w, 0x00000001u); /* TPM_ALG_RSA */
	tpm12_put_u16(w, TPM12_ES_RSAESOAEP_SHA1_MGF1);
	tpm12_put_u16(w, TPM12_SS_NONE);
	tpm12_put_u32(w, 12); /* TPM_RSA_KEY_PARMS: */
	tpm12_put_u32(w, 2048); /*   keyLength */
	tpm12_put_u32(w, 2); /*   numPrimes */
	tpm12_put_u32(w, 0); /*   exponentSize: the default */
	tpm12_put_u32(w, 0); /* PCRInfoSize */
	tpm12_put_u32(w, 0); /* pubKey */
	tpm12_put_u32(w, 0); /* encData */
}

static int put_encrypted(struct tpm12_writer *w, const struct tpm12_pubkey *ek,
			 const uint8_t auth[20])
{
	uint8_t enc[512];
	size_t n;
	int r = tpm12_pubkey_encrypt(ek, auth, 20, enc, sizeof(enc), &n);

	if (r < 0)
		return r;
	tpm12_put_sized(w, enc, n);
	return 0;
}

int tpm12_take_ownership(struct tpm12 *t, const uint8_t owner_auth[20], const uint8_t srk_auth[20])
{
	_cleanup_tpm12_session_ struct tpm12_session s = { 0 };
	struct tpm12_session *ss[] = { &s };
	struct tpm12_pubkey ek;
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r = tpm12_read_pubek(t, &ek);

	/* An owned TPM hides its EK (TPM_DISABLED_CMD): it has an owner. */
	if (r == -EPERM)
		return -EEXIST;
	if (r < 0)
		return r;
	r = tpm12_oiap(t, owner_auth, &s);
	if (r < 0)
		return r;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_TakeOwnership);
	tpm12_put_u16(&c.w, TPM12_PID_OWNER);
	r = put_encrypted(&c.w, &ek, owner_auth);
	if (r >= 0)
		r = put_encrypted(&c.w, &ek, srk_auth);
	if (r < 0)
		return r;
	put_srk_params(&c.w);
	r = tpm12_cmd_run(t, &c, ss, 1, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_TakeOwnership") : r;
	return 0;
}

int tpm12_owner_clear(struct tpm12 *t, const uint8_t owner_auth[20])
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_OwnerClear);
	r = tpm12_run_oiap(t, owner_auth, &c, "TPM_OwnerClear", &resp);
	if (r < 0)
		return r;
	r = tpm12_enable(t);
	return r == -EPERM ? 0 : r;
}
