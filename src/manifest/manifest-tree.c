/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A walk of BOOTDIR that holds a directory fd at every level and opens
 * nothing by a path with a '/' in it. */
#include "manifest-tree.h"
#include "strbuf.h"
#include "log.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sys/stat.h>

#define HASH_BATCH 64 /* files opened before their hashing starts */
#define HASH_THREADS 4 /* at most, and no more than the CPUs */

/* A file opened during the walk, hashed afterwards (entries do not move
 * while a batch is hashed: nothing is added then). */
struct hash_job {
	int fd;
	size_t entry;
	bool keep; /* read into an image kept in the entry */
	int r;
};

struct scan {
	struct manifest *m;
	dev_t dev;
	manifest_want_hash_fn want;
	void *userdata;
	uint64_t keep_left; /* bytes that images may still take */
	struct hash_job jobs[HASH_BATCH];
	size_t n_jobs, next_job;
	pthread_mutex_t lock;
};

static int hash_pending(struct scan *s);

static int scan_dir(struct scan *s, int dfd, const char *prefix, unsigned depth);

static int add(struct scan *s, const char *path, enum manifest_type type, char *target,
	       struct manifest_entry *e)
{
	e->type = type;
	e->target = target;
	e->path = strdup(path);
	if (!e->path) {
		free(target);
		return -ENOMEM;
	}
	return manifest_add(s->m, e);
}

static int add_symlink(struct scan *s, int dfd, const char *name, const char *path)
{
	struct manifest_entry e = { 0 };
	char buf[PATH_MAX];
	ssize_t n = readlinkat(dfd, name, buf, sizeof(buf));
	char *target;

	if (n < 0)
		return log_error_errno(errno, "Cannot read the symlink %s: %m", path);
	if ((size_t)n >= sizeof(buf) || (size_t)n > MANIFEST_MAX_PATH || n == 0)
		return log_error_errno(ENAMETOOLONG, "The symlink %s has an unusable target", path);
	target = strndup(buf, (size_t)n);
	if (!target)
		return -ENOMEM;
	return add(s, path, MANIFEST_SYMLINK, target, &e);
}

static int add_file(struct scan *s, int dfd, const char *name, const char *path, const struct stat *st)
{
	struct manifest_entry e = { .mode = st->st_mode & 07777, .size = (uint64_t)st->st_size };
	_cleanup_close_ int fd = -1;
	struct stat st2;
	int r;

	if (s->want && !s->want(path, e.size, s->userdata))
		return add(s, path, MANIFEST_FILE, NULL, &e);
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st2) < 0)
		return log_error_errno(errno, "Cannot open %s: %m", path);
	if (!S_ISREG(st2.st_mode))
		return log_error_errno(EAGAIN, "%s changed while it was being read", path);
	e.mode = st2.st_mode & 07777;
	e.size = (uint64_t)st2.st_size;
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (s->n_jobs == HASH_BATCH && (r = hash_pending(s)) < 0)
		return r;
	r = add(s, path, MANIFEST_FILE, NULL, &e);
	if (r < 0)
		return r;
	s->jobs[s->n_jobs] = (struct hash_job){ .fd = TAKE_FD(fd), .entry = s->m->n_entries - 1 };
	if (e.size <= s->keep_left) {
		s->jobs[s->n_jobs].keep = true;
		s->keep_left -= e.size;
	}
	s->n_jobs++;
	return 0;
}

/* The file read once into a sealed image, hashed there and kept in its
 * entry: size and hash describe exactly the bytes kept. */
static int hash_kept(int fd, struct manifest_entry *e)
{
	_cleanup_memimage_ struct memimage img = MEMIMAGE_NONE;
	int r = memimage_read_fd("boot-file", fd, UINT64_MAX, &img);

	if (r < 0)
		return r;
	if ((r = sha256_buf(img.map, img.len, e->sha256)) < 0)
		return r;
	if (!(e->image = malloc(sizeof(*e->image))))
		return -ENOMEM;
	e->size = img.len;
	*e->image = img;
	img = MEMIMAGE_NONE;
	return 0;
}

/* Hashing: each thread takes the next pending file until none is left. */
static void *hash_worker(void *arg)
{
	struct scan *s = arg;

	for (;;) {
		struct hash_job *j;
		struct manifest_entry *e;
		pthread_mutex_lock(&s->lock);
		j = s->next_job < s->n_jobs ? &s->jobs[s->next_job++] : NULL;
		pthread_mutex_unlock(&s->lock);
		if (!j)
			return NULL;
		e = &s->m->entries[j->entry];
		j->r = j->keep ? hash_kept(j->fd, e) : sha256_fd(j->fd, e->sha256);
		e->hashed = j->r >= 0;
	}
}

static size_t hash_threads(size_t jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 0 ? (size_t)cpus : 1;

	n = n < HASH_THREADS ? n : HASH_THREADS;
	return n < jobs ? n : jobs;
}

/* Hashes the files opened so far, on up to HASH_THREADS threads (this
 * one included), and closes them. */
static int hash_pending(struct scan *s)
{
	pthread_t threads[HASH_THREADS];
	size_t started = 0, n = hash_threads(s->n_jobs);
	int r = 0;

	s->next_job = 0;
	while (started + 1 < n && pthread_create(&threads[started], NULL, hash_worker, s) == 0)
		started++;
	hash_worker(s);
	for (size_t i = 0; i < started; i++)
		(void)pthread_join(threads[i], NULL);
	for (size_t i = 0; i < s->n_jobs; i++) {
		if (s->jobs[i].r < 0 && r >= 0)
			r = log_error_errno(s->jobs[i].r, "Cannot read %s: %m",
					    s->m->entries[s->jobs[i].entry].path);
		close(s->jobs[i].fd);
	}
	s->n_jobs = 0;
	return r;
}

static void drop_pending(struct scan *s)
{
	for (size_t i = 0; i < s->n_jobs; i++)
		close(s->jobs[i].fd);
	s->n_jobs = 0;
}

static int add_dir(struct scan *s, int dfd, const char *name, const char *path,
		   const struct stat *st, unsigned depth)
{
	struct manifest_entry e = { .mode = st->st_mode & 07777 };
	_cleanup_close_ int fd = -1;
	int r;

	if (st->st_dev != s->dev) {
		/* A mount point: listed, as the payload sees the directory
		 * below it, but not entered and its mode not known. */
		e.mode = 0;
		e.mountpoint = true;
		return add(s, path, MANIFEST_DIRECTORY, NULL, &e);
	}
	if (depth >= MANIFEST_MAX_DEPTH)
		return log_error_errno(ELOOP, "%s: directories nested too deep", path);
	r = add(s, path, MANIFEST_DIRECTORY, NULL, &e);
	if (r < 0)
		return r;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return log_error_errno(errno, "Cannot open the directory %s: %m", path);
	return scan_dir(s, TAKE_FD(fd), path, depth + 1);
}

static int scan_entry(struct scan *s, int dfd, const char *name, const char *path, unsigned depth)
{
	struct manifest_entry e = { 0 };
	struct stat st;

	if (manifest_path_excluded(path))
		return 0;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return log_error_errno(errno, "Cannot read %s: %m", path);
	if (S_ISDIR(st.st_mode))
		return add_dir(s, dfd, name, path, &st, depth);
	if (S_ISLNK(st.st_mode))
		return add_symlink(s, dfd, name, path);
	if (S_ISREG(st.st_mode))
		return add_file(s, dfd, name, path, &st);
	return add(s, path, MANIFEST_OTHER, NULL, &e);
}

static int join(const char *prefix, const char *name, char *out, size_t size)
{
	int n = prefix ? strfmt(out, size, "%s/%s", prefix, name) : strfmt(out, size, "%s", name);

	if (n < 0 || !manifest_path_valid(out))
		return log_error_errno(ENAMETOOLONG, "Path too long or unusable below %s: %s",
				       prefix ? prefix : "BOOTDIR", name);
	return 0;
}

/* Takes ownership of dfd. */
static int scan_dir(struct scan *s, int dfd, const char *prefix, unsigned depth)
{
	_cleanup_closedir_ DIR *d = fdopendir(dfd);
	char path[MANIFEST_MAX_PATH + 1];
	struct dirent *de;

	if (!d) {
		close(dfd);
		return negative_errno();
	}
	while ((errno = 0, de = readdir(d))) {
		int r;
		if (streq(de->d_name, ".") || streq(de->d_name, ".."))
			continue;
		r = join(prefix, de->d_name, path, sizeof(path));
		if (r >= 0)
			r = scan_entry(s, dirfd(d), de->d_name, path, depth);
		if (r < 0)
			return r;
	}
	return errno ? log_error_errno(errno, "Cannot list %s: %m", prefix ? prefix : "BOOTDIR") : 0;
}

int manifest_tree_scan(int root_fd, manifest_want_hash_fn want, void *userdata, uint64_t keep_max,
		       struct manifest **ret)
{
	_cleanup_manifest_ struct manifest *m = manifest_new();
	struct scan s = { .m = m,
			  .want = want,
			  .userdata = userdata,
			  .keep_left = keep_max,
			  .lock = PTHREAD_MUTEX_INITIALIZER };
	struct stat st;
	int fd, r;

	if (!m)
		return -ENOMEM;
	if (fstat(root_fd, &st) < 0)
		return negative_errno();
	s.dev = st.st_dev;
	fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	r = scan_dir(&s, fd, NULL, 0);
	if (r >= 0)
		r = hash_pending(&s);
	drop_pending(&s);
	if (r < 0)
		return r;
	manifest_sort(m);
	*ret = TAKE_PTR(m);
	return 0;
}
