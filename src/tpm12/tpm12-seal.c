/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sealing to PCRs and unsealing into a wiped buffer. */
#include "tpm12-seal.h"
#include "tpm12-cmd.h"
#include "tpm12-result.h"
#include "tpm12-select.h"
#include "tpm12-session.h"

#include <openssl/crypto.h>
#include <string.h>

#define TPM12_TAG_STORED_DATA12 0x0016u

int tpm12_seal(struct tpm12 *t, const uint8_t srk_auth[20], uint32_t mask,
	       const uint8_t release[20], const uint8_t data_auth[20], const void *data, size_t len,
	       uint8_t *blob, size_t size, size_t *ret_len)
{
	_cleanup_tpm12_session_ struct tpm12_session s = { 0 };
	struct tpm12_session *ss[] = { &s };
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	uint8_t enc[20];
	size_t info_at;
	int r;

	if (len > TPM12_SEAL_DATA_MAX)
		return -EMSGSIZE;
	r = tpm12_osap(t, TPM12_ET_KEYHANDLE, TPM12_KH_SRK, srk_auth, &s);
	if (r < 0)
		return r;
	tpm12_adip(&s, data_auth, enc);
	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_Seal);
	tpm12_put_u32(&c.w, TPM12_KH_SRK);
	tpm12_cmd_hash_from_here(&c);
	tpm12_put_bytes(&c.w, enc, sizeof(enc));
	info_at = c.w.len;
	tpm12_put_u32(&c.w, 0);
	tpm12_put_pcr_info_long(&c.w, mask, release);
	tpm12_patch_u32(&c.w, info_at, (uint32_t)(c.w.len - info_at - 4));
	tpm12_put_sized(&c.w, data, len);
	r = tpm12_cmd_run(t, &c, ss, 1, &resp);
	OPENSSL_cleanse(c.w.buf, sizeof(c.w.buf));
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_Seal") : r;
	len = tpm12_remaining(&resp.params);
	if (len > size || tpm12_sealed_check(resp.params.p, len) < 0)
		return -EBADMSG;
	memcpy(blob, resp.params.p, len);
	*ret_len = len;
	return 0;
}

/* Reads the fields of a TPM_STORED_DATA12 up to its sealInfo. */
static int sealed_info(const uint8_t *blob, size_t len, const uint8_t **ret_info, size_t *ret_info_len)
{
	struct tpm12_reader r = TPM12_READER(blob, len);
	const uint8_t *enc;
	uint16_t tag, et;
	size_t n;

	if (tpm12_get_u16(&r, &tag) < 0 || tag != TPM12_TAG_STORED_DATA12 ||
	    tpm12_get_u16(&r, &et) < 0 || tpm12_get_sized(&r, 256, ret_info, ret_info_len) < 0 ||
	    tpm12_get_sized(&r, 512, &enc, &n) < 0 || n == 0 || tpm12_remaining(&r))
		return -EBADMSG;
	return 0;
}

int tpm12_sealed_check(const uint8_t *blob, size_t len)
{
	const uint8_t *info;
	size_t n;

	return sealed_info(blob, len, &info, &n);
}

int tpm12_sealed_pcrs(const uint8_t *blob, size_t len, uint32_t *ret_mask)
{
	const uint8_t *info;
	size_t n;
	uint32_t creation;
	uint16_t tag;
	struct tpm12_reader r;
	int k = sealed_info(blob, len, &info, &n);

	if (k < 0)
		return k;
	r = TPM12_READER(info, n);
	/* TPM_PCR_INFO_LONG: tag, two localities, creation, release. */
	if (tpm12_get_u16(&r, &tag) < 0 || tag != TPM12_TAG_PCR_INFO_LONG ||
	    tpm12_get_span(&r, 2, &info) < 0 || tpm12_get_selection(&r, &creation) < 0 ||
	    tpm12_get_selection(&r, ret_mask) < 0)
		return -EBADMSG;
	return 0;
}

static int unseal_output(struct tpm12_resp *resp, struct secret *ret)
{
	const uint8_t *p;
	size_t n;
	int r;

	if (tpm12_get_sized(&resp->params, TPM12_SEAL_DATA_MAX, &p, &n) < 0 ||
	    tpm12_remaining(&resp->params))
		return -EBADMSG;
	r = secret_alloc(ret, n);
	if (r < 0)
		return r;
	memcpy(ret->buf, p, n);
	ret->len = n;
	return 0;
}

int tpm12_unseal(struct tpm12 *t, const uint8_t srk_auth[20], const uint8_t data_auth[20],
		 const uint8_t *blob, size_t len, struct secret *ret)
{
	_cleanup_tpm12_session_ struct tpm12_session key = { 0 }, data = { 0 };
	struct tpm12_session *ss[] = { &key, &data };
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r = tpm12_sealed_check(blob, len);

	if (r < 0)
		return r;
	r = tpm12_oiap(t, srk_auth, &key);
	if (r >= 0)
		r = tpm12_oiap(t, data_auth, &data);
	if (r < 0)
		return r;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH2, TPM12_ORD_Unseal);
	tpm12_put_u32(&c.w, TPM12_KH_SRK);
	tpm12_cmd_hash_from_here(&c);
	tpm12_put_bytes(&c.w, blob, len);
	r = tpm12_cmd_run(t, &c, ss, 2, &resp);
	if (r >= 0)
		r = unseal_output(&resp, ret);
	else if (resp.rc)
		r = tpm12_result_error(resp.rc, "TPM_Unseal");
	OPENSSL_cleanse(resp.buf, sizeof(resp.buf));
	return r;
}
