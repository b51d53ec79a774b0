/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dm-verity root hash a boot entry's kernel command line carries:
 * roothash=HEX, the word systemd-veritysetup-generator and the sample
 * OS's initrd read. Signed with the rest of /boot, it makes the root file
 * system as immutable as the kernel. Pure. */
#pragma once

#include <stddef.h>

/* Hex digits of a root hash, at most (SHA-512). */
#define ENTRY_ROOTHASH_MAX 128

/* Copies the root hash (hex, as written) into out (ENTRY_ROOTHASH_MAX + 1
 * bytes). -ENOENT when the command line has none; -EINVAL when it is not
 * an even number of hex digits, or two roothash= words differ (which one
 * the OS would take is not ours to guess). */
int entry_verity_roothash(const char *cmdline, char *out);
