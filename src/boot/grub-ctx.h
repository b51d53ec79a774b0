/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state of a running grub.cfg, shared by the interpreter (grub.c) and
 * its commands (grub-cmd*.c). */
#pragma once

#include "bootfs.h"
#include "entry.h"
#include "grub-ast.h"
#include "grub-env.h"

struct grub_func {
	char *name;
	const struct grub_node *body;
};

struct grub_ctx {
	const struct bootfs *fs;
	struct entry_list *out;
	struct grub_env env;
	struct grub_func *funcs;
	size_t n_funcs;
	struct grub_node **scripts; /* every parsed file; functions point into them */
	size_t n_scripts;
	struct boot_entry *entry; /* the menu entry being run, or NULL */
	int modules; /* multiboot modules seen in this entry */
	unsigned source_depth, sources, call_depth;
	unsigned long steps;
	int status; /* of the last command: 0 true/success, 1 false/failure */
	int warned_source, warned_call; /* say each bound was hit once, not per call */
};

/* Runs a list of statements; < 0 only for fatal errors. */
int grub_exec_list(struct grub_ctx *c, const struct grub_node *n);
/* Reads, parses and runs a file of the tree (for `source`). */
int grub_exec_file(struct grub_ctx *c, const char *path, int top);

/* Runs one expanded command; returns its status (0/1) or a fatal < 0. */
int grub_cmd_run(struct grub_ctx *c, char **argv);
/* Commands that fill the current entry: linux, initrd, multiboot, module. */
int grub_cmd_entry(struct grub_ctx *c, char **argv, int *handled);
