/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The attestation file: base64 against RFC 4648's vectors and strict
 * decoding, the text format's round trip and everything it refuses, and
 * the QR pieces joined back in any order. */
#include "attest-file.h"
#include "attest-qr.h"
#include "base64.h"
#include "harness.h"
#include "macro.h"
#include "strbuf.h"

static const char *enc(const char *s)
{
	static char out[64];

	base64_encode((const uint8_t *)s, strlen(s), out);
	return out;
}

TEST(base64_rfc4648_vectors)
{
	ASSERT_STREQ(enc(""), "");
	ASSERT_STREQ(enc("f"), "Zg==");
	ASSERT_STREQ(enc("fo"), "Zm8=");
	ASSERT_STREQ(enc("foo"), "Zm9v");
	ASSERT_STREQ(enc("foob"), "Zm9vYg==");
	ASSERT_STREQ(enc("fooba"), "Zm9vYmE=");
	ASSERT_STREQ(enc("foobar"), "Zm9vYmFy");
}

static int dec(const char *s, char *out)
{
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;
	int r = base64_decode(s, strlen(s), &buf, &len);

	if (r >= 0) {
		memcpy(out, buf, len);
		out[len] = '\0';
	}
	return r;
}

TEST(base64_decode_strict)
{
	char out[64];

	ASSERT_EQ(dec("Zm9vYmFy", out), 0);
	ASSERT_STREQ(out, "foobar");
	ASSERT_EQ(dec("Zm9vYg==", out), 0);
	ASSERT_STREQ(out, "foob");
	ASSERT_EQ(dec("", out), 0);
	ASSERT_STREQ(out, "");
	/* Wrong length, padding inside, stray characters, nonzero pad bits. */
	ASSERT_EQ(dec("Zm9", out), -EINVAL);
	ASSERT_EQ(dec("Zg==Zm8=", out), -EINVAL);
	ASSERT_EQ(dec("Zm9v\nYmFy", out), -EINVAL);
	ASSERT_EQ(dec("Zm 9", out), -EINVAL);
	ASSERT_EQ(dec("Zh==", out), -EINVAL);
	ASSERT_EQ(dec("Zm9=", out), -EINVAL);
	ASSERT_EQ(dec("Z===", out), -EINVAL);
	ASSERT_EQ(dec("Zg=A", out), -EINVAL);
}

static void sample(struct attest_file *f)
{
	*f = (struct attest_file){ .kind = ATTEST_QUOTE_FILE };
	ASSERT_EQ(attest_file_set(f, ATTEST_QUOTE,
				  "\xff"
				  "TCG quote",
				  10),
		  0);
	ASSERT_EQ(attest_file_set(f, ATTEST_SIGNATURE, "sig", 3), 0);
	ASSERT_EQ(attest_file_set(f, ATTEST_AK_PEM, "-----BEGIN PUBLIC KEY-----\n", 27), 0);
	ASSERT_EQ(attest_file_set(f, ATTEST_PAYLOAD_LOG, "", 0), 0);
	f->pcr_mask = (1u << 0) | (1u << 7) | (1u << 23);
	memset(f->pcrs[7], 0xab, 32);
	memset(f->pcrs[23], 0xff, 32);
}

TEST(format_then_parse_round_trip)
{
	_cleanup_attest_file_ struct attest_file f = { 0 };
	_cleanup_attest_file_ struct attest_file g = { 0 };
	_cleanup_free_ char *text = NULL, *again = NULL;
	size_t len = 0, len2 = 0;

	sample(&f);
	ASSERT_EQ(attest_file_format(&f, &text, &len), 0);
	ASSERT(startswith(text, "heads-attest 1\nquote /1RDRyBxdW90ZQ==\nsignature c2ln\n"
				"ak-pem LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0K\npcr 0 0000"));
	ASSERT(strstr(text, "\npcr 23 ffff"));
	ASSERT(strstr(text, "\npayload-log \n"));
	ASSERT_EQ(attest_file_parse(text, len, &g, NULL), 0);
	ASSERT_EQ(g.kind, ATTEST_QUOTE_FILE);
	ASSERT_EQ(g.pcr_mask, f.pcr_mask);
	ASSERT(memcmp(g.pcrs[7], f.pcrs[7], 32) == 0);
	ASSERT_EQ(g.field[ATTEST_QUOTE].len, 10);
	ASSERT(memcmp(g.field[ATTEST_QUOTE].data,
		      "\xff"
		      "TCG quote",
		      10) == 0);
	ASSERT(g.field[ATTEST_PAYLOAD_LOG].data && g.field[ATTEST_PAYLOAD_LOG].len == 0);
	ASSERT(!g.field[ATTEST_EK_CERT].data && !g.field[ATTEST_AK_PUBLIC].data);
	ASSERT_EQ(attest_file_format(&g, &again, &len2), 0);
	ASSERT_EQ(len2, len);
	ASSERT_STREQ(again, text);
}

static int parse(const char *text, unsigned *line)
{
	_cleanup_attest_file_ struct attest_file f = { 0 };

	return attest_file_parse(text, strlen(text), &f, line);
}

TEST(parse_refuses_malformed)
{
	static const char *const bad[] = {
		"",
		"heads-attest 2\n",
		"heads-attest 1",
		"heads-attest 1\nquote Zm9v",
		"heads-attest 1\nsignature Zm9v\nquote Zm9v\n",
		"heads-attest 1\nquote Zm9v\nquote Zm9v\n",
		"heads-attest 1\nquote Zm9\n",
		"heads-attest 1\nquote  Zm9v\n",
		"heads-attest 1\nnonsense Zm9v\n",
		"heads-attest 1\nquote\n",
		"heads-attest 1\npcr 24 "
		"0000000000000000000000000000000000000000000000000000000000000000\n",
		"heads-attest 1\npcr 07 "
		"0000000000000000000000000000000000000000000000000000000000000000\n",
		"heads-attest 1\npcr 7 "
		"000000000000000000000000000000000000000000000000000000000000000\n",
		"heads-attest 1\npcr 7 "
		"000000000000000000000000000000000000000000000000000000000000000A\n",
		"heads-attest 1\npcr 7 "
		"0000000000000000000000000000000000000000000000000000000000000000\npcr 7 "
		"0000000000000000000000000000000000000000000000000000000000000000\n",
		"heads-attest 1\npcr 7 "
		"0000000000000000000000000000000000000000000000000000000000000000\npcr 3 "
		"0000000000000000000000000000000000000000000000000000000000000000\n",
		"heads-attest 1\nek-cert Zm9v\npcr 3 "
		"0000000000000000000000000000000000000000000000000000000000000000\n",
		"heads-attest 1\npcr -1 "
		"0000000000000000000000000000000000000000000000000000000000000000\n",
	};
	unsigned line = 0;

	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		if (parse(bad[i], &line) != -EBADMSG)
			FAILF("accepted: %s", bad[i]);
	ASSERT_EQ(parse("heads-attest 1\nquote Zm9v\nquote Zm9v\n", &line), -EBADMSG);
	ASSERT_EQ(line, 3);
	ASSERT_EQ(parse("heads-attest 1\nquote Zm9v\n", &line), 0);
	ASSERT_EQ(parse("heads-golden 1\npcr 9 "
			"00000000000000000000000000000000000000000000000000000000000000ff\n",
			&line),
		  0);
}

TEST(parse_refuses_nul_and_size)
{
	_cleanup_attest_file_ struct attest_file f = { 0 };
	_cleanup_free_ char *big = calloc(1, ATTEST_FILE_MAX + 2);
	static const char nul[] = "heads-attest 1\nquote Zm9v\0\n";

	ASSERT_EQ(attest_file_parse(nul, sizeof(nul) - 1, &f, NULL), -EBADMSG);
	ASSERT(big);
	ASSERT_EQ(attest_file_parse(big, ATTEST_FILE_MAX + 1, &f, NULL), -E2BIG);
}

static char *join_lines(char **v, const size_t *order, size_t n)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		ASSERT_EQ(strbuf_puts(&b, v[order[i]]), 0);
		ASSERT_EQ(strbuf_puts(&b, i % 2 ? "\r\n" : "\n\n"), 0);
	}
	return strbuf_steal(&b);
}

TEST(qr_split_and_join_any_order)
{
	_cleanup_strv_ char **pieces = NULL;
	_cleanup_free_ char *text = NULL, *joined = NULL, *out = NULL;
	char file[1000];
	size_t order[8], n, len = 0;

	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (char)('a' + i % 26);
	ASSERT_EQ(attest_qr_split(file, sizeof(file), 400, &pieces), 0);
	n = strv_length(pieces);
	ASSERT_EQ(n, 4); /* 1336 characters of base64 */
	ASSERT(startswith(pieces[0], "HEADSQ1/4:YWJj"));
	ASSERT(startswith(pieces[3], "HEADSQ4/4:"));
	ASSERT_EQ(strlen(pieces[0]), strlen("HEADSQ1/4:") + 400);
	for (size_t i = 0; i < n; i++)
		order[i] = n - 1 - i;
	joined = join_lines(pieces, order, n);
	ASSERT_EQ(attest_qr_join(joined, strlen(joined), &out, &len), 0);
	ASSERT_EQ(len, sizeof(file));
	ASSERT(memcmp(out, file, len) == 0);
}

static int join(const char *s)
{
	_cleanup_free_ char *out = NULL;
	size_t len = 0;

	return attest_qr_join(s, strlen(s), &out, &len);
}

TEST(qr_join_refuses_incomplete)
{
	ASSERT_EQ(join("HEADSQ1/1:Zm9v\n"), 0);
	ASSERT_EQ(join("QR-Code:HEADSQ1/1:Zm9v\n"), 0);
	ASSERT_EQ(join("HEADSQ2/2:Zm9v\n"), -EBADMSG);
	ASSERT_EQ(join("HEADSQ1/2:Zm9v\nHEADSQ1/2:Zm9v\n"), -EBADMSG);
	ASSERT_EQ(join("HEADSQ1/2:Zm9v\nHEADSQ2/3:Zm9v\n"), -EBADMSG);
	ASSERT_EQ(join("HEADSQ0/1:Zm9v\n"), -EBADMSG);
	ASSERT_EQ(join("HEADSQ01/1:Zm9v\n"), -EBADMSG);
	ASSERT_EQ(join("HEADSQ1/1000:Zm9v\n"), -EBADMSG);
	ASSERT_EQ(join("HEADSQ1/1Zm9v\n"), -EBADMSG);
	ASSERT_EQ(join("something else\n"), -EBADMSG);
	ASSERT_EQ(join("\n\n"), -EBADMSG);
	ASSERT_EQ(join("HEADSQ1/1:Zm9\n"), -EBADMSG);
}
