/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The payload's module list as /init holds it while the groups load
 * (modules.c); apart so that tests can read what the parser made of a list. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define MODULE_NAME_MAX 64
#define GROUPS_MAX 16
#define GROUP_MODULES_MAX 64

struct module {
	const char *path, *params;
	char name[MODULE_NAME_MAX];
	char *image; /* the measured bytes, handed to the kernel */
	size_t len;
};

struct module_group {
	char name[32];
	struct module m[GROUP_MODULES_MAX];
	size_t n;
	bool later; /* "[NAME later]": wanted by the menu only, not to find /boot */
	pthread_t thread;
	bool running;
	int failed;
	pthread_mutex_t lock;
	pthread_cond_t measured_cond;
	size_t measured; /* m[0..measured-1] are measured (image NULL: failed) */
};

struct init_modules {
	char *list; /* the list's text; paths and parameters point into it */
	struct module_group g[GROUPS_MAX];
	size_t n;
};

/* Splits p->list (NUL-terminated, changed in place) into groups: one
 * "[GROUP]", "[GROUP later]", "PATH" or "PATH PARAMS" per line; empty
 * lines and lines starting with '#' are skipped; modules before any
 * header form the group "modules". -E2BIG beyond GROUPS_MAX groups,
 * GROUP_MODULES_MAX modules in a group, or a group name of 32 bytes. */
int init_modules_parse(struct init_modules *p);
