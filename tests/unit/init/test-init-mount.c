/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The mount flags /init gives file systems from disks: a candidate /boot
 * read-only, the signing key writable, and both nosuid, nodev and noexec;
 * /boot's remount back to read-only keeps them.
 *
 * The trap: mount() defined here, in the test program, is the definition
 * the static library's calls bind to at link time (the executable's own
 * symbol comes before libc's), so no LD_PRELOAD is needed. It records
 * each call and mounts nothing. */
#include "harness.h"
#include "init.h"
#include "macro.h"

#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define DISK_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

struct mount_call {
	char source[64], target[256], type[16];
	unsigned long flags;
};

static struct mount_call calls[8];
static size_t n_calls;
static const char *refuse_type; /* this type fails with EINVAL; "*": every type */

int mount(const char *source, const char *target, const char *type, unsigned long flags,
	  const void *data)
{
	struct mount_call *c = &calls[n_calls++];

	(void)data;
	ASSERT(n_calls <= sizeof(calls) / sizeof(calls[0]));
	snprintf(c->source, sizeof(c->source), "%s", source ? source : "(null)");
	snprintf(c->target, sizeof(c->target), "%s", target);
	snprintf(c->type, sizeof(c->type), "%s", type ? type : "(null)");
	c->flags = flags;
	if (refuse_type && type && (streq(refuse_type, "*") || streq(refuse_type, type)))
		return errno = EINVAL, -1;
	return 0;
}

static char dir[] = "/tmp/heads-test-mount-XXXXXX";

static const char *mount_point(void)
{
	static char where[300];

	ASSERT(mkdtemp(dir));
	snprintf(where, sizeof(where), "%s/mnt", dir);
	return where;
}

static void cleanup(const char *where)
{
	ASSERT_EQ(rmdir(where), 0);
	ASSERT_EQ(rmdir(dir), 0);
}

TEST(boot_read_only_nosuid_nodev_noexec)
{
	const char *where = mount_point();

	ASSERT_EQ(init_mount_boot_fs("/dev/vda1", where), 0);
	ASSERT_EQ(n_calls, 1);
	ASSERT_STREQ(calls[0].source, "/dev/vda1");
	ASSERT_STREQ(calls[0].target, where);
	ASSERT_STREQ(calls[0].type, "ext4");
	ASSERT_EQ(calls[0].flags, MS_RDONLY | DISK_FLAGS);
	cleanup(where);
}

TEST(key_writable_but_nosuid_nodev_noexec)
{
	const char *where = mount_point();

	ASSERT_EQ(init_mount_key_fs("/dev/sdb1", where), 0);
	ASSERT_EQ(n_calls, 1);
	ASSERT_STREQ(calls[0].source, "/dev/sdb1");
	ASSERT_STREQ(calls[0].target, where);
	ASSERT_EQ(calls[0].flags, DISK_FLAGS);
	cleanup(where);
}

TEST(vfat_tried_after_ext4_with_the_same_flags)
{
	const char *where = mount_point();

	refuse_type = "ext4";
	ASSERT_EQ(init_mount_boot_fs("/dev/vda1", where), 0);
	ASSERT_EQ(n_calls, 2);
	ASSERT_STREQ(calls[0].type, "ext4");
	ASSERT_STREQ(calls[1].type, "vfat");
	ASSERT_EQ(calls[1].flags, MS_RDONLY | DISK_FLAGS);
	n_calls = 0;
	ASSERT_EQ(init_mount_key_fs("/dev/sdb1", where), 0);
	ASSERT_EQ(n_calls, 2);
	ASSERT_STREQ(calls[1].type, "vfat");
	ASSERT_EQ(calls[1].flags, DISK_FLAGS);
	cleanup(where);
}

TEST(neither_file_system)
{
	const char *where = mount_point();

	refuse_type = "*";
	ASSERT_EQ(init_mount_boot_fs("/dev/vda2", where), -EINVAL);
	ASSERT_EQ(n_calls, 2);
	cleanup(where);
}

/* Back to read-only after signing: the disk flags stay. (Not the
 * read-write direction: it creates a directory in the real /boot.) */
TEST(boot_remounted_read_only)
{
	struct init_state s = { .boot_dev = "/dev/vda1" };

	ASSERT_EQ(init_boot_writable(&s, false), 0);
	ASSERT_EQ(n_calls, 1);
	ASSERT_STREQ(calls[0].source, "(null)");
	ASSERT_STREQ(calls[0].target, "/boot");
	ASSERT_EQ(calls[0].flags, MS_REMOUNT | MS_RDONLY | DISK_FLAGS);
}

TEST(no_boot_nothing_remounted)
{
	struct init_state s = { 0 };

	ASSERT_EQ(init_boot_writable(&s, false), -ENODEV);
	ASSERT_EQ(init_boot_writable(&s, true), -ENODEV);
	ASSERT_EQ(n_calls, 0);
}
