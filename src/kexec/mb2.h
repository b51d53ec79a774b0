/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A multiboot2 kernel image (Xen's hypervisor): its header, checked
 * against what our loader provides, and the ELF32 program segments to
 * place in memory. Pure: takes the image's bytes, never opens a file. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define MB2_HEADER_MAGIC 0xe85250d6u
#define MB2_BOOTLOADER_MAGIC 0x36d76289u
/* The header lies 8-byte aligned in the image's first 32 KiB. */
#define MB2_SEARCH 32768u
/* The boot information tags our loader provides (multiboot2 spec 3.6). */
#define MB2_TAG_END 0u
#define MB2_TAG_CMDLINE 1u
#define MB2_TAG_LOADER_NAME 2u
#define MB2_TAG_MODULE 3u
#define MB2_TAG_BASIC_MEMINFO 4u
#define MB2_TAG_MMAP 6u
/* The most ELF segments an image may load. */
#define MB2_SEGMENTS_MAX 4

struct mb2_segment {
	uint64_t paddr; /* page aligned */
	const uint8_t *data; /* filesz bytes inside the image */
	uint64_t filesz, memsz; /* memsz >= filesz; the rest is zeros */
};

struct mb2_image {
	uint32_t entry; /* 32-bit protected-mode entry, physical */
	struct mb2_segment seg[MB2_SEGMENTS_MAX];
	size_t nseg;
	uint64_t end; /* first byte above every segment */
};

/* Finds and checks the multiboot2 header: -ENOEXEC without a valid one,
 * -ENOTSUP when it requires something this loader does not do (a load
 * address other than the ELF's, a framebuffer, EFI boot services, an
 * information tag we do not give). */
int mb2_header_check(const uint8_t *img, size_t len);

/* The ELF32 program headers of img: -ENOEXEC when img is not an x86 ELF32
 * executable whose PT_LOAD segments are page aligned, lie inside img and
 * below 4 GiB. The segments point into img. */
int mb2_image_parse(const uint8_t *img, size_t len, struct mb2_image *ret);
