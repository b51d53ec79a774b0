/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_PUBKEY parsing, OAEP encryption to it, and reading the EK and SRK. */
#include "tpm12-pubkey.h"
#include "errors.h"
#include "sha.h"
#include "tpm12-cmd.h"
#include "tpm12-digest.h"
#include "tpm12-result.h"
#include "tpm12-session.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <string.h>

#define TPM12_ALG_RSA 0x00000001u

/* TPM_KEY_PARMS holding TPM_RSA_KEY_PARMS: the exponent (0: 65537). */
static int parse_rsa_parms(struct tpm12_reader *r, uint32_t *ret_exponent)
{
	uint32_t alg, bits, primes, esize = 0;
	uint16_t enc, sig;
	const uint8_t *parms, *e;
	size_t n;
	struct tpm12_reader pr;

	if (tpm12_get_u32(r, &alg) < 0 || tpm12_get_u16(r, &enc) < 0 ||
	    tpm12_get_u16(r, &sig) < 0 || tpm12_get_sized(r, 64, &parms, &n) < 0)
		return -EBADMSG;
	pr = TPM12_READER(parms, n);
	if (alg != TPM12_ALG_RSA || tpm12_get_u32(&pr, &bits) < 0 ||
	    tpm12_get_u32(&pr, &primes) < 0 || tpm12_get_u32(&pr, &esize) < 0 || esize > 4 ||
	    tpm12_get_span(&pr, esize, &e) < 0 || tpm12_remaining(&pr))
		return -EBADMSG;
	*ret_exponent = 0;
	for (uint32_t i = 0; i < esize; i++)
		*ret_exponent = *ret_exponent << 8 | e[i];
	if (esize == 0)
		*ret_exponent = 65537;
	return 0;
}

int tpm12_pubkey_parse(struct tpm12_reader *r, struct tpm12_pubkey *ret)
{
	size_t start = r->off;
	const uint8_t *mod;
	size_t n;
	int k = parse_rsa_parms(r, &ret->exponent);

	if (k < 0)
		return k;
	if (tpm12_get_sized(r, 512, &mod, &n) < 0 || n < 64 || r->off - start > sizeof(ret->raw))
		return -EBADMSG;
	ret->raw_len = r->off - start;
	memcpy(ret->raw, r->p + start, ret->raw_len);
	ret->modulus = ret->raw + (mod - (r->p + start));
	ret->modulus_len = n;
	return 0;
}

static EVP_PKEY *pubkey_evp(const struct tpm12_pubkey *k)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *n = BN_bin2bn(k->modulus, (int)k->modulus_len, NULL);
	BIGNUM *e = BN_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pkey = NULL;

	if (bld && n && e && ctx && BN_set_word(e, k->exponent) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) && EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

static int oaep_setup(EVP_PKEY_CTX *ctx)
{
	unsigned char *label = OPENSSL_memdup("TCPA", 4);

	if (!label || EVP_PKEY_encrypt_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha1()) != 1 ||
	    EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, label, 4) != 1) {
		OPENSSL_free(label);
		return -EIO;
	}
	return 0;
}

int tpm12_pubkey_encrypt(const struct tpm12_pubkey *k, const uint8_t *in, size_t len, uint8_t *out,
			 size_t size, size_t *ret_len)
{
	EVP_PKEY *pkey = pubkey_evp(k);
	EVP_PKEY_CTX *ctx = pkey ? EVP_PKEY_CTX_new(pkey, NULL) : NULL;
	size_t n = size;
	int r = -EIO;

	if (ctx && oaep_setup(ctx) == 0 && EVP_PKEY_encrypt(ctx, out, &n, in, len) == 1) {
		*ret_len = n;
		r = 0;
	}
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return r;
}

void tpm12_pubkey_hash(const struct tpm12_pubkey *k, uint8_t ret[32])
{
	(void)sha256_buf(k->raw, k->raw_len, ret);
}

int tpm12_read_pubek(struct tpm12 *t, struct tpm12_pubkey *ret)
{
	uint8_t nonce[20], sum[20], want[20];
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r = tpm12_random(t, nonce, sizeof(nonce));

	if (r < 0)
		return r;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_ReadPubek);
	tpm12_put_bytes(&c.w, nonce, sizeof(nonce));
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_ReadPubek") : r;
	if (tpm12_pubkey_parse(&resp.params, ret) < 0 ||
	    tpm12_get_bytes(&resp.params, sum, sizeof(sum)) < 0 || tpm12_remaining(&resp.params))
		return -EBADMSG;
	/* checksum = SHA1(pubEndorsementKey || antiReplay) */
	tpm12_sha1(want, ret->raw, ret->raw_len, nonce, sizeof(nonce), NULL, 0);
	return CRYPTO_memcmp(want, sum, sizeof(sum)) == 0 ? 0 : -E_BUS;
}

int tpm12_srk_pubkey(struct tpm12 *t, const uint8_t owner_auth[20], struct tpm12_pubkey *ret)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_AUTH1, TPM12_ORD_OwnerReadInternalPub);
	tpm12_put_u32(&c.w, TPM12_KH_SRK);
	r = tpm12_run_oiap(t, owner_auth, &c, "TPM_OwnerReadInternalPub", &resp);
	if (r < 0)
		return r;
	if (tpm12_pubkey_parse(&resp.params, ret) < 0 || tpm12_remaining(&resp.params))
		return -EBADMSG;
	return 0;
}
