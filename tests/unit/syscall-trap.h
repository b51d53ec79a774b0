/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A trap for syscall(2), for tests and the LD_PRELOAD trap: the file that
 * includes this defines trap_syscall(), which answers the calls it fakes
 * (kexec_file_load, init_module, ...) and returns false for the others,
 * which then reach the real syscall. Include it in one file per program. */
#pragma once

#include <dlfcn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h> /* syscall(2) itself */

/* true, with the result in ret, when the call number is faked. */
static bool trap_syscall(long number, const long a[6], long *ret);

long syscall(long number, ...)
{
	long (*real)(long, ...) = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	long a[6], ret = 0;
	va_list ap;

	va_start(ap, number);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (trap_syscall(number, a, &ret))
		return ret;
	if (!real)
		abort();
	return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
