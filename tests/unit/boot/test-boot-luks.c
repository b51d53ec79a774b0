/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The LUKS volumes and the dm-verity root hash an entry's command line
 * names, as the OS initrd reads them: the volumes /init enrols the disk
 * key into, the root hash `heads verity check --entry` checks against. */
#include "entry-luks.h"
#include "entry-verity.h"
#include "harness.h"
#include "macro.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define A "2a7c9e1b-3d4f-4a5b-8c6d-7e8f9a0b1c2d"
#define B "9d3a1f2e-7b6c-4d5e-8f9a-0b1c2d3e4f5a"
#define R "d957399168a0f6f54528dcdf94f56cc60223a4f2c7c6a17d5772fc65a939a74f"

TEST(entry_luks_reads_every_form)
{
	struct entry_luks l;

	ASSERT_EQ(entry_luks_parse("root=/dev/mapper/qubes_dom0-root ro rd.luks.uuid=luks-" A
				   " rd.lvm.lv=qubes_dom0/root luks.name=" B "=data quiet",
				   &l),
		  0);
	ASSERT_EQ(l.n, 2);
	ASSERT_STREQ(l.uuid[0], A);
	ASSERT_STREQ(l.uuid[1], B);
	ASSERT_EQ(entry_luks_parse("luks.uuid=" B " rd.luks.name=" A "=root", &l), 0);
	ASSERT_EQ(l.n, 2);
	ASSERT_STREQ(l.uuid[0], B);
	ASSERT_STREQ(l.uuid[1], A);
}

TEST(entry_luks_each_volume_once_lower_case)
{
	struct entry_luks l;

	ASSERT_EQ(entry_luks_parse("rd.luks.uuid=2A7C9E1B-3D4F-4A5B-8C6D-7E8F9A0B1C2D luks.uuid=" A,
				   &l),
		  0);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.uuid[0], A);
}

TEST(entry_luks_skips_what_names_no_volume)
{
	static const char *const none[] = {
		"",
		"root=/dev/mapper/root ro quiet",
		"rd.luks.uuid=" A "x",
		"rd.luks.uuid=2a7c9e1b",
		"rd.luks.uuid=" A "=root", /* a name goes with .name=, not .uuid= */
		"rd.luks.name=" A,
		"xrd.luks.uuid=" A,
		"rd.luks.uuid=",
		"rd.luks=no",
	};
	struct entry_luks l;

	for (size_t i = 0; i < ELEMENTSOF(none); i++) {
		ASSERT_EQ(entry_luks_parse(none[i], &l), 0);
		if (l.n != 0)
			FAILF("\"%s\" named a volume", none[i]);
	}
	ASSERT_EQ(entry_luks_parse(NULL, &l), 0);
	ASSERT_EQ(l.n, 0);
}

TEST(entry_luks_refuses_too_many)
{
	char cmdline[1024] = "";
	struct entry_luks l = { .n = 99 };

	for (int i = 0; i <= ENTRY_LUKS_MAX; i++) {
		char w[64];
		snprintf(w, sizeof(w), " rd.luks.uuid=%08x-3d4f-4a5b-8c6d-7e8f9a0b1c2d", i);
		strcat(cmdline, w);
	}
	ASSERT_EQ(entry_luks_parse(cmdline, &l), -E2BIG);
	ASSERT_EQ(l.n, 99);
}

/* The signed root hash of a dm-verity root: roothash=, once. */
TEST(entry_verity_roothash_read_once)
{
	char h[ENTRY_ROOTHASH_MAX + 1];

	ASSERT_EQ(entry_verity_roothash("root=/dev/mapper/root ro roothash=" R " quiet", h), 0);
	ASSERT_STREQ(h, R);
	ASSERT_EQ(entry_verity_roothash("roothash=" R " roothash=" R, h), 0);
	ASSERT_EQ(entry_verity_roothash("root=/dev/vda2 ro quiet", h), -ENOENT);
	ASSERT_EQ(entry_verity_roothash("xroothash=" R, h), -ENOENT);
	ASSERT_EQ(entry_verity_roothash(NULL, h), -ENOENT);
	ASSERT_EQ(entry_verity_roothash("roothash=" R "0", h), -EINVAL);
	ASSERT_EQ(entry_verity_roothash("roothash=" R " roothash=00" R, h), -EINVAL);
	ASSERT_EQ(entry_verity_roothash("roothash=zz", h), -EINVAL);
	ASSERT_EQ(entry_verity_roothash("roothash=", h), -EINVAL);
}
