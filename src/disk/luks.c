/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libcryptsetup wrappers; its return codes become -errno here. */
#include "luks.h"
#include "errors.h"
#include "fileio.h"
#include "strbuf.h"
#include "log.h"
#include "sha.h"

#include <fcntl.h>
#include <libcryptsetup.h>
#include <openssl/evp.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

void luks_closep(struct crypt_device **cd)
{
	if (*cd)
		crypt_free(*cd);
}

int luks_open(const char *device, struct crypt_device **ret)
{
	struct crypt_device *cd = NULL;
	int r = crypt_init(&cd, device);

	if (r < 0)
		return log_error_errno(r, "Cannot open %s: %m", device);
	r = crypt_load(cd, CRYPT_LUKS, NULL);
	if (r < 0) {
		crypt_free(cd);
		return log_error_errno(EINVAL, "%s is not a LUKS device", device);
	}
	*ret = cd;
	return 0;
}

static void quiet(int level, const char *msg, void *userdata)
{
	(void)level;
	(void)msg;
	(void)userdata;
}

bool luks_probe(const char *device)
{
	struct crypt_device *cd = NULL;
	bool yes;

	if (crypt_init(&cd, device) < 0)
		return false;
	crypt_set_log_callback(cd, quiet, NULL);
	yes = crypt_load(cd, CRYPT_LUKS, NULL) >= 0;
	crypt_free(cd);
	return yes;
}

const char *luks_uuid(struct crypt_device *cd)
{
	const char *u = crypt_get_uuid(cd);

	return u ? u : "";
}

/* LUKS1: the whole header backup, as `cryptsetup luksHeaderBackup`
 * writes it, hashed from a scratch copy in rundir. */
static int hash_header_backup(struct crypt_device *cd, const char *rundir, uint8_t out[32])
{
	char path[PATH_MAX];
	int fd, r;

	if (mkdir(rundir, 0700) < 0 && errno != EEXIST)
		return log_error_errno(errno, "Cannot create %s: %m", rundir);
	if (strfmt(path, sizeof(path), "%s/luks-header.%d", rundir, (int)getpid()) < 0)
		return -ENAMETOOLONG;
	unlink(path);
	r = crypt_header_backup(cd, NULL, path);
	if (r < 0)
		return log_error_errno(r, "Cannot read the LUKS header: %m");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	unlink(path);
	if (fd < 0)
		return negative_errno();
	r = sha256_fd(fd, out);
	close(fd);
	return r;
}

static int hash_range(EVP_MD_CTX *ctx, int fd, uint64_t off, uint64_t len)
{
	uint8_t buf[65536];

	while (len > 0) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		int r = pread_exact(fd, buf, n, off);
		if (r < 0)
			return r;
		if (!EVP_DigestUpdate(ctx, buf, n))
			return -EIO;
		off += n;
		len -= n;
	}
	return 0;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Each active keyslot: its number, offset and length, then its area. */
static int hash_keyslots(struct crypt_device *cd, EVP_MD_CTX *ctx, int fd)
{
	int max = crypt_keyslot_max(CRYPT_LUKS2), r = 0;

	for (int i = 0; r >= 0 && i < max; i++) {
		crypt_keyslot_info st = crypt_keyslot_status(cd, i);
		uint64_t off = 0, len = 0;
		uint8_t desc[20];

		if (st != CRYPT_SLOT_ACTIVE && st != CRYPT_SLOT_ACTIVE_LAST)
			continue;
		r = crypt_keyslot_area(cd, i, &off, &len);
		if (r < 0)
			return r;
		put_le(desc, (uint64_t)i, 4);
		put_le(desc + 4, off, 8);
		put_le(desc + 12, len, 8);
		r = EVP_DigestUpdate(ctx, desc, sizeof(desc)) ? hash_range(ctx, fd, off, len) : -EIO;
	}
	return r;
}

static void md_ctx_freep(EVP_MD_CTX **c)
{
	EVP_MD_CTX_free(*c);
}

/* LUKS2: both binary headers with their JSON areas, then every active
 * keyslot's area. The unused part of the keyslots area (most of its 16
 * MiB) holds nothing that unlocks the disk and is left out. */
static int hash_luks2(struct crypt_device *cd, uint64_t metadata_size, uint8_t out[32])
{
	_cleanup_(md_ctx_freep) EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	_cleanup_close_ int fd = open(crypt_get_device_name(cd), O_RDONLY | O_CLOEXEC);
	int r;

	if (!ctx)
		return -ENOMEM;
	if (fd < 0)
		return log_error_errno(errno, "Cannot read the LUKS header: %m");
	if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		return -EIO;
	r = hash_range(ctx, fd, 0, 2 * metadata_size);
	if (r >= 0)
		r = hash_keyslots(cd, ctx, fd);
	if (r < 0)
		return log_error_errno(r, "Cannot read the LUKS header: %m");
	return EVP_DigestFinal_ex(ctx, out, NULL) ? 0 : -EIO;
}

int luks_header_hash(struct crypt_device *cd, const char *rundir, uint8_t out[32])
{
	uint64_t metadata_size = 0, keyslots_size = 0;

	if (streq(crypt_get_type(cd), CRYPT_LUKS2) &&
	    crypt_get_metadata_size(cd, &metadata_size, &keyslots_size) >= 0 && metadata_size > 0)
		return hash_luks2(cd, metadata_size, out);
	return hash_header_backup(cd, rundir, out);
}

int luks_check_passphrase(struct crypt_device *cd, const void *pass, size_t len)
{
	int r = crypt_activate_by_passphrase(cd, NULL, CRYPT_ANY_SLOT, pass, len, 0);

	if (r == -EPERM)
		return -E_PASSPHRASE;
	if (r < 0)
		return log_error_errno(r, "Cannot check the LUKS passphrase: %m");
	return r;
}

int luks_free_keyslot(struct crypt_device *cd)
{
	int max = crypt_keyslot_max(crypt_get_type(cd));

	for (int i = 0; i < max; i++)
		if (crypt_keyslot_status(cd, i) == CRYPT_SLOT_INACTIVE)
			return i;
	return -ENOSPC;
}

int luks_add_key(struct crypt_device *cd, const void *pass, size_t passlen, const uint8_t *key,
		 size_t keylen)
{
	/* The key is 512 random bits: a slow KDF would add nothing but time. */
	static const struct crypt_pbkdf_type fast = {
		.type = CRYPT_KDF_PBKDF2,
		.hash = "sha256",
		.iterations = 1000,
		.flags = CRYPT_PBKDF_NO_BENCHMARK,
	};
	int r = crypt_set_pbkdf_type(cd, &fast);

	if (r < 0)
		return log_error_errno(r, "Cannot set the keyslot KDF: %m");
	r = crypt_keyslot_add_by_passphrase(cd, CRYPT_ANY_SLOT, pass, passlen, (const char *)key,
					    keylen);
	if (r == -EPERM)
		return -E_PASSPHRASE;
	if (r < 0)
		return log_error_errno(r, "Cannot add a LUKS keyslot: %m");
	return r;
}

int luks_destroy_keyslot(struct crypt_device *cd, int keyslot)
{
	int r = crypt_keyslot_destroy(cd, keyslot);

	if (r < 0)
		return log_error_errno(r, "Cannot remove LUKS keyslot %d: %m", keyslot);
	return 0;
}

int luks_activate_readonly(const char *device, const void *key, size_t keylen, const char *name,
			   char *path, size_t size)
{
	struct crypt_device *cd = NULL;
	int r = luks_open(device, &cd);

	if (r < 0)
		return r;
	/* The key first: that needs no device mapper. */
	r = luks_check_passphrase(cd, key, keylen);
	if (r >= 0)
		r = crypt_activate_by_passphrase(cd, name, CRYPT_ANY_SLOT, key, keylen,
						 CRYPT_ACTIVATE_READONLY);
	crypt_free(cd);
	if (r == -E_PASSPHRASE || r == -EPERM)
		return log_error_errno(E_PASSPHRASE, "That key opens no keyslot of %s", device);
	if (r < 0)
		return log_error_errno(r, "Cannot open the LUKS volume %s: %m", device);
	return strfmt(path, size, "%s/%s", crypt_get_dir(), name) < 0 ? -ENAMETOOLONG : 0;
}

int luks_deactivate(const char *name)
{
	int r = crypt_deactivate(NULL, name);

	return r < 0 ? log_error_errno(r, "Cannot close %s: %m", name) : 0;
}
