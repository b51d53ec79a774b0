/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading a boot entry with kexec_file_load(2) from the bytes that were
 * verified: the one flow /init and `heads boot` run. Every file the entry
 * uses is read once into a sealed memfd (memimage.h); those bytes are
 * compared with the verified manifest's entry for that file (size and
 * SHA-256), and the same memfds go to the kernel. A file whose sealed
 * image the verification kept (boot_verify_options.keep_images) is not
 * read again: that image, whose bytes matched the entry, goes to the
 * kernel. Only once every file
 * matched is the caller asked for the disk-key archive; the initrd that
 * carries it is built in memory, never in a file system, and wiped as
 * soon as the kernel has taken its copy or refused it. A Xen entry is
 * loaded by our multiboot2 loader over kexec_load(2) (xen-load.h, and
 * doc/xen.md for why not kexec-tools) from the same images: the key goes
 * into dom0's initrd, the first module after its kernel. The result names
 * the file that stopped the boot; the caller chooses the words. */
#pragma once

#include "boot-verify.h"
#include "bootfs-dir.h"
#include "cpio.h"
#include "entry.h"
#include "manifest.h"

#include <limits.h>
#include <stdint.h>

/* The files of an entry, in the order they are read. A Xen entry's
 * kernel and initrds are dom0's, read before the hypervisor. */
enum load_role { LOAD_KERNEL, LOAD_INITRD, LOAD_HYPERVISOR };

/* The most initrds an entry may have. */
#define LOAD_INITRDS_MAX 16
/* The most kexec_file_load(2) reads from one file. */
#define LOAD_FILE_MAX ((uint64_t)INT_MAX)

struct load_entry_options {
	const struct bootdir *dir;
	const struct boot_entry *entry;
	const char *cmdline; /* the kernel's (dom0's for a Xen entry) */
	/* The manifest boot_verify returned (its ret->manifest); NULL loads
	 * the files unchecked (`heads boot` without --keyring). */
	const struct manifest *verified;
	/* Called once, after every file was read and matched and before
	 * anything is loaded: fills out with the disk-key archive, or leaves
	 * it empty. Its error stops the boot. NULL: no archive. */
	int (*inject)(void *userdata, struct cpio *out);
	void *userdata;
	/* A Linux entry goes through our own loader over kexec_load(2)
	 * (linux-load.h), for a machine without EFI; kexec_file_load(2) takes
	 * what that loader cannot (another kind of kernel image, no boot
	 * parameters to build on). false: kexec_file_load(2). */
	bool own_loader;
};

struct load_entry_result {
	/* The file that stopped the boot (diff.path is NULL when none did):
	 * on -E_DIFFERS, how it differs from the verified manifest (kind
	 * DIFF_CHANGED, DIFF_REMOVED, DIFF_TYPE for a symbolic link, or
	 * DIFF_ADDED when the manifest does not list it); on another error,
	 * the file that could not be read. */
	enum load_role role;
	struct boot_difference diff;
	bool inject_called; /* the archive was asked for */
	uint64_t kernel_size, initrd_size; /* bytes handed to the kernel */
	uint64_t hypervisor_size; /* for a Xen entry */
	size_t inject_size; /* of them, the archive's */
};

/* 0 when the entry is loaded (kexec_execute starts it, kexec_unload drops
 * it). -E_DIFFERS when a file is not the one verified: nothing loaded,
 * inject not called. Else -errno. ret is filled either way; clear it with
 * load_entry_result_clear. */
int load_entry(const struct load_entry_options *o, struct load_entry_result *ret);
void load_entry_result_clear(struct load_entry_result *r);

/* "kernel", "initrd" or "hypervisor", for messages. */
const char *load_role_name(enum load_role role);
