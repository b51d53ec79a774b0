/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The choice of /boot among the candidates (boot-select.h). */
#include "boot-select.h"

bool boot_candidate_self_pinned(const struct boot_candidate *c)
{
	return c->has_pin && manifest_fs_pinned(&c->pin) && manifest_fs_matches(&c->pin, &c->id);
}

static size_t count(const struct boot_candidate *c, size_t n,
		    bool (*fn)(const struct boot_candidate *), size_t *ret_first)
{
	size_t k = 0;

	for (size_t i = n; i-- > 0;)
		if (fn(&c[i])) {
			*ret_first = i;
			k++;
		}
	return k;
}

static bool pins(const struct boot_candidate *c)
{
	return c->has_pin && manifest_fs_pinned(&c->pin);
}

static bool has_config(const struct boot_candidate *c)
{
	return c->has_config;
}

enum boot_select boot_select(const struct boot_candidate *c, size_t n, size_t *ret_index)
{
	size_t first = 0, k = count(c, n, boot_candidate_self_pinned, &first);

	*ret_index = 0;
	if (k > 0) {
		*ret_index = first;
		return k == 1 ? BOOT_SELECT_PINNED : BOOT_SELECT_AMBIGUOUS;
	}
	/* Once signed, /boot is only ever the pinned file system. */
	if (count(c, n, pins, &first) > 0) {
		*ret_index = first;
		return BOOT_SELECT_PINNED_ABSENT;
	}
	k = count(c, n, has_config, &first);
	*ret_index = first;
	return k == 0 ? BOOT_SELECT_NONE : k == 1 ? BOOT_SELECT_ONLY : BOOT_SELECT_ASK;
}
