/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stopping what the recovery shell left running: a background loop or a
 * daemon must not outlive the shell into the menu and the next boot. As
 * PID 1 that is every process but /init and the kernel's threads (nothing
 * else runs in the payload then); otherwise the shell's session. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

struct proc_info {
	pid_t pid;
	char state; /* R, S, D, Z, ... */
	pid_t session;
	unsigned long flags; /* the kernel's PF_* flags */
};

/* Parses a /proc/PID/stat line ("pid (comm) state ppid pgrp session tty
 * tpgid flags ..."); comm may hold spaces and parentheses. -EINVAL when
 * malformed. */
int proc_stat_parse(const char *line, struct proc_info *ret);

/* Whether p is to be stopped: not self, not a kernel thread, not already
 * a zombie; every such process when all, else those of session. */
bool proc_is_leftover(const struct proc_info *p, pid_t self, bool all, pid_t session);

/* Sends SIGKILL to each leftover process listed in proc_dir (normally
 * "/proc") and reaps this process's children; returns how many were
 * signalled. */
int procs_stop_leftovers(const char *proc_dir, pid_t self, bool all, pid_t session);
