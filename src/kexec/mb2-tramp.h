/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The page that runs between the kernel's kexec and a multiboot2 kernel.
 * The kernel's relocate_kernel jumps to it in 64-bit mode, on page tables
 * that map RAM one to one. It loads its own GDT, drops to 32-bit
 * protected mode (paging, long mode and PAE off) and enters the kernel as
 * the multiboot2 spec says: EAX = 0x36d76289, EBX = the MBI's physical
 * address, CS/DS flat 32-bit segments, interrupts off. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define MB2_TRAMP_SIZE 4096u

/* Fills page (MB2_TRAMP_SIZE bytes, to be loaded at phys, below 4 GiB)
 * with the trampoline for the given MBI address and entry point.
 * -ERANGE when an address is above 4 GiB. */
int mb2_tramp_build(uint8_t *page, uint64_t phys, uint64_t mbi, uint64_t entry);
