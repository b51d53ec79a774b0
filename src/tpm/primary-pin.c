/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Deciding whether the TPM primary key may carry secrets: its hash against
 * the given pin, else the kept one, else the first enrolment pins it. */
#include "primary-pin.h"
#include "errors.h"
#include "fileio.h"
#include "hexdump.h"
#include "log.h"
#include "strbuf.h"

#include <limits.h>
#include <sys/stat.h>

int primary_pin_parse(const char *text, uint8_t ret[TPM_PRIMARY_HASH_SIZE])
{
	if (!text || !startswith(text, "sha256:") || strlen(text) != PRIMARY_PIN_TEXT_SIZE - 1)
		return -EINVAL;
	return hex_decode(text + 7, ret, TPM_PRIMARY_HASH_SIZE);
}

void primary_pin_format(const uint8_t pin[TPM_PRIMARY_HASH_SIZE], char buf[PRIMARY_PIN_TEXT_SIZE])
{
	memcpy(buf, "sha256:", 7);
	hex_encode(pin, TPM_PRIMARY_HASH_SIZE, buf + 7);
}

static int pin_path(const char *statedir, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/" PRIMARY_PIN_FILE, statedir) < 0 ? -ENAMETOOLONG : 0;
}

int primary_pin_read(const char *statedir, uint8_t ret[TPM_PRIMARY_HASH_SIZE])
{
	_cleanup_free_ char *buf = NULL;
	char path[PATH_MAX];
	size_t len = 0;
	int r = pin_path(statedir, path, sizeof(path));

	if (r >= 0)
		r = read_file_full(path, 4096, &buf, &len);
	if (r < 0)
		return r;
	if (len != PRIMARY_PIN_TEXT_SIZE || buf[len - 1] != '\n')
		return -EBADMSG;
	buf[len - 1] = '\0';
	return primary_pin_parse(buf, ret) < 0 ? -EBADMSG : 0;
}

static int expected_pin(const uint8_t *given, enum primary_pin_source source, const char *statedir,
			struct primary_pin *p)
{
	int r;

	if (given) {
		memcpy(p->expected, given, TPM_PRIMARY_HASH_SIZE);
		p->source = source;
		return 0;
	}
	r = statedir ? primary_pin_read(statedir, p->expected) : -ENOENT;
	if (r == -ENOENT) {
		p->source = PRIMARY_PIN_NONE;
		return 0;
	}
	if (r < 0)
		return log_error_errno(r, "Cannot read the pinned TPM primary key %s/%s: %m",
				       statedir, PRIMARY_PIN_FILE);
	p->source = PRIMARY_PIN_KEPT;
	return 0;
}

int primary_pin_check(struct tpm *t, const uint8_t *given, enum primary_pin_source source,
		      const char *statedir, struct primary_pin *ret)
{
	struct primary_pin p = { 0 };
	int r = expected_pin(given, source, statedir, &p);

	if (r >= 0)
		r = tpm_primary_hash(t, p.presented);
	if (r < 0)
		return r;
	if (p.source == PRIMARY_PIN_NONE)
		p.state = PRIMARY_PIN_FIRST;
	else if (memcmp(p.expected, p.presented, TPM_PRIMARY_HASH_SIZE) == 0)
		p.state = PRIMARY_PIN_MATCH;
	else
		p.state = PRIMARY_PIN_CHANGED;
	*ret = p;
	return 0;
}

int primary_pin_accept(struct tpm *t, const struct primary_pin *p, bool accept_changed)
{
	uint8_t now[TPM_PRIMARY_HASH_SIZE];
	int r;

	if (p->state == PRIMARY_PIN_CHANGED && !accept_changed)
		return -E_PRIMARY;
	/* The key loaded in this process is the one that was checked. */
	r = tpm_primary_name_hash(t, now);
	if (r < 0)
		return r;
	if (memcmp(now, p->presented, TPM_PRIMARY_HASH_SIZE) != 0)
		return -E_PRIMARY;
	memcpy(t->pinned, now, sizeof(t->pinned));
	t->primary_pinned = true;
	return 0;
}

int primary_pin_keep(const char *statedir, const struct primary_pin *p)
{
	uint8_t kept[TPM_PRIMARY_HASH_SIZE];
	char path[PATH_MAX], text[PRIMARY_PIN_TEXT_SIZE + 1];
	int r = pin_path(statedir, path, sizeof(path));

	if (r < 0)
		return r;
	if (p->state == PRIMARY_PIN_MATCH && p->source != PRIMARY_PIN_STATED)
		return 0;
	if (primary_pin_read(statedir, kept) >= 0 &&
	    memcmp(kept, p->presented, TPM_PRIMARY_HASH_SIZE) == 0)
		return 0;
	if (mkdir(statedir, 0755) < 0 && errno != EEXIST)
		return -errno;
	primary_pin_format(p->presented, text);
	text[PRIMARY_PIN_TEXT_SIZE - 1] = '\n';
	text[PRIMARY_PIN_TEXT_SIZE] = '\0';
	return write_file_atomic(path, text, PRIMARY_PIN_TEXT_SIZE, 0644);
}

int tpm_primary_require_pinned(struct tpm *t)
{
	uint8_t now[TPM_PRIMARY_HASH_SIZE];
	int r;

	if (!t->primary_pinned && t->approve_primary) {
		r = t->approve_primary(t, t->approve_userdata);
		if (r < 0)
			return r;
	}
	if (!t->primary_pinned || tpm_primary_name_hash(t, now) < 0 ||
	    memcmp(now, t->pinned, sizeof(now)) != 0)
		return log_error_errno(E_PRIMARY,
				       "The TPM primary key was not checked against its pin; nothing is sent to it");
	return 0;
}

int tpm_primary_pinned_hash(struct tpm *t, uint8_t out[TPM_PRIMARY_HASH_SIZE])
{
	int r = tpm_primary_require_pinned(t);

	if (r >= 0)
		memcpy(out, t->pinned, TPM_PRIMARY_HASH_SIZE);
	return r;
}
