/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_CreateCounter, TPM_IncrementCounter, TPM_ReadCounter. */
#include "tpm12-counter.h"
#include "tpm12-cap.h"
#include "tpm12-cmd.h"
#include "tpm12-result.h"
#include "tpm12-session.h"

#include <string.h>

#define TPM12_TAG_COUNTER_VALUE 0x000Eu
#define TPM12_COUNTER_VALUE_SIZE 10
#define TPM12_RT_COUNTER 0x00000006u

int tpm12_counter_value_parse_label(const uint8_t *p, size_t len, char ret_label[4], uint32_t *ret)
{
	struct tpm12_reader r = TPM12_READER(p, len);
	const uint8_t *label;
	uint16_t tag;

	if (tpm12_get_u16(&r, &tag) < 0 || tag != TPM12_TAG_COUNTER_VALUE ||
	    tpm12_get_span(&r, 4, &label) < 0 || tpm12_get_u32(&r, ret) < 0)
		return -EBADMSG;
	if (ret_label)
		memcpy(ret_label, label, 4);
	return 0;
}

int tpm12_counter_value_parse(const uint8_t *p, size_t len, uint32_t *ret)
{
	return tpm12_counter_value_parse_label(p, len, NULL, ret);
}

/* The TPM_COUNTER_VALUE ending a response. */
static int counter_output(struct tpm12_resp *resp, char ret_label[4], uint32_t *ret)
{
	const uint8_t *p;

	if (tpm12_remaining(&resp->params) != TPM12_COUNTER_VALUE_SIZE ||
	    tpm12_get_span(&resp->params, TPM12_COUNTER_VALUE_SIZE, &p) < 0)
		return -EBADMSG;
	return tpm12_counter_value_parse_label(p, TPM12_COUNTER_VALUE_SIZE, ret_label, ret);
}

int tpm12_counter_create(struct tpm12 *t, const uint8_t owner_auth[20],
			 const uint8_t counter_auth[20], const char label[4], uint32_t *ret_id,
			 uint32_t *ret_value)
{
	_cleanup_tpm12_session_ struct tpm12_session s = { 0 };
	struct tpm12_session *ss[] = { &s };
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	uint8_t enc[20];
	int r = tpm12_osap_owner_new_auth(t, owner_auth, counter_auth, &s, enc);

	if (r < 0)
		return r;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_CreateCounter);
	tpm12_put_bytes(&c.w, enc, sizeof(enc));
	tpm12_put_bytes(&c.w, label, 4);
	r = tpm12_cmd_run(t, &c, ss, 1, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_CreateCounter") : r;
	if (tpm12_get_u32(&resp.params, ret_id) < 0)
		return -EBADMSG;
	return counter_output(&resp, NULL, ret_value);
}

int tpm12_counter_increment(struct tpm12 *t, uint32_t id, const uint8_t counter_auth[20],
			    uint32_t *ret_value)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_IncrementCounter);
	tpm12_put_u32(&c.w, id);
	r = tpm12_run_oiap(t, counter_auth, &c, "TPM_IncrementCounter", &resp);
	if (r < 0)
		return r;
	return counter_output(&resp, NULL, ret_value);
}

int tpm12_counter_read(struct tpm12 *t, uint32_t id, uint32_t *ret_value)
{
	return tpm12_counter_read_label(t, id, NULL, ret_value);
}

int tpm12_counter_read_label(struct tpm12 *t, uint32_t id, char ret_label[4], uint32_t *ret_value)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_ReadCounter);
	tpm12_put_u32(&c.w, id);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_ReadCounter") : r;
	return counter_output(&resp, ret_label, ret_value);
}

int tpm12_counter_release(struct tpm12 *t, const uint8_t owner_auth[20], uint32_t id)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_ReleaseCounterOwner);
	tpm12_put_u32(&c.w, id);
	return tpm12_run_oiap(t, owner_auth, &c, "TPM_ReleaseCounterOwner", &resp);
}

int tpm12_handle_list_parse(const uint8_t *p, size_t len, uint32_t *ids, size_t max, size_t *ret_n)
{
	struct tpm12_reader r = TPM12_READER(p, len);
	uint16_t n;

	if (tpm12_get_u16(&r, &n) < 0 || tpm12_remaining(&r) != 4u * n)
		return -EBADMSG;
	if (n > max)
		return -ENOBUFS;
	for (size_t i = 0; i < n; i++)
		(void)tpm12_get_u32(&r, &ids[i]);
	*ret_n = n;
	return 0;
}

int tpm12_counter_list(struct tpm12 *t, uint32_t *ids, size_t max, size_t *ret_n)
{
	uint8_t sub[4] = { 0, 0, 0, TPM12_RT_COUNTER };
	uint8_t buf[2 + 4 * 256];
	size_t n;
	int r = tpm12_get_capability(t, TPM12_CAP_HANDLE, sub, sizeof(sub), buf, sizeof(buf), &n);

	if (r < 0)
		return r;
	return tpm12_handle_list_parse(buf, n, ids, max, ret_n);
}
