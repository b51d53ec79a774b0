/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_file_load(2), kexec_load(2) and reboot(2). */
#include "kexec.h"
#include "log.h"

#include <linux/kexec.h>
#include <sys/reboot.h>
#include <sys/syscall.h>

static int explain(int e, const char *call)
{
	switch (e) {
	case EPERM:
		return log_error_errno(-e,
				       "kexec is not permitted: it needs CAP_SYS_BOOT and kexec enabled (kernel.kexec_load_disabled=0).");
	case ENOEXEC:
		return log_error_errno(-e,
				       "The kernel refused the image: not a bootable kernel for this machine.");
	case EKEYREJECTED:
	case EBADMSG:
		return log_error_errno(-e,
				       "The kernel refused the image's signature (kernel lockdown).");
	case ENOSYS:
		return log_error_errno(-e, "This kernel has no %s support.", call);
	default:
		return log_error_errno(-e, "%s failed: %m", call);
	}
}

int kexec_load_fds(int kernel_fd, int initrd_fd, const char *cmdline)
{
	unsigned long flags = initrd_fd < 0 ? KEXEC_FILE_NO_INITRAMFS : 0;

	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, strlen(cmdline) + 1, cmdline, flags) <
	    0)
		return explain(errno, "kexec_file_load");
	return 0;
}

int kexec_load_segments(uint64_t entry, const struct kexec_segment *seg, size_t n)
{
	if (syscall(SYS_kexec_load, (unsigned long)entry, (unsigned long)n, seg,
		    (unsigned long)KEXEC_ARCH_DEFAULT) < 0)
		return explain(errno, "kexec_load");
	return 0;
}

int kexec_unload(void)
{
	if (syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, (unsigned long)KEXEC_FILE_UNLOAD) < 0)
		return negative_errno();
	return 0;
}

int kexec_execute(void)
{
	int r;

	sync();
	reboot(RB_KEXEC);
	r = negative_errno();
	(void)kexec_unload();
	return log_error_errno(r, "Starting the loaded kernel failed: %m");
}
