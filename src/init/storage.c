/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the disks the boot flow needs, by what they hold: the OS's
 * /boot (a file system with a boot loader config), its LUKS root, and the
 * owner's signing key (a removable file system with a GnuPG home). */
#include "fileio.h"
#include "init.h"
#include "log.h"
#include "luks.h"
#include "strbuf.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mount.h>
#include <strings.h>
#include <sys/stat.h>

/* Nothing on a disk is run or trusted as a device or set-id program. */
#define DISK_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)
#define WAIT_STEPS 20 /* times 100 ms, for disks still being probed */

static bool skip_device(const char *name)
{
	return name[0] == '.' || startswith(name, "loop") || startswith(name, "ram") ||
	       startswith(name, "dm-") || startswith(name, "sr");
}

int init_for_each_block(int (*fn)(const char *dev, void *data), void *data)
{
	struct dirent **list = NULL;
	int n = scandir("/sys/class/block", &list, NULL, alphasort);
	int r = 0;

	if (n < 0)
		return negative_errno();
	for (int i = 0; i < n; i++) {
		char dev[300];
		if (r == 0 && !skip_device(list[i]->d_name) &&
		    strfmt(dev, sizeof(dev), "/dev/%s", list[i]->d_name) >= 0)
			r = fn(dev, data);
		free(list[i]);
	}
	free(list);
	return r;
}

int init_mount_fs(const char *dev, const char *where, unsigned long flags)
{
	static const char *const types[] = { "ext4", "vfat" };

	if (mkdir(where, 0755) < 0 && errno != EEXIST)
		return negative_errno();
	for (size_t i = 0; i < ELEMENTSOF(types); i++)
		if (mount(dev, where, types[i], flags, NULL) == 0)
			return 0;
	return -EINVAL;
}

int init_mount_boot_fs(const char *dev, const char *where)
{
	return init_mount_fs(dev, where, MS_RDONLY | DISK_FLAGS);
}

/* Writable: gpg writes in its home (lock files, the agent's socket). */
int init_mount_key_fs(const char *dev, const char *where)
{
	return init_mount_fs(dev, where, DISK_FLAGS);
}

static int try_luks(const char *dev, void *data)
{
	_cleanup_luks_ struct crypt_device *cd = NULL;
	struct init_state *s = data;
	size_t i = s->luks_n;

	if (!luks_probe(dev) || luks_open(dev, &cd) < 0)
		return 0;
	if (strfmt(s->luks_devs[i], sizeof(s->luks_devs[i]), "%s", dev) < 0 ||
	    strfmt(s->luks_uuids[i], sizeof(s->luks_uuids[i]), "%s", luks_uuid(cd)) < 0)
		return 0;
	log_info("Encrypted volume: %s (LUKS UUID %s)", dev, s->luks_uuids[i]);
	s->luks_n++;
	/* Enough: no more volumes than one disk key opens. */
	return s->luks_n == DISK_VOLUMES_MAX;
}

/* The LUKS volumes are looked for while /boot is verified and the TOTP
 * code is shown: the scan reads headers from the disks, with no TPM. */
static pthread_t luks_scan;
static bool luks_scanning;

static void *scan_luks(void *arg)
{
	struct init_state *s = arg;

	(void)init_for_each_block(try_luks, s);
	return NULL;
}

int init_find_disks(struct init_state *s)
{
	int r = init_find_boot(s);

	init_luks_wait();
	s->luks_n = 0;
	luks_scanning = pthread_create(&luks_scan, NULL, scan_luks, s) == 0;
	if (!luks_scanning)
		scan_luks(s); /* no thread: scan here */
	return r;
}

void init_luks_wait(void)
{
	if (luks_scanning)
		(void)pthread_join(luks_scan, NULL);
	luks_scanning = false;
}

const char *init_luks_device(const struct init_state *s, const char *uuid)
{
	for (size_t i = 0; i < s->luks_n; i++)
		if (strcasecmp(s->luks_uuids[i], uuid) == 0)
			return s->luks_devs[i];
	return NULL;
}

static bool is_luks(const struct init_state *s, const char *dev)
{
	for (size_t i = 0; i < s->luks_n; i++)
		if (streq(s->luks_devs[i], dev))
			return true;
	return false;
}

int init_boot_writable(struct init_state *s, bool rw)
{
	unsigned long flags = MS_REMOUNT | (rw ? 0 : MS_RDONLY) | DISK_FLAGS;

	if (!s->boot_dev[0])
		return -ENODEV;
	sync();
	if (mount(NULL, INIT_BOOT_DIR, NULL, flags, NULL) < 0)
		return log_error_errno(errno, "Cannot remount /boot %s: %m",
				       rw ? "read-write" : "read-only");
	if (rw && mkdir(INIT_STATE_DIR, 0755) < 0 && errno != EEXIST)
		log_warning_errno(errno, "Cannot create " INIT_STATE_DIR ": %m");
	return 0;
}

struct key_search {
	const struct init_state *s;
	char found[64];
};

static int try_key(const char *dev, void *data)
{
	struct key_search *k = data;

	if (streq(dev, k->s->boot_dev) || is_luks(k->s, dev) ||
	    init_mount_key_fs(dev, INIT_KEY_DIR) < 0)
		return 0;
	if (access(INIT_KEY_DIR "/.gnupg", F_OK) == 0 &&
	    strfmt(k->found, sizeof(k->found), "%s", dev) >= 0)
		return 1;
	(void)umount(INIT_KEY_DIR);
	return 0;
}

int init_mount_key(const struct init_state *s)
{
	struct key_search k = { s, "" };

	for (int i = 0; i < 3 * WAIT_STEPS; i++) {
		if (init_for_each_block(try_key, &k) > 0) {
			log_info("Owner's signing key found on %s", k.found);
			return 0;
		}
		if (i == 0)
			printf("Looking for the USB key with the owner's signing key (a file system holding .gnupg)...\n");
		fflush(stdout);
		usleep(100 * 1000);
	}
	return log_error_errno(ENODEV,
			       "No signing key found: no disk holds a .gnupg directory. Insert the key and try again.");
}
