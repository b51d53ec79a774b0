/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Xen entry's images to the multiboot2 loader (load-xen.h). */
#include "load-xen.h"
#include "log.h"
#include "mb2-layout.h"
#include "strbuf.h"
#include "xen-cmdline.h"
#include "xen-load.h"

#include <errno.h>

struct lines {
	char *xen;
	char *mod[MB2_MODULES_MAX];
	size_t n;
};

static void lines_free(struct lines *l)
{
	free(l->xen);
	for (size_t i = 0; i < l->n; i++)
		free(l->mod[i]);
}

static int make_lines(const struct boot_entry *e, const char *dom0_cmdline, size_t ninitrd,
		      struct lines *l)
{
	int r;

	if (1 + ninitrd > MB2_MODULES_MAX)
		return log_error_errno(-E2BIG, "A Xen entry may have at most %d modules.",
				       MB2_MODULES_MAX);
	if ((r = xen_cmdline(e->hypervisor, e->hypervisor_cmdline, &l->xen)) < 0 ||
	    (r = mb2_cmdline(e->kernel, dom0_cmdline, &l->mod[l->n++])) < 0)
		return log_error_errno(r,
				       "The Xen or dom0 command line is too long (at most %d bytes).",
				       XEN_CMDLINE_MAX - 1);
	for (size_t i = 0; i < ninitrd; i++)
		if ((r = mb2_cmdline(e->initrd && e->initrd[i] ? e->initrd[i] : "initrd", NULL,
				     &l->mod[l->n++])) < 0)
			return log_error_errno(r, "A module's path is too long.");
	return 0;
}

static int explain(int r)
{
	switch (r) {
	case -ENOEXEC:
		return log_error_errno(r, "The hypervisor is not a multiboot2 ELF32 image.");
	case -ENOTSUP:
		return log_error_errno(r,
				       "The hypervisor asks for what this loader does not provide (a framebuffer, EFI, a fixed load address).");
	case -ENOSPC:
		return log_error_errno(r,
				       "The hypervisor and its modules do not fit in RAM below 4 GiB.");
	case -EBADMSG:
		return log_error_errno(r, "The hypervisor's gzip data is corrupt.");
	case -ENOENT:
		return log_error_errno(r,
				       "The firmware's memory map (the kernel's boot parameters in sysfs) cannot be read.");
	default: /* the kernel's refusal, said by kexec_load_segments */
		return r;
	}
}

int load_xen(const struct boot_entry *e, const char *dom0_cmdline, const struct load_xen_images *im)
{
	_cleanup_(lines_free) struct lines l = { 0 };
	struct xen_module mods[MB2_MODULES_MAX];
	struct xen_boot b = { .xen = im->hypervisor->map, .xen_len = im->hypervisor->len };
	int r;

	if ((r = make_lines(e, dom0_cmdline, im->ninitrd, &l)) < 0)
		return r;
	mods[0] = (struct xen_module){ im->kernel->map, im->kernel->len, l.mod[0] };
	for (size_t i = 0; i < im->ninitrd; i++)
		mods[1 + i] =
			(struct xen_module){ im->initrd[i]->map, im->initrd[i]->len, l.mod[1 + i] };
	b.cmdline = l.xen;
	b.mods = mods;
	b.nmods = l.n;
	r = xen_load(&b);
	return r < 0 ? explain(r) : 0;
}
