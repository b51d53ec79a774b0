/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Logging to stderr with levels; error helpers return the negative errno
 * they were given so callers can write `return log_error_errno(r, ...)`. */
#pragma once

#include "macro.h"

/* LOG_NONE silences everything (fuzzers, which feed millions of bad inputs). */
enum log_level { LOG_NONE = -1, LOG_ERR = 0, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
void log_set_program(const char *name);

/* Prints "heads: <message>" when level is enabled. If error is nonzero,
 * "%m" in the format expands to strerror(-error). Returns -abs(error). */
int log_full(enum log_level level, int error, const char *fmt, ...) _printf_(3, 4);

#define log_error(...) log_full(LOG_ERR, 0, __VA_ARGS__)
#define log_warning(...) log_full(LOG_WARNING, 0, __VA_ARGS__)
#define log_notice(...) log_full(LOG_NOTICE, 0, __VA_ARGS__)
#define log_info(...) log_full(LOG_INFO, 0, __VA_ARGS__)
#define log_debug(...) log_full(LOG_DEBUG, 0, __VA_ARGS__)
#define log_error_errno(e, ...) log_full(LOG_ERR, (e), __VA_ARGS__)
#define log_warning_errno(e, ...) log_full(LOG_WARNING, (e), __VA_ARGS__)
#define log_debug_errno(e, ...) log_full(LOG_DEBUG, (e), __VA_ARGS__)
