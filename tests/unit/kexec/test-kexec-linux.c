/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Our own Linux loader's parts: the bzImage header, the boot parameters
 * handed on, the memory layout, the 64-bit entry trampoline, and the
 * segments as they go to kexec_load(2). */
#include "bzimage.h"
#include "harness.h"
#include "linux-layout.h"
#include "linux-load.h"
#include "linux-tramp.h"
#include "memmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMG_LEN (32 * 1024)

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
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

/* A bzImage as a 6.1 kernel's header describes one: 27 setup sectors,
 * protocol 2.15, relocatable, 64-bit entry, preferring 16 MiB. */
static void bzimage(uint8_t *img)
{
	memset(img, 0, IMG_LEN);
	img[0x1f1] = 27;
	put16(img + 0x1fe, 0xaa55);
	img[0x201] = 0x66; /* the header ends at 0x268 */
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020f);
	img[0x211] = 0x01; /* LOADED_HIGH */
	put32(img + 0x22c, 0x7fffffff);
	put32(img + 0x230, 0x200000);
	img[0x234] = 1;
	put16(img + 0x236, 0x7f);
	put32(img + 0x238, 2047);
	put64(img + 0x258, 0x1000000);
	put32(img + 0x260, 0x2000000);
	img[28 * 512] = 0xe8; /* the protected-mode part's first byte */
}

TEST(bzimage_header_is_read)
{
	static uint8_t img[IMG_LEN];
	struct bzimage bz;

	bzimage(img);
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), 0);
	ASSERT(bz.kernel == img + 28 * 512);
	ASSERT_EQ(bz.kernel_len, (size_t)IMG_LEN - 28 * 512);
	ASSERT(bz.hdr == img + 0x1f1);
	ASSERT_EQ(bz.hdr_len, (size_t)(0x268 - 0x1f1));
	ASSERT_EQ(bz.pref_address, 0x1000000u);
	ASSERT_EQ(bz.init_size, 0x2000000u);
	ASSERT_EQ(bz.alignment, 0x200000u);
	ASSERT(bz.relocatable);
	ASSERT_EQ(bz.initrd_max, 0x7fffffffu);
	ASSERT_EQ(bz.cmdline_max, 2047u);
	img[0x1f1] = 0; /* 0 setup sectors means 4 */
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), 0);
	ASSERT(bz.kernel == img + 5 * 512);
}

TEST(bzimage_refusals)
{
	static uint8_t img[IMG_LEN];
	struct bzimage bz;

	bzimage(img);
	ASSERT_EQ(bzimage_parse(img, 0x263, &bz), -ENOEXEC); /* cut in its header */
	ASSERT_EQ(bzimage_parse(img, 28 * 512, &bz), -ENOEXEC); /* no kernel after setup */
	img[0x202] = 'X';
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), -ENOEXEC);
	bzimage(img);
	put16(img + 0x1fe, 0);
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), -ENOEXEC);
	bzimage(img);
	put16(img + 0x206, 0x020b); /* before 2.12: no xloadflags */
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), -ENOTSUP);
	bzimage(img);
	put16(img + 0x236, 0x7e); /* no 64-bit entry */
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), -ENOTSUP);
	bzimage(img);
	put32(img + 0x260, 4096); /* init_size below its own length */
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), -ENOEXEC);
	bzimage(img);
	put32(img + 0x230, 0x300000); /* alignment not a power of two */
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), -ENOEXEC);
}

/* A running kernel's zero page: a console, an RSDP, EFI state, a memory
 * map of RAM 0-0x9fc00 and 1 MiB - 1 GiB less 128 KiB. */
static void running_params(uint8_t *bp)
{
	const uint64_t e[][3] = { { 0, 0x9fc00, 1 }, { 0x100000, 0x3fee0000, 1 } };

	memset(bp, 0, BZIMAGE_PARAMS_SIZE);
	memset(bp, 0x5a, 0x40); /* screen_info */
	put64(bp + 0x70, 0xf5a40);
	memset(bp + 0x1c0, 0xef, 0x20); /* efi_info */
	bp[0x1e8] = 2;
	for (size_t i = 0; i < 2; i++) {
		put64(bp + 0x2d0 + 20 * i, e[i][0]);
		put64(bp + 0x2d0 + 20 * i + 8, e[i][1]);
		put32(bp + 0x2d0 + 20 * i + 16, (uint32_t)e[i][2]);
	}
	put32(bp + 0x23c, 0); /* hardware_subarch: PC */
	bp[0x210] = 0x72; /* the running kernel's own loader */
}

TEST(boot_params_describe_the_machine_and_the_placement)
{
	static uint8_t img[IMG_LEN], bp[BZIMAGE_PARAMS_SIZE], p[BZIMAGE_PARAMS_SIZE];
	struct bzimage_placed at = { .kernel = 0x1000000,
				     .initrd = 0x13f000000ull,
				     .initrd_len = 0x500000,
				     .cmdline = 0x3efff000 };
	struct bzimage bz;

	bzimage(img);
	running_params(bp);
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), 0);
	ASSERT_EQ(bzimage_params(&bz, bp, 100, &at, p), -EINVAL);
	ASSERT_EQ(bzimage_params(&bz, bp, sizeof(bp), &at, p), 0);
	ASSERT_EQ(memcmp(p, bp, 0x40), 0); /* the console */
	ASSERT_EQ(get64(p + 0x70), 0xf5a40u); /* the RSDP */
	ASSERT_EQ(memcmp(p + 0x2d0, bp + 0x2d0, 40), 0); /* the memory map */
	ASSERT_EQ(p[0x1e8], 2);
	for (size_t i = 0x1c0; i < 0x1e0; i++)
		ASSERT_EQ(p[i], 0); /* no EFI state handed on */
	ASSERT_EQ(memcmp(p + 0x202, "HdrS", 4), 0);
	ASSERT_EQ(p[0x210], 0xff); /* loader: undefined */
	ASSERT_EQ(get32(p + 0x214), 0x1000000u);
	ASSERT_EQ(get32(p + 0x218), 0x3f000000u); /* initrd, low 32 bits */
	ASSERT_EQ(get32(p + 0x0c0), 1u); /* and high */
	ASSERT_EQ(get32(p + 0x21c), 0x500000u);
	ASSERT_EQ(get32(p + 0x228), 0x3efff000u);
	ASSERT_EQ(get32(p + 0x0c8), 0u);
	ASSERT_EQ(get64(p + 0x258), 0x1000000u); /* the image's own header */
	at.initrd_len = 0;
	ASSERT_EQ(bzimage_params(&bz, bp, sizeof(bp), &at, p), 0);
	ASSERT_EQ(get32(p + 0x218), 0u); /* no initrd */
	ASSERT_EQ(get32(p + 0x21c), 0u);
}

static void machine_map(struct memmap *mm)
{
	static uint8_t bp[BZIMAGE_PARAMS_SIZE];

	running_params(bp);
	ASSERT_EQ(memmap_parse(bp, sizeof(bp), mm), 0);
}

TEST(layout_puts_the_kernel_where_it_asks_and_the_initrd_on_top)
{
	static uint8_t img[IMG_LEN];
	struct linux_layout l;
	struct memmap mm;
	struct bzimage bz;

	bzimage(img);
	machine_map(&mm);
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), 0);
	ASSERT_EQ(linux_layout_plan(&bz, 0x500001, 3 * 4096, &mm, &l), 0);
	ASSERT_EQ(l.kernel, 0x1000000u);
	ASSERT_EQ(l.kernel_end, 0x3000000u);
	ASSERT_EQ(l.initrd + 0x501000, 0x3ffe0000u); /* at the top, page aligned */
	ASSERT_EQ(l.boot_end, l.initrd);
	ASSERT_EQ(l.boot + 3 * 4096, l.boot_end);
	bz.initrd_max = 0x37ffffff; /* an older kernel's limit */
	ASSERT_EQ(linux_layout_plan(&bz, 0x500000, 3 * 4096, &mm, &l), 0);
	ASSERT_EQ(l.initrd + 0x500000, 0x38000000u);
}

TEST(layout_moves_a_relocatable_kernel_and_goes_around_it)
{
	static uint8_t img[IMG_LEN];
	struct linux_layout l;
	struct memmap mm;
	struct bzimage bz;

	bzimage(img);
	machine_map(&mm);
	ASSERT_EQ(bzimage_parse(img, IMG_LEN, &bz), 0);
	bz.pref_address = 0x40000000; /* not RAM */
	ASSERT_EQ(linux_layout_plan(&bz, 0x500000, 3 * 4096, &mm, &l), 0);
	ASSERT_EQ(l.kernel, 0x1000000u); /* 16 MiB, aligned */
	bz.relocatable = false;
	ASSERT_EQ(linux_layout_plan(&bz, 0x500000, 3 * 4096, &mm, &l), -ENOSPC);
	/* A kernel at the top of RAM: the initrd goes below it. */
	bz.relocatable = true;
	bz.pref_address = 0x3dee0000;
	ASSERT_EQ(linux_layout_plan(&bz, 0x500000, 3 * 4096, &mm, &l), 0);
	ASSERT_EQ(l.kernel, 0x3dee0000u);
	ASSERT_EQ(l.initrd + 0x500000, 0x3dee0000u);
	ASSERT(l.boot >= 0x100000);
	/* No room for the initrd at all. */
	bz.pref_address = 0x1000000;
	ASSERT_EQ(linux_layout_plan(&bz, 0x40000000, 3 * 4096, &mm, &l), -ENOSPC);
}

TEST(trampoline_carries_its_page_tables_gdt_parameters_and_entry)
{
	static uint8_t page[LINUX_TRAMP_SIZE];
	uint64_t phys = 0x3e000000, params = phys + LINUX_TRAMP_SIZE, entry = 0x1000200;
	bool seen_params = false, seen_entry = false, seen_gdtr = false, seen_cr3 = false;

	memset(page, 0xcc, sizeof(page));
	linux_tramp_build(page, phys, params, entry);
	ASSERT_EQ(page[0], 0xfa); /* cli */
	ASSERT_EQ(page[4095], 0); /* the stack is cleared */
	for (size_t i = 0; i + 8 <= 512; i++) {
		uint64_t v = get64(page + i);

		seen_params |= v == params;
		seen_entry |= v == entry;
		seen_cr3 |= v == phys + 4096;
		/* the GDT's address, inside the page, after its limit of 31 */
		if (i >= 2 && page[i - 2] == 31 && page[i - 1] == 0 && v > phys && v < phys + 512)
			seen_gdtr = get64(page + (v - phys) + 16) == 0x00af9a000000ffffull;
	}
	ASSERT(seen_params);
	ASSERT(seen_entry);
	ASSERT(seen_cr3);
	ASSERT(seen_gdtr);
	/* PML4[0] -> PDPT; PDPT[i] -> directory i; each 2 MiB one to one. */
	ASSERT_EQ(get64(page + 4096), (phys + 2 * 4096) | 3);
	ASSERT_EQ(get64(page + 4096 + 8), 0u);
	for (uint64_t i = 0; i < 4; i++) {
		ASSERT_EQ(get64(page + 2 * 4096 + 8 * i), (phys + (3 + i) * 4096) | 3);
		for (uint64_t j = 0; j < 512; j += 511)
			ASSERT_EQ(get64(page + (3 + i) * 4096 + 8 * j), ((i * 512 + j) << 21) | 0x83);
	}
	ASSERT_EQ(get64(page + 2 * 4096 + 8 * 4), 0u); /* nothing above 4 GiB */
}

static char *write_params(void)
{
	static uint8_t bp[BZIMAGE_PARAMS_SIZE];
	static char path[] = "/tmp/heads-bp.XXXXXX";
	int fd = mkstemp(path);

	ASSERT(fd >= 0);
	running_params(bp);
	ASSERT(write(fd, bp, sizeof(bp)) == (ssize_t)sizeof(bp));
	close(fd);
	return path;
}

TEST(segments_for_kexec_load)
{
	static uint8_t img[IMG_LEN], initrd[5000];
	char *bp = write_params();
	struct linux_boot b = { .kernel = img,
				.kernel_len = IMG_LEN,
				.initrd = initrd,
				.initrd_len = sizeof(initrd),
				.cmdline = "root=/dev/mapper/root quiet",
				.boot_params = bp };
	struct linux_segments ls;
	const uint8_t *params;

	bzimage(img);
	ASSERT_EQ(linux_prepare(&b, &ls), 0);
	ASSERT_EQ(ls.n, 3u);
	ASSERT(ls.seg[0].buf == img + 28 * 512);
	ASSERT_EQ((uintptr_t)ls.seg[0].mem, 0x1000000u);
	ASSERT_EQ(ls.seg[0].bufsz, (size_t)IMG_LEN - 28 * 512);
	ASSERT_EQ(ls.seg[0].memsz, 20u * 1024); /* the image, not its init_size */
	ASSERT_EQ((uintptr_t)ls.seg[1].mem, ls.entry);
	ASSERT_EQ(ls.seg[1].bufsz, LINUX_TRAMP_SIZE + 2u * 4096);
	ASSERT(ls.seg[2].buf == initrd);
	ASSERT_EQ(ls.seg[2].memsz, 8192u);
	ASSERT_EQ((uintptr_t)ls.seg[2].mem, (uintptr_t)ls.seg[1].mem + ls.seg[1].bufsz);
	ASSERT((uintptr_t)ls.seg[1].mem >= 0x3000000); /* clear of the kernel's init_size */
	params = (const uint8_t *)ls.seg[1].buf + LINUX_TRAMP_SIZE;
	ASSERT_EQ(get32(params + 0x228), ls.entry + LINUX_TRAMP_SIZE + 4096); /* the command line */
	ASSERT_EQ(strcmp((const char *)ls.seg[1].buf + LINUX_TRAMP_SIZE + 4096, b.cmdline), 0);
	ASSERT_EQ(get32(params + 0x218), (uintptr_t)ls.seg[2].mem);
	ASSERT_EQ(get32(params + 0x21c), sizeof(initrd));
	linux_segments_free(&ls);

	b.initrd = NULL;
	ASSERT_EQ(linux_prepare(&b, &ls), 0);
	ASSERT_EQ(ls.n, 2u);
	linux_segments_free(&ls);
	put32(img + 0x238, 10); /* a command line longer than the kernel takes */
	ASSERT_EQ(linux_prepare(&b, &ls), -E2BIG);
	bzimage(img);
	b.boot_params = "/nonexistent/boot_params";
	ASSERT_EQ(linux_prepare(&b, &ls), -ENOENT);
	unlink(bp);
}

/* The distribution's own kernel, where the machine has one. */
TEST(a_real_kernel_parses)
{
	DIR *d = opendir("/boot");
	struct dirent *e;
	char path[512] = "";
	struct stat st;
	struct bzimage bz;
	uint8_t *img;
	int fd;

	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "vmlinuz-", 8))
			snprintf(path, sizeof(path), "/boot/%s", e->d_name);
	if (d)
		closedir(d);
	if (!path[0] || (fd = open(path, O_RDONLY)) < 0)
		SKIP("no kernel in /boot to read");
	ASSERT_EQ(fstat(fd, &st), 0);
	img = malloc((size_t)st.st_size);
	ASSERT(img && read(fd, img, (size_t)st.st_size) == st.st_size);
	close(fd);
	ASSERT_EQ(bzimage_parse(img, (size_t)st.st_size, &bz), 0);
	ASSERT(bz.relocatable);
	ASSERT(bz.init_size >= bz.kernel_len);
	ASSERT(bz.cmdline_max >= 255);
	free(img);
}
