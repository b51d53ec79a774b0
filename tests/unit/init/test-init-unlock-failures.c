/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the owner reads after a successful unlock that wrong passphrases
 * came before (src/front/unlock-failures.c): nothing when there were
 * none, the count and dates from the firmware's record, the TPM's count
 * without a record, and the failures the TPM counted beyond the record. */
#include "harness.h"
#include "unlock-failures.h"

#include <stdlib.h>
#include <string.h>

static char *print(const struct disk_failures *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ASSERT(out);
	unlock_failures_print(out, f);
	fclose(out);
	return buf;
}

#define T1 1764754380 /* 2025-12-03 09:33 UTC */
#define T2 1764840840 /* 2025-12-04 09:34 UTC */

TEST(nothing_when_there_were_none)
{
	struct disk_failures f = { .have_record = true, .tries_left = 10, .interval_s = 3600 };
	char *s = print(&f);

	ASSERT_EQ(strlen(s), 0u);
	free(s);
	/* The TPM's count is the record's baseline: no record needed. */
	f = (struct disk_failures){ .tries_left = 10 };
	s = print(&f);
	ASSERT_EQ(strlen(s), 0u);
	free(s);
}

TEST(the_record_gives_count_and_dates)
{
	struct disk_failures f = { .have_record = true,
				   .noted = 3,
				   .first = T1,
				   .last = T2,
				   .tpm_failed = 3,
				   .tries_left = 7,
				   .interval_s = 3600 };
	char *s = print(&f);

	ASSERT(strstr(s,
		      "WARNING: 3 wrong passphrases since the last successful unlock: the first on 2025-12-03 09:33 UTC, the last on 2025-12-04 09:34 UTC."));
	ASSERT(strstr(s, "someone tried to guess your passphrase"));
	ASSERT(strstr(s,
		      "The TPM still counts 3 towards its lockout (7 tries left; it forgets one every 60 minutes)."));
	ASSERT(!strstr(s, "more failed authorization"));
	free(s);
}

TEST(one_failure_has_one_date)
{
	struct disk_failures f = { .have_record = true,
				   .noted = 1,
				   .first = T2,
				   .last = T2,
				   .tpm_failed = 1,
				   .tries_left = 9,
				   .interval_s = 3600 };
	char *s = print(&f);

	ASSERT(strstr(s,
		      "WARNING: 1 wrong passphrase since the last successful unlock, on 2025-12-04 09:34 UTC."));
	free(s);
}

TEST(without_a_record_the_tpm_count)
{
	struct disk_failures f = { .tpm_failed = 2, .tpm_cleared = true, .tries_left = 3 };
	char *s = print(&f);

	ASSERT(strstr(s,
		      "WARNING: 2 wrong passphrases since the last successful unlock (the TPM's count)."));
	/* The counter was reset: nothing still counts. */
	ASSERT(!strstr(s, "still counts"));
	free(s);
}

TEST(failures_beyond_the_record)
{
	struct disk_failures f = { .have_record = true,
				   .unexplained = 2,
				   .tpm_failed = 2,
				   .tries_left = 8,
				   .interval_s = 3600 };
	char *s = print(&f);

	ASSERT(strstr(s,
		      "WARNING: the TPM counted 2 more failed authorizations than wrong unlock passphrases"));
	ASSERT(!strstr(s, "since the last successful unlock"));
	free(s);
}
