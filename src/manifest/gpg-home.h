/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The GnuPG home a signing uses, and the user gpg runs as there. gpg
 * reads the owner's key material (a key disk, a smartcard's answers) and
 * never runs as root (subprocess.h). Run by root: a home owned by another
 * user is used as that user; a home owned by root (a key disk written as
 * root) is copied into a fresh private directory owned by the
 * unprivileged user (in $TMPDIR, else /run, else /tmp) (regular files and directories only, at most 16 MiB),
 * gpg runs there as that user, and the copy is overwritten and removed
 * afterwards. Run by any other user, the home is used as it is. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

struct gpg_home {
	char path[PATH_MAX]; /* the home to give gpg (--homedir) */
	uid_t uid; /* whom gpg runs as when started by root (0: the unprivileged user) */
	gid_t gid;
	bool copied; /* path is a private copy, removed by gpg_home_close */
};

/* The home gpg uses for homedir (NULL: $GNUPGHOME, else ~/.gnupg), as an
 * absolute path without symbolic links. */
int gpg_home_resolve(const char *homedir, char ret[PATH_MAX]);

int gpg_home_open(const char *homedir, struct gpg_home *ret);

/* Writes what gpg changed in a copy back into homedir (the home it was
 * opened for): regular files replaced, directories made, owned by the
 * caller; nothing for a home used in place. Used after making a key. */
int gpg_home_save(const struct gpg_home *h, const char *homedir);

/* Overwrites and removes a copy; nothing for a home used in place. */
void gpg_home_close(struct gpg_home *h);
