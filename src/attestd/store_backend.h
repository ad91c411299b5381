/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_ATTESTD_STORE_BACKEND_H
#define SGXRA_ATTESTD_STORE_BACKEND_H

/*
 * The store's private interface between store.c (every SQL statement,
 * every argument and value check, the transactions, the migrations and
 * the audit chain) and its two database drivers, store_sqlite.c and
 * store_pg.c. A driver only moves text: it runs a statement of the table
 * below with text or integer parameters and hands back each row as text
 * columns. It never interprets a value: store.c checks every one.
 *
 * Every driver function is called with the store's mutex held.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"

/*
 * The statements, by number: drivers prepare each once per connection
 * (SQLite: sqlite3_prepare_v3; PostgreSQL: PQprepare as "s<number>").
 * Parameters are written $1 .. $n, each exactly once and in increasing
 * order, which means the same thing to both databases (store.c).
 */
enum store_sql {
	STORE_SQL_VERSION_GET,
	STORE_SQL_VERSION_ADD,
	STORE_SQL_TENANT_PUT,
	STORE_SQL_TENANT_GET,
	STORE_SQL_TENANT_DELETE,
	STORE_SQL_TENANT_LIST,
	STORE_SQL_KEY_ADD,
	STORE_SQL_KEY_REMOVE,
	STORE_SQL_KEY_LOOKUP,
	STORE_SQL_GROUP_PUT,
	STORE_SQL_GROUP_GET,
	STORE_SQL_GROUP_LIST,
	STORE_SQL_GROUP_REVOKE,
	STORE_SQL_PRIVRL_BUMP,
	STORE_SQL_PRIVRL_INSERT,
	STORE_SQL_PRIVRL_VERSION,
	STORE_SQL_PRIVRL_LIST,
	STORE_SQL_SIGRL_BUMP,
	STORE_SQL_SIGRL_INSERT,
	STORE_SQL_SIGRL_VERSION,
	STORE_SQL_SIGRL_LIST,
	STORE_SQL_TCB_DELETE,
	STORE_SQL_TCB_INSERT,
	STORE_SQL_TCB_LIST,
	STORE_SQL_PLATFORM_PUT,
	STORE_SQL_PLATFORM_GET,
	STORE_SQL_AUDIT_LAST,
	STORE_SQL_AUDIT_INSERT,
	STORE_SQL_AUDIT_ALL,
	STORE_SQL_DCAP_TCB_DELETE,
	STORE_SQL_DCAP_TCB_INSERT,
	STORE_SQL_DCAP_TCB_LIST,
	STORE_SQL_DCAP_DOC_BUMP,
	STORE_SQL_DCAP_DOC_GET,
	STORE_SQL_DCAP_DOC_PUT,
	STORE_SQL_PCK_INSERT,
	STORE_SQL_PCK_GET,
	STORE_SQL_PCK_REVOKE_SERIAL,
	STORE_SQL_PCK_REVOKE_PPID,
	STORE_SQL_PCK_REVOKED,
	STORE_SQL_COUNT
};

/* The text of each statement (store.c). */
extern const char *const store_sql_text[STORE_SQL_COUNT];

/* The most parameters and result columns any statement has. */
#define STORE_PARAMS_MAX 10
#define STORE_COLS_MAX   10

/*
 * What a transaction is for. The drivers map each to their locking:
 *
 *   READ     one snapshot for several reads (SQLite: BEGIN, WAL gives
 *            the snapshot; PostgreSQL: REPEATABLE READ, READ ONLY)
 *   WRITE    writes (SQLite: BEGIN IMMEDIATE, the database's write lock
 *            at once; PostgreSQL: BEGIN, READ COMMITTED, row locks)
 *   AUDIT    an audit append: WRITE, and on PostgreSQL the audit table
 *            locked against other writers (SHARE ROW EXCLUSIVE)
 *   TCB      replacing TCB levels: WRITE, and on PostgreSQL tcb_levels
 *            locked against other writers the same way
 *   MIGRATE  schema changes: WRITE, and on PostgreSQL a transaction-level
 *            advisory lock, so that two instances never migrate at once
 */
enum store_tx {
	STORE_TX_READ,
	STORE_TX_WRITE,
	STORE_TX_AUDIT,
	STORE_TX_TCB,
	STORE_TX_MIGRATE,
};

/* A statement parameter: text (NUL-terminated) or a 64-bit integer. */
struct store_param {
	const char *text; /* NULL: the parameter is the integer i */
	int64_t i;
};

/*
 * One result row: n columns, each NUL-terminated text of len bytes (the
 * decimal form for integers), or NULL for SQL NULL. Valid during the
 * callback only.
 */
struct store_row {
	size_t n;
	const char *v[STORE_COLS_MAX];
	size_t len[STORE_COLS_MAX];
};

/*
 * Called for each row: RA_OK to go on, an error to stop and fail the
 * statement with it. Setting *more to false stops without an error.
 */
struct store_rows {
	enum ra_err (*fn)(void *ctx, const struct store_row *r, bool *more);
	void *ctx;
};

struct store;

struct store_backend {
	/* For messages: "sqlite", "postgresql". */
	const char *name;
	/* Connect; url is the whole URL. Sets s->db. */
	enum ra_err (*open)(struct store *s, const char *url);
	/* Disconnect and free s->db (which may be NULL). */
	void (*close)(struct store *s);
	/* Whether the schema_version table exists. */
	enum ra_err (*has_schema)(struct store *s, bool *has);
	/* Run a fixed script without parameters (schema steps). */
	enum ra_err (*script)(struct store *s, const char *sql);
	enum ra_err (*begin)(struct store *s, enum store_tx tx);
	enum ra_err (*commit)(struct store *s);
	/* Roll back the open transaction; errors are ignored. */
	void (*rollback)(struct store *s);
	/*
	 * Run statement id with p[0..n); rows (may be NULL) gets each row,
	 * *changes (may be NULL) the number of rows written. Outside a
	 * transaction store.c runs only reads, which a driver may send
	 * again after reconnecting.
	 */
	enum ra_err (*exec)(struct store *s, enum store_sql id,
	    const struct store_param *p, size_t n,
	    const struct store_rows *rows, int64_t *changes);
};

extern const struct store_backend store_backend_sqlite;
extern const struct store_backend store_backend_pg;

struct store {
	const struct store_backend *be;
	void *db; /* the driver's connection state */
	pthread_mutex_t lock;
	uint64_t id; /* names this store in a thread's error slot */
};

/*
 * Record a message for store_last_error (this thread, this store; s may
 * be NULL during store_open) and return err.
 */
enum ra_err store_fail(struct store *s, enum ra_err err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
