/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpg --quick-gen-key and gpg --export, without a shell, never as root;
 * the agent gpg starts is stopped afterwards, and a copied home is
 * written back before it is wiped. */
#include "gpg-keygen.h"
#include "gpg-agent.h"
#include "gpg-home.h"
#include "gpg-sign.h"
#include "log.h"
#include "strbuf.h"
#include "subprocess.h"

#include <stdlib.h>

#define STATUS_MAX (64u << 10)
#define EXPORT_MAX (1u << 20)
#define CREATED "[GNUPG:] KEY_CREATED "

static char *const envp[] = { (char *)"PATH=/usr/bin:/bin", (char *)"LC_ALL=C", NULL };

/* Runs gpg in h as its user; the agent it starts is stopped after. */
static int run_gpg(const struct gpg_home *h, const char **argv, int pass_fd, int capture,
		   char **ret_out, size_t *ret_len)
{
	struct subprocess p = {
		.path = "gpg",
		.argv = (char *const *)argv,
		.envp = envp,
		.search = true,
		.fd_in = { pass_fd },
		.fd_child = { 4 },
		.n_fds = pass_fd >= 0 ? 1 : 0,
		.capture_fd = capture,
		.capture_max = capture == 1 ? EXPORT_MAX : STATUS_MAX,
		.quiet = true,
		.uid = h->uid,
		.gid = h->gid,
	};
	struct gpg_agents before;
	int code = 0, r;

	(void)gpg_agents_find(h->path, &before);
	r = subprocess_run(&p, &code, ret_out, ret_len);
	(void)gpg_agents_stop_new(h->path, &before);
	if (r < 0)
		return log_error_errno(r, "Cannot run gpg: %m");
	return code == 0 ? 0 : -EIO;
}

/* "KEY_CREATED P FPR" (or B) from gpg's status lines. */
static int created_fpr(const char *status, char ret[GPG_FPR_SIZE])
{
	const char *p = strstr(status, CREATED);
	size_t n;

	if (!p)
		return -EIO;
	p += strlen(CREATED);
	if ((*p != 'P' && *p != 'B') || p[1] != ' ')
		return -EIO;
	p += 2;
	n = strspn(p, "0123456789ABCDEFabcdef");
	if (n != 40 && n != 64)
		return -EIO;
	memcpy(ret, p, n);
	ret[n] = '\0';
	return 0;
}

static int keygen_in(const struct gpg_home *h, const char *uid, const char *passphrase,
		     char ret_fpr[GPG_FPR_SIZE])
{
	const char *argv[] = { "gpg",
			       "--batch",
			       "--status-fd",
			       "3",
			       "--homedir",
			       h->path,
			       "--pinentry-mode",
			       "loopback",
			       "--passphrase-fd",
			       "4",
			       "--quick-gen-key",
			       uid,
			       "ed25519",
			       "sign",
			       "never",
			       NULL };
	_cleanup_close_ int pass_fd = gpg_passphrase_fd(passphrase);
	_cleanup_free_ char *status = NULL;
	size_t len = 0;
	int r;

	if (pass_fd < 0)
		return pass_fd;
	r = run_gpg(h, argv, pass_fd, 3, &status, &len);
	if (r >= 0)
		r = created_fpr(status, ret_fpr);
	return r < 0 ? log_error_errno(r, "gpg could not make the key: %m") : 0;
}

int gpg_keygen(const char *homedir, const char *uid, const char *passphrase,
	       char ret_fpr[GPG_FPR_SIZE])
{
	struct gpg_home h;
	int r = gpg_home_open(homedir, &h);

	if (r < 0)
		return r;
	r = keygen_in(&h, uid, passphrase, ret_fpr);
	if (r >= 0 && (r = gpg_home_save(&h, homedir)) < 0)
		log_error_errno(r, "Cannot write the new key into the GnuPG home %s: %m", homedir);
	gpg_home_close(&h);
	return r;
}

int gpg_export_public(const char *homedir, const char *fpr, uint8_t **ret, size_t *ret_len)
{
	const char *argv[] = { "gpg", "--batch", "--homedir", NULL, "--export", fpr, NULL };
	_cleanup_free_ char *out = NULL;
	struct gpg_home h;
	size_t len = 0;
	int r = gpg_home_open(homedir, &h);

	if (r < 0)
		return r;
	argv[3] = h.path;
	r = run_gpg(&h, argv, -1, 1, &out, &len);
	gpg_home_close(&h);
	if (r >= 0 && len == 0)
		r = -ENOENT;
	if (r < 0)
		return log_error_errno(r, "gpg could not export the key %s: %m", fpr);
	*ret = (uint8_t *)TAKE_PTR(out);
	*ret_len = len;
	return 0;
}
