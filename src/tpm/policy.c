/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Offline computation of PolicyPCR and PolicyAuthValue digests
 * (TPM 2.0 Part 3, sections 23.7 and 23.18). */
#include "policy.h"

#include <openssl/evp.h>
#include <tss2/tss2_mu.h>

void policy_init(uint8_t digest[POLICY_DIGEST_SIZE])
{
	memset(digest, 0, POLICY_DIGEST_SIZE);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* digest = SHA256(digest || cc || extra) */
static int policy_update(uint8_t digest[POLICY_DIGEST_SIZE], uint32_t cc, const uint8_t *extra,
			 size_t extra_len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t ccbuf[4];
	int ok;

	if (!ctx)
		return -ENOMEM;
	put_be32(ccbuf, cc);
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	     EVP_DigestUpdate(ctx, digest, POLICY_DIGEST_SIZE) &&
	     EVP_DigestUpdate(ctx, ccbuf, sizeof(ccbuf)) &&
	     EVP_DigestUpdate(ctx, extra, extra_len) && EVP_DigestFinal_ex(ctx, digest, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

static int pcr_composite_digest(uint32_t mask, const pcr_values values, uint8_t out[32])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	for (unsigned i = 0; ok && i < PCR_COUNT; i++)
		if (mask & (1u << i))
			ok = EVP_DigestUpdate(ctx, values[i], PCR_DIGEST_SIZE);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

int policy_pcr(uint8_t digest[POLICY_DIGEST_SIZE], uint32_t mask, const pcr_values values)
{
	uint8_t buf[sizeof(TPML_PCR_SELECTION) + 32];
	TPML_PCR_SELECTION sel;
	size_t off = 0;
	int r;

	pcr_selection_from_mask(mask, &sel);
	if (Tss2_MU_TPML_PCR_SELECTION_Marshal(&sel, buf, sizeof(buf), &off) != TSS2_RC_SUCCESS)
		return -EIO;
	r = pcr_composite_digest(mask, values, buf + off);
	if (r < 0)
		return r;
	return policy_update(digest, TPM2_CC_PolicyPCR, buf, off + 32);
}

int policy_auth_value(uint8_t digest[POLICY_DIGEST_SIZE])
{
	return policy_update(digest, TPM2_CC_PolicyAuthValue, NULL, 0);
}

int policy_or(uint8_t digest[POLICY_DIGEST_SIZE], const uint8_t (*branches)[POLICY_DIGEST_SIZE],
	      size_t n)
{
	if (n < 2 || n > POLICY_OR_MAX)
		return -EINVAL;
	policy_init(digest);
	return policy_update(digest, TPM2_CC_PolicyOR, &branches[0][0], n * POLICY_DIGEST_SIZE);
}
