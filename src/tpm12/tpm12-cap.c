/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_GetCapability and the family check built on it. */
#include "tpm12-cap.h"
#include "tpm12-cmd.h"
#include "tpm12-result.h"

#include <string.h>

#define TPM12_TAG_CAP_VERSION_INFO 0x0030u

int tpm12_get_capability(struct tpm12 *t, uint32_t cap, const uint8_t *sub, size_t sub_len,
			 uint8_t *buf, size_t size, size_t *ret_len)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	const uint8_t *p;
	size_t n;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_GetCapability);
	tpm12_put_u32(&c.w, cap);
	tpm12_put_sized(&c.w, sub, sub_len);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_GetCapability") : r;
	if (tpm12_get_sized(&resp.params, size, &p, &n) < 0 || tpm12_remaining(&resp.params))
		return -EBADMSG;
	memcpy(buf, p, n);
	*ret_len = n;
	return 0;
}

int tpm12_version_parse(const uint8_t *buf, size_t len, struct tpm12_version *ret)
{
	struct tpm12_reader r = TPM12_READER(buf, len);
	struct tpm12_version v = { 0 };
	uint16_t tag;

	if (tpm12_get_u16(&r, &tag) < 0 || tag != TPM12_TAG_CAP_VERSION_INFO ||
	    tpm12_get_u8(&r, &v.major) < 0 || tpm12_get_u8(&r, &v.minor) < 0 ||
	    tpm12_get_u8(&r, &v.rev_major) < 0 || tpm12_get_u8(&r, &v.rev_minor) < 0 ||
	    tpm12_get_u16(&r, &v.spec_level) < 0 || tpm12_get_u8(&r, &v.errata_rev) < 0 ||
	    tpm12_get_bytes(&r, v.vendor, 4) < 0)
		return -EBADMSG;
	/* The vendor ID is four bytes, padded with zeros or spaces. */
	for (int i = 3; i >= 0 && (v.vendor[i] == ' ' || v.vendor[i] == 0); i--)
		v.vendor[i] = 0;
	*ret = v;
	return 0;
}

int tpm12_get_version(struct tpm12 *t, struct tpm12_version *ret)
{
	uint8_t buf[256];
	size_t n;
	int r = tpm12_get_capability(t, TPM12_CAP_VERSION_VAL, NULL, 0, buf, sizeof(buf), &n);

	if (r < 0)
		return r;
	return tpm12_version_parse(buf, n, ret);
}

int tpm12_has_owner(struct tpm12 *t, bool *ret)
{
	uint8_t sub[4] = { 0, 0, TPM12_CAP_PROP_OWNER >> 8, TPM12_CAP_PROP_OWNER & 0xff };
	uint8_t b[8];
	size_t n;
	int r = tpm12_get_capability(t, TPM12_CAP_PROPERTY, sub, sizeof(sub), b, sizeof(b), &n);

	if (r < 0)
		return r;
	if (n != 1)
		return -EBADMSG;
	*ret = b[0] != 0;
	return 0;
}

int tpm12_family(struct tpm12 *t, enum tpm_family *ret)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_GetCapability);
	tpm12_put_u32(&c.w, TPM12_CAP_VERSION_VAL);
	tpm12_put_u32(&c.w, 0);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r >= 0) {
		*ret = TPM_FAMILY_1_2;
		return 0;
	}
	/* A 2.0 chip answers with the 1.2 response tag and TPM_RC_BAD_TAG
	 * (part 1, backwards compatibility); libtpms in 2.0 mode answers in
	 * its own format (tag TPM_ST_NO_SESSIONS, TPM_RC_VALUE). */
	if (resp.len >= 10 && ((tpm12_be16(resp.buf) == TPM12_TAG_RSP_COMMAND &&
				tpm12_be32(resp.buf + 6) == TPM2_RC_BAD_TAG) ||
			       tpm12_be16(resp.buf) == TPM2_ST_NO_SESSIONS)) {
		*ret = TPM_FAMILY_2_0;
		return 0;
	}
	return r == -EBADMSG ? -EPROTO : r;
}
