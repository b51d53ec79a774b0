/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small test harness: each TEST runs in its own forked process and
 * reports one line "PASS name", "FAIL name" or "SKIP name: reason" that
 * tests/run-tests counts. A test that cannot run here calls SKIP(reason). */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
/* Ends the running test as skipped (never as passed), giving the reason. */
__attribute__((noreturn, format(printf, 1, 2))) void test_skip(const char *fmt, ...);

#define SKIP(...) test_skip(__VA_ARGS__)

#define TEST(name)                                                     \
	static void test_##name(void);                                 \
	__attribute__((constructor)) static void register_##name(void) \
	{                                                              \
		test_register(#name, test_##name);                     \
	}                                                              \
	static void test_##name(void)

#define FAILF(...)                                                \
	do {                                                      \
		fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__);                     \
		fputc('\n', stderr);                              \
		exit(1);                                          \
	} while (0)

#define ASSERT(cond)                                          \
	do {                                                  \
		if (!(cond))                                  \
			FAILF("assertion failed: %s", #cond); \
	} while (0)

#define ASSERT_EQ(a, b)                                                           \
	do {                                                                      \
		long long _a = (long long)(a), _b = (long long)(b);               \
		if (_a != _b)                                                     \
			FAILF("%s == %lld, expected %s == %lld", #a, _a, #b, _b); \
	} while (0)

#define ASSERT_STREQ(a, b)                                                             \
	do {                                                                           \
		const char *_a = (a), *_b = (b);                                       \
		if (!_a || !_b || strcmp(_a, _b) != 0)                                 \
			FAILF("%s == \"%s\", expected \"%s\"", #a, _a ? _a : "(null)", \
			      _b ? _b : "(null)");                                     \
	} while (0)

/* Removes a test's directory and everything in it, then frees its name:
 * _cleanup_(tmpdir_freep) char *dir = ... (a mkdtemp name, strdup'ed). */
void tmpdir_freep(char **dir);
