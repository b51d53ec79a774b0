/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes the syslinux/extlinux parser: the input is extlinux.conf and a
 * file it may INCLUDE, in a tree with kernels. */
#include "bootfs-mem.h"
#include "log.h"
#include "syslinux.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const struct memfs_file files[] = {
		{ "/extlinux/extlinux.conf", d, size },
		{ "/extlinux/more.cfg", d, size },
		{ "/vmlinuz", "k", 1 },
		{ "/extlinux/vmlinuz", "k", 1 },
		{ "/initrd.img", "i", 1 },
		{ "/xen.gz", "x", 1 },
	};
	struct memfs m = { files, sizeof(files) / sizeof(files[0]) };
	struct entry_list l = { 0 };
	struct bootfs fs;

	log_set_level(LOG_NONE);
	bootfs_mem_init(&fs, &m);
	(void)syslinux_load(&fs, "/extlinux/extlinux.conf", &l);
	entry_list_clear(&l);
	return 0;
}
