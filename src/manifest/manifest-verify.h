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
	bool staged;               /* found as manifest.sig.new (interrupted signing) */
};

/* Reads BOOTDIR/heads/manifest, checks its detached signature with gpgv
 * against keyring only, and parses exactly the bytes that were checked.
 * -E_SIGNATURE when unsigned or not signed by a good key of the keyring,
 * -EINVAL for an unusable keyring, -EBADMSG for a signed but malformed
 * manifest. */
int manifest_verify_signature(int root_fd, const char *keyring, struct manifest **ret,
			      struct manifest_signature *ret_sig);

/* Compares the tree below BOOTDIR with the manifest, calling fn for each
 * difference; hashes only files whose size matches. Returns 0 when the
 * tree matches (mode-only differences allowed), -E_DIFFERS when not. */
int manifest_verify_files(int root_fd, const struct manifest *m, manifest_diff_fn fn,
			  void *userdata, size_t *ret_checked);
