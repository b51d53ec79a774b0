/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading the module list: each group's modules reach the kernel in the
 * list's order with the bytes read from their files and their parameters;
 * what counts as a failure; which groups init_modules_wait waits for; and
 * that the last wait frees everything (LeakSanitizer checks it in the
 * sanitizer tree). No TPM here, so nothing is measured.
 *
 * The trap: the library calls syscall(SYS_init_module, image, len, params)
 * (an init_module() definition would catch nothing, the code never calls
 * that wrapper). The syscall() defined below, in this executable, is the
 * definition the static library's reference binds to at link time, since
 * the linker resolves it to the executable's own symbol before any shared
 * library's, so no LD_PRELOAD is needed. Every other number goes on to
 * libc's syscall(), found with dlsym(RTLD_NEXT). */
#include "harness.h"
#include "init.h"
#include "macro.h"
#include "syscall-trap.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CALLS_MAX 64

/* One init_module call as the kernel would have seen it. */
struct call {
	char image[64];
	size_t len;
	char params[64];
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct call v[CALLS_MAX];
	size_t n;
	bool released, blocked_done;
} trap = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

/* A module whose image starts with "BLOCK" waits (at most 5 s) until the
 * test releases it; "SLOW" takes 200 ms; "EEXIST" and "ENOEXEC" fail with
 * that errno after being recorded. */
static void block_until_released(void)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&trap.lock);
	while (!trap.released && pthread_cond_timedwait(&trap.cond, &trap.lock, &until) == 0)
		;
	trap.blocked_done = true;
	pthread_mutex_unlock(&trap.lock);
}

static long fake_init_module(const void *image, unsigned long len, const char *params)
{
	struct call *c;

	if (len >= 5 && memcmp(image, "BLOCK", 5) == 0)
		block_until_released();
	if (len >= 4 && memcmp(image, "SLOW", 4) == 0)
		usleep(200 * 1000);
	pthread_mutex_lock(&trap.lock);
	ASSERT(trap.n < CALLS_MAX && len <= sizeof(c->image) && strlen(params) < sizeof(c->params));
	c = &trap.v[trap.n++];
	memcpy(c->image, image, len);
	c->len = len;
	strcpy(c->params, params);
	pthread_mutex_unlock(&trap.lock);
	if (len >= 6 && memcmp(image, "EEXIST", 6) == 0)
		return errno = EEXIST, -1;
	if (len >= 7 && memcmp(image, "ENOEXEC", 7) == 0)
		return errno = ENOEXEC, -1;
	return 0;
}

static bool trap_syscall(long number, const long a[6], long *ret)
{
	if (number != SYS_init_module)
		return false;
	*ret = fake_init_module((const void *)a[0], (unsigned long)a[1], (const char *)a[2]);
	return true;
}

static char dir[] = "/tmp/heads-test-modules-XXXXXX";

static void path_in_dir(char *buf, size_t size, const char *name)
{
	ASSERT((size_t)snprintf(buf, size, "%s/%s", dir, name) < size);
}

static void write_file(const char *name, const void *buf, size_t len)
{
	char path[256];
	int fd;

	path_in_dir(path, sizeof(path), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ASSERT(fd >= 0);
	ASSERT_EQ(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* Writes the list (each "%s" the test directory) and starts loading it. */
static int start(struct init_state *s, const char *list)
{
	char path[256], text[4096];
	size_t len = 0;

	for (const char *p = list; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s", dir);
			p++;
		} else if (len + 1 < sizeof(text)) {
			text[len++] = *p;
		}
	}
	ASSERT(len < sizeof(text));
	write_file("list", text, len);
	path_in_dir(path, sizeof(path), "list");
	return init_modules_start_from(s, path);
}

static void setup(void)
{
	ASSERT(mkdtemp(dir));
}

static void cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ASSERT_EQ(system(cmd), 0);
}

/* Index of the call that loaded image, or -1. */
static int call_of(const void *image, size_t len)
{
	int found = -1;

	pthread_mutex_lock(&trap.lock);
	for (size_t i = 0; i < trap.n; i++)
		if (trap.v[i].len == len && memcmp(trap.v[i].image, image, len) == 0)
			found = (int)i;
	pthread_mutex_unlock(&trap.lock);
	return found;
}

static size_t calls(void)
{
	pthread_mutex_lock(&trap.lock);
	size_t n = trap.n;
	pthread_mutex_unlock(&trap.lock);
	return n;
}

/* Bytes with a NUL and high bytes inside: the length must be the file's. */
static const char img_a1[] = "a1\0\xff\x7f module", img_a2[] = "a2 module", img_a3[] = "SLOW a3";
static const char img_b1[] = "b1\0", img_b2[] = "SLOW b2\n\0\0", img_c1[] = "c1";

TEST(each_group_in_list_order_with_its_bytes_and_parameters)
{
	struct init_state s = { 0 };
	int ia[3], ib[2], ic;

	setup();
	write_file("a1.ko", img_a1, sizeof(img_a1));
	write_file("a2.ko", img_a2, sizeof(img_a2) - 1);
	write_file("a3.ko", img_a3, sizeof(img_a3) - 1);
	write_file("b1.ko", img_b1, sizeof(img_b1));
	write_file("b2.ko", img_b2, sizeof(img_b2));
	write_file("c1.ko", img_c1, sizeof(img_c1) - 1);
	ASSERT_EQ(start(&s, "[disk]\n%s/a1.ko\n%s/a2.ko quirks=1 debug\n%s/a3.ko\n"
			    "[usb]\n%s/b1.ko x=y\n%s/b2.ko\n"
			    "[input later]\n%s/c1.ko\n"),
		  0);
	ASSERT(s.modules);
	ASSERT_EQ(init_modules_wait(&s, NULL), 0);
	ASSERT(!s.modules);
	ASSERT_EQ(calls(), 6);
	ia[0] = call_of(img_a1, sizeof(img_a1));
	ia[1] = call_of(img_a2, sizeof(img_a2) - 1);
	ia[2] = call_of(img_a3, sizeof(img_a3) - 1);
	ib[0] = call_of(img_b1, sizeof(img_b1));
	ib[1] = call_of(img_b2, sizeof(img_b2));
	ic = call_of(img_c1, sizeof(img_c1) - 1);
	ASSERT(ia[0] >= 0 && ia[0] < ia[1] && ia[1] < ia[2]);
	ASSERT(ib[0] >= 0 && ib[0] < ib[1]);
	ASSERT(ic >= 0);
	ASSERT_STREQ(trap.v[ia[0]].params, "");
	ASSERT_STREQ(trap.v[ia[1]].params, "quirks=1 debug");
	ASSERT_STREQ(trap.v[ia[2]].params, "");
	ASSERT_STREQ(trap.v[ib[0]].params, "x=y");
	ASSERT_STREQ(trap.v[ib[1]].params, "");
	ASSERT_STREQ(trap.v[ic].params, "");
	cleanup();
}

TEST(missing_file_and_refused_module_fail_already_loaded_does_not)
{
	struct init_state s = { 0 };
	static const char eexist[] = "EEXIST", enoexec[] = "ENOEXEC", after[] = "after";

	setup();
	write_file("loaded.ko", eexist, sizeof(eexist) - 1);
	write_file("bad.ko", enoexec, sizeof(enoexec) - 1);
	write_file("after.ko", after, sizeof(after) - 1);
	ASSERT_EQ(start(&s, "[one]\n%s/missing.ko\n%s/loaded.ko\n[two]\n%s/bad.ko\n%s/after.ko p=1\n"),
		  0);
	ASSERT_EQ(init_modules_wait(&s, NULL), 2);
	ASSERT(!s.modules);
	/* the missing module never reaches the kernel; the rest of its group does */
	ASSERT_EQ(calls(), 3);
	ASSERT(call_of(eexist, sizeof(eexist) - 1) >= 0);
	ASSERT(call_of(enoexec, sizeof(enoexec) - 1) >= 0);
	ASSERT(call_of(after, sizeof(after) - 1) >= 0);
	cleanup();
}

TEST(wait_for_boot_groups_leaves_later_groups_loading)
{
	struct init_state s = { 0 };
	static const char slow[] = "SLOW disk", blocked[] = "BLOCK input", last[] = "SLOW usb";

	setup();
	write_file("disk.ko", slow, sizeof(slow) - 1);
	write_file("input.ko", blocked, sizeof(blocked) - 1);
	write_file("usb.ko", last, sizeof(last) - 1);
	ASSERT_EQ(start(&s, "[disk]\n%s/disk.ko\n[input later]\n%s/input.ko\n[usb]\n%s/usb.ko\n"), 0);
	ASSERT_EQ(init_modules_wait(&s, ""), 0);
	ASSERT(s.modules);
	/* both boot groups were waited for (each takes 200 ms) ... */
	ASSERT(call_of(slow, sizeof(slow) - 1) >= 0);
	ASSERT(call_of(last, sizeof(last) - 1) >= 0);
	/* ... the "later" one was not: it is still in the kernel's hands */
	pthread_mutex_lock(&trap.lock);
	ASSERT(!trap.blocked_done);
	trap.released = true;
	pthread_cond_broadcast(&trap.cond);
	pthread_mutex_unlock(&trap.lock);
	ASSERT_EQ(init_modules_wait(&s, NULL), 0);
	ASSERT(!s.modules);
	ASSERT(trap.blocked_done);
	ASSERT(call_of(blocked, sizeof(blocked) - 1) >= 0);
	cleanup();
}

TEST(wait_for_one_group_by_name)
{
	struct init_state s = { 0 };
	static const char slow[] = "SLOW net", blocked[] = "BLOCK disk";

	setup();
	write_file("net.ko", slow, sizeof(slow) - 1);
	write_file("disk.ko", blocked, sizeof(blocked) - 1);
	ASSERT_EQ(start(&s, "[disk]\n%s/disk.ko\n[net later]\n%s/net.ko\n"), 0);
	ASSERT_EQ(init_modules_wait(&s, "net"), 0);
	ASSERT(call_of(slow, sizeof(slow) - 1) >= 0);
	pthread_mutex_lock(&trap.lock);
	ASSERT(!trap.blocked_done);
	trap.released = true;
	pthread_cond_broadcast(&trap.cond);
	pthread_mutex_unlock(&trap.lock);
	ASSERT_EQ(init_modules_wait(&s, NULL), 0);
	ASSERT(!s.modules);
	cleanup();
}

TEST(no_list_loads_nothing)
{
	struct init_state s = { 0 };
	char path[256];

	setup();
	path_in_dir(path, sizeof(path), "no-such-list");
	ASSERT_EQ(init_modules_start_from(&s, path), 0);
	ASSERT(!s.modules);
	ASSERT_EQ(init_modules_wait(&s, ""), 0);
	ASSERT_EQ(init_modules_wait(&s, NULL), 0);
	ASSERT_EQ(calls(), 0);
	cleanup();
}

TEST(list_over_its_limits_loads_nothing)
{
	struct init_state s = { 0 };
	static const char img[] = "m";
	char list[2048];
	size_t len = 0;

	setup();
	write_file("m.ko", img, 1);
	for (int i = 0; i < 17; i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "[g%d]\n%%s/m.ko\n", i);
	ASSERT(len < sizeof(list));
	ASSERT_EQ(start(&s, list), -E2BIG);
	ASSERT(!s.modules);
	ASSERT_EQ(init_modules_wait(&s, NULL), 0);
	ASSERT_EQ(calls(), 0);
	cleanup();
}
