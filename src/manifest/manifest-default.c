/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The default boot entry of the next signing (manifest-default.h). */
#include "manifest-default.h"
#include "errors.h"
#include "log.h"
#include "manifest-binding.h"
#include "manifest-verify.h"
#include "manifest.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

static bool has_manifest(int root_fd)
{
	struct stat st;

	return fstatat(root_fd, MANIFEST_DIR "/" MANIFEST_NAME, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* The signature and the TPM binding, as verification judges them (with
 * the facts given, else what t says); the files are not compared: they
 * are what is about to be signed anew. */
static int verified_manifest(int root_fd, struct tpm *t, const struct manifest_tpm_facts *f,
			     const char *keyring, struct manifest **ret)
{
	_cleanup_manifest_ struct manifest *m = NULL;
	struct manifest_signature sig;
	struct manifest_binding b;
	int r = manifest_verify_signature(root_fd, keyring, &m, &sig);

	if (r >= 0)
		r = f ? manifest_binding_judge(m, f, &b) :
		    t ? manifest_verify_binding(t, m, &b) :
			-ENODEV;
	if (r < 0)
		return r;
	*ret = TAKE_PTR(m);
	return 0;
}

static int current(int root_fd, struct tpm *t, const struct manifest_tpm_facts *f,
		   const char *keyring, struct manifest_default *ret)
{
	_cleanup_manifest_ struct manifest *m = NULL;
	int r;

	*ret = (struct manifest_default){ .source = MANIFEST_DEFAULT_NO_MANIFEST };
	if (!has_manifest(root_fd))
		return 0;
	ret->source = MANIFEST_DEFAULT_NO_KEYRING;
	if (!keyring)
		return 0;
	r = verified_manifest(root_fd, t, f, keyring, &m);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		ret->source = MANIFEST_DEFAULT_UNVERIFIED;
		ret->error = r;
		return 0;
	}
	ret->source = MANIFEST_DEFAULT_NONE;
	if (!m->default_entry)
		return 0;
	ret->title = strdup(m->default_entry);
	if (!ret->title)
		return -ENOMEM;
	ret->source = MANIFEST_DEFAULT_KEPT;
	return 0;
}

int manifest_default_current(int root_fd, struct tpm *t, const char *keyring,
			     struct manifest_default *ret)
{
	return current(root_fd, t, NULL, keyring, ret);
}

int manifest_default_current_facts(int root_fd, const struct manifest_tpm_facts *f,
				   const char *keyring, struct manifest_default *ret)
{
	return current(root_fd, NULL, f, keyring, ret);
}

int manifest_default_given(const char *title, struct manifest_default *ret)
{
	*ret = (struct manifest_default){ .source = MANIFEST_DEFAULT_NONE };
	if (!title || !*title)
		return 0;
	if (streq(title, "-") || strlen(title) > MANIFEST_MAX_PATH)
		return log_error_errno(EINVAL, "Unusable default boot entry '%s'", title);
	ret->title = strdup(title);
	if (!ret->title)
		return -ENOMEM;
	ret->source = MANIFEST_DEFAULT_GIVEN;
	return 0;
}

void manifest_default_done(struct manifest_default *d)
{
	free(d->title);
	*d = (struct manifest_default){ 0 };
}

const char *manifest_default_unverified_reason(const struct manifest_default *d)
{
	if (d->error == -E_SIGNATURE)
		return "it is unsigned, or signed by a key not in the keyring";
	if (d->error == -E_ROLLBACK)
		return "it is older than the TPM's rollback counter, or of another TPM";
	return strerror(-d->error);
}
