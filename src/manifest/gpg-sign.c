/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpg --detach-sign, run without a shell, never as root (gpg-home.h says
 * as whom and in which home), with a clean environment; success only when
 * gpg exits 0 and reports SIG_CREATED on its status fd. The gpg-agent it
 * starts is stopped afterwards, so no unlocked key stays in memory and
 * nothing keeps the GnuPG home (a key disk) busy. */
#include "gpg-sign.h"
#include "gpg-agent.h"
#include "gpg-home.h"
#include "log.h"
#include "subprocess.h"

#include <stdlib.h>

#define STATUS_MAX (64u << 10)

#define ENV_MAX 8

static void build_argv(const struct gpg_sign_options *o, const char *home, char *argv[24])
{
	size_t n = 0;

	argv[n++] = (char *)"gpg";
	argv[n++] = (char *)"--batch";
	argv[n++] = (char *)"--status-fd";
	argv[n++] = (char *)"3";
	argv[n++] = (char *)"--homedir";
	argv[n++] = (char *)home;
	if (o->passphrase) {
		argv[n++] = (char *)"--pinentry-mode";
		argv[n++] = (char *)"loopback";
		argv[n++] = (char *)"--passphrase-fd";
		argv[n++] = (char *)"4";
	}
	if (o->key) {
		argv[n++] = (char *)"--local-user";
		argv[n++] = (char *)o->key;
	}
	argv[n++] = (char *)"--digest-algo";
	argv[n++] = (char *)"SHA256";
	argv[n++] = (char *)"--armor";
	argv[n++] = (char *)"--detach-sign";
	argv[n++] = (char *)"--output";
	argv[n++] = (char *)"-";
	argv[n] = NULL;
}

static const char *failure_hint(const char *status)
{
	if (strstr(status, "[GNUPG:] INV_SGNR") || strstr(status, "[GNUPG:] NO_SKEY"))
		return "no usable secret key (check --key, --gpg-homedir, or that the smartcard is inserted)";
	if (strstr(status, "[GNUPG:] PINENTRY_LAUNCHED") || strstr(status, "BAD_PASSPHRASE"))
		return "the passphrase or PIN was not accepted";
	return "see gpg's messages above";
}

/* A fixed PATH and locale, plus what a pinentry needs to reach the person. */
static void build_envp(char *envp[ENV_MAX])
{
	static const char *const kept[] = { "TERM=", "GPG_TTY=", "DISPLAY=", "WAYLAND_DISPLAY=" };
	extern char **environ;
	size_t n = 0;

	envp[n++] = (char *)"PATH=/usr/bin:/bin";
	envp[n++] = (char *)"LC_ALL=C";
	for (size_t i = 0; i < ELEMENTSOF(kept); i++)
		for (char **e = environ; *e; e++)
			if (startswith(*e, kept[i])) {
				envp[n++] = *e;
				break;
			}
	envp[n] = NULL;
}

static int run(const struct gpg_sign_options *o, const struct gpg_home *h, int data_fd, int out_fd,
	       int pass_fd)
{
	char *argv[24], *envp[ENV_MAX];
	struct subprocess p = {
		.path = "gpg",
		.argv = argv,
		.envp = envp,
		.search = true,
		.fd_in = { data_fd, out_fd, pass_fd },
		.fd_child = { 0, 1, 4 },
		.n_fds = pass_fd >= 0 ? 3 : 2,
		.capture_fd = 3,
		.capture_max = STATUS_MAX,
		.uid = h->uid,
		.gid = h->gid,
	};
	_cleanup_free_ char *status = NULL;
	struct gpg_agents before;
	size_t len = 0;
	int code = 0;
	int r;

	build_argv(o, h->path, argv);
	build_envp(envp);
	(void)gpg_agents_find(h->path, &before);
	r = subprocess_run(&p, &code, &status, &len);
	(void)gpg_agents_stop_new(h->path, &before);
	if (r < 0)
		return log_error_errno(r, "Cannot run gpg: %m");
	if (code != 0 || !strstr(status, "[GNUPG:] SIG_CREATED "))
		return log_error_errno(EIO, "gpg could not sign the manifest (exit %d): %s", code,
				       failure_hint(status));
	return 0;
}

int gpg_passphrase_fd(const char *passphrase)
{
	size_t len = strlen(passphrase);
	_cleanup_free_ char *line = malloc(len + 2);
	int fd;

	if (!line)
		return -ENOMEM;
	memcpy(line, passphrase, len);
	line[len] = '\n';
	fd = subprocess_memfd("passphrase", line, len + 1);
	explicit_bzero(line, len + 1);
	return fd;
}

int gpg_sign(const struct gpg_sign_options *o, int data_fd, int out_fd)
{
	_cleanup_close_ int pass_fd = o->passphrase ? gpg_passphrase_fd(o->passphrase) : -1;
	struct gpg_home h;
	int r = pass_fd < 0 && o->passphrase ? pass_fd : gpg_home_open(o->homedir, &h);

	if (r < 0)
		return r;
	r = run(o, &h, data_fd, out_fd, pass_fd);
	gpg_home_close(&h);
	return r;
}
