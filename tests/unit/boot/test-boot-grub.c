/* SPDX-License-Identifier: GPL-2.0-or-later */
/* grub.cfg scenarios, each config beside what it must give. */
#include "harness.h"
#include "log.h"
#include "macro.h"
#include "memtree.h"
#include "strbuf.h"

#define LOAD(cfg, l)                             \
	do {                                     \
		log_set_level(LOG_ERR);          \
		ASSERT_EQ(grub_with(cfg, l), 0); \
	} while (0)

TEST(grub_simple_entry)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("menuentry 'Linux' {\n linux /vmlinuz root=/dev/sda1 ro\n initrd /initrd.img\n}\n", &l);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "Linux");
	ASSERT_STREQ(l.v[0].kernel, "/vmlinuz");
	ASSERT_STREQ(l.v[0].initrd[0], "/initrd.img");
	ASSERT_STREQ(l.v[0].cmdline, "root=/dev/sda1 ro");
	ASSERT_EQ(l.v[0].source, SOURCE_GRUB);
}

TEST(grub_titles_quotes_and_escapes)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("menuentry 'It'\\''s' { linux /vmlinuz; }\n"
	     "menuentry \"say \\\"hi\\\" \\$x\" --class os { linux /vmlinuz; }\n"
	     "menuentry --class a --id x Plain\\ title { linux16 /vmlinuz; }\n",
	     &l);
	ASSERT_EQ(l.n, 3);
	ASSERT_STREQ(l.v[0].title, "It's");
	ASSERT_STREQ(l.v[1].title, "say \"hi\" $x");
	ASSERT_STREQ(l.v[2].title, "Plain title");
}

TEST(grub_variables_expand)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("set k=/vmlinuz\nset opts=\"a  b\"\nx=1\n"
	     "menuentry \"v$x\" { linux ${k} $opts \"$opts\" ${unset} c${x}d; initrd /initrd.img /initrd-2.img; }\n",
	     &l);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "v1");
	ASSERT_STREQ(l.v[0].cmdline, "a b \"a  b\" c1d");
	ASSERT_EQ(strv_length(l.v[0].initrd), 2);
}

TEST(grub_if_elif_else)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("set a=2\n"
	     "if [ $a = 1 ]; then set t=one; elif [ \"$a\" == 2 -a -n \"$a\" ]; then set t=two; else set t=other; fi\n"
	     "if [ x$feature_platform_search_hint = xy ]; then set p=hint; else set p=nohint; fi\n"
	     "if [ \"${grub_platform}\" = efi ]; then menuentry efi { linux /vmlinuz; }; fi\n"
	     "if ! [ -f /missing ]; then set f=nofile; fi\n"
	     "if [ -s /vmlinuz ]; then set s=yes; fi\n"
	     "menuentry \"$t $p $f $s\" { linux /vmlinuz; }\n",
	     &l);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "two hint nofile yes");
}

TEST(grub_submenus_in_menu_order)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("menuentry A { linux /vmlinuz; }\n"
	     "submenu 'More' {\n menuentry B { linux /vmlinuz; }\n submenu Deeper { menuentry C { linux /vmlinuz-2; } }\n}\n"
	     "menuentry D { linux /vmlinuz; }\n",
	     &l);
	ASSERT_EQ(l.n, 4);
	ASSERT_STREQ(l.v[0].title, "A");
	ASSERT_STREQ(l.v[1].title, "B");
	ASSERT_STREQ(l.v[2].title, "C");
	ASSERT_STREQ(l.v[3].title, "D");
}

TEST(grub_entry_scope_does_not_leak)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("set v=outer\nmenuentry A { set v=inner; linux /vmlinuz $v; }\nmenuentry B { linux /vmlinuz $v; }\n",
	     &l);
	ASSERT_STREQ(l.v[0].cmdline, "inner");
	ASSERT_STREQ(l.v[1].cmdline, "outer");
}

TEST(grub_functions_and_positional)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("function gfx { if [ \"$1\" = keep ]; then set vt=vt.handoff=7; else set vt=; fi; }\n"
	     "menuentry A { gfx keep; linux /vmlinuz quiet $vt; }\n"
	     "menuentry B { gfx text; linux /vmlinuz quiet $vt; }\n",
	     &l);
	ASSERT_STREQ(l.v[0].cmdline, "quiet vt.handoff=7");
	ASSERT_STREQ(l.v[1].cmdline, "quiet");
}

TEST(grub_xen_multiboot2)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("menuentry Xen {\n multiboot2 /xen.gz placeholder dom0_mem=1G\n"
	     " module2 /vmlinuz placeholder root=/dev/x ro\n module2 --nounzip /initrd.img\n}\n"
	     "menuentry XenOld { multiboot /xen.gz; module /vmlinuz; module /initrd.img; module /initrd-2.img; }\n",
	     &l);
	ASSERT_EQ(l.n, 2);
	ASSERT_EQ(l.v[0].kind, KIND_XEN);
	ASSERT_STREQ(l.v[0].hypervisor, "/xen.gz");
	ASSERT_STREQ(l.v[0].hypervisor_cmdline, "dom0_mem=1G");
	ASSERT_STREQ(l.v[0].kernel, "/vmlinuz");
	ASSERT_STREQ(l.v[0].cmdline, "root=/dev/x ro");
	ASSERT_STREQ(l.v[0].initrd[0], "/initrd.img");
	ASSERT_EQ(strv_length(l.v[1].initrd), 2);
}

TEST(grub_device_prefixes_and_boot_prefix)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("search --no-floppy --fs-uuid --set=root 1234\n"
	     "menuentry A { linux ($root)/vmlinuz; initrd (hd0,gpt2)/boot/initrd.img; }\n",
	     &l);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].kernel, "/vmlinuz");
	ASSERT_STREQ(l.v[0].initrd[0], "/initrd.img");
}

TEST(grub_missing_and_escaping_files_skipped)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("menuentry Missing { linux /vmlinuz-9; }\n"
	     "menuentry Escape { linux /../../etc/passwd; }\n"
	     "menuentry EscapeInitrd { linux /vmlinuz; initrd /boot/../../x; }\n"
	     "menuentry NoKernel { chainloader +1; }\n"
	     "menuentry Good { linux /vmlinuz; }\n",
	     &l);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "Good");
}

TEST(grub_unterminated_quote_is_malformed)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	log_set_level(LOG_ERR);
	ASSERT_EQ(grub_with("menuentry 'Linux {\n linux /vmlinuz\n}\n", &l), -EINVAL);
	ASSERT_EQ(grub_with("set a=\"x\n", &l), -EINVAL);
}

TEST(grub_unbalanced_braces_are_malformed)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	log_set_level(LOG_ERR);
	ASSERT_EQ(grub_with("menuentry A {\n linux /vmlinuz\n", &l), -EINVAL);
	ASSERT_EQ(grub_with("menuentry A { linux /vmlinuz; }\n}\n", &l), -EINVAL);
	ASSERT_EQ(grub_with("if true; then\nmenuentry A { linux /vmlinuz; }\n", &l), -EINVAL);
	ASSERT_EQ(grub_with("fi\n", &l), -EINVAL);
	ASSERT_EQ(grub_with("{ linux /vmlinuz; }\n", &l), -EINVAL);
	ASSERT_EQ(l.n, 0);
}

TEST(grub_deep_nesting_refused)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_strbuf_ struct strbuf b = { 0 };
	for (int i = 0; i < 200; i++)
		ASSERT_EQ(strbuf_puts(&b, "if true; then\n"), 0);
	for (int i = 0; i < 200; i++)
		ASSERT_EQ(strbuf_puts(&b, "fi\n"), 0);
	log_set_level(LOG_ERR);
	ASSERT_EQ(grub_with(b.s, &l), -EINVAL);
}

TEST(grub_source_loop_bounded)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	const struct memfs_file files[] = {
		F("/grub/grub.cfg", "source /grub/a.cfg\nmenuentry Main { linux /vmlinuz; }\n"),
		F("/grub/a.cfg", "source /grub/b.cfg\nsource /grub/b.cfg\nsource /grub/a.cfg\n"),
		F("/grub/b.cfg", "source $prefix/a.cfg\nmenuentry B { linux /vmlinuz; }\n"),
	};
	log_set_level(LOG_ERR);
	ASSERT_EQ(discover_with(files, ELEMENTSOF(files), &l), 0);
	ASSERT(l.n >= 2);
	ASSERT_STREQ(l.v[l.n - 1].title, "Main");
}

TEST(grub_function_recursion_bounded)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	log_set_level(LOG_ERR);
	/* Each level calls itself twice: 2^16 calls before the depth bound. */
	int r = grub_with("function f { f; f; }\nf\nmenuentry A { linux /vmlinuz; }\n", &l);
	ASSERT(r == -E2BIG || r == 0);
}

TEST(grub_variable_doubling_bounded)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_strbuf_ struct strbuf b = { 0 };
	ASSERT_EQ(strbuf_puts(&b, "set a=0123456789abcdef\n"), 0);
	for (int i = 0; i < 40; i++)
		ASSERT_EQ(strbuf_puts(&b, "set a=$a$a\n"), 0);
	ASSERT_EQ(strbuf_puts(&b, "menuentry A { linux /vmlinuz; }\n"), 0);
	log_set_level(LOG_ERR);
	ASSERT_EQ(grub_with(b.s, &l), 0);
	ASSERT_EQ(l.n, 1);
}

TEST(grub_enormous_file_refused)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	size_t n = BOOTFS_MAX_CONFIG + 10;
	char *big = malloc(n + 1);
	ASSERT(big);
	memset(big, '#', n);
	big[n] = '\0';
	log_set_level(LOG_ERR);
	ASSERT_EQ(grub_with(big, &l), -E2BIG);
	free(big);
}

TEST(grub_load_env_and_blscfg)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	const struct memfs_file files[] = {
		F("/grub2/grub.cfg",
		  "load_env -f $prefix/grubenv\n"
		  "if [ -z \"${kernelopts}\" ]; then set kernelopts=\"fallback\"; fi\n"
		  "insmod blscfg\nblscfg\nmenuentry After { linux /vmlinuz; }\n"),
		F("/grub2/grubenv",
		  "# GRUB Environment Block\nkernelopts=root=/dev/x ro\\\\n\n####\n"),
		F("/loader/entries/m-1.0.conf",
		  "title One\nlinux /vmlinuz\noptions $kernelopts extra\n"),
		F("/loader/entries/m-2.0.conf",
		  "title Two\nlinux /vmlinuz-2\ninitrd /initrd-2.img\noptions $kernelopts\n"),
	};
	log_set_level(LOG_ERR);
	ASSERT_EQ(discover_with(files, ELEMENTSOF(files), &l), 0);
	ASSERT_EQ(l.n, 3);
	ASSERT_STREQ(l.v[0].title, "Two");
	ASSERT_EQ(l.v[0].source, SOURCE_BLS);
	ASSERT_STREQ(l.v[0].cmdline, "root=/dev/x ro\\n");
	ASSERT_STREQ(l.v[1].cmdline, "root=/dev/x ro\\n extra");
	ASSERT_STREQ(l.v[2].title, "After");
}

TEST(grub_nested_menuentry_and_loops_ignored)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("menuentry Outer { menuentry Inner { linux /vmlinuz-2; }; linux /vmlinuz; }\n"
	     "for x in a b; do menuentry Loop { linux /vmlinuz; }; done\n"
	     "while true; do set a=b; done\n",
	     &l);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "Outer");
}

TEST(grub_comments_continuations_crlf)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	LOAD("# comment { '\r\nmenuentry 'A' { # not a brace }\r\n linux /vmlinuz \\\n a=1 \\\n b=2 # c\r\n}\r\n",
	     &l);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].cmdline, "a=1 b=2");
}
