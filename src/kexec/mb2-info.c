/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the multiboot2 boot information (mb2-info.h). */
#include "mb2-info.h"
#include "mb2.h"

#include <errno.h>
#include <string.h>

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)
#define MMAP_ENTRY 24u

struct writer {
	uint8_t *buf;
	size_t off, size;
};

static void put32(struct writer *w, uint32_t v)
{
	memcpy(w->buf + w->off, &v, 4);
	w->off += 4;
}

static void put64(struct writer *w, uint64_t v)
{
	memcpy(w->buf + w->off, &v, 8);
	w->off += 8;
}

static void put_string(struct writer *w, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(w->buf + w->off, s, n);
	w->off += n;
}

/* Starts a tag of size bytes; the caller fills it, end_tag pads it. */
static void start_tag(struct writer *w, uint32_t type, size_t size)
{
	put32(w, type);
	put32(w, (uint32_t)size);
}

static void end_tag(struct writer *w)
{
	size_t to = ALIGN8(w->off);

	memset(w->buf + w->off, 0, to - w->off);
	w->off = to;
}

static size_t string_tag(const char *s)
{
	return 8 + strlen(s) + 1;
}

size_t mb2_info_size(const struct mb2_info_in *in)
{
	size_t n = 8 + ALIGN8(string_tag(in->cmdline)) + ALIGN8(string_tag(MB2_LOADER_NAME)) + 16 +
		   16 + in->mm->n * MMAP_ENTRY + 8;

	for (size_t i = 0; i < in->nmods; i++)
		n += ALIGN8(16 + strlen(in->mods[i].cmdline) + 1);
	return n;
}

void mb2_mem_sizes(const struct memmap *mm, uint32_t *lower, uint32_t *upper)
{
	const struct memmap_range *lo = memmap_ram_holding(mm, 0, 1);
	const struct memmap_range *hi = memmap_ram_holding(mm, 0x100000, 0x100001);
	uint64_t l = lo ? lo->end : 0, u = hi ? hi->end - 0x100000 : 0;

	*lower = (uint32_t)((l > 640 * 1024 ? 640 * 1024 : l) / 1024);
	*upper = (uint32_t)((u >> 10) > UINT32_MAX ? UINT32_MAX : u >> 10);
}

static void put_mmap(struct writer *w, const struct memmap *mm)
{
	start_tag(w, MB2_TAG_MMAP, 16 + mm->n * MMAP_ENTRY);
	put32(w, MMAP_ENTRY);
	put32(w, 0);
	for (size_t i = 0; i < mm->n; i++) {
		put64(w, mm->v[i].start);
		put64(w, mm->v[i].end - mm->v[i].start);
		put32(w, mm->v[i].type);
		put32(w, 0);
	}
	end_tag(w);
}

static int put_module(struct writer *w, const struct mb2_module *m)
{
	if (m->start + m->len > UINT32_MAX)
		return -ERANGE;
	start_tag(w, MB2_TAG_MODULE, 16 + strlen(m->cmdline) + 1);
	put32(w, (uint32_t)m->start);
	put32(w, (uint32_t)(m->start + m->len));
	put_string(w, m->cmdline);
	end_tag(w);
	return 0;
}

int mb2_info_build(const struct mb2_info_in *in, uint8_t *buf, size_t size)
{
	struct writer w = { buf, 0, size };
	uint32_t lower, upper;
	int r;

	if (size < mb2_info_size(in))
		return -ENOBUFS;
	put32(&w, (uint32_t)mb2_info_size(in));
	put32(&w, 0);
	start_tag(&w, MB2_TAG_CMDLINE, string_tag(in->cmdline));
	put_string(&w, in->cmdline);
	end_tag(&w);
	start_tag(&w, MB2_TAG_LOADER_NAME, string_tag(MB2_LOADER_NAME));
	put_string(&w, MB2_LOADER_NAME);
	end_tag(&w);
	mb2_mem_sizes(in->mm, &lower, &upper);
	start_tag(&w, MB2_TAG_BASIC_MEMINFO, 16);
	put32(&w, lower);
	put32(&w, upper);
	put_mmap(&w, in->mm);
	for (size_t i = 0; i < in->nmods; i++)
		if ((r = put_module(&w, &in->mods[i])) < 0)
			return r;
	start_tag(&w, MB2_TAG_END, 8);
	return 0;
}
