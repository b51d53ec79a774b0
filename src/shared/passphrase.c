/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Passphrases from files or from the terminal with echo off. */
#include "passphrase.h"
#include "fileio.h"
#include "log.h"
#include "macro.h"

#include <fcntl.h>
#include <termios.h>

static int from_file(const char *path, char *buf)
{
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = read_file_follow(path, PASSPHRASE_MAX - 1, &data, &len);

	if (r == -EFBIG)
		return log_error_errno(EINVAL, "The passphrase in %s is too long", path);
	if (r < 0)
		return log_error_errno(r, "Cannot read the passphrase file %s: %m", path);
	if (len > 0 && data[len - 1] == '\n')
		len--;
	memcpy(buf, data, len);
	buf[len] = '\0';
	explicit_bzero(data, len);
	return 0;
}

static int ask(int fd, const char *prompt, char *buf)
{
	struct termios old, quiet;
	ssize_t n;

	if (tcgetattr(fd, &old) < 0)
		return negative_errno();
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON;
	(void)!write(fd, prompt, strlen(prompt));
	tcsetattr(fd, TCSAFLUSH, &quiet);
	n = read(fd, buf, PASSPHRASE_MAX - 1);
	tcsetattr(fd, TCSAFLUSH, &old);
	(void)!write(fd, "\n", 1);
	if (n < 0)
		return negative_errno();
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	return 0;
}

static int ask_on(int fd, const char *prompt, int confirm, char *buf)
{
	char again[PASSPHRASE_MAX];
	int r = ask(fd, prompt, buf);

	if (r < 0 || !confirm)
		return r;
	r = ask(fd, "Repeat it: ", again);
	if (r >= 0 && strcmp(buf, again) != 0)
		r = log_error_errno(EINVAL, "The two passphrases differ");
	explicit_bzero(again, sizeof(again));
	return r;
}

static int from_terminal(const char *prompt, int confirm, char *buf)
{
	_cleanup_close_ int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return log_error_errno(ENOTTY, "No terminal to ask for the passphrase; use a --*passphrase-file option");
	return ask_on(fd, prompt, confirm, buf);
}

int passphrase_read_fd(int fd, const char *prompt, int confirm, char *buf)
{
	int r = ask_on(fd, prompt, confirm, buf);

	if (r < 0)
		return r;
	if (buf[0] == '\0')
		return log_error_errno(EINVAL, "An empty passphrase is not allowed");
	return 0;
}

int passphrase_read(const char *path, const char *prompt, int confirm, char *buf)
{
	int r = path ? from_file(path, buf) : from_terminal(prompt, confirm, buf);

	if (r < 0)
		return r;
	if (buf[0] == '\0')
		return log_error_errno(EINVAL, "An empty passphrase is not allowed");
	return 0;
}
