/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An EBDA holding the RSDP (acpi-ebda.h). */
#include "acpi-ebda.h"
#include "macro.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BP_RSDP 0x70
#define BDA_EBDA 0x40e
#define RSDP_V1 20
#define RSDP_V2 36

/* Reads physical memory through a mapping, as /dev/mem allows for
 * reserved memory where read(2) may not. */
static int read_phys(int fd, uint64_t addr, void *buf, size_t len)
{
	uint64_t start = addr & ~(uint64_t)(ACPI_PAGE - 1);
	size_t lead = (size_t)(addr - start);
	void *p = mmap(NULL, len + lead, PROT_READ, MAP_SHARED, fd, (off_t)start);

	if (p == MAP_FAILED)
		return -errno;
	memcpy(buf, (const uint8_t *)p + lead, len);
	munmap(p, len + lead);
	return 0;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

int acpi_rsdp_check(const uint8_t *p, size_t len)
{
	if (len < RSDP_V1 || memcmp(p, "RSD PTR ", 8) != 0 || sum(p, RSDP_V1) != 0)
		return -EINVAL;
	if (p[15] < 2)
		return RSDP_V1;
	if (len < RSDP_V2 || sum(p, RSDP_V2) != 0)
		return -EINVAL;
	return RSDP_V2;
}

/* The RAM range at 0 loses its last page, which becomes the EBDA. */
static int reserve_ebda(struct memmap *mm, uint64_t *ret)
{
	for (size_t i = 0; i < mm->n; i++) {
		struct memmap_range *r = &mm->v[i];

		if (r->type != MEMMAP_RAM || r->start > 0x1000 || r->end < 0x10000 ||
		    mm->n == MEMMAP_MAX)
			continue;
		*ret = ((r->end > 0xa0000 ? 0xa0000 : r->end) & ~(uint64_t)(ACPI_PAGE - 1)) -
		       ACPI_PAGE;
		memmove(r + 2, r + 1, (mm->n - i - 1) * sizeof(*r));
		mm->n++;
		r[1] = (struct memmap_range){ *ret, *ret + ACPI_PAGE, MEMMAP_RESERVED };
		r->end = *ret;
		return 0;
	}
	return -ENOSPC;
}

int acpi_ebda_make(const uint8_t *bp, size_t bplen, const char *mem, struct memmap *mm,
		   struct acpi_ebda *ret)
{
	_cleanup_close_ int fd = -1;
	uint8_t rsdp[RSDP_V2];
	uint64_t addr;
	uint16_t seg;
	int len, r;

	ret->present = 0;
	if (bplen < BP_RSDP + 8)
		return -EINVAL;
	memcpy(&addr, bp + BP_RSDP, 8);
	if (addr == 0)
		return 0;
	if ((fd = open(mem, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	if ((r = read_phys(fd, addr, rsdp, sizeof(rsdp))) < 0 ||
	    (r = read_phys(fd, 0, ret->page0, ACPI_PAGE)) < 0)
		return r;
	if ((len = acpi_rsdp_check(rsdp, sizeof(rsdp))) < 0)
		return len;
	if ((r = reserve_ebda(mm, &ret->ebda_addr)) < 0)
		return r;
	memset(ret->ebda, 0, ACPI_PAGE);
	ret->ebda[0] = 1; /* EBDA size in KiB */
	memcpy(ret->ebda + 16, rsdp, (size_t)len);
	seg = (uint16_t)(ret->ebda_addr >> 4);
	memcpy(ret->page0 + BDA_EBDA, &seg, 2);
	ret->present = 1;
	return 0;
}
