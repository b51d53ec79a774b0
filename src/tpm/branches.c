/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PolicyOR over PCR states, and the text file listing them. */
#include "branches.h"
#include "fileio.h"
#include "hexdump.h"
#include "macro.h"
#include "strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "heads-branches 1\n"

int branches_digest(const struct pcr_branches *b, size_t i, bool auth_value,
		    uint8_t ret[POLICY_DIGEST_SIZE])
{
	int r;

	if (i >= b->n)
		return -EINVAL;
	policy_init(ret);
	r = policy_pcr(ret, b->mask, (const uint8_t(*)[PCR_DIGEST_SIZE])b->values[i]);
	return r < 0 || !auth_value ? r : policy_auth_value(ret);
}

int branches_policy(const struct pcr_branches *b, bool auth_value, uint8_t ret[POLICY_DIGEST_SIZE])
{
	uint8_t d[BRANCHES_MAX][POLICY_DIGEST_SIZE];

	if (b->n < 1 || b->n > BRANCHES_MAX)
		return -EINVAL;
	for (size_t i = 0; i < b->n; i++) {
		int r = branches_digest(b, i, auth_value, d[i]);
		if (r < 0)
			return r;
	}
	if (b->n == 1) {
		memcpy(ret, d[0], POLICY_DIGEST_SIZE);
		return 0;
	}
	return policy_or(ret, (const uint8_t(*)[POLICY_DIGEST_SIZE])d, b->n);
}

int branches_find(const struct pcr_branches *b, const pcr_values values)
{
	for (size_t i = 0; i < b->n; i++) {
		bool same = true;
		for (unsigned p = 0; p < PCR_COUNT && same; p++)
			if (b->mask & (1u << p))
				same = memcmp(b->values[i][p], values[p], PCR_DIGEST_SIZE) == 0;
		if (same)
			return (int)i;
	}
	return -ENOENT;
}

int branches_add(struct pcr_branches *b, const pcr_values values)
{
	if (branches_find(b, values) >= 0)
		return 0;
	if (b->n >= BRANCHES_MAX)
		return -E2BIG;
	memset(b->values[b->n], 0, sizeof(pcr_values));
	for (unsigned p = 0; p < PCR_COUNT; p++)
		if (b->mask & (1u << p))
			memcpy(b->values[b->n][p], values[p], PCR_DIGEST_SIZE);
	b->n++;
	return 0;
}

int branches_format(const struct pcr_branches *b, char **ret)
{
	_cleanup_strbuf_ struct strbuf s = { 0 };
	char list[80], hex[2 * PCR_DIGEST_SIZE + 1];
	int r;

	pcr_list_format(b->mask, list, sizeof(list));
	r = strbuf_printf(&s, HEADER "pcrs %s\n", list);
	for (size_t i = 0; r >= 0 && i < b->n; i++) {
		r = strbuf_puts(&s, "branch\n");
		for (unsigned p = 0; r >= 0 && p < PCR_COUNT; p++) {
			if (!(b->mask & (1u << p)))
				continue;
			hex_encode(b->values[i][p], PCR_DIGEST_SIZE, hex);
			r = strbuf_printf(&s, "pcr %u %s\n", p, hex);
		}
	}
	if (r < 0)
		return r;
	*ret = strbuf_steal(&s);
	return *ret ? 0 : -ENOMEM;
}

/* The next line of buf (without its '\n') into line; -EBADMSG when it is
 * too long or unterminated. */
static int next_line(const char **p, const char *end, char *line, size_t size)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n;

	if (!nl || (size_t)(nl - *p) >= size)
		return -EBADMSG;
	n = (size_t)(nl - *p);
	memcpy(line, *p, n);
	line[n] = '\0';
	if (memchr(line, '\0', n))
		return -EBADMSG;
	*p = nl + 1;
	return 0;
}

static int parse_pcr_line(const char *line, unsigned want, uint8_t value[PCR_DIGEST_SIZE])
{
	char expect[16];
	size_t plen;

	if (strfmt(expect, sizeof(expect), "pcr %u ", want) < 0)
		return -EBADMSG;
	plen = strlen(expect);
	if (strncmp(line, expect, plen) != 0 || strlen(line + plen) != 2 * PCR_DIGEST_SIZE)
		return -EBADMSG;
	return hex_decode(line + plen, value, PCR_DIGEST_SIZE) < 0 ? -EBADMSG : 0;
}

static int parse_branch(const char **p, const char *end, struct pcr_branches *b)
{
	char line[128];
	int r = next_line(p, end, line, sizeof(line));

	if (r < 0 || !streq(line, "branch") || b->n >= BRANCHES_MAX)
		return -EBADMSG;
	for (unsigned pcr = 0; pcr < PCR_COUNT; pcr++) {
		if (!(b->mask & (1u << pcr)))
			continue;
		r = next_line(p, end, line, sizeof(line));
		if (r >= 0)
			r = parse_pcr_line(line, pcr, b->values[b->n][pcr]);
		if (r < 0)
			return r;
	}
	b->n++;
	return 0;
}

int branches_parse(const char *buf, size_t len, struct pcr_branches *ret)
{
	const char *p = buf, *end = buf + len;
	char line[128];
	int r;

	*ret = (struct pcr_branches){ .n = 0 };
	if (len > BRANCHES_FILE_MAX || len < strlen(HEADER) || memcmp(buf, HEADER, strlen(HEADER)))
		return -EBADMSG;
	p += strlen(HEADER);
	r = next_line(&p, end, line, sizeof(line));
	if (r < 0 || !startswith(line, "pcrs ") || pcr_list_parse(line + 5, &ret->mask) < 0 ||
	    !ret->mask)
		return -EBADMSG;
	while (p < end)
		if ((r = parse_branch(&p, end, ret)) < 0)
			return r;
	return ret->n ? 0 : -EBADMSG;
}

int branches_load(const char *path, struct pcr_branches *ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r = read_file_full(path, BRANCHES_FILE_MAX, &buf, &len);

	return r < 0 ? r : branches_parse(buf, len, ret);
}

int branches_save(const char *path, const struct pcr_branches *b)
{
	_cleanup_free_ char *text = NULL;
	int r = branches_format(b, &text);

	return r < 0 ? r : write_file_atomic(path, text, strlen(text), 0644);
}
