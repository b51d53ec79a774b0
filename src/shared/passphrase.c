/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Passphrases from files or from the terminal with echo off. */
#include "passphrase.h"
#include "fileio.h"
#include "log.h"
#include "macro.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

/* The terminal's settings while a prompt has echo off, for the signal
 * handler: an interrupt must not leave the terminal without echo. */
static const int interrupts[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct termios saved_termios;
static volatile sig_atomic_t saved_fd = -1;
static volatile sig_atomic_t caught;

static void on_interrupt(int sig)
{
	int e = errno;

	if (saved_fd >= 0)
		(void)tcsetattr(saved_fd, TCSANOW, &saved_termios);
	caught = sig;
	errno = e;
}

/* Blocks the interrupts and catches them; *ret_mask is the mask before. */
static void catch_interrupts(struct sigaction old[], sigset_t *ret_mask)
{
	struct sigaction sa = { .sa_handler = on_interrupt };
	sigset_t block;

	sigemptyset(&block);
	for (size_t i = 0; i < ELEMENTSOF(interrupts); i++)
		sigaddset(&block, interrupts[i]);
	sigprocmask(SIG_BLOCK, &block, ret_mask);
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < ELEMENTSOF(interrupts); i++)
		sigaction(interrupts[i], &sa, &old[i]);
}

static void release_interrupts(const struct sigaction old[], const sigset_t *mask)
{
	for (size_t i = 0; i < ELEMENTSOF(interrupts); i++)
		sigaction(interrupts[i], &old[i], NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
}

/* Waits for a line with the interrupts unblocked only while waiting, so
 * that none is lost between the check and the wait. */
static ssize_t read_line(int fd, char *buf, const sigset_t *mask)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (!caught) {
		if (ppoll(&p, 1, NULL, mask) > 0)
			return read(fd, buf, PASSPHRASE_MAX - 1);
		if (errno != EINTR)
			return -1;
	}
	errno = EINTR;
	return -1;
}

static int ask(int fd, const char *prompt, char *buf)
{
	struct sigaction old_actions[ELEMENTSOF(interrupts)];
	struct termios old, quiet;
	sigset_t mask;
	ssize_t n;
	int sig;

	if (tcgetattr(fd, &old) < 0)
		return negative_errno();
	saved_termios = old;
	caught = 0;
	catch_interrupts(old_actions, &mask);
	saved_fd = fd;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON;
	(void)!write(fd, prompt, strlen(prompt));
	tcsetattr(fd, TCSAFLUSH, &quiet);
	n = read_line(fd, buf, &mask);
	tcsetattr(fd, TCSAFLUSH, &old);
	saved_fd = -1;
	sig = caught;
	release_interrupts(old_actions, &mask);
	(void)!write(fd, "\n", 1);
	if (sig) {
		explicit_bzero(buf, PASSPHRASE_MAX);
		/* Ends the process as the signal would have (not PID 1, which
		 * ignores it): the terminal has its settings back by now. */
		(void)raise(sig);
		return log_error_errno(EINTR, "Interrupted: no passphrase was read");
	}
	if (n < 0)
		return negative_errno();
	if (n == 0)
		return log_error_errno(EIO, "No passphrase: the input ended");
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
		return log_error_errno(ENOTTY,
				       "No terminal to ask for the passphrase; use a --*passphrase-file option");
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
