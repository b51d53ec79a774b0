/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The verifier's checks of an attestation file. */
#include "verify.h"
#include "errors.h"
#include "macro.h"
#include "pubkey.h"
#include "sha.h"

#include <openssl/ecdsa.h>
#include <tss2/tss2_mu.h>

void attest_verdict_free(struct attest_verdict *v)
{
	eventlog_free(&v->log);
	eventlog_free(&v->golden_log);
}

/* ECDSA's r and s as the DER signature OpenSSL verifies. */
static int ecdsa_der(const TPMS_SIGNATURE_ECDSA *s, uint8_t **ret, size_t *ret_len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(s->signatureR.buffer, s->signatureR.size, NULL);
	BIGNUM *ss = BN_bin2bn(s->signatureS.buffer, s->signatureS.size, NULL);
	unsigned char *der = NULL;
	int n = -1;

	if (sig && r && ss && ECDSA_SIG_set0(sig, r, ss) == 1) {
		r = ss = NULL; /* owned by sig now */
		n = i2d_ECDSA_SIG(sig, &der);
	}
	ECDSA_SIG_free(sig);
	BN_free(r);
	BN_free(ss);
	if (n <= 0)
		return -ENOMEM;
	*ret = der;
	*ret_len = (size_t)n;
	return 0;
}

static int verify_digest(EVP_PKEY *key, const struct blob *msg, const uint8_t *sig, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
		 EVP_DigestVerify(ctx, sig, len, msg->data, msg->len) == 1;

	EVP_MD_CTX_free(ctx);
	return ok;
}

/* 1 when the signature over the quote verifies with key (ECDSA or RSASSA
 * with SHA-256, as an AK signs), 0 when not or when it is malformed. */
static int check_signature(const struct attest_file *f, EVP_PKEY *key)
{
	const struct blob *s = &f->field[ATTEST_SIGNATURE];
	TPMT_SIGNATURE sig;
	size_t off = 0;
	uint8_t *der = NULL;
	size_t der_len = 0;
	int ok = 0;

	if (!s->data || Tss2_MU_TPMT_SIGNATURE_Unmarshal(s->data, s->len, &off, &sig) || off != s->len)
		return 0;
	if (sig.sigAlg == TPM2_ALG_ECDSA && sig.signature.ecdsa.hash == TPM2_ALG_SHA256 &&
	    ecdsa_der(&sig.signature.ecdsa, &der, &der_len) >= 0)
		ok = verify_digest(key, &f->field[ATTEST_QUOTE], der, der_len);
	else if (sig.sigAlg == TPM2_ALG_RSASSA && sig.signature.rsassa.hash == TPM2_ALG_SHA256)
		ok = verify_digest(key, &f->field[ATTEST_QUOTE], sig.signature.rsassa.sig.buffer,
				   sig.signature.rsassa.sig.size);
	OPENSSL_free(der);
	return ok;
}

static int file_ak_matches(const struct attest_file *f, EVP_PKEY *key)
{
	const struct blob *pem = &f->field[ATTEST_AK_PEM];
	_cleanup_pubkey_ EVP_PKEY *own = NULL;

	if (!pem->data || pubkey_from_pem((const char *)pem->data, pem->len, &own) < 0)
		return 0;
	return pubkey_equal(own, key);
}

/* The quote's selection as a mask: the sha256 bank only, once. */
static int quoted_mask(const TPML_PCR_SELECTION *sel, uint32_t *ret)
{
	const TPMS_PCR_SELECTION *s = &sel->pcrSelections[0];

	if (sel->count != 1 || s->hash != TPM2_ALG_SHA256 || s->sizeofSelect != 3)
		return -EBADMSG;
	*ret = (uint32_t)s->pcrSelect[0] | (uint32_t)s->pcrSelect[1] << 8 |
	       (uint32_t)s->pcrSelect[2] << 16;
	return 0;
}

static int values_digest(const struct attest_file *f, uint32_t mask, uint8_t out[32])
{
	uint8_t buf[PCR_COUNT * PCR_DIGEST_SIZE];
	size_t n = 0;

	for (unsigned p = 0; p < PCR_COUNT; p++)
		if (mask & (1u << p)) {
			memcpy(buf + n, f->pcrs[p], PCR_DIGEST_SIZE);
			n += PCR_DIGEST_SIZE;
		}
	return sha256_buf(buf, n, out);
}

static int check_quote(const struct attest_file *f, const struct attest_expect *e,
		       struct attest_verdict *v)
{
	const struct blob *q = &f->field[ATTEST_QUOTE];
	TPMS_ATTEST a;
	uint8_t want[32];
	size_t off = 0;
	int r;

	if (!q->data || Tss2_MU_TPMS_ATTEST_Unmarshal(q->data, q->len, &off, &a) || off != q->len ||
	    a.magic != TPM2_GENERATED_VALUE || a.type != TPM2_ST_ATTEST_QUOTE ||
	    quoted_mask(&a.attested.quote.pcrSelect, &v->quoted) < 0)
		return -EBADMSG;
	v->nonce_ok = a.extraData.size == e->nonce_len &&
		      memcmp(a.extraData.buffer, e->nonce, e->nonce_len) == 0;
	v->clock = a.clockInfo.clock;
	v->reset_count = a.clockInfo.resetCount;
	r = values_digest(f, v->quoted, want);
	if (r < 0)
		return r;
	v->pcrs_ok = (f->pcr_mask & v->quoted) == v->quoted &&
		     a.attested.quote.pcrDigest.size == 32 &&
		     memcmp(a.attested.quote.pcrDigest.buffer, want, 32) == 0;
	return 0;
}

int attest_file_events(const struct attest_file *f, struct eventlog *log)
{
	const struct blob *fw = &f->field[ATTEST_FIRMWARE_LOG], *pl = &f->field[ATTEST_PAYLOAD_LOG];
	int r = 0;

	if (fw->data)
		r = eventlog_parse(fw->data, fw->len, EVENT_FIRMWARE, log);
	if (r >= 0 && pl->data)
		r = eventlog_parse(pl->data, pl->len, EVENT_PAYLOAD, log);
	return r;
}

/* Quoted PCRs whose values the replayed events do not give. */
static uint32_t replay_mismatch(const struct replay *rp, const pcr_values values, uint32_t mask)
{
	uint32_t bad = 0;

	for (unsigned p = 0; p < PCR_COUNT; p++)
		if ((mask >> p) & 1 &&
		    (((rp->unreplayable >> p) & 1) || memcmp(rp->values[p], values[p], 32)))
			bad |= 1u << p;
	return bad;
}

static int check_golden(const struct attest_file *f, const struct attest_file *g,
			struct attest_verdict *v)
{
	int r = attest_file_events(g, &v->golden_log);

	if (r < 0)
		return r;
	v->have_golden = 1;
	for (unsigned p = 0; p < PCR_COUNT; p++)
		if ((v->quoted >> p) & 1 &&
		    (!((g->pcr_mask >> p) & 1) || memcmp(g->pcrs[p], f->pcrs[p], 32)))
			v->golden_mismatch |= 1u << p;
	return 0;
}

int attest_verify(const struct attest_file *f, const struct attest_expect *e,
		  struct attest_verdict *ret, const char **ret_what)
{
	struct attest_verdict v = { 0 };
	int r;

	*ret_what = "quote";
	r = check_quote(f, e, &v);
	if (r >= 0) {
		v.signature_ok = check_signature(f, e->ak);
		v.ak_matches = file_ak_matches(f, e->ak);
		*ret_what = "event log";
		r = attest_file_events(f, &v.log);
	}
	if (r >= 0)
		r = replay_log(&v.log, 0, &v.replayed);
	if (r >= 0)
		v.log_mismatch = replay_mismatch(&v.replayed,
						 (const uint8_t(*)[PCR_DIGEST_SIZE])f->pcrs,
						 v.quoted);
	if (r >= 0 && e->golden) {
		*ret_what = "golden file";
		r = check_golden(f, e->golden, &v);
	}
	if (r < 0) {
		attest_verdict_free(&v);
		return r;
	}
	*ret = v;
	return 0;
}

int attest_verdict_reason(const struct attest_verdict *v)
{
	if (!v->signature_ok)
		return -E_SIGNATURE;
	if (!v->nonce_ok)
		return -E_ROLLBACK;
	if (!v->pcrs_ok || v->log_mismatch)
		return -E_DIFFERS;
	if (v->golden_mismatch)
		return -E_SEALED;
	return 0;
}

int attest_golden_from(const struct attest_file *f, struct attest_file *ret)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct attest_file g = { .kind = ATTEST_GOLDEN_FILE, .pcr_mask = f->pcr_mask };
	struct replay rp;
	int r = attest_file_events(f, &log);

	if (r >= 0)
		r = replay_log(&log, 0, &rp);
	if (r < 0)
		return r;
	if (replay_mismatch(&rp, (const uint8_t(*)[PCR_DIGEST_SIZE])f->pcrs, f->pcr_mask))
		return -E_DIFFERS;
	memcpy(g.pcrs, f->pcrs, sizeof(g.pcrs));
	for (unsigned i = ATTEST_FIRMWARE_LOG; r >= 0 && i <= ATTEST_PAYLOAD_LOG; i++)
		if (f->field[i].data)
			r = attest_file_set(&g, i, f->field[i].data, f->field[i].len);
	if (r < 0) {
		attest_file_free(&g);
		return r;
	}
	*ret = g;
	return 0;
}
