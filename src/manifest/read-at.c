/* Whole-file reads through openat(O_NOFOLLOW). */
#include "read-at.h"
#include "macro.h"

#include <fcntl.h>
#include <sys/stat.h>

static int read_fd(int fd, char *buf, size_t max, size_t *ret_len)
{
	size_t len = 0;

	for (;;) {
		ssize_t n = read(fd, buf + len, max + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return negative_errno();
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG;
	}
	*ret_len = len;
	return 0;
}

int read_at_full(int dfd, const char *name, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t len = 0;
	int r;

	if (fd < 0)
		return negative_errno();
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	buf = malloc(max + 2);
	if (!buf)
		return -ENOMEM;
	r = read_fd(fd, buf, max, &len);
	if (r < 0)
		return r;
	buf[len] = '\0';
	*ret_buf = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}
