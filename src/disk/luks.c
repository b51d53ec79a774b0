/* libcryptsetup wrappers; its return codes become -errno here. */
#include "luks.h"
#include "exitcode.h"
#include "log.h"
#include "sha.h"

#include <fcntl.h>
#include <libcryptsetup.h>
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

const char *luks_uuid(struct crypt_device *cd)
{
	const char *u = crypt_get_uuid(cd);

	return u ? u : "";
}

int luks_header_hash(struct crypt_device *cd, const char *rundir, uint8_t out[32])
{
	char path[PATH_MAX];
	int fd, r;

	if (mkdir(rundir, 0700) < 0 && errno != EEXIST)
		return log_error_errno(errno, "Cannot create %s: %m", rundir);
	if (snprintf(path, sizeof(path), "%s/luks-header.%d", rundir, (int)getpid()) >= (int)sizeof(path))
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
