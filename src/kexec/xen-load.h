/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading a Xen boot with kexec_load(2): our own multiboot2 loader. The
 * hypervisor (gzip-compressed or not), dom0's kernel and its initrds come
 * as bytes already in memory (the verified images); nothing is read from
 * a disk here. The hypervisor's ELF segments go to their own addresses,
 * the modules on pages after them, then a trampoline and the MBI
 * (mb2-layout.h), and, when the boot parameters name the ACPI RSDP, an
 * EBDA holding a copy of it (acpi-ebda.h); the kernel's kexec jumps to the trampoline, which enters
 * Xen in 32-bit protected mode as multiboot2 says (mb2-tramp.h). */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct xen_module {
	const uint8_t *data;
	size_t len;
	const char *cmdline; /* "NAME ARGS" (mb2_cmdline) */
};

struct xen_boot {
	const uint8_t *xen;
	size_t xen_len;
	const char *cmdline; /* Xen's, "NAME ARGS" (xen_cmdline) */
	const struct xen_module *mods; /* dom0's kernel first */
	size_t nmods;
	const char *memmap_path; /* NULL: MEMMAP_BOOT_PARAMS */
	const char *dev_mem; /* NULL: ACPI_DEV_MEM (acpi-ebda.h) */
};

/* 0 when loaded (kexec_execute starts it). -ENOEXEC: not a multiboot2
 * ELF image; -ENOTSUP: it asks for what this loader does not give;
 * -ENOSPC: it does not fit in RAM below 4 GiB; else the kernel's error. */
int xen_load(const struct xen_boot *b);
