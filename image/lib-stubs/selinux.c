/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libselinux.so.1 for the payload: libdevmapper (through libcryptsetup)
 * links libselinux, and with it libpcre2, to label the device nodes it
 * creates on an SELinux system. The payload's kernels have no SELinux, so
 * is_selinux_enabled() is 0, as the real library says there, and
 * libdevmapper never asks for a label. Only the symbols libdevmapper
 * imports are here, under the real library's symbol version.
 *
 * soname: libselinux.so.1 */
#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

int is_selinux_enabled(void)
{
	return 0;
}

int matchpathcon(const char *path, mode_t mode, char **con)
{
	(void)path, (void)mode;
	if (con)
		*con = NULL;
	errno = ENOTSUP;
	return -1;
}

int lsetfilecon(const char *path, const char *con)
{
	(void)path, (void)con;
	errno = ENOTSUP;
	return -1;
}

int setfscreatecon(const char *con)
{
	(void)con;
	return 0;
}

void freecon(char *con)
{
	(void)con;
}
