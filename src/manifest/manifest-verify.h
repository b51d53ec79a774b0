/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads verify`, in its three stages: the signature (gpgv against one
 * keyring), the files (every difference named), and the TPM binding
 * (rollback counter and pinned primary key, in manifest-binding.h). */
#pragma once

#include "gpgv-status.h"
#include "manifest-compare.h"
#include "manifest.h"

#define MANIFEST_SIG_MAX (1u << 20)

struct manifest_signature {
	struct gpgv_status status; /* signer's fingerprint and user id */
	bool staged; /* found as manifest.sig.new (interrupted signing) */
};

/* Reads BOOTDIR/heads/manifest, checks its detached signature with gpgv
 * against keyring only, and parses exactly the bytes that were checked.
 * -E_SIGNATURE when unsigned or not signed by a good key of the keyring,
 * -EINVAL for an unusable keyring, -EBADMSG for a signed but malformed
 * manifest. */
int manifest_verify_signature(int root_fd, const char *keyring, struct manifest **ret,
			      struct manifest_signature *ret_sig);

/* The files stage started ahead of the signature stage: the tree below
 * BOOTDIR is read and every file hashed in a background thread while the
 * caller runs gpgv (its own process), so the two use separate CPUs. No
 * manifest byte is parsed before its signature is checked. */
struct manifest_scan;

/* Starts scanning the directory open at root_fd (which is duplicated).
 * keep_max > 0: the files are read into sealed images, up to keep_max
 * bytes of them (manifest_tree_scan), for manifest_scan_finish to keep. */
int manifest_scan_start(int root_fd, uint64_t keep_max, struct manifest_scan **ret);

/* Waits for the scan, then compares it with the verified manifest as
 * manifest_verify_files does. The scan is consumed either way. When every
 * file matched, each entry of m whose file was read into an image gets
 * that image (manifest_entry.image): the very bytes whose size and hash
 * matched the entry, sealed, so that a boot loads them without reading
 * /boot again. */
int manifest_scan_finish(struct manifest_scan *scan, struct manifest *m, manifest_diff_fn fn,
			 void *userdata, size_t *ret_checked);

/* Waits for a scan that is no longer wanted (a bad signature) and frees it. */
void manifest_scan_free(struct manifest_scan *scan);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct manifest_scan *, manifest_scan_free);
#define _cleanup_manifest_scan_ _cleanup_(manifest_scan_freep)

/* Compares the tree below BOOTDIR with the manifest, calling fn for each
 * difference; hashes only files whose size matches. Returns 0 when the
 * tree matches (mode-only differences allowed), -E_DIFFERS when not. */
int manifest_verify_files(int root_fd, const struct manifest *m, manifest_diff_fn fn,
			  void *userdata, size_t *ret_checked);
