/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The flashrom backend: flashrom runs as a subprocess (no shell), its -p
 * argument from the spec; the chip is read into, and written from, a file
 * in a private temporary directory. flashrom verifies what it wrote;
 * flash.c reads the chip back and compares once more. */
#include "fileio.h"
#include "flash-backend.h"
#include "log.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define FLASHROM "flashrom"
#define OUTPUT_MAX (1u << 20)

struct tmpdir {
	char path[PATH_MAX];
	char image[PATH_MAX];
	char out[PATH_MAX];
};

static int tmpdir_make(struct tmpdir *t)
{
	const char *base = getenv("TMPDIR");

	if (strfmt(t->path, sizeof(t->path), "%s/heads-flash.XXXXXX",
		   base && *base ? base : "/tmp") < 0)
		return -ENAMETOOLONG;
	if (!mkdtemp(t->path))
		return -errno;
	if (strfmt(t->image, sizeof(t->image), "%s/image", t->path) < 0 ||
	    strfmt(t->out, sizeof(t->out), "%s/output", t->path) < 0)
		return -ENAMETOOLONG;
	return 0;
}

static void tmpdir_remove(struct tmpdir *t)
{
	if (!t->path[0])
		return;
	unlink(t->image);
	unlink(t->out);
	rmdir(t->path);
}

static void child(int out, char **argv)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(127);
	execvp(argv[0], argv);
	_exit(127);
}

/* The last line of flashrom's output, for the reason it failed. */
static void log_output(const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	char *last;

	if (read_file_full(path, OUTPUT_MAX, &buf, &len) < 0)
		return;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	last = strrchr(buf, '\n');
	log_error("flashrom: %s", last ? last + 1 : buf);
}

/* Runs flashrom -p PROG OP [FILE]; its output goes to t->out. 0 when it
 * exits 0; -ENODEV when it cannot run or find the chip, -EIO otherwise. */
static int run(struct flash *f, struct tmpdir *t, const char *op, const char *file)
{
	char *argv[] = { (char *)FLASHROM, (char *)"-p", (char *)f->arg,
			 (char *)op,	   (char *)file, NULL };
	_cleanup_close_ int out = open(t->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int status;
	pid_t pid;

	if (out < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		child(out, argv);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	log_output(t->out);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -ENODEV;
	return streq(op, "--flash-size") ? -ENODEV : -EIO;
}

static int parse_size(const char *path, uint64_t *ret)
{
	_cleanup_free_ char *buf = NULL;
	char *line, *end;
	size_t len;
	int r;

	if ((r = read_file_full(path, OUTPUT_MAX, &buf, &len)) < 0)
		return r;
	while (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	line = strrchr(buf, '\n');
	line = line ? line + 1 : buf;
	errno = 0;
	*ret = strtoull(line, &end, 10);
	return errno || end == line || *end ? -EBADMSG : 0;
}

int flash_flashrom_open(struct flash *f)
{
	struct tmpdir t = { 0 };
	int r;

	if ((r = tmpdir_make(&t)) >= 0 && (r = run(f, &t, "--flash-size", NULL)) >= 0)
		r = parse_size(t.out, &f->size);
	tmpdir_remove(&t);
	f->erase_size = 4096;
	f->writable = true;
	return r;
}

int flash_flashrom_read(struct flash *f, uint8_t *buf, size_t len)
{
	struct tmpdir t = { 0 };
	_cleanup_close_ int fd = -1;
	struct stat st;
	int r;

	if ((r = tmpdir_make(&t)) >= 0 && (r = run(f, &t, "-r", t.image)) >= 0) {
		fd = open(t.image, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0)
			r = -errno;
		else if ((uint64_t)st.st_size != len)
			r = -EIO;
		else
			r = pread_exact(fd, buf, len, 0);
	}
	tmpdir_remove(&t);
	return r;
}

int flash_flashrom_write(struct flash *f, const uint8_t *img, size_t len)
{
	struct tmpdir t = { 0 };
	_cleanup_close_ int fd = -1;
	int r;

	if ((r = tmpdir_make(&t)) >= 0) {
		fd = open(t.image, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		r = fd < 0 ? -errno : write_all(fd, img, len);
	}
	if (r >= 0)
		r = run(f, &t, "-w", t.image);
	if (r >= 0)
		f->blocks_written = len / f->erase_size;
	tmpdir_remove(&t);
	return r;
}
