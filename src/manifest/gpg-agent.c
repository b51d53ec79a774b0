/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding and stopping the gpg-agent that a signing started. */
#include "gpg-agent.h"
#include "gpg-home.h"
#include "fileio.h"
#include "log.h"
#include "macro.h"

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>

#define CMDLINE_MAX 8192
#define WAIT_STEP_MS 10
#define TERM_WAIT_STEPS 100 /* one second for a clean exit, */
#define KILL_WAIT_STEPS 200 /* then two after SIGKILL */

static bool is_agent(pid_t pid)
{
	char path[64], comm[32] = "";
	_cleanup_fclose_ FILE *f = NULL;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	return f && fgets(comm, sizeof(comm), f) && streq(comm, "gpg-agent\n");
}

/* True when the process's command line has "--homedir DIR" naming home. */
static bool serves(pid_t pid, const char *home)
{
	_cleanup_free_ char *args = NULL;
	char path[64], dir[PATH_MAX];
	size_t len = 0;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if (read_file_full(path, CMDLINE_MAX, &args, &len) < 0)
		return false;
	for (size_t i = 0; i < len; i += strlen(args + i) + 1) {
		const char *next = args + i + strlen(args + i) + 1;
		if (!streq(args + i, "--homedir") || next >= args + len)
			continue;
		return realpath(next, dir) && streq(dir, home);
	}
	return false;
}

int gpg_agents_find(const char *homedir, struct gpg_agents *ret)
{
	char home[PATH_MAX];
	DIR *d;
	struct dirent *e;

	*ret = (struct gpg_agents){ 0 };
	if (gpg_home_resolve(homedir, home) < 0)
		return 0; /* no home, so no agent for it */
	d = opendir("/proc");
	if (!d)
		return log_error_errno(errno, "Cannot list processes in /proc: %m");
	while ((e = readdir(d)) && ret->n < GPG_AGENTS_MAX) {
		pid_t pid = (pid_t)atoi(e->d_name);
		if (pid > 0 && is_agent(pid) && serves(pid, home))
			ret->pid[ret->n++] = pid;
	}
	closedir(d);
	return 0;
}

/* Ended: no such process, or a zombie waiting for its parent (a zombie
 * holds no files and no mounts). */
static bool ended(pid_t pid)
{
	char path[64], stat[512];
	_cleanup_fclose_ FILE *f = NULL;
	const char *state;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f || !fgets(stat, sizeof(stat), f))
		return true;
	state = strrchr(stat, ')');
	return state && (state[2] == 'Z' || state[2] == 'X');
}

static bool wait_ended(pid_t pid, int steps)
{
	const struct timespec step = { 0, WAIT_STEP_MS * 1000000L };

	for (int i = 0; i < steps; i++) {
		if (ended(pid))
			return true;
		nanosleep(&step, NULL);
	}
	return ended(pid);
}

static bool listed(const struct gpg_agents *a, pid_t pid)
{
	for (size_t i = 0; a && i < a->n; i++)
		if (a->pid[i] == pid)
			return true;
	return false;
}

static int stop(pid_t pid)
{
	if (kill(pid, SIGTERM) < 0)
		return errno == ESRCH ? 0 : negative_errno();
	if (wait_ended(pid, TERM_WAIT_STEPS))
		return 0;
	(void)kill(pid, SIGKILL);
	return wait_ended(pid, KILL_WAIT_STEPS) ? 0 : -ETIMEDOUT;
}

int gpg_agents_stop_new(const char *homedir, const struct gpg_agents *before)
{
	struct gpg_agents now;
	int r = gpg_agents_find(homedir, &now), s;

	for (size_t i = 0; r >= 0 && i < now.n; i++) {
		if (listed(before, now.pid[i]))
			continue;
		s = stop(now.pid[i]);
		if (s < 0)
			r = log_error_errno(s, "Cannot stop gpg-agent (process %d): %m",
					    (int)now.pid[i]);
	}
	return r;
}
