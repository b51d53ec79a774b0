/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Adding the event logs to the handed-over archive (handover.h). */
#include "handover.h"

#include <errno.h>
#include <stdbool.h>

static bool present(const uint8_t *buf, size_t len)
{
	return buf && len;
}

int handover_add_logs(struct cpio *c, const struct handover_logs *l)
{
	bool p = present(l->payload, l->payload_len), f = present(l->firmware, l->firmware_len);
	int r;

	if ((p && l->payload_len > HANDOVER_LOG_MAX) || (f && l->firmware_len > HANDOVER_LOG_MAX))
		return -EFBIG;
	if (!p && !f)
		return 0;
	if ((r = cpio_add_dir(c, HANDOVER_DIR, 0755)) < 0)
		return r;
	if (p && (r = cpio_add_file(c, HANDOVER_PAYLOAD_LOG, 0444, l->payload, l->payload_len)) < 0)
		return r;
	if (f && (r = cpio_add_file(c, HANDOVER_FIRMWARE_LOG, 0444, l->firmware, l->firmware_len)) < 0)
		return r;
	return 0;
}
