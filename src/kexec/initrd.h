/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The initrd handed to kexec when it is not one file as it stands: the
 * entry's initrds one after another, each padded with zeros to 512 bytes
 * (the kernel needs each archive 4-byte aligned; dracut's last gzip member
 * is unpadded), then the key-injection archive. It is written to an
 * unnamed file in the runtime directory, which must be RAM-backed (tmpfs
 * or ramfs): the copy may hold the disk key and never reaches a disk. */
#pragma once

#include "cpio.h"

#include <stddef.h>

#define INITRD_ALIGN 512

size_t initrd_padded_size(size_t len);

/* Returns -EMEDIUMTYPE when dir is not RAM-backed. */
int initrd_check_ram_backed(const char *dir);

/* Concatenates the files (fds, read from the start) padded, then extra
 * (may be NULL). Returns the new file's fd (read/write, offset 0). */
int initrd_build(const char *rundir, const int *fds, size_t n, const struct cpio *extra, int *ret_fd);
