/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes the grub.cfg interpreter: the input is grub.cfg, and also a file
 * it may source, its grubenv and a BLS entry, in a tree with kernels. */
#include "discover.h"
#include "bootfs-mem.h"
#include "log.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const struct memfs_file files[] = {
		{ "/grub/grub.cfg", d, size }, { "/grub/custom.cfg", d, size },
		{ "/grub/grubenv", d, size },  { "/loader/entries/fuzz.conf", d, size },
		{ "/vmlinuz", "k", 1 },	       { "/initrd.img", "i", 1 },
		{ "/xen.gz", "x", 1 },
	};
	struct memfs m = { files, sizeof(files) / sizeof(files[0]) };
	struct entry_list l = { 0 };
	struct bootfs fs;

	log_set_level(LOG_NONE);
	bootfs_mem_init(&fs, &m);
	(void)boot_discover(&fs, &l);
	entry_list_clear(&l);
	return 0;
}
