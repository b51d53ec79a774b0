/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading a kernel with kexec_file_load(2) (or kexec_load(2)) and starting it with
 * reboot(2). The kernel checks the image (and its signature where the
 * kernel is locked down) itself; we hand it file descriptors. */
#pragma once

#include <linux/kexec.h>
#include <stddef.h>
#include <stdint.h>

/* initrd_fd < 0: no initrd. Errors come with a message a person can act on. */
int kexec_load_fds(int kernel_fd, int initrd_fd, const char *cmdline);
/* kexec_load(2): the segments as given, started at entry (a physical
 * address, reached in 64-bit mode on page tables that map RAM one to
 * one). For an image kexec_file_load cannot read (xen-load.h). */
int kexec_load_segments(uint64_t entry, const struct kexec_segment *seg, size_t n);
/* Drops the loaded kernel and initrd (KEXEC_FILE_UNLOAD): the kernel's
 * copy of an initrd that holds the disk key is released. */
int kexec_unload(void);
/* Starts the loaded kernel; returns only on failure, after unloading it. */
int kexec_execute(void);
