/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Physical presence and what it allows: TPM_ForceClear, and enabling and
 * activating the TPM again afterwards. */
#include "tpm12-cmd.h"
#include "tpm12-owner.h"
#include "tpm12-result.h"

#define TPM12_PP_CMD_ENABLE 0x0020u
#define TPM12_PP_PRESENT 0x0008u
#define TPM12_ORD_PhysicalEnable 0x6Fu
#define TPM12_ORD_PhysicalSetDeactivated 0x72u

static int simple(struct tpm12 *t, uint32_t ordinal, const char *what)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, ordinal);
	r = tpm12_cmd_send(t, &c, &resp);
	return r < 0 && resp.rc ? tpm12_result_error(resp.rc, what) : r;
}

static int presence(struct tpm12 *t, uint16_t flags)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r;

	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TSC12_ORD_PhysicalPresence);
	tpm12_put_u16(&c.w, flags);
	r = tpm12_cmd_send(t, &c, &resp);
	if (r < 0 && resp.rc) {
		(void)tpm12_result_error(resp.rc, "TSC_PhysicalPresence");
		return -EPERM; /* locked by the platform, or never enabled */
	}
	return r;
}

int tpm12_physical_presence(struct tpm12 *t)
{
	/* Enabling the command form fails once the platform locked it;
	 * asserting presence then tells whether it is still possible. */
	(void)presence(t, TPM12_PP_CMD_ENABLE);
	return presence(t, TPM12_PP_PRESENT);
}

static int enable_and_activate(struct tpm12 *t)
{
	struct tpm12_cmd c;
	struct tpm12_resp resp;
	int r = simple(t, TPM12_ORD_PhysicalEnable, "TPM_PhysicalEnable");

	if (r < 0)
		return r;
	tpm12_cmd_init(&c, TPM12_TAG_RQU_COMMAND, TPM12_ORD_PhysicalSetDeactivated);
	tpm12_put_u8(&c.w, 0);
	r = tpm12_cmd_send(t, &c, &resp);
	return r < 0 && resp.rc ? tpm12_result_error(resp.rc, "TPM_PhysicalSetDeactivated") : r;
}

int tpm12_enable(struct tpm12 *t)
{
	int r = tpm12_physical_presence(t);

	if (r < 0)
		return r;
	return enable_and_activate(t);
}

int tpm12_force_clear(struct tpm12 *t)
{
	/* A disabled TPM refuses TPM_ForceClear too. */
	int r = tpm12_enable(t);

	if (r < 0)
		return r;
	r = simple(t, TPM12_ORD_ForceClear, "TPM_ForceClear");
	if (r < 0)
		return r;
	return enable_and_activate(t);
}
