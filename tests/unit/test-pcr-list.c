/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing of --pcrs lists. */
#include "harness.h"
#include "pcr.h"

TEST(pcr_list_valid)
{
	uint32_t m = 0;
	char buf[80];
	ASSERT_EQ(pcr_list_parse("0,1,2,3,4,7", &m), 0);
	ASSERT_EQ(m, 0x9f);
	ASSERT_EQ(pcr_list_parse("23", &m), 0);
	ASSERT_EQ(m, 1u << 23);
	ASSERT_EQ(pcr_list_parse("0-3,7", &m), 0);
	ASSERT_EQ(m, 0x8f);
	pcr_list_format(m, buf, sizeof(buf));
	ASSERT_STREQ(buf, "0,1,2,3,7");
	ASSERT_EQ(pcr_list_parse("0-23", &m), 0);
	ASSERT_EQ(m, 0xffffff);
}

TEST(pcr_list_invalid)
{
	static const char *const bad[] = { "",	   "24", "-1", "a",  "1,",  ",1",  "1,,2", "3-1",
					   "1-24", " 1", "1 ", "+1", "007", "0x1", "1.5" };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t m = 0;
		if (pcr_list_parse(bad[i], &m) == 0)
			FAILF("accepted \"%s\"", bad[i]);
	}
	ASSERT(pcr_list_parse(NULL, &(uint32_t){ 0 }) < 0);
}
