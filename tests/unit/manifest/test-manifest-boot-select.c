/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which /boot /init takes: once signed, only the file system the manifest
 * pins, whatever else is plugged in and however it sorts. */
#include "boot-select.h"
#include "harness.h"

#define FS "0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9"
#define PART "7f3a1d2c-0e4b-4c5d-9e6f-a1b2c3d4e5f6"
#define OTHER_PART "00000000-0000-4000-8000-000000000001"

/* The owner's /boot: signed, its manifest pins itself. */
static const struct boot_candidate internal = { "/dev/vdb1", { FS, PART }, true, true, { FS, PART } };
/* A dd copy of it on a stick: the same file system UUID and manifest, on
 * a partition of its own. */
static const struct boot_candidate copy = { "/dev/sda1", { FS, OTHER_PART }, true, true, { FS, PART } };
/* A stick with a boot configuration and no manifest. */
static const struct boot_candidate stranger = {
	"/dev/sdb1", { "ABCD-1234", "" }, true, false, { "", "" }
};
/* The owner's /boot before its first signing. */
static const struct boot_candidate unsigned_boot = {
	"/dev/vdb1", { FS, PART }, true, false, { "", "" }
};

TEST(pinned_one_wins_over_a_copy_that_sorts_first)
{
	struct boot_candidate c[] = { copy, stranger, internal };
	size_t i = 99;

	ASSERT_EQ(boot_select(c, 3, &i), BOOT_SELECT_PINNED);
	ASSERT_EQ(i, 2);
	ASSERT(!boot_candidate_self_pinned(&c[0]));
}

TEST(pinned_one_absent)
{
	struct boot_candidate c[] = { stranger, copy };
	size_t i = 99;

	ASSERT_EQ(boot_select(c, 2, &i), BOOT_SELECT_PINNED_ABSENT);
	ASSERT_EQ(i, 1);
}

TEST(a_manifest_pinning_itself_twice_is_ambiguous)
{
	struct boot_candidate clone = internal;
	struct boot_candidate c[] = { internal, stranger, clone };
	size_t i = 99;

	clone.dev = "/dev/sdc1";
	c[2] = clone;
	ASSERT_EQ(boot_select(c, 3, &i), BOOT_SELECT_AMBIGUOUS);
	ASSERT_EQ(i, 0);
}

TEST(before_the_first_signing)
{
	struct boot_candidate one[] = { unsigned_boot };
	struct boot_candidate two[] = { stranger, unsigned_boot };
	size_t i = 99;

	ASSERT_EQ(boot_select(one, 1, &i), BOOT_SELECT_ONLY);
	ASSERT_EQ(i, 0);
	ASSERT_EQ(boot_select(two, 2, &i), BOOT_SELECT_ASK);
	ASSERT_EQ(boot_select(two, 0, &i), BOOT_SELECT_NONE);
}

TEST(a_key_stick_without_config_is_no_candidate)
{
	struct boot_candidate key = { "/dev/vdc", { "1111-2222", "" }, false, false, { "", "" } };
	struct boot_candidate c[] = { key, unsigned_boot };
	size_t i = 99;

	ASSERT_EQ(boot_select(c, 2, &i), BOOT_SELECT_ONLY);
	ASSERT_EQ(i, 1);
}
