/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpgv status lines ("[GNUPG:] KEYWORD ARGS") into a verdict. Keywords
 * are from GnuPG's doc/DETAILS. */
#include "gpgv-status.h"
#include "macro.h"

#include <stdint.h>

#define PREFIX "[GNUPG:] "

struct words {
	const char *w[11];
	size_t len[11];
	size_t n;
};

static void split_words(const char *p, size_t len, struct words *out)
{
	size_t i = 0;

	out->n = 0;
	while (i < len && out->n < ELEMENTSOF(out->w)) {
		while (i < len && p[i] == ' ')
			i++;
		if (i == len)
			break;
		out->w[out->n] = p + i;
		while (i < len && p[i] != ' ')
			i++;
		out->len[out->n] = (size_t)(p + i - out->w[out->n]);
		out->n++;
	}
}

static bool word_is(const struct words *w, size_t i, const char *s)
{
	return i < w->n && w->len[i] == strlen(s) && memcmp(w->w[i], s, w->len[i]) == 0;
}

static void copy_hex(const struct words *w, size_t i, char *out)
{
	size_t n = 0;

	if (i < w->n && w->len[i] <= GPGV_FPR_MAX)
		for (; n < w->len[i]; n++) {
			char c = w->w[i][n];
			out[n] = ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')) ? c : '?';
		}
	out[n] = '\0';
}

/* The user id: the rest of the line after the key id, made printable. */
static void copy_uid(const char *line, size_t len, const struct words *w, char *out)
{
	size_t start, n = 0;

	if (w->n < 3)
		return;
	start = (size_t)(w->w[2] - line);
	for (size_t i = start; i < len && n < GPGV_UID_MAX; i++)
		out[n++] = ((unsigned char)line[i] < 0x20 || line[i] == 0x7f) ? '?' : line[i];
	out[n] = '\0';
}

/* VALIDSIG fpr date ts expire version reserved pkalgo hashalgo class [primary-fpr] */
static void on_validsig(struct gpgv_status *s, const struct words *w)
{
	s->validsig++;
	copy_hex(w, w->n > 10 ? 10 : 1, s->fingerprint);
	if (word_is(w, 8, "1") || word_is(w, 8, "2") || word_is(w, 8, "3"))
		s->weak_digest = true;
}

static void on_sig(struct gpgv_status *s, const char *line, size_t len, const struct words *w)
{
	copy_hex(w, 1, s->keyid);
	copy_uid(line, len, w, s->uid);
	if (word_is(w, 0, "GOODSIG"))
		s->goodsig++;
	else if (word_is(w, 0, "BADSIG"))
		s->badsig = true;
	else if (word_is(w, 0, "EXPKEYSIG"))
		s->expkeysig = true;
	else if (word_is(w, 0, "REVKEYSIG"))
		s->revkeysig = true;
	else if (word_is(w, 0, "EXPSIG"))
		s->expsig = true;
}

static void on_line(struct gpgv_status *s, const char *line, size_t len)
{
	struct words w;

	split_words(line, len, &w);
	if (word_is(&w, 0, "NEWSIG"))
		s->newsig++;
	else if (word_is(&w, 0, "VALIDSIG"))
		on_validsig(s, &w);
	else if (word_is(&w, 0, "GOODSIG") || word_is(&w, 0, "BADSIG") ||
		 word_is(&w, 0, "EXPKEYSIG") || word_is(&w, 0, "REVKEYSIG") ||
		 word_is(&w, 0, "EXPSIG"))
		on_sig(s, line, len, &w);
	else if (word_is(&w, 0, "ERRSIG")) {
		s->errsig = true;
		copy_hex(&w, 1, s->keyid);
		if (word_is(&w, 6, "9"))
			s->no_pubkey = true;
	} else if (word_is(&w, 0, "NO_PUBKEY"))
		s->no_pubkey = true;
	else if (word_is(&w, 0, "NODATA"))
		s->nodata = true;
}

void gpgv_status_parse(const char *buf, size_t len, struct gpgv_status *ret)
{
	size_t pos = 0;

	*ret = (struct gpgv_status){ 0 };
	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		if (n > strlen(PREFIX) && memcmp(line, PREFIX, strlen(PREFIX)) == 0)
			on_line(ret, line + strlen(PREFIX), n - strlen(PREFIX));
		pos += n + 1;
	}
}

enum gpgv_verdict gpgv_status_verdict(const struct gpgv_status *s)
{
	if (s->revkeysig)
		return GPGV_REVOKED_KEY;
	if (s->expkeysig)
		return GPGV_EXPIRED_KEY;
	if (s->expsig)
		return GPGV_EXPIRED_SIG;
	if (s->badsig)
		return GPGV_BAD;
	if (s->no_pubkey)
		return GPGV_UNKNOWN_KEY;
	if (s->errsig)
		return GPGV_ERROR;
	if (s->newsig == 0 || s->nodata)
		return GPGV_NO_SIGNATURE;
	if (s->weak_digest)
		return GPGV_WEAK_DIGEST;
	if (s->goodsig != s->newsig || s->validsig != s->newsig)
		return GPGV_ERROR;
	return GPGV_GOOD;
}

const char *gpgv_verdict_text(enum gpgv_verdict v)
{
	static const char *const text[] = {
		[GPGV_GOOD] = "good signature",
		[GPGV_NO_SIGNATURE] =
			"the signature file holds no OpenPGP signature (truncated or garbage)",
		[GPGV_UNKNOWN_KEY] = "signed by a key that is not in the keyring",
		[GPGV_BAD] =
			"BAD signature: the manifest is not what was signed (edited after signing, or the signature is for another manifest)",
		[GPGV_EXPIRED_KEY] = "signed by a key that has expired; refused",
		[GPGV_REVOKED_KEY] = "signed by a key that has been revoked; refused",
		[GPGV_EXPIRED_SIG] = "the signature has expired; refused",
		[GPGV_WEAK_DIGEST] =
			"the signature uses a weak digest (MD5, SHA-1 or RIPEMD-160); refused",
		[GPGV_ERROR] = "gpgv could not check the signature",
	};

	return (size_t)v < ELEMENTSOF(text) ? text[v] : "unknown gpgv result";
}
