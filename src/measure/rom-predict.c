/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR 2 and PCR 7 events computed from a ROM image. */
#include "rom-predict.h"
#include "owner-events.h"
#include "cbfs.h"
#include "fmap.h"
#include "macro.h"
#include "logs.h"
#include "measure-event.h"
#include "replay.h"
#include "seal-plan.h"
#include "sha.h"
#include "strbuf.h"
#include "tcg.h"

#define PREFIX_FMAP "FMAP: "
#define PREFIX_CBFS "CBFS: "

/* As coreboot 26.06 boots qemu-q35: the CRTM (FMAP and bootblock), then
 * each stage the one before loads, then the payload. */
static const char *const default_path[] = {
	"FMAP: FMAP",
	"CBFS: bootblock",
	"CBFS: fallback/romstage",
	"CBFS: fallback/postcar",
	"CBFS: fallback/ramstage",
	"CBFS: fallback/payload",
};

void rom_template_default(struct rom_template *ret)
{
	*ret = (struct rom_template){ .n = ELEMENTSOF(default_path) };
	for (size_t i = 0; i < ret->n; i++)
		memcpy(ret->names[i], default_path[i], strlen(default_path[i]) + 1);
}

/* The description of a coreboot event: its data up to the first NUL. */
static int event_name(const struct event *ev, char out[ROM_EVENT_NAME_MAX])
{
	size_t n = strnlen((const char *)ev->data, ev->data_len);

	if (n == 0 || n >= ROM_EVENT_NAME_MAX)
		return -EOPNOTSUPP;
	memcpy(out, ev->data, n);
	out[n] = '\0';
	if (!startswith(out, PREFIX_FMAP) && !startswith(out, PREFIX_CBFS))
		return -EOPNOTSUPP;
	return 0;
}

int rom_template_from_log(const struct eventlog *log, struct rom_template *ret)
{
	*ret = (struct rom_template){ .n = 0 };
	for (size_t i = 0; i < log->count; i++) {
		const struct event *ev = &log->events[i];
		int r;
		if (ev->pcr != ROM_PCR_COREBOOT || ev->source != EVENT_FIRMWARE)
			continue;
		if (ret->n == ROM_TEMPLATE_MAX)
			return -E2BIG;
		r = event_name(ev, ret->names[ret->n]);
		if (r < 0)
			return r;
		ret->n++;
	}
	return ret->n ? 0 : -ENOENT;
}

/* An event as coreboot's TPM 2.0 log writes it: EV_ACTION, the name in a
 * NUL-padded 50-byte field. */
static int add_coreboot_event(struct eventlog *log, const char *name, const uint8_t digest[32])
{
	char data[ROM_EVENT_NAME_MAX] = { 0 };
	struct event ev = { .pcr = ROM_PCR_COREBOOT,
			    .type = EV_ACTION,
			    .has_sha256 = 1,
			    .source = EVENT_FIRMWARE,
			    .data = (uint8_t *)data,
			    .data_len = sizeof(data) };

	if (strlen(name) >= sizeof(data))
		return -ENAMETOOLONG;
	memcpy(data, name, strlen(name));
	memcpy(ev.sha256, digest, 32);
	return eventlog_add(log, &ev);
}

static int measure_fmap(const uint8_t *img, size_t len, const char *name, struct eventlog *ret)
{
	uint8_t digest[SHA256_SIZE];
	size_t off = 0, size = 0;
	int r = fmap_find_area(img, len, name + strlen(PREFIX_FMAP), &off, &size);

	if (r == -ENOENT)
		return 0; /* coreboot says it cannot find it and measures nothing */
	if (r < 0)
		return r;
	r = sha256_buf(img + off, size, digest);
	return r < 0 ? r : add_coreboot_event(ret, name, digest);
}

static int measure_cbfs(const uint8_t *img, size_t len, const char *name, struct eventlog *ret)
{
	uint8_t digest[SHA256_SIZE];
	struct cbfs_file f;
	int r = cbfs_find(img, len, name + strlen(PREFIX_CBFS), &f);

	if (r == -ENOENT)
		return 0; /* nothing to load, nothing measured */
	if (r >= 0)
		r = sha256_buf(f.data, f.len, digest);
	return r < 0 ? r : add_coreboot_event(ret, name, digest);
}

static int predict_coreboot(const uint8_t *img, size_t len, const struct rom_template *tpl,
			    struct eventlog *ret)
{
	for (size_t i = 0; i < tpl->n; i++) {
		const char *name = tpl->names[i];
		int r = startswith(name, PREFIX_FMAP) ? measure_fmap(img, len, name, ret) :
			startswith(name, PREFIX_CBFS) ? measure_cbfs(img, len, name, ret) :
							-EOPNOTSUPP;
		if (r < 0)
			return r;
	}
	return 0;
}

int rom_predict_events(const uint8_t *img, size_t len, const struct rom_template *tpl,
		       uint32_t mask, struct eventlog *ret)
{
	int r = 0;

	if (mask & (1u << ROM_PCR_COREBOOT))
		r = predict_coreboot(img, len, tpl, ret);
	if (r >= 0 && (mask & (1u << ROM_PCR_OWNER)))
		r = owner_events_from_image(img, len, ret);
	return r == -ENOENT ? -EBADMSG : r;
}

int rom_predict_values(const uint8_t *img, size_t len, const struct rom_template *tpl, uint32_t mask,
		       const pcr_values base, pcr_values ret, struct eventlog *ret_events)
{
	_cleanup_eventlog_ struct eventlog events = { 0 };
	struct replay rp;
	int r = rom_predict_events(img, len, tpl, mask & ROM_PCRS, &events);

	if (r >= 0)
		r = replay_log(&events, 0, &rp);
	if (r < 0)
		return r;
	memcpy(ret, base, sizeof(pcr_values));
	for (unsigned p = 0; p < PCR_COUNT; p++)
		if (mask & ROM_PCRS & (1u << p))
			memcpy(ret[p], rp.values[p], PCR_DIGEST_SIZE);
	for (size_t i = 0; ret_events && i < events.count; i++)
		if ((r = eventlog_add(ret_events, &events.events[i])) < 0)
			return r;
	return 0;
}

int rom_template_for_machine(const char *firmware_log, const char *rundir, struct rom_template *ret)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	int have_firmware = 0;
	int r = logs_load(firmware_log, rundir, &log, &have_firmware, NULL);

	if (r >= 0 && have_firmware && rom_template_from_log(&log, ret) >= 0)
		return 1;
	rom_template_default(ret);
	return 0;
}

int rom_update_states(struct tpm *t, const char *firmware_log, const char *rundir, const uint8_t *img,
		      size_t len, uint32_t mask, pcr_values ret_running, pcr_values ret_new)
{
	_cleanup_(seal_plan_free) struct seal_plan plan = { 0 };
	struct rom_template tpl;
	int r = seal_plan_make(t, firmware_log, rundir, mask, &plan);

	if (r >= 0 && plan.predicted)
		memcpy(ret_running, plan.values, sizeof(pcr_values));
	else if (r >= 0)
		r = tpm_pcr_read(t, mask, ret_running);
	if (r < 0)
		return r;
	(void)rom_template_for_machine(firmware_log, rundir, &tpl);
	return rom_predict_values(img, len, &tpl, mask,
				  (const uint8_t(*)[PCR_DIGEST_SIZE])ret_running, ret_new, NULL);
}
