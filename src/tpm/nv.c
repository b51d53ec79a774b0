/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small owner-written NV records. Reads go through SAPI with a password
 * session so they cost one TPM command (no NV_ReadPublic first). */
#include "nv.h"
#include "log.h"
#include "tpm-error.h"

#include <tss2/tss2_sys.h>

int tpm_nv_read(struct tpm *t, TPM2_HANDLE index, uint8_t *buf, size_t size)
{
	TSS2L_SYS_AUTH_COMMAND cmd = { .count = 1 };
	TSS2L_SYS_AUTH_RESPONSE rsp = { 0 };
	TPM2B_MAX_NV_BUFFER data = { 0 };
	TSS2_SYS_CONTEXT *sys = NULL;
	TSS2_RC rc;

	cmd.auths[0].sessionHandle = TPM2_RS_PW;
	rc = Esys_GetSysContext(t->esys, &sys);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read TPM NV");
	rc = Tss2_Sys_NV_Read(sys, index, index, &cmd, (UINT16)size, 0, &data, &rsp);
	if (tpm_rc_base(rc) == TPM2_RC_HANDLE || tpm_rc_base(rc) == TPM2_RC_NV_UNINITIALIZED)
		return -ENOENT;
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read TPM NV");
	if (data.size != size)
		return log_error_errno(EPROTO, "TPM NV index 0x%08x has an unexpected size", index);
	memcpy(buf, data.buffer, size);
	return 0;
}

static int nv_define(struct tpm *t, TPM2_HANDLE index, size_t size, ESYS_TR *ret)
{
	TPM2B_AUTH auth = { 0 };
	TPM2B_NV_PUBLIC pub = {
		.nvPublic = {
			.nvIndex = index,
			.nameAlg = TPM2_ALG_SHA256,
			.attributes = TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD |
				      TPMA_NV_AUTHREAD | TPMA_NV_NO_DA |
				      (TPM2_NT_ORDINARY << TPMA_NV_TPM2_NT_SHIFT),
			.dataSize = (UINT16)size,
		},
	};
	TSS2_RC rc;
	int r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT);

	if (r < 0)
		return r;
	rc = Esys_NV_DefineSpace(t->esys, ESYS_TR_RH_OWNER, t->session, ESYS_TR_NONE, ESYS_TR_NONE,
				 &auth, &pub, ret);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot define a TPM NV index");
	return 0;
}

static int nv_open_or_define(struct tpm *t, TPM2_HANDLE index, size_t size, ESYS_TR *ret)
{
	TSS2_RC rc =
		Esys_TR_FromTPMPublic(t->esys, index, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ret);

	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return nv_define(t, index, size, ret);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot open a TPM NV index");
	return 0;
}

int tpm_nv_write(struct tpm *t, TPM2_HANDLE index, size_t size, const uint8_t *buf, size_t len)
{
	TPM2B_MAX_NV_BUFFER data = { .size = (UINT16)len };
	ESYS_TR nv = ESYS_TR_NONE;
	TSS2_RC rc;
	int r = tpm_session_start(t);

	if (r >= 0)
		r = nv_open_or_define(t, index, size, &nv);
	if (r < 0)
		return r;
	memcpy(data.buffer, buf, len);
	r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT);
	if (r >= 0) {
		rc = Esys_NV_Write(t->esys, ESYS_TR_RH_OWNER, nv, t->session, ESYS_TR_NONE,
				   ESYS_TR_NONE, &data, 0);
		if (rc != TSS2_RC_SUCCESS)
			r = tpm_error(rc, "Cannot write a TPM NV index");
	}
	tpm_tr_forget(t, &nv);
	return r;
}
