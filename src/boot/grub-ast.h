/* SPDX-License-Identifier: GPL-2.0-or-later */
/* grub.cfg parsed into a tree of statements: commands, if/elif/else,
 * menuentry and submenu blocks, function definitions, and loops (parsed
 * for balance, never run). Words stay raw until the command runs. */
#pragma once

#include "macro.h"

/* Blocks nested deeper than this are refused as malformed. */
#define GRUB_MAX_NESTING 32

enum grub_node_type { GN_CMD, GN_IF, GN_MENUENTRY, GN_SUBMENU, GN_FUNCTION, GN_LOOP };

struct grub_node {
	enum grub_node_type type;
	unsigned line;
	char **words; /* command words; block arguments; function name */
	struct grub_node *cond; /* GN_IF: the condition's commands */
	struct grub_node *body; /* blocks: the statements inside */
	struct grub_node *other; /* GN_IF: else part (an elif is a nested GN_IF) */
	struct grub_node *next;
};

/* Parses a whole config. On a syntax error returns -EINVAL (-E2BIG when
 * nested too deeply) and sets *ret_line to where. */
int grub_parse(const char *buf, size_t len, struct grub_node **ret, unsigned *ret_line);
struct grub_node *grub_node_free(struct grub_node *n);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct grub_node *, grub_node_free);
#define _cleanup_grub_node_ _cleanup_(grub_node_freep)
