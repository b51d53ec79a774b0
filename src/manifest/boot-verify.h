/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Verifying /boot: the one flow both front ends use. The signature (gpgv
 * against one keyring), then the file system the manifest pins, then the
 * TPM binding (rollback counter and pinned
 * primary key), then every file and symlink; judged in that order, so a
 * rolled-back or foreign state is refused as such whatever its files. The
 * stages run side by side: the tree is hashed and the TPM asked while gpgv
 * runs. The result says which stage decided and names every difference;
 * the caller chooses the words. */
#pragma once

#include "manifest-binding.h"
#include "manifest-compare.h"
#include "manifest-verify.h"

enum boot_verify_stage {
	BOOT_VERIFY_SIGNATURE, /* the manifest is unsigned, badly signed or malformed */
	BOOT_VERIFY_FS, /* BOOTDIR is not the file system the manifest pins */
	BOOT_VERIFY_TPM, /* rollback, another or reset TPM, or no TPM */
	BOOT_VERIFY_FILES, /* a file or symlink differs, or the tree is unreadable */
	BOOT_VERIFY_DONE, /* verified */
};

/* One difference between the signed manifest and the tree on disk. */
struct boot_difference {
	enum manifest_diff kind;
	char *path;
	enum manifest_type want_type, have_type; /* want: manifest; have: disk */
	uint64_t want_size, have_size;
	uint32_t want_mode, have_mode;
	char *want_target, *have_target; /* symlink targets, else NULL */
};

struct boot_verification {
	enum boot_verify_stage stage; /* the stage that refused, or DONE */
	struct manifest_signature sig; /* once the signature stage passed */
	struct manifest_fs pinned; /* the manifest's pin (empty uuid: none), */
	bool fs_checked; /* compared with BOOTDIR's file system */
	bool tpm_checked;
	struct manifest_binding binding; /* when tpm_checked */
	struct boot_difference *diffs; /* every difference, permission-only ones too */
	size_t n_diffs;
	size_t n_checked; /* entries of the manifest compared */
	struct manifest *manifest; /* the verified manifest, when verified */
};

struct boot_verify_options {
	const char *keyring; /* the owner's keyring */
	bool skip_tpm; /* the TPM stage knowingly skipped */
	/* The file system BOOTDIR is the root of, or NULL (a plain directory:
	 * a manifest that pins a file system is then refused). */
	const struct manifest_fs *fs;
	bool skip_fs_pin; /* the pin knowingly not compared */
	struct tpm *tpm; /* NULL (and not skipped): -ENODEV */
	const struct manifest_tpm_facts *facts; /* read ahead, or NULL: read now */
	/* > 0: the files are read once, into sealed images of at most this
	 * many bytes in all, and ret->manifest's entries keep the images of
	 * the files that matched (manifest_scan_finish), for a boot to load
	 * those bytes rather than read /boot again. */
	uint64_t keep_images;
};

/* 0 when root_fd's tree is what the keyring's owner signed and current
 * for this TPM; else the stage's -errno (-E_SIGNATURE, -EBADMSG, -EINVAL,
 * -E_OTHER_FS, -E_ROLLBACK, -ENODEV, -E_DIFFERS, ...) with ret->stage saying which.
 * ret is filled either way; clear it with boot_verification_clear. */
int boot_verify(int root_fd, const struct boot_verify_options *o, struct boot_verification *ret);

void boot_verification_clear(struct boot_verification *v);

/* One line for a difference, e.g. "changed: /boot/vmlinuz (size 10 ->
 * 12)", "type changed: initrd.img (file -> symlink)", "symlink
 * retargeted: a (b -> c)", the path after prefix ("/boot/", or ""). Paths
 * and targets are escaped, so a file name cannot forge lines. No
 * newline. */
void boot_difference_print(FILE *out, const char *prefix, const struct boot_difference *d);
