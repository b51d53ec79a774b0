/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Resolving an entry's files. */
#include "entry-resolve.h"
#include "bootpath.h"
#include "log.h"

static int resolve_one(const struct bootfs *fs, const struct boot_entry *e, char **path,
		       const char *base)
{
	char *resolved = NULL;
	int r = bootpath_resolve(fs, *path, base, &resolved);

	if (r == -ENOMEM)
		return r;
	if (r == -EXDEV)
		return log_warning_errno(r,
					 "Skipping boot entry '%s': %s points outside the boot directory.",
					 e->title, *path);
	if (r < 0)
		return log_warning_errno(r,
					 "Skipping boot entry '%s': %s not found in the boot directory.",
					 e->title, *path);
	free(*path);
	*path = resolved;
	return 0;
}

int entry_resolve_paths(const struct bootfs *fs, struct boot_entry *e, const char *base)
{
	int r;

	if (!e->kernel)
		return -ENOENT;
	if ((r = resolve_one(fs, e, &e->kernel, base)) < 0)
		return r;
	if (e->hypervisor && (r = resolve_one(fs, e, &e->hypervisor, base)) < 0)
		return r;
	for (size_t i = 0; e->initrd && e->initrd[i]; i++)
		if ((r = resolve_one(fs, e, &e->initrd[i], base)) < 0)
			return r;
	return 0;
}

int entry_add_resolved(const struct bootfs *fs, struct entry_list *l, struct boot_entry *e,
		       const char *base)
{
	int r = entry_resolve_paths(fs, e, base);

	if (r == -ENOMEM)
		return r;
	if (r >= 0 && !e->cmdline && !(e->cmdline = strdup("")))
		return -ENOMEM;
	if (r >= 0 && e->kind == KIND_XEN && !e->hypervisor_cmdline &&
	    !(e->hypervisor_cmdline = strdup("")))
		return -ENOMEM;
	if (r >= 0)
		r = entry_list_add(l, e);
	if (r == -E2BIG)
		log_warning("Too many boot entries; ignoring those after the first %d.",
			    BOOT_ENTRIES_MAX);
	boot_entry_clear(e);
	return r == -ENOMEM ? r : 0;
}
