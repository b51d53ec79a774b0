/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libsqlite3.so.0 for the payload: gpg links SQLite for its TOFU trust
 * model alone (the TOFU database), which the payload never uses: it signs
 * and verifies under the classic trust model. Every call that would open
 * or use a database fails with SQLITE_CANTOPEN / SQLITE_ERROR, so gpg with
 * --trust-model tofu says it cannot open the TOFU database and stops.
 * Only the symbols Debian's gpg imports are here.
 *
 * soname: libsqlite3.so.0 */
#include <stdarg.h>
#include <stddef.h>

#define SQLITE_OK 0
#define SQLITE_ERROR 1
#define SQLITE_CANTOPEN 14

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

static const char reason[] = "SQLite is not part of this firmware";

int sqlite3_open(const char *name, sqlite3 **db)
{
	(void)name;
	if (db)
		*db = NULL;
	return SQLITE_CANTOPEN;
}

int sqlite3_close(sqlite3 *db)
{
	(void)db;
	return SQLITE_OK;
}

const char *sqlite3_errmsg(sqlite3 *db)
{
	(void)db;
	return reason;
}

const char *sqlite3_errstr(int rc)
{
	(void)rc;
	return reason;
}

int sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,
		 char **err)
{
	(void)db, (void)sql, (void)cb, (void)arg;
	if (err)
		*err = NULL;
	return SQLITE_ERROR;
}

int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int len, sqlite3_stmt **stmt, const char **tail)
{
	(void)db, (void)sql, (void)len;
	if (stmt)
		*stmt = NULL;
	if (tail)
		*tail = NULL;
	return SQLITE_ERROR;
}

int sqlite3_step(sqlite3_stmt *s)
{
	(void)s;
	return SQLITE_ERROR;
}

int sqlite3_reset(sqlite3_stmt *s)
{
	(void)s;
	return SQLITE_OK;
}

int sqlite3_finalize(sqlite3_stmt *s)
{
	(void)s;
	return SQLITE_OK;
}

int sqlite3_bind_blob(sqlite3_stmt *s, int i, const void *v, int n, void (*d)(void *))
{
	(void)s, (void)i, (void)v, (void)n, (void)d;
	return SQLITE_ERROR;
}

int sqlite3_bind_text(sqlite3_stmt *s, int i, const char *v, int n, void (*d)(void *))
{
	(void)s, (void)i, (void)v, (void)n, (void)d;
	return SQLITE_ERROR;
}

int sqlite3_bind_int(sqlite3_stmt *s, int i, int v)
{
	(void)s, (void)i, (void)v;
	return SQLITE_ERROR;
}

int sqlite3_bind_int64(sqlite3_stmt *s, int i, long long v)
{
	(void)s, (void)i, (void)v;
	return SQLITE_ERROR;
}

int sqlite3_bind_parameter_count(sqlite3_stmt *s)
{
	(void)s;
	return 0;
}

int sqlite3_busy_handler(sqlite3 *db, int (*h)(void *, int), void *arg)
{
	(void)db, (void)h, (void)arg;
	return SQLITE_OK;
}

int sqlite3_busy_timeout(sqlite3 *db, int ms)
{
	(void)db, (void)ms;
	return SQLITE_OK;
}

int sqlite3_column_count(sqlite3_stmt *s)
{
	(void)s;
	return 0;
}

const char *sqlite3_column_name(sqlite3_stmt *s, int i)
{
	(void)s, (void)i;
	return NULL;
}

const unsigned char *sqlite3_column_text(sqlite3_stmt *s, int i)
{
	(void)s, (void)i;
	return NULL;
}

int sqlite3_column_type(sqlite3_stmt *s, int i)
{
	(void)s, (void)i;
	return 5; /* SQLITE_NULL */
}

sqlite3 *sqlite3_db_handle(sqlite3_stmt *s)
{
	(void)s;
	return NULL;
}

void *sqlite3_malloc(int n)
{
	(void)n;
	return NULL;
}

void sqlite3_free(void *p)
{
	(void)p;
}

char *sqlite3_vmprintf(const char *fmt, va_list ap)
{
	(void)fmt, (void)ap;
	return NULL;
}
