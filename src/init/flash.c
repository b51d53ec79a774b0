/* The owner's files in flash: CBFS files under heads/initrd/ are written
 * into the root file system at the path after that prefix and measured
 * into PCR 7, the name first and then the content, as the original does.
 * In emulation the flash image is a virtio disk; on hardware the same
 * CBFS is read from the SPI flash. */
#include "cbfs.h"
#include "fileio.h"
#include "init.h"
#include "log.h"

#include <dirent.h>
#include <limits.h>
#include <fcntl.h>
#include <sys/stat.h>

#define FLASH_MAX (64u << 20) /* the largest SPI flash chips */
#define FLASH_WAIT_MS 3000
#define OWNER_FILE_MAX (16u << 20) /* keyrings and configs are far smaller */

static int device_size(const char *name, uint64_t *ret)
{
	char path[300], buf[32];
	_cleanup_close_ int fd = -1;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/block/%s/size", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*ret = strtoull(buf, NULL, 10) * 512;
	return 0;
}

static int read_device(const char *name, size_t size, uint8_t **ret)
{
	_cleanup_free_ uint8_t *buf = malloc(size);
	_cleanup_close_ int fd = -1;
	char path[300];
	size_t got = 0;

	if (!buf)
		return -ENOMEM;
	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? negative_errno() : -EIO;
		got += (size_t)n;
	}
	*ret = TAKE_PTR(buf);
	return 0;
}

static int visit_any(const struct cbfs_file *f, void *userdata)
{
	(void)userdata;
	return startswith(f->name, "heads/") ? 1 : 0;
}

/* An open flash: read entry by entry through fd when its CBFS starts at
 * offset 0, else (an FMAP image) read whole into buf. */
struct flash {
	int fd;
	uint64_t size;
	uint8_t *buf;
	char name[NAME_MAX + 1];
};

static void flash_close(struct flash *f)
{
	if (f->fd >= 0)
		close(f->fd);
	free(f->buf);
	*f = (struct flash){ .fd = -1 };
}

static int open_device(const char *name, uint64_t *ret_size)
{
	char path[300];
	int fd;

	if (startswith(name, "loop") || startswith(name, "ram") || startswith(name, "dm-"))
		return -ENOENT;
	if (device_size(name, ret_size) < 0 || *ret_size == 0 || *ret_size > FLASH_MAX)
		return -ENOENT;
	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? negative_errno() : fd;
}

/* A flash device: small enough to be a flash chip, holding a CBFS with our files. */
static int try_device(const char *name, struct flash *ret)
{
	_cleanup_free_ uint8_t *buf = NULL;
	uint64_t size = 0;
	int fd = open_device(name, &size), r;

	if (fd < 0)
		return -ENOENT;
	r = cbfs_walk_fd(fd, size, 0, NULL, visit_any, NULL);
	if (r == -ENOENT && read_device(name, (size_t)size, &buf) >= 0)
		r = cbfs_walk(buf, (size_t)size, visit_any, NULL);
	if (r != 1) {
		close(fd);
		return -ENOENT;
	}
	*ret = (struct flash){ .fd = fd, .size = size, .buf = TAKE_PTR(buf) };
	snprintf(ret->name, sizeof(ret->name), "%s", name);
	return 0;
}

static int find_flash_once(struct flash *ret)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	int r = -ENOENT;

	if (!d)
		return negative_errno();
	while (r < 0 && (e = readdir(d)))
		if (e->d_name[0] != '.' && try_device(e->d_name, ret) == 0)
			r = 0;
	closedir(d);
	return r;
}

/* Block devices appear as their drivers probe; give them a moment. */
static int find_flash(struct flash *ret)
{
	for (int waited = 0;; waited += 100) {
		if (find_flash_once(ret) == 0)
			return 0;
		if (waited >= FLASH_WAIT_MS)
			return -ENODEV;
		usleep(100 * 1000);
	}
}

static int make_parents(const char *path)
{
	char buf[CBFS_NAME_MAX + 2];

	snprintf(buf, sizeof(buf), "/%s", path);
	for (char *p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return log_error_errno(errno, "Cannot create %s: %m", buf);
		*p = '/';
	}
	return 0;
}

static int install_owner_file(struct init_state *s, const struct cbfs_file *f)
{
	const char *rel = cbfs_owner_path(f->name);
	char dest[CBFS_NAME_MAX + 2];
	int r;

	if (!rel)
		return log_error_errno(EINVAL, "Ignoring flash file with an unsafe name: %s", f->name);
	if (f->compression != CBFS_COMPRESS_NONE)
		return log_error_errno(EOPNOTSUPP, "Ignoring compressed flash file %s (store owner files uncompressed)", f->name);
	r = init_measure_buf(s, PCR_OWNER_FILES, rel, strlen(rel), MEASURE_USER_FILE_NAME, f->name);
	if (r >= 0)
		r = init_measure_buf(s, PCR_OWNER_FILES, f->data, f->len, MEASURE_USER_FILE, f->name);
	if (r < 0)
		return r;
	snprintf(dest, sizeof(dest), "/%s", rel);
	r = make_parents(rel);
	if (r >= 0)
		r = write_file_atomic(dest, f->data, f->len, 0600);
	if (r < 0)
		return log_error_errno(r, "Cannot write %s: %m", dest);
	printf("Loaded %s from flash\n", rel);
	return 0;
}

static int visit_owner(const struct cbfs_file *f, void *userdata)
{
	if (startswith(f->name, CBFS_OWNER_PREFIX))
		(void)install_owner_file(userdata, f);
	return 0;
}

static bool want_owner(const char *name, void *userdata)
{
	(void)userdata;
	return startswith(name, CBFS_OWNER_PREFIX);
}

int init_load_owner_files(struct init_state *s)
{
	_cleanup_(flash_close) struct flash f = { .fd = -1 };
	int r = find_flash(&f);

	if (r < 0)
		return log_error_errno(r, "Cannot find the flash (no block device holds a CBFS with heads/ files); the owner's files are not loaded");
	log_info("Reading the owner's files from the flash on /dev/%s", f.name);
	if (f.buf)
		r = cbfs_walk(f.buf, (size_t)f.size, visit_owner, s);
	else
		r = cbfs_walk_fd(f.fd, f.size, OWNER_FILE_MAX, want_owner, visit_owner, s);
	if (r < 0)
		return log_error_errno(r, "The flash image on /dev/%s is damaged: %m", f.name);
	return 0;
}
