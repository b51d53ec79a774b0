/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs every registered test in a child process, one result line each. */
#include "harness.h"

#include <sys/wait.h>
#include <unistd.h>

#define MAX_TESTS 256

static struct {
	const char *name;
	test_fn fn;
} tests[MAX_TESTS];
static int ntests;

void test_register(const char *name, test_fn fn)
{
	if (ntests < MAX_TESTS) {
		tests[ntests].name = name;
		tests[ntests].fn = fn;
		ntests++;
	}
}

static int run_one(const char *prog, int i)
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		tests[i].fn();
		fflush(NULL);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		printf("FAIL %s:%s (cannot fork)\n", prog, tests[i].name);
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("PASS %s:%s\n", prog, tests[i].name);
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("FAIL %s:%s (signal %d)\n", prog, tests[i].name, WTERMSIG(status));
	else
		printf("FAIL %s:%s\n", prog, tests[i].name);
	return 1;
}

int main(int argc, char **argv)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int failed = 0;

	for (int i = 0; i < ntests; i++)
		if (argc < 2 || strstr(tests[i].name, argv[1]))
			failed += run_one(prog, i);
	return failed ? 1 : 0;
}
