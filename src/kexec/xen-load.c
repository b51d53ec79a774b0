/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Xen boot through kexec_load(2) (xen-load.h). */
#include "xen-load.h"
#include "acpi-ebda.h"
#include "fileio.h"
#include "gunzip.h"
#include "kexec.h"
#include "log.h"
#include "macro.h"
#include "mb2-info.h"
#include "mb2-layout.h"
#include "mb2-tramp.h"
#include "mb2.h"
#include "memmap.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#define SEGMENTS_MAX 16 /* the kernel's KEXEC_SEGMENT_MAX */
#define BOOT_PARAMS_SIZE 4096

static uint64_t page_up(uint64_t x)
{
	return (x + MB2_PAGE - 1) & ~(uint64_t)(MB2_PAGE - 1);
}

struct plan {
	struct mb2_image img;
	struct memmap mm;
	struct acpi_ebda acpi;
	struct mb2_layout at;
	struct kexec_segment seg[SEGMENTS_MAX];
	size_t nseg;
};

static void add(struct plan *p, const void *buf, size_t bufsz, uint64_t mem, uint64_t memsz)
{
	if (p->nseg == SEGMENTS_MAX)
		return;
	p->seg[p->nseg++] = (struct kexec_segment){ .buf = buf,
						    .bufsz = bufsz,
						    .mem = (const void *)(uintptr_t)mem,
						    .memsz = (size_t)page_up(memsz) };
}

/* The trampoline page followed by the MBI, in a new buffer (free()). */
static int boot_pages(const struct xen_boot *b, struct plan *p, uint8_t **ret, size_t *ret_len)
{
	struct mb2_module mods[MB2_MODULES_MAX];
	struct mb2_info_in in = { b->cmdline, &p->mm, mods, b->nmods };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len;
	int r;

	for (size_t i = 0; i < b->nmods; i++)
		mods[i] = (struct mb2_module){ p->at.mod[i], b->mods[i].len, b->mods[i].cmdline };
	len = MB2_TRAMP_SIZE + page_up(mb2_info_size(&in));
	if (!(buf = calloc(1, len)))
		return -ENOMEM;
	if ((r = mb2_tramp_build(buf, p->at.tramp, p->at.mbi, p->img.entry)) < 0 ||
	    (r = mb2_info_build(&in, buf + MB2_TRAMP_SIZE, len - MB2_TRAMP_SIZE)) < 0)
		return r;
	*ret = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

static int place(const struct xen_boot *b, struct plan *p)
{
	struct mb2_module mods[MB2_MODULES_MAX];
	struct mb2_info_in in = { b->cmdline, &p->mm, mods, b->nmods };
	uint64_t len[MB2_MODULES_MAX];

	if (b->nmods > MB2_MODULES_MAX)
		return -E2BIG;
	for (size_t i = 0; i < b->nmods; i++) {
		len[i] = b->mods[i].len;
		mods[i] = (struct mb2_module){ 0, 0, b->mods[i].cmdline };
	}
	return mb2_layout_plan(&p->img, len, b->nmods, mb2_info_size(&in), &p->mm, &p->at);
}

/* The memory map and the RSDP's EBDA, from the running kernel's boot
 * parameters. Without /dev/mem the boot goes on, without ACPI tables
 * where Xen looks for them. */
static int firmware_tables(const struct xen_boot *b, struct plan *p)
{
	const char *path = b->memmap_path ? b->memmap_path : MEMMAP_BOOT_PARAMS;
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint8_t bp[BOOT_PARAMS_SIZE];
	ssize_t n;
	int r;

	if (fd < 0)
		return -errno;
	if ((n = read_full(fd, bp, sizeof(bp))) < 0)
		return (int)n;
	if ((r = memmap_parse(bp, (size_t)n, &p->mm)) < 0)
		return r;
	r = acpi_ebda_make(bp, (size_t)n, b->dev_mem ? b->dev_mem : ACPI_DEV_MEM, &p->mm, &p->acpi);
	if (r < 0)
		log_warning("Cannot copy the ACPI RSDP where Xen looks for it (%s); Xen may run without ACPI.",
			    strerror(-r));
	return 0;
}

static int load_image(const struct xen_boot *b, const uint8_t *img, size_t len, struct plan *p)
{
	_cleanup_free_ uint8_t *boot = NULL;
	size_t boot_len = 0;
	int r;

	if ((r = mb2_header_check(img, len)) < 0 || (r = mb2_image_parse(img, len, &p->img)) < 0)
		return r;
	if ((r = firmware_tables(b, p)) < 0 || (r = place(b, p)) < 0 ||
	    (r = boot_pages(b, p, &boot, &boot_len)) < 0)
		return r;
	if (p->img.nseg + b->nmods + 1 + 2 * p->acpi.present > SEGMENTS_MAX)
		return -E2BIG;
	if (p->acpi.present) {
		add(p, p->acpi.page0, ACPI_PAGE, 0, ACPI_PAGE);
		add(p, p->acpi.ebda, ACPI_PAGE, p->acpi.ebda_addr, ACPI_PAGE);
	}
	for (size_t i = 0; i < p->img.nseg; i++)
		add(p, p->img.seg[i].data, p->img.seg[i].filesz, p->img.seg[i].paddr,
		    p->img.seg[i].memsz);
	for (size_t i = 0; i < b->nmods; i++)
		if (b->mods[i].len)
			add(p, b->mods[i].data, b->mods[i].len, p->at.mod[i], b->mods[i].len);
	add(p, boot, boot_len, p->at.tramp, boot_len);
	return kexec_load_segments(p->at.tramp, p->seg, p->nseg);
}

int xen_load(const struct xen_boot *b)
{
	_cleanup_free_ struct plan *p = calloc(1, sizeof(*p));
	_cleanup_free_ uint8_t *raw = NULL;
	size_t len = 0;
	int r;

	if (!p)
		return -ENOMEM;
	if (!is_gzip(b->xen, b->xen_len))
		return load_image(b, b->xen, b->xen_len, p);
	if ((r = gunzip(b->xen, b->xen_len, &raw, &len)) < 0)
		return r;
	return load_image(b, raw, len, p);
}
