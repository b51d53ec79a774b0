/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Linux x86 bzImage as the boot protocol describes it
 * (Documentation/arch/x86/boot.rst): its setup header, where its
 * protected-mode part starts, and the boot parameters ("zero page") a
 * loader hands it. Pure: the caller gives the bytes. Only what a 64-bit
 * kernel entered at its 64-bit entry needs: protocol 2.12 or later, a
 * kernel with the 64-bit entry (XLF_KERNEL_64). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BZIMAGE_PARAMS_SIZE 4096u
#define BZIMAGE_ENTRY64 0x200u /* the 64-bit entry, from the load address */

struct bzimage {
	const uint8_t *hdr; /* the setup header, at offset 0x1f1 of the image */
	size_t hdr_len;
	const uint8_t *kernel; /* the protected-mode part, loaded as it is */
	size_t kernel_len;
	uint64_t pref_address; /* where it asks to be loaded */
	uint64_t init_size; /* bytes it needs from its load address on */
	uint32_t alignment; /* of its load address, when relocatable */
	bool relocatable;
	uint64_t initrd_max; /* last byte an initrd may occupy */
	uint32_t cmdline_max; /* longest command line, without its NUL */
};

/* -ENOEXEC: not a bzImage (too short, no "HdrS" or boot flag);
 * -ENOTSUP: a bzImage this loader does not start (protocol before 2.12,
 * no 64-bit entry). */
int bzimage_parse(const uint8_t *img, size_t len, struct bzimage *ret);

/* Where the loader put things, physical addresses. */
struct bzimage_placed {
	uint64_t kernel;
	uint64_t initrd, initrd_len; /* initrd_len 0: none */
	uint64_t cmdline;
};

/* Fills params (BZIMAGE_PARAMS_SIZE bytes) for bz placed at *at: the
 * image's setup header with the loader's fields, and from the running
 * kernel's boot parameters (running, as /sys/kernel/boot_params/data
 * gives them) what describes this machine: the console's screen_info,
 * the memory map (e820), the ACPI RSDP's address, EDD and EDID data and
 * the hardware subarchitecture. Nothing of the running kernel's EFI
 * state is handed on. -EINVAL: running is shorter than a zero page. */
int bzimage_params(const struct bzimage *bz, const uint8_t *running, size_t running_len,
		   const struct bzimage_placed *at, uint8_t *params);
