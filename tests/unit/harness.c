/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs every registered test in a child process, one result line each:
 * "PASS prog:name", "FAIL prog:name (why)" or "SKIP prog:name: reason".
 * In a sanitizer build each passing test also passes LeakSanitizer's check;
 * each test has HEADS_TEST_TIMEOUT seconds (default 120). */
#include "harness.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HARNESS_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HARNESS_LSAN 1
#endif
#endif
#ifdef HARNESS_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#define DEFAULT_TIMEOUT 120
#define EXIT_SKIP 77
#define EXIT_LEAK 76

struct test {
	const char *name;
	test_fn fn;
};

static struct test *tests;
static size_t ntests, cap;
static const char *prog = "test";
static const char *current;
static int registration_failed;

void test_register(const char *name, test_fn fn)
{
	if (ntests == cap) {
		size_t ncap = cap ? cap * 2 : 64;
		struct test *t = realloc(tests, ncap * sizeof(*t));
		if (!t) {
			registration_failed = 1;
			return;
		}
		tests = t;
		cap = ncap;
	}
	tests[ntests].name = name;
	tests[ntests].fn = fn;
	ntests++;
}

void test_skip(const char *fmt, ...)
{
	va_list ap;

	printf("SKIP %s:%s: ", prog, current);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(NULL);
	_exit(EXIT_SKIP);
}

/* The child's end of a test: a leak in a passing test is a failure. */
static void finish_child(void)
{
	fflush(NULL);
#ifdef HARNESS_LSAN
	if (__lsan_do_recoverable_leak_check())
		_exit(EXIT_LEAK);
#endif
	_exit(0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static unsigned timeout_seconds(void)
{
	const char *s = getenv("HEADS_TEST_TIMEOUT");
	char *end;
	unsigned long v;

	if (!s || !*s)
		return DEFAULT_TIMEOUT;
	v = strtoul(s, &end, 10);
	return *end || v == 0 || v > 86400 ? DEFAULT_TIMEOUT : (unsigned)v;
}

/* Waits for the child; after the timeout it is killed. 1 when it was. */
static int wait_child(pid_t pid, int *status)
{
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	int timed_out = 0;

	sigaction(SIGALRM, &sa, NULL);
	alarm(timeout_seconds());
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR) {
			*status = -1;
			break;
		}
		timed_out = 1;
		kill(pid, SIGKILL);
	}
	alarm(0);
	return timed_out;
}

static int report(const char *name, int status, int timed_out)
{
	if (timed_out) {
		printf("FAIL %s:%s (timed out after %u s)\n", prog, name, timeout_seconds());
		return 1;
	}
	if (status == -1) {
		printf("FAIL %s:%s (cannot wait for it)\n", prog, name);
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("PASS %s:%s\n", prog, name);
		return 0;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIP)
		return 0; /* the child printed its SKIP line */
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_LEAK)
		printf("FAIL %s:%s (memory leaked: see LeakSanitizer's report)\n", prog, name);
	else if (WIFSIGNALED(status))
		printf("FAIL %s:%s (signal %d)\n", prog, name, WTERMSIG(status));
	else
		printf("FAIL %s:%s\n", prog, name);
	return 1;
}

static int run_one(const struct test *t, int *skipped)
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		current = t->name;
		t->fn();
		finish_child();
	}
	if (pid < 0) {
		printf("FAIL %s:%s (cannot fork)\n", prog, t->name);
		return 1;
	}
	int timed_out = wait_child(pid, &status);
	*skipped += !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIP;
	int r = report(t->name, status, timed_out);
	fflush(NULL);
	return r;
}

/* Exit status: 1 when a test failed, 77 (Meson's "skipped") when every
 * test that ran was skipped, else 0. */
int main(int argc, char **argv)
{
	int failed = 0, skipped = 0, ran = 0;

	prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (registration_failed) {
		printf("FAIL %s (out of memory registering tests)\n", prog);
		return 1;
	}
	for (size_t i = 0; i < ntests; i++) {
		if (argc >= 2 && !strstr(tests[i].name, argv[1]))
			continue;
		ran++;
		failed += run_one(&tests[i], &skipped);
	}
	free(tests);
	if (ran == 0) {
		printf("FAIL %s (no test%s%s)\n", prog, argc >= 2 ? " matches " : "",
		       argc >= 2 ? argv[1] : "");
		return 1;
	}
	return failed ? 1 : skipped == ran ? EXIT_SKIP : 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) < 0 ? -errno : 0;
}

void tmpdir_freep(char **dir)
{
	if (*dir)
		(void)nftw(*dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(*dir);
}
