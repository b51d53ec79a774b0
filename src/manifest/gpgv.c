/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpgv, run from a fixed path with a fixed environment and no shell, as
 * an unprivileged user (subprocess.h): it parses what an attacker may have
 * written to /boot. The manifest, signature and keyring reach it through
 * memory files, so it needs no access to any file; its verdict comes back
 * through --status-fd. */
#include "gpgv.h"
#include "strbuf.h"
#include "fileio.h"
#include "log.h"
#include "subprocess.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#define STATUS_MAX (64u << 10)
#define KEYRING_MAX (16u << 20)
#define KEYRING_FD 5

static const char *const gpgv_paths[] = { "/usr/bin/gpgv", "/bin/gpgv", "/usr/local/bin/gpgv" };

/* HEADS_GPGV names another gpgv, for tests (it runs with no more rights
 * than the real one; /init clears it). */
static const char *gpgv_find(void)
{
	const char *env = getenv("HEADS_GPGV");

	if (env && *env)
		return env;
	for (size_t i = 0; i < ELEMENTSOF(gpgv_paths); i++)
		if (access(gpgv_paths[i], X_OK) == 0)
			return gpgv_paths[i];
	return NULL;
}

int gpgv_keyring_check(const char *keyring)
{
	_cleanup_close_ int fd = open(keyring, O_RDONLY | O_CLOEXEC);
	char head[16] = { 0 };
	struct stat st;

	if (fd < 0)
		return log_error_errno(errno == ENOENT ? EINVAL : errno,
				       "Cannot open the keyring %s: %m", keyring);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return log_error_errno(EINVAL, "The keyring %s is not a regular file", keyring);
	if (st.st_size == 0)
		return log_error_errno(EINVAL, "The keyring %s is empty: it holds no public key",
				       keyring);
	if (read_full(fd, head, sizeof(head) - 1) > 0 && startswith(head, "-----BEGIN PGP"))
		return log_error_errno(EINVAL,
				       "The keyring %s is ASCII-armoured; gpgv needs a binary keyring (convert it with 'gpg --dearmor')",
				       keyring);
	return 0;
}

/* A memory file holding the keyring, readable by gpgv's user when it
 * opens it again through /proc/self/fd (gpgv takes a keyring by name). */
static int keyring_memfd(const char *keyring)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int fd = -1;
	size_t len = 0;
	int r = read_file_follow(keyring, KEYRING_MAX, &buf, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read the keyring %s: %m", keyring);
	fd = subprocess_memfd("keyring", buf, len);
	if (fd < 0)
		return log_error_errno(fd, "Cannot pass the keyring to gpgv: %m");
	if (fchmod(fd, 0444) < 0)
		return negative_errno();
	return TAKE_FD(fd);
}

static int run(const char *gpgv, int keyring_fd, int data_fd, int sig_fd, struct gpgv_status *ret)
{
	char *argv[] = { (char *)"gpgv",	(char *)"--enable-special-filenames",
			 (char *)"--homedir",	(char *)"/nonexistent",
			 (char *)"--status-fd", (char *)"3",
			 (char *)"--keyring",	(char *)"/proc/self/fd/5", /* KEYRING_FD */
			 (char *)"--",		(char *)"-&4",
			 (char *)"-",		NULL };
	char *envp[] = { (char *)"PATH=/usr/bin:/bin", (char *)"LC_ALL=C",
			 (char *)"HOME=/nonexistent", NULL };
	struct subprocess p = {
		.path = gpgv,
		.argv = argv,
		.envp = envp,
		.fd_in = { data_fd, sig_fd, keyring_fd },
		.fd_child = { 0, 4, KEYRING_FD },
		.n_fds = 3,
		.capture_fd = 3,
		.capture_max = STATUS_MAX,
		.quiet = log_get_level() < LOG_DEBUG,
	};
	_cleanup_free_ char *out = NULL;
	size_t len = 0;
	int status = 0;
	int r = subprocess_run(&p, &status, &out, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot run %s: %m", gpgv);
	gpgv_status_parse(out, len, ret);
	log_debug("gpgv exited %d; status output:\n%s", status, out);
	/* gpgv exits 0 for signatures by expired or revoked keys too, so its
	 * status decides; a non-zero exit still vetoes a good verdict. */
	if (status != 0 && gpgv_status_verdict(ret) == GPGV_GOOD)
		ret->goodsig = 0;
	return 0;
}

int gpgv_verify(const char *keyring, const char *data, size_t data_len, const char *sig,
		size_t sig_len, struct gpgv_status *ret)
{
	_cleanup_close_ int data_fd = -1, sig_fd = -1, keyring_fd = -1;
	const char *gpgv = gpgv_find();

	if (!gpgv)
		return log_error_errno(ENOENT,
				       "gpgv is not installed (looked in /usr/bin, /bin, /usr/local/bin)");
	keyring_fd = keyring_memfd(keyring);
	if (keyring_fd < 0)
		return keyring_fd;
	data_fd = subprocess_memfd("manifest", data, data_len);
	sig_fd = subprocess_memfd("manifest.sig", sig, sig_len);
	if (data_fd < 0 || sig_fd < 0)
		return log_error_errno(data_fd < 0 ? data_fd : sig_fd,
				       "Cannot pass the manifest to gpgv: %m");
	return run(gpgv, keyring_fd, data_fd, sig_fd, ret);
}
