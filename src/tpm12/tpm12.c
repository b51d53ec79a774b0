/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transport: one command out, one whole response back, over a TPM
 * character device or swtpm's socket; every command counted. */
#include "tpm12.h"
#include "fileio.h"
#include "log.h"
#include "strbuf.h"
#include "tpm12-spec.h"

#include <fcntl.h>
#include <netdb.h>
#include <openssl/rand.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>

/* Long enough for a TPM 1.2 creating a 2048-bit key (tens of seconds on
 * slow chips), short enough that a dead peer is reported. */
#define TPM12_TIMEOUT_MS 180000

static unsigned command_count;

/* The paramSize field of a command or response header (bytes 2..5). */
static size_t tpm12_be32_size(const uint8_t *h)
{
	return (size_t)h[2] << 24 | (size_t)h[3] << 16 | (size_t)h[4] << 8 | h[5];
}

unsigned tpm12_command_count(void)
{
	return command_count;
}

static int connect_socket(const char *host, unsigned port)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	char service[16];
	int fd = -1, r;

	if (strfmt(service, sizeof(service), "%u", port) < 0)
		return -EINVAL;
	r = getaddrinfo(host, service, &hints, &ai);
	if (r != 0)
		return -EHOSTUNREACH;
	for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
			r = negative_errno();
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	return fd >= 0 ? fd : (r < 0 ? r : -ECONNREFUSED);
}

/* With HEADS_TPM_TRACE set, each command's ordinal goes to stderr, as
 * the TPM 2.0 code does: where a boot's commands go. */
static void trace(const uint8_t *cmd, size_t len)
{
	static int on = -1;

	if (on < 0)
		on = getenv("HEADS_TPM_TRACE") != NULL;
	if (on && len >= 10)
		fprintf(stderr, "tpm12: command %u: 0x%02x\n", command_count,
			(unsigned)cmd[6] << 24 | (unsigned)cmd[7] << 16 | (unsigned)cmd[8] << 8 |
				cmd[9]);
}

int tpm12_open(const char *spec, struct tpm12 **ret)
{
	struct tpm12_spec s;
	_cleanup_close_ int fd = -1;
	int r = tpm12_spec_parse(spec, &s);

	if (r < 0)
		return log_error_errno(r,
				       "Malformed TPM spec \"%s\" (device:PATH or swtpm:host=HOST,port=PORT)",
				       spec);
	fd = s.socket ? connect_socket(s.host, s.port) : open(s.path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return log_error_errno(fd < -1 ? fd : negative_errno(),
				       "Cannot reach the TPM at \"%s\": %m", spec);
	r = tpm12_open_custom(NULL, NULL, ret);
	if (r < 0)
		return r;
	(*ret)->fd = TAKE_FD(fd);
	return 0;
}

int tpm12_open_custom(tpm12_transmit_fn transmit, void *userdata, struct tpm12 **ret)
{
	struct tpm12 *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->fd = -1;
	t->transmit = transmit;
	t->transmit_userdata = userdata;
	*ret = t;
	return 0;
}

void tpm12_close(struct tpm12 *t)
{
	if (!t)
		return;
	closep(&t->fd);
	free(t);
}

int tpm12_random(struct tpm12 *t, uint8_t *buf, size_t len)
{
	if (t->random)
		return t->random(buf, len, t->random_userdata);
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}

/* Reads until want bytes are in buf (the device gives a whole response
 * in one read; the socket may split it). */
static int read_upto(int fd, uint8_t *buf, size_t *have, size_t want)
{
	while (*have < want) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int r = poll(&pfd, 1, TPM12_TIMEOUT_MS);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? negative_errno() : -ETIMEDOUT;
		n = read(fd, buf + *have, want - *have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? negative_errno() : -ECONNRESET;
		*have += (size_t)n;
	}
	return 0;
}

static int fd_transmit(struct tpm12 *t, const uint8_t *cmd, size_t len, uint8_t *resp, size_t size,
		       size_t *ret_len)
{
	size_t have = 0, total;
	int r = write_all(t->fd, cmd, len);

	if (r < 0)
		return r;
	r = read_upto(t->fd, resp, &have, 10);
	if (r < 0)
		return r;
	total = tpm12_be32_size(resp);
	if (total < 10 || total > size)
		return -EBADMSG;
	r = read_upto(t->fd, resp, &have, total);
	if (r < 0)
		return r;
	*ret_len = have;
	return 0;
}

int tpm12_transmit(struct tpm12 *t, const uint8_t *cmd, size_t len, uint8_t *resp, size_t size,
		   size_t *ret_len)
{
	size_t n = 0;
	int r;

	command_count++;
	trace(cmd, len);
	r = t->transmit ? t->transmit(t, cmd, len, resp, size, &n) :
			  fd_transmit(t, cmd, len, resp, size, &n);
	if (r < 0)
		return log_error_errno(r, "TPM 1.2 exchange failed: %m");
	if (n < 10 || n > size || tpm12_be32_size(resp) != n)
		return log_error_errno(-EBADMSG, "The TPM sent a malformed response (%zu bytes)", n);
	if (t->observe)
		t->observe(cmd, len, resp, n, t->observe_userdata);
	*ret_len = n;
	return 0;
}
