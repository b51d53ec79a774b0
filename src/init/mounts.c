/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The API file systems /init needs before anything else, and the console. */
#include "init.h"
#include "log.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

struct api_mount {
	const char *what, *where, *type, *options;
	unsigned long flags;
};

static const struct api_mount api_mounts[] = {
	{ "devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID },
	{ "proc", "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "tmpfs", "/run", "tmpfs", "mode=0755,size=50%", MS_NOSUID | MS_NODEV },
	{ "securityfs", "/sys/kernel/security", "securityfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "devpts", "/dev/pts", "devpts", "mode=0620,ptmxmode=0666", MS_NOSUID | MS_NOEXEC },
};

static int mount_one(const struct api_mount *m)
{
	if (mkdir(m->where, 0755) < 0 && errno != EEXIST)
		return log_error_errno(errno, "Cannot create %s: %m", m->where);
	if (mount(m->what, m->where, m->type, m->flags, m->options) < 0 && errno != EBUSY)
		return log_error_errno(errno, "Cannot mount %s on %s: %m", m->type, m->where);
	return 0;
}

/* The kernel opens /dev/console for init when the initramfs has it; when
 * it does not, fds 0-2 are closed and we open it now that /dev exists. */
static void ensure_console(void)
{
	int fd;

	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	close(fd);
}

/* The TPM's device nodes are root's alone: the helpers that parse
 * untrusted input run as another user (gpgv, gpg) and must not reach it.
 * devtmpfs makes them so; this makes sure. */
static void restrict_tpm_nodes(void)
{
	static const char *const nodes[] = { "/dev/tpm0", "/dev/tpmrm0", "/dev/tpm1", "/dev/tpmrm1" };

	for (size_t i = 0; i < ELEMENTSOF(nodes); i++)
		if ((chown(nodes[i], 0, 0) < 0 || chmod(nodes[i], 0600) < 0) && errno != ENOENT)
			log_warning_errno(errno, "Cannot make %s root's alone: %m", nodes[i]);
}

int init_mount_api_filesystems(void)
{
	int r = 0;

	for (size_t i = 0; i < ELEMENTSOF(api_mounts); i++) {
		int q = mount_one(&api_mounts[i]);
		if (q < 0 && r == 0)
			r = q;
	}
	ensure_console();
	restrict_tpm_nodes();
	if (mkdir(INIT_RUNDIR, 0700) < 0 && errno != EEXIST)
		return log_error_errno(errno, "Cannot create " INIT_RUNDIR ": %m");
	if (chown(INIT_RUNDIR, 0, 0) < 0 || chmod(INIT_RUNDIR, 0700) < 0)
		return log_error_errno(errno, "Cannot make " INIT_RUNDIR " root's alone: %m");
	return r;
}
