/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a multiboot2 kernel without EFI finds ACPI. Xen 4.17 looks for the
 * RSDP only where a BIOS leaves it: the first KiB of the extended BIOS
 * data area (EBDA, its segment at 0x40e in the BIOS data area) and
 * 0xe0000-0xfffff. coreboot hands Linux the RSDP's address in the boot
 * parameters instead (acpi_rsdp_addr), and may leave no copy there (the
 * emulated q35 board does not). When the boot parameters name an RSDP,
 * the loader makes an EBDA for it: a copy of the RSDP on the last page
 * below the low RAM's end, that page reserved in the memory map, and page
 * 0 (IVT and BDA, read as they are) with its EBDA pointer set to it.
 * Dom0 finds the RSDP the same way. */
#pragma once

#include "memmap.h"

#include <stddef.h>
#include <stdint.h>

#define ACPI_DEV_MEM "/dev/mem"
#define ACPI_PAGE 4096u

struct acpi_ebda {
	uint8_t page0[ACPI_PAGE]; /* IVT and BDA, EBDA pointer set */
	uint8_t ebda[ACPI_PAGE]; /* the RSDP at its start */
	uint64_t ebda_addr;
	int present; /* 0: the boot parameters name no RSDP, nothing to add */
};

/* Checks an RSDP (signature, checksums): its length, or -EINVAL. */
int acpi_rsdp_check(const uint8_t *p, size_t len);
/* Builds the pages from the boot parameters bp (acpi_rsdp_addr at 0x70)
 * and mem (ACPI_DEV_MEM), and reserves the EBDA page in mm. */
int acpi_ebda_make(const uint8_t *bp, size_t bplen, const char *mem, struct memmap *mm,
		   struct acpi_ebda *ret);
