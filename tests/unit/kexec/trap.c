/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LD_PRELOAD trap for tests of `heads boot`: fakes kexec_file_load(2)
 * (reached through syscall(3)) and reboot(2). Into $HEADS_TRAP_DIR it
 * records the kernel fd's file (kernel-path) and bytes (kernel), the
 * initrd bytes (initrd, absent without one), the seals of both fds
 * (kernel-seals, initrd-seals: F_GET_SEALS, -1 when not a memfd), the
 * command line (cmdline, without its NUL; cmdline-len as passed), the
 * flags, an unload (unload), and the reboot command; then the process
 * ends as if the new kernel had taken over.
 * kexec_load(2) records the entry and each segment (fake_kexec_load).
 * HEADS_TRAP_FAIL=ERRNO makes kexec_file_load (and kexec_load) fail with that errno; the
 * trap then keeps the initrd open and records what it holds when the
 * process exits (initrd-at-exit): what is left in memory after a failure.
 * HEADS_TRAP_SWAP_ON=NAME, HEADS_TRAP_SWAP_FROM=F, HEADS_TRAP_SWAP_TO=T:
 * when the program first creates a memfd called NAME ("kernel" or
 * "initrd": the image of that file, made after the file was opened and
 * before it is read), T is overwritten in place (same inode) with F's
 * bytes: a disk that answers differently from that moment.
 * HEADS_TRAP_SWAP_OPEN=NAME:N (with _FROM and _TO): the same, just before
 * the program opens a file called NAME (openat(2), any directory) for the
 * Nth time: the Nth read of it gets the new bytes. */
#include "syscall-trap.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static int kept_initrd = -1;

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

static void record_text(const char *name, int hex, long v)
{
	char buf[64];
	int n = hex ? snprintf(buf, sizeof(buf), "%#lx", (unsigned long)v) :
		      snprintf(buf, sizeof(buf), "%ld", v);

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

__attribute__((destructor)) static void at_exit(void)
{
	if (kept_initrd >= 0)
		record_fd("initrd-at-exit", kept_initrd);
}

static long fake_kexec_file_load(int kfd, int ifd, unsigned long len, const char *cmdline,
				 unsigned long flags)
{
	char link[64], target[4096] = "";
	ssize_t n;

	if (flags & KEXEC_FILE_UNLOAD) {
		record_text("unload", 0, 1);
		return 0;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", kfd);
	n = readlink(link, target, sizeof(target) - 1);
	record("kernel-path", target, n > 0 ? (size_t)n : 0);
	record_fd("kernel", kfd);
	record_text("kernel-seals", 1, fcntl(kfd, F_GET_SEALS));
	if (ifd >= 0) {
		record_fd("initrd", ifd);
		record_text("initrd-seals", 1, fcntl(ifd, F_GET_SEALS));
	}
	record("cmdline", cmdline, len ? len - 1 : 0);
	record_text("cmdline-len", 0, (long)len);
	record_text("flags", 0, (long)flags);
	if (getenv("HEADS_TRAP_FAIL")) {
		if (ifd >= 0)
			kept_initrd = fcntl(ifd, F_DUPFD_CLOEXEC, 100);
		errno = atoi(getenv("HEADS_TRAP_FAIL"));
		return -1;
	}
	return 0;
}

/* kexec_load(2): records the entry (entry), the segments (segments: one
 * line "MEM MEMSZ BUFSZ" each, in hex) and each one's bytes (segment-N). */
static long fake_kexec_load(unsigned long entry, unsigned long n, const struct kexec_segment *seg)
{
	char name[32], line[96], *list = calloc(n + 1, sizeof(line));
	size_t len = 0;

	record_text("entry", 1, (long)entry);
	for (unsigned long i = 0; list && i < n; i++) {
		snprintf(name, sizeof(name), "segment-%lu", i);
		record(name, seg[i].buf, seg[i].bufsz);
		len += (size_t)snprintf(list + len, sizeof(line), "%#lx %#zx %#zx\n",
					(unsigned long)(uintptr_t)seg[i].mem, (size_t)seg[i].memsz,
					(size_t)seg[i].bufsz);
	}
	record("segments", list, len);
	free(list);
	if (getenv("HEADS_TRAP_FAIL")) {
		errno = atoi(getenv("HEADS_TRAP_FAIL"));
		return -1;
	}
	return 0;
}

static bool trap_syscall(long number, const long a[6], long *ret)
{
	if (number == SYS_kexec_load) {
		*ret = fake_kexec_load((unsigned long)a[0], (unsigned long)a[1],
				       (const struct kexec_segment *)a[2]);
		return true;
	}
	if (number != SYS_kexec_file_load)
		return false;
	*ret = fake_kexec_file_load((int)a[0], (int)a[1], (unsigned long)a[2], (const char *)a[3],
				    (unsigned long)a[4]);
	return true;
}

int reboot(int howto)
{
	record_text("reboot", 1, (long)(unsigned)howto);
	if (howto == RB_KEXEC)
		_exit(0);
	errno = EPERM;
	return -1;
}

/* Overwrites to in place (O_TRUNC keeps the inode) with from's bytes. */
static void swap_in_place(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = open(to, O_WRONLY | O_TRUNC | O_CLOEXEC);
	ssize_t n;

	if (in < 0 || out < 0) {
		perror("trap: swap");
		abort();
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			abort();
	close(in);
	close(out);
	record_text("swapped", 0, 1);
}

int memfd_create(const char *name, unsigned int flags)
{
	int (*real)(const char *, unsigned int) =
		(int (*)(const char *, unsigned int))dlsym(RTLD_NEXT, "memfd_create");
	const char *on = getenv("HEADS_TRAP_SWAP_ON");
	static int done;

	if (on && !done && strcmp(name, on) == 0) {
		done = 1;
		swap_in_place(getenv("HEADS_TRAP_SWAP_FROM"), getenv("HEADS_TRAP_SWAP_TO"));
	}
	return real(name, flags);
}

/* HEADS_TRAP_SWAP_OPEN: counts the opens of the file named NAME. */
static void before_open(const char *path)
{
	const char *spec = getenv("HEADS_TRAP_SWAP_OPEN"), *colon, *base = strrchr(path, '/');
	static int seen, done;

	base = base ? base + 1 : path;
	if (!spec || done || !(colon = strrchr(spec, ':')) ||
	    strlen(base) != (size_t)(colon - spec) || strncmp(base, spec, (size_t)(colon - spec)))
		return;
	if (++seen == atoi(colon + 1)) {
		done = 1;
		swap_in_place(getenv("HEADS_TRAP_SWAP_FROM"), getenv("HEADS_TRAP_SWAP_TO"));
	}
}

static int open_next(const char *sym, int dirfd, const char *path, int flags, va_list ap)
{
	int (*real)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, sym);
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;

	before_open(path);
	return real(dirfd, path, flags, mode);
}

/* Both names, whatever the headers map openat to (_FILE_OFFSET_BITS). */
int trap_openat(int dirfd, const char *path, int flags, ...) __asm__("openat");
int trap_openat64(int dirfd, const char *path, int flags, ...) __asm__("openat64");

int trap_openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int r;

	va_start(ap, flags);
	r = open_next("openat", dirfd, path, flags, ap);
	va_end(ap);
	return r;
}

int trap_openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int r;

	va_start(ap, flags);
	r = open_next("openat64", dirfd, path, flags, ap);
	va_end(ap);
	return r;
}
