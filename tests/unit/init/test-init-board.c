/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking values up in the board profile. */
#include "board.h"
#include "harness.h"
#include "macro.h"

static const char profile[] = "# the emulated board\n"
			      "board=qemu-q35\n"
			      "\n"
			      "  totp_pcrs = 0,1,2,3,4,7,9  \n"
			      "boardx=no\n"
			      "empty=";

TEST(values)
{
	char v[32];

	ASSERT_EQ(board_get(profile, sizeof(profile) - 1, "board", v, sizeof(v)), 0);
	ASSERT_STREQ(v, "qemu-q35");
	ASSERT_EQ(board_get(profile, sizeof(profile) - 1, "totp_pcrs", v, sizeof(v)), 0);
	ASSERT_STREQ(v, "0,1,2,3,4,7,9");
	ASSERT_EQ(board_get(profile, sizeof(profile) - 1, "empty", v, sizeof(v)), 0);
	ASSERT_STREQ(v, "");
}

TEST(missing_key)
{
	char v[32];

	ASSERT_EQ(board_get(profile, sizeof(profile) - 1, "boar", v, sizeof(v)), -ENOENT);
	ASSERT_EQ(board_get("", 0, "board", v, sizeof(v)), -ENOENT);
}

TEST(too_long_value)
{
	char v[4];

	ASSERT_EQ(board_get(profile, sizeof(profile) - 1, "board", v, sizeof(v)), -ENAMETOOLONG);
}

TEST(malformed_line)
{
	static const char bad[] = "board=x\nthis is not a setting\ntotp_pcrs=1\n";
	char v[32];

	ASSERT_EQ(board_get(bad, sizeof(bad) - 1, "board", v, sizeof(v)), 0);
	ASSERT_EQ(board_get(bad, sizeof(bad) - 1, "totp_pcrs", v, sizeof(v)), -EBADMSG);
}

TEST(not_nul_terminated)
{
	static const char buf[] = { 'b', 'o', 'a', 'r', 'd', '=', 'a', 'b' };
	char v[32];

	ASSERT_EQ(board_get(buf, sizeof(buf), "board", v, sizeof(v)), 0);
	ASSERT_STREQ(v, "ab");
}
