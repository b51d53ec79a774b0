/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The exit codes every `heads` subcommand shares (DESIGN section 10): the
 * command's own, separate from the library's reasons (errors.h), which
 * exit_code_from_errno maps to them. */
#pragma once

#include "errors.h"

enum heads_exit {
	EXIT_OK = 0,
	EXIT_ERROR = 1, /* I/O, missing device, TPM unreachable */
	EXIT_USAGE = 2, /* bad usage or malformed input */
	EXIT_SEALED = 3, /* the TPM refused: measured state differs */
	EXIT_DIFFERS = 4, /* /boot differs from its signed manifest */
	EXIT_SIGNATURE = 5, /* bad signature, or a key not in the keyring */
	EXIT_ROLLBACK = 6, /* manifest older than the TPM counter */
	EXIT_PASSPHRASE = 7, /* wrong passphrase */
};

/* Maps a function's return value (0 or -errno) to the exit code. */
int exit_code_from_errno(int r);
