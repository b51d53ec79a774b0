/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rollback and TPM-identity checks, with the messages a person needs. */
#include "manifest-binding.h"
#include "counter.h"
#include "errors.h"
#include "hexdump.h"
#include "log.h"
#include "primary-hash.h"

#include <inttypes.h>

static int counter_unusable(int r, uint64_t manifest_counter)
{
	if (r == -ENOENT || r == -ENODATA)
		return log_error_errno(E_ROLLBACK,
				       "The TPM has no rollback counter (NV index 0x%08x): the TPM was reset (cleared) or replaced since /boot was signed, so this manifest (counter %" PRIu64
				       ") cannot be checked against rollback.\n"
				       "If you reset the TPM yourself: check that /boot holds what you expect (its files match the signed manifest), then sign it again, which creates a new counter.\n"
				       "If you did not reset the TPM, treat this machine as tampered with.",
				       HEADS_NV_ROLLBACK_COUNTER, manifest_counter);
	if (r == -EPROTO)
		return log_error_errno(E_ROLLBACK,
				       "Refusing to trust the rollback counter. Unless you know why it changed, treat this as tampering; otherwise remove the index (tpm2_nvundefine 0x%08x) and sign /boot again.",
				       HEADS_NV_ROLLBACK_COUNTER);
	return r;
}

static int check_primary(const uint8_t have[SHA256_SIZE], const struct manifest *m)
{
	char want_hex[2 * SHA256_SIZE + 1], have_hex[2 * SHA256_SIZE + 1];

	if (memcmp(have, m->primary, SHA256_SIZE) == 0)
		return 0;
	hex_encode(m->primary, SHA256_SIZE, want_hex);
	hex_encode(have, SHA256_SIZE, have_hex);
	return log_error_errno(E_ROLLBACK,
			       "This TPM's primary key (sha256:%s) is not the one pinned in the signed manifest (sha256:%s): this is not the TPM /boot was signed with, or it was reset since.\n"
			       "If you replaced or reset the TPM yourself, check /boot and sign it again; otherwise treat this machine as tampered with.",
			       have_hex, want_hex);
}

static int judge(const struct manifest *m, struct manifest_binding *b)
{
	uint64_t c = m->counter, tc = b->tpm_counter;

	b->verdict = rollback_check(c, tc);
	switch (b->verdict) {
	case ROLLBACK_OK:
		return 0;
	case ROLLBACK_PENDING:
		log_notice("The manifest's counter (%" PRIu64 ") is one ahead of the TPM's (%" PRIu64
			   "): the last signing was cut off before it advanced the TPM counter; signing again completes it.",
			   c, tc);
		return 0;
	case ROLLBACK_OLDER:
		return log_error_errno(E_ROLLBACK,
				       "Rollback: the manifest's counter (%" PRIu64
				       ") is older than the TPM's (%" PRIu64
				       "). This is an earlier signed state of /boot put back in place; refusing it. If you restored /boot from a backup yourself, sign it again.",
				       c, tc);
	default:
		return log_error_errno(E_ROLLBACK,
				       "The manifest's counter (%" PRIu64
				       ") is ahead of the TPM's (%" PRIu64
				       ") by more than one, which no signing on this TPM produces: the TPM counter was replaced, or this manifest was signed on another machine.",
				       c, tc);
	}
}

void manifest_binding_read(struct tpm *t, struct manifest_tpm_facts *ret)
{
	*ret = (struct manifest_tpm_facts){ 0 };
	ret->counter_r = tpm_counter_read(t, &ret->counter);
	if (ret->counter_r >= 0)
		ret->primary_r = tpm_primary_name_hash(t, ret->primary);
}

int manifest_binding_judge(const struct manifest *m, const struct manifest_tpm_facts *f,
			   struct manifest_binding *ret)
{
	int r;

	*ret = (struct manifest_binding){ 0 };
	if (f->counter_r < 0)
		return counter_unusable(f->counter_r, m->counter);
	ret->tpm_counter = f->counter;
	if (f->primary_r < 0)
		return f->primary_r;
	r = check_primary(f->primary, m);
	if (r < 0)
		return r;
	return judge(m, ret);
}

int manifest_verify_binding(struct tpm *t, const struct manifest *m, struct manifest_binding *ret)
{
	struct manifest_tpm_facts f;

	manifest_binding_read(t, &f);
	return manifest_binding_judge(m, &f, ret);
}
