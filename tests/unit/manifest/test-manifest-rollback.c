/* The rollback rule and the next counter value. */
#include "harness.h"
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
