/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libreadline.so.8 for the payload: gpg links GNU readline (and with it
 * libtinfo) for line editing, history and completion at its interactive
 * prompts (--edit-key). The payload signs in batch mode; a person at an
 * interactive gpg prompt in the recovery shell gets the terminal's own
 * line editing (erase, kill) instead: readline() here prints the prompt
 * and reads one line. The variables are those gpg sets (its copies are
 * the ones in use); completion offers nothing.
 *
 * soname: libreadline.so.8 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef char *rl_compentry_func_t(const char *, int);
typedef char **rl_completion_func_t(const char *, int, int);

FILE *rl_instream;
FILE *rl_outstream;
int rl_attempted_completion_over;
int rl_inhibit_completion;
int rl_catch_signals = 1;
const char *rl_readline_name = "other";
rl_completion_func_t *rl_attempted_completion_function;

/* The line without its newline, malloc'ed (the caller frees it); NULL at
 * the end of input. */
char *readline(const char *prompt)
{
	FILE *in = rl_instream ? rl_instream : stdin;
	FILE *out = rl_outstream ? rl_outstream : stdout;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;

	if (prompt) {
		fputs(prompt, out);
		fflush(out);
	}
	len = getline(&line, &size, in);
	if (len < 0) {
		free(line);
		return NULL;
	}
	if (len > 0 && line[len - 1] == '\n')
		line[len - 1] = '\0';
	return line;
}

void add_history(const char *line)
{
	(void)line;
}

char **rl_completion_matches(const char *text, rl_compentry_func_t *entry)
{
	(void)text, (void)entry;
	return NULL;
}

void rl_cleanup_after_signal(void)
{
}

void rl_free_line_state(void)
{
}
