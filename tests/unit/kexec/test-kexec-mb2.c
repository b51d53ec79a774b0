/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Our multiboot2 loader's pure parts: the header check, the ELF32
 * segments, the boot information, the memory layout, the trampoline, the
 * e820 map and Xen's command line. */
#include "acpi-ebda.h"
#include "gunzip.h"
#include "harness.h"
#include "macro.h"
#include "mb2-info.h"
#include "mb2-layout.h"
#include "mb2-tramp.h"
#include "mb2.h"
#include "memmap.h"
#include "xen-cmdline.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* A header at off 8 as Xen 4.17's: a required request for basic meminfo
 * and mmap, module alignment, an optional relocatable and framebuffer
 * tag; then tag (type, flags) when type is nonzero. Returns its length. */
static size_t header(uint8_t *img, uint16_t type, uint16_t flags, uint32_t request)
{
	uint8_t *h = img + 8;
	size_t off = 16;

	put32(h + off, 1 | 0 << 16), put32(h + off + 4, 16), put32(h + off + 8, 4),
		put32(h + off + 12, request), off += 16;
	put32(h + off, 6), put32(h + off + 4, 8), off += 8;
	put32(h + off, 10 | 1u << 16), put32(h + off + 4, 24), off += 24;
	put32(h + off, 5 | 1u << 16), put32(h + off + 4, 20), off += 24;
	if (type)
		put32(h + off, type | (uint32_t)flags << 16), put32(h + off + 4, 12), off += 16;
	put32(h + off, 0), put32(h + off + 4, 8), off += 8;
	put32(h, MB2_HEADER_MAGIC);
	put32(h + 4, 0);
	put32(h + 8, (uint32_t)off);
	put32(h + 12, -(MB2_HEADER_MAGIC + (uint32_t)off));
	return off;
}

TEST(mb2_header_like_xen_is_accepted)
{
	uint8_t img[4096] = { 0 };

	header(img, 0, 0, MB2_TAG_MMAP);
	ASSERT_EQ(mb2_header_check(img, sizeof(img)), 0);
}

TEST(mb2_header_refusals)
{
	uint8_t img[4096] = { 0 };

	ASSERT_EQ(mb2_header_check(img, sizeof(img)), -ENOEXEC); /* none */
	header(img, 0, 0, MB2_TAG_MMAP);
	img[20]++; /* checksum */
	ASSERT_EQ(mb2_header_check(img, sizeof(img)), -ENOEXEC);
	memset(img, 0, sizeof(img));
	header(img, 2, 0, MB2_TAG_MMAP); /* a required load address */
	ASSERT_EQ(mb2_header_check(img, sizeof(img)), -ENOTSUP);
	memset(img, 0, sizeof(img));
	header(img, 2, 1, MB2_TAG_MMAP); /* the same, optional */
	ASSERT_EQ(mb2_header_check(img, sizeof(img)), 0);
	memset(img, 0, sizeof(img));
	header(img, 0, 0, 8); /* requires framebuffer information */
	ASSERT_EQ(mb2_header_check(img, sizeof(img)), -ENOTSUP);
	memset(img, 0, sizeof(img));
	ASSERT_EQ(mb2_header_check(img, 8 + header(img, 0, 0, 6) - 8), -ENOEXEC); /* cut */
}

/* An ELF32 executable with one PT_LOAD of 8192 bytes in memory, 4096 in
 * the file, at paddr, entry at paddr. */
static void elf(uint8_t *img, size_t len, uint32_t paddr, uint32_t filesz)
{
	Elf32_Ehdr eh = { .e_type = ET_EXEC,
			  .e_machine = EM_386,
			  .e_entry = paddr,
			  .e_phoff = sizeof(eh),
			  .e_phentsize = sizeof(Elf32_Phdr),
			  .e_phnum = 1 };
	Elf32_Phdr ph = { .p_type = PT_LOAD,
			  .p_offset = 4096,
			  .p_paddr = paddr,
			  .p_filesz = filesz,
			  .p_memsz = 8192 };

	memset(img, 0, len);
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	memcpy(img, &eh, sizeof(eh));
	memcpy(img + sizeof(eh), &ph, sizeof(ph));
}

TEST(mb2_elf32_segments)
{
	static uint8_t img[8192];
	struct mb2_image m;

	elf(img, sizeof(img), 0x200000, 4096);
	ASSERT_EQ(mb2_image_parse(img, sizeof(img), &m), 0);
	ASSERT_EQ(m.entry, 0x200000u);
	ASSERT_EQ(m.nseg, 1u);
	ASSERT_EQ(m.seg[0].paddr, 0x200000u);
	ASSERT(m.seg[0].data == img + 4096);
	ASSERT_EQ(m.seg[0].filesz, 4096u);
	ASSERT_EQ(m.seg[0].memsz, 8192u);
	ASSERT_EQ(m.end, 0x202000u);
	elf(img, sizeof(img), 0x200800, 4096); /* not page aligned */
	ASSERT_EQ(mb2_image_parse(img, sizeof(img), &m), -ENOEXEC);
	elf(img, sizeof(img), 0x200000, 4097); /* past the file's end */
	ASSERT_EQ(mb2_image_parse(img, sizeof(img), &m), -ENOEXEC);
	elf(img, sizeof(img), 0xfffff000, 4096); /* past 4 GiB */
	ASSERT_EQ(mb2_image_parse(img, sizeof(img), &m), -ENOEXEC);
	ASSERT_EQ(mb2_image_parse(img, 20, &m), -ENOEXEC);
}

/* RAM 0-0x9fc00, reserved, RAM 1 MiB - 128 MiB, listed unsorted. */
static void machine_map(struct memmap *mm)
{
	uint8_t bp[4096] = { 0 };
	const uint64_t e[][3] = { { 0x100000, 0x7f00000, 1 },
				  { 0, 0x9fc00, 1 },
				  { 0x9fc00, 0x400, 2 },
				  { 0xf0000, 0x10000, 0x14 } };

	bp[0x1e8] = 4;
	for (size_t i = 0; i < 4; i++) {
		memcpy(bp + 0x2d0 + 20 * i, &e[i][0], 8);
		memcpy(bp + 0x2d0 + 20 * i + 8, &e[i][1], 8);
		put32(bp + 0x2d0 + 20 * i + 16, (uint32_t)e[i][2]);
	}
	ASSERT_EQ(memmap_parse(bp, sizeof(bp), mm), 0);
}

TEST(memmap_from_boot_params)
{
	struct memmap mm;
	uint8_t bp[4096] = { 0 };

	machine_map(&mm);
	ASSERT_EQ(mm.n, 4u);
	ASSERT_EQ(mm.v[0].start, 0u);
	ASSERT_EQ(mm.v[0].end, 0x9fc00u);
	ASSERT_EQ(mm.v[1].type, MEMMAP_RESERVED);
	ASSERT_EQ(mm.v[2].type, MEMMAP_RESERVED); /* type 0x14 */
	ASSERT_EQ(mm.v[3].end, 0x8000000u);
	ASSERT(memmap_ram_holding(&mm, 0x200000, 0x300000) == &mm.v[3]);
	ASSERT(!memmap_ram_holding(&mm, 0x9f000, 0xa0000));
	ASSERT_EQ(memmap_parse(bp, sizeof(bp), &mm), -EINVAL); /* no entries */
	ASSERT_EQ(memmap_parse(bp, 100, &mm), -EINVAL);
}

TEST(mb2_info_tags)
{
	struct memmap mm;
	struct mb2_module mods[2] = { { 0x400000, 5000, "/vmlinuz placeholder root=/dev/x" },
				      { 0x402000, 100, "/initramfs.img" } };
	struct mb2_info_in in = { "/xen.gz placeholder console=com1 no-real-mode", NULL, mods, 2 };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t size, off = 8, seen = 0;

	machine_map(&mm);
	in.mm = &mm;
	size = mb2_info_size(&in);
	ASSERT_EQ(size % 8, 0u);
	ASSERT((buf = calloc(1, size)));
	ASSERT_EQ(mb2_info_build(&in, buf, size - 8), -ENOBUFS);
	ASSERT_EQ(mb2_info_build(&in, buf, size), 0);
	ASSERT_EQ(get32(buf), size);
	for (uint32_t type; (type = get32(buf + off)) != MB2_TAG_END;
	     off += (get32(buf + off + 4) + 7) & ~7u) {
		const uint8_t *t = buf + off;

		seen |= 1u << type;
		if (type == MB2_TAG_CMDLINE)
			ASSERT_STREQ((const char *)t + 8, in.cmdline);
		if (type == MB2_TAG_LOADER_NAME)
			ASSERT_STREQ((const char *)t + 8, "heads");
		if (type == MB2_TAG_BASIC_MEMINFO)
			ASSERT(get32(t + 8) == 639 && get32(t + 12) == 0x7f00000 / 1024);
		if (type == MB2_TAG_MMAP)
			ASSERT(get32(t + 4) == 16 + 4 * 24 && get32(t + 8) == 24 &&
			       get64(t + 16 + 3 * 24) == 0x100000 &&
			       get32(t + 16 + 3 * 24 + 16) == 1);
		if (type == MB2_TAG_MODULE && get32(t + 8) == 0x400000)
			ASSERT(get32(t + 12) == 0x400000 + 5000 &&
			       streq((const char *)t + 16, mods[0].cmdline));
		if (type == MB2_TAG_MODULE && get32(t + 8) == 0x402000)
			ASSERT(streq((const char *)t + 16, "/initramfs.img"));
	}
	ASSERT_EQ(off + 8, size);
	ASSERT_EQ(seen, 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 6);
	mods[1].start = 0xffffffc0;
	ASSERT_EQ(mb2_info_build(&in, buf, size), -ERANGE);
}

TEST(mb2_layout_after_the_image)
{
	struct memmap mm;
	struct mb2_image img = { .entry = 0x200000,
				 .seg = { { 0x200000, NULL, 0, 0x1ff000 } },
				 .nseg = 1,
				 .end = 0x3ff000 };
	uint64_t len[2] = { 5000, 4096 }, huge[1] = { 0x8000000 };
	struct mb2_layout at;

	machine_map(&mm);
	ASSERT_EQ(mb2_layout_plan(&img, len, 2, 900, &mm, &at), 0);
	ASSERT_EQ(at.mod[0], 0x3ff000u);
	ASSERT_EQ(at.mod[1], 0x401000u);
	ASSERT_EQ(at.tramp, 0x402000u);
	ASSERT_EQ(at.mbi, 0x403000u);
	ASSERT_EQ(at.end, 0x404000u);
	ASSERT_EQ(mb2_layout_plan(&img, huge, 1, 900, &mm, &at), -ENOSPC);
	img.seg[0].paddr = 0x9f000; /* the image over the reserved range */
	ASSERT_EQ(mb2_layout_plan(&img, len, 2, 900, &mm, &at), -ENOSPC);
}

TEST(mb2_trampoline_carries_its_addresses)
{
	static uint8_t page[MB2_TRAMP_SIZE];
	const uint64_t phys = 0x402000, mbi = 0x403000, entry = 0x200000;
	int found_mbi = 0, found_entry = 0, found_gdt = 0;

	ASSERT_EQ(mb2_tramp_build(page, phys, mbi, entry), 0);
	ASSERT_EQ(page[0], 0xfa); /* cli */
	for (size_t i = 0; i + 10 <= 256; i++) {
		found_mbi |= get32(page + i) == mbi;
		found_entry |= get32(page + i) == entry;
		/* the GDT's address in its descriptor, after a limit of 23 */
		found_gdt |= page[i] == 23 && page[i + 1] == 0 && get64(page + i + 2) >= phys &&
			     get64(page + i + 2) < phys + 256 &&
			     get64(page + get64(page + i + 2) - phys + 8) == 0x00cf9a000000ffffull;
	}
	ASSERT(found_mbi && found_entry && found_gdt);
	ASSERT_EQ(mb2_tramp_build(page, 0x100000000ull, mbi, entry), -ERANGE);
	ASSERT_EQ(mb2_tramp_build(page, phys, 0x100000000ull, entry), -ERANGE);
}

TEST(xen_cmdline_adds_no_real_mode_once)
{
	_cleanup_free_ char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
	char *long_args = calloc(1, XEN_CMDLINE_MAX);

	ASSERT_EQ(xen_cmdline("/xen-4.17-amd64.gz", "placeholder console=com1", &a), 0);
	ASSERT_STREQ(a, "/xen-4.17-amd64.gz placeholder console=com1 no-real-mode");
	ASSERT_EQ(xen_cmdline("/xen.gz", "no-real-mode dom0_mem=1G", &b), 0);
	ASSERT_STREQ(b, "/xen.gz no-real-mode dom0_mem=1G");
	ASSERT_EQ(xen_cmdline("/xen.gz", NULL, &c), 0);
	ASSERT_STREQ(c, "/xen.gz no-real-mode");
	ASSERT_EQ(mb2_cmdline("/vmlinuz", "placeholder root=/dev/x", &d), 0);
	ASSERT_STREQ(d, "/vmlinuz placeholder root=/dev/x");
	ASSERT(long_args);
	memset(long_args, 'a', XEN_CMDLINE_MAX - 20);
	ASSERT_EQ(xen_cmdline("/xen.gz", long_args, &a), -E2BIG);
	free(long_args);
}

TEST(gunzip_unpacks_and_refuses_corruption)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03,
				      0xcb, 0x48, 0x4d, 0x4c, 0x29, 0x56, 0xc8, 0x2d, 0xcd, 0x29,
				      0xc9, 0x4c, 0xca, 0xcf, 0x2f, 0x31, 0xe2, 0x02, 0x00, 0x43,
				      0x49, 0xbc, 0x0a, 0x11, 0x00, 0x00, 0x00 };
	uint8_t bad[sizeof(gz)];
	uint8_t *out = NULL;
	size_t len = 0;

	ASSERT(is_gzip(gz, sizeof(gz)));
	ASSERT_EQ(gunzip(gz, sizeof(gz), &out, &len), 0);
	ASSERT_EQ(len, 17u);
	ASSERT(memcmp(out, "heads multiboot2\n", 17) == 0);
	free(out);
	memcpy(bad, gz, sizeof(gz));
	bad[sizeof(gz) - 6] ^= 1; /* the CRC */
	ASSERT_EQ(gunzip(bad, sizeof(bad), &out, &len), -EBADMSG);
	ASSERT_EQ(gunzip(gz, sizeof(gz) - 10, &out, &len), -EBADMSG); /* cut */
}

/* A version 2 RSDP with both checksums right. */
static void make_rsdp(uint8_t *r)
{
	uint8_t s = 0;

	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "COREv4", 6);
	r[15] = 2;
	put32(r + 16, 0x7fe0000);
	put32(r + 20, 36);
	for (size_t i = 0; i < 20; i++)
		s += r[i];
	r[8] = (uint8_t)-s;
	s = 0;
	for (size_t i = 0; i < 36; i++)
		s += r[i];
	r[32] = (uint8_t)-s;
}

TEST(acpi_rsdp_checked)
{
	uint8_t r[36];

	make_rsdp(r);
	ASSERT_EQ(acpi_rsdp_check(r, 36), 36);
	r[20]++; /* the extended checksum */
	ASSERT_EQ(acpi_rsdp_check(r, 36), -EINVAL);
	make_rsdp(r);
	r[0] = 'X';
	ASSERT_EQ(acpi_rsdp_check(r, 36), -EINVAL);
}

/* The boot parameters name an RSDP in "memory" (a file standing in for
 * /dev/mem): page 0 comes back as read with the EBDA pointer set, the
 * EBDA page holds the RSDP at 16 and is reserved in the map. */
TEST(acpi_ebda_holds_the_rsdp)
{
	char mem[] = "/tmp/heads-mem.XXXXXX";
	int fd = mkstemp(mem);
	uint8_t bp[4096] = { 0 }, rsdp[36], page0[4096];
	uint64_t at = 0x7fe0000;
	struct memmap mm;
	static struct acpi_ebda e;

	ASSERT(fd >= 0);
	make_rsdp(rsdp);
	memset(page0, 0xab, sizeof(page0));
	ASSERT(pwrite(fd, page0, sizeof(page0), 0) == sizeof(page0));
	ASSERT(pwrite(fd, rsdp, sizeof(rsdp), (off_t)at) == sizeof(rsdp));
	machine_map(&mm);
	ASSERT_EQ(acpi_ebda_make(bp, sizeof(bp), mem, &mm, &e), 0);
	ASSERT(!e.present); /* no acpi_rsdp_addr: nothing added */
	memcpy(bp + 0x70, &at, 8);
	ASSERT_EQ(acpi_ebda_make(bp, sizeof(bp), mem, &mm, &e), 0);
	ASSERT(e.present);
	ASSERT_EQ(e.ebda_addr, 0x9e000u);
	ASSERT(memcmp(e.ebda + 16, rsdp, 36) == 0);
	ASSERT(e.page0[0x40e] == 0x00 && e.page0[0x40f] == 0x9e && e.page0[0] == 0xab);
	ASSERT_EQ(mm.n, 5u);
	ASSERT(mm.v[0].end == 0x9e000 && mm.v[1].start == 0x9e000 && mm.v[1].type == MEMMAP_RESERVED);
	at = 0x100; /* no RSDP there */
	memcpy(bp + 0x70, &at, 8);
	ASSERT_EQ(acpi_ebda_make(bp, sizeof(bp), mem, &mm, &e), -EINVAL);
	unlink(mem);
	close(fd);
}
