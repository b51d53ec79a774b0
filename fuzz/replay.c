/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replays a fuzz corpus through a target without libFuzzer, so the normal
 * test run exercises every parser on every corpus file (under ASan in the
 * sanitizer build). Usage: fuzz-NAME FILE|DIR... */
#include "fileio.h"
#include "macro.h"

#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_INPUT (16u << 20)

static int replay_file(const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r = read_file_full(path, REPLAY_MAX_INPUT, &buf, &len);

	if (r < 0) {
		fprintf(stderr, "cannot read %s: %s\n", path, strerror(-r));
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	return 0;
}

static int replay_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int failed = 0;

	if (!d)
		return replay_file(dir) == 0 ? (*count += 1, 0) : 1;
	while ((e = readdir(d))) {
		char path[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		failed |= replay_file(path);
		(*count)++;
	}
	closedir(d);
	return failed;
}

int main(int argc, char **argv)
{
	int failed = 0, count = 0;

	for (int i = 1; i < argc; i++)
		failed |= replay_dir(argv[i], &count);
	fprintf(stderr, "replayed %d inputs\n", count);
	return failed;
}
