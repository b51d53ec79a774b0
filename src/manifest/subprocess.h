/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running a helper program (gpg, gpgv) without a shell: fixed argv,
 * chosen environment, chosen file descriptors (no other is inherited),
 * one output captured, and no privileges: run as root, the child becomes
 * an unprivileged user first. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The unprivileged user the helpers parse untrusted input as ("nobody"):
 * it owns no file of the payload, may not open the TPM device (root's,
 * mode 0600) nor enter the rundir (root's, mode 0700). */
#define SUBPROCESS_NOBODY 65534

struct subprocess {
	const char *path; /* absolute, or a name looked up in $PATH if search */
	char *const *argv;
	char *const *envp; /* NULL: inherit the environment */
	bool search;
	int fd_in[4]; /* the child gets fd_in[i] as fd_child[i] */
	int fd_child[4];
	size_t n_fds;
	int capture_fd; /* child fd whose output is collected, or -1 */
	size_t capture_max;
	bool quiet; /* child stderr to /dev/null */
	uid_t uid; /* when started by root: the user and group to run as, */
	gid_t gid; /* with no supplementary groups (0 means nobody: root never) */
};

/* Runs it to completion. The child keeps fds 0-2 and the mapped ones only,
 * cannot gain privileges (PR_SET_NO_NEW_PRIVS, so no set-id program
 * helps it), and when this process is root it runs as p->uid/p->gid
 * (SUBPROCESS_NOBODY for 0) with no supplementary groups; it is never
 * started as root. Run by another user, it runs as that user. On success (the child ran; whatever its exit
 * status) returns 0 with the status in *ret_status (exit code, or 128 +
 * signal) and the captured output in *ret_out (NUL-terminated, may be
 * NULL when capture_fd < 0). -EFBIG when the output exceeds capture_max,
 * -ENOENT when the program cannot be started. */
int subprocess_run(const struct subprocess *p, int *ret_status, char **ret_out, size_t *ret_len);

/* A memory file holding buf, positioned at its start, for handing data to
 * a child as a file descriptor. */
int subprocess_memfd(const char *name, const void *buf, size_t len);
