/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM public areas to OpenSSL keys, and PEM. */
#include "pubkey.h"
#include "macro.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

static int from_params(const char *type, OSSL_PARAM_BLD *bld, EVP_PKEY **ret)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	int ok = params && ctx && EVP_PKEY_fromdata_init(ctx) > 0 &&
		 EVP_PKEY_fromdata(ctx, ret, EVP_PKEY_PUBLIC_KEY, params) > 0;

	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return ok ? 0 : -EBADMSG;
}

/* An uncompressed point 04 || X || Y on P-256. */
static int ecc_key(const TPMS_ECC_POINT *q, EVP_PKEY **ret)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	uint8_t point[65];
	int r = -EBADMSG;

	if (!bld)
		return -ENOMEM;
	if (q->x.size == 32 && q->y.size == 32) {
		point[0] = 4;
		memcpy(point + 1, q->x.buffer, 32);
		memcpy(point + 33, q->y.buffer, 32);
		if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
						    0) > 0 &&
		    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point,
						     sizeof(point)) > 0)
			r = from_params("EC", bld, ret);
	}
	OSSL_PARAM_BLD_free(bld);
	return r;
}

/* An exponent of 0 in the public area means the default, 65537. */
static int rsa_key(const TPMT_PUBLIC *pub, EVP_PKEY **ret)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	uint32_t exp = pub->parameters.rsaDetail.exponent ? pub->parameters.rsaDetail.exponent :
							    65537;
	BIGNUM *n = BN_bin2bn(pub->unique.rsa.buffer, pub->unique.rsa.size, NULL);
	BIGNUM *e = BN_new();
	int r = -ENOMEM;

	if (bld && n && e && BN_set_word(e, exp) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) > 0 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) > 0)
		r = from_params("RSA", bld, ret);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return r;
}

int pubkey_from_tpm(const TPMT_PUBLIC *pub, EVP_PKEY **ret)
{
	if (pub->type == TPM2_ALG_ECC && pub->parameters.eccDetail.curveID == TPM2_ECC_NIST_P256)
		return ecc_key(&pub->unique.ecc, ret);
	if (pub->type == TPM2_ALG_RSA && pub->unique.rsa.size > 0)
		return rsa_key(pub, ret);
	return -EBADMSG;
}

int pubkey_to_pem(EVP_PKEY *key, char **ret, size_t *ret_len)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL, *copy = NULL;
	long n;

	if (!bio)
		return -ENOMEM;
	if (PEM_write_bio_PUBKEY(bio, key) > 0) {
		n = BIO_get_mem_data(bio, &data);
		if (n > 0)
			copy = strndup(data, (size_t)n);
	}
	BIO_free(bio);
	if (!copy)
		return -ENOMEM;
	*ret = copy;
	*ret_len = strlen(copy);
	return 0;
}

int pubkey_from_pem(const char *pem, size_t len, EVP_PKEY **ret)
{
	BIO *bio = len <= INT32_MAX ? BIO_new_mem_buf(pem, (int)len) : NULL;
	EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;

	BIO_free(bio);
	if (!key)
		return -EBADMSG;
	*ret = key;
	return 0;
}

int pubkey_equal(EVP_PKEY *a, EVP_PKEY *b)
{
	return a && b && EVP_PKEY_eq(a, b) == 1;
}
