/* Loading the payload's kernel modules, each measured into PCR 5 (the
 * file's hash, then its parameters if any) before the kernel sees it. */
#include "fileio.h"
#include "init.h"
#include "log.h"

#include <sys/syscall.h>

#define MODULE_MAX (64u << 20)
#define MODULES_LIST_MAX (64u << 10)
#define MODULE_NAME_MAX 64

/* "usbhid" for ".../usbhid.ko": the name the event log shows. */
static void module_name(const char *path, char name[MODULE_NAME_MAX])
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strcspn(base, ".");

	if (n >= MODULE_NAME_MAX)
		n = MODULE_NAME_MAX - 1;
	memcpy(name, base, n);
	name[n] = '\0';
}

static int load_module(struct init_state *s, const char *path, const char *params)
{
	char name[MODULE_NAME_MAX];
	_cleanup_free_ char *image = NULL;
	size_t len = 0;
	int r = read_file_full(path, MODULE_MAX, &image, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read module %s: %m", path);
	module_name(path, name);
	r = init_measure_buf(s, PCR_MODULES, image, len, MEASURE_MODULE, name);
	if (r >= 0 && *params)
		r = init_measure_buf(s, PCR_MODULES, params, strlen(params), MEASURE_MODULE_ARGS, name);
	if (r < 0)
		return r;
	if (syscall(SYS_init_module, image, len, params) < 0 && errno != EEXIST)
		return log_error_errno(errno, "Cannot load module %s: %m", path);
	return 0;
}

/* One line of the list: "PATH" or "PATH PARAMS". */
static int load_line(struct init_state *s, char *line)
{
	char *params = strchr(line, ' ');

	if (params)
		*params++ = '\0';
	if (!*line || *line == '#')
		return 0;
	return load_module(s, line, params ? params : "");
}

int init_load_modules(struct init_state *s)
{
	_cleanup_free_ char *list = NULL;
	char *line, *save = NULL;
	size_t len = 0;
	int failed = 0, r = read_file_full(INIT_MODULES_LIST, MODULES_LIST_MAX, &list, &len);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return log_error_errno(r, "Cannot read " INIT_MODULES_LIST ": %m");
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (load_line(s, line) < 0)
			failed++;
	return failed;
}
