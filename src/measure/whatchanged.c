/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Matching sealed and current events on a PCR and naming the changes. */
#include "whatchanged.h"
#include "describe.h"
#include "macro.h"
#include "measure-event.h"
#include "strbuf.h"
#include "tcg.h"

enum verdict { CHANGED, ADDED, MISSING };

/* Per kind of heads event: the line for a changed, added, missing event. */
static const char *const phrases[MEASURE_KIND_MAX][3] = {
	[MEASURE_STRING] = { "measurement '%s' changed",
			     "measurement '%s' that was not there at sealing",
			     "measurement '%s' from sealing is missing" },
	[MEASURE_FILE] = { "file %s changed", "file %s measured that was not measured at sealing",
			   "file %s measured at sealing is missing" },
	[MEASURE_MODULE] = { "module %s changed", "module %s loaded that was not loaded at sealing",
			     "module %s was loaded at sealing but not now" },
	[MEASURE_MODULE_ARGS] = { "module %s loaded with different parameters",
				  "module %s loaded that was not loaded at sealing",
				  "module %s was loaded at sealing but not now" },
	[MEASURE_USER_FILE_NAME] = { "owner file %s changed",
				     "owner file %s added that was not there at sealing",
				     "owner file %s from sealing is missing" },
	[MEASURE_USER_FILE] = { "owner file %s changed",
				"owner file %s added that was not there at sealing",
				"owner file %s from sealing is missing" },
	[MEASURE_LUKS_HEADER] = { "LUKS header of %s changed",
				  "LUKS header of %s measured that was not measured at sealing",
				  "LUKS header of %s measured at sealing is missing" },
	[MEASURE_BOOT_MODE] = { "boot mode '%s' changed",
				"boot mode '%s' was set: the PCR is capped for this boot",
				"boot mode '%s' set at sealing is missing" },
};

static const char *const firmware_phrases[3] = {
	"firmware event %s changed",
	"firmware event %s that was not there at sealing",
	"firmware event %s from sealing is missing",
};

/* Each phrase has one "%s", where the name goes. */
static void fill(const char *fmt, const char *name, char *buf, size_t size)
{
	const char *at = strstr(fmt, "%s");

	strfmt_cut(buf, size, "%.*s%s%s", (int)(at - fmt), fmt, name, at + 2);
}

/* The phrase with its "sealing" (at most one) said as ref. */
static void with_ref(const char *fmt, const char *ref, char *buf, size_t size)
{
	const char *at = strstr(fmt, "sealing");

	if (!at)
		strfmt_cut(buf, size, "%s", fmt);
	else
		strfmt_cut(buf, size, "%.*s%s%s", (int)(at - fmt), fmt, ref, at + strlen("sealing"));
}

static void phrase(const struct event *ev, enum verdict v, const char *ref, char *buf, size_t size)
{
	char name[MEASURE_NAME_MAX + 1], desc[EVENT_DESCRIPTION_MAX], type[48];
	char label[sizeof(type) + sizeof(desc) + 4], fmt[128];
	enum measure_kind kind;

	if (measure_event_parse(ev, &kind, name)) {
		with_ref(phrases[kind][v], ref, fmt, sizeof(fmt));
		fill(fmt, name, buf, size);
		return;
	}
	event_describe(ev, desc, sizeof(desc));
	event_type_format(ev->type, type, sizeof(type));
	strfmt_cut(label, sizeof(label), "%s '%s'", type, desc);
	with_ref(firmware_phrases[v], ref, fmt, sizeof(fmt));
	fill(fmt, label, buf, size);
}

/* A PCR with more differences than this is summarised after them. */
#define MAX_LINES 32

/* Lines written so far for this PCR, to say each only once. */
struct lines {
	char **v;
	size_t n;
	const char *ref; /* what the earlier events are from: "sealing" */
};

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int emit(struct lines *l, unsigned pcr, const struct event *ev, enum verdict v, FILE *out)
{
	char text[EVENT_DESCRIPTION_MAX + 128];
	char **a;

	if (l->n > MAX_LINES)
		return 0;
	if (l->n == MAX_LINES)
		strfmt_cut(text, sizeof(text), "more differences, not listed");
	else
		phrase(ev, v, l->ref, text, sizeof(text));
	for (size_t i = 0; i < l->n; i++)
		if (streq(l->v[i], text))
			return 0;
	a = realloc(l->v, (l->n + 1) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	l->v = a;
	l->v[l->n] = strdup(text);
	if (!l->v[l->n])
		return -ENOMEM;
	l->n++;
	fprintf(out, "PCR %u: %s\n", pcr, text);
	return 0;
}

static int counts(const struct event *ev, unsigned pcr)
{
	return ev->pcr == pcr && ev->type != EV_NO_ACTION;
}

/* The sealed events' descriptions, computed once (logs may be long). */
typedef char description[EVENT_DESCRIPTION_MAX];

/* The first sealed event with the same type and description not matched
 * yet, or -1. */
static long find_match(const struct eventlog *sealed, const description *descs, unsigned pcr,
		       const struct event *ev, const uint8_t *used)
{
	description d;

	event_describe(ev, d, sizeof(d));
	for (size_t i = 0; i < sealed->count; i++)
		if (!used[i] && counts(&sealed->events[i], pcr) &&
		    sealed->events[i].type == ev->type && streq(descs[i], d))
			return (long)i;
	return -1;
}

static int digest_differs(const struct event *a, const struct event *b)
{
	return a->has_sha256 != b->has_sha256 || memcmp(a->sha256, b->sha256, 32) != 0;
}

static int diff(const struct eventlog *sealed, const description *descs, const struct eventlog *now,
		unsigned pcr, uint8_t *used, struct lines *l, FILE *out)
{
	int r = 0;

	for (size_t i = 0; i < now->count && r >= 0; i++) {
		const struct event *ev = &now->events[i];
		long m;
		if (!counts(ev, pcr))
			continue;
		m = find_match(sealed, descs, pcr, ev, used);
		if (m < 0)
			r = emit(l, pcr, ev, ADDED, out);
		else if ((used[m] = 1) && digest_differs(&sealed->events[m], ev))
			r = emit(l, pcr, ev, CHANGED, out);
	}
	for (size_t i = 0; i < sealed->count && r >= 0; i++)
		if (!used[i] && counts(&sealed->events[i], pcr))
			r = emit(l, pcr, &sealed->events[i], MISSING, out);
	return r;
}

int whatchanged_pcr(const struct eventlog *sealed, const struct eventlog *now, unsigned pcr, FILE *out)
{
	return whatchanged_pcr_ref(sealed, now, pcr, "sealing", out);
}

int whatchanged_pcr_ref(const struct eventlog *sealed, const struct eventlog *now, unsigned pcr,
			const char *ref, FILE *out)
{
	_cleanup_free_ uint8_t *used = calloc(sealed->count + 1, 1);
	_cleanup_free_ description *descs = calloc(sealed->count + 1, sizeof(description));
	struct lines l = { .ref = ref };
	int r;

	if (!used || !descs)
		return -ENOMEM;
	for (size_t i = 0; i < sealed->count; i++)
		if (counts(&sealed->events[i], pcr))
			event_describe(&sealed->events[i], descs[i], sizeof(descs[i]));
	r = diff(sealed, descs, now, pcr, used, &l, out);
	if (r >= 0)
		r = (int)l.n;
	lines_free(&l);
	return r;
}
