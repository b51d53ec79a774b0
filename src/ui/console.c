/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Line-based prompts on the console. */
#include "console.h"
#include "macro.h"

#include <ctype.h>

int ui_read_line(char *buf, size_t size)
{
	size_t n;

	fflush(stdout);
	if (!fgets(buf, (int)size, stdin)) {
		clearerr(stdin);
		return -EIO;
	}
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1) {
		int c; /* discard the rest of a long line */
		while ((c = getchar()) != EOF && c != '\n')
			;
	}
	buf[n] = '\0';
	return 0;
}

bool ui_confirm(const char *question, bool default_yes)
{
	char line[16];

	for (;;) {
		printf("%s [%s] ", question, default_yes ? "Y/n" : "y/N");
		if (ui_read_line(line, sizeof(line)) < 0)
			return default_yes;
		if (!line[0])
			return default_yes;
		if (tolower((unsigned char)line[0]) == 'y')
			return true;
		if (tolower((unsigned char)line[0]) == 'n')
			return false;
	}
}

void ui_wait_enter(const char *message)
{
	char line[16];

	printf("%s", message);
	(void)ui_read_line(line, sizeof(line));
}

int ui_choice(const char *prompt)
{
	char line[64];
	size_t i = 0;

	printf("%s", prompt);
	if (ui_read_line(line, sizeof(line)) < 0)
		return -EIO;
	while (line[i] == ' ')
		i++;
	return (unsigned char)line[i];
}
