/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Board edits of kernel command lines. */
#include "cmdline.h"
#include "harness.h"
#include "macro.h"
#include "strbuf.h"

static char *edit(const char *orig, const char *add, const char *remove)
{
	_cleanup_strv_ char **a = NULL, **r = NULL;
	char *out = NULL;

	ASSERT_EQ(cmdline_split(add, &a), 0);
	ASSERT_EQ(cmdline_split(remove, &r), 0);
	int ret = cmdline_edit(orig, a, r, &out);
	return ret < 0 ? strdup("ERROR") : out;
}

TEST(cmdline_remove_and_add)
{
	_cleanup_free_ char *a =
		edit("root=/dev/x ro quiet splash", "console=ttyS0 ro", "quiet splash");
	_cleanup_free_ char *b = edit("  a   b  ", "", "");
	_cleanup_free_ char *c = edit("x \"a b\" y", "z", "\"a b\"");
	_cleanup_free_ char *d = edit("", "a a", "b");
	_cleanup_free_ char *e = edit("quietly quiet", "", "quiet");
	ASSERT_STREQ(a, "root=/dev/x ro console=ttyS0");
	ASSERT_STREQ(b, "a b");
	ASSERT_STREQ(c, "x y z");
	ASSERT_STREQ(d, "a");
	ASSERT_STREQ(e, "quietly");
}

TEST(cmdline_too_long)
{
	char big[CMDLINE_MAX + 1];
	memset(big, 'a', CMDLINE_MAX);
	big[CMDLINE_MAX] = '\0';
	_cleanup_free_ char *a = edit(big, "", "");
	ASSERT_STREQ(a, "ERROR");
	big[CMDLINE_MAX - 1] = '\0';
	_cleanup_free_ char *b = edit(big, "", "");
	ASSERT_EQ(strlen(b), CMDLINE_MAX - 1);
}
