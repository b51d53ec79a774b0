/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bzImage setup header and the zero page (bzimage.h). Offsets are
 * those of struct boot_params, in which the setup header sits at 0x1f1
 * as it does in the image. */
#include "bzimage.h"

#include <errno.h>
#include <string.h>

#define HDR 0x1f1u
#define SETUP_SECTS 0x1f1u
#define BOOT_FLAG 0x1feu
#define JUMP_LEN 0x201u
#define MAGIC 0x202u
#define VERSION 0x206u
#define TYPE_OF_LOADER 0x210u
#define CODE32_START 0x214u
#define RAMDISK_IMAGE 0x218u
#define RAMDISK_SIZE 0x21cu
#define CMD_LINE_PTR 0x228u
#define INITRD_ADDR_MAX 0x22cu
#define KERNEL_ALIGNMENT 0x230u
#define RELOCATABLE 0x234u
#define XLOADFLAGS 0x236u
#define CMDLINE_SIZE 0x238u
#define HARDWARE_SUBARCH 0x23cu /* and its data, 12 bytes in all */
#define PREF_ADDRESS 0x258u
#define INIT_SIZE 0x260u
#define HDR_MIN_END 0x264u /* protocol 2.12's header ends here */

#define XLF_KERNEL_64 0x1u
#define LOADER_UNDEFINED 0xffu

/* Zero page fields outside the setup header. */
#define SCREEN_INFO 0x000u
#define SCREEN_INFO_LEN 0x40u
#define ACPI_RSDP_ADDR 0x070u
#define EXT_RAMDISK_IMAGE 0x0c0u
#define EXT_RAMDISK_SIZE 0x0c4u
#define EXT_CMD_LINE_PTR 0x0c8u
#define EDID_INFO 0x140u
#define EDID_INFO_LEN 0x80u
#define ALT_MEM_K 0x1e0u
#define E820_ENTRIES 0x1e8u
#define EDDBUF_ENTRIES 0x1e9u
#define EDD_MBR_SIG_ENTRIES 0x1eau
#define EDD_MBR_SIG_BUFFER 0x290u
#define EDD_MBR_SIG_BUFFER_LEN (16u * 4u)
#define HDR_MAX_LEN (EDD_MBR_SIG_BUFFER - HDR) /* room for the header in the zero page */
#define E820_TABLE 0x2d0u
#define E820_TABLE_LEN (128u * 20u)
#define EDDBUF 0xd00u
#define EDDBUF_LEN (6u * 82u)

static uint32_t get16(const uint8_t *p, size_t off)
{
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8;
}

static uint32_t get32(const uint8_t *p, size_t off)
{
	return get16(p, off) | get16(p, off + 2) << 16;
}

static uint64_t get64(const uint8_t *p, size_t off)
{
	return (uint64_t)get32(p, off) | (uint64_t)get32(p, off + 4) << 32;
}

static void put32(uint8_t *p, size_t off, uint32_t v)
{
	for (size_t i = 0; i < 4; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

static int check_header(const uint8_t *img, size_t len, size_t *ret_hdr_end)
{
	size_t end;

	if (len < HDR_MIN_END || get16(img, BOOT_FLAG) != 0xaa55 ||
	    memcmp(img + MAGIC, "HdrS", 4) != 0)
		return -ENOEXEC;
	if (get16(img, VERSION) < 0x020c || !(get16(img, XLOADFLAGS) & XLF_KERNEL_64))
		return -ENOTSUP;
	end = JUMP_LEN + 1 + img[JUMP_LEN];
	if (end < HDR_MIN_END || end > len)
		return -ENOEXEC;
	*ret_hdr_end = end;
	return 0;
}

int bzimage_parse(const uint8_t *img, size_t len, struct bzimage *ret)
{
	size_t hdr_end, setup_len;
	int r = check_header(img, len, &hdr_end);

	if (r < 0)
		return r;
	setup_len = ((size_t)(img[SETUP_SECTS] ? img[SETUP_SECTS] : 4) + 1) * 512;
	if (setup_len >= len)
		return -ENOEXEC;
	*ret = (struct bzimage){
		.hdr = img + HDR,
		.hdr_len = hdr_end - HDR,
		.kernel = img + setup_len,
		.kernel_len = len - setup_len,
		.pref_address = get64(img, PREF_ADDRESS),
		.init_size = get32(img, INIT_SIZE),
		.alignment = get32(img, KERNEL_ALIGNMENT),
		.relocatable = img[RELOCATABLE] != 0,
		.initrd_max = get32(img, INITRD_ADDR_MAX),
		.cmdline_max = get32(img, CMDLINE_SIZE),
	};
	if (ret->init_size < ret->kernel_len || ret->alignment == 0 ||
	    (ret->alignment & (ret->alignment - 1)))
		return -ENOEXEC;
	return 0;
}

/* What describes the machine, from the running kernel's zero page. */
static void copy_machine(const uint8_t *running, uint8_t *p)
{
	static const struct {
		size_t off, len;
	} keep[] = {
		{ SCREEN_INFO, SCREEN_INFO_LEN },
		{ ACPI_RSDP_ADDR, 8 },
		{ EDID_INFO, EDID_INFO_LEN },
		{ ALT_MEM_K, 4 },
		{ E820_ENTRIES, 3 }, /* with the EDD entry counts */
		{ EDD_MBR_SIG_BUFFER, EDD_MBR_SIG_BUFFER_LEN },
		{ E820_TABLE, E820_TABLE_LEN },
		{ EDDBUF, EDDBUF_LEN },
	};

	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		memcpy(p + keep[i].off, running + keep[i].off, keep[i].len);
}

static void put_split(uint8_t *p, size_t low, size_t high, uint64_t v)
{
	put32(p, low, (uint32_t)v);
	put32(p, high, (uint32_t)(v >> 32));
}

int bzimage_params(const struct bzimage *bz, const uint8_t *running, size_t running_len,
		   const struct bzimage_placed *at, uint8_t *p)
{
	if (running_len < BZIMAGE_PARAMS_SIZE)
		return -EINVAL;
	memset(p, 0, BZIMAGE_PARAMS_SIZE);
	copy_machine(running, p);
	memcpy(p + HDR, bz->hdr, bz->hdr_len < HDR_MAX_LEN ? bz->hdr_len : HDR_MAX_LEN);
	memcpy(p + HARDWARE_SUBARCH, running + HARDWARE_SUBARCH, 12);
	p[TYPE_OF_LOADER] = LOADER_UNDEFINED;
	put32(p, CODE32_START, (uint32_t)at->kernel);
	put_split(p, RAMDISK_IMAGE, EXT_RAMDISK_IMAGE, at->initrd_len ? at->initrd : 0);
	put_split(p, RAMDISK_SIZE, EXT_RAMDISK_SIZE, at->initrd_len);
	put_split(p, CMD_LINE_PTR, EXT_CMD_LINE_PTR, at->cmdline);
	return 0;
}
