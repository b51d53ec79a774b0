/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running a helper program (gpg, gpgv) without a shell: fixed argv,
 * chosen environment, chosen file descriptors, one output captured. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

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
};

/* Runs it to completion. On success (the child ran; whatever its exit
 * status) returns 0 with the status in *ret_status (exit code, or 128 +
 * signal) and the captured output in *ret_out (NUL-terminated, may be
 * NULL when capture_fd < 0). -EFBIG when the output exceeds capture_max,
 * -ENOENT when the program cannot be started. */
int subprocess_run(const struct subprocess *p, int *ret_status, char **ret_out, size_t *ret_len);

/* A memory file holding buf, positioned at its start, for handing data to
 * a child as a file descriptor. */
int subprocess_memfd(const char *name, const void *buf, size_t len);
