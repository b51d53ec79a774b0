/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LD_PRELOAD trap for tests of `heads boot`: fakes kexec_file_load(2)
 * (reached through syscall(3)) and reboot(2). Into $HEADS_TRAP_DIR it
 * records the kernel fd's file (kernel-path) and bytes (kernel), the
 * initrd bytes (initrd, absent without one), the command line (cmdline,
 * without its NUL; cmdline-len as passed), the flags, and the reboot
 * command; then the process ends as if the new kernel had taken over.
 * HEADS_TRAP_FAIL=ERRNO makes kexec_file_load fail with that errno. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static void record(const char *name, const void *buf, size_t len)
{
	const char *dir = getenv("HEADS_TRAP_DIR");
	char path[4096];
	int fd;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, buf, len) != (ssize_t)len)
		perror("trap: write");
	close(fd);
}

static void record_text(const char *name, int hex, unsigned long v)
{
	char buf[64];
	int n = hex ? snprintf(buf, sizeof(buf), "%#lx", v) : snprintf(buf, sizeof(buf), "%lu", v);

	record(name, buf, (size_t)n);
}

/* The whole content of fd, read from offset 0 (its own offset untouched). */
static void record_fd(const char *name, int fd)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	ssize_t n;

	while (buf && (n = pread(fd, buf + len, cap - len, (off_t)len)) > 0) {
		len += (size_t)n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (buf)
		record(name, buf, len);
	free(buf);
}

static long fake_kexec_file_load(int kfd, int ifd, unsigned long len, const char *cmdline,
				 unsigned long flags)
{
	char link[64], target[4096] = "";
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", kfd);
	n = readlink(link, target, sizeof(target) - 1);
	record("kernel-path", target, n > 0 ? (size_t)n : 0);
	record_fd("kernel", kfd);
	if (ifd >= 0)
		record_fd("initrd", ifd);
	record("cmdline", cmdline, len ? len - 1 : 0);
	record_text("cmdline-len", 0, len);
	record_text("flags", 0, flags);
	if (getenv("HEADS_TRAP_FAIL")) {
		errno = atoi(getenv("HEADS_TRAP_FAIL"));
		return -1;
	}
	return 0;
}

long syscall(long number, ...)
{
	long (*real)(long, ...) = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	long a[6];
	va_list ap;

	va_start(ap, number);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (number == SYS_kexec_file_load)
		return fake_kexec_file_load((int)a[0], (int)a[1], (unsigned long)a[2],
					    (const char *)a[3], (unsigned long)a[4]);
	return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int reboot(int howto)
{
	record_text("reboot", 1, (unsigned long)(unsigned)howto);
	if (howto == RB_KEXEC)
		_exit(0);
	errno = EPERM;
	return -1;
}
