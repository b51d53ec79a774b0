/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR list parsing and sha256-bank PCR read and extend. */
#include "pcr.h"
#include "strbuf.h"
#include "log.h"
#include "tpm-error.h"

#include <ctype.h>
#include <stdio.h>

static int parse_number(const char **p, unsigned *ret)
{
	unsigned v = 0;
	int digits = 0;

	while (isdigit((unsigned char)**p)) {
		v = v * 10 + (unsigned)(**p - '0');
		(*p)++;
		if (++digits > 2)
			return -EINVAL;
	}
	if (digits == 0 || v >= PCR_COUNT)
		return -EINVAL;
	*ret = v;
	return 0;
}

static int parse_item(const char **p, uint32_t *mask)
{
	unsigned lo, hi;

	if (parse_number(p, &lo) < 0)
		return -EINVAL;
	hi = lo;
	if (**p == '-') {
		(*p)++;
		if (parse_number(p, &hi) < 0 || hi < lo)
			return -EINVAL;
	}
	for (unsigned i = lo; i <= hi; i++)
		*mask |= 1u << i;
	return 0;
}

int pcr_list_parse(const char *s, uint32_t *ret_mask)
{
	uint32_t mask = 0;
	const char *p = s;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		if (parse_item(&p, &mask) < 0)
			return -EINVAL;
		if (*p == '\0')
			break;
		if (*p != ',')
			return -EINVAL;
		p++;
	}
	*ret_mask = mask;
	return 0;
}

void pcr_list_format(uint32_t mask, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < PCR_COUNT; i++) {
		char item[4];
		if (!(mask & (1u << i)))
			continue;
		if (strfmt(item, sizeof(item), "%s%u", o ? "," : "", i) < 0 ||
		    o + strlen(item) + 1 > size)
			return;
		memcpy(buf + o, item, strlen(item) + 1);
		o += strlen(item);
	}
}

void pcr_selection_from_mask(uint32_t mask, TPML_PCR_SELECTION *ret)
{
	*ret = (TPML_PCR_SELECTION){ .count = 1 };
	ret->pcrSelections[0].hash = TPM2_ALG_SHA256;
	ret->pcrSelections[0].sizeofSelect = 3;
	for (unsigned i = 0; i < 3; i++)
		ret->pcrSelections[0].pcrSelect[i] = (uint8_t)(mask >> (8 * i));
}

static uint32_t mask_from_selection(const TPML_PCR_SELECTION *sel)
{
	uint32_t mask = 0;

	for (unsigned s = 0; s < sel->count; s++) {
		if (sel->pcrSelections[s].hash != TPM2_ALG_SHA256)
			continue;
		for (unsigned i = 0; i < sel->pcrSelections[s].sizeofSelect && i < 3; i++)
			mask |= (uint32_t)sel->pcrSelections[s].pcrSelect[i] << (8 * i);
	}
	return mask;
}

/* The TPM returns at most eight digests per read; it tells us which. */
static int read_some(struct tpm *t, uint32_t *mask, pcr_values values)
{
	_cleanup_free_ TPML_PCR_SELECTION *out = NULL;
	_cleanup_free_ TPML_DIGEST *digests = NULL;
	TPML_PCR_SELECTION in;
	uint32_t got;
	unsigned d = 0;
	TSS2_RC rc;

	pcr_selection_from_mask(*mask, &in);
	rc = Esys_PCR_Read(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &in, NULL, &out,
			   &digests);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the PCRs");
	got = mask_from_selection(out) & *mask;
	if (got == 0)
		return log_error_errno(EOPNOTSUPP, "The TPM has no active sha256 PCR bank");
	for (unsigned i = 0; i < PCR_COUNT; i++) {
		if (!(got & (1u << i)))
			continue;
		if (d >= digests->count || digests->digests[d].size != PCR_DIGEST_SIZE)
			return log_error_errno(EPROTO, "The TPM returned a malformed PCR read");
		memcpy(values[i], digests->digests[d++].buffer, PCR_DIGEST_SIZE);
	}
	*mask &= ~got;
	return 0;
}

int tpm_pcr_read(struct tpm *t, uint32_t mask, pcr_values values)
{
	while (mask) {
		int r = read_some(t, &mask, values);
		if (r < 0)
			return r;
	}
	return 0;
}

int tpm_pcr_extend(struct tpm *t, unsigned pcr, const uint8_t digest[PCR_DIGEST_SIZE])
{
	TPML_DIGEST_VALUES values = { .count = 1 };
	TSS2_RC rc;

	if (pcr >= PCR_COUNT)
		return -EINVAL;
	values.digests[0].hashAlg = TPM2_ALG_SHA256;
	memcpy(values.digests[0].digest.sha256, digest, PCR_DIGEST_SIZE);
	rc = Esys_PCR_Extend(t->esys, ESYS_TR_PCR0 + pcr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			     ESYS_TR_NONE, &values);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot extend the PCR");
	return 0;
}
