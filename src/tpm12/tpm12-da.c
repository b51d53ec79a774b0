/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_CAP_DA_LOGIC. */
#include "tpm12-da.h"
#include "tpm12-cap.h"
#include "tpm12-marshal.h"
#include "tpm12-result.h"
#include "tpm12-session.h"

#define TPM12_TAG_DA_INFO 0x0037u
#define TPM12_TAG_DA_INFO_LIMITED 0x0038u
#define TPM12_TAG_DA_ACTION_TYPE 0x0039u

static int parse_action(struct tpm12_reader *r, uint32_t *ret)
{
	uint16_t tag;

	if (tpm12_get_u16(r, &tag) < 0 || tag != TPM12_TAG_DA_ACTION_TYPE || tpm12_get_u32(r, ret) < 0)
		return -EBADMSG;
	return 0;
}

int tpm12_da_parse(const uint8_t *buf, size_t len, struct tpm12_da *ret)
{
	struct tpm12_reader r = TPM12_READER(buf, len);
	struct tpm12_da d = { .reported = true };
	const uint8_t *vendor;
	uint16_t tag;
	uint8_t state;
	size_t n;

	if (tpm12_get_u16(&r, &tag) < 0 ||
	    (tag != TPM12_TAG_DA_INFO && tag != TPM12_TAG_DA_INFO_LIMITED) ||
	    tpm12_get_u8(&r, &state) < 0)
		return -EBADMSG;
	d.active = state != 0;
	d.limited = tag == TPM12_TAG_DA_INFO_LIMITED;
	if (!d.limited && (tpm12_get_u16(&r, &d.count) < 0 || tpm12_get_u16(&r, &d.threshold) < 0))
		return -EBADMSG;
	if (parse_action(&r, &d.actions) < 0 || (!d.limited && tpm12_get_u32(&r, &d.depend) < 0) ||
	    tpm12_get_sized(&r, len, &vendor, &n) < 0 || tpm12_remaining(&r))
		return -EBADMSG;
	*ret = d;
	return 0;
}

int tpm12_da_read(struct tpm12 *t, struct tpm12_da *ret)
{
	/* The owner's dictionary-attack logic: the one that protects the
	 * keys and sealed data under the SRK. */
	uint8_t sub[2] = { 0, TPM12_ET_KEYHANDLE };
	uint8_t buf[512];
	size_t n;
	int r = tpm12_get_capability(t, TPM12_CAP_DA_LOGIC, sub, sizeof(sub), buf, sizeof(buf), &n);

	if (r == -EINVAL || r == -EIO) {
		*ret = (struct tpm12_da){ .reported = false };
		return 0;
	}
	if (r < 0)
		return r;
	return tpm12_da_parse(buf, n, ret);
}

int tpm12_da_tries_left(const struct tpm12_da *d)
{
	if (!d->reported || d->limited || d->threshold == 0)
		return -1;
	if (d->active || d->count >= d->threshold)
		return 0;
	return d->threshold - d->count;
}
