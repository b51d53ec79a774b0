/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entry numbers as typed at /init's boot menu or given to `heads boot
 * --entry`: one parser for both, refusing anything but a whole number. */
#include "entry.h"
#include "harness.h"
#include "parse.h"

TEST(entry_number_accepts_decimal)
{
	size_t n = 99;
	ASSERT_EQ(entry_number_parse("0", &n), 0);
	ASSERT_EQ(n, 0);
	ASSERT_EQ(entry_number_parse("12", &n), 0);
	ASSERT_EQ(n, 12);
	ASSERT_EQ(entry_number_parse("007", &n), 0);
	ASSERT_EQ(n, 7);
	ASSERT_EQ(entry_number_parse("1023", &n), 0);
	ASSERT_EQ(n, BOOT_ENTRIES_MAX - 1);
}

TEST(entry_number_refuses_non_numbers)
{
	static const char *const bad[] = { "abc", "",	 "1x",	"-1", "+1", " 1",
					   "1 ",  "0x1", "1.0", "\n", "-0" };
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		size_t n = 42;
		if (entry_number_parse(bad[i], &n) != -EINVAL)
			FAILF("\"%s\" was accepted", bad[i]);
		ASSERT_EQ(n, 42); /* untouched on failure */
	}
}

TEST(entry_number_refuses_out_of_range)
{
	size_t n = 42;
	ASSERT_EQ(entry_number_parse("1024", &n), -ERANGE);
	ASSERT_EQ(entry_number_parse("99999999999999999999999999", &n), -ERANGE);
	ASSERT_EQ(n, 42);
}

TEST(parse_unsigned_full_range)
{
	uint64_t v = 0;
	ASSERT_EQ(parse_unsigned("18446744073709551615", UINT64_MAX, &v), 0);
	ASSERT(v == UINT64_MAX);
	ASSERT_EQ(parse_unsigned("18446744073709551616", UINT64_MAX, &v), -ERANGE);
	ASSERT_EQ(parse_unsigned(NULL, 10, &v), -EINVAL);
}
