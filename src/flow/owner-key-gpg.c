/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner's key in a GnuPG home on the key disk (owner-key.h). */
#include "owner-key.h"
#include "gpg-sign.h"
#include "log.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

/* A home already there is the previous owner's: kept, out of the way. */
static int move_previous(struct owner_key *k)
{
	struct stat st;

	if (lstat(k->homedir, &st) < 0)
		return errno == ENOENT ? 0 : negative_errno();
	if (strfmt(k->previous, sizeof(k->previous), "%s.before-reset-%lld", k->homedir,
		   (long long)time(NULL)) < 0)
		return -ENAMETOOLONG;
	if (rename(k->homedir, k->previous) < 0)
		return log_error_errno(errno, "Cannot move the GnuPG home %s aside: %m", k->homedir);
	return 0;
}

static int gpg_generate(struct owner_key *k, const char *uid, const char *passphrase)
{
	int r = move_previous(k);

	if (r < 0)
		return r;
	if (mkdir(k->homedir, 0700) < 0)
		return log_error_errno(errno, "Cannot make the GnuPG home %s: %m", k->homedir);
	k->passphrase = passphrase;
	return gpg_keygen(k->homedir, uid, passphrase, k->id);
}

static int gpg_export(struct owner_key *k, uint8_t **ret, size_t *ret_len)
{
	return gpg_export_public(k->homedir, k->id, ret, ret_len);
}

static int gpg_sign_with(struct owner_key *k, int data_fd, int out_fd)
{
	struct gpg_sign_options o = { .homedir = k->homedir,
				      .key = k->id,
				      .passphrase = k->passphrase };

	return gpg_sign(&o, data_fd, out_fd);
}

static const struct owner_key_ops gpg_ops = {
	.generate = gpg_generate,
	.export_public = gpg_export,
	.sign = gpg_sign_with,
};

int owner_key_gpg_init(struct owner_key *k, const char *homedir)
{
	*k = (struct owner_key){ .ops = &gpg_ops };
	return strfmt(k->homedir, sizeof(k->homedir), "%s", homedir) < 0 ? -ENAMETOOLONG : 0;
}
