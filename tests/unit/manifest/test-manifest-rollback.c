/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rollback rule and the next counter value. */
#include "harness.h"
#include "errors.h"
#include "log.h"
#include "manifest-binding.h"
#include "rollback.h"

TEST(check)
{
	ASSERT_EQ(rollback_check(5, 5), ROLLBACK_OK);
	ASSERT_EQ(rollback_check(6, 5), ROLLBACK_PENDING);
	ASSERT_EQ(rollback_check(4, 5), ROLLBACK_OLDER);
	ASSERT_EQ(rollback_check(0, UINT64_MAX), ROLLBACK_OLDER);
	ASSERT_EQ(rollback_check(7, 5), ROLLBACK_AHEAD);
	ASSERT_EQ(rollback_check(UINT64_MAX, 0), ROLLBACK_AHEAD);
}

TEST(next)
{
	uint64_t seen[] = { 5, 6 };

	ASSERT_EQ(rollback_next(5, NULL, 0), 6);
	ASSERT_EQ(rollback_next(5, seen, 1), 6);
	/* an interrupted signing already used 6: go past it */
	ASSERT_EQ(rollback_next(5, seen, 2), 7);
	/* values from disk other than tpm + 1 are ignored (unverified) */
	seen[1] = 1000000;
	ASSERT_EQ(rollback_next(5, seen, 2), 6);
}

/* The verdict on what the TPM said, without a TPM: the manifest signed at
 * counter 5 with primary key hash 0x11... */
static const struct manifest signed_at_5 = { .counter = 5, .primary = { 0x11, 0x11 } };

static struct manifest_tpm_facts tpm_says(uint64_t counter)
{
	struct manifest_tpm_facts f = { .counter = counter, .primary = { 0x11, 0x11 } };

	return f;
}

TEST(judge_current_and_pending)
{
	struct manifest_tpm_facts f = tpm_says(5);
	struct manifest_binding b;

	log_set_level(LOG_NONE);
	ASSERT_EQ(manifest_binding_judge(&signed_at_5, &f, &b), 0);
	ASSERT_EQ(b.tpm_counter, 5);
	ASSERT_EQ(b.verdict, ROLLBACK_OK);
	f = tpm_says(4); /* a signing cut off before the TPM counter advanced */
	ASSERT_EQ(manifest_binding_judge(&signed_at_5, &f, &b), 0);
	ASSERT_EQ(b.verdict, ROLLBACK_PENDING);
}

TEST(judge_refusals)
{
	struct manifest_tpm_facts f = tpm_says(6);
	struct manifest_binding b;

	log_set_level(LOG_NONE);
	ASSERT_EQ(manifest_binding_judge(&signed_at_5, &f, &b), -E_ROLLBACK); /* older */
	f = tpm_says(3);
	ASSERT_EQ(manifest_binding_judge(&signed_at_5, &f, &b), -E_ROLLBACK); /* far ahead */
	f = tpm_says(5);
	f.primary[0] = 0x22;
	ASSERT_EQ(manifest_binding_judge(&signed_at_5, &f, &b), -E_ROLLBACK); /* other TPM */
	f = tpm_says(5);
	f.counter_r = -ENOENT;
	ASSERT_EQ(manifest_binding_judge(&signed_at_5, &f, &b), -E_ROLLBACK); /* TPM cleared */
	f = tpm_says(5);
	f.primary_r = -EIO;
	ASSERT_EQ(manifest_binding_judge(&signed_at_5, &f, &b), -EIO);
}
