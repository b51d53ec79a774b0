/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /boot rollback counter as a TPM NV counter index. Owner-written
 * (defining and incrementing need the owner hierarchy), readable with an
 * empty authorization through the salted HMAC session. */
#include "counter.h"
#include "log.h"
#include "sha.h"
#include "tpm-error.h"

#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>

#define COUNTER_ATTRS                                                                \
	(TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA | \
	 (TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT))
#define MAX_STEPS 4

static int counter_open(struct tpm *t, ESYS_TR *ret)
{
	TSS2_RC rc = Esys_TR_FromTPMPublic(t->esys, HEADS_NV_ROLLBACK_COUNTER, ESYS_TR_NONE,
					   ESYS_TR_NONE, ESYS_TR_NONE, ret);

	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return -ENOENT;
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot open the TPM rollback counter");
	return 0;
}

/* The name an index with exactly our counter's public area has (written
 * or not yet): nameAlg, then the SHA-256 of the marshalled public area. */
static int expected_name(bool written, TPM2B_NAME *ret)
{
	TPMS_NV_PUBLIC pub = {
		.nvIndex = HEADS_NV_ROLLBACK_COUNTER,
		.nameAlg = TPM2_ALG_SHA256,
		.attributes = COUNTER_ATTRS | (written ? TPMA_NV_WRITTEN : 0),
		.dataSize = 8,
	};
	uint8_t buf[sizeof(TPMS_NV_PUBLIC)];
	size_t len = 0;

	if (Tss2_MU_TPMS_NV_PUBLIC_Marshal(&pub, buf, sizeof(buf), &len) != TSS2_RC_SUCCESS)
		return -EINVAL;
	ret->size = 2 + SHA256_SIZE;
	ret->name[0] = 0x00;
	ret->name[1] = TPM2_ALG_SHA256;
	return sha256_buf(buf, len, ret->name + 2);
}

/* Someone with owner authorization could put an ordinary index, whose
 * value they choose, at our handle: refuse anything but our counter. The
 * name the TPM gave when the handle was opened is the hash of the index's
 * public area, so comparing names checks every attribute without asking
 * the TPM again; the salted read then binds that name. */
static int counter_check_public(struct tpm *t, ESYS_TR nv)
{
	TPM2B_NAME *name = NULL, want[2];
	TSS2_RC rc = Esys_TR_GetName(t->esys, nv, &name);
	bool ours = false;

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the TPM rollback counter's name");
	for (int w = 0; w < 2; w++)
		if (expected_name(w, &want[w]) == 0 && name->size == want[w].size &&
		    memcmp(name->name, want[w].name, name->size) == 0)
			ours = true;
	Esys_Free(name);
	if (!ours)
		return log_error_errno(EPROTO,
				       "The TPM NV index 0x%08x is not a heads rollback counter (its type or attributes differ): something else replaced it",
				       HEADS_NV_ROLLBACK_COUNTER);
	return 0;
}

static int counter_read_value(struct tpm *t, ESYS_TR nv, uint64_t *ret)
{
	_cleanup_free_ TPM2B_MAX_NV_BUFFER *data = NULL;
	uint64_t v = 0;
	TSS2_RC rc;
	int r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_ENCRYPT);

	if (r < 0)
		return r;
	rc = Esys_NV_Read(t->esys, nv, nv, t->session, ESYS_TR_NONE, ESYS_TR_NONE, 8, 0, &data);
	if (tpm_rc_base(rc) == TPM2_RC_NV_UNINITIALIZED)
		return -ENODATA;
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the TPM rollback counter");
	if (data->size != 8)
		return log_error_errno(EPROTO, "The TPM rollback counter has an unexpected size");
	for (size_t i = 0; i < 8; i++)
		v = v << 8 | data->buffer[i];
	*ret = v;
	return 0;
}

static int counter_read_open(struct tpm *t, ESYS_TR nv, uint64_t *ret)
{
	int r = tpm_session_start(t);

	if (r >= 0)
		r = counter_check_public(t, nv);
	if (r >= 0)
		r = counter_read_value(t, nv, ret);
	return r;
}

int tpm_counter_read(struct tpm *t, uint64_t *ret)
{
	_cleanup_tpm_handle_ struct tpm_handle nv = tpm_handle_ref(t);
	int r = counter_open(t, &nv.tr);

	if (r < 0)
		return r;
	return counter_read_open(t, nv.tr, ret);
}

static int counter_define(struct tpm *t, ESYS_TR *ret)
{
	TPM2B_AUTH auth = { 0 };
	TPM2B_NV_PUBLIC pub = {
		.nvPublic = {
			.nvIndex = HEADS_NV_ROLLBACK_COUNTER,
			.nameAlg = TPM2_ALG_SHA256,
			.attributes = COUNTER_ATTRS,
			.dataSize = 8,
		},
	};
	TSS2_RC rc;
	int r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT);

	if (r < 0)
		return r;
	log_info("Creating the TPM rollback counter at 0x%08x", HEADS_NV_ROLLBACK_COUNTER);
	rc = Esys_NV_DefineSpace(t->esys, ESYS_TR_RH_OWNER, t->session, ESYS_TR_NONE, ESYS_TR_NONE,
				 &auth, &pub, ret);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot create the TPM rollback counter");
	return 0;
}

static int counter_increment(struct tpm *t, ESYS_TR nv)
{
	TSS2_RC rc;
	int r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);

	if (r < 0)
		return r;
	rc = Esys_NV_Increment(t->esys, ESYS_TR_RH_OWNER, nv, t->session, ESYS_TR_NONE, ESYS_TR_NONE);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot increment the TPM rollback counter");
	return 0;
}

static int counter_open_or_define(struct tpm *t, ESYS_TR *nv)
{
	int r = tpm_session_start(t);

	if (r >= 0)
		r = counter_open(t, nv);
	if (r == -ENOENT)
		r = counter_define(t, nv);
	return r;
}

int tpm_counter_ensure(struct tpm *t, uint64_t *ret)
{
	_cleanup_tpm_handle_ struct tpm_handle nv = tpm_handle_ref(t);
	int r = counter_open_or_define(t, &nv.tr);

	if (r >= 0)
		r = counter_read_open(t, nv.tr, ret);
	/* A new counter starts at the highest value any counter had in this
	 * TPM, known only after its first increment. */
	if (r == -ENODATA) {
		r = counter_increment(t, nv.tr);
		if (r >= 0)
			r = counter_read_value(t, nv.tr, ret);
	}
	return r;
}

static int advance_open(struct tpm *t, ESYS_TR nv, uint64_t target, uint64_t *ret)
{
	uint64_t v = 0;
	int r = counter_read_open(t, nv, &v);

	for (int step = 0; r >= 0 && v < target; step++) {
		if (step == MAX_STEPS)
			return log_error_errno(ERANGE, "The TPM rollback counter is too far behind");
		r = counter_increment(t, nv);
		if (r >= 0)
			r = counter_read_value(t, nv, &v);
	}
	if (r >= 0)
		*ret = v;
	return r;
}

int tpm_counter_advance(struct tpm *t, uint64_t target, uint64_t *ret)
{
	_cleanup_tpm_handle_ struct tpm_handle nv = tpm_handle_ref(t);
	int r = tpm_session_start(t);

	if (r >= 0)
		r = counter_open(t, &nv.tr);
	if (r >= 0)
		r = advance_open(t, nv.tr, target, ret);
	return r;
}
