/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The attestation file's text format: writing it and parsing it strictly
 * (fields in a fixed order, each once, exact lengths, hard caps). */
#include "attest-file.h"
#include "base64.h"
#include "hexdump.h"
#include "macro.h"
#include "parse.h"
#include "strbuf.h"

#include <errno.h>

static const char *const field_names[_ATTEST_FIELD_MAX] = {
	[ATTEST_QUOTE] = "quote",
	[ATTEST_SIGNATURE] = "signature",
	[ATTEST_AK_PUBLIC] = "ak-public",
	[ATTEST_AK_PEM] = "ak-pem",
	[ATTEST_EK_CERT] = "ek-cert",
	[ATTEST_FIRMWARE_LOG] = "firmware-log",
	[ATTEST_PAYLOAD_LOG] = "payload-log",
};

static const char *const headers[] = {
	[ATTEST_QUOTE_FILE] = "heads-attest 1",
	[ATTEST_GOLDEN_FILE] = "heads-golden 1",
};

/* The PCR lines come after the AK's fields and before the certificate. */
#define PCR_POSITION ATTEST_EK_CERT

const char *attest_field_name(enum attest_field field)
{
	return field_names[field];
}

void attest_file_free(struct attest_file *f)
{
	for (unsigned i = 0; i < _ATTEST_FIELD_MAX; i++) {
		free(f->field[i].data);
		f->field[i] = (struct blob){ 0 };
	}
}

int attest_file_set(struct attest_file *f, enum attest_field field, const void *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		return -ENOMEM;
	if (len)
		memcpy(copy, data, len);
	free(f->field[field].data);
	f->field[field] = (struct blob){ .data = copy, .len = len };
	return 0;
}

static int format_blob(struct strbuf *b, const char *name, const struct blob *v)
{
	_cleanup_free_ char *text = NULL;
	size_t n = base64_encoded_len(v->len);

	if (!v->data)
		return 0;
	if (n >= ATTEST_FILE_MAX)
		return -E2BIG;
	text = malloc(n + 1);
	if (!text)
		return -ENOMEM;
	base64_encode(v->data, v->len, text);
	return strbuf_printf(b, "%s %s\n", name, text);
}

static int format_pcrs(struct strbuf *b, const struct attest_file *f)
{
	for (unsigned p = 0; p < PCR_COUNT; p++) {
		char hex[2 * PCR_DIGEST_SIZE + 1];
		int r;
		if (!(f->pcr_mask & (1u << p)))
			continue;
		hex_encode(f->pcrs[p], PCR_DIGEST_SIZE, hex);
		r = strbuf_printf(b, "pcr %u %s\n", p, hex);
		if (r < 0)
			return r;
	}
	return 0;
}

int attest_file_format(const struct attest_file *f, char **ret, size_t *ret_len)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };
	int r = strbuf_printf(&b, "%s\n", headers[f->kind]);

	for (unsigned i = 0; r >= 0 && i < _ATTEST_FIELD_MAX; i++) {
		if (i == PCR_POSITION)
			r = format_pcrs(&b, f);
		if (r >= 0)
			r = format_blob(&b, field_names[i], &f->field[i]);
	}
	if (r >= 0 && b.len > ATTEST_FILE_MAX)
		r = -E2BIG;
	if (r < 0)
		return r;
	*ret_len = b.len;
	*ret = strbuf_steal(&b);
	return 0;
}

/* "pcr N HEX": N above every PCR read so far. */
static int parse_pcr(const char *value, struct attest_file *f)
{
	char num[3] = { 0 };
	const char *sp = strchr(value, ' ');
	uint64_t pcr;

	if (!sp || sp - value > 2 || sp == value)
		return -EBADMSG;
	memcpy(num, value, (size_t)(sp - value));
	if (parse_unsigned(num, PCR_COUNT - 1, &pcr) < 0 || (num[0] == '0' && num[1]))
		return -EBADMSG;
	if (f->pcr_mask >> pcr)
		return -EBADMSG;
	/* Lower case only, as written: one text per file. */
	if (strspn(sp + 1, "0123456789abcdef") != 2 * PCR_DIGEST_SIZE ||
	    hex_decode(sp + 1, f->pcrs[pcr], PCR_DIGEST_SIZE) < 0)
		return -EBADMSG;
	f->pcr_mask |= 1u << pcr;
	return 0;
}

static int find_field(const char *name, size_t n)
{
	for (unsigned i = 0; i < _ATTEST_FIELD_MAX; i++)
		if (strlen(field_names[i]) == n && memcmp(field_names[i], name, n) == 0)
			return (int)i;
	return -1;
}

/* Position of a line in the fixed order: fields by their number, PCR
 * lines at PCR_POSITION (sharing it with ek-cert, which follows them). */
static int parse_line(const char *line, unsigned *pos, struct attest_file *f)
{
	const char *sp = strchr(line, ' ');
	int field;

	if (!sp)
		return -EBADMSG;
	if ((size_t)(sp - line) == 3 && memcmp(line, "pcr", 3) == 0) {
		if (*pos > PCR_POSITION)
			return -EBADMSG;
		*pos = PCR_POSITION;
		return parse_pcr(sp + 1, f);
	}
	field = find_field(line, (size_t)(sp - line));
	if (field < 0 || (unsigned)field < *pos || f->field[field].data)
		return -EBADMSG;
	*pos = (unsigned)field + 1;
	if (base64_decode(sp + 1, strlen(sp + 1), &f->field[field].data, &f->field[field].len) < 0)
		return -EBADMSG;
	return 0;
}

static int parse_header(const char *line, struct attest_file *f)
{
	for (unsigned k = 0; k < ELEMENTSOF(headers); k++)
		if (streq(line, headers[k])) {
			f->kind = (enum attest_kind)k;
			return 0;
		}
	return -EBADMSG;
}

/* Splits buf into lines (each ending in '\n', no NUL inside) and parses
 * them in order. */
static int parse_lines(char *text, size_t len, struct attest_file *f, unsigned *ret_line)
{
	unsigned pos = 0, n = 0;
	char *p = text, *end = text + len;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		int r;
		*ret_line = ++n;
		if (!nl || memchr(p, '\0', (size_t)(nl - p)))
			return -EBADMSG;
		*nl = '\0';
		r = n == 1 ? parse_header(p, f) : parse_line(p, &pos, f);
		if (r < 0)
			return r;
		p = nl + 1;
	}
	return n ? 0 : -EBADMSG;
}

int attest_file_parse(const char *buf, size_t len, struct attest_file *ret, unsigned *ret_line)
{
	struct attest_file f = { 0 };
	_cleanup_free_ char *text = NULL;
	unsigned line = 0;
	int r;

	if (len > ATTEST_FILE_MAX)
		return -E2BIG;
	text = malloc(len + 1);
	if (!text)
		return -ENOMEM;
	memcpy(text, buf, len);
	r = parse_lines(text, len, &f, &line);
	if (ret_line)
		*ret_line = line;
	if (r < 0) {
		attest_file_free(&f);
		return r;
	}
	*ret = f;
	return 0;
}
