/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OIAP and OSAP sessions, their HMAC trailers and rolling nonces, ADIP. */
#include "tpm12-session.h"
#include "errors.h"
#include "log.h"
#include "tpm12-digest.h"
#include "tpm12-result.h"

#include <openssl/crypto.h>
#include <string.h>

#define TPM12_RT_AUTH 0x00000002u

const uint8_t tpm12_well_known_auth[TPM12_DIGEST_SIZE] = { 0 };

void tpm12_auth_from_bytes(const void *p, size_t len, uint8_t ret[TPM12_DIGEST_SIZE])
{
	tpm12_sha1(ret, p, len, NULL, 0, NULL, 0);
}

int tpm12_oiap(struct tpm12 *t, const uint8_t auth[TPM12_DIGEST_SIZE], struct tpm12_session *ret)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_OIAP);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_OIAP") : r;
	*ret = (struct tpm12_session){ .t = t };
	if (tpm12_get_u32(&resp.params, &ret->handle) < 0 ||
	    tpm12_get_bytes(&resp.params, ret->nonce_even, TPM12_DIGEST_SIZE) < 0)
		return -EBADMSG;
	memcpy(ret->key, auth, TPM12_DIGEST_SIZE);
	return 0;
}

int tpm12_osap_owner_new_auth(struct tpm12 *t, const uint8_t owner_auth[TPM12_DIGEST_SIZE],
			      const uint8_t new_auth[TPM12_DIGEST_SIZE], struct tpm12_session *ret,
			      uint8_t enc[TPM12_DIGEST_SIZE])
{
	int r = tpm12_osap(t, TPM12_ET_OWNER, TPM12_KH_OWNER, owner_auth, ret);

	if (r < 0)
		return r;
	tpm12_adip(ret, new_auth, enc);
	return 0;
}

int tpm12_run_oiap(struct tpm12 *t, const uint8_t auth[TPM12_DIGEST_SIZE], struct tpm12_cmd *c,
		   const char *what, struct tpm12_resp *resp)
{
	_cleanup_tpm12_session_ struct tpm12_session s = { 0 };
	struct tpm12_session *ss[] = { &s };
	int r = tpm12_oiap(t, auth, &s);

	if (r < 0)
		return r;
	r = tpm12_cmd_run(t, c, ss, 1, resp);
	if (r < 0)
		return resp->rc ? tpm12_result_error(resp->rc, what) : r;
	return 0;
}

int tpm12_osap(struct tpm12 *t, uint16_t entity_type, uint32_t entity_value,
	       const uint8_t auth[TPM12_DIGEST_SIZE], struct tpm12_session *ret)
{
	uint8_t odd_osap[TPM12_DIGEST_SIZE], even_osap[TPM12_DIGEST_SIZE], both[40];
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r = tpm12_random(t, odd_osap, sizeof(odd_osap));

	if (r < 0)
		return r;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_OSAP);
	tpm12_put_u16(&c.w, entity_type);
	tpm12_put_u32(&c.w, entity_value);
	tpm12_put_bytes(&c.w, odd_osap, sizeof(odd_osap));
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0)
		return resp.rc ? tpm12_result_error(resp.rc, "TPM_OSAP") : r;
	*ret = (struct tpm12_session){ .t = t };
	if (tpm12_get_u32(&resp.params, &ret->handle) < 0 ||
	    tpm12_get_bytes(&resp.params, ret->nonce_even, TPM12_DIGEST_SIZE) < 0 ||
	    tpm12_get_bytes(&resp.params, even_osap, TPM12_DIGEST_SIZE) < 0)
		return -EBADMSG;
	/* sharedSecret = HMAC(entity auth, nonceEvenOSAP || nonceOddOSAP) */
	memcpy(both, even_osap, 20);
	memcpy(both + 20, odd_osap, 20);
	tpm12_hmac(auth, both, sizeof(both), ret->key);
	return 0;
}

void tpm12_adip(const struct tpm12_session *s, const uint8_t secret[TPM12_DIGEST_SIZE],
		uint8_t ret[TPM12_DIGEST_SIZE])
{
	uint8_t pad[TPM12_DIGEST_SIZE];

	tpm12_sha1(pad, s->key, TPM12_DIGEST_SIZE, s->nonce_even, TPM12_DIGEST_SIZE, NULL, 0);
	for (size_t i = 0; i < TPM12_DIGEST_SIZE; i++)
		ret[i] = secret[i] ^ pad[i];
	OPENSSL_cleanse(pad, sizeof(pad));
}

/* HMAC(key, digest || nonceEven || nonceOdd || continueAuthSession). */
static void session_hmac(const struct tpm12_session *s, const uint8_t digest[TPM12_DIGEST_SIZE],
			 const uint8_t even[TPM12_DIGEST_SIZE], uint8_t cont,
			 uint8_t ret[TPM12_DIGEST_SIZE])
{
	uint8_t msg[61];

	memcpy(msg, digest, 20);
	memcpy(msg + 20, even, 20);
	memcpy(msg + 40, s->nonce_odd, 20);
	msg[60] = cont;
	tpm12_hmac(s->key, msg, sizeof(msg), ret);
}

int tpm12_session_trailer(struct tpm12_session *s, const uint8_t param_digest[TPM12_DIGEST_SIZE],
			  struct tpm12_writer *w)
{
	uint8_t mac[TPM12_DIGEST_SIZE];
	int r;

	if (s->handle == 0)
		return -EINVAL;
	r = tpm12_random(s->t, s->nonce_odd, sizeof(s->nonce_odd));
	if (r < 0)
		return r;
	session_hmac(s, param_digest, s->nonce_even, s->cont, mac);
	tpm12_put_u32(w, s->handle);
	tpm12_put_bytes(w, s->nonce_odd, sizeof(s->nonce_odd));
	tpm12_put_u8(w, s->cont);
	tpm12_put_bytes(w, mac, sizeof(mac));
	return 0;
}

int tpm12_session_check(struct tpm12_session *s, const uint8_t param_digest[TPM12_DIGEST_SIZE],
			const uint8_t trailer[TPM12_RESP_AUTH_SIZE])
{
	uint8_t mac[TPM12_DIGEST_SIZE];
	uint8_t cont = trailer[20];

	session_hmac(s, param_digest, trailer, cont, mac);
	if (CRYPTO_memcmp(mac, trailer + 21, sizeof(mac)) != 0) {
		s->handle = 0;
		return -E_BUS;
	}
	memcpy(s->nonce_even, trailer, TPM12_DIGEST_SIZE);
	if (!cont)
		s->handle = 0;
	return 0;
}

void tpm12_session_end(struct tpm12_session *s)
{
	if (s->handle && s->t) {
		struct tpm12_cmd c;
		struct tpm12_resp resp;

		tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_FlushSpecific);
		tpm12_put_u32(&c.w, s->handle);
		tpm12_put_u32(&c.w, TPM12_RT_AUTH);
		(void)tpm12_cmd_send(s->t, &c, &resp);
		s->handle = 0;
	}
	OPENSSL_cleanse(s->key, sizeof(s->key));
}
