/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_NV_DefineSpace, TPM_NV_WriteValue(Auth), TPM_NV_ReadValue. */
#include "tpm12-nv.h"
#include "tpm12-cmd.h"
#include "tpm12-result.h"
#include "tpm12-select.h"
#include "tpm12-session.h"

#include <string.h>

#define TPM12_TAG_NV_DATA_PUBLIC 0x0018u
#define TPM12_TAG_NV_ATTRIBUTES 0x0017u
#define TPM12_NV_CHUNK 1024 /* at most this much per command */

/* TPM_NV_DATA_PUBLIC: read freely, written as d says. */
static void put_nv_public(struct tpm12_writer *w, const struct tpm12_nv_def *d)
{
	static const uint8_t zero[20];

	tpm12_put_u16(w, TPM12_TAG_NV_DATA_PUBLIC);
	tpm12_put_u32(w, d->index);
	tpm12_put_pcr_info_short(w, 0, zero); /* pcrInfoRead */
	tpm12_put_pcr_info_short(w, d->write_pcrs, d->write_digest);
	tpm12_put_u16(w, TPM12_TAG_NV_ATTRIBUTES);
	tpm12_put_u32(w, d->attributes);
	tpm12_put_u8(w, 0); /* bReadSTClear */
	tpm12_put_u8(w, 0); /* bWriteSTClear */
	tpm12_put_u8(w, 0); /* bWriteDefine */
	tpm12_put_u32(w, d->size);
}

int tpm12_nv_define(struct tpm12 *t, const uint8_t owner_auth[20], const struct tpm12_nv_def *d,
		    const uint8_t area_auth[20])
{
	_cleanup_tpm12_session_ struct tpm12_session s = { 0 };
	struct tpm12_session *ss[] = { &s };
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	uint8_t enc[20];
	int r = tpm12_osap_owner_new_auth(t, owner_auth, area_auth, &s, enc);

	if (r < 0)
		return r;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_NV_DefineSpace);
	put_nv_public(&c.w, d);
	tpm12_put_bytes(&c.w, enc, sizeof(enc));
	r = tpm12_cmd_run(t, &c, ss, 1, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_NV_DefineSpace") : r;
	return 0;
}

int tpm12_nv_undefine(struct tpm12 *t, const uint8_t owner_auth[20], uint32_t index)
{
	struct tpm12_nv_def d = { .index = index, .attributes = TPM12_NV_PER_OWNERWRITE };

	return tpm12_nv_define(t, owner_auth, &d, owner_auth);
}

/* One chunk; an authorized one goes through s, kept open (continueAuth-
 * Session, its nonces rolling) while more chunks follow. */
static int nv_write_chunk(struct tpm12 *t, struct tpm12_session *s, uint32_t index, uint32_t offset,
			  const uint8_t *data, size_t len, enum tpm12_nv_auth how)
{
	struct tpm12_session *ss[] = { s };
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, how == TPM12_NV_AUTH_NONE ? TPM12_TAG_RQU_COMMAND : TPM12_TAG_RQU_AUTH1,
		       how == TPM12_NV_AUTH_AREA ? TPM12_ORD_NV_WriteValueAuth :
						   TPM12_ORD_NV_WriteValue);
	tpm12_put_u32(&c.w, index);
	tpm12_put_u32(&c.w, offset);
	tpm12_put_sized(&c.w, data, len);
	r = tpm12_cmd_run(t, &c, ss, how == TPM12_NV_AUTH_NONE ? 0 : 1, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_NV_WriteValue") : r;
	return 0;
}

int tpm12_nv_write(struct tpm12 *t, uint32_t index, uint32_t offset, const void *data, size_t len,
		   enum tpm12_nv_auth how, const uint8_t auth[20])
{
	_cleanup_tpm12_session_ struct tpm12_session s = { 0 };
	const uint8_t *p = data;
	int r = how == TPM12_NV_AUTH_NONE ? 0 : tpm12_oiap(t, auth, &s);

	if (r < 0)
		return r;
	do {
		size_t n = len < TPM12_NV_CHUNK ? len : TPM12_NV_CHUNK;

		s.cont = n < len;
		r = nv_write_chunk(t, &s, index, offset, p, n, how);
		if (r < 0)
			return r;
		p += n;
		offset += (uint32_t)n;
		len -= n;
	} while (len > 0);
	return 0;
}

static int nv_read_chunk(struct tpm12 *t, uint32_t index, uint32_t offset, uint8_t *buf, size_t len)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	const uint8_t *p;
	size_t n;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_NV_ReadValue);
	tpm12_put_u32(&c.w, index);
	tpm12_put_u32(&c.w, offset);
	tpm12_put_u32(&c.w, (uint32_t)len);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_NV_ReadValue") : r;
	if (tpm12_get_sized(&resp.params, len, &p, &n) < 0 || n != len ||
	    tpm12_remaining(&resp.params))
		return -EBADMSG;
	memcpy(buf, p, n);
	return 0;
}

int tpm12_nv_read(struct tpm12 *t, uint32_t index, uint32_t offset, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len > 0) {
		size_t n = len < TPM12_NV_CHUNK ? len : TPM12_NV_CHUNK;
		int r = nv_read_chunk(t, index, offset, p, n);

		if (r < 0)
			return r;
		p += n;
		offset += (uint32_t)n;
		len -= n;
	}
	return 0;
}
