/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing and loading a boot entry for kexec. */
#include "boot-load.h"
#include "initrd.h"
#include "kexec.h"
#include "log.h"
#include "macro.h"
#include "strbuf.h"

static size_t find_title(const struct entry_list *l, const char *title)
{
	for (size_t i = 0; title && *title && i < l->n; i++)
		if (streq(l->v[i].title, title))
			return i;
	if (title && *title)
		log_warning("The signed default entry \"%s\" is not in the boot menu; using the first entry.",
			    title);
	return 0;
}

int boot_pick_entry(const struct entry_list *l, const char *dir, long index, const char *dflt,
		    size_t *ret)
{
	size_t i;

	if (l->n == 0)
		return log_error_errno(-ENOENT, "No boot entries found in %s.", dir);
	i = index >= 0 ? (size_t)index : find_title(l, dflt);
	if (i >= l->n)
		return log_error_errno(-EINVAL, "There is no entry %zu: %s has %zu (0 to %zu).", i,
				       dir, l->n, l->n - 1);
	if (l->v[i].kind == KIND_XEN)
		return log_error_errno(-ENOTSUP,
				       "Entry %zu (%s) boots the Xen hypervisor; kexec_file_load cannot load a multiboot2 image, so Xen entries are not supported.",
				       i, l->v[i].title);
	*ret = i;
	return 0;
}

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* The initrd fd for kexec: the file itself when it is one and nothing is
 * injected, else a combined copy in the runtime directory. */
static int open_initrd(const struct bootdir *d, const struct boot_entry *e, const struct cpio *inj,
		       const char *rundir, int *ret_fd)
{
	size_t n = strv_length(e->initrd);
	int fds[16], r = 0;

	if (n > ELEMENTSOF(fds))
		return log_error_errno(-E2BIG, "Too many initrds (%zu) in this entry.", n);
	for (size_t i = 0; i < n; i++)
		fds[i] = -1;
	for (size_t i = 0; r >= 0 && i < n; i++)
		if ((fds[i] = r = bootdir_open_file(d, e->initrd[i])) < 0)
			log_error_errno(r, "Cannot open initrd %s: %m", e->initrd[i]);
	if (r >= 0 && n <= 1 && !inj->len) {
		*ret_fd = n ? fds[0] : -1;
		return 0;
	}
	if (r >= 0 &&
	    (r = initrd_build(rundir, fds, n, inj->len ? inj : NULL, ret_fd)) == -EMEDIUMTYPE)
		log_error_errno(r,
				"The runtime directory %s is not RAM-backed (tmpfs); refusing to write the initrd copy there.",
				rundir);
	else if (r < 0)
		log_error_errno(r, "Cannot build the initrd in %s: %m", rundir);
	close_all(fds, n);
	return r;
}

int boot_load_entry(const struct bootdir *d, const struct boot_entry *e, const char *cmdline,
		    const struct cpio *inj, const char *rundir)
{
	_cleanup_close_ int kfd = bootdir_open_file(d, e->kernel);
	_cleanup_close_ int ifd = -1;
	int r;

	if (kfd < 0)
		return log_error_errno(kfd, "Cannot open kernel %s: %m", e->kernel);
	if ((r = open_initrd(d, e, inj, rundir, &ifd)) < 0)
		return r;
	return kexec_load_fds(kfd, ifd, cmdline);
}
