/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The gpg-agent a signing starts: gpg leaves it running, holding the
 * unlocked key and its socket in the GnuPG home (a key disk then cannot
 * be unmounted). It is found through /proc and stopped after signing;
 * agents that were already running are left alone. */
#pragma once

#include <sys/types.h>

#define GPG_AGENTS_MAX 16

struct gpg_agents {
	size_t n;
	pid_t pid[GPG_AGENTS_MAX];
};

/* The running gpg-agents serving homedir (NULL: $GNUPGHOME, else
 * ~/.gnupg), as gpg started them ("--homedir DIR" on their command line). */
int gpg_agents_find(const char *homedir, struct gpg_agents *ret);

/* Stops the agents serving homedir that are not in before: SIGTERM, then
 * SIGKILL; returns once each has ended, -ETIMEDOUT if one has not. */
int gpg_agents_stop_new(const char *homedir, const struct gpg_agents *before);
