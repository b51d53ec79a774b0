/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LD_PRELOAD shim for the power-cut test: counts the calls that make a
 * file system change durable or visible (fsync, fdatasync, rename*) and
 * kills the process with SIGKILL right after the Nth one (CRASH_AT=N),
 * as if the power went at that point. Children do not inherit it. */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long crash_at = -1;
static long events;

__attribute__((constructor)) static void crash_init(void)
{
	const char *s = getenv("CRASH_AT");

	if (s)
		crash_at = atol(s);
	unsetenv("LD_PRELOAD");
	unsetenv("CRASH_AT");
}

static int event(int r)
{
	if (++events == crash_at)
		raise(SIGKILL);
	return r;
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int fsync(int fd)
{
	return event(NEXT(fsync)(fd));
}

int fdatasync(int fd)
{
	return event(NEXT(fdatasync)(fd));
}

int rename(const char *a, const char *b)
{
	return event(NEXT(rename)(a, b));
}

int renameat(int da, const char *a, int db, const char *b)
{
	return event(NEXT(renameat)(da, a, db, b));
}
