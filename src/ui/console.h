/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Talking to the person at the console: prompts, choices, confirmations.
 * Works on a serial line as on a screen (plain lines, no cursor control). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Reads one line from stdin without its newline. -EIO at end of input. */
int ui_read_line(char *buf, size_t size);

/* Asks question until the answer is y or n (Enter picks the default). */
bool ui_confirm(const char *question, bool default_yes);

/* Waits for Enter. */
void ui_wait_enter(const char *message);

/* Prints the prompt and returns the first character of the answer, as
 * typed (0 for an empty line, -EIO at end of input). */
int ui_choice(const char *prompt);
