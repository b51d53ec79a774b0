/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Logging to stderr; the level comes from HEADS_LOG or the -v/-q flags. */
#include "log.h"

#include <stdarg.h>
#include <stdlib.h>

static enum log_level max_level = LOG_NOTICE;
static const char *program = "heads";

void log_set_level(enum log_level level)
{
	max_level = level;
}

enum log_level log_get_level(void)
{
	return max_level;
}

void log_set_program(const char *name)
{
	program = name;
}

int log_full(enum log_level level, int error, const char *fmt, ...)
{
	int saved = errno;
	int e = error < 0 ? -error : error;

	if (level <= max_level) {
		va_list ap;

		errno = e;
		fprintf(stderr, "%s: ", program);
		if (level == LOG_WARNING)
			fputs("warning: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	errno = saved;
	return -e;
}
