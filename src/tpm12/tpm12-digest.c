/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SHA-1 and HMAC-SHA1 through libcrypto's EVP interface. */
#include "tpm12-digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>

void tpm12_sha1(uint8_t ret[20], const void *a, size_t alen, const void *b, size_t blen,
		const void *c, size_t clen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	/* Out of memory here leaves no sane way on: a digest that silently
	 * stayed zero would be worse than stopping. */
	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) != 1)
		abort();
	if ((alen && EVP_DigestUpdate(ctx, a, alen) != 1) ||
	    (blen && EVP_DigestUpdate(ctx, b, blen) != 1) ||
	    (clen && EVP_DigestUpdate(ctx, c, clen) != 1) || EVP_DigestFinal_ex(ctx, ret, NULL) != 1)
		abort();
	EVP_MD_CTX_free(ctx);
}

void tpm12_hmac(const uint8_t key[20], const void *msg, size_t len, uint8_t ret[20])
{
	unsigned n = 20;

	if (!HMAC(EVP_sha1(), key, 20, msg, len, ret, &n))
		abort();
}
