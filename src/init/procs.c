/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stopping the processes the recovery shell left behind (procs.h). */
#include "procs.h"
#include "fileio.h"
#include "log.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#define PF_KTHREAD 0x00200000ul
#define STAT_MAX 4096

int proc_stat_parse(const char *line, struct proc_info *ret)
{
	const char *end = strrchr(line, ')');
	long pid = 0, session = 0;
	unsigned long flags = 0;
	char state = 0;

	if (!end || sscanf(line, "%ld (", &pid) != 1 || pid <= 0)
		return -EINVAL;
	if (sscanf(end + 1, " %c %*d %*d %ld %*d %*d %lu", &state, &session, &flags) != 3)
		return -EINVAL;
	*ret = (struct proc_info){
		.pid = (pid_t)pid, .state = state, .session = (pid_t)session, .flags = flags
	};
	return 0;
}

bool proc_is_leftover(const struct proc_info *p, pid_t self, bool all, pid_t session)
{
	if (p->pid == self || (p->flags & PF_KTHREAD) || p->state == 'Z' || p->state == 'X')
		return false;
	return all || p->session == session;
}

static bool read_info(const char *proc_dir, const char *name, struct proc_info *ret)
{
	_cleanup_free_ char *buf = NULL;
	char path[512];
	size_t len = 0;

	if (strfmt(path, sizeof(path), "%s/%s/stat", proc_dir, name) < 0 ||
	    read_file_full(path, STAT_MAX, &buf, &len) < 0)
		return false;
	return proc_stat_parse(buf, ret) >= 0;
}

/* As PID 1 every killed process ends as a child of this one (orphans are
 * handed to it): waiting until none is left is waiting until all ended. */
static void reap_children(bool all)
{
	for (;;) {
		pid_t w = waitpid(-1, NULL, all ? 0 : WNOHANG);
		if (w == 0 || (w < 0 && errno != EINTR))
			return;
	}
}

int procs_stop_leftovers(const char *proc_dir, pid_t self, bool all, pid_t session)
{
	DIR *d = opendir(proc_dir);
	struct dirent *e;
	struct proc_info p;
	int n = 0;

	if (!d)
		return log_error_errno(errno, "Cannot list processes in %s: %m", proc_dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9' || !read_info(proc_dir, e->d_name, &p))
			continue;
		if (proc_is_leftover(&p, self, all, session) && kill(p.pid, SIGKILL) == 0)
			n++;
	}
	closedir(d);
	reap_children(all && n > 0);
	return n;
}
