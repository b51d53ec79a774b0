/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes BLS entries: the input split at "\n--\n" into up to four entry
 * files, plus grubenv, read the way discovery reads loader/entries. */
#include "bootfs-mem.h"
#include "discover.h"
#include "log.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "/loader/entries/a-1.conf",
					     "/loader/entries/b-2.10.conf",
					     "/loader/entries/c-2.9.conf", "/grub2/grubenv" };
	struct memfs_file files[8] = { { "/vmlinuz", "k", 1 }, { "/initrd.img", "i", 1 } };
	const char *p = (const char *)data, *end = p + size;
	struct memfs m = { files, 2 };
	struct entry_list l = { 0 };
	struct bootfs fs;

	for (size_t i = 0; i < 4 && p <= end; i++) {
		const char *sep = memmem(p, (size_t)(end - p), "\n--\n", 4);
		size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
		files[m.n++] = (struct memfs_file){ names[i], p, n };
		p += n + 4;
	}
	log_set_level(LOG_NONE);
	bootfs_mem_init(&fs, &m);
	(void)boot_discover(&fs, &l);
	entry_list_clear(&l);
	return 0;
}
