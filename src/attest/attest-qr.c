/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Splitting an attestation file across QR codes and joining it again. */
#include "attest-qr.h"
#include "attest-file.h"
#include "base64.h"
#include "macro.h"
#include "parse.h"
#include "strbuf.h"

#include <errno.h>

int attest_qr_split(const char *text, size_t len, size_t chunk, char ***ret)
{
	_cleanup_free_ char *b64 = NULL;
	_cleanup_strv_ char **lines = NULL;
	size_t n, total;

	if (len > ATTEST_FILE_MAX || chunk == 0)
		return -E2BIG;
	n = base64_encoded_len(len);
	b64 = malloc(n + 1);
	if (!b64)
		return -ENOMEM;
	base64_encode((const uint8_t *)text, len, b64);
	total = n ? (n + chunk - 1) / chunk : 1;
	if (total > ATTEST_QR_MAX_PIECES)
		return -E2BIG;
	for (size_t i = 0; i < total; i++) {
		char *line = NULL;
		size_t off = i * chunk, m = n - off < chunk ? n - off : chunk;
		if (asprintf(&line, ATTEST_QR_PREFIX "%zu/%zu:%.*s", i + 1, total, (int)m,
			     b64 + off) < 0)
			return -ENOMEM;
		if (strv_push(&lines, line) < 0)
			return -ENOMEM;
	}
	*ret = TAKE_PTR(lines);
	return 0;
}

struct pieces {
	unsigned total;
	const char *text[ATTEST_QR_MAX_PIECES + 1];
	size_t len[ATTEST_QR_MAX_PIECES + 1];
};

/* A number of 1-3 digits, no leading zero, ending at the character stop. */
static int take_number(const char **p, char stop, unsigned *ret)
{
	char num[4] = { 0 };
	const char *end = strchr(*p, stop);
	uint64_t v;

	if (!end || end == *p || end - *p > 3 || **p == '0')
		return -EBADMSG;
	memcpy(num, *p, (size_t)(end - *p));
	if (parse_unsigned(num, ATTEST_QR_MAX_PIECES, &v) < 0)
		return -EBADMSG;
	*ret = (unsigned)v;
	*p = end + 1;
	return 0;
}

static int add_piece(const char *line, size_t n, struct pieces *ps)
{
	const char *p = line + strlen(ATTEST_QR_PREFIX);
	unsigned i, total;

	if (!startswith(line, ATTEST_QR_PREFIX) || take_number(&p, '/', &i) < 0 ||
	    take_number(&p, ':', &total) < 0 || i > total)
		return -EBADMSG;
	if ((ps->total && ps->total != total) || ps->text[i])
		return -EBADMSG;
	ps->total = total;
	ps->text[i] = p;
	ps->len[i] = n - (size_t)(p - line);
	return 0;
}

/* Splits buf into lines in place and records each piece. */
static int collect(char *buf, struct pieces *ps)
{
	char *save = NULL;

	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (startswith(line, "QR-Code:"))
			line += strlen("QR-Code:"), n -= strlen("QR-Code:");
		if (n == 0)
			continue;
		if (add_piece(line, n, ps) < 0)
			return -EBADMSG;
	}
	return ps->total ? 0 : -EBADMSG;
}

static int concat(const struct pieces *ps, struct strbuf *b)
{
	for (unsigned i = 1; i <= ps->total; i++) {
		int r;
		if (!ps->text[i])
			return -EBADMSG;
		r = strbuf_append(b, ps->text[i], ps->len[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

int attest_qr_join(const char *buf, size_t len, char **ret, size_t *ret_len)
{
	_cleanup_free_ struct pieces *ps = calloc(1, sizeof(*ps));
	_cleanup_free_ char *copy = NULL;
	_cleanup_strbuf_ struct strbuf b = { 0 };
	uint8_t *out = NULL;
	size_t n = 0;
	int r;

	if (!ps)
		return -ENOMEM;
	if (len > 2 * ATTEST_FILE_MAX)
		return -E2BIG;
	if (memchr(buf, '\0', len))
		return -EBADMSG;
	copy = strndup(buf, len);
	if (!copy)
		return -ENOMEM;
	r = collect(copy, ps);
	if (r >= 0)
		r = concat(ps, &b);
	if (r >= 0 && base64_decode(b.s ? b.s : "", b.len, &out, &n) < 0)
		r = -EBADMSG;
	if (r < 0)
		return r;
	out[n] = '\0'; /* base64_decode leaves room for it */
	*ret = (char *)out;
	*ret_len = n;
	return 0;
}
