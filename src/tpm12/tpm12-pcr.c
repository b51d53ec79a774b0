/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_PcrRead, TPM_Extend and the composite digest. */
#include "tpm12-pcr.h"
#include "log.h"
#include "tpm12-cmd.h"
#include "tpm12-digest.h"
#include "tpm12-result.h"
#include "tpm12-select.h"

#include <string.h>

int tpm12_pcr_read(struct tpm12 *t, unsigned pcr, uint8_t ret[TPM12_PCR_SIZE])
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	if (pcr >= TPM12_PCR_COUNT)
		return -EINVAL;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_PcrRead);
	tpm12_put_u32(&c.w, pcr);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_PcrRead") : r;
	if (tpm12_remaining(&resp.params) != TPM12_PCR_SIZE)
		return -EBADMSG;
	return tpm12_get_bytes(&resp.params, ret, TPM12_PCR_SIZE);
}

int tpm12_pcr_read_mask(struct tpm12 *t, uint32_t mask, tpm12_pcr_values values)
{
	for (unsigned i = 0; i < TPM12_PCR_COUNT; i++) {
		int r;

		if (!(mask & (1u << i)))
			continue;
		r = tpm12_pcr_read(t, i, values[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

int tpm12_pcr_extend(struct tpm12 *t, unsigned pcr, const uint8_t digest[TPM12_PCR_SIZE],
		     uint8_t ret[TPM12_PCR_SIZE])
{
	uint8_t out[TPM12_PCR_SIZE];
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	if (pcr >= TPM12_PCR_COUNT)
		return -EINVAL;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_Extend);
	tpm12_put_u32(&c.w, pcr);
	tpm12_put_bytes(&c.w, digest, TPM12_PCR_SIZE);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_Extend") : r;
	if (tpm12_remaining(&resp.params) != TPM12_PCR_SIZE ||
	    tpm12_get_bytes(&resp.params, out, TPM12_PCR_SIZE) < 0)
		return -EBADMSG;
	if (ret)
		memcpy(ret, out, TPM12_PCR_SIZE);
	return 0;
}

void tpm12_pcr_extend_value(const uint8_t old[TPM12_PCR_SIZE], const uint8_t digest[TPM12_PCR_SIZE],
			    uint8_t ret[TPM12_PCR_SIZE])
{
	tpm12_sha1(ret, old, TPM12_PCR_SIZE, digest, TPM12_PCR_SIZE, NULL, 0);
}

void tpm12_pcr_composite(uint32_t mask, const tpm12_pcr_values values, uint8_t ret[TPM12_PCR_SIZE])
{
	struct tpm12_writer w = { .len = 0 };
	unsigned n = 0;

	tpm12_put_selection(&w, mask);
	for (unsigned i = 0; i < TPM12_PCR_COUNT; i++)
		if (mask & (1u << i))
			n++;
	tpm12_put_u32(&w, n * TPM12_PCR_SIZE);
	for (unsigned i = 0; i < TPM12_PCR_COUNT; i++)
		if (mask & (1u << i))
			tpm12_put_bytes(&w, values[i], TPM12_PCR_SIZE);
	tpm12_sha1(ret, w.buf, w.len, NULL, 0, NULL, 0);
}
