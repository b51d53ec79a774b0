/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads entries --json` output is valid UTF-8 JSON whatever bytes the
 * config's titles hold (json_write_string in shared/json.c). */
#include "entry-json.h"
#include "harness.h"
#include "json.h"
#include "memtree.h"

#include <errno.h>
#include <iconv.h>

/* An independent strict check: glibc's iconv refuses ill-formed UTF-8. */
static int utf8_valid(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "UTF-8");
	char out[4096], *in = (char *)s, *o = out;
	size_t left = n, room = sizeof(out);
	size_t r;

	ASSERT(cd != (iconv_t)-1);
	ASSERT(n < sizeof(out));
	r = iconv(cd, &in, &left, &o, &room);
	iconv_close(cd);
	return r != (size_t)-1 && left == 0;
}

static char *json_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ASSERT(f);
	json_write_string(f, s);
	ASSERT_EQ(fclose(f), 0);
	return buf;
}

TEST(json_latin1_grub_title_is_valid_utf8)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ASSERT_EQ(grub_with("menuentry 'D\xe9"
			    "bian \xe0 jour' { linux /vmlinuz; }\n",
			    &l),
		  0);
	ASSERT_EQ(l.n, 1);
	ASSERT(!utf8_valid(l.v[0].title, strlen(l.v[0].title)));
	f = open_memstream(&buf, &len);
	ASSERT(f);
	ASSERT_EQ(entries_write_json(f, &l), 0);
	ASSERT_EQ(fclose(f), 0);
	ASSERT(utf8_valid(buf, len));
	ASSERT(strstr(buf, "\"title\": \"D\\u00e9bian \\u00e0 jour\"") != NULL);
}

TEST(json_escapes_control_characters)
{
	_cleanup_free_ char *j = json_of("a\"b\\c\nd\te\rf\x01g\x7fh");
	ASSERT_STREQ(j, "\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\\u007fh\"");
}

TEST(json_keeps_valid_utf8)
{
	_cleanup_free_ char *j = json_of("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91");
	ASSERT_STREQ(j, "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91\"");
}

TEST(json_ill_formed_utf8_read_as_latin1)
{
	static const char *const bad[] = {
		"\xc0\xaf", /* overlong '/' */
		"\xed\xa0\x80", /* a surrogate */
		"\xf4\x90\x80\x80", /* beyond U+10FFFF */
		"\xe2\x82", /* cut short */
		"\x80", /* a stray continuation byte */
		"\xff",
	};
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		_cleanup_free_ char *j = json_of(bad[i]);
		if (!utf8_valid(j, strlen(j)) || strchr(j, 0x80) || strstr(j, "\\u00") != j + 1)
			FAILF("case %zu gave %s", i, j);
	}
	_cleanup_free_ char *j = json_of("\xc0\xaf");
	ASSERT_STREQ(j, "\"\\u00c0\\u00af\"");
	ASSERT_EQ(utf8_sequence_len((const unsigned char *)"\xe2\x82\xac", 3), 3);
	ASSERT_EQ(utf8_sequence_len((const unsigned char *)"\xe2\x82\xac", 2), 0);
}

TEST(json_null_is_empty_string)
{
	_cleanup_free_ char *j = json_of(NULL);
	ASSERT_STREQ(j, "\"\"");
}
