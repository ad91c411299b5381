/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd's store, the part both databases share: URL dispatch,
 * argument checks, every SQL statement, the checks on every value read
 * back, the transactions, the schema migrations and the audit chain.
 * store_sqlite.c and store_pg.c only move text (store_backend.h).
 *
 * Portable SQL: TEXT (binary values as lower-case hex), BIGINT, INTEGER;
 * INSERT .. ON CONFLICT (SQLite >= 3.24), UPDATE .. RETURNING (SQLite >=
 * 3.35); no CHECK constraints (every value is checked here, on the way
 * in and on the way out). Parameters are $1 .. $n, each once and in
 * increasing order: PostgreSQL numbers them by their digits, SQLite
 * treats "$1" as a named parameter and numbers named parameters in order
 * of first appearance, so both agree. The SQLite driver checks this for
 * every statement it prepares (sqlite3_bind_parameter_name(i) == "$i").
 *
 * The layout is in docs/attestd-store.md.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "store.h"
#include "store_backend.h"

/* --- schema ----------------------------------------------------------------
 */

static const char version_table[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " applied BIGINT NOT NULL)";

/*
 * Version 1. EPID groups are "epid_groups": GROUPS is a keyword of both
 * databases. Revocation list entries keep the list version that added
 * them: that is their order, and it is unique per group.
 */
static const char schema_v1[] =
    "CREATE TABLE tenants ("
    " id TEXT PRIMARY KEY,"
    " spid TEXT NOT NULL,"
    " linkable INTEGER NOT NULL,"
    " created BIGINT NOT NULL);"
    "CREATE TABLE tenant_keys ("
    " key_hash TEXT PRIMARY KEY,"
    " tenant TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE);"
    "CREATE INDEX tenant_keys_tenant ON tenant_keys (tenant);"
    "CREATE TABLE epid_groups ("
    " gid BIGINT PRIMARY KEY,"
    " pub TEXT NOT NULL,"
    " cert TEXT NOT NULL,"
    " wrapped_isk TEXT NOT NULL,"
    " revoked INTEGER NOT NULL,"
    " revocation_reason INTEGER NOT NULL,"
    " sigrl_version BIGINT NOT NULL,"
    " privrl_version BIGINT NOT NULL,"
    " created BIGINT NOT NULL);"
    "CREATE TABLE privrl_entries ("
    " gid BIGINT NOT NULL REFERENCES epid_groups (gid),"
    " version BIGINT NOT NULL,"
    " f TEXT NOT NULL,"
    " PRIMARY KEY (gid, version),"
    " UNIQUE (gid, f));"
    "CREATE TABLE sigrl_entries ("
    " gid BIGINT NOT NULL REFERENCES epid_groups (gid),"
    " version BIGINT NOT NULL,"
    " bk TEXT NOT NULL,"
    " PRIMARY KEY (gid, version),"
    " UNIQUE (gid, bk));"
    "CREATE TABLE tcb_levels ("
    " gid BIGINT NOT NULL REFERENCES epid_groups (gid),"
    " ordinal INTEGER NOT NULL,"
    " cpu_svn TEXT NOT NULL,"
    " qe_svn INTEGER NOT NULL,"
    " pce_svn INTEGER NOT NULL,"
    " status TEXT NOT NULL,"
    " advisories TEXT NOT NULL,"
    " PRIMARY KEY (gid, ordinal));"
    "CREATE TABLE platforms ("
    " ppid TEXT PRIMARY KEY,"
    " auth_key TEXT NOT NULL,"
    " gid BIGINT NOT NULL,"
    " enrolled BIGINT NOT NULL,"
    " joined BIGINT NOT NULL);"
    "CREATE TABLE audit ("
    " seq BIGINT PRIMARY KEY,"
    " request_id TEXT NOT NULL,"
    " tenant TEXT NOT NULL,"
    " quote_hash TEXT NOT NULL,"
    " verdict TEXT NOT NULL,"
    " ts BIGINT NOT NULL,"
    " avr_hash TEXT NOT NULL,"
    " prev_hash TEXT NOT NULL,"
    " row_hash TEXT NOT NULL)";

/*
 * Version 2: DCAP. TCB Info levels per FMSPC; the PCK certificates
 * issued (one per platform and TCB; revoked_at 0 while valid); signed
 * documents shared by every instance (the CRLs with their CRL Numbers,
 * and the TCB evaluation data number of each FMSPC's levels).
 */
static const char schema_v2[] = "CREATE TABLE dcap_tcb_levels ("
                                " fmspc TEXT NOT NULL,"
                                " ordinal INTEGER NOT NULL,"
                                " comp_svn TEXT NOT NULL,"
                                " pce_svn INTEGER NOT NULL,"
                                " status TEXT NOT NULL,"
                                " tcb_date BIGINT NOT NULL,"
                                " advisories TEXT NOT NULL,"
                                " PRIMARY KEY (fmspc, ordinal));"
                                "CREATE TABLE pck_certs ("
                                " serial BIGINT PRIMARY KEY,"
                                " ppid TEXT NOT NULL,"
                                " cpu_svn TEXT NOT NULL,"
                                " pce_svn INTEGER NOT NULL,"
                                " issued BIGINT NOT NULL,"
                                " revoked_at BIGINT NOT NULL,"
                                " der TEXT NOT NULL,"
                                " UNIQUE (ppid, cpu_svn, pce_svn));"
                                "CREATE TABLE dcap_docs ("
                                " name TEXT PRIMARY KEY,"
                                " number BIGINT NOT NULL,"
                                " issued BIGINT NOT NULL,"
                                " count BIGINT NOT NULL,"
                                " body TEXT NOT NULL)";

/*
 * The migrations: step i brings the schema from version i to i + 1. A
 * new version appends a step (ALTER TABLE ..., data moves) and bumps
 * STORE_SCHEMA_VERSION; a step is never edited once released.
 */
struct step {
	int version;
	const char *sql;
};

static const struct step steps[] = {
	{ 1, schema_v1 },
	{ 2, schema_v2 },
};

_Static_assert(sizeof(steps) / sizeof(steps[0]) == STORE_SCHEMA_VERSION,
    "one migration step per schema version");

/* NOLINTBEGIN(bugprone-suspicious-missing-comma): one string per entry */
const char *const store_sql_text[STORE_SQL_COUNT] = {
	[STORE_SQL_VERSION_GET] =
	    "SELECT COALESCE(MAX(version), 0) FROM schema_version",
	[STORE_SQL_VERSION_ADD] =
	    "INSERT INTO schema_version (version, applied) VALUES ($1, $2)",
	[STORE_SQL_TENANT_PUT] =
	    "INSERT INTO tenants (id, spid, linkable, created)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE"
	    " SET spid = excluded.spid, linkable = excluded.linkable",
	[STORE_SQL_TENANT_GET] =
	    "SELECT id, spid, linkable, created FROM tenants WHERE id = $1",
	[STORE_SQL_TENANT_DELETE] = "DELETE FROM tenants WHERE id = $1",
	[STORE_SQL_TENANT_LIST] =
	    "SELECT id, spid, linkable, created FROM tenants ORDER BY id",
	[STORE_SQL_KEY_ADD] =
	    "INSERT INTO tenant_keys (key_hash, tenant) VALUES ($1, $2)"
	    " ON CONFLICT (key_hash) DO NOTHING",
	[STORE_SQL_KEY_REMOVE] = "DELETE FROM tenant_keys WHERE key_hash = $1",
	[STORE_SQL_KEY_LOOKUP] =
	    "SELECT t.id, t.spid, t.linkable, t.created"
	    " FROM tenant_keys k JOIN tenants t ON t.id = k.tenant"
	    " WHERE k.key_hash = $1",
	[STORE_SQL_GROUP_PUT] =
	    "INSERT INTO epid_groups (gid, pub, cert, wrapped_isk, revoked,"
	    " revocation_reason, sigrl_version, privrl_version, created)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
	    " ON CONFLICT (gid) DO UPDATE SET pub = excluded.pub,"
	    " cert = excluded.cert, wrapped_isk = excluded.wrapped_isk",
	[STORE_SQL_GROUP_GET] =
	    "SELECT gid, pub, cert, wrapped_isk, revoked, revocation_reason,"
	    " sigrl_version, privrl_version, created FROM epid_groups WHERE "
	    "gid = $1",
	[STORE_SQL_GROUP_LIST] =
	    "SELECT gid, pub, cert, wrapped_isk, revoked, revocation_reason,"
	    " sigrl_version, privrl_version, created FROM epid_groups ORDER BY "
	    "gid",
	[STORE_SQL_GROUP_REVOKE] =
	    "UPDATE epid_groups SET revoked = 1, revocation_reason = $1"
	    " WHERE gid = $2",
	[STORE_SQL_PRIVRL_BUMP] =
	    "UPDATE epid_groups SET privrl_version = privrl_version + 1"
	    " WHERE gid = $1 RETURNING privrl_version",
	[STORE_SQL_PRIVRL_INSERT] =
	    "INSERT INTO privrl_entries (gid, version, f) VALUES ($1, $2, $3)"
	    " ON CONFLICT (gid, f) DO NOTHING",
	[STORE_SQL_PRIVRL_VERSION] =
	    "SELECT privrl_version FROM epid_groups WHERE gid = $1",
	[STORE_SQL_PRIVRL_LIST] =
	    "SELECT version, f FROM privrl_entries WHERE gid = $1"
	    " ORDER BY version",
	[STORE_SQL_SIGRL_BUMP] =
	    "UPDATE epid_groups SET sigrl_version = sigrl_version + 1"
	    " WHERE gid = $1 RETURNING sigrl_version",
	[STORE_SQL_SIGRL_INSERT] =
	    "INSERT INTO sigrl_entries (gid, version, bk) VALUES ($1, $2, $3)"
	    " ON CONFLICT (gid, bk) DO NOTHING",
	[STORE_SQL_SIGRL_VERSION] =
	    "SELECT sigrl_version FROM epid_groups WHERE gid = $1",
	[STORE_SQL_SIGRL_LIST] =
	    "SELECT version, bk FROM sigrl_entries WHERE gid = $1"
	    " ORDER BY version",
	[STORE_SQL_TCB_DELETE] = "DELETE FROM tcb_levels WHERE gid = $1",
	[STORE_SQL_TCB_INSERT] =
	    "INSERT INTO tcb_levels (gid, ordinal, cpu_svn, qe_svn, pce_svn,"
	    " status, advisories) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	[STORE_SQL_TCB_LIST] =
	    "SELECT ordinal, cpu_svn, qe_svn, pce_svn, status, advisories"
	    " FROM tcb_levels WHERE gid = $1 ORDER BY ordinal",
	[STORE_SQL_PLATFORM_PUT] =
	    "INSERT INTO platforms (ppid, auth_key, gid, enrolled, joined)"
	    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ppid) DO UPDATE"
	    " SET auth_key = excluded.auth_key, gid = excluded.gid,"
	    " joined = excluded.joined",
	[STORE_SQL_PLATFORM_GET] =
	    "SELECT ppid, auth_key, gid, enrolled, joined FROM platforms"
	    " WHERE ppid = $1",
	[STORE_SQL_AUDIT_LAST] =
	    "SELECT seq, row_hash FROM audit ORDER BY seq DESC LIMIT 1",
	[STORE_SQL_AUDIT_INSERT] =
	    "INSERT INTO audit (seq, request_id, tenant, quote_hash, verdict,"
	    " ts, avr_hash, prev_hash, row_hash)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
	[STORE_SQL_AUDIT_ALL] =
	    "SELECT seq, request_id, tenant, quote_hash, verdict, ts,"
	    " avr_hash, prev_hash, row_hash FROM audit ORDER BY seq",
	[STORE_SQL_DCAP_TCB_DELETE] =
	    "DELETE FROM dcap_tcb_levels WHERE fmspc = $1",
	[STORE_SQL_DCAP_TCB_INSERT] =
	    "INSERT INTO dcap_tcb_levels (fmspc, ordinal, comp_svn, pce_svn,"
	    " status, tcb_date, advisories) VALUES ($1, $2, $3, $4, $5, $6, "
	    "$7)",
	[STORE_SQL_DCAP_TCB_LIST] =
	    "SELECT ordinal, comp_svn, pce_svn, status, tcb_date, advisories"
	    " FROM dcap_tcb_levels WHERE fmspc = $1 ORDER BY ordinal",
	[STORE_SQL_DCAP_DOC_BUMP] =
	    "INSERT INTO dcap_docs (name, number, issued, count, body)"
	    " VALUES ($1, 2, $2, 0, '') ON CONFLICT (name) DO UPDATE"
	    " SET number = dcap_docs.number + 1, issued = excluded.issued"
	    " RETURNING number",
	[STORE_SQL_DCAP_DOC_GET] =
	    "SELECT number, issued, count, body FROM dcap_docs WHERE name = $1",
	[STORE_SQL_DCAP_DOC_PUT] =
	    "INSERT INTO dcap_docs (name, number, issued, count, body)"
	    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE"
	    " SET number = excluded.number, issued = excluded.issued,"
	    " count = excluded.count, body = excluded.body"
	    " WHERE dcap_docs.number < excluded.number",
	[STORE_SQL_PCK_INSERT] =
	    "INSERT INTO pck_certs (serial, ppid, cpu_svn, pce_svn, issued,"
	    " revoked_at, der) VALUES ($1, $2, $3, $4, $5, 0, $6)"
	    " ON CONFLICT DO NOTHING",
	[STORE_SQL_PCK_GET] =
	    "SELECT serial, ppid, cpu_svn, pce_svn, issued, revoked_at, der"
	    " FROM pck_certs WHERE ppid = $1 AND cpu_svn = $2 AND pce_svn = $3",
	[STORE_SQL_PCK_REVOKE_SERIAL] = "UPDATE pck_certs SET revoked_at = $1"
	                                " WHERE serial = $2 AND revoked_at = 0",
	[STORE_SQL_PCK_REVOKE_PPID] = "UPDATE pck_certs SET revoked_at = $1"
	                              " WHERE ppid = $2 AND revoked_at = 0",
	[STORE_SQL_PCK_REVOKED] =
	    "SELECT serial, revoked_at FROM pck_certs WHERE revoked_at <> 0"
	    " ORDER BY serial",
};
/* NOLINTEND(bugprone-suspicious-missing-comma) */

/* --- errors and locking
 * ------------------------------------------------------- */

/*
 * The thread's last message: one slot per thread, naming the store it
 * belongs to (0: a store_open that failed). Store ids are never reused,
 * so a new store at a freed one's address does not inherit its message.
 */
static _Thread_local struct {
	uint64_t store;
	bool set;
	char msg[256];
} last_error;

static _Atomic uint64_t next_store_id = 1;

enum ra_err
store_fail(struct store *s, enum ra_err err, const char *fmt, ...)
{
	va_list ap;

	last_error.store = s == NULL ? 0 : s->id;
	last_error.set = true;
	va_start(ap, fmt);
	(void)vsnprintf(last_error.msg, sizeof(last_error.msg), fmt, ap);
	va_end(ap);
	return err;
}

const char *
store_last_error(struct store *s)
{
	uint64_t id = s == NULL ? 0 : s->id;

	if (!last_error.set || last_error.store != id) {
		return "";
	}
	return last_error.msg;
}

/*
 * Start a call: forget this thread's message about s, and refuse a NULL
 * store or a NULL argument (args_ok false).
 */
static enum ra_err
start(struct store *s, bool args_ok, const char *fn)
{
	/* RA_ERR_ARG spelled out, not store_fail's result: the analyzer
	 * then sees that no NULL argument gets past a caller's check. */
	if (s == NULL) {
		(void)store_fail(NULL, RA_ERR_ARG, "%s: no store", fn);
		return RA_ERR_ARG;
	}
	if (last_error.store == s->id) {
		last_error.set = false;
		last_error.msg[0] = '\0';
	}
	if (!args_ok) {
		(void)store_fail(s, RA_ERR_ARG, "%s: NULL argument", fn);
		return RA_ERR_ARG;
	}
	return RA_OK;
}

static void
lock(struct store *s)
{
	(void)pthread_mutex_lock(&s->lock);
}

static enum ra_err
unlock(struct store *s, enum ra_err err)
{
	(void)pthread_mutex_unlock(&s->lock);
	return err;
}

/* --- statements and transactions ---------------------------------------------
 */

static struct store_param
ptext(const char *text)
{
	return (struct store_param){ text, 0 };
}

static struct store_param
pint(int64_t i)
{
	return (struct store_param){ NULL, i };
}

static enum ra_err
run(struct store *s, enum store_sql id, const struct store_param *p, size_t n,
    const struct store_rows *rows, int64_t *changes)
{
	return s->be->exec(s, id, p, n, rows, changes);
}

/* Run body(s, ctx) in a transaction of kind tx; roll back if it fails. */
static enum ra_err
in_tx(struct store *s, enum store_tx tx,
    enum ra_err (*body)(struct store *s, void *ctx), void *ctx)
{
	enum ra_err err = s->be->begin(s, tx);

	if (err != RA_OK) {
		return err;
	}
	err = body(s, ctx);
	if (err == RA_OK) {
		err = s->be->commit(s);
	}
	if (err != RA_OK) {
		s->be->rollback(s);
	}
	return err;
}

/* One write statement, in its own transaction. */
struct write1 {
	enum store_sql id;
	const struct store_param *p;
	size_t n;
	int64_t changes;
};

static enum ra_err
write1_body(struct store *s, void *ctx)
{
	struct write1 *w = ctx;

	return run(s, w->id, w->p, w->n, NULL, &w->changes);
}

static enum ra_err
write1(struct store *s, enum store_sql id, const struct store_param *p,
    size_t n, int64_t *changes)
{
	struct write1 w = { id, p, n, 0 };
	enum ra_err err = in_tx(s, STORE_TX_WRITE, write1_body, &w);

	if (changes != NULL) {
		*changes = w.changes;
	}
	return err;
}

/* --- checking values
 * ---------------------------------------------------------- */

static bool
is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* A tenant id: [A-Za-z0-9._-]{1,63}, NUL-terminated in STORE_ID_MAX. */
static bool
is_id(const char *id)
{
	size_t len = strnlen(id, STORE_ID_MAX), i;

	if (len == 0 || len == STORE_ID_MAX) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (!is_id_char(id[i])) {
			return false;
		}
	}
	return true;
}

/* Printable ASCII, NUL-terminated within cap bytes, empty if allowed. */
static bool
is_text(const char *p, size_t cap, bool can_be_empty)
{
	size_t len = strnlen(p, cap), i;

	if (len == cap || (len == 0 && !can_be_empty)) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] > 0x7e) {
			return false;
		}
	}
	return true;
}

/* An audit row's tenant: "" (none authenticated) or a tenant id. */
static bool
is_audit_tenant(const char *t)
{
	return t[0] == '\0' || is_id(t);
}

/* RFC 5280 §5.3.1 CRLReason: 0 .. 10 (7 is unused but harmless). */
static bool
is_crl_reason(int reason)
{
	return reason >= 0 && reason <= 10;
}

/* Lower-case hex of in[0..len); every caller's out holds 2 len + 1. */
static void
to_hex(char *out, size_t cap, const void *in, size_t len)
{
	if (ra_hex_encode(out, cap, in, len) != RA_OK) {
		out[0] =
		    '\0'; /* unreachable; an empty value fails every read */
	}
}

/* Decimal digits with an optional '-', as both databases print them. */
static bool
parse_i64(const char *p, size_t len, int64_t *v)
{
	bool is_neg = len > 0 && p[0] == '-';
	uint64_t acc = 0;
	uint64_t lim = is_neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	size_t i = is_neg ? 1 : 0;

	if (i == len || len > 20) {
		return false;
	}
	for (; i < len; i++) {
		uint64_t d = (uint64_t)(unsigned char)p[i] - '0';

		if (d > 9 || acc > (lim - d) / 10) {
			return false;
		}
		acc = acc * 10 + d;
	}
	if (is_neg && acc != 0) {
		*v = -(int64_t)(acc - 1) - 1;
	} else {
		*v = (int64_t)acc;
	}
	return true;
}

/*
 * A row decoder with a sticky error, like the parsing cursor: read the
 * columns in order, check once with dec_finish. A bad value makes the
 * read RA_ERR_IO with a message naming the column; the first one wins.
 */
struct dec {
	struct store *s;
	const struct store_row *r;
	size_t col;
	enum ra_err err;
};

static struct dec
dec_init(struct store *s, const struct store_row *r)
{
	return (struct dec){ s, r, 0, RA_OK };
}

static void
dec_bad(struct dec *d, const char *what, const char *why)
{
	if (d->err == RA_OK) {
		d->err = store_fail(
		    d->s, RA_ERR_IO, "corrupt database: %s %s", what, why);
	}
}

/* The next column's text, or NULL (and the error) if absent or NULL. */
static const char *
dec_next(struct dec *d, size_t *len, const char *what)
{
	size_t i = d->col++;

	if (i >= d->r->n || d->r->v[i] == NULL) {
		dec_bad(d, what, "is missing");
		*len = 0;
		return NULL;
	}
	*len = d->r->len[i];
	return d->r->v[i];
}

static int64_t
dec_int(struct dec *d, int64_t lo, int64_t hi, const char *what)
{
	size_t len;
	const char *v = dec_next(d, &len, what);
	int64_t x = 0;

	if (v != NULL && (!parse_i64(v, len, &x) || x < lo || x > hi)) {
		dec_bad(d, what, "is not an integer in range");
		x = 0;
	}
	return x;
}

static bool
is_lower_hex(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!((p[i] >= '0' && p[i] <= '9') ||
		        (p[i] >= 'a' && p[i] <= 'f'))) {
			return false;
		}
	}
	return true;
}

/* 1..max bytes as lower-case hex, into out (*len). */
static void
dec_hexv(struct dec *d, uint8_t *out, size_t max, size_t *len, const char *what)
{
	size_t n;
	const char *v = dec_next(d, &n, what);

	*len = 0;
	if (v == NULL) {
		return;
	}
	if (n == 0 || n % 2 != 0 || n / 2 > max || !is_lower_hex(v, n) ||
	    ra_hex_decode_exact(out, n / 2, v, n) != RA_OK) {
		dec_bad(d, what, "is not hex of an acceptable length");
		return;
	}
	*len = n / 2;
}

/* Exactly len bytes as 2 len lower-case hex digits. */
static void
dec_hex(struct dec *d, void *out, size_t len, const char *what)
{
	size_t got = 0;
	enum ra_err before = d->err;

	dec_hexv(d, out, len, &got, what);
	if (got != len) {
		memset(out, 0, len);
		if (before == RA_OK && d->err == RA_OK) {
			dec_bad(d, what, "is not hex of the right length");
		}
	}
}

/* Printable ASCII shorter than cap, into out (NUL-terminated). */
static void
dec_text(
    struct dec *d, char *out, size_t cap, bool can_be_empty, const char *what)
{
	size_t n;
	const char *v = dec_next(d, &n, what);

	memset(out, 0, cap);
	if (v == NULL) {
		return;
	}
	if (n >= cap || strlen(v) != n) {
		dec_bad(d, what, "is too long or holds a NUL");
		return;
	}
	memcpy(out, v, n);
	if (!is_text(out, cap, can_be_empty)) {
		memset(out, 0, cap);
		dec_bad(d, what, "is not printable text");
	}
}

static void
dec_id(struct dec *d, char *out, bool can_be_empty, const char *what)
{
	dec_text(d, out, STORE_ID_MAX, can_be_empty, what);
	if (d->err == RA_OK && !(can_be_empty && out[0] == '\0') &&
	    !is_id(out)) {
		memset(out, 0, STORE_ID_MAX);
		dec_bad(d, what, "is not a tenant id");
	}
}

/* The first bad column's error, or an unexpected column count. */
static enum ra_err
dec_finish(struct dec *d)
{
	if (d->err == RA_OK && d->col != d->r->n) {
		d->err = store_fail(d->s, RA_ERR_IO,
		    "database: %zu columns, expected %zu", d->r->n, d->col);
	}
	return d->err;
}

/* --- opening and migrating
 * ---------------------------------------------------- */

static const struct {
	const char *prefix;
	const struct store_backend *be;
} schemes[] = {
	{ "sqlite:", &store_backend_sqlite },
	{ "postgresql://", &store_backend_pg },
	{ "postgres://", &store_backend_pg },
};

static const struct store_backend *
find_backend(const char *url)
{
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (strncmp(url, schemes[i].prefix,
		        strlen(schemes[i].prefix)) == 0) {
			return schemes[i].be;
		}
	}
	return NULL;
}

/* A failed open: keep its message under "no store" (store id 0). */
static enum ra_err
open_failed(struct store *st, enum ra_err err)
{
	if (last_error.store == st->id) {
		last_error.store = 0;
	}
	st->be->close(st);
	(void)pthread_mutex_destroy(&st->lock);
	free(st);
	return err;
}

enum ra_err
store_open(struct store **s, const char *url)
{
	const struct store_backend *be;
	struct store *st;
	enum ra_err err;

	if (last_error.store == 0) {
		last_error.set = false;
	}
	if (s == NULL || url == NULL) {
		return store_fail(
		    NULL, RA_ERR_ARG, "store_open: NULL argument");
	}
	*s = NULL;
	if (strnlen(url, STORE_URL_MAX) == STORE_URL_MAX) {
		return store_fail(NULL, RA_ERR_ARG, "store_open: URL too long");
	}
	be = find_backend(url);
	if (be == NULL) {
		return store_fail(NULL, RA_ERR_ARG,
		    "store_open: URL is neither sqlite: nor postgresql://");
	}
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		return store_fail(NULL, RA_ERR_NOMEM, "store_open: no memory");
	}
	if (pthread_mutex_init(&st->lock, NULL) != 0) {
		free(st);
		return store_fail(NULL, RA_ERR_NOMEM, "store_open: no mutex");
	}
	st->be = be;
	st->id = atomic_fetch_add(&next_store_id, 1);
	err = be->open(st, url);
	if (err != RA_OK) {
		return open_failed(st, err);
	}
	*s = st;
	return RA_OK;
}

void
store_close(struct store *s)
{
	if (s == NULL) {
		return;
	}
	if (last_error.store == s->id) {
		last_error.set = false;
	}
	s->be->close(s);
	(void)pthread_mutex_destroy(&s->lock);
	free(s);
}

/* A result of one integer column in [lo, hi]: sets v and found. */
struct one_int {
	struct store *s;
	int64_t lo, hi;
	const char *what;
	int64_t v;
	bool found;
};

static enum ra_err
one_int_row(void *ctx, const struct store_row *r, bool *more)
{
	struct one_int *c = ctx;
	struct dec d = dec_init(c->s, r);

	c->v = dec_int(&d, c->lo, c->hi, c->what);
	c->found = true;
	*more = false;
	return dec_finish(&d);
}

/* The highest version in schema_version (the table exists). */
static enum ra_err
read_version(struct store *s, int *version)
{
	struct one_int c = { s, 0, INT32_MAX, "schema_version.version", 0,
		false };
	struct store_rows rows = { one_int_row, &c };
	enum ra_err err = run(s, STORE_SQL_VERSION_GET, NULL, 0, &rows, NULL);

	*version = (int)c.v;
	return err;
}

static enum ra_err
migrate_body(struct store *s, void *ctx)
{
	int *version = ctx, v;
	enum ra_err err = s->be->script(s, version_table);

	if (err == RA_OK) {
		err = read_version(s, version);
	}
	if (err != RA_OK) {
		return err;
	}
	if (*version > STORE_SCHEMA_VERSION) {
		return store_fail(s, RA_ERR_STATE,
		    "schema version %d is newer than this program's %d",
		    *version, STORE_SCHEMA_VERSION);
	}
	for (v = *version; v < STORE_SCHEMA_VERSION; v++) {
		struct store_param p[2] = { pint(v + 1), pint(time(NULL)) };

		if (steps[v].version != v + 1) {
			return store_fail(
			    s, RA_ERR_STATE, "migration %d: bad step", v + 1);
		}
		err = s->be->script(s, steps[v].sql);
		if (err == RA_OK) {
			err = run(s, STORE_SQL_VERSION_ADD, p, 2, NULL, NULL);
		}
		if (err != RA_OK) {
			return err;
		}
	}
	return RA_OK;
}

enum ra_err
store_migrate(struct store *s)
{
	int version = 0;
	enum ra_err err = start(s, true, __func__);

	if (err != RA_OK) {
		return err;
	}
	lock(s);
	return unlock(s, in_tx(s, STORE_TX_MIGRATE, migrate_body, &version));
}

enum ra_err
store_schema_version(struct store *s, int *version)
{
	bool has = false;
	enum ra_err err = start(s, version != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	*version = 0;
	lock(s);
	err = s->be->has_schema(s, &has);
	if (err == RA_OK && has) {
		err = read_version(s, version);
	}
	return unlock(s, err);
}

/* --- tenants and subscription keys
 * -------------------------------------------- */

/* One tenant row, or each row of a list to a callback (cb not NULL). */
struct tenant_get {
	struct store_tenant *t;
	bool found;
	struct store *s;
	bool (*cb)(void *ctx, const struct store_tenant *t);
	void *ctx;
};

static enum ra_err
tenant_row(void *ctx, const struct store_row *r, bool *more)
{
	struct tenant_get *c = ctx;
	struct dec d = dec_init(c->s, r);
	enum ra_err err;

	dec_id(&d, c->t->id, false, "tenants.id");
	dec_hex(&d, c->t->spid, sizeof(c->t->spid), "tenants.spid");
	c->t->linkable = dec_int(&d, 0, 1, "tenants.linkable") == 1;
	c->t->created = dec_int(&d, INT64_MIN, INT64_MAX, "tenants.created");
	c->found = true;
	if ((err = dec_finish(&d)) != RA_OK) {
		return err;
	}
	*more = c->cb != NULL && c->cb(c->ctx, c->t);
	return RA_OK;
}

/* A one-row lookup of a tenant by id or by key hash (hex). */
static enum ra_err
tenant_query(struct store *s, enum store_sql id, const char *key,
    struct store_tenant *t, bool *found)
{
	struct tenant_get c = { t, false, s, NULL, NULL };
	struct store_rows rows = { tenant_row, &c };
	struct store_param p[1] = { ptext(key) };
	enum ra_err err = run(s, id, p, 1, &rows, NULL);

	*found = err == RA_OK && c.found;
	if (!*found) {
		memset(t, 0, sizeof(*t));
	}
	return err;
}

enum ra_err
store_tenant_put(struct store *s, const struct store_tenant *t)
{
	char spid[RA_HEX_LEN(16) + 1];
	struct store_param p[4];
	enum ra_err err = start(s, t != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (!is_id(t->id)) {
		return store_fail(s, RA_ERR_ARG, "bad tenant id");
	}
	to_hex(spid, sizeof(spid), t->spid, sizeof(t->spid));
	p[0] = ptext(t->id);
	p[1] = ptext(spid);
	p[2] = pint(t->linkable ? 1 : 0);
	p[3] = pint(t->created);
	lock(s);
	return unlock(s, write1(s, STORE_SQL_TENANT_PUT, p, 4, NULL));
}

enum ra_err
store_tenant_get(
    struct store *s, const char *id, struct store_tenant *t, bool *found)
{
	enum ra_err err =
	    start(s, id != NULL && t != NULL && found != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	*found = false;
	memset(t, 0, sizeof(*t));
	if (!is_id(id)) {
		return store_fail(s, RA_ERR_ARG, "bad tenant id");
	}
	lock(s);
	return unlock(s, tenant_query(s, STORE_SQL_TENANT_GET, id, t, found));
}

enum ra_err
store_tenant_list(struct store *s,
    bool (*cb)(void *ctx, const struct store_tenant *t), void *ctx)
{
	struct store_tenant t;
	struct tenant_get c = { &t, false, s, cb, ctx };
	struct store_rows rows = { tenant_row, &c };
	enum ra_err err = start(s, cb != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	lock(s);
	return unlock(s, run(s, STORE_SQL_TENANT_LIST, NULL, 0, &rows, NULL));
}

enum ra_err
store_tenant_delete(struct store *s, const char *id)
{
	struct store_param p[1];
	enum ra_err err = start(s, id != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (!is_id(id)) {
		return store_fail(s, RA_ERR_ARG, "bad tenant id");
	}
	p[0] = ptext(id);
	lock(s);
	return unlock(s, write1(s, STORE_SQL_TENANT_DELETE, p, 1, NULL));
}

struct key_add {
	const char *tenant;
	const char *hex;
};

static enum ra_err
key_add_body(struct store *s, void *ctx)
{
	struct key_add *k = ctx;
	struct store_tenant t;
	struct store_param p[2] = { ptext(k->hex), ptext(k->tenant) };
	int64_t changes = 0;
	bool found;
	enum ra_err err =
	    tenant_query(s, STORE_SQL_TENANT_GET, k->tenant, &t, &found);

	if (err != RA_OK) {
		return err;
	}
	if (!found) {
		return store_fail(s, RA_ERR_POLICY, "no tenant %s", k->tenant);
	}
	err = run(s, STORE_SQL_KEY_ADD, p, 2, NULL, &changes);
	if (err == RA_OK && changes != 1) {
		err = store_fail(s, RA_ERR_POLICY,
		    "the subscription key is already registered");
	}
	return err;
}

enum ra_err
store_key_add(
    struct store *s, const char *tenant, const struct ra_hash256 *key_hash)
{
	char hex[RA_HEX_LEN(RA_HASH256_LEN) + 1];
	struct key_add k = { tenant, hex };
	enum ra_err err =
	    start(s, tenant != NULL && key_hash != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (!is_id(tenant)) {
		return store_fail(s, RA_ERR_ARG, "bad tenant id");
	}
	to_hex(hex, sizeof(hex), key_hash->b, sizeof(key_hash->b));
	lock(s);
	return unlock(s, in_tx(s, STORE_TX_WRITE, key_add_body, &k));
}

enum ra_err
store_key_remove(struct store *s, const struct ra_hash256 *key_hash)
{
	char hex[RA_HEX_LEN(RA_HASH256_LEN) + 1];
	struct store_param p[1] = { ptext(hex) };
	enum ra_err err = start(s, key_hash != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	to_hex(hex, sizeof(hex), key_hash->b, sizeof(key_hash->b));
	lock(s);
	return unlock(s, write1(s, STORE_SQL_KEY_REMOVE, p, 1, NULL));
}

enum ra_err
store_key_lookup(struct store *s, const struct ra_hash256 *key_hash,
    struct store_tenant *t, bool *found)
{
	char hex[RA_HEX_LEN(RA_HASH256_LEN) + 1];
	enum ra_err err =
	    start(s, key_hash != NULL && t != NULL && found != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	*found = false;
	memset(t, 0, sizeof(*t));
	to_hex(hex, sizeof(hex), key_hash->b, sizeof(key_hash->b));
	lock(s);
	return unlock(s, tenant_query(s, STORE_SQL_KEY_LOOKUP, hex, t, found));
}

/* --- EPID groups
 * -------------------------------------------------------------- */

static void
dec_group(struct dec *d, struct store_group *g)
{
	g->gid = (uint32_t)dec_int(d, 0, UINT32_MAX, "epid_groups.gid");
	dec_hex(d, g->pub, sizeof(g->pub), "epid_groups.pub");
	dec_hex(d, g->cert, sizeof(g->cert), "epid_groups.cert");
	dec_hex(d, g->wrapped_isk, sizeof(g->wrapped_isk),
	    "epid_groups.wrapped_isk");
	g->revoked = dec_int(d, 0, 1, "epid_groups.revoked") == 1;
	g->revocation_reason =
	    (int)dec_int(d, 0, 10, "epid_groups.revocation_reason");
	g->sigrl_version =
	    (uint32_t)dec_int(d, 0, UINT32_MAX, "epid_groups.sigrl_version");
	g->privrl_version =
	    (uint32_t)dec_int(d, 0, UINT32_MAX, "epid_groups.privrl_version");
	g->created = dec_int(d, INT64_MIN, INT64_MAX, "epid_groups.created");
}

/* One group row, or each row of a list, to a callback. */
struct group_rows {
	struct store *s;
	struct store_group g;
	bool found;
	bool (*cb)(void *ctx, const struct store_group *g);
	void *ctx;
};

static enum ra_err
group_row(void *ctx, const struct store_row *r, bool *more)
{
	struct group_rows *c = ctx;
	struct dec d = dec_init(c->s, r);
	enum ra_err err;

	dec_group(&d, &c->g);
	err = dec_finish(&d);
	if (err != RA_OK) {
		memset(&c->g, 0, sizeof(c->g));
		return err;
	}
	c->found = true;
	*more = c->cb != NULL && c->cb(c->ctx, &c->g);
	return RA_OK;
}

/* Fetch group gid into c->g (c->found); RA_ERR_POLICY if must_exist. */
static enum ra_err
group_query(
    struct store *s, uint32_t gid, struct group_rows *c, bool must_exist)
{
	struct store_rows rows = { group_row, c };
	struct store_param p[1] = { pint(gid) };
	enum ra_err err = run(s, STORE_SQL_GROUP_GET, p, 1, &rows, NULL);

	if (err == RA_OK && must_exist && !c->found) {
		err = store_fail(s, RA_ERR_POLICY, "no EPID group %08x", gid);
	}
	return err;
}

enum ra_err
store_group_put(struct store *s, const struct store_group *g)
{
	char pub[RA_HEX_LEN(STORE_GROUP_PUB_LEN) + 1];
	char cert[RA_HEX_LEN(STORE_GROUP_CERT_LEN) + 1];
	char wrapped[RA_HEX_LEN(STORE_GROUP_WRAPPED_LEN) + 1];
	struct store_param p[9];
	enum ra_err err = start(s, g != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (!is_crl_reason(g->revocation_reason)) {
		return store_fail(s, RA_ERR_ARG, "bad revocation reason");
	}
	to_hex(pub, sizeof(pub), g->pub, sizeof(g->pub));
	to_hex(cert, sizeof(cert), g->cert, sizeof(g->cert));
	to_hex(
	    wrapped, sizeof(wrapped), g->wrapped_isk, sizeof(g->wrapped_isk));
	p[0] = pint(g->gid);
	p[1] = ptext(pub);
	p[2] = ptext(cert);
	p[3] = ptext(wrapped);
	p[4] = pint(g->revoked ? 1 : 0);
	p[5] = pint(g->revocation_reason);
	p[6] = pint(g->sigrl_version);
	p[7] = pint(g->privrl_version);
	p[8] = pint(g->created);
	lock(s);
	return unlock(s, write1(s, STORE_SQL_GROUP_PUT, p, 9, NULL));
}

enum ra_err
store_group_get(
    struct store *s, uint32_t gid, struct store_group *g, bool *found)
{
	struct group_rows c = { .s = s };
	enum ra_err err = start(s, g != NULL && found != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	lock(s);
	err = unlock(s, group_query(s, gid, &c, false));
	*found = err == RA_OK && c.found;
	*g = c.g;
	return err;
}

enum ra_err
store_group_list(struct store *s,
    bool (*cb)(void *ctx, const struct store_group *g), void *ctx)
{
	struct group_rows c = { .s = s, .cb = cb, .ctx = ctx };
	struct store_rows rows = { group_row, &c };
	enum ra_err err = start(s, cb != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	lock(s);
	return unlock(s, run(s, STORE_SQL_GROUP_LIST, NULL, 0, &rows, NULL));
}

enum ra_err
store_group_revoke(struct store *s, uint32_t gid, int reason)
{
	struct store_param p[2] = { pint(reason), pint(gid) };
	int64_t changes = 0;
	enum ra_err err = start(s, true, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (!is_crl_reason(reason)) {
		return store_fail(s, RA_ERR_ARG, "bad revocation reason");
	}
	lock(s);
	err = write1(s, STORE_SQL_GROUP_REVOKE, p, 2, &changes);
	if (err == RA_OK && changes != 1) {
		err = store_fail(s, RA_ERR_POLICY, "no EPID group %08x", gid);
	}
	return unlock(s, err);
}

/* --- revocation lists -------------------------------------------------------
 */

/* PrivRL and SigRL differ only in their statements and entry length. */
struct rl_kind {
	const char *name;
	size_t entry_len;
	enum store_sql bump, insert, version, list;
	const char *version_col, *entry_col, *list_version_col;
};

static const struct rl_kind privrl = { "PrivRL", 32, STORE_SQL_PRIVRL_BUMP,
	STORE_SQL_PRIVRL_INSERT, STORE_SQL_PRIVRL_VERSION,
	STORE_SQL_PRIVRL_LIST, "epid_groups.privrl_version", "privrl_entries.f",
	"privrl_entries.version" };
static const struct rl_kind sigrl = { "SigRL", 128, STORE_SQL_SIGRL_BUMP,
	STORE_SQL_SIGRL_INSERT, STORE_SQL_SIGRL_VERSION, STORE_SQL_SIGRL_LIST,
	"epid_groups.sigrl_version", "sigrl_entries.bk",
	"sigrl_entries.version" };

struct rl_add {
	const struct rl_kind *k;
	uint32_t gid;
	const char *hex;
	uint32_t version;
};

/*
 * Bump first: on PostgreSQL the UPDATE locks the group's row, so adds to
 * one list are serialised and each gets its own version; the new entry
 * records that version (its place in the list). A duplicate entry
 * inserts nothing, and the rollback undoes the bump.
 */
static enum ra_err
rl_add_body(struct store *s, void *ctx)
{
	struct rl_add *a = ctx;
	/* one above UINT32_MAX: the bump of a full list, refused below */
	struct one_int v = { s, 1, (int64_t)UINT32_MAX + 1, a->k->version_col,
		0, false };
	struct store_rows rows = { one_int_row, &v };
	struct store_param p[3] = { pint(a->gid), pint(0), ptext(a->hex) };
	int64_t changes = 0;
	enum ra_err err = run(s, a->k->bump, p, 1, &rows, NULL);

	if (err == RA_OK && !v.found) {
		err =
		    store_fail(s, RA_ERR_POLICY, "no EPID group %08x", a->gid);
	}
	if (err == RA_OK && v.v > UINT32_MAX) {
		err = store_fail(s, RA_ERR_POLICY, "%s of group %08x is full",
		    a->k->name, a->gid);
	}
	if (err != RA_OK) {
		return err;
	}
	p[1] = pint(v.v);
	err = run(s, a->k->insert, p, 3, NULL, &changes);
	if (err == RA_OK && changes != 1) {
		err = store_fail(s, RA_ERR_POLICY, "already in the %s of %08x",
		    a->k->name, a->gid);
	}
	a->version = (uint32_t)v.v;
	return err;
}

static enum ra_err
rl_add(struct store *s, const struct rl_kind *k, uint32_t gid,
    const uint8_t *entry, uint32_t *version)
{
	char hex[RA_HEX_LEN(128) + 1];
	struct rl_add a = { k, gid, hex, 0 };
	enum ra_err err = start(s, entry != NULL && version != NULL, k->name);

	if (err != RA_OK) {
		return err;
	}
	*version = 0;
	to_hex(hex, sizeof(hex), entry, k->entry_len);
	lock(s);
	err = unlock(s, in_tx(s, STORE_TX_WRITE, rl_add_body, &a));
	if (err == RA_OK) {
		*version = a.version;
	}
	return err;
}

enum ra_err
store_privrl_add(
    struct store *s, uint32_t gid, const uint8_t f[32], uint32_t *version)
{
	return rl_add(s, &privrl, gid, f, version);
}

enum ra_err
store_sigrl_add(
    struct store *s, uint32_t gid, const uint8_t bk[128], uint32_t *version)
{
	return rl_add(s, &sigrl, gid, bk, version);
}

struct rl_list {
	struct store *s;
	const struct rl_kind *k;
	uint32_t gid;
	int64_t version;
	bool (*cb)(void *ctx, const uint8_t *entry);
	void *ctx;
};

static enum ra_err
rl_entry_row(void *ctx, const struct store_row *r, bool *more)
{
	struct rl_list *c = ctx;
	struct dec d = dec_init(c->s, r);
	uint8_t entry[128];
	enum ra_err err;

	(void)dec_int(&d, 1, c->version, c->k->list_version_col);
	dec_hex(&d, entry, c->k->entry_len, c->k->entry_col);
	err = dec_finish(&d);
	if (err == RA_OK) {
		*more = c->cb(c->ctx, entry);
	}
	return err;
}

static enum ra_err
rl_list_body(struct store *s, void *ctx)
{
	struct rl_list *c = ctx;
	struct one_int v = { s, 0, UINT32_MAX, c->k->version_col, 0, false };
	struct store_rows vrows = { one_int_row, &v };
	struct store_rows erows = { rl_entry_row, c };
	struct store_param p[1] = { pint(c->gid) };
	enum ra_err err = run(s, c->k->version, p, 1, &vrows, NULL);

	if (err == RA_OK && !v.found) {
		err =
		    store_fail(s, RA_ERR_POLICY, "no EPID group %08x", c->gid);
	}
	if (err != RA_OK) {
		return err;
	}
	c->version = v.v;
	return run(s, c->k->list, p, 1, &erows, NULL);
}

static enum ra_err
rl_list(struct store *s, const struct rl_kind *k, uint32_t gid,
    uint32_t *version, bool (*cb)(void *ctx, const uint8_t *entry), void *ctx)
{
	struct rl_list c = { s, k, gid, 0, cb, ctx };
	enum ra_err err = start(s, version != NULL && cb != NULL, k->name);

	if (err != RA_OK) {
		return err;
	}
	*version = 0;
	lock(s);
	err = unlock(s, in_tx(s, STORE_TX_READ, rl_list_body, &c));
	if (err == RA_OK) {
		*version = (uint32_t)c.version;
	}
	return err;
}

enum ra_err
store_privrl_list(struct store *s, uint32_t gid, uint32_t *version,
    bool (*cb)(void *ctx, const uint8_t *f), void *ctx)
{
	return rl_list(s, &privrl, gid, version, cb, ctx);
}

enum ra_err
store_sigrl_list(struct store *s, uint32_t gid, uint32_t *version,
    bool (*cb)(void *ctx, const uint8_t *bk), void *ctx)
{
	return rl_list(s, &sigrl, gid, version, cb, ctx);
}

/* --- TCB levels
 * --------------------------------------------------------------- */

static bool
is_tcb_level(const struct store_tcb_level *l, uint32_t gid, int prev)
{
	return l->gid == gid && l->ordinal > prev &&
	    is_text(l->status, sizeof(l->status), false) &&
	    is_text(l->advisories, sizeof(l->advisories), true);
}

struct tcb_set {
	uint32_t gid;
	const struct store_tcb_level *levels;
	size_t n;
};

static enum ra_err
tcb_insert(struct store *s, const struct store_tcb_level *l)
{
	char cpu_svn[RA_HEX_LEN(16) + 1];
	struct store_param p[7] = { pint(l->gid), pint(l->ordinal),
		ptext(cpu_svn), pint(l->qe_svn), pint(l->pce_svn),
		ptext(l->status), ptext(l->advisories) };

	to_hex(cpu_svn, sizeof(cpu_svn), l->cpu_svn, sizeof(l->cpu_svn));
	return run(s, STORE_SQL_TCB_INSERT, p, 7, NULL, NULL);
}

static enum ra_err
tcb_set_body(struct store *s, void *ctx)
{
	struct tcb_set *t = ctx;
	struct group_rows g = { .s = s };
	struct store_param p[1] = { pint(t->gid) };
	enum ra_err err = group_query(s, t->gid, &g, true);
	size_t i;

	if (err == RA_OK) {
		err = run(s, STORE_SQL_TCB_DELETE, p, 1, NULL, NULL);
	}
	for (i = 0; err == RA_OK && i < t->n; i++) {
		err = tcb_insert(s, &t->levels[i]);
	}
	return err;
}

enum ra_err
store_tcb_set(struct store *s, uint32_t gid,
    const struct store_tcb_level *levels, size_t n)
{
	struct tcb_set t = { gid, levels, n };
	int prev = -1;
	size_t i;
	enum ra_err err = start(s, levels != NULL || n == 0, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (n > STORE_TCB_LEVELS_MAX) {
		return store_fail(s, RA_ERR_ARG, "too many TCB levels");
	}
	for (i = 0; i < n; i++) {
		if (!is_tcb_level(&levels[i], gid, prev)) {
			return store_fail(
			    s, RA_ERR_ARG, "bad TCB level %zu", i);
		}
		prev = levels[i].ordinal;
	}
	lock(s);
	return unlock(s, in_tx(s, STORE_TX_TCB, tcb_set_body, &t));
}

struct tcb_list {
	struct store *s;
	uint32_t gid;
	bool (*cb)(void *ctx, const struct store_tcb_level *l);
	void *ctx;
};

static enum ra_err
tcb_row(void *ctx, const struct store_row *r, bool *more)
{
	struct tcb_list *c = ctx;
	struct dec d = dec_init(c->s, r);
	struct store_tcb_level l = { .gid = c->gid };
	enum ra_err err;

	l.ordinal = (int)dec_int(&d, 0, INT32_MAX, "tcb_levels.ordinal");
	dec_hex(&d, l.cpu_svn, sizeof(l.cpu_svn), "tcb_levels.cpu_svn");
	l.qe_svn = (uint16_t)dec_int(&d, 0, UINT16_MAX, "tcb_levels.qe_svn");
	l.pce_svn = (uint16_t)dec_int(&d, 0, UINT16_MAX, "tcb_levels.pce_svn");
	dec_text(&d, l.status, sizeof(l.status), false, "tcb_levels.status");
	dec_text(&d, l.advisories, sizeof(l.advisories), true,
	    "tcb_levels.advisories");
	err = dec_finish(&d);
	if (err == RA_OK) {
		*more = c->cb(c->ctx, &l);
	}
	return err;
}

static enum ra_err
tcb_list_body(struct store *s, void *ctx)
{
	struct tcb_list *c = ctx;
	struct group_rows g = { .s = s };
	struct store_rows rows = { tcb_row, c };
	struct store_param p[1] = { pint(c->gid) };
	enum ra_err err = group_query(s, c->gid, &g, true);

	if (err != RA_OK) {
		return err;
	}
	return run(s, STORE_SQL_TCB_LIST, p, 1, &rows, NULL);
}

enum ra_err
store_tcb_list(struct store *s, uint32_t gid,
    bool (*cb)(void *ctx, const struct store_tcb_level *l), void *ctx)
{
	struct tcb_list c = { s, gid, cb, ctx };
	enum ra_err err = start(s, cb != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	lock(s);
	return unlock(s, in_tx(s, STORE_TX_READ, tcb_list_body, &c));
}

/* --- platforms
 * ---------------------------------------------------------------- */

enum ra_err
store_platform_put(struct store *s, const struct store_platform *p)
{
	char ppid[RA_HEX_LEN(16) + 1], key[RA_HEX_LEN(16) + 1];
	struct store_param q[5];
	enum ra_err err = start(s, p != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	to_hex(ppid, sizeof(ppid), p->ppid, sizeof(p->ppid));
	to_hex(key, sizeof(key), p->auth_key, sizeof(p->auth_key));
	q[0] = ptext(ppid);
	q[1] = ptext(key);
	q[2] = pint(p->gid);
	q[3] = pint(p->enrolled);
	q[4] = pint(p->joined);
	lock(s);
	err = unlock(s, write1(s, STORE_SQL_PLATFORM_PUT, q, 5, NULL));
	RA_WIPE(key);
	return err;
}

struct platform_get {
	struct store *s;
	struct store_platform *p;
	bool found;
};

static enum ra_err
platform_row(void *ctx, const struct store_row *r, bool *more)
{
	struct platform_get *c = ctx;
	struct dec d = dec_init(c->s, r);

	dec_hex(&d, c->p->ppid, sizeof(c->p->ppid), "platforms.ppid");
	dec_hex(
	    &d, c->p->auth_key, sizeof(c->p->auth_key), "platforms.auth_key");
	c->p->gid = (uint32_t)dec_int(&d, 0, UINT32_MAX, "platforms.gid");
	c->p->enrolled =
	    dec_int(&d, INT64_MIN, INT64_MAX, "platforms.enrolled");
	c->p->joined = dec_int(&d, INT64_MIN, INT64_MAX, "platforms.joined");
	c->found = true;
	*more = false;
	return dec_finish(&d);
}

enum ra_err
store_platform_get(struct store *s, const uint8_t ppid[16],
    struct store_platform *p, bool *found)
{
	char hex[RA_HEX_LEN(16) + 1];
	struct platform_get c = { s, p, false };
	struct store_rows rows = { platform_row, &c };
	struct store_param q[1] = { ptext(hex) };
	enum ra_err err =
	    start(s, ppid != NULL && p != NULL && found != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	memset(p, 0, sizeof(*p));
	to_hex(hex, sizeof(hex), ppid, 16);
	lock(s);
	err = unlock(s, run(s, STORE_SQL_PLATFORM_GET, q, 1, &rows, NULL));
	*found = err == RA_OK && c.found;
	if (!*found) {
		ra_wipe(p, sizeof(*p));
	}
	return err;
}

/* --- DCAP
 * -------------------------------------------------------------------- */

/* lower-case hex of len bytes, malloc'd; NULL if out of memory. */
static char *
hex_new(const uint8_t *p, size_t len)
{
	char *h = malloc(RA_HEX_LEN(len) + 1);

	if (h != NULL) {
		to_hex(h, RA_HEX_LEN(len) + 1, p, len);
	}
	return h;
}

struct dcap_tcb_set {
	char fmspc[RA_HEX_LEN(6) + 1];
	const struct store_dcap_level *levels;
	size_t n;
	int64_t now;
	uint64_t eval;
};

/* The row "tcb-eval-<fmspc>" of dcap_docs holds the evaluation number. */
static void
eval_name(char *out, size_t cap, const char *fmspc_hex)
{
	(void)snprintf(out, cap, "tcb-eval-%s", fmspc_hex);
}

static enum ra_err
dcap_tcb_set_body(struct store *s, void *ctx)
{
	struct dcap_tcb_set *t = ctx;
	char name[STORE_DOC_NAME_MAX], comp[RA_HEX_LEN(16) + 1];
	struct store_param p[7];
	struct one_int c = { s, 1, INT64_MAX, "dcap_docs.number", 0, false };
	struct store_rows rows = { one_int_row, &c };
	enum ra_err err;
	size_t i;

	p[0] = ptext(t->fmspc);
	err = run(s, STORE_SQL_DCAP_TCB_DELETE, p, 1, NULL, NULL);
	for (i = 0; err == RA_OK && i < t->n; i++) {
		const struct store_dcap_level *l = &t->levels[i];

		to_hex(comp, sizeof(comp), l->comp_svn, sizeof(l->comp_svn));
		p[1] = pint(l->ordinal);
		p[2] = ptext(comp);
		p[3] = pint(l->pce_svn);
		p[4] = ptext(l->status);
		p[5] = pint(l->tcb_date);
		p[6] = ptext(l->advisories);
		err = run(s, STORE_SQL_DCAP_TCB_INSERT, p, 7, NULL, NULL);
	}
	if (err != RA_OK) {
		return err;
	}
	eval_name(name, sizeof(name), t->fmspc);
	p[0] = ptext(name);
	p[1] = pint(t->now);
	err = run(s, STORE_SQL_DCAP_DOC_BUMP, p, 2, &rows, NULL);
	if (err == RA_OK && !c.found) {
		err = store_fail(s, RA_ERR_IO, "no TCB evaluation number");
	}
	t->eval = (uint64_t)c.v;
	return err;
}

enum ra_err
store_dcap_tcb_set(struct store *s, const uint8_t fmspc[6],
    const struct store_dcap_level *levels, size_t n, uint64_t *eval)
{
	struct dcap_tcb_set t = { "", levels, n, time(NULL), 0 };
	int prev = -1;
	size_t i;
	enum ra_err err = start(s,
	    fmspc != NULL && eval != NULL && (levels != NULL || n == 0),
	    __func__);

	if (err != RA_OK) {
		return err;
	}
	if (n > STORE_TCB_LEVELS_MAX) {
		return store_fail(s, RA_ERR_ARG, "too many TCB levels");
	}
	for (i = 0; i < n; i++) {
		if (levels[i].ordinal <= prev ||
		    !is_text(
		        levels[i].status, sizeof(levels[i].status), false) ||
		    !is_text(levels[i].advisories, sizeof(levels[i].advisories),
		        true)) {
			return store_fail(
			    s, RA_ERR_ARG, "bad TCB level %zu", i);
		}
		prev = levels[i].ordinal;
	}
	to_hex(t.fmspc, sizeof(t.fmspc), fmspc, 6);
	lock(s);
	err = unlock(s, in_tx(s, STORE_TX_TCB, dcap_tcb_set_body, &t));
	*eval = t.eval;
	return err;
}

struct dcap_tcb_list {
	struct store *s;
	char fmspc[RA_HEX_LEN(6) + 1];
	uint64_t eval;
	bool (*cb)(void *ctx, const struct store_dcap_level *l);
	void *ctx;
};

static enum ra_err
dcap_tcb_row(void *ctx, const struct store_row *r, bool *more)
{
	struct dcap_tcb_list *c = ctx;
	struct dec d = dec_init(c->s, r);
	struct store_dcap_level l;
	enum ra_err err;

	memset(&l, 0, sizeof(l));
	l.ordinal = (int)dec_int(&d, 0, INT32_MAX, "dcap_tcb_levels.ordinal");
	dec_hex(&d, l.comp_svn, sizeof(l.comp_svn), "dcap_tcb_levels.comp_svn");
	l.pce_svn =
	    (uint16_t)dec_int(&d, 0, UINT16_MAX, "dcap_tcb_levels.pce_svn");
	dec_text(
	    &d, l.status, sizeof(l.status), false, "dcap_tcb_levels.status");
	l.tcb_date = dec_int(&d, 0, INT64_MAX, "dcap_tcb_levels.tcb_date");
	dec_text(&d, l.advisories, sizeof(l.advisories), true,
	    "dcap_tcb_levels.advisories");
	err = dec_finish(&d);
	if (err == RA_OK) {
		*more = c->cb(c->ctx, &l);
	}
	return err;
}

/* The evaluation number row: number, issued, count 0, body "". */
static enum ra_err
eval_row(void *ctx, const struct store_row *r, bool *more)
{
	struct dcap_tcb_list *c = ctx;
	struct dec d = dec_init(c->s, r);
	size_t len;

	c->eval = (uint64_t)dec_int(&d, 1, INT64_MAX, "dcap_docs.number");
	(void)dec_int(&d, INT64_MIN, INT64_MAX, "dcap_docs.issued");
	(void)dec_int(&d, 0, 0, "dcap_docs.count");
	if (dec_next(&d, &len, "dcap_docs.body") != NULL && len != 0) {
		dec_bad(&d, "dcap_docs.body", "is not empty");
	}
	*more = false;
	return dec_finish(&d);
}

static enum ra_err
dcap_tcb_list_body(struct store *s, void *ctx)
{
	struct dcap_tcb_list *c = ctx;
	char name[STORE_DOC_NAME_MAX];
	struct store_rows eval_rows = { eval_row, c };
	struct store_rows rows = { dcap_tcb_row, c };
	struct store_param p[1];
	enum ra_err err;

	eval_name(name, sizeof(name), c->fmspc);
	p[0] = ptext(name);
	err = run(s, STORE_SQL_DCAP_DOC_GET, p, 1, &eval_rows, NULL);
	if (err != RA_OK) {
		return err;
	}
	p[0] = ptext(c->fmspc);
	return run(s, STORE_SQL_DCAP_TCB_LIST, p, 1, &rows, NULL);
}

enum ra_err
store_dcap_tcb_list(struct store *s, const uint8_t fmspc[6], uint64_t *eval,
    bool (*cb)(void *ctx, const struct store_dcap_level *l), void *ctx)
{
	struct dcap_tcb_list c = { s, "", 0, cb, ctx };
	enum ra_err err =
	    start(s, fmspc != NULL && eval != NULL && cb != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	to_hex(c.fmspc, sizeof(c.fmspc), fmspc, 6);
	lock(s);
	err = unlock(s, in_tx(s, STORE_TX_READ, dcap_tcb_list_body, &c));
	*eval = c.eval;
	return err;
}

enum ra_err
store_pck_put(struct store *s, const struct store_pck *c)
{
	char ppid[RA_HEX_LEN(16) + 1], cpu[RA_HEX_LEN(16) + 1], *der;
	struct store_param p[6];
	int64_t changes = 0;
	enum ra_err err = start(s, c != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (c->serial == 0 || c->serial > INT64_MAX || c->der_len == 0 ||
	    c->der_len > sizeof(c->der)) {
		return store_fail(s, RA_ERR_ARG, "bad PCK certificate");
	}
	if ((der = hex_new(c->der, c->der_len)) == NULL) {
		return store_fail(s, RA_ERR_NOMEM, "no memory");
	}
	to_hex(ppid, sizeof(ppid), c->ppid, 16);
	to_hex(cpu, sizeof(cpu), c->cpu_svn, 16);
	p[0] = pint((int64_t)c->serial);
	p[1] = ptext(ppid);
	p[2] = ptext(cpu);
	p[3] = pint(c->pce_svn);
	p[4] = pint(c->issued);
	p[5] = ptext(der);
	lock(s);
	err = unlock(s, write1(s, STORE_SQL_PCK_INSERT, p, 6, &changes));
	free(der);
	if (err == RA_OK && changes != 1) {
		err = store_fail(s, RA_ERR_POLICY,
		    "a PCK certificate with this serial or TCB exists");
	}
	return err;
}

struct pck_get {
	struct store *s;
	struct store_pck *c;
	bool found;
};

static enum ra_err
pck_row(void *ctx, const struct store_row *r, bool *more)
{
	struct pck_get *g = ctx;
	struct dec d = dec_init(g->s, r);
	struct store_pck *c = g->c;

	c->serial = (uint64_t)dec_int(&d, 1, INT64_MAX, "pck_certs.serial");
	dec_hex(&d, c->ppid, sizeof(c->ppid), "pck_certs.ppid");
	dec_hex(&d, c->cpu_svn, sizeof(c->cpu_svn), "pck_certs.cpu_svn");
	c->pce_svn = (uint16_t)dec_int(&d, 0, UINT16_MAX, "pck_certs.pce_svn");
	c->issued = dec_int(&d, INT64_MIN, INT64_MAX, "pck_certs.issued");
	c->revoked_at = dec_int(&d, 0, INT64_MAX, "pck_certs.revoked_at");
	dec_hexv(&d, c->der, sizeof(c->der), &c->der_len, "pck_certs.der");
	g->found = true;
	*more = false;
	return dec_finish(&d);
}

enum ra_err
store_pck_get(struct store *s, const uint8_t ppid[16],
    const uint8_t cpu_svn[16], uint16_t pce_svn, struct store_pck *c,
    bool *found)
{
	char ph[RA_HEX_LEN(16) + 1], ch[RA_HEX_LEN(16) + 1];
	struct pck_get g = { s, c, false };
	struct store_rows rows = { pck_row, &g };
	struct store_param p[3] = { ptext(ph), ptext(ch), pint(pce_svn) };
	enum ra_err err = start(s,
	    ppid != NULL && cpu_svn != NULL && c != NULL && found != NULL,
	    __func__);

	if (err != RA_OK) {
		return err;
	}
	memset(c, 0, sizeof(*c));
	to_hex(ph, sizeof(ph), ppid, 16);
	to_hex(ch, sizeof(ch), cpu_svn, 16);
	lock(s);
	err = unlock(s, run(s, STORE_SQL_PCK_GET, p, 3, &rows, NULL));
	*found = err == RA_OK && g.found;
	if (!*found) {
		memset(c, 0, sizeof(*c));
	}
	return err;
}

enum ra_err
store_pck_revoke(struct store *s, uint64_t serial, const uint8_t *ppid,
    int64_t now, int64_t *n)
{
	char ph[RA_HEX_LEN(16) + 1];
	struct store_param p[2];
	enum ra_err err = start(s, n != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	*n = 0;
	if (now <= 0 || (ppid == NULL && (serial == 0 || serial > INT64_MAX))) {
		return store_fail(s, RA_ERR_ARG, "bad revocation");
	}
	p[0] = pint(now);
	if (ppid != NULL) {
		to_hex(ph, sizeof(ph), ppid, 16);
		p[1] = ptext(ph);
	} else {
		p[1] = pint((int64_t)serial);
	}
	lock(s);
	return unlock(s,
	    write1(s,
	        ppid != NULL ? STORE_SQL_PCK_REVOKE_PPID
	                     : STORE_SQL_PCK_REVOKE_SERIAL,
	        p, 2, n));
}

struct pck_revoked {
	struct store *s;
	bool (*cb)(void *ctx, uint64_t serial, int64_t when);
	void *ctx;
};

static enum ra_err
revoked_row(void *ctx, const struct store_row *r, bool *more)
{
	struct pck_revoked *c = ctx;
	struct dec d = dec_init(c->s, r);
	uint64_t serial =
	    (uint64_t)dec_int(&d, 1, INT64_MAX, "pck_certs.serial");
	int64_t when = dec_int(&d, 1, INT64_MAX, "pck_certs.revoked_at");
	enum ra_err err = dec_finish(&d);

	if (err == RA_OK) {
		*more = c->cb(c->ctx, serial, when);
	}
	return err;
}

enum ra_err
store_pck_revoked(struct store *s,
    bool (*cb)(void *ctx, uint64_t serial, int64_t when), void *ctx)
{
	struct pck_revoked c = { s, cb, ctx };
	struct store_rows rows = { revoked_row, &c };
	enum ra_err err = start(s, cb != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	lock(s);
	return unlock(s, run(s, STORE_SQL_PCK_REVOKED, NULL, 0, &rows, NULL));
}

static bool
is_doc_name(const char *name)
{
	size_t n = strnlen(name, STORE_DOC_NAME_MAX), i;

	if (n == 0 || n == STORE_DOC_NAME_MAX) {
		return false;
	}
	for (i = 0; i < n; i++) {
		if (!is_id_char(name[i])) {
			return false;
		}
	}
	return true;
}

struct doc_get {
	struct store *s;
	struct store_dcap_doc *d;
	bool found;
};

static enum ra_err
doc_row(void *ctx, const struct store_row *r, bool *more)
{
	struct doc_get *g = ctx;
	struct dec d = dec_init(g->s, r);

	g->d->number = (uint64_t)dec_int(&d, 1, INT64_MAX, "dcap_docs.number");
	g->d->issued = dec_int(&d, INT64_MIN, INT64_MAX, "dcap_docs.issued");
	g->d->count = dec_int(&d, 0, INT64_MAX, "dcap_docs.count");
	dec_hexv(
	    &d, g->d->body, sizeof(g->d->body), &g->d->len, "dcap_docs.body");
	g->found = true;
	*more = false;
	return dec_finish(&d);
}

enum ra_err
store_dcap_doc_get(
    struct store *s, const char *name, struct store_dcap_doc *d, bool *found)
{
	struct doc_get g = { s, d, false };
	struct store_rows rows = { doc_row, &g };
	struct store_param p[1] = { ptext(name) };
	enum ra_err err =
	    start(s, name != NULL && d != NULL && found != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	*found = false;
	if (!is_doc_name(name)) {
		return store_fail(s, RA_ERR_ARG, "bad document name");
	}
	d->len = 0;
	lock(s);
	err = unlock(s, run(s, STORE_SQL_DCAP_DOC_GET, p, 1, &rows, NULL));
	*found = err == RA_OK && g.found;
	return err;
}

enum ra_err
store_dcap_doc_put(struct store *s, const char *name,
    const struct store_dcap_doc *d, bool *stored)
{
	struct store_param p[5];
	int64_t changes = 0;
	char *body;
	enum ra_err err =
	    start(s, name != NULL && d != NULL && stored != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	*stored = false;
	if (!is_doc_name(name) || d->number == 0 || d->number > INT64_MAX ||
	    d->count < 0 || d->len == 0 || d->len > sizeof(d->body)) {
		return store_fail(s, RA_ERR_ARG, "bad document");
	}
	if ((body = hex_new(d->body, d->len)) == NULL) {
		return store_fail(s, RA_ERR_NOMEM, "no memory");
	}
	p[0] = ptext(name);
	p[1] = pint((int64_t)d->number);
	p[2] = pint(d->issued);
	p[3] = pint(d->count);
	p[4] = ptext(body);
	lock(s);
	err = unlock(s, write1(s, STORE_SQL_DCAP_DOC_PUT, p, 5, &changes));
	free(body);
	*stored = err == RA_OK && changes == 1;
	return err;
}

/* --- the audit log
 * ------------------------------------------------------------ */

/* The domain label that starts every row's encoding (14 bytes, no NUL). */
static const char audit_label[] = "sgxra-audit-v1";

static void
hash_u64le(struct ra_sha256_ctx *c, uint64_t v)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < 8; i++) {
		b[i] = (uint8_t)(v >> (8 * i));
	}
	ra_sha256_update(c, b, sizeof(b));
}

/* u32 LE length, then the bytes of the string (up to its NUL or cap). */
static void
hash_str(struct ra_sha256_ctx *c, const char *p, size_t cap)
{
	size_t len = strnlen(p, cap);
	uint8_t b[4];
	size_t i;

	for (i = 0; i < 4; i++) {
		b[i] = (uint8_t)(len >> (8 * i));
	}
	ra_sha256_update(c, b, sizeof(b));
	ra_sha256_update(c, p, len);
}

/* docs/attestd-store.md, "The audit chain", gives this encoding. */
void
store_audit_hash(struct ra_hash256 *h, const struct store_audit_row *r)
{
	struct ra_sha256_ctx c;

	if (h == NULL || r == NULL) {
		return;
	}
	ra_sha256_init(&c);
	ra_sha256_update(&c, audit_label, sizeof(audit_label) - 1);
	ra_sha256_update(&c, r->prev_hash.b, sizeof(r->prev_hash.b));
	hash_u64le(&c, (uint64_t)r->seq);
	hash_str(&c, r->request_id, sizeof(r->request_id));
	hash_str(&c, r->tenant, sizeof(r->tenant));
	ra_sha256_update(&c, r->quote_hash.b, sizeof(r->quote_hash.b));
	hash_str(&c, r->verdict, sizeof(r->verdict));
	hash_u64le(&c, (uint64_t)r->time);
	ra_sha256_update(&c, r->avr_hash.b, sizeof(r->avr_hash.b));
	ra_sha256_final(&c, h);
}

static bool
is_audit_row(const struct store_audit_row *r)
{
	return is_text(r->request_id, sizeof(r->request_id), false) &&
	    is_text(r->tenant, sizeof(r->tenant), true) &&
	    is_audit_tenant(r->tenant) &&
	    is_text(r->verdict, sizeof(r->verdict), false);
}

/* The last row's seq and row hash (seq 0 when the log is empty). */
struct audit_last {
	struct store *s;
	int64_t seq;
	struct ra_hash256 hash;
};

static enum ra_err
audit_last_row(void *ctx, const struct store_row *r, bool *more)
{
	struct audit_last *c = ctx;
	struct dec d = dec_init(c->s, r);

	c->seq = dec_int(&d, 1, INT64_MAX - 1, "audit.seq");
	dec_hex(&d, c->hash.b, sizeof(c->hash.b), "audit.row_hash");
	*more = false;
	return dec_finish(&d);
}

static enum ra_err
audit_insert(struct store *s, const struct store_audit_row *r)
{
	char q[RA_HEX_LEN(32) + 1], a[RA_HEX_LEN(32) + 1];
	char prev[RA_HEX_LEN(32) + 1], row[RA_HEX_LEN(32) + 1];
	struct store_param p[9] = { pint(r->seq), ptext(r->request_id),
		ptext(r->tenant), ptext(q), ptext(r->verdict), pint(r->time),
		ptext(a), ptext(prev), ptext(row) };

	to_hex(q, sizeof(q), r->quote_hash.b, sizeof(r->quote_hash.b));
	to_hex(a, sizeof(a), r->avr_hash.b, sizeof(r->avr_hash.b));
	to_hex(prev, sizeof(prev), r->prev_hash.b, sizeof(r->prev_hash.b));
	to_hex(row, sizeof(row), r->row_hash.b, sizeof(r->row_hash.b));
	return run(s, STORE_SQL_AUDIT_INSERT, p, 9, NULL, NULL);
}

/*
 * Under the audit lock (SQLite: the write lock; PostgreSQL: the audit
 * table locked against other writers), read the last row and chain on it.
 */
static enum ra_err
audit_append_body(struct store *s, void *ctx)
{
	struct store_audit_row *r = ctx;
	struct audit_last last = { s, 0, { { 0 } } };
	struct store_rows rows = { audit_last_row, &last };
	enum ra_err err = run(s, STORE_SQL_AUDIT_LAST, NULL, 0, &rows, NULL);

	if (err != RA_OK) {
		return err;
	}
	r->seq = last.seq + 1;
	r->prev_hash = last.hash;
	store_audit_hash(&r->row_hash, r);
	return audit_insert(s, r);
}

enum ra_err
store_audit_append(struct store *s, struct store_audit_row *r)
{
	struct store_audit_row row;
	enum ra_err err = start(s, r != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	if (!is_audit_row(r)) {
		return store_fail(s, RA_ERR_ARG, "bad audit row");
	}
	row = *r;
	lock(s);
	err = unlock(s, in_tx(s, STORE_TX_AUDIT, audit_append_body, &row));
	if (err == RA_OK) {
		*r = row;
	}
	return err;
}

struct audit_verify {
	struct store *s;
	int64_t rows;
	int64_t next; /* the seq the next row must have */
	int64_t broken;
	struct ra_hash256 prev;
};

static void
dec_audit(struct dec *d, struct store_audit_row *a)
{
	a->seq = dec_int(d, 1, INT64_MAX, "audit.seq");
	dec_text(
	    d, a->request_id, sizeof(a->request_id), false, "audit.request_id");
	dec_id(d, a->tenant, true, "audit.tenant");
	dec_hex(
	    d, a->quote_hash.b, sizeof(a->quote_hash.b), "audit.quote_hash");
	dec_text(d, a->verdict, sizeof(a->verdict), false, "audit.verdict");
	a->time = dec_int(d, INT64_MIN, INT64_MAX, "audit.ts");
	dec_hex(d, a->avr_hash.b, sizeof(a->avr_hash.b), "audit.avr_hash");
	dec_hex(d, a->prev_hash.b, sizeof(a->prev_hash.b), "audit.prev_hash");
	dec_hex(d, a->row_hash.b, sizeof(a->row_hash.b), "audit.row_hash");
}

/* Why row v->next breaks the chain, or NULL if it verifies. */
static const char *
audit_check(struct audit_verify *v, const struct store_row *r)
{
	struct dec d = dec_init(v->s, r);
	struct store_audit_row a;
	struct ra_hash256 h;

	dec_audit(&d, &a);
	if (dec_finish(&d) != RA_OK) {
		return "a malformed value";
	}
	if (a.seq != v->next) {
		return a.seq > v->next ? "a missing row" : "a row out of order";
	}
	if (!ra_ct_eq(a.prev_hash.b, v->prev.b, sizeof(v->prev.b))) {
		return "prev_hash is not the previous row's hash";
	}
	store_audit_hash(&h, &a);
	if (!ra_ct_eq(h.b, a.row_hash.b, sizeof(h.b))) {
		return "row_hash does not match the row";
	}
	v->prev = a.row_hash;
	return NULL;
}

static enum ra_err
audit_verify_row(void *ctx, const struct store_row *r, bool *more)
{
	struct audit_verify *v = ctx;
	const char *why;

	*more = true;
	v->rows++;
	if (v->broken != 0) {
		return RA_OK; /* count the rest */
	}
	why = audit_check(v, r);
	if (why != NULL) {
		v->broken = v->next;
		(void)store_fail(v->s, RA_OK,
		    "audit chain broken at seq %lld: %s", (long long)v->next,
		    why);
		return RA_OK;
	}
	v->next++;
	return RA_OK;
}

static enum ra_err
audit_verify_body(struct store *s, void *ctx)
{
	struct store_rows rows = { audit_verify_row, ctx };

	return run(s, STORE_SQL_AUDIT_ALL, NULL, 0, &rows, NULL);
}

enum ra_err
store_audit_verify(struct store *s, int64_t *rows, int64_t *first_broken)
{
	struct audit_verify v = { s, 0, 1, 0, { { 0 } } };
	enum ra_err err =
	    start(s, rows != NULL && first_broken != NULL, __func__);

	if (err != RA_OK) {
		return err;
	}
	lock(s);
	err = unlock(s, in_tx(s, STORE_TX_READ, audit_verify_body, &v));
	*rows = err == RA_OK ? v.rows : 0;
	*first_broken = err == RA_OK ? v.broken : 0;
	return err;
}
