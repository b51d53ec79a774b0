/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM primary key's pin as text and as the kept file: parsing is
 * exact, a damaged file is an error (never "no pin"), and keeping writes
 * only a first, accepted or stated pin, never rewriting a match. */
#include "fileio.h"
#include "harness.h"
#include "macro.h"
#include "primary-pin.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define HEX_A "0ec20fe87fa5f61c7bb355908ca36229ded20efb51970dea5862e232d0e0e17b"
#define HEX_B "b3130c8544b98a6317a3ed273c6ba18616591e13f97237ddca82b14283a7edcc"

static char dir[PATH_MAX];

static const char *state(void)
{
	char tmpl[] = "/tmp/heads-pin-XXXXXX";
	ASSERT(mkdtemp(tmpl));
	snprintf(dir, sizeof(dir), "%s/state", tmpl); /* not made yet */
	return dir;
}

/* Removes what state() made (only on success; a failing test leaves it
 * to look at). */
static void drop(const char *statedir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/" PRIMARY_PIN_FILE, statedir);
	(void)unlink(path);
	ASSERT_EQ(rmdir(statedir), 0);
	snprintf(path, sizeof(path), "%s", statedir);
	*strrchr(path, '/') = '\0';
	ASSERT_EQ(rmdir(path), 0);
}

static void put(const char *statedir, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/" PRIMARY_PIN_FILE, statedir);
	(void)mkdir(statedir, 0755);
	ASSERT_EQ(write_file_atomic(path, text, strlen(text), 0644), 0);
}

static char *kept(const char *statedir)
{
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0;
	snprintf(path, sizeof(path), "%s/" PRIMARY_PIN_FILE, statedir);
	return read_file_full(path, 4096, &buf, &len) < 0 ? NULL : buf;
}

TEST(pin_text_exact)
{
	uint8_t h[TPM_PRIMARY_HASH_SIZE];
	char text[PRIMARY_PIN_TEXT_SIZE];

	ASSERT_EQ(primary_pin_parse("sha256:" HEX_A, h), 0);
	primary_pin_format(h, text);
	ASSERT_STREQ(text, "sha256:" HEX_A);
	ASSERT_EQ(primary_pin_parse("SHA256:" HEX_A, h), -EINVAL);
	ASSERT_EQ(primary_pin_parse(HEX_A, h), -EINVAL);
	ASSERT_EQ(primary_pin_parse("sha256:" HEX_A "0", h), -EINVAL);
	ASSERT_EQ(primary_pin_parse("sha256:" HEX_A " ", h), -EINVAL);
	ASSERT_EQ(primary_pin_parse("sha256:0ec2", h), -EINVAL);
	ASSERT_EQ(primary_pin_parse("sha256:x" HEX_A + 1, h), -EINVAL);
	ASSERT_EQ(primary_pin_parse(NULL, h), -EINVAL);
}

TEST(kept_pin_read)
{
	const char *d = state();
	uint8_t h[TPM_PRIMARY_HASH_SIZE], want[TPM_PRIMARY_HASH_SIZE];

	ASSERT_EQ(primary_pin_read(d, h), -ENOENT);
	put(d, "sha256:" HEX_A "\n");
	ASSERT_EQ(primary_pin_read(d, h), 0);
	ASSERT_EQ(primary_pin_parse("sha256:" HEX_A, want), 0);
	ASSERT(memcmp(h, want, sizeof(h)) == 0);
	/* Damaged: an error, not "no pin" (which would let any key on). */
	put(d, "sha256:" HEX_A);
	ASSERT_EQ(primary_pin_read(d, h), -EBADMSG);
	put(d, "sha256:" HEX_A "\r\n");
	ASSERT_EQ(primary_pin_read(d, h), -EBADMSG);
	put(d, "sha256:" HEX_A "\nsha256:" HEX_B "\n");
	ASSERT_EQ(primary_pin_read(d, h), -EBADMSG);
	put(d, "");
	ASSERT_EQ(primary_pin_read(d, h), -EBADMSG);
	drop(d);
}

static struct primary_pin decision(enum primary_pin_state st, enum primary_pin_source src,
				   const char *expected, const char *presented)
{
	struct primary_pin p = { .state = st, .source = src };
	if (expected)
		ASSERT_EQ(primary_pin_parse(expected, p.expected), 0);
	ASSERT_EQ(primary_pin_parse(presented, p.presented), 0);
	return p;
}

TEST(keep_first_and_accepted)
{
	const char *d = state();
	struct primary_pin first =
		decision(PRIMARY_PIN_FIRST, PRIMARY_PIN_NONE, NULL, "sha256:" HEX_A);
	struct primary_pin changed =
		decision(PRIMARY_PIN_CHANGED, PRIMARY_PIN_KEPT, "sha256:" HEX_A, "sha256:" HEX_B);
	_cleanup_free_ char *a = NULL, *b = NULL;

	ASSERT_EQ(primary_pin_keep(d, &first), 0); /* makes the state directory */
	a = kept(d);
	ASSERT_STREQ(a, "sha256:" HEX_A "\n");
	ASSERT_EQ(primary_pin_keep(d, &changed), 0);
	b = kept(d);
	ASSERT_STREQ(b, "sha256:" HEX_B "\n");
	drop(d);
}

/* A match with the kept or the signed pin writes nothing: enrolments do
 * not change a signed /boot. A stated key is kept. */
TEST(keep_match_writes_nothing)
{
	const char *d = state();
	struct primary_pin kept_match =
		decision(PRIMARY_PIN_MATCH, PRIMARY_PIN_KEPT, "sha256:" HEX_A, "sha256:" HEX_A);
	struct primary_pin signed_match =
		decision(PRIMARY_PIN_MATCH, PRIMARY_PIN_SIGNED, "sha256:" HEX_B, "sha256:" HEX_B);
	struct primary_pin stated =
		decision(PRIMARY_PIN_MATCH, PRIMARY_PIN_STATED, "sha256:" HEX_B, "sha256:" HEX_B);
	_cleanup_free_ char *a = NULL, *b = NULL;

	ASSERT_EQ(primary_pin_keep(d, &kept_match), 0);
	ASSERT(!kept(d));
	put(d, "sha256:" HEX_A "\n");
	ASSERT_EQ(primary_pin_keep(d, &signed_match), 0);
	a = kept(d);
	ASSERT_STREQ(a, "sha256:" HEX_A "\n");
	ASSERT_EQ(primary_pin_keep(d, &stated), 0);
	b = kept(d);
	ASSERT_STREQ(b, "sha256:" HEX_B "\n");
	drop(d);
}
