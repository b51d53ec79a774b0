/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A quote and everything that goes with it into one attestation file. */
#include "quote.h"
#include "ak.h"
#include "ek.h"
#include "log.h"
#include "logs.h"
#include "pcr.h"
#include "pubkey.h"
#include "sha.h"
#include "tpm-error.h"

#include <tss2/tss2_mu.h>

/* Only the sha256 bank, only the PCRs in mask: the digest the TPM signs. */
static int pcr_digest(uint32_t mask, const pcr_values values, uint8_t out[32])
{
	uint8_t buf[PCR_COUNT * PCR_DIGEST_SIZE];
	size_t n = 0;

	for (unsigned p = 0; p < PCR_COUNT; p++)
		if (mask & (1u << p)) {
			memcpy(buf + n, values[p], PCR_DIGEST_SIZE);
			n += PCR_DIGEST_SIZE;
		}
	return sha256_buf(buf, n, out);
}

static int run_quote(struct tpm *t, ESYS_TR ak, const struct quote_request *req, uint32_t mask,
		     TPM2B_ATTEST **quoted, TPMT_SIGNATURE **sig)
{
	TPM2B_DATA nonce = { .size = (UINT16)req->nonce_len };
	TPMT_SIG_SCHEME scheme = { .scheme = TPM2_ALG_NULL };
	TPML_PCR_SELECTION sel;
	TSS2_RC rc;

	memcpy(nonce.buffer, req->nonce, req->nonce_len);
	pcr_selection_from_mask(mask, &sel);
	rc = Esys_Quote(t->esys, ak, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &nonce, &scheme,
			&sel, quoted, sig);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "The TPM cannot quote the PCRs");
	return 0;
}

static int set_signature(struct attest_file *f, const TPMT_SIGNATURE *sig)
{
	uint8_t buf[sizeof(TPMT_SIGNATURE)];
	size_t n = 0;

	if (Tss2_MU_TPMT_SIGNATURE_Marshal(sig, buf, sizeof(buf), &n) != TSS2_RC_SUCCESS)
		return -EPROTO;
	return attest_file_set(f, ATTEST_SIGNATURE, buf, n);
}

/* The PCRs are read, then quoted: a PCR extended between the two would
 * leave values the quote does not sign, so the digest is compared and the
 * pair taken again once. */
static int quote_pcrs(struct tpm *t, ESYS_TR ak, const struct quote_request *req, uint32_t mask,
		      struct attest_file *f)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		_cleanup_free_ TPM2B_ATTEST *quoted = NULL;
		_cleanup_free_ TPMT_SIGNATURE *sig = NULL;
		TPMS_ATTEST a;
		uint8_t want[32];
		int r = tpm_pcr_read(t, mask, f->pcrs);

		if (r >= 0)
			r = run_quote(t, ak, req, mask, &quoted, &sig);
		if (r >= 0)
			r = pcr_digest(mask, (const uint8_t(*)[PCR_DIGEST_SIZE])f->pcrs, want);
		if (r < 0)
			return r;
		if (Tss2_MU_TPMS_ATTEST_Unmarshal(quoted->attestationData, quoted->size, NULL, &a) !=
		    TSS2_RC_SUCCESS)
			return log_error_errno(EPROTO, "The TPM's quote is malformed");
		if (a.attested.quote.pcrDigest.size != 32 ||
		    memcmp(a.attested.quote.pcrDigest.buffer, want, 32) != 0)
			continue;
		f->pcr_mask = mask;
		r = attest_file_set(f, ATTEST_QUOTE, quoted->attestationData, quoted->size);
		return r < 0 ? r : set_signature(f, sig);
	}
	return log_error_errno(EAGAIN, "The PCRs kept changing while they were quoted");
}

static int set_ak(struct attest_file *f, const TPM2B_PUBLIC *pub)
{
	_cleanup_pubkey_ EVP_PKEY *key = NULL;
	_cleanup_free_ char *pem = NULL;
	uint8_t buf[sizeof(TPM2B_PUBLIC)];
	size_t n = 0, pem_len = 0;
	int r;

	if (Tss2_MU_TPM2B_PUBLIC_Marshal(pub, buf, sizeof(buf), &n) != TSS2_RC_SUCCESS)
		return -EPROTO;
	r = attest_file_set(f, ATTEST_AK_PUBLIC, buf, n);
	if (r >= 0)
		r = pubkey_from_tpm(&pub->publicArea, &key);
	if (r >= 0)
		r = pubkey_to_pem(key, &pem, &pem_len);
	if (r >= 0)
		r = attest_file_set(f, ATTEST_AK_PEM, pem, pem_len);
	return r;
}

/* The RSA EK's certificate, else the ECC one's; none is fine. */
static int set_ek_cert(struct tpm *t, struct attest_file *f)
{
	struct blob cert = { 0 };
	int r = ek_cert_read(t, EK_RSA, &cert);

	if (r == -ENOENT)
		r = ek_cert_read(t, EK_ECC, &cert);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	f->field[ATTEST_EK_CERT] = cert;
	return 0;
}

/* Each log carried is at most this long (a coreboot log is a few KiB). */
#define QUOTE_LOG_MAX (256u << 10)

/* Carries both logs as they are; parses them to see which PCRs they
 * extend (PCR 9 joins the default list when one does). */
static int set_logs(const struct quote_request *req, struct attest_file *f, uint32_t *ret_logged)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct logs_raw l = { 0 };
	int r = logs_read_raw(req->firmware_log, req->rundir, QUOTE_LOG_MAX, &l);

	if (r >= 0 && l.firmware)
		r = eventlog_parse(l.firmware, l.firmware_len, EVENT_FIRMWARE, &log);
	if (r >= 0 && l.payload)
		r = eventlog_parse(l.payload, l.payload_len, EVENT_PAYLOAD, &log);
	if (r == -EBADMSG)
		r = log_error_errno(r, "An event log is malformed; it cannot be attested");
	if (r >= 0 && l.firmware)
		r = attest_file_set(f, ATTEST_FIRMWARE_LOG, l.firmware, l.firmware_len);
	if (r >= 0 && l.payload)
		r = attest_file_set(f, ATTEST_PAYLOAD_LOG, l.payload, l.payload_len);
	*ret_logged = 0;
	for (size_t i = 0; r >= 0 && i < log.count; i++)
		if (log.events[i].pcr < PCR_COUNT)
			*ret_logged |= 1u << log.events[i].pcr;
	logs_raw_free(&l);
	return r;
}

int attest_quote(struct tpm *t, const struct quote_request *req, struct attest_file *ret)
{
	_cleanup_tpm_handle_ struct tpm_handle ak = tpm_handle_ref(t);
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	struct attest_file f = { .kind = ATTEST_QUOTE_FILE };
	uint32_t logged = 0, mask = req->mask;
	int r = set_logs(req, &f, &logged);

	if (!mask)
		mask = ATTEST_DEFAULT_PCRS | (logged & (1u << 9));
	if (r >= 0)
		r = ak_load(t, &ak.tr, &pub, NULL);
	if (r >= 0)
		r = quote_pcrs(t, ak.tr, req, mask, &f);
	if (r >= 0)
		r = set_ak(&f, pub);
	if (r >= 0)
		r = set_ek_cert(t, &f);
	if (r < 0) {
		attest_file_free(&f);
		return r;
	}
	*ret = f;
	return 0;
}

int attest_ak_pem(struct tpm *t, char **ret, size_t *ret_len)
{
	_cleanup_tpm_handle_ struct tpm_handle ak = tpm_handle_ref(t);
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	_cleanup_pubkey_ EVP_PKEY *key = NULL;
	int r = ak_load(t, &ak.tr, &pub, NULL);

	if (r >= 0)
		r = pubkey_from_tpm(&pub->publicArea, &key);
	if (r >= 0)
		r = pubkey_to_pem(key, ret, ret_len);
	return r;
}
