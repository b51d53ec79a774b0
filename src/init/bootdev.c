/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which disk is /boot. Every file system with a boot loader configuration
 * or a manifest is a candidate; each is mounted read-only (nosuid, nodev,
 * noexec) on a directory of its own to read its manifest's pin. The
 * library decides (boot-select.h): once /boot is signed, only the file
 * system its manifest pins is taken, so a copy of /boot on another disk,
 * even one that sorts first, is never read as /boot. The chosen one's
 * mount is moved to /boot (mounting it again costs a second read of its
 * metadata), the others are unmounted. */
#include "boot-select.h"
#include "bootfs-dir.h"
#include "console.h"
#include "discover.h"
#include "fileio.h"
#include "fsid.h"
#include "init.h"
#include "log.h"
#include "manifest-parse.h"
#include "path-escape.h"
#include "strbuf.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define MAX_CANDIDATES 16
#define WAIT_STEPS 20 /* times 100 ms, for disks still being probed */
#define PROBE_DIR "/run/boot-candidates" /* candidate N mounted on PROBE_DIR/N */

struct candidates {
	struct boot_candidate c[MAX_CANDIDATES];
	char dev[MAX_CANDIDATES][64];
	struct fs_identity id[MAX_CANDIDATES];
	size_t n;
};

static int probe_dir(size_t i, char dir[static 64])
{
	return strfmt(dir, 64, PROBE_DIR "/%zu", i);
}

static void unmount_candidate(size_t i)
{
	char dir[64];

	if (probe_dir(i, dir) >= 0 && umount(dir) == 0)
		(void)rmdir(dir);
}

/* Every candidate's mount but keep's (SIZE_MAX: all). */
static void unmount_candidates(const struct candidates *l, size_t keep)
{
	for (size_t i = 0; i < l->n; i++)
		if (i != keep)
			unmount_candidate(i);
}

/* The same list of places boot_discover reads (discover.h). */
static bool has_boot_config(const char *dir)
{
	_cleanup_bootdir_ struct bootdir *d = NULL;
	struct bootfs fs;

	if (bootdir_open(dir, &d) < 0)
		return false;
	bootfs_dir_init(&fs, d);
	return boot_has_config(&fs);
}

/* The pin of the manifest on the mounted candidate, unverified: it only
 * says which file system to look for; the verification checks it again. */
static void read_pin(const char *dir, struct boot_candidate *c)
{
	_cleanup_close_ int root = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_close_ int heads =
		root < 0 ?
			-1 :
			openat(root, MANIFEST_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_manifest_ struct manifest *m = NULL;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;

	if (heads < 0 || read_file_at(heads, MANIFEST_NAME, MANIFEST_MAX_SIZE, &buf, &len) < 0 ||
	    manifest_parse(buf, len, &m, NULL) < 0)
		return;
	c->has_pin = manifest_fs_pinned(&m->fs);
	c->pin = m->fs;
}

static void copy_id(char *out, size_t size, const char *id)
{
	if (!manifest_fs_id_valid(id) || strfmt(out, size, "%s", id) < 0)
		out[0] = '\0';
}

static int probe(const char *dev, void *data)
{
	struct candidates *l = data;
	struct boot_candidate *c = &l->c[l->n];
	struct fs_identity *id = &l->id[l->n];
	char dir[64];

	if (l->n == MAX_CANDIDATES || fsid_probe(dev, id) < 0 ||
	    (!streq(id->type, "ext4") && !streq(id->type, "vfat")) ||
	    strfmt(l->dev[l->n], sizeof(l->dev[0]), "%s", dev) < 0 || probe_dir(l->n, dir) < 0)
		return 0;
	if (init_mount_boot_fs(dev, dir) < 0) {
		(void)rmdir(dir);
		return 0;
	}
	*c = (struct boot_candidate){ .dev = l->dev[l->n] };
	copy_id(c->id.uuid, sizeof(c->id.uuid), id->uuid);
	copy_id(c->id.partuuid, sizeof(c->id.partuuid), id->partuuid);
	c->has_config = has_boot_config(dir);
	read_pin(dir, c);
	if (c->has_config || c->has_pin)
		l->n++; /* stays mounted until /boot is chosen */
	else
		unmount_candidate(l->n);
	return 0;
}

static enum boot_select scan(struct candidates *l, size_t *ret_index)
{
	enum boot_select sel = BOOT_SELECT_NONE;

	if (mkdir(PROBE_DIR, 0700) < 0 && errno != EEXIST)
		return BOOT_SELECT_NONE;
	for (int i = 0; i < WAIT_STEPS; i++) {
		unmount_candidates(l, SIZE_MAX);
		l->n = 0;
		(void)init_for_each_block(probe, l);
		sel = boot_select(l->c, l->n, ret_index);
		if (sel != BOOT_SELECT_NONE && sel != BOOT_SELECT_PINNED_ABSENT)
			break;
		usleep(100 * 1000);
	}
	return sel;
}

/* "/dev/vda1 (ext4, label "boot", UUID ..., partition UUID ...)" */
static void describe(const struct candidates *l, size_t i)
{
	const struct boot_candidate *c = &l->c[i];

	printf("%s (%s", c->dev, l->id[i].type);
	if (l->id[i].label[0]) {
		printf(", label \"");
		path_escape_write(stdout, l->id[i].label);
		printf("\"");
	}
	printf(", UUID %s, partition UUID %s)", c->id.uuid[0] ? c->id.uuid : "none",
	       c->id.partuuid[0] ? c->id.partuuid : "none");
}

static void describe_pin(const struct manifest_fs *pin)
{
	printf("file system UUID %s, partition UUID %s", pin->uuid,
	       pin->partuuid[0] ? pin->partuuid : "none");
}

/* Before the first signing, with several candidates: the person says
 * which. -ENODEV when nobody answers. */
static int ask(const struct candidates *l, size_t *ret_index)
{
	size_t map[MAX_CANDIDATES], n = 0;
	char line[16];

	printf("Several disks hold a boot configuration, and none is pinned by a signed manifest yet:\n");
	for (size_t i = 0; i < l->n; i++)
		if (l->c[i].has_config) {
			map[n++] = i;
			printf("  %zu) ", n);
			describe(l, i);
			putchar('\n');
		}
	for (;;) {
		size_t k;
		printf("Which one is this machine's /boot? [1-%zu] ", n);
		if (ui_read_line(line, sizeof(line)) < 0)
			return log_error_errno(ENODEV, "No answer: no disk is taken as /boot.");
		/* numbered from 1; init_boot_choice counts from 0 */
		if (init_boot_choice(line, n + 1, &k) == 1 && k >= 1) {
			*ret_index = map[k - 1];
			return 0;
		}
	}
}

static void absent(struct init_state *s, const struct candidates *l, size_t i)
{
	printf("The signed /boot is NOT PRESENT: its manifest pins ");
	describe_pin(&l->c[i].pin);
	printf(",\nand no disk is that file system. ");
	describe(l, i);
	printf(" holds a copy of its manifest\nand is NOT used. Refusing to boot with secrets: reconnect this machine's own disk.\n");
	s->boot_absent = "the pinned file system is not present";
}

static void ambiguous(struct init_state *s, const struct candidates *l)
{
	printf("Several disks claim to be the pinned /boot (the same file system and partition UUID):\n");
	for (size_t i = 0; i < l->n; i++)
		if (boot_candidate_self_pinned(&l->c[i])) {
			printf("  ");
			describe(l, i);
			putchar('\n');
		}
	printf("None is used: remove every disk you do not know and restart.\n");
	s->boot_absent = "several disks claim to be the pinned /boot";
}

static void report_others(const struct candidates *l, size_t chosen, bool pinned)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i == chosen)
			continue;
		printf("Not used as /boot: ");
		describe(l, i);
		printf(pinned ? ": not the pinned file system\n" : "\n");
	}
}

/* The scan ahead (init_boot_scan_start), in a thread of its own. */
struct scan_job {
	pthread_t thread;
	struct candidates *l;
	size_t index;
	enum boot_select sel;
};

static struct scan_job *scan_ahead;

static void *scan_thread(void *arg)
{
	struct scan_job *j = arg;

	j->sel = scan(j->l, &j->index);
	return NULL;
}

void init_boot_scan_start(void)
{
	struct scan_job *j = scan_ahead ? NULL : calloc(1, sizeof(*j));

	if (!j)
		return;
	j->l = calloc(1, sizeof(*j->l));
	if (!j->l || pthread_create(&j->thread, NULL, scan_thread, j) != 0) {
		free(j->l);
		free(j);
		return;
	}
	scan_ahead = j;
}

/* The candidates: the scan ahead's, else those of a scan now. */
static enum boot_select scanned(struct candidates **ret, size_t *ret_index)
{
	struct scan_job *j = TAKE_PTR(scan_ahead);
	enum boot_select sel;

	if (!j) {
		*ret = calloc(1, sizeof(**ret));
		return *ret ? scan(*ret, ret_index) : BOOT_SELECT_NONE;
	}
	(void)pthread_join(j->thread, NULL);
	*ret = j->l;
	*ret_index = j->index;
	sel = j->sel;
	free(j);
	return sel;
}

static int choose(struct init_state *s, struct candidates *l, enum boot_select sel,
		  size_t *ret_index, bool *ret_pinned)
{
	*ret_pinned = sel == BOOT_SELECT_PINNED;
	switch (sel) {
	case BOOT_SELECT_PINNED:
	case BOOT_SELECT_ONLY:
		return 0;
	case BOOT_SELECT_ASK:
		return ask(l, ret_index);
	case BOOT_SELECT_PINNED_ABSENT:
		absent(s, l, *ret_index);
		return -ENODEV;
	case BOOT_SELECT_AMBIGUOUS:
		ambiguous(s, l);
		return -ENODEV;
	default:
		return log_error_errno(ENODEV,
				       "No /boot found: no disk partition holds a boot loader configuration (grub.cfg, loader/entries, extlinux.conf or syslinux.cfg).");
	}
}

/* Moves candidate i's mount to /boot; mounts its device there again
 * when the move fails. */
static int take_candidate(const struct candidates *l, size_t i)
{
	char dir[64];

	if (probe_dir(i, dir) < 0)
		return -ENAMETOOLONG;
	if ((mkdir(INIT_BOOT_DIR, 0755) == 0 || errno == EEXIST) &&
	    mount(dir, INIT_BOOT_DIR, NULL, MS_MOVE, NULL) == 0) {
		(void)rmdir(dir);
		return 0;
	}
	unmount_candidate(i);
	return init_mount_boot_fs(l->c[i].dev, INIT_BOOT_DIR);
}

int init_find_boot(struct init_state *s)
{
	_cleanup_free_ struct candidates *l = NULL;
	size_t i = 0;
	enum boot_select sel = scanned(&l, &i);
	bool pinned = false;
	int r;

	if (!l)
		return -ENOMEM;
	r = choose(s, l, sel, &i, &pinned);
	unmount_candidates(l, r < 0 ? SIZE_MAX : i);
	if (r < 0)
		return r;
	if (take_candidate(l, i) < 0 ||
	    strfmt(s->boot_dev, sizeof(s->boot_dev), "%s", l->c[i].dev) < 0)
		return log_error_errno(EIO, "Cannot mount %s as /boot", l->c[i].dev);
	s->boot_fs = l->c[i].id;
	printf("/boot is ");
	describe(l, i);
	printf(pinned ? ", the file system its signed manifest pins; mounted read-only\n" :
			", mounted read-only (not pinned yet: signing pins it)\n");
	report_others(l, i, pinned);
	return 0;
}
