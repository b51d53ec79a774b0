/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR selections and PCR-info structures. */
#include "tpm12-select.h"

#include <errno.h>
#include <string.h>

void tpm12_put_selection(struct tpm12_writer *w, uint32_t mask)
{
	tpm12_put_u16(w, 3);
	tpm12_put_u8(w, mask & 0xff);
	tpm12_put_u8(w, (mask >> 8) & 0xff);
	tpm12_put_u8(w, (mask >> 16) & 0xff);
}

int tpm12_get_selection(struct tpm12_reader *r, uint32_t *ret)
{
	uint16_t n;
	uint8_t b[3] = { 0 };
	int k = tpm12_get_u16(r, &n);

	if (k < 0)
		return k;
	if (n > 3)
		return -EBADMSG;
	k = tpm12_get_bytes(r, b, n);
	if (k < 0)
		return k;
	*ret = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
	return 0;
}

void tpm12_put_pcr_info_long(struct tpm12_writer *w, uint32_t mask, const uint8_t release[20])
{
	static const uint8_t zero[20];

	tpm12_put_u16(w, TPM12_TAG_PCR_INFO_LONG);
	tpm12_put_u8(w, TPM12_LOC_ALL); /* localityAtCreation: set by the TPM */
	tpm12_put_u8(w, TPM12_LOC_ALL); /* localityAtRelease */
	tpm12_put_selection(w, mask); /* creationPCRSelection */
	tpm12_put_selection(w, mask); /* releasePCRSelection */
	tpm12_put_bytes(w, zero, 20); /* digestAtCreation: set by the TPM */
	tpm12_put_bytes(w, release, 20);
}

void tpm12_put_pcr_info_short(struct tpm12_writer *w, uint32_t mask, const uint8_t release[20])
{
	tpm12_put_selection(w, mask);
	tpm12_put_u8(w, TPM12_LOC_ALL);
	tpm12_put_bytes(w, release, 20);
}
