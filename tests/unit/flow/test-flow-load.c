/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bytes booted are the bytes verified (load-entry.h), from the
 * attacker's side: a /boot whose files change after verification, or a
 * disk that answers a second read differently, boots nothing and releases
 * nothing; a change after the one read does not reach the kernel; a
 * failed load leaves the initrd that held the key wiped.
 *
 * The traps: syscall() (for kexec_file_load(2) and kexec_load(2)) and
 * memfd_create() defined here are what the static library's calls bind
 * to at link time. The first records what the kernel would have loaded; the second lets a test
 * change a file on disk when the image of a file ("kernel", "initrd") is
 * created: after that file was opened, before it is read. */
#include "errors.h"
#include "harness.h"
#include "load-entry.h"
#include "manifest-verify.h"
#include "sha.h"
#include "strbuf.h"
#include "syscall-trap.h"

#include <dlfcn.h>
#include <linux/kexec.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define KEY "KEY-0123456789abcdef"

static struct {
	int calls, fail_errno, kept_initrd;
	char kernel[16384], initrd[16384];
	ssize_t kernel_len, initrd_len;
	const char *swap_on; /* the image whose creation changes the file */
	int memfds;
	const char *swap_path;
	/* kexec_load(2): its calls, and the segments loaded at 16 MiB (the
	 * kernel) and above it (the initrd, the last one) */
	int segment_calls;
	char seg_kernel[32768], seg_initrd[16384];
	size_t seg_kernel_len, seg_initrd_len;
} trap = { .kept_initrd = -1, .initrd_len = -1 };

static void copy_segment(const struct kexec_segment *seg, char *to, size_t size, size_t *len)
{
	*len = seg->bufsz < size ? seg->bufsz : size;
	memcpy(to, seg->buf, *len);
}

static bool trap_kexec_load(const long a[6], long *ret)
{
	const struct kexec_segment *seg = (const struct kexec_segment *)a[2];
	size_t n = (size_t)a[1];

	trap.segment_calls++;
	for (size_t i = 0; i < n; i++)
		if ((uintptr_t)seg[i].mem == 0x1000000)
			copy_segment(&seg[i], trap.seg_kernel, sizeof(trap.seg_kernel),
				     &trap.seg_kernel_len);
	if (n == 3)
		copy_segment(&seg[2], trap.seg_initrd, sizeof(trap.seg_initrd), &trap.seg_initrd_len);
	*ret = 0;
	return true;
}

static bool trap_syscall(long number, const long a[6], long *ret)
{
	if (number == SYS_kexec_load)
		return trap_kexec_load(a, ret);
	if (number != SYS_kexec_file_load)
		return false;
	trap.calls++;
	trap.kernel_len = pread((int)a[0], trap.kernel, sizeof(trap.kernel), 0);
	if ((int)a[1] >= 0)
		trap.initrd_len = pread((int)a[1], trap.initrd, sizeof(trap.initrd), 0);
	*ret = 0;
	if (!trap.fail_errno)
		return true;
	if ((int)a[1] >= 0)
		trap.kept_initrd = dup((int)a[1]);
	errno = trap.fail_errno;
	*ret = -1;
	return true;
}

static void overwrite(const char *path, char c, size_t len);

int memfd_create(const char *name, unsigned int flags)
{
	int (*real)(const char *, unsigned int) =
		(int (*)(const char *, unsigned int))dlsym(RTLD_NEXT, "memfd_create");

	trap.memfds++;
	if (trap.swap_on && strcmp(name, trap.swap_on) == 0) {
		trap.swap_on = NULL;
		overwrite(trap.swap_path, 'E', 5000);
	}
	return real(name, flags);
}

/* A /boot in a fresh directory: a kernel and an initrd, and the manifest
 * that lists them as they are. */
struct fixture {
	char dir[64], kernel[96], initrd[96];
	struct bootdir *d;
	struct manifest *m;
	char *initrds[2];
	struct boot_entry e;
};

static void write_file(const char *path, char c, size_t len)
{
	char *buf = malloc(len);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ASSERT(buf && fd >= 0);
	memset(buf, c, len);
	ASSERT_EQ(write(fd, buf, len), (ssize_t)len);
	close(fd);
	free(buf);
}

/* In place: the same inode, as a disk answering differently. */
static void overwrite(const char *path, char c, size_t len)
{
	write_file(path, c, len);
}

static void list(struct manifest *m, const char *name, char c, size_t len)
{
	char *buf = malloc(len);
	struct manifest_entry e = {
		.path = strdup(name), .type = MANIFEST_FILE, .hashed = true, .mode = 0644, .size = len
	};

	ASSERT(buf && e.path);
	memset(buf, c, len);
	ASSERT_EQ(sha256_buf(buf, len, e.sha256), 0);
	ASSERT_EQ(manifest_add(m, &e), 0);
	free(buf);
}

static void setup(struct fixture *f)
{
	strcpy(f->dir, "/tmp/heads-test-flow-XXXXXX");
	ASSERT(mkdtemp(f->dir));
	ASSERT(strfmt(f->kernel, sizeof(f->kernel), "%s/vmlinuz", f->dir) > 0);
	ASSERT(strfmt(f->initrd, sizeof(f->initrd), "%s/initrd.img", f->dir) > 0);
	write_file(f->kernel, 'K', 5000);
	write_file(f->initrd, 'I', 3001);
	ASSERT((f->m = manifest_new()));
	list(f->m, "vmlinuz", 'K', 5000);
	list(f->m, "initrd.img", 'I', 3001);
	manifest_sort(f->m);
	ASSERT_EQ(bootdir_open(f->dir, &f->d), 0);
	f->initrds[0] = (char *)"/initrd.img";
	f->initrds[1] = NULL;
	f->e = (struct boot_entry){ .title = (char *)"OS",
				    .kernel = (char *)"/vmlinuz",
				    .initrd = f->initrds,
				    .cmdline = (char *)"ro" };
	trap.swap_path = f->kernel;
}

static void teardown(struct fixture *f)
{
	char cmd[128];

	bootdir_free(f->d);
	manifest_free(f->m);
	ASSERT(strfmt(cmd, sizeof(cmd), "rm -rf %s", f->dir) > 0);
	ASSERT_EQ(system(cmd), 0);
}

static int injected;

static int inject_key(void *userdata, struct cpio *out)
{
	(void)userdata;
	injected++;
	if (cpio_add_file(out, "secret.key", 0400, KEY, strlen(KEY)) < 0)
		return -ENOMEM;
	return cpio_finish(out);
}

static int load_with(struct fixture *f, const struct manifest *m, bool key, bool own_loader,
		     struct load_entry_result *res)
{
	struct load_entry_options o = { .dir = f->d,
					.entry = &f->e,
					.cmdline = f->e.cmdline,
					.verified = m,
					.inject = key ? inject_key : NULL,
					.own_loader = own_loader };

	return load_entry(&o, res);
}

static int load(struct fixture *f, const struct manifest *m, bool key, struct load_entry_result *res)
{
	return load_with(f, m, key, false, res);
}

static bool all(const char *buf, ssize_t len, char c)
{
	for (ssize_t i = 0; i < len; i++)
		if (buf[i] != c)
			return false;
	return len > 0;
}

/* Nothing was loaded and the key was never asked for. */
static void assert_refused(const struct load_entry_result *res, int r, enum load_role role,
			   const char *path, enum manifest_diff kind)
{
	ASSERT_EQ(r, -E_DIFFERS);
	ASSERT_EQ(res->role, role);
	ASSERT_STREQ(res->diff.path, path);
	ASSERT_EQ(res->diff.kind, kind);
	ASSERT_EQ(trap.calls, 0);
	ASSERT_EQ(injected, 0);
	ASSERT(!res->inject_called);
}

TEST(signed_files_loaded_as_read)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	ASSERT_EQ(load(&f, f.m, false, &res), 0);
	ASSERT_EQ(trap.calls, 1);
	ASSERT(trap.kernel_len == 5000 && all(trap.kernel, 5000, 'K'));
	/* One initrd, no key: the file's own image, unpadded. */
	ASSERT(trap.initrd_len == 3001 && all(trap.initrd, 3001, 'I'));
	ASSERT(res.kernel_size == 5000 && res.initrd_size == 3001 && !res.diff.path);
	teardown(&f);
}

/* The archive is asked for once the files matched, and goes after the
 * initrd, padded to 512 bytes. */
TEST(key_injected_after_the_check)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	ASSERT_EQ(load(&f, f.m, true, &res), 0);
	ASSERT_EQ(injected, 1);
	ASSERT(res.inject_called && res.inject_size > 0);
	ASSERT_EQ(trap.initrd_len, (ssize_t)(3072 + res.inject_size));
	ASSERT(all(trap.initrd, 3001, 'I'));
	ASSERT(all(trap.initrd + 3001, 71, '\0'));
	ASSERT(memmem(trap.initrd + 3072, res.inject_size, KEY, strlen(KEY)));
	ASSERT_EQ(res.initrd_size, 3072 + res.inject_size);
	teardown(&f);
}

TEST(changed_kernel_same_size_refused)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	overwrite(f.kernel, 'E', 5000);
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_KERNEL, "vmlinuz", DIFF_CHANGED);
	ASSERT(res.diff.want_size == 5000 && res.diff.have_size == 5000);
	teardown(&f);
}

/* A larger file is read no further than the signed size. */
TEST(grown_initrd_refused)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	overwrite(f.initrd, 'I', 9000);
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_INITRD, "initrd.img", DIFF_CHANGED);
	ASSERT(res.diff.want_size == 3001 && res.diff.have_size == 9000);
	teardown(&f);
}

TEST(file_not_in_manifest_refused)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	write_file(f.kernel, 'K', 10); /* not looked at */
	f.e.kernel = (char *)"/evil";
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_KERNEL, "evil", DIFF_ADDED);
	teardown(&f);
}

/* A symbolic link put where the signed kernel was is not followed, even
 * to a file with the signed bytes. */
TEST(kernel_replaced_by_symlink_refused)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	char other[128];
	struct fixture f;

	setup(&f);
	ASSERT(strfmt(other, sizeof(other), "%s.signed-copy", f.dir) > 0);
	write_file(other, 'K', 5000);
	ASSERT_EQ(unlink(f.kernel), 0);
	ASSERT_EQ(symlink(other, f.kernel), 0);
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_KERNEL, "vmlinuz", DIFF_TYPE);
	ASSERT(res.diff.want_type == MANIFEST_FILE && res.diff.have_type == MANIFEST_SYMLINK);
	unlink(other);
	teardown(&f);
}

TEST(removed_initrd_refused)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	ASSERT_EQ(unlink(f.initrd), 0);
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_INITRD, "initrd.img", DIFF_REMOVED);
	teardown(&f);
}

/* The disk answers the load's read differently from the verification's:
 * the kernel is changed after it was opened, before it is read. */
TEST(second_read_answers_differently_refused)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	trap.swap_on = "kernel";
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_KERNEL, "vmlinuz", DIFF_CHANGED);
	ASSERT_EQ(trap.memfds, 1);
	teardown(&f);
}

/* Changed once read (while the initrd is read): the kernel gets the bytes
 * that were read and checked, not the file as it is now. */
TEST(change_after_the_read_never_reaches_the_kernel)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;
	char now[16];
	int fd;

	setup(&f);
	trap.swap_on = "initrd";
	ASSERT_EQ(load(&f, f.m, true, &res), 0);
	fd = open(f.kernel, O_RDONLY | O_CLOEXEC);
	ASSERT(fd >= 0 && read(fd, now, sizeof(now)) == sizeof(now));
	close(fd);
	ASSERT(all(now, sizeof(now), 'E')); /* the swap happened */
	ASSERT(trap.kernel_len == 5000 && all(trap.kernel, 5000, 'K'));
	teardown(&f);
}

/* kexec_file_load fails: the initrd that carried the key is wiped; a
 * descriptor kept on it sees zeros afterwards. */
TEST(failed_load_wipes_the_key_initrd)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;
	char after[16384];
	ssize_t n;

	setup(&f);
	trap.fail_errno = ENOEXEC;
	ASSERT_EQ(load(&f, f.m, true, &res), -ENOEXEC);
	ASSERT(memmem(trap.initrd, (size_t)trap.initrd_len, KEY, strlen(KEY)));
	ASSERT(trap.kept_initrd >= 0);
	n = pread(trap.kept_initrd, after, sizeof(after), 0);
	ASSERT_EQ(n, trap.initrd_len);
	ASSERT(all(after, n, '\0'));
	close(trap.kept_initrd);
	teardown(&f);
}

static int inject_fails(void *userdata, struct cpio *out)
{
	(void)userdata;
	injected++;
	if (cpio_add_file(out, "secret.key", 0400, KEY, strlen(KEY)) < 0)
		return -ENOMEM;
	return -EIO;
}

/* The caller's step between the check and the load (the passphrase, the
 * PCR cap) failing stops the boot. */
TEST(inject_error_stops_the_boot)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;
	struct load_entry_options o;

	setup(&f);
	o = (struct load_entry_options){
		.dir = f.d, .entry = &f.e, .cmdline = "", .verified = f.m, .inject = inject_fails
	};
	ASSERT_EQ(load_entry(&o, &res), -EIO);
	ASSERT_EQ(injected, 1);
	ASSERT_EQ(trap.calls, 0);
	teardown(&f);
}

/* Without a manifest (heads boot without --keyring) the bytes are loaded
 * as read, unchecked. */
TEST(unverified_loads_as_read)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	overwrite(f.kernel, 'E', 700);
	ASSERT_EQ(load(&f, NULL, false, &res), 0);
	ASSERT(trap.kernel_len == 700 && all(trap.kernel, 700, 'E'));
	teardown(&f);
}

static void no_diff(enum manifest_diff kind, const struct manifest_entry *want,
		    const struct manifest_entry *have, void *userdata)
{
	(void)kind;
	(void)want;
	(void)have;
	(void)userdata;
}

/* The verification /init runs: the tree read (into images of at most
 * keep_max bytes in all) and compared with the fixture's manifest. */
static int verify_keeping(struct fixture *f, uint64_t keep_max)
{
	struct manifest_scan *scan = NULL;
	int dfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	ASSERT(dfd >= 0);
	ASSERT_EQ(manifest_scan_start(dfd, keep_max, &scan), 0);
	close(dfd);
	r = manifest_scan_finish(scan, f->m, no_diff, NULL, NULL);
	return r;
}

static const struct manifest_entry *entry(const struct fixture *f, const char *path)
{
	const struct manifest_entry *e = manifest_find(f->m, path);

	ASSERT(e);
	return e;
}

/* The verification kept the files it read: the boot loads those bytes and
 * reads nothing again. /boot changed after the verification (the kernel
 * overwritten, the initrd removed): the kernel still gets the bytes
 * verified, never the disk's. */
TEST(kept_images_loaded_without_a_second_read)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	ASSERT_EQ(verify_keeping(&f, 1u << 20), 0);
	ASSERT(entry(&f, "vmlinuz")->image && entry(&f, "initrd.img")->image);
	overwrite(f.kernel, 'E', 5000);
	ASSERT_EQ(unlink(f.initrd), 0);
	trap.memfds = 0;
	ASSERT_EQ(load(&f, f.m, true, &res), 0);
	ASSERT(trap.kernel_len == 5000 && all(trap.kernel, 5000, 'K'));
	ASSERT(all(trap.initrd, 3001, 'I'));
	ASSERT(memmem(trap.initrd + 3072, res.inject_size, KEY, strlen(KEY)));
	ASSERT_EQ(trap.memfds, 1); /* only the initrd combined with the key */
	ASSERT_EQ(injected, 1);
	teardown(&f);
}

/* A file that differs at the verification: no image is kept for any file,
 * and the load reads and refuses the changed kernel as before. */
TEST(nothing_kept_when_a_file_differs)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	overwrite(f.kernel, 'E', 5000);
	ASSERT_EQ(verify_keeping(&f, 1u << 20), -E_DIFFERS);
	ASSERT(!entry(&f, "vmlinuz")->image && !entry(&f, "initrd.img")->image);
	trap.memfds = 0;
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_KERNEL, "vmlinuz", DIFF_CHANGED);
	teardown(&f);
}

/* Within the budget only: the initrd (3001 bytes) is kept, the kernel
 * (5000) is not and is read and checked at the load, where a change after
 * the verification is refused. */
TEST(files_beyond_the_budget_read_again)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	ASSERT_EQ(verify_keeping(&f, 4000), 0);
	ASSERT(!entry(&f, "vmlinuz")->image && entry(&f, "initrd.img")->image);
	overwrite(f.kernel, 'E', 5000);
	assert_refused(&res, load(&f, f.m, true, &res), LOAD_KERNEL, "vmlinuz", DIFF_CHANGED);
	overwrite(f.kernel, 'K', 5000);
	ASSERT_EQ(unlink(f.initrd), 0);
	load_entry_result_clear(&res);
	ASSERT_EQ(load(&f, f.m, false, &res), 0);
	ASSERT(trap.kernel_len == 5000 && all(trap.kernel, 5000, 'K'));
	ASSERT(trap.initrd_len == 3001 && all(trap.initrd, 3001, 'I'));
	teardown(&f);
}

/* Our own loader (linux-load.h) takes what it can: a kernel that is no
 * bzImage goes to kexec_file_load, as without it. */
TEST(own_loader_leaves_a_non_bzimage_to_the_kernel)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct fixture f;

	setup(&f);
	ASSERT_EQ(load_with(&f, f.m, true, true, &res), 0);
	ASSERT_EQ(trap.segment_calls, 0);
	ASSERT_EQ(trap.calls, 1);
	ASSERT(trap.kernel_len == 5000 && all(trap.kernel, 5000, 'K'));
	teardown(&f);
}

/* A 64-bit bzImage's header (as test-kexec-linux.c describes it), 'B'
 * after its 28 setup sectors. */
static void write_bzimage(const char *path, char *img, size_t len)
{
	static const uint32_t cmdline_size = 2047, init_size = 0x2000000;
	static const uint64_t pref = 0x1000000;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ASSERT(fd >= 0);
	memset(img, 0, 28 * 512);
	memset(img + 28 * 512, 'B', len - 28 * 512);
	img[0x1f1] = 27;
	memcpy(img + 0x1fe, "\x55\xaa", 2);
	img[0x201] = 0x66;
	memcpy(img + 0x202, "HdrS\x0f\x02", 6);
	memcpy(img + 0x22c, "\xff\xff\xff\x7f\0\0\x20\0\x01\0\x7f\0", 12);
	memcpy(img + 0x238, &cmdline_size, 4);
	memcpy(img + 0x258, &pref, 8);
	memcpy(img + 0x260, &init_size, 4);
	ASSERT_EQ(write(fd, img, len), (ssize_t)len);
	close(fd);
}

/* The verified bytes, the key appended to the initrd, go to kexec_load:
 * the kernel's segment is the image after its setup sectors, the
 * initrd's holds the OS initrd and the key. */
TEST(own_loader_loads_the_verified_bzimage_and_the_key)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	static char img[24576];
	struct manifest_entry e = {
		.type = MANIFEST_FILE, .hashed = true, .mode = 0644, .size = sizeof(img)
	};
	struct fixture f;

	if (access("/sys/kernel/boot_params/data", R_OK) < 0)
		SKIP("no /sys/kernel/boot_params/data: the loader has no memory map to build on");
	setup(&f);
	write_bzimage(f.kernel, img, sizeof(img));
	manifest_free(f.m);
	ASSERT((f.m = manifest_new()));
	ASSERT((e.path = strdup("vmlinuz")));
	ASSERT_EQ(sha256_buf(img, sizeof(img), e.sha256), 0);
	ASSERT_EQ(manifest_add(f.m, &e), 0);
	list(f.m, "initrd.img", 'I', 3001);
	manifest_sort(f.m);
	ASSERT_EQ(load_with(&f, f.m, true, true, &res), 0);
	ASSERT_EQ(trap.calls, 0);
	ASSERT_EQ(trap.segment_calls, 1);
	ASSERT_EQ(trap.seg_kernel_len, sizeof(img) - 28 * 512);
	ASSERT(all(trap.seg_kernel, (ssize_t)trap.seg_kernel_len, 'B'));
	ASSERT_EQ(trap.seg_initrd_len, 3072 + res.inject_size);
	ASSERT(all(trap.seg_initrd, 3001, 'I'));
	ASSERT(memmem(trap.seg_initrd + 3072, res.inject_size, KEY, strlen(KEY)));
	teardown(&f);
}
