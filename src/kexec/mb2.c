/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Multiboot2 header and ELF32 segments (mb2.h). */
#include "mb2.h"
#include "macro.h"

#include <elf.h>
#include <errno.h>
#include <string.h>

#define MB2_TAG_OPTIONAL 1u
/* Header tags (multiboot2 spec 3.1). */
enum {
	HT_END = 0,
	HT_INFO_REQUEST = 1,
	HT_CONSOLE_FLAGS = 4,
	HT_FRAMEBUFFER = 5,
	HT_MODULE_ALIGN = 6, /* we always align modules to pages */
	HT_EFI_BS = 7,
	HT_RELOCATABLE = 10, /* we load at the ELF's own addresses */
};
#define PAGE 4096u
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t le16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int provided(uint32_t type)
{
	return type == MB2_TAG_CMDLINE || type == MB2_TAG_LOADER_NAME || type == MB2_TAG_MODULE ||
	       type == MB2_TAG_BASIC_MEMINFO || type == MB2_TAG_MMAP;
}

/* An information request names the tags the kernel wants; a required one
 * must be among those we give. */
static int check_request(const uint8_t *t, uint32_t size, int optional)
{
	for (uint32_t off = 8; off + 4 <= size; off += 4)
		if (!optional && !provided(le32(t + off)))
			return -ENOTSUP;
	return 0;
}

static int check_tag(const uint8_t *t, uint32_t size)
{
	uint16_t type = le16(t);
	int optional = le16(t + 2) & MB2_TAG_OPTIONAL;

	switch (type) {
	case HT_INFO_REQUEST:
		return check_request(t, size, optional);
	case HT_MODULE_ALIGN:
	case HT_RELOCATABLE:
	case HT_CONSOLE_FLAGS:
		return 0;
	default: /* an address, entry, framebuffer or EFI tag */
		return optional ? 0 : -ENOTSUP;
	}
}

static int check_tags(const uint8_t *h, uint32_t hlen)
{
	for (uint32_t off = 16; off + 8 <= hlen;) {
		uint32_t size = le32(h + off + 4);
		int r;

		if (size < 8 || size > hlen - off)
			return -ENOEXEC;
		if (le16(h + off) == HT_END)
			return 0;
		if ((r = check_tag(h + off, size)) < 0)
			return r;
		off += (size + 7) & ~7u;
	}
	return -ENOEXEC;
}

int mb2_header_check(const uint8_t *img, size_t len)
{
	size_t lim = MIN(len, (size_t)MB2_SEARCH);

	for (size_t off = 0; off + 16 <= lim; off += 8) {
		const uint8_t *h = img + off;
		uint32_t hlen = le32(h + 8);

		if (le32(h) != MB2_HEADER_MAGIC)
			continue;
		if (le32(h + 4) != 0 || hlen < 24 || hlen > len - off ||
		    (uint32_t)(le32(h) + le32(h + 4) + hlen + le32(h + 12)) != 0)
			return -ENOEXEC;
		return check_tags(h, hlen);
	}
	return -ENOEXEC;
}

static int add_segment(const uint8_t *img, size_t len, const Elf32_Phdr *ph, struct mb2_image *m)
{
	uint64_t end = (uint64_t)ph->p_paddr + ph->p_memsz;

	if (ph->p_filesz > ph->p_memsz || ph->p_offset > len || ph->p_filesz > len - ph->p_offset ||
	    ph->p_paddr % PAGE || end > UINT32_MAX || m->nseg == MB2_SEGMENTS_MAX)
		return -ENOEXEC;
	m->seg[m->nseg++] = (struct mb2_segment){ .paddr = ph->p_paddr,
						  .data = img + ph->p_offset,
						  .filesz = ph->p_filesz,
						  .memsz = ph->p_memsz };
	m->end = MAX(m->end, end);
	return 0;
}

static int elf_header(const uint8_t *img, size_t len, Elf32_Ehdr *eh)
{
	if (len < sizeof(*eh))
		return -ENOEXEC;
	memcpy(eh, img, sizeof(*eh));
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_EXEC ||
	    eh->e_machine != EM_386 || eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phoff > len ||
	    (size_t)eh->e_phnum * sizeof(Elf32_Phdr) > len - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}

int mb2_image_parse(const uint8_t *img, size_t len, struct mb2_image *ret)
{
	Elf32_Ehdr eh;
	int r;

	*ret = (struct mb2_image){ 0 };
	if ((r = elf_header(img, len, &eh)) < 0)
		return r;
	ret->entry = eh.e_entry;
	for (size_t i = 0; i < eh.e_phnum; i++) {
		Elf32_Phdr ph;

		memcpy(&ph, img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD && ph.p_memsz && (r = add_segment(img, len, &ph, ret)) < 0)
			return r;
	}
	if (ret->nseg == 0 || ret->entry < ret->seg[0].paddr || ret->entry >= ret->end)
		return -ENOEXEC;
	return 0;
}
