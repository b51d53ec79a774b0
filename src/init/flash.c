/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner's files (CBFS heads/initrd/...): each is measured into PCR 7,
 * its path first and then its content, as the original does, and written
 * into the root file system from the same bytes. They come from where the
 * firmware keeps them, never from a disk: on coreboot the boot flash's
 * CBFS, read through the memory window the hardware maps it at (coreboot's
 * tables say where); on the UEFI machine an archive appended to the payload
 * initramfs, which the kernel's EFI stub measured with the rest. */
#include "cbfs.h"
#include "strbuf.h"
#include "coreboot.h"
#include "fileio.h"
#include "init.h"
#include "log.h"
#include "physmem.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#define OWNER_FILE_MAX (16u << 20) /* keyrings and configs are far smaller */
#define OWNER_FILES_MAX 256

static int make_parents(const char *path)
{
	char buf[CBFS_NAME_MAX + 2];

	if (strfmt(buf, sizeof(buf), "/%s", path) < 0)
		return -ENAMETOOLONG;
	for (char *p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return log_error_errno(errno, "Cannot create %s: %m", buf);
		*p = '/';
	}
	return 0;
}

/* Measures and installs one owner file; name is its CBFS name
 * ("heads/initrd/etc/config.user"), data a private copy. */
static int install_owner_file(struct init_state *s, const char *name, const uint8_t *data, size_t len)
{
	const char *rel = cbfs_owner_path(name);
	char dest[CBFS_NAME_MAX + 2];
	int r;

	if (!rel)
		return log_error_errno(EINVAL, "Ignoring an owner file with an unsafe name: %s",
				       name);
	r = init_measure_buf(s, PCR_OWNER_FILES, rel, strlen(rel), MEASURE_USER_FILE_NAME, name);
	if (r >= 0)
		r = init_measure_buf(s, PCR_OWNER_FILES, data, len, MEASURE_USER_FILE, name);
	if (r < 0)
		return r;
	if (strfmt(dest, sizeof(dest), "/%s", rel) < 0)
		return -ENAMETOOLONG;
	r = make_parents(rel);
	if (r >= 0)
		r = write_file_atomic(dest, data, len, 0600);
	if (r < 0)
		return log_error_errno(r, "Cannot write %s: %m", dest);
	printf("Loaded %s from the %s\n", rel, s->owner_from_flash ? "boot flash" : "payload");
	return 0;
}

/* --- coreboot: the boot flash's CBFS ----------------------------------- */

static bool want_owner(const char *name, void *userdata)
{
	(void)userdata;
	return startswith(name, CBFS_OWNER_PREFIX);
}

static int visit_owner(const struct cbfs_file *f, void *userdata)
{
	if (!f->data)
		return 0;
	if (f->compression != CBFS_COMPRESS_NONE) {
		log_error("Ignoring the compressed owner file %s (store owner files uncompressed)",
			  f->name);
		return 0;
	}
	(void)install_owner_file(userdata, f->name, f->data, f->len);
	return 0;
}

static int flash_cbfs(int fd, uint64_t *ret_addr, uint64_t *ret_len)
{
	struct coreboot_tables t;
	uint64_t base;
	int r = coreboot_tables_read(fd, &t);

	if (r == -ENOENT)
		return log_error_errno(r,
				       "No coreboot tables in memory: the firmware is not coreboot, so the boot flash cannot be found");
	if (r < 0)
		return log_error_errno(r, "coreboot's tables cannot be read: %m");
	if (coreboot_flash_base(&t, &base) < 0)
		return log_error_errno(ERANGE,
				       "coreboot's tables do not say where the boot flash's CBFS is");
	*ret_addr = base + t.cbfs_offset;
	*ret_len = t.cbfs_size;
	return 0;
}

static int load_from_flash(struct init_state *s)
{
	_cleanup_close_ int fd = physmem_open();
	struct physmem_map m;
	uint64_t addr = 0, len = 0;
	int r;

	if (fd < 0)
		return log_error_errno(fd, "Cannot open %s to read the boot flash: %m",
				       physmem_path());
	if ((r = flash_cbfs(fd, &addr, &len)) < 0)
		return r;
	if ((r = physmem_map(fd, addr, (size_t)len, &m)) < 0)
		return log_error_errno(r, "Cannot map the boot flash at 0x%llx: %m",
				       (unsigned long long)addr);
	log_info("Reading the owner's files from the boot flash (CBFS at 0x%llx, %llu KiB)",
		 (unsigned long long)addr, (unsigned long long)(len >> 10));
	r = cbfs_walk_read(physmem_map_read, &m, m.len, OWNER_FILE_MAX, want_owner, visit_owner, s);
	physmem_unmap(&m);
	if (r < 0)
		return log_error_errno(r, "The boot flash's CBFS is damaged: %m");
	return 0;
}

/* --- UEFI: the archive appended to the payload ------------------------- */

struct owner_list {
	char *path[OWNER_FILES_MAX]; /* relative to INIT_OWNER_STAGING */
	size_t n;
};

static void owner_list_free(struct owner_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->path[i]);
	l->n = 0;
}

static int collect(const char *dir, const char *rel, struct owner_list *l, int depth);

static int collect_entry(const char *dir, const char *rel, const struct dirent *e,
			 struct owner_list *l, int depth)
{
	char path[PATH_MAX], sub[PATH_MAX];
	struct stat st;

	if (strfmt(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name) < 0 ||
	    strfmt(path, sizeof(path), "%s/%s", dir, sub) < 0)
		return -ENAMETOOLONG;
	if (lstat(path, &st) < 0)
		return negative_errno();
	if (S_ISDIR(st.st_mode))
		return collect(dir, sub, l, depth + 1);
	if (!S_ISREG(st.st_mode)) {
		log_error("Ignoring %s: not a regular file", path);
		return 0;
	}
	if (l->n >= OWNER_FILES_MAX)
		return -E2BIG;
	if (!(l->path[l->n] = strdup(sub)))
		return -ENOMEM;
	l->n++;
	return 0;
}

static int collect(const char *dir, const char *rel, struct owner_list *l, int depth)
{
	_cleanup_closedir_ DIR *d = NULL;
	char path[PATH_MAX];
	struct dirent *e;
	int r = 0;

	if (depth > 16)
		return -ELOOP;
	if (strfmt(path, sizeof(path), "%s/%s", dir, rel) < 0)
		return -ENAMETOOLONG;
	if (!(d = opendir(path)))
		return negative_errno();
	while (r >= 0 && (e = readdir(d)))
		if (!streq(e->d_name, ".") && !streq(e->d_name, ".."))
			r = collect_entry(dir, rel, e, l, depth);
	return r;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int install_staged(struct init_state *s, const char *rel)
{
	char path[PATH_MAX], name[CBFS_NAME_MAX + 1];
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r;

	if (strfmt(path, sizeof(path), "%s/%s", INIT_OWNER_STAGING, rel) < 0 ||
	    strfmt(name, sizeof(name), CBFS_OWNER_PREFIX "%s", rel) < 0)
		return -ENAMETOOLONG;
	r = read_file_full(path, OWNER_FILE_MAX, &data, &len);
	if (r < 0)
		return log_error_errno(r, "Cannot read the owner file %s: %m", path);
	r = install_owner_file(s, name, (const uint8_t *)data, len);
	(void)unlink(path);
	return r;
}

/* Files in path order: the order build-rom adds them to the CBFS, so both
 * machines measure the same owner files into the same PCR 7. */
static int load_from_initramfs(struct init_state *s)
{
	_cleanup_(owner_list_free) struct owner_list l = { .n = 0 };
	int r = collect(INIT_OWNER_STAGING, "", &l, 0);

	if (r == -ENOENT)
		return log_error_errno(r, "The payload holds no owner's files (" INIT_OWNER_STAGING
					  ")");
	if (r < 0)
		return log_error_errno(r, "Cannot list the owner's files in " INIT_OWNER_STAGING
					  ": %m");
	qsort(l.path, l.n, sizeof(l.path[0]), cmp_path);
	for (size_t i = 0; i < l.n; i++)
		(void)install_staged(s, l.path[i]);
	return 0;
}

int init_load_owner_files(struct init_state *s)
{
	return s->owner_from_flash ? load_from_flash(s) : load_from_initramfs(s);
}
