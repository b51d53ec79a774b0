/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command lines of a Xen boot. Xen (and dom0, through Xen) gets the
 * lines as signed, each after its image's name: a loader that is not GRUB
 * 2 passes the name as first word, which Xen drops (cmdline_cook in Xen's
 * setup.c). Xen's own line gets what it needs after a kexec (doc/xen.md):
 * "no-real-mode", since no BIOS stands behind a kexec to answer the
 * real-mode calls Xen would otherwise make for video modes and disks. */
#pragma once

/* Xen's and dom0's command lines are each at most this long with NUL. */
#define XEN_CMDLINE_MAX 1024
#define XEN_AFTER_KEXEC "no-real-mode"

/* "NAME ARGS" for a module or the hypervisor (args may be NULL or ""). */
int mb2_cmdline(const char *name, const char *args, char **ret);
/* "NAME ARGS no-real-mode" (the word added only when ARGS lack it).
 * -E2BIG beyond XEN_CMDLINE_MAX. */
int xen_cmdline(const char *name, const char *args, char **ret);
