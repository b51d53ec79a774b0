/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GRUB script variables. */
#include "grub-env.h"

#include <ctype.h>

static struct grub_var *find(const struct grub_env *env, const char *name)
{
	for (size_t i = 0; i < env->n; i++)
		if (streq(env->v[i].name, name))
			return &env->v[i];
	return NULL;
}

const char *grub_env_get(const struct grub_env *env, const char *name)
{
	struct grub_var *v = find(env, name);

	return v ? v->value : NULL;
}

static int add(struct grub_env *env, const char *name, char *value)
{
	struct grub_var *v;
	char *n = strdup(name);

	if (env->n >= GRUB_ENV_MAX_VARS || !n) {
		free(n);
		return env->n >= GRUB_ENV_MAX_VARS ? -E2BIG : -ENOMEM;
	}
	v = realloc(env->v, (env->n + 1) * sizeof(*v));
	if (!v) {
		free(n);
		return -ENOMEM;
	}
	env->v = v;
	env->v[env->n++] = (struct grub_var){ .name = n, .value = value };
	return 0;
}

int grub_env_set(struct grub_env *env, const char *name, const char *value)
{
	struct grub_var *v = find(env, name);
	char *copy;
	int r;

	if (strlen(value) > GRUB_ENV_MAX_VALUE)
		return -E2BIG;
	copy = strdup(value);
	if (!copy)
		return -ENOMEM;
	if (v) {
		free(v->value);
		v->value = copy;
		return 0;
	}
	if ((r = add(env, name, copy)) < 0)
		free(copy);
	return r;
}

void grub_env_unset(struct grub_env *env, const char *name)
{
	struct grub_var *v = find(env, name);

	if (!v)
		return;
	free(v->name);
	free(v->value);
	*v = env->v[--env->n];
}

int grub_env_copy(const struct grub_env *from, struct grub_env *to)
{
	int r;

	grub_env_clear(to);
	for (size_t i = 0; i < from->n; i++)
		if ((r = grub_env_set(to, from->v[i].name, from->v[i].value)) < 0)
			return r;
	return 0;
}

void grub_env_clear(struct grub_env *env)
{
	for (size_t i = 0; i < env->n; i++) {
		free(env->v[i].name);
		free(env->v[i].value);
	}
	free(env->v);
	env->v = NULL;
	env->n = 0;
}

int grub_env_name_valid(const char *name, size_t len)
{
	int digits = len > 0 && isdigit((unsigned char)name[0]);

	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (digits ? !isdigit(c) : !(isalnum(c) || c == '_') || (i == 0 && isdigit(c)))
			return 0;
	}
	return 1;
}
