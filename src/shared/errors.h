/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The library's reasons, as the errno values (returned negated) that carry
 * them. Each front end chooses its own words and exit codes for them (the
 * command's exit codes: src/front/exitcode.h). */
#pragma once

#include <errno.h>

#define E_SEALED EKEYREJECTED /* the TPM refused: measured state differs */
#define E_DIFFERS EUCLEAN /* /boot differs from its signed manifest */
#define E_SIGNATURE ENOKEY /* bad signature, or a key not in the keyring */
#define E_ROLLBACK ESTALE /* manifest older than the TPM counter */
#define E_PASSPHRASE EBADE /* wrong passphrase */
#define E_PRIMARY ENOTUNIQ /* the TPM primary key is not the pinned one */
#define E_BUS EREMOTEIO /* a TPM answer failed its integrity check */
#define E_OTHER_FS EXDEV /* /boot is not the file system its manifest pins */
