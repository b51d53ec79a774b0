/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading the payload's kernel modules. Every module is measured into
 * PCR 5 (the file's hash, then its parameters if any) in the list's order,
 * before the kernel sees it. The list's groups share no module: each is
 * loaded by a thread of its own, in its own order, each module as soon as
 * the main thread has measured it.
 * Only the measuring touches the TPM, so PCR 5 does not depend on which
 * group finishes first. */
#include "modules.h"
#include "fileio.h"
#include "init.h"
#include "log.h"
#include "strbuf.h"

#include <sys/syscall.h>

#define MODULE_MAX (64u << 20)
#define MODULES_LIST_MAX (64u << 10)

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

static struct module_group *new_group(struct init_modules *p, const char *name)
{
	struct module_group *g;
	size_t n = strcspn(name, " ");

	if (p->n == GROUPS_MAX)
		return NULL;
	g = &p->g[p->n];
	if (strfmt(g->name, sizeof(g->name), "%.*s", (int)n, name) < 0)
		return NULL;
	p->n++;
	g->later = streq(name + n, " later");
	return g;
}

/* One line of the list: "[GROUP]", "[GROUP later]", "PATH" or "PATH PARAMS". */
static int parse_line(struct init_modules *p, char *line)
{
	struct module_group *g = p->n ? &p->g[p->n - 1] : NULL;
	char *params = strchr(line, ' ');
	size_t len = strlen(line);

	if (!*line || *line == '#')
		return 0;
	if (line[0] == '[' && line[len - 1] == ']') {
		line[len - 1] = '\0';
		return new_group(p, line + 1) ? 0 : -E2BIG;
	}
	if (!g && !(g = new_group(p, "modules")))
		return -E2BIG;
	if (g->n == GROUP_MODULES_MAX)
		return -E2BIG;
	if (params)
		*params++ = '\0';
	g->m[g->n] = (struct module){ .path = line, .params = params ? params : "" };
	module_name(line, g->m[g->n].name);
	g->n++;
	return 0;
}

int init_modules_parse(struct init_modules *p)
{
	char *line, *save = NULL;
	int r = 0;

	for (line = strtok_r(p->list, "\n", &save); r >= 0 && line;
	     line = strtok_r(NULL, "\n", &save))
		r = parse_line(p, line);
	return r < 0 ? r : 0;
}

static int measure_module(struct init_state *s, struct module *m)
{
	int r = read_file_full(m->path, MODULE_MAX, &m->image, &m->len);

	if (r < 0)
		return log_error_errno(r, "Cannot read module %s: %m", m->path);
	r = init_measure_buf(s, PCR_MODULES, m->image, m->len, MEASURE_MODULE, m->name);
	if (r >= 0 && *m->params)
		r = init_measure_buf(s, PCR_MODULES, m->params, strlen(m->params),
				     MEASURE_MODULE_ARGS, m->name);
	if (r < 0) {
		free(m->image);
		m->image = NULL;
	}
	return r;
}

static void wait_measured(struct module_group *g, size_t i)
{
	pthread_mutex_lock(&g->lock);
	while (g->measured <= i)
		pthread_cond_wait(&g->measured_cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void set_measured(struct module_group *g, size_t n)
{
	pthread_mutex_lock(&g->lock);
	g->measured = n;
	pthread_cond_broadcast(&g->measured_cond);
	pthread_mutex_unlock(&g->lock);
}

/* A group's thread: the kernel links each module in order, once it is
 * measured; no TPM here. */
static void *load_group(void *arg)
{
	struct module_group *g = arg;

	for (size_t i = 0; i < g->n; i++) {
		struct module *m = &g->m[i];
		wait_measured(g, i);
		if (!m->image) {
			g->failed++;
			continue;
		}
		if (syscall(SYS_init_module, m->image, m->len, m->params) < 0 && errno != EEXIST) {
			log_error_errno(errno, "Cannot load module %s: %m", m->path);
			g->failed++;
		}
		free(m->image);
		m->image = NULL;
	}
	return NULL;
}

static void start_group(struct init_state *s, struct module_group *g)
{
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->measured_cond, NULL);
	g->running = pthread_create(&g->thread, NULL, load_group, g) == 0;
	for (size_t i = 0; i < g->n; i++) {
		(void)measure_module(s, &g->m[i]);
		set_measured(g, i + 1);
	}
	if (!g->running)
		load_group(g); /* no thread: load it here */
}

int init_modules_start(struct init_state *s)
{
	return init_modules_start_from(s, INIT_MODULES_LIST);
}

int init_modules_start_from(struct init_state *s, const char *path)
{
	_cleanup_free_ struct init_modules *p = calloc(1, sizeof(*p));
	size_t len = 0;
	int r;

	if (!p)
		return -ENOMEM;
	r = read_file_full(path, MODULES_LIST_MAX, &p->list, &len);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", path);
	if ((r = init_modules_parse(p)) < 0) {
		free(p->list);
		return log_error_errno(r, "Too many groups or modules in %s", path);
	}
	for (size_t i = 0; i < p->n; i++)
		start_group(s, &p->g[i]);
	s->modules = TAKE_PTR(p);
	return 0;
}

static int join_group(struct module_group *g)
{
	if (g->running)
		(void)pthread_join(g->thread, NULL);
	g->running = false;
	return g->failed;
}

bool init_modules_loading(const struct init_state *s)
{
	return s->modules && s->modules->n > 0;
}

int init_modules_wait(struct init_state *s, const char *group)
{
	struct init_modules *p = s->modules;
	int failed = 0;

	for (size_t i = 0; p && i < p->n; i++)
		if (!group || (!*group && !p->g[i].later) || streq(group, p->g[i].name))
			failed += join_group(&p->g[i]);
	if (p && !group) {
		for (size_t i = 0; i < p->n; i++) {
			pthread_mutex_destroy(&p->g[i].lock);
			pthread_cond_destroy(&p->g[i].measured_cond);
		}
		free(p->list);
		free(p);
		s->modules = NULL;
	}
	return failed;
}
