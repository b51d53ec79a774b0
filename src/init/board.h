/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The board profile: "key=value" lines, '#' comments (image/board.conf). */
#pragma once

#include <stddef.h>

/* Copies the value of key in the profile text buf[0..len) into ret
 * (NUL-terminated). -ENOENT when absent, -ENAMETOOLONG when it does not
 * fit, -EBADMSG for a line that is neither blank, comment nor key=value. */
int board_get(const char *buf, size_t len, const char *key, char *ret, size_t size);
