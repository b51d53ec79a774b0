/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The 64-to-32-bit trampoline (mb2-tramp.h). Its code is position
 * independent; the GDT's address, the MBI's and the entry's are written
 * into its data by mb2_tramp_build. It uses the top of its own page as
 * stack for the far return. */
#include "mb2-tramp.h"

#include <errno.h>
#include <string.h>

__asm__(".section .rodata\n"
	".balign 16\n"
	".globl mb2_tramp_start\n"
	".hidden mb2_tramp_start\n"
	"mb2_tramp_start:\n"
	".code64\n"
	"	cli\n"
	"	lea mb2_tramp_start+4096(%rip), %rsp\n"
	"	lgdt mb2_tramp_gdtr(%rip)\n"
	"	mov mb2_tramp_mbi(%rip), %ebx\n"
	"	mov mb2_tramp_entry(%rip), %esi\n"
	"	pushq $0x08\n"
	"	lea 1f(%rip), %rax\n"
	"	pushq %rax\n"
	"	lretq\n"
	".code32\n"
	"1:	mov $0x10, %eax\n"
	"	mov %eax, %ds\n"
	"	mov %eax, %es\n"
	"	mov %eax, %ss\n"
	"	mov %eax, %fs\n"
	"	mov %eax, %gs\n"
	"	mov %cr0, %eax\n" /* paging off: leaves long mode */
	"	and $0x7fffffff, %eax\n"
	"	mov %eax, %cr0\n"
	"	mov $0xc0000080, %ecx\n" /* EFER.LME off */
	"	rdmsr\n"
	"	and $0xfffffeff, %eax\n"
	"	wrmsr\n"
	"	mov %cr4, %eax\n" /* PAE off */
	"	and $0xffffffdf, %eax\n"
	"	mov %eax, %cr4\n"
	"	mov $0x36d76289, %eax\n"
	"	jmp *%esi\n"
	".code64\n"
	".balign 8\n"
	".globl mb2_tramp_gdt\n"
	".hidden mb2_tramp_gdt\n"
	"mb2_tramp_gdt:\n"
	"	.quad 0\n"
	"	.quad 0x00cf9a000000ffff\n" /* 0x08: code, 32-bit, flat */
	"	.quad 0x00cf92000000ffff\n" /* 0x10: data, flat */
	"	.word 0\n"
	".globl mb2_tramp_gdtr\n"
	".hidden mb2_tramp_gdtr\n"
	"mb2_tramp_gdtr:\n"
	"	.word 23\n"
	"	.quad 0\n"
	".globl mb2_tramp_mbi\n"
	".hidden mb2_tramp_mbi\n"
	"mb2_tramp_mbi:\n"
	"	.long 0\n"
	".globl mb2_tramp_entry\n"
	".hidden mb2_tramp_entry\n"
	"mb2_tramp_entry:\n"
	"	.long 0\n"
	".globl mb2_tramp_end\n"
	".hidden mb2_tramp_end\n"
	"mb2_tramp_end:\n"
	".text\n");

extern const uint8_t mb2_tramp_start[], mb2_tramp_gdt[], mb2_tramp_gdtr[], mb2_tramp_mbi[],
	mb2_tramp_entry[], mb2_tramp_end[];

static void put32(uint8_t *page, const uint8_t *field, uint32_t v)
{
	memcpy(page + (field - mb2_tramp_start), &v, sizeof(v));
}

int mb2_tramp_build(uint8_t *page, uint64_t phys, uint64_t mbi, uint64_t entry)
{
	uint64_t gdt = phys + (uint64_t)(mb2_tramp_gdt - mb2_tramp_start);

	if (phys + MB2_TRAMP_SIZE > UINT32_MAX || mbi > UINT32_MAX || entry > UINT32_MAX)
		return -ERANGE;
	memset(page, 0, MB2_TRAMP_SIZE);
	memcpy(page, mb2_tramp_start, (size_t)(mb2_tramp_end - mb2_tramp_start));
	memcpy(page + (mb2_tramp_gdtr + 2 - mb2_tramp_start), &gdt, sizeof(gdt));
	put32(page, mb2_tramp_mbi, (uint32_t)mbi);
	put32(page, mb2_tramp_entry, (uint32_t)entry);
	return 0;
}
