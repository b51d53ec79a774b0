/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BLS type #1 entries: parsing, the specification's order, version
 * comparison, and bad entries skipped. */
#include "bls.h"
#include "harness.h"
#include "log.h"
#include "macro.h"
#include "memtree.h"
#include "strbuf.h"
#include "vercmp.h"

TEST(bls_parse_keys)
{
	struct bls_entry e = { 0 };
	const char *s = "# comment\ntitle  Fedora Linux (6.5)  \nversion 6.5\nmachine-id abc\n"
			"sort-key fedora\nlinux /vmlinuz-6.5\ninitrd /a.img\ninitrd /b.img\n"
			"options root=x\noptions quiet\nunknown-key whatever\n\n";
	ASSERT_EQ(bls_parse(s, strlen(s), &e), 0);
	ASSERT_STREQ(e.title, "Fedora Linux (6.5)");
	ASSERT_STREQ(e.version, "6.5");
	ASSERT_STREQ(e.machine_id, "abc");
	ASSERT_STREQ(e.sort_key, "fedora");
	ASSERT_STREQ(e.linux_path, "/vmlinuz-6.5");
	ASSERT_EQ(strv_length(e.initrd), 2);
	ASSERT_STREQ(e.options, "root=x quiet");
	bls_entry_clear(&e);
}

TEST(bls_parse_rejects)
{
	struct bls_entry e = { 0 };
	ASSERT_EQ(bls_parse("title EFI\nefi /x.efi\n", 21, &e), -ENOMSG);
	ASSERT_EQ(bls_parse("linux /a\0b", 10, &e), -EINVAL);
	ASSERT_EQ(bls_parse("", 0, &e), -ENOMSG);
}

TEST(vercmp_rpm_rules)
{
	ASSERT(vercmp("6.5.12", "6.5.9") > 0);
	ASSERT(vercmp("6.5.9", "6.5.12") < 0);
	ASSERT(vercmp("1.0", "1.0") == 0);
	ASSERT(vercmp("1.0a", "1.0") > 0);
	ASSERT(vercmp("1.0~rc1", "1.0") < 0);
	ASSERT(vercmp("1.0", "1.0~rc1") > 0);
	ASSERT(vercmp("2.0", "10") < 0);
	ASSERT(vercmp("1.a", "1.1") < 0);
	ASSERT(vercmp("007", "7") == 0);
	ASSERT(vercmp("abc-0-rescue", "abc-6.1") < 0);
}

TEST(bls_order_per_specification)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	const struct memfs_file files[] = {
		F("/loader/entries/a-6.2.conf", "title plain 6.2\nlinux /vmlinuz\n"),
		F("/loader/entries/a-6.10.conf", "title plain 6.10\nlinux /vmlinuz\n"),
		F("/loader/entries/z.conf",
		  "title keyed b old\nsort-key b\nversion 1.2\nlinux /vmlinuz\n"),
		F("/loader/entries/y.conf",
		  "title keyed b new\nsort-key b\nversion 1.10\nlinux /vmlinuz\n"),
		F("/loader/entries/x.conf",
		  "title keyed a\nsort-key a\nversion 0.1\nlinux /vmlinuz\n"),
		F("/loader/entries/notes.txt", "title not an entry\nlinux /vmlinuz\n"),
		F("/loader/entries/bad.conf", "title missing kernel\nlinux /nope\n"),
		F("/loader/entries/efi.conf", "title efi\nefi /x.efi\n"),
	};
	log_set_level(LOG_ERR);
	ASSERT_EQ(discover_with(files, ELEMENTSOF(files), &l), 0);
	ASSERT_EQ(l.n, 5);
	ASSERT_STREQ(l.v[0].title, "keyed a");
	ASSERT_STREQ(l.v[1].title, "keyed b new");
	ASSERT_STREQ(l.v[2].title, "keyed b old");
	ASSERT_STREQ(l.v[3].title, "plain 6.10");
	ASSERT_STREQ(l.v[4].title, "plain 6.2");
}

TEST(bls_standalone_kernelopts_from_grubenv)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	const struct memfs_file files[] = {
		F("/grub2/grubenv", "# GRUB Environment Block\nkernelopts=root=/dev/y rw\n#####\n"),
		F("/loader/entries/e.conf", "linux /vmlinuz\noptions $kernelopts \"quoted x\"\n"),
	};
	log_set_level(LOG_ERR);
	ASSERT_EQ(discover_with(files, ELEMENTSOF(files), &l), 0);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "e.conf");
	ASSERT_STREQ(l.v[0].cmdline, "root=/dev/y rw quoted x");
}

TEST(bls_unterminated_quote_in_options_kept_as_written)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	const struct memfs_file files[] = {
		F("/loader/entries/e.conf", "title T\nlinux /vmlinuz\noptions a \"b\n"),
	};
	log_set_level(LOG_ERR);
	ASSERT_EQ(discover_with(files, ELEMENTSOF(files), &l), 0);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].cmdline, "a \"b");
}
