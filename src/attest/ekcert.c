/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The EK certificate against the TPM's EK and the owner's CA. */
#include "ekcert.h"
#include "macro.h"
#include "pubkey.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

static void x509_freep(X509 **x)
{
	X509_free(*x);
}

static int ek_key(struct tpm *t, enum ek_type type, EVP_PKEY **ret)
{
	_cleanup_tpm_handle_ struct tpm_handle ek = tpm_handle_transient(t);
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	int r = ek_create(t, type, &ek.tr, &pub);

	return r < 0 ? r : pubkey_from_tpm(&pub->publicArea, ret);
}

/* Every certificate of the PEM text into a store; an intermediate CA is
 * as good an anchor as the root (the owner decides whom to trust). */
static X509_STORE *ca_store(const char *ca, size_t len)
{
	X509_STORE *store = X509_STORE_new();
	BIO *bio = BIO_new_mem_buf(ca, (int)len);
	X509 *x;
	int n = 0;

	while (store && bio && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		n += X509_STORE_add_cert(store, x) == 1;
		X509_free(x);
	}
	BIO_free(bio);
	if (store && n == 0) {
		X509_STORE_free(store);
		return NULL;
	}
	if (store)
		X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	return store;
}

static void check_chain(X509 *cert, const char *ca, size_t ca_len, struct ek_cert_report *rep)
{
	X509_STORE *store = ca_len <= INT32_MAX ? ca_store(ca, ca_len) : NULL;
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int ok = 0;

	rep->chain = EK_CHAIN_FAILED;
	snprintf(rep->chain_error, sizeof(rep->chain_error), "no CA certificate in the CA file");
	if (store && ctx && X509_STORE_CTX_init(ctx, store, cert, NULL) == 1) {
		ok = X509_verify_cert(ctx) == 1;
		snprintf(rep->chain_error, sizeof(rep->chain_error), "%s",
			 X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
	}
	if (ok)
		rep->chain = EK_CHAIN_VERIFIED;
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
}

int ek_cert_check(struct tpm *t, enum ek_type type, const char *ca, size_t ca_len,
		  struct ek_cert_report *ret)
{
	_cleanup_(x509_freep) X509 *cert = NULL;
	_cleanup_pubkey_ EVP_PKEY *ek = NULL;
	struct blob der = { 0 };
	const unsigned char *p;
	int r = ek_cert_read(t, type, &der);

	*ret = (struct ek_cert_report){ 0 };
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	p = der.data;
	cert = d2i_X509(NULL, &p, (long)der.len);
	free(der.data);
	ret->state = EK_CERT_MALFORMED;
	if (!cert)
		return 0;
	r = ek_key(t, type, &ek);
	if (r < 0)
		return r;
	ret->state = pubkey_equal(X509_get0_pubkey(cert), ek) ? EK_CERT_MATCHES : EK_CERT_OTHER_KEY;
	if (ca)
		check_chain(cert, ca, ca_len, ret);
	return 0;
}
