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
