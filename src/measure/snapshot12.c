/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enrolment snapshots of SHA-1 PCR values, as text. */
#include "snapshot12.h"
#include "fileio.h"
#include "hexdump.h"
#include "parse.h"
#include "strbuf.h"

#include <string.h>

int snapshot12_format(uint32_t mask, const tpm12_pcr_values v, char *buf, size_t size)
{
	size_t off = 0;

	if (size == 0)
		return -ENOBUFS;
	buf[0] = '\0';
	for (unsigned p = 0; p < TPM12_PCR_COUNT; p++) {
		char hex[2 * TPM12_PCR_SIZE + 1];
		if (!((mask >> p) & 1))
			continue;
		hex_encode(v[p], TPM12_PCR_SIZE, hex);
		if (strfmt(buf + off, size - off, "%u: %s\n", p, hex) < 0)
			return -ENOBUFS;
		off += strlen(buf + off);
	}
	return 0;
}

/* One line "N: HEX" (without its newline). */
static int parse_line(const char *line, uint32_t *mask, tpm12_pcr_values ret)
{
	char num[4];
	const char *colon = strchr(line, ':');
	uint64_t pcr;
	size_t n = colon ? (size_t)(colon - line) : 0;

	if (n == 0 || n >= sizeof(num) || colon[1] != ' ' || strlen(colon + 2) != 2 * TPM12_PCR_SIZE)
		return -EBADMSG;
	memcpy(num, line, n);
	num[n] = '\0';
	if (parse_unsigned(num, TPM12_PCR_COUNT - 1, &pcr) < 0 || ((*mask >> pcr) & 1))
		return -EBADMSG;
	if (hex_decode(colon + 2, ret[pcr], TPM12_PCR_SIZE) < 0)
		return -EBADMSG;
	*mask |= 1u << pcr;
	return 0;
}

int snapshot12_parse(const char *buf, size_t len, uint32_t *ret_mask, tpm12_pcr_values ret)
{
	char line[SNAPSHOT12_LINE_MAX];
	uint32_t mask = 0;
	size_t start = 0;

	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t n = nl ? (size_t)(nl - (buf + start)) : len - start;
		if (n >= sizeof(line) || memchr(buf + start, '\0', n))
			return -EBADMSG;
		memcpy(line, buf + start, n);
		line[n] = '\0';
		if (parse_line(line, &mask, ret) < 0)
			return -EBADMSG;
		start += n + 1;
	}
	if (mask == 0)
		return -EBADMSG;
	*ret_mask = mask;
	return 0;
}

int snapshot12_path(const char *statedir, const char *name, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/%s.pcrs", statedir, name) < 0 ? -ENAMETOOLONG : 0;
}

int snapshot12_save(const char *path, uint32_t mask, const tpm12_pcr_values v)
{
	char text[SNAPSHOT12_TEXT_MAX];
	int r = snapshot12_format(mask, v, text, sizeof(text));

	return r < 0 ? r : write_file_atomic(path, text, strlen(text), 0644);
}

int snapshot12_load(const char *path, uint32_t *ret_mask, tpm12_pcr_values ret)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = read_file_full(path, SNAPSHOT12_TEXT_MAX, &text, &len);

	return r < 0 ? r : snapshot12_parse(text, len, ret_mask, ret);
}

uint32_t snapshot12_differ(uint32_t mask, const tpm12_pcr_values a, const tpm12_pcr_values b)
{
	uint32_t d = 0;

	for (unsigned p = 0; p < TPM12_PCR_COUNT; p++)
		if (((mask >> p) & 1) && memcmp(a[p], b[p], TPM12_PCR_SIZE) != 0)
			d |= 1u << p;
	return d;
}
