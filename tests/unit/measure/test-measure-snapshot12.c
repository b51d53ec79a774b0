/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A TPM 1.2 secret's enrolment snapshot: the SHA-1 PCR values written as
 * "N: HEX" lines read back the same, anything else is refused, and the
 * PCRs that differ from the current values are the ones named. */
#include "harness.h"
#include "snapshot12.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static void fill(tpm12_pcr_values v)
{
	for (unsigned p = 0; p < TPM12_PCR_COUNT; p++)
		memset(v[p], 0x10 + (int)p, TPM12_PCR_SIZE);
}

TEST(format_and_parse_round_trip)
{
	tpm12_pcr_values v, back = { { 0 } };
	char text[SNAPSHOT12_TEXT_MAX];
	uint32_t mask = 0;

	fill(v);
	ASSERT_EQ(snapshot12_format(0x9f, v, text, sizeof(text)), 0);
	ASSERT(strncmp(text, "0: 1010101010101010101010101010101010101010\n1: 1111", 51) == 0);
	ASSERT(strstr(text, "\n7: 1717171717171717171717171717171717171717\n"));
	ASSERT(!strstr(text, "\n5: "));
	ASSERT_EQ(snapshot12_parse(text, strlen(text), &mask, back), 0);
	ASSERT_EQ(mask, 0x9f);
	ASSERT_EQ(snapshot12_differ(mask, v, back), 0);
}

TEST(malformed_snapshots_refused)
{
	static const char *bad[] = {
		"",
		"0: 10\n",
		"24: 1010101010101010101010101010101010101010\n",
		"1: 1010101010101010101010101010101010101010\n1: 1010101010101010101010101010101010101010\n",
		"1:1010101010101010101010101010101010101010\n",
		"x: 1010101010101010101010101010101010101010\n",
		"-1: 1010101010101010101010101010101010101010\n",
		"1: 101010101010101010101010101010101010101g\n",
		"1: 1010101010101010101010101010101010101010 \n",
		"1: 1010101010101010101010101010101010101010\n\n",
	};
	tpm12_pcr_values v;
	uint32_t mask = 0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (snapshot12_parse(bad[i], strlen(bad[i]), &mask, v) != -EBADMSG)
			FAILF("accepted: '%s'", bad[i]);
	ASSERT_EQ(snapshot12_parse("1: 10\0", 6, &mask, v), -EBADMSG);
}

TEST(differing_pcrs_named)
{
	tpm12_pcr_values a, b;

	fill(a);
	fill(b);
	b[2][19] ^= 1;
	b[7][0] ^= 0x80;
	b[9][0] ^= 1; /* not in the mask */
	ASSERT_EQ(snapshot12_differ(0x9f, a, b), (1u << 2) | (1u << 7));
	ASSERT_EQ(snapshot12_differ(0x03, a, b), 0);
}

TEST(saved_and_loaded)
{
	char dir[] = "/tmp/heads-test-snapshot12-XXXXXX", path[256];
	tpm12_pcr_values v, back;
	uint32_t mask = 0;

	ASSERT(mkdtemp(dir));
	fill(v);
	ASSERT_EQ(snapshot12_path(dir, "totp12", path, sizeof(path)), 0);
	ASSERT(strstr(path, "/totp12.pcrs"));
	ASSERT_EQ(snapshot12_load(path, &mask, back), -ENOENT);
	ASSERT_EQ(snapshot12_save(path, 0x1f, v), 0);
	ASSERT_EQ(snapshot12_load(path, &mask, back), 0);
	ASSERT_EQ(mask, 0x1f);
	ASSERT_EQ(snapshot12_differ(mask, v, back), 0);
	ASSERT_EQ(unlink(path), 0);
	ASSERT_EQ(rmdir(dir), 0);
}
