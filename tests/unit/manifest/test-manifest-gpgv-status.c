/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpgv status output (as captured from gpgv 2.2) into verdicts. */
#include "gpgv-status.h"
#include "harness.h"

#define FPR "04BB409DD53061F5DDCC2157E8AEF6943878D76F"
#define NEWSIG "[GNUPG:] NEWSIG ed@example.org\n"
#define CONSIDERED "[GNUPG:] KEY_CONSIDERED " FPR " 0\n"
#define VALIDSIG "[GNUPG:] VALIDSIG " FPR " 2026-11-28 1795900078 0 4 0 22 8 00 " FPR "\n"

static enum gpgv_verdict verdict(const char *text, struct gpgv_status *s)
{
	gpgv_status_parse(text, strlen(text), s);
	return gpgv_status_verdict(s);
}

TEST(good)
{
	struct gpgv_status s;

	ASSERT_EQ(verdict(NEWSIG CONSIDERED
			  "[GNUPG:] SIG_ID x 2026-11-28 1795900078\n" CONSIDERED
			  "[GNUPG:] GOODSIG E8AEF6943878D76F Test Ed <ed@example.org>\n" VALIDSIG,
			  &s),
		  GPGV_GOOD);
	ASSERT_STREQ(s.fingerprint, FPR);
	ASSERT_STREQ(s.uid, "Test Ed <ed@example.org>");
}

TEST(unknown_key)
{
	struct gpgv_status s;

	ASSERT_EQ(verdict(NEWSIG "[GNUPG:] ERRSIG E8AEF6943878D76F 22 8 00 1795900078 9 " FPR
				 "\n[GNUPG:] NO_PUBKEY E8AEF6943878D76F\n",
			  &s),
		  GPGV_UNKNOWN_KEY);
	ASSERT_STREQ(s.keyid, "E8AEF6943878D76F");
}

TEST(bad_expired_revoked)
{
	struct gpgv_status s;

	ASSERT_EQ(verdict(NEWSIG CONSIDERED "[GNUPG:] BADSIG E8AEF6943878D76F Test\n", &s), GPGV_BAD);
	ASSERT_EQ(verdict(NEWSIG
			  "[GNUPG:] KEYEXPIRED 1609372800\n"
			  "[GNUPG:] EXPKEYSIG 3CA06C3148D7BF33 Old <old@example.org>\n" VALIDSIG,
			  &s),
		  GPGV_EXPIRED_KEY);
	ASSERT_EQ(verdict(NEWSIG "[GNUPG:] REVKEYSIG E8AEF6943878D76F Test\n" VALIDSIG, &s),
		  GPGV_REVOKED_KEY);
	ASSERT_EQ(verdict(NEWSIG "[GNUPG:] EXPSIG E8AEF6943878D76F Test\n" VALIDSIG, &s),
		  GPGV_EXPIRED_SIG);
}

TEST(no_signature)
{
	struct gpgv_status s;

	ASSERT_EQ(verdict("[GNUPG:] NODATA 1\n[GNUPG:] NODATA 2\n", &s), GPGV_NO_SIGNATURE);
	ASSERT_EQ(verdict("", &s), GPGV_NO_SIGNATURE);
	ASSERT_EQ(verdict("gpgv: Good signature\n", &s), GPGV_NO_SIGNATURE);
}

TEST(every_signature_must_be_good)
{
	struct gpgv_status s;

	/* a good one plus one by an unknown key */
	ASSERT_EQ(verdict(NEWSIG "[GNUPG:] GOODSIG E8AEF6943878D76F T\n" VALIDSIG NEWSIG
				 "[GNUPG:] ERRSIG 1111111111111111 22 8 00 1 9 -\n",
			  &s),
		  GPGV_UNKNOWN_KEY);
	/* GOODSIG without VALIDSIG */
	ASSERT_EQ(verdict(NEWSIG "[GNUPG:] GOODSIG E8AEF6943878D76F T\n", &s), GPGV_ERROR);
	/* a GOODSIG line with no NEWSIG before it */
	ASSERT_EQ(verdict("[GNUPG:] GOODSIG E8AEF6943878D76F T\n" VALIDSIG, &s), GPGV_NO_SIGNATURE);
}

TEST(weak_digest)
{
	struct gpgv_status s;

	ASSERT_EQ(verdict(NEWSIG "[GNUPG:] GOODSIG E8AEF6943878D76F T\n[GNUPG:] VALIDSIG " FPR
				 " 2026-11-28 1795900078 0 4 0 1 2 00 " FPR "\n",
			  &s),
		  GPGV_WEAK_DIGEST);
}

TEST(uid_made_printable)
{
	struct gpgv_status s;

	verdict(NEWSIG "[GNUPG:] GOODSIG E8AEF6943878D76F A\x1b[2Jb\n" VALIDSIG, &s);
	ASSERT_STREQ(s.uid, "A?[2Jb");
}
