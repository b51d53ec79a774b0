/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Offline policy digests against values tpm2-tools' trial sessions give. */
#include "harness.h"
#include "hexdump.h"
#include "policy.h"

TEST(policy_pcr_zero_pcrs)
{
	/* tpm2_createpolicy --policy-pcr -l sha256:0,1,2,3 on a fresh TPM
	 * (all four PCRs zero). */
	pcr_values v;
	uint8_t d[32];
	char hex[65];
	memset(v, 0, sizeof(v));
	policy_init(d);
	ASSERT_EQ(policy_pcr(d, 0xf, v), 0);
	hex_encode(d, 32, hex);
	ASSERT_STREQ(hex, "84b506c91f205e06abd6f83f269d8d8011d495e09214a40fe32b4660301dda09");
}

TEST(policy_auth_value_from_zero)
{
	uint8_t d[32];
	char hex[65];
	policy_init(d);
	ASSERT_EQ(policy_auth_value(d), 0);
	hex_encode(d, 32, hex);
	/* TPM 2.0 spec / tpm2_policyauthvalue on a trial session. */
	ASSERT_STREQ(hex, "8fcd2169ab92694e0c633f1ab772842b8241bbc20288981fc7ac1eddc1fddb0e");
}

TEST(policy_or_of_two_branches)
{
	/* SHA-256(32 zero bytes || TPM_CC_PolicyOR || d1 || d2), the digests
	 * being the two above; computed independently (Python hashlib). The
	 * integration tests show swtpm agrees (test-reseal). */
	uint8_t b[2][32], d[32];
	char hex[65];
	pcr_values v;

	memset(v, 0, sizeof(v));
	policy_init(b[0]);
	ASSERT_EQ(policy_pcr(b[0], 0xf, v), 0);
	policy_init(b[1]);
	ASSERT_EQ(policy_auth_value(b[1]), 0);
	memset(d, 0xaa, sizeof(d)); /* PolicyOR restarts from zeros */
	ASSERT_EQ(policy_or(d, (const uint8_t(*)[32])b, 2), 0);
	hex_encode(d, 32, hex);
	ASSERT_STREQ(hex, "fef354d9aca335fd15647d0ed27ec2086a6aea413fb1f68e9c8209572318ae11");
}

TEST(policy_or_takes_two_to_eight)
{
	uint8_t b[9][32] = { { 0 } }, d[32];

	ASSERT_EQ(policy_or(d, (const uint8_t(*)[32])b, 1), -EINVAL);
	ASSERT_EQ(policy_or(d, (const uint8_t(*)[32])b, 8), 0);
	ASSERT_EQ(policy_or(d, (const uint8_t(*)[32])b, 9), -EINVAL);
}
