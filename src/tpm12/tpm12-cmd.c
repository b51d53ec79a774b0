/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building, sending and checking one command. */
#include "tpm12-cmd.h"
#include "errors.h"
#include "log.h"
#include "tpm12-digest.h"
#include "tpm12-result.h"
#include "tpm12-session.h"

#define TPM12_ST_CLEAR 0x0001u

void tpm12_cmd_init(struct tpm12_cmd *c, uint16_t tag, uint32_t ordinal)
{
	c->w.len = 0;
	c->w.overflow = false;
	c->ordinal = ordinal;
	tpm12_put_u16(&c->w, tag);
	tpm12_put_u32(&c->w, 0);
	tpm12_put_u32(&c->w, ordinal);
	c->hash_from = c->w.len;
}

void tpm12_cmd_hash_from_here(struct tpm12_cmd *c)
{
	c->hash_from = c->w.len;
}

/* SHA1(ordinal || the covered input parameters). */
static void in_param_digest(const struct tpm12_cmd *c, size_t end, uint8_t ret[TPM12_DIGEST_SIZE])
{
	tpm12_sha1(ret, c->w.buf + 6, 4, c->w.buf + c->hash_from, end - c->hash_from, NULL, 0);
}

/* SHA1(returnCode || ordinal || output parameters). */
static void out_param_digest(const struct tpm12_resp *r, uint32_t ordinal,
			     uint8_t ret[TPM12_DIGEST_SIZE])
{
	uint8_t ord[4] = { ordinal >> 24, (ordinal >> 16) & 0xff, (ordinal >> 8) & 0xff,
			   ordinal & 0xff };
	tpm12_sha1(ret, r->buf + 6, 4, ord, 4, r->params.p, r->params.len);
}

static int add_trailers(struct tpm12_cmd *c, struct tpm12_session *const *sessions, unsigned n)
{
	uint8_t digest[TPM12_DIGEST_SIZE];
	size_t end = c->w.len;
	int r;

	if (n == 0)
		return 0;
	in_param_digest(c, end, digest);
	for (unsigned i = 0; i < n; i++) {
		r = tpm12_session_trailer(sessions[i], digest, &c->w);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The header of a response with n trailers; sessions end on an error. */
static int parse_header(struct tpm12_resp *resp, struct tpm12_session *const *sessions, unsigned n)
{
	uint16_t tag = tpm12_be16(resp->buf);
	size_t trailers = (size_t)n * TPM12_RESP_AUTH_SIZE;

	resp->rc = tpm12_be32(resp->buf + 6);
	if (resp->rc != TPM12_SUCCESS) {
		for (unsigned i = 0; i < n; i++)
			sessions[i]->handle = 0;
		return tag == TPM12_TAG_RSP_COMMAND ? tpm12_result_to_errno(resp->rc) : -EBADMSG;
	}
	if (tag != TPM12_TAG_RSP_COMMAND + n || resp->len < 10 + trailers)
		return -EBADMSG;
	resp->params = TPM12_READER(resp->buf + 10, resp->len - 10 - trailers);
	return 0;
}

static int check_trailers(struct tpm12_resp *resp, uint32_t ordinal,
			  struct tpm12_session *const *sessions, unsigned n)
{
	uint8_t digest[TPM12_DIGEST_SIZE];
	const uint8_t *trailer = resp->params.p + resp->params.len;
	int r = 0;

	if (n == 0)
		return 0;
	out_param_digest(resp, ordinal, digest);
	for (unsigned i = 0; i < n; i++) {
		int k = tpm12_session_check(sessions[i], digest, trailer + i * TPM12_RESP_AUTH_SIZE);

		if (k < 0 && r == 0)
			r = k;
	}
	return r;
}

static int exchange(struct tpm12 *t, struct tpm12_cmd *c, struct tpm12_resp *resp)
{
	int r;

	resp->rc = TPM12_SUCCESS;
	resp->len = 0;
	tpm12_patch_u32(&c->w, 2, (uint32_t)c->w.len);
	if (c->w.overflow)
		return -E2BIG;
	r = tpm12_transmit(t, c->w.buf, c->w.len, resp->buf, sizeof(resp->buf), &resp->len);
	if (r < 0)
		return r;
	return 0;
}

int tpm12_cmd_run(struct tpm12 *t, struct tpm12_cmd *c, struct tpm12_session *const *sessions,
		  unsigned n, struct tpm12_resp *resp)
{
	int r = add_trailers(c, sessions, n);

	if (r < 0)
		return r;
	r = exchange(t, c, resp);
	/* A session sent without continueAuthSession ends with this command,
	 * whatever the answer. */
	for (unsigned i = 0; i < n; i++)
		if (!sessions[i]->cont)
			sessions[i]->handle = 0;
	if (r < 0)
		return r;
	r = parse_header(resp, sessions, n);
	if (r == -EAGAIN && n == 0 && !t->started && resp->rc == TPM12_INVALID_POSTINIT) {
		r = tpm12_startup(t);
		if (r < 0)
			return r;
		r = exchange(t, c, resp);
		if (r < 0)
			return r;
		r = parse_header(resp, sessions, n);
	}
	if (r < 0)
		return r;
	r = check_trailers(resp, c->ordinal, sessions, n);
	if (r < 0)
		return log_error_errno(r,
				       "The TPM's answer to command 0x%x failed its authorization check",
				       c->ordinal);
	return 0;
}

int tpm12_cmd_send(struct tpm12 *t, struct tpm12_cmd *c, struct tpm12_resp *resp)
{
	return tpm12_cmd_run(t, c, NULL, 0, resp);
}

int tpm12_startup(struct tpm12 *t)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	t->started = 1;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_Startup);
	tpm12_put_u16(&c.w, TPM12_ST_CLEAR);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r == -EAGAIN) /* TPM_INVALID_POSTINIT: started already */
		return 0;
	if (r < 0 && resp.rc != TPM12_SUCCESS)
		return tpm12_result_error(resp.rc, "TPM_Startup");
	return r;
}
