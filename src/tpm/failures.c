/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An NV record of wrong passphrases: "HFAIL1", count (4 bytes), first
 * and last time (8 bytes each), the TPM's lockout counter at the last
 * success (4 bytes), big endian. */
#include "failures.h"
#include "log.h"
#include "nv.h"
#include "tpm-error.h"

#include <tss2/tss2_sys.h>

#define RECORD_SIZE 32
#define MAGIC "HFAIL1"

static void put_be(uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t get_be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

int tpm_failures_define(struct tpm *t)
{
	TPM2B_AUTH auth = { 0 };
	TPM2B_NV_PUBLIC pub = {
		.nvPublic = {
			.nvIndex = HEADS_NV_FAILURES,
			.nameAlg = TPM2_ALG_SHA256,
			.attributes = TPMA_NV_PPWRITE | TPMA_NV_PPREAD | TPMA_NV_AUTHREAD |
				      TPMA_NV_OWNERREAD | TPMA_NV_NO_DA | TPMA_NV_PLATFORMCREATE |
				      (TPM2_NT_ORDINARY << TPMA_NV_TPM2_NT_SHIFT),
			.dataSize = RECORD_SIZE,
		},
	};
	ESYS_TR nv = ESYS_TR_NONE;
	/* Empty authorizations, no secret: a password session. */
	TSS2_RC rc = Esys_NV_DefineSpace(t->esys, ESYS_TR_RH_PLATFORM, ESYS_TR_PASSWORD,
					 ESYS_TR_NONE, ESYS_TR_NONE, &auth, &pub, &nv);

	tpm_tr_forget(t, &nv);
	if (rc != TSS2_RC_SUCCESS && tpm_rc_base(rc) != TPM2_RC_NV_DEFINED)
		return tpm_error(rc, "Cannot define the TPM record of wrong passphrases");
	return tpm_failures_clear(t, 0);
}

int tpm_failures_read(struct tpm *t, struct tpm_failures *ret)
{
	uint8_t buf[RECORD_SIZE];
	int r = tpm_nv_read(t, HEADS_NV_FAILURES, buf, sizeof(buf));

	if (r < 0)
		return r;
	if (memcmp(buf, MAGIC, 6) != 0)
		return -EBADMSG;
	ret->count = (uint32_t)get_be(buf + 6, 4);
	ret->first = (int64_t)get_be(buf + 10, 8);
	ret->last = (int64_t)get_be(buf + 18, 8);
	ret->tpm_seen = (uint32_t)get_be(buf + 26, 4);
	return 0;
}

/* Through SAPI with the platform's (empty) authorization in a password
 * session: no secret, and one TPM command. */
static int write_record(struct tpm *t, const struct tpm_failures *f)
{
	TSS2L_SYS_AUTH_COMMAND cmd = { .count = 1 };
	TSS2L_SYS_AUTH_RESPONSE rsp = { 0 };
	TPM2B_MAX_NV_BUFFER data = { .size = RECORD_SIZE };
	TSS2_SYS_CONTEXT *sys = NULL;
	TSS2_RC rc;

	memcpy(data.buffer, MAGIC, 6);
	put_be(data.buffer + 6, f->count, 4);
	put_be(data.buffer + 10, (uint64_t)f->first, 8);
	put_be(data.buffer + 18, (uint64_t)f->last, 8);
	put_be(data.buffer + 26, f->tpm_seen, 4);
	cmd.auths[0].sessionHandle = TPM2_RS_PW;
	rc = Esys_GetSysContext(t->esys, &sys);
	if (rc == TSS2_RC_SUCCESS)
		rc = Tss2_Sys_NV_Write(sys, TPM2_RH_PLATFORM, HEADS_NV_FAILURES, &cmd, &data, 0,
				       &rsp);
	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return -ENOENT;
	if (tpm_rc_base(rc) == TPM2_RC_HIERARCHY)
		return -EPERM;
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot write the TPM record of wrong passphrases");
	return 0;
}

int tpm_failures_note(struct tpm *t, int64_t now)
{
	struct tpm_failures f = { 0 };
	int r = tpm_failures_read(t, &f);

	if (r == -EBADMSG)
		f = (struct tpm_failures){ 0 };
	else if (r < 0)
		return r;
	if (f.count++ == 0)
		f.first = now;
	f.last = now;
	return write_record(t, &f);
}

int tpm_failures_clear(struct tpm *t, uint32_t tpm_seen)
{
	return write_record(t, &(struct tpm_failures){ .tpm_seen = tpm_seen });
}
