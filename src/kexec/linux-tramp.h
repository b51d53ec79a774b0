/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pages that run between the kernel's kexec and a Linux kernel loaded
 * by our own loader (linux-load.h). The kernel's relocate_kernel jumps to
 * the first in 64-bit mode, on its own page tables. The trampoline
 * switches to page tables of its own (the next pages: the first 4 GiB
 * mapped one to one in 2 MiB pages), so nothing of kexec's is used once
 * it runs: the new kernel may overwrite any memory outside the loaded
 * segments. It loads a GDT with the flat segments the boot protocol names
 * (__BOOT_CS 0x10, 64-bit code; __BOOT_DS 0x18), points RSI at the boot
 * parameters and enters the kernel at its 64-bit entry, interrupts off. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define LINUX_TRAMP_PAGES 7u /* the code, then PML4, PDPT and four page directories */
#define LINUX_TRAMP_SIZE (LINUX_TRAMP_PAGES * 4096u)
#define LINUX_TRAMP_MAPPED (4ull << 30) /* what its page tables map */

/* Fills pages (LINUX_TRAMP_SIZE bytes, to be loaded at phys, page
 * aligned and below 4 GiB) with the trampoline for the given boot
 * parameters and entry point. */
void linux_tramp_build(uint8_t *pages, uint64_t phys, uint64_t params, uint64_t entry);
