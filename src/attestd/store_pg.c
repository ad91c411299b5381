/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The store's PostgreSQL driver (store_backend.h), over libpq: one
 * connection per store, used under the store's mutex. Every statement is
 * prepared (PQprepare, once per connection) and sent with its values as
 * parameters: no SQL is ever built with a value in it. Results come back
 * one row at a time (single-row mode), so walking a long audit log needs
 * no memory for the whole of it.
 *
 * Transactions: writes run at READ COMMITTED, and take the locks they
 * need: the row of a group whose list version they bump (the UPDATE
 * locks it), the audit table for an append, tcb_levels for a replace,
 * an advisory lock for a migration (store_backend.h). Snapshot reads run
 * at REPEATABLE READ, READ ONLY.
 *
 * A broken connection (server restart, idle timeout, a terminated
 * backend) is re-established once, by PQreset, when it is found at BEGIN
 * or at a read outside a transaction: nothing sent then can have changed
 * anything. A connection that breaks inside a transaction fails that
 * call with RA_ERR_IO (its outcome may be unknown if COMMIT was sent);
 * the next call reconnects.
 */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_backend.h"

/* Parameter types, from PostgreSQL's pg_type.dat: fixed OIDs. */
#define INT8_OID 20
#define TEXT_OID 25

/* How long a connection attempt may take unless the URL says (s). */
#define CONNECT_TIMEOUT "10"

/* Held by a migration until it commits; the key is "sgxra-db" in ASCII. */
#define MIGRATE_LOCK "SELECT pg_advisory_xact_lock(8315182712066908770)"

struct pg {
	PGconn *conn;
	bool in_tx;
	bool prepared[STORE_SQL_COUNT];
};

/* The store prints nothing: notices ("already exists, skipping") go. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Record libpq's message on one line; a broken key rule is POLICY. */
static enum ra_err
pg_fail(struct store *s, const PGresult *res, const char *what)
{
	struct pg *pg = s->db;
	const char *msg = res != NULL ? PQresultErrorMessage(res) : "";
	const char *state =
	    res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	enum ra_err err = RA_ERR_IO;
	char line[200];
	size_t i;

	if (*msg == '\0' && pg != NULL && pg->conn != NULL) {
		msg = PQerrorMessage(pg->conn);
	}
	for (i = 0; i + 1 < sizeof(line) && msg[i] != '\0'; i++) {
		char c = msg[i];

		if (c == '\n') {
			c = ' ';
		}
		line[i] = c;
	}
	while (i > 0 && line[i - 1] == ' ') {
		i--;
	}
	line[i] = '\0';
	/* 23505 unique_violation, 23503 foreign_key_violation */
	if (state != NULL &&
	    (strcmp(state, "23505") == 0 || strcmp(state, "23503") == 0)) {
		err = RA_ERR_POLICY;
	}
	return store_fail(s, err, "postgresql: %s: %s", what, line);
}

static enum ra_err
pg_open(struct store *s, const char *url)
{
	/* In this order, a connect_timeout in the URL overrides ours. */
	static const char *const keys[] = { "connect_timeout", "dbname", NULL };
	const char *values[] = { CONNECT_TIMEOUT, url, NULL };
	struct pg *pg = calloc(1, sizeof(*pg));

	if (pg == NULL) {
		return store_fail(s, RA_ERR_NOMEM, "postgresql: no memory");
	}
	s->db = pg;
	pg->conn = PQconnectdbParams(keys, values, 1);
	if (pg->conn == NULL) {
		return store_fail(s, RA_ERR_NOMEM, "postgresql: no memory");
	}
	(void)PQsetNoticeProcessor(pg->conn, quiet, NULL);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		return pg_fail(s, NULL, "connect");
	}
	return RA_OK;
}

static void
pg_close(struct store *s)
{
	struct pg *pg = s->db;

	if (pg == NULL) {
		return;
	}
	PQfinish(pg->conn);
	free(pg);
	s->db = NULL;
}

static enum ra_err
pg_reconnect(struct store *s)
{
	struct pg *pg = s->db;

	PQreset(pg->conn);
	memset(pg->prepared, 0, sizeof(pg->prepared));
	pg->in_tx = false;
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		return pg_fail(s, NULL, "reconnect");
	}
	return RA_OK;
}

/* A fixed command without parameters; *ntuples (may be NULL) its rows. */
static enum ra_err
pg_command(struct store *s, const char *sql, const char *what, int *ntuples)
{
	struct pg *pg = s->db;
	PGresult *res = PQexec(pg->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	enum ra_err err = RA_OK;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		err = pg_fail(s, res, what);
	} else if (ntuples != NULL) {
		*ntuples = PQntuples(res);
	}
	PQclear(res);
	return err;
}

/*
 * A command outside a transaction that changes nothing (BEGIN, a read):
 * if the connection turns out broken, reconnect once and send it again.
 */
static enum ra_err
pg_command_again(
    struct store *s, const char *sql, const char *what, int *ntuples)
{
	struct pg *pg = s->db;
	enum ra_err err = pg_command(s, sql, what, ntuples);

	if (err != RA_OK && !pg->in_tx &&
	    PQstatus(pg->conn) == CONNECTION_BAD) {
		err = pg_reconnect(s);
		if (err == RA_OK) {
			err = pg_command(s, sql, what, ntuples);
		}
	}
	return err;
}

static enum ra_err
pg_has_schema(struct store *s, bool *has)
{
	int n = 0;
	enum ra_err err = pg_command_again(s,
	    "SELECT 1 FROM information_schema.tables"
	    " WHERE table_schema = current_schema()"
	    " AND table_name = 'schema_version'",
	    "schema", &n);

	*has = n > 0;
	return err;
}

static enum ra_err
pg_script(struct store *s, const char *sql)
{
	return pg_command(s, sql, "script", NULL);
}

static const char *
lock_sql(enum store_tx tx)
{
	switch (tx) {
	case STORE_TX_AUDIT:
		return "LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE";
	case STORE_TX_TCB:
		return "LOCK TABLE tcb_levels IN SHARE ROW EXCLUSIVE MODE";
	case STORE_TX_MIGRATE:
		return MIGRATE_LOCK;
	case STORE_TX_READ:
	case STORE_TX_WRITE:
	default:
		return NULL;
	}
}

static void
pg_rollback(struct store *s)
{
	struct pg *pg = s->db;

	if (pg->in_tx) {
		PQclear(PQexec(pg->conn, "ROLLBACK"));
		pg->in_tx = false;
	}
}

static enum ra_err
pg_begin(struct store *s, enum store_tx tx)
{
	struct pg *pg = s->db;
	const char *lock = lock_sql(tx);
	const char *begin = tx == STORE_TX_READ
	    ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
	    : "BEGIN";
	enum ra_err err = pg_command_again(s, begin, "begin", NULL);

	if (err != RA_OK) {
		return err;
	}
	pg->in_tx = true;
	if (lock != NULL) {
		err = pg_command(s, lock, "lock", NULL);
	}
	if (err != RA_OK) {
		pg_rollback(s);
	}
	return err;
}

static enum ra_err
pg_commit(struct store *s)
{
	struct pg *pg = s->db;
	PGresult *res = PQexec(pg->conn, "COMMIT");
	enum ra_err err = RA_OK;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		err = pg_fail(s, res, "commit");
	} else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		/* COMMIT of a failed transaction "succeeds" as ROLLBACK. */
		err = store_fail(s, RA_ERR_IO,
		    "postgresql: commit: the transaction was rolled back");
	}
	PQclear(res);
	pg->in_tx = false;
	return err;
}

static enum ra_err
pg_prepare(struct store *s, enum store_sql id, const char *name,
    const Oid *types, size_t n)
{
	struct pg *pg = s->db;
	PGresult *res;
	enum ra_err err = RA_OK;

	if (pg->prepared[id]) {
		return RA_OK;
	}
	res = PQprepare(pg->conn, name, store_sql_text[id], (int)n, types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		err = pg_fail(s, res, "prepare");
	} else {
		pg->prepared[id] = true;
	}
	PQclear(res);
	return err;
}

/* Prepare if needed, and send statement id with p[0..n) as text. */
static enum ra_err
pg_send(
    struct store *s, enum store_sql id, const struct store_param *p, size_t n)
{
	struct pg *pg = s->db;
	char ints[STORE_PARAMS_MAX][24], name[16];
	const char *values[STORE_PARAMS_MAX] = { NULL };
	Oid types[STORE_PARAMS_MAX] = { 0 };
	size_t i;
	enum ra_err err;

	if (n > STORE_PARAMS_MAX) {
		return store_fail(
		    s, RA_ERR_IO, "postgresql: %zu parameters", n);
	}
	for (i = 0; i < n; i++) {
		types[i] = p[i].text != NULL ? TEXT_OID : INT8_OID;
		values[i] = p[i].text;
		if (p[i].text == NULL) {
			(void)snprintf(
			    ints[i], sizeof(ints[i]), "%" PRId64, p[i].i);
			values[i] = ints[i];
		}
	}
	(void)snprintf(name, sizeof(name), "s%d", (int)id);
	err = pg_prepare(s, id, name, types, n);
	if (err != RA_OK) {
		return err;
	}
	if (!PQsendQueryPrepared(
	        pg->conn, name, (int)n, values, NULL, NULL, 0)) {
		return pg_fail(s, NULL, "send");
	}
	(void)PQsetSingleRowMode(pg->conn);
	return RA_OK;
}

static enum ra_err
pg_tuple(struct store *s, PGresult *res, int t, const struct store_rows *rows,
    bool *more)
{
	struct store_row r = { 0 };
	int i, n = PQnfields(res);

	if (n < 0 || n > STORE_COLS_MAX) {
		return store_fail(s, RA_ERR_IO, "postgresql: %d columns", n);
	}
	r.n = (size_t)n;
	for (i = 0; i < n; i++) {
		r.v[i] = PQgetisnull(res, t, i) ? NULL : PQgetvalue(res, t, i);
		r.len[i] = (size_t)PQgetlength(res, t, i);
	}
	return rows->fn(rows->ctx, &r, more);
}

/* PQcmdTuples: the digits of "INSERT 0 1" / "UPDATE 3", or "". */
static int64_t
cmd_tuples(PGresult *res)
{
	const char *p = PQcmdTuples(res);
	int64_t n = 0;

	for (; *p >= '0' && *p <= '9' && n < INT64_MAX / 10 - 9; p++) {
		n = n * 10 + (*p - '0');
	}
	return n;
}

/* One result of a statement: its rows, or the count of rows written. */
struct pg_call {
	const struct store_rows *rows;
	int64_t *changes;
	bool more;
	size_t delivered;
};

static enum ra_err
pg_result(struct store *s, PGresult *res, struct pg_call *c)
{
	ExecStatusType st = PQresultStatus(res);
	int t;
	enum ra_err err = RA_OK;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
	    st != PGRES_SINGLE_TUPLE) {
		return pg_fail(s, res, "query");
	}
	if (c->changes != NULL && *PQcmdTuples(res) != '\0') {
		*c->changes = cmd_tuples(res);
	}
	for (t = 0; c->rows != NULL && c->more && t < PQntuples(res); t++) {
		c->delivered++;
		err = pg_tuple(s, res, t, c->rows, &c->more);
		if (err != RA_OK) {
			break;
		}
	}
	return err;
}

static enum ra_err
pg_run(struct store *s, enum store_sql id, const struct store_param *p,
    size_t n, struct pg_call *c)
{
	struct pg *pg = s->db;
	enum ra_err err = pg_send(s, id, p, n);
	PGresult *res;

	/* Read every result, even after an error or a stop: only then is
	 * the connection ready for the next statement. */
	for (;;) {
		res = PQgetResult(pg->conn);
		if (res == NULL) {
			break;
		}
		if (err == RA_OK) {
			err = pg_result(s, res, c);
		}
		PQclear(res);
	}
	return err;
}

static enum ra_err
pg_exec(struct store *s, enum store_sql id, const struct store_param *p,
    size_t n, const struct store_rows *rows, int64_t *changes)
{
	struct pg *pg = s->db;
	struct pg_call c = { rows, NULL, true, 0 };
	enum ra_err err;

	c.changes = changes;
	err = pg_run(s, id, p, n, &c);

	/* Outside a transaction only reads come here (store_backend.h): if
	 * the connection broke before a row came back, read again. */
	if (err != RA_OK && !pg->in_tx && c.delivered == 0 &&
	    PQstatus(pg->conn) == CONNECTION_BAD) {
		err = pg_reconnect(s);
		if (err == RA_OK) {
			err = pg_run(s, id, p, n, &c);
		}
	}
	return err;
}

const struct store_backend store_backend_pg = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.has_schema = pg_has_schema,
	.script = pg_script,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.exec = pg_exec,
};
