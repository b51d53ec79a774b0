/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Translation of tpm2-tss return codes into -errno plus a sentence a
 * person can act on; the only place TSS2_RC values are interpreted. */
#pragma once

#include <tss2/tss2_common.h>

/* The TPM-layer error number with handle/parameter/session index bits
 * removed, or the full code for errors from other layers. */
TSS2_RC tpm_rc_base(TSS2_RC rc);

/* Maps rc to a negative errno (see errors.h for the special ones). */
int tpm_rc_to_errno(TSS2_RC rc);

/* Logs "what: <human sentence> (<tss decoding>)" and returns the errno. */
int tpm_error(TSS2_RC rc, const char *what);
