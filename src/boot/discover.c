/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing the boot loader config in BOOTDIR. */
#include "discover.h"
#include "bls.h"
#include "grub.h"
#include "grubenv.h"
#include "log.h"
#include "syslinux.h"

static const char *const grub_configs[] = {
	"/grub/grub.cfg",
	"/grub2/grub.cfg",
	"/boot/grub/grub.cfg",
	"/boot/grub2/grub.cfg",
};
static const char *const bls_dirs[] = { "/loader/entries", "/boot/loader/entries" };
static const char *const grubenvs[] = {
	"/grub2/grubenv",
	"/grub/grubenv",
	"/boot/grub2/grubenv",
	"/boot/grub/grubenv",
};
static const char *const syslinux_configs[] = {
	"/extlinux.conf",
	"/extlinux/extlinux.conf",
	"/syslinux/syslinux.cfg",
	"/syslinux.cfg",
	"/boot/extlinux.conf",
	"/boot/extlinux/extlinux.conf",
	"/boot/syslinux/syslinux.cfg",
	"/boot/syslinux.cfg",
};

static const char *first_of(const struct bootfs *fs, const char *const *paths, size_t n,
			    enum bootfs_type type)
{
	for (size_t i = 0; i < n; i++)
		if (bootfs_type(fs, paths[i]) == type)
			return paths[i];
	return NULL;
}

/* Standalone BLS entries take $kernelopts from grubenv, as blscfg would. */
static int load_bls(const struct bootfs *fs, const char *dir, struct entry_list *out)
{
	_cleanup_grub_env_ struct grub_env env = { 0 };
	_cleanup_free_ char *buf = NULL;
	const char *genv = first_of(fs, grubenvs, ELEMENTSOF(grubenvs), BOOTFS_FILE);
	size_t len = 0;
	int r;

	if (genv && bootfs_read(fs, genv, BOOTFS_MAX_CONFIG, &buf, &len) >= 0 &&
	    (r = grubenv_parse(buf, len, &env, NULL)) == -ENOMEM)
		return r;
	return bls_load_dir(fs, dir, &env, out);
}

bool boot_has_config(const struct bootfs *fs)
{
	return first_of(fs, grub_configs, ELEMENTSOF(grub_configs), BOOTFS_FILE) ||
	       first_of(fs, bls_dirs, ELEMENTSOF(bls_dirs), BOOTFS_DIR) ||
	       first_of(fs, syslinux_configs, ELEMENTSOF(syslinux_configs), BOOTFS_FILE);
}

int boot_discover(const struct bootfs *fs, struct entry_list *out)
{
	const char *p;

	if ((p = first_of(fs, grub_configs, ELEMENTSOF(grub_configs), BOOTFS_FILE))) {
		log_info("Reading boot entries from %s.", p);
		return grub_load(fs, p, out);
	}
	if ((p = first_of(fs, bls_dirs, ELEMENTSOF(bls_dirs), BOOTFS_DIR))) {
		log_info("Reading BLS boot entries from %s.", p);
		return load_bls(fs, p, out);
	}
	if ((p = first_of(fs, syslinux_configs, ELEMENTSOF(syslinux_configs), BOOTFS_FILE))) {
		log_info("Reading boot entries from %s.", p);
		return syslinux_load(fs, p, out);
	}
	return log_error_errno(-ENOENT,
			       "No boot loader config (grub.cfg, loader/entries, extlinux.conf or syslinux.cfg) found in the boot directory.");
}
