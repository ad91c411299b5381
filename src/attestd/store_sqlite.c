/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The store's SQLite driver (store_backend.h). One connection per store,
 * opened in multi-thread mode (SQLITE_OPEN_NOMUTEX): the store's mutex
 * already serialises every use of it. WAL journal (readers never block
 * the writer), synchronous=NORMAL (a commit is durable once the WAL is
 * checkpointed; a power cut may lose the last commits but never corrupts
 * the database), foreign keys on, a busy timeout for the other processes
 * sharing the file, defensive mode (SQL cannot corrupt the file format).
 * Write transactions are BEGIN IMMEDIATE: they take the database's one
 * write lock at their start, so two writers never deadlock on a lock
 * upgrade and an audit append reads the last row under the lock it
 * inserts with. Statements are prepared once and kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_backend.h"

/* How long a statement waits for another connection's lock (ms). */
#define BUSY_TIMEOUT_MS 10000

struct lite {
	sqlite3 *db;
	sqlite3_stmt *stmt[STORE_SQL_COUNT];
};

/* Extended codes that mean a broken uniqueness or reference rule. */
static bool
is_constraint(int rc)
{
	return rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_FOREIGNKEY;
}

static enum ra_err
lite_fail(struct store *s, int rc, const char *what)
{
	struct lite *l = s->db;
	const char *msg = l != NULL && l->db != NULL ? sqlite3_errmsg(l->db)
	                                             : sqlite3_errstr(rc);

	return store_fail(s, is_constraint(rc) ? RA_ERR_POLICY : RA_ERR_IO,
	    "sqlite: %s: %s", what, msg);
}

/* Run a pragma whose one-row answer must be want ("wal", "1"). */
static enum ra_err
lite_pragma(struct store *s, const char *sql, const char *want)
{
	struct lite *l = s->db;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
	const unsigned char *got;
	bool is_ok;

	if (rc != SQLITE_OK) {
		return lite_fail(s, rc, sql);
	}
	rc = sqlite3_step(st);
	got = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	is_ok = got != NULL && strcmp((const char *)got, want) == 0;
	(void)sqlite3_finalize(st);
	if (!is_ok) {
		return store_fail(
		    s, RA_ERR_IO, "sqlite: %s did not give %s", sql, want);
	}
	return RA_OK;
}

static enum ra_err
lite_setup(struct store *s)
{
	struct lite *l = s->db;
	int rc;

	(void)sqlite3_extended_result_codes(l->db, 1);
	(void)sqlite3_busy_timeout(l->db, BUSY_TIMEOUT_MS);
	(void)sqlite3_db_config(l->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	(void)sqlite3_db_config(l->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	rc = sqlite3_exec(l->db,
	    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL);
	if (rc != SQLITE_OK) {
		return lite_fail(s, rc, "pragmas");
	}
	if (lite_pragma(s, "PRAGMA journal_mode = WAL", "wal") != RA_OK ||
	    lite_pragma(s, "PRAGMA foreign_keys", "1") != RA_OK) {
		return RA_ERR_IO;
	}
	return RA_OK;
}

static enum ra_err
lite_open(struct store *s, const char *url)
{
	const char *path = url + strlen("sqlite:");
	struct lite *l;
	int fd, rc;

	if (*path == '\0') {
		return store_fail(s, RA_ERR_ARG, "sqlite: no file in the URL");
	}
	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		return store_fail(s, RA_ERR_NOMEM, "sqlite: no memory");
	}
	s->db = l;
	/* Private from the start: SQLite gives -wal and -shm its mode. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		return store_fail(
		    s, RA_ERR_IO, "sqlite: %s: %s", path, strerror(errno));
	}
	(void)close(fd);
	rc = sqlite3_open_v2(
	    path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		return lite_fail(s, rc, path);
	}
	return lite_setup(s);
}

static void
lite_close(struct store *s)
{
	struct lite *l = s->db;
	size_t i;

	if (l == NULL) {
		return;
	}
	for (i = 0; i < STORE_SQL_COUNT; i++) {
		(void)sqlite3_finalize(l->stmt[i]);
	}
	(void)sqlite3_close(l->db);
	free(l);
	s->db = NULL;
}

static enum ra_err
lite_script(struct store *s, const char *sql)
{
	struct lite *l = s->db;
	int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? RA_OK : lite_fail(s, rc, "script");
}

static enum ra_err
lite_has_schema(struct store *s, bool *has)
{
	struct lite *l = s->db;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(l->db,
	    "SELECT 1 FROM sqlite_master WHERE type = 'table'"
	    " AND name = 'schema_version'",
	    -1, &st, NULL);

	if (rc != SQLITE_OK) {
		return lite_fail(s, rc, "schema");
	}
	rc = sqlite3_step(st);
	*has = rc == SQLITE_ROW;
	(void)sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		return lite_fail(s, rc, "schema");
	}
	return RA_OK;
}

/* Every write takes the write lock at BEGIN (see the top of the file). */
static enum ra_err
lite_begin(struct store *s, enum store_tx tx)
{
	const char *sql = tx == STORE_TX_READ ? "BEGIN" : "BEGIN IMMEDIATE";

	return lite_script(s, sql);
}

static enum ra_err
lite_commit(struct store *s)
{
	return lite_script(s, "COMMIT");
}

static void
lite_rollback(struct store *s)
{
	struct lite *l = s->db;

	if (!sqlite3_get_autocommit(l->db)) {
		(void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	}
}

/*
 * Whether st's parameters are exactly $1 .. $n, so that index i binds
 * "$i": SQLite numbers named parameters in order of first appearance.
 */
static bool
is_numbered(sqlite3_stmt *st)
{
	int i, n = sqlite3_bind_parameter_count(st);
	char want[16];

	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);

		(void)snprintf(want, sizeof(want), "$%d", i);
		if (name == NULL || strcmp(name, want) != 0) {
			return false;
		}
	}
	return true;
}

static enum ra_err
lite_stmt(struct store *s, enum store_sql id, sqlite3_stmt **out)
{
	struct lite *l = s->db;
	const char *tail = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	if (l->stmt[id] != NULL) {
		*out = l->stmt[id];
		return RA_OK;
	}
	rc = sqlite3_prepare_v3(l->db, store_sql_text[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &st, &tail);
	if (rc != SQLITE_OK) {
		return lite_fail(s, rc, "prepare");
	}
	if (tail == NULL || *tail != '\0' || !is_numbered(st)) {
		(void)sqlite3_finalize(st);
		return store_fail(s, RA_ERR_IO,
		    "sqlite: statement %d is not one statement with $1..$n",
		    id);
	}
	l->stmt[id] = st;
	*out = st;
	return RA_OK;
}

static enum ra_err
lite_bind(
    struct store *s, sqlite3_stmt *st, const struct store_param *p, size_t n)
{
	size_t i;
	int rc = SQLITE_OK;

	if (sqlite3_bind_parameter_count(st) != (int)n) {
		return store_fail(s, RA_ERR_IO, "sqlite: %zu parameters for %d",
		    n, sqlite3_bind_parameter_count(st));
	}
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		if (p[i].text != NULL) {
			rc = sqlite3_bind_text(
			    st, (int)i + 1, p[i].text, -1, SQLITE_STATIC);
		} else {
			rc = sqlite3_bind_int64(st, (int)i + 1, p[i].i);
		}
	}
	return rc == SQLITE_OK ? RA_OK : lite_fail(s, rc, "bind");
}

/* Hand the current row to rows->fn as text columns. */
static enum ra_err
lite_row(struct store *s, sqlite3_stmt *st, const struct store_rows *rows,
    bool *more)
{
	struct store_row r = { 0 };
	int i, n = sqlite3_column_count(st);

	if (n < 0 || n > STORE_COLS_MAX) {
		return store_fail(s, RA_ERR_IO, "sqlite: %d columns", n);
	}
	r.n = (size_t)n;
	for (i = 0; i < n; i++) {
		bool is_null = sqlite3_column_type(st, i) == SQLITE_NULL;

		r.v[i] = (const char *)sqlite3_column_text(st, i);
		r.len[i] = (size_t)sqlite3_column_bytes(st, i);
		if (r.v[i] == NULL && !is_null) {
			return store_fail(s, RA_ERR_NOMEM, "sqlite: no memory");
		}
	}
	return rows->fn(rows->ctx, &r, more);
}

static enum ra_err
lite_steps(struct store *s, sqlite3_stmt *st, const struct store_rows *rows)
{
	bool more = true;
	enum ra_err err;
	int rc;

	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			return RA_OK;
		}
		if (rc != SQLITE_ROW) {
			return lite_fail(s, rc, "step");
		}
		if (rows == NULL) {
			continue;
		}
		err = lite_row(s, st, rows, &more);
		if (err != RA_OK) {
			return err;
		}
		if (!more) {
			return RA_OK;
		}
	}
}

static enum ra_err
lite_exec(struct store *s, enum store_sql id, const struct store_param *p,
    size_t n, const struct store_rows *rows, int64_t *changes)
{
	struct lite *l = s->db;
	sqlite3_stmt *st = NULL;
	enum ra_err err = lite_stmt(s, id, &st);

	if (err != RA_OK) {
		return err;
	}
	err = lite_bind(s, st, p, n);
	if (err == RA_OK) {
		err = lite_steps(s, st, rows);
	}
	if (err == RA_OK && changes != NULL) {
		*changes = sqlite3_changes64(l->db);
	}
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
	return err;
}

const struct store_backend store_backend_sqlite = {
	.name = "sqlite",
	.open = lite_open,
	.close = lite_close,
	.has_schema = lite_has_schema,
	.script = lite_script,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.exec = lite_exec,
};
