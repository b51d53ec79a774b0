/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GRUB's environment block (grubenv): "# GRUB Environment Block", then
 * name=value lines (backslash escapes), padded with '#'. */
#pragma once

#include "grub-env.h"

#include <stddef.h>

/* Sets each variable into env; when only is non-NULL, just those named. */
int grubenv_parse(const char *buf, size_t len, struct grub_env *env, char *const *only);
