/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR 7 of the next boot from a firmware image: one event for each owner
 * file's path and one for its content, in CBFS order, as /init measures
 * them; other files and files /init ignores give none. */
#include "cbfs-edit.h"
#include "cbfs-fixture.h"
#include "cbfs.h"
#include "harness.h"
#include "measure-event.h"
#include "owner-events.h"
#include "replay.h"
#include "sha.h"

#include <errno.h>

#define SIZE 0x20000u

static uint8_t img[SIZE];

/* An empty CBFS as "cbfstool create -m x86 -s 0x20000" makes it, less its
 * master header. */
static void fresh(void)
{
	fixture_cbfs_empty(img, SIZE);
}

static void add(const char *name, const char *data)
{
	ASSERT_EQ(cbfs_add_raw(img, SIZE, name, (const uint8_t *)data, strlen(data)), 0);
}

static void assert_event(const struct event *ev, const char *measured, enum measure_kind kind,
			 const char *name)
{
	uint8_t digest[SHA256_SIZE];
	enum measure_kind k;
	char n[MEASURE_NAME_MAX + 1];

	ASSERT_EQ(ev->pcr, 7);
	ASSERT_EQ(sha256_buf(measured, strlen(measured), digest), 0);
	ASSERT(memcmp(ev->sha256, digest, SHA256_SIZE) == 0);
	ASSERT_EQ(measure_event_parse(ev, &k, n), 1);
	ASSERT_EQ(k, kind);
	ASSERT_STREQ(n, name);
}

TEST(owner_files_in_cbfs_order_path_then_content)
{
	struct eventlog log = { 0 };

	fresh();
	add("fallback/payload", "kernel");
	add("heads/initrd/etc/config.user", "CONFIG_BOOT_DEV=/dev/vda1\n");
	add("heads/initrd/../escape", "not installed");
	add("heads/initrd/.gnupg/pubring.kbx", "keyring");
	ASSERT_EQ(owner_events_from_image(img, SIZE, &log), 0);
	ASSERT_EQ(log.count, 4);
	assert_event(&log.events[0], "etc/config.user", MEASURE_USER_FILE_NAME,
		     "heads/initrd/etc/config.user");
	assert_event(&log.events[1], "CONFIG_BOOT_DEV=/dev/vda1\n", MEASURE_USER_FILE,
		     "heads/initrd/etc/config.user");
	assert_event(&log.events[2], ".gnupg/pubring.kbx", MEASURE_USER_FILE_NAME,
		     "heads/initrd/.gnupg/pubring.kbx");
	assert_event(&log.events[3], "keyring", MEASURE_USER_FILE, "heads/initrd/.gnupg/pubring.kbx");
	eventlog_free(&log);
}

/* The replayed value is the chain of extends the TPM computes. */
TEST(replay_gives_the_extended_value)
{
	struct eventlog log = { 0 };
	uint8_t pcr[64] = { 0 }, digest[SHA256_SIZE];
	struct replay rp;
	const char *measured[] = { "etc/a", "A" };

	fresh();
	add("heads/initrd/etc/a", "A");
	ASSERT_EQ(owner_events_from_image(img, SIZE, &log), 0);
	ASSERT_EQ(replay_log(&log, 0, &rp), 0);
	for (size_t i = 0; i < 2; i++) {
		ASSERT_EQ(sha256_buf(measured[i], strlen(measured[i]), digest), 0);
		memcpy(pcr + SHA256_SIZE, digest, SHA256_SIZE);
		ASSERT_EQ(sha256_buf(pcr, sizeof(pcr), pcr), 0);
	}
	ASSERT(memcmp(rp.values[7], pcr, SHA256_SIZE) == 0);
	eventlog_free(&log);
}

TEST(a_changed_keyring_changes_pcr7)
{
	struct eventlog a = { 0 }, b = { 0 };
	struct replay ra, rb;
	struct cbfs_owner_file f = { "heads/initrd/.gnupg/pubring.kbx", (const uint8_t *)"new", 3 };

	fresh();
	add("heads/initrd/etc/config.user", "x");
	add("heads/initrd/.gnupg/pubring.kbx", "old");
	ASSERT_EQ(owner_events_from_image(img, SIZE, &a), 0);
	ASSERT_EQ(cbfs_set_owner_files(img, SIZE, &f, 1), 0);
	ASSERT_EQ(owner_events_from_image(img, SIZE, &b), 0);
	ASSERT_EQ(replay_log(&a, 0, &ra), 0);
	ASSERT_EQ(replay_log(&b, 0, &rb), 0);
	ASSERT(memcmp(ra.values[7], rb.values[7], SHA256_SIZE) != 0);
	ASSERT_EQ(b.count, 4);
	eventlog_free(&a);
	eventlog_free(&b);
}

TEST(no_cbfs_is_refused)
{
	struct eventlog log = { 0 };

	memset(img, 0, SIZE);
	ASSERT(owner_events_from_image(img, SIZE, &log) < 0);
	ASSERT_EQ(log.count, 0);
}
