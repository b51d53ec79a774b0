/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checked formatting: a path that does not fit is an error, not a shorter
 * path naming some other file. */
#include "harness.h"
#include "macro.h"
#include "measure.h"
#include "snapshot.h"
#include "strbuf.h"

#include <errno.h>
#include <limits.h>

TEST(strfmt_fits_exactly)
{
	char buf[8];
	ASSERT_EQ(strfmt(buf, sizeof(buf), "/%s", "boot12"), 7);
	ASSERT_STREQ(buf, "/boot12");
}

TEST(strfmt_one_byte_too_long_is_an_error)
{
	char buf[8] = "old";
	ASSERT_EQ(strfmt(buf, sizeof(buf), "/%s", "boot123"), -ENAMETOOLONG);
	ASSERT_STREQ(buf, ""); /* never a cut path */
}

TEST(over_long_path_is_an_error)
{
	_cleanup_free_ char *dir = malloc(PATH_MAX + 16);
	char path[PATH_MAX];
	ASSERT(dir);
	memset(dir, 'd', PATH_MAX + 15);
	dir[0] = '/';
	dir[PATH_MAX + 15] = '\0';
	ASSERT_EQ(strfmt(path, sizeof(path), "%s/grub/grub.cfg", dir), -ENAMETOOLONG);
	ASSERT_EQ(measure_log_path(dir, path, sizeof(path)), -ENAMETOOLONG);
	ASSERT_EQ(snapshot_path(dir, "totp", path, sizeof(path)), -ENAMETOOLONG);
	ASSERT_EQ(snapshot_path("/var/lib/heads", "totp", path, sizeof(path)), 0);
	ASSERT_STREQ(path, "/var/lib/heads/totp.eventlog");
}

TEST(strfmt_cut_marks_the_cut)
{
	char buf[8];
	strfmt_cut(buf, sizeof(buf), "%s", "a long description");
	ASSERT_STREQ(buf, "a lo...");
	strfmt_cut(buf, sizeof(buf), "%s", "short");
	ASSERT_STREQ(buf, "short");
}

TEST(strbuf_printf_appends)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };
	ASSERT_EQ(strbuf_printf(&b, "PCR %u", 7u), 0);
	ASSERT_EQ(strbuf_printf(&b, ", PCR %u (%s)", 4u, "boot"), 0);
	ASSERT_STREQ(b.s, "PCR 7, PCR 4 (boot)");
	ASSERT_EQ(b.len, strlen(b.s));
}
