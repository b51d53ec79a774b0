/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading passphrases: from a file (one trailing newline dropped) or from
 * the terminal without echo. */
#pragma once

#include <stddef.h>

#define PASSPHRASE_MAX 256

/* Reads the passphrase into buf (size PASSPHRASE_MAX, NUL-terminated).
 * With path, from that file; else prompts on /dev/tty. When confirm is
 * set, asks twice and insists both agree. Empty passphrases are refused
 * with -EINVAL. */
int passphrase_read(const char *path, const char *prompt, int confirm, char *buf);

/* The same, asking on the terminal fd (the console of /init, which has no
 * controlling terminal). */
int passphrase_read_fd(int fd, const char *prompt, int confirm, char *buf);
