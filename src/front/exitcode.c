/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Maps the library's -errno results to the command's exit codes. */
#include "exitcode.h"

#include <errno.h>

int exit_code_from_errno(int r)
{
	switch (r < 0 ? -r : r) {
	case 0:
		return EXIT_OK;
	case EINVAL:
	case EBADMSG:
	case E2BIG:
	case ERANGE:
		return EXIT_USAGE;
	case E_SEALED:
		return EXIT_SEALED;
	case E_DIFFERS:
	case E_OTHER_FS:
		return EXIT_DIFFERS;
	case E_SIGNATURE:
		return EXIT_SIGNATURE;
	case E_ROLLBACK:
	case E_PRIMARY:
		return EXIT_ROLLBACK;
	case E_PASSPHRASE:
		return EXIT_PASSPHRASE;
	default:
		return EXIT_ERROR;
	}
}
