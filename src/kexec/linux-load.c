/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Linux boot through kexec_load(2) (linux-load.h). */
#include "linux-load.h"
#include "bzimage.h"
#include "fileio.h"
#include "linux-layout.h"
#include "linux-tramp.h"
#include "macro.h"
#include "memmap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The boot pages: the trampoline, the boot parameters, the command line. */
#define PARAMS_AT LINUX_TRAMP_SIZE
#define CMDLINE_AT (LINUX_TRAMP_SIZE + BZIMAGE_PARAMS_SIZE)

static uint64_t page_up(uint64_t x)
{
	return (x + LINUX_PAGE - 1) & ~(uint64_t)(LINUX_PAGE - 1);
}

static int read_running(const char *path, uint8_t bp[BZIMAGE_PARAMS_SIZE], struct memmap *mm)
{
	_cleanup_close_ int fd = open(path ? path : MEMMAP_BOOT_PARAMS, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read_full(fd, bp, BZIMAGE_PARAMS_SIZE);
	if (n < 0)
		return (int)n;
	if ((size_t)n < BZIMAGE_PARAMS_SIZE)
		return -EINVAL;
	return memmap_parse(bp, (size_t)n, mm);
}

/* The boot pages for the layout, in a new buffer (free()). */
static int boot_pages(const struct linux_boot *b, const struct bzimage *bz, const uint8_t *running,
		      const struct linux_layout *at, size_t len, uint8_t **ret)
{
	_cleanup_free_ uint8_t *buf = calloc(1, len);
	struct bzimage_placed placed = {
		.kernel = at->kernel,
		.initrd = at->initrd,
		.initrd_len = b->initrd ? b->initrd_len : 0,
		.cmdline = at->boot + CMDLINE_AT,
	};
	int r;

	if (!buf)
		return -ENOMEM;
	if ((r = bzimage_params(bz, running, BZIMAGE_PARAMS_SIZE, &placed, buf + PARAMS_AT)) < 0)
		return r;
	memcpy(buf + CMDLINE_AT, b->cmdline, strlen(b->cmdline) + 1);
	linux_tramp_build(buf, at->boot, at->boot + PARAMS_AT, at->kernel + BZIMAGE_ENTRY64);
	*ret = TAKE_PTR(buf);
	return 0;
}

static struct kexec_segment segment(const void *buf, size_t len, uint64_t mem, uint64_t memsz)
{
	return (struct kexec_segment){ .buf = buf,
				       .bufsz = len,
				       .mem = (const void *)(uintptr_t)mem,
				       .memsz = (size_t)page_up(memsz) };
}

int linux_prepare(const struct linux_boot *b, struct linux_segments *ret)
{
	uint8_t running[BZIMAGE_PARAMS_SIZE];
	_cleanup_free_ struct memmap *mm = calloc(1, sizeof(*mm));
	struct linux_layout at;
	struct bzimage bz;
	size_t boot_len;
	int r;

	*ret = (struct linux_segments){ .n = 0 };
	if (!mm)
		return -ENOMEM;
	if ((r = bzimage_parse(b->kernel, b->kernel_len, &bz)) < 0)
		return r;
	if (strlen(b->cmdline) > bz.cmdline_max)
		return -E2BIG;
	boot_len = CMDLINE_AT + page_up(strlen(b->cmdline) + 1);
	if ((r = read_running(b->boot_params, running, mm)) < 0 ||
	    (r = linux_layout_plan(&bz, b->initrd ? b->initrd_len : 0, boot_len, mm, &at)) < 0 ||
	    (r = boot_pages(b, &bz, running, &at, boot_len, &ret->boot)) < 0)
		return r;
	/* Only the kernel's bytes: the rest of its init_size is kept clear
	 * of the other segments by the layout, and the trampoline's own page
	 * tables leave nothing of kexec's in use there. Loading all of it
	 * would have the kernel allocate and clear it page by page. */
	ret->seg[ret->n++] = segment(bz.kernel, bz.kernel_len, at.kernel, bz.kernel_len);
	ret->seg[ret->n++] = segment(ret->boot, boot_len, at.boot, boot_len);
	if (b->initrd && b->initrd_len)
		ret->seg[ret->n++] = segment(b->initrd, b->initrd_len, at.initrd, b->initrd_len);
	ret->entry = at.boot;
	return 0;
}

void linux_segments_free(struct linux_segments *s)
{
	free(s->boot);
	*s = (struct linux_segments){ .n = 0 };
}
