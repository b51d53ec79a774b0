/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GRUB script variables: names and string values, with caps, and whole
 * copies for the contexts menu entries run in. */
#pragma once

#include "macro.h"

#define GRUB_ENV_MAX_VARS 1024
#define GRUB_ENV_MAX_VALUE (64u << 10)

struct grub_var {
	char *name;
	char *value;
};

struct grub_env {
	struct grub_var *v;
	size_t n;
};

/* NULL when unset. */
const char *grub_env_get(const struct grub_env *env, const char *name);
int grub_env_set(struct grub_env *env, const char *name, const char *value);
void grub_env_unset(struct grub_env *env, const char *name);
int grub_env_copy(const struct grub_env *from, struct grub_env *to);
void grub_env_clear(struct grub_env *env);
#define _cleanup_grub_env_ _cleanup_(grub_env_clear)
/* A name GRUB accepts for a variable: [A-Za-z_][A-Za-z0-9_]*, or digits. */
int grub_env_name_valid(const char *name, size_t len);
