/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading a Linux kernel with kexec_load(2): our own loader for a 64-bit
 * x86 bzImage on a machine without EFI (coreboot). The kernel, its initrd
 * and its command line come as bytes already in memory (the verified
 * images); the kernel goes where it asks (linux-layout.h), the initrd at
 * the top of low RAM, and the boot parameters are built from the running
 * kernel's (bzimage.h); the kernel's kexec jumps to a trampoline that
 * enters the kernel at its 64-bit entry (linux-tramp.h).
 *
 * Why not kexec_file_load(2): it loads the kernel's whole init_size
 * (64 MiB for Debian's 6.1 kernel, of which 8 MiB is the image), which
 * the kernel allocates and clears page by page, and it hashes every
 * segment, zeros included, for a check in its purgatory. Under emulation
 * that is a third of a second. This loader hands over only the image's
 * bytes and keeps the rest of init_size clear of everything else; the
 * purgatory's check only catches memory corrupted between loading and
 * starting, and what is started is the verified bytes, measured before
 * they are loaded.
 */
#pragma once

#include <linux/kexec.h>
#include <stddef.h>
#include <stdint.h>

struct linux_boot {
	const uint8_t *kernel;
	size_t kernel_len;
	const uint8_t *initrd; /* NULL when none */
	size_t initrd_len;
	const char *cmdline;
	const char *boot_params; /* NULL: MEMMAP_BOOT_PARAMS (memmap.h) */
};

struct linux_segments {
	struct kexec_segment seg[3]; /* the kernel, the boot pages, the initrd */
	size_t n;
	uint64_t entry; /* the trampoline's address */
	uint8_t *boot; /* the boot pages' buffer, which seg points into */
};

/* The segments for kexec_load_segments (kexec.h), which the caller hands
 * to the kernel and then frees with linux_segments_free. -ENOEXEC: not a
 * bzImage; -ENOTSUP: a bzImage without the 64-bit entry or of an older
 * protocol; -E2BIG: the command line is longer than the kernel takes;
 * -ENOSPC: it does not fit in RAM; -ENOENT, -EINVAL: the running
 * kernel's boot parameters cannot be read or hold no memory map. */
int linux_prepare(const struct linux_boot *b, struct linux_segments *ret);
void linux_segments_free(struct linux_segments *s);
