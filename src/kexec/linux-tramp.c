/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The 64-bit entry trampoline (linux-tramp.h). Its code is position
 * independent; its page tables' address, the GDT's, the boot parameters'
 * and the entry's are written into its data by linux_tramp_build. It uses
 * the top of its first page as stack for the far return. */
#include "linux-tramp.h"

#include <string.h>

__asm__(".section .rodata\n"
	".balign 16\n"
	".globl linux_tramp_start\n"
	".hidden linux_tramp_start\n"
	"linux_tramp_start:\n"
	".code64\n"
	"	cli\n"
	"	cld\n"
	"	mov linux_tramp_cr3(%rip), %rax\n"
	"	mov %rax, %cr3\n"
	"	lea linux_tramp_start+4096(%rip), %rsp\n"
	"	lgdt linux_tramp_gdtr(%rip)\n"
	"	mov $0x18, %eax\n"
	"	mov %eax, %ds\n"
	"	mov %eax, %es\n"
	"	mov %eax, %ss\n"
	"	mov %eax, %fs\n"
	"	mov %eax, %gs\n"
	"	mov linux_tramp_params(%rip), %rsi\n"
	"	mov linux_tramp_entry(%rip), %rax\n"
	"	xor %ebx, %ebx\n"
	"	xor %ebp, %ebp\n"
	"	xor %edi, %edi\n"
	"	pushq $0x10\n"
	"	pushq %rax\n"
	"	lretq\n"
	".balign 8\n"
	".globl linux_tramp_gdt\n"
	".hidden linux_tramp_gdt\n"
	"linux_tramp_gdt:\n"
	"	.quad 0\n"
	"	.quad 0\n"
	"	.quad 0x00af9a000000ffff\n" /* 0x10: code, 64-bit, flat */
	"	.quad 0x00cf92000000ffff\n" /* 0x18: data, flat */
	"	.word 0\n"
	".globl linux_tramp_gdtr\n"
	".hidden linux_tramp_gdtr\n"
	"linux_tramp_gdtr:\n"
	"	.word 31\n"
	"	.quad 0\n"
	".balign 8\n"
	".globl linux_tramp_params\n"
	".hidden linux_tramp_params\n"
	"linux_tramp_params:\n"
	"	.quad 0\n"
	".globl linux_tramp_cr3\n"
	".hidden linux_tramp_cr3\n"
	"linux_tramp_cr3:\n"
	"	.quad 0\n"
	".globl linux_tramp_entry\n"
	".hidden linux_tramp_entry\n"
	"linux_tramp_entry:\n"
	"	.quad 0\n"
	".globl linux_tramp_end\n"
	".hidden linux_tramp_end\n"
	"linux_tramp_end:\n"
	".text\n");

extern const uint8_t linux_tramp_start[], linux_tramp_gdt[], linux_tramp_gdtr[],
	linux_tramp_params[], linux_tramp_cr3[], linux_tramp_entry[], linux_tramp_end[];

#define PAGE 4096u
#define PML4 (1 * PAGE)
#define PDPT (2 * PAGE)
#define PD (3 * PAGE) /* four of them */
#define PRESENT_RW 0x3ull
#define LARGE 0x80ull /* a 2 MiB page */

static void put64(uint8_t *page, const uint8_t *field, uint64_t v)
{
	memcpy(page + (field - linux_tramp_start), &v, sizeof(v));
}

static void put_entry(uint8_t *pages, size_t off, uint64_t v)
{
	memcpy(pages + off, &v, sizeof(v));
}

/* The first 4 GiB one to one: PML4[0] -> PDPT[0..3] -> 2 MiB pages. */
static void page_tables(uint8_t *pages, uint64_t phys)
{
	put_entry(pages, PML4, (phys + PDPT) | PRESENT_RW);
	for (uint64_t i = 0; i < 4; i++) {
		put_entry(pages, PDPT + 8 * i, (phys + PD + i * PAGE) | PRESENT_RW);
		for (uint64_t j = 0; j < 512; j++)
			put_entry(pages, PD + i * PAGE + 8 * j,
				  ((i * 512 + j) << 21) | PRESENT_RW | LARGE);
	}
}

void linux_tramp_build(uint8_t *page, uint64_t phys, uint64_t params, uint64_t entry)
{
	memset(page, 0, LINUX_TRAMP_SIZE);
	page_tables(page, phys);
	memcpy(page, linux_tramp_start, (size_t)(linux_tramp_end - linux_tramp_start));
	put64(page, linux_tramp_gdtr + 2, phys + (uint64_t)(linux_tramp_gdt - linux_tramp_start));
	put64(page, linux_tramp_cr3, phys + PML4);
	put64(page, linux_tramp_params, params);
	put64(page, linux_tramp_entry, entry);
}
