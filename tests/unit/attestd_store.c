/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd's store (src/attestd/store.h): one table of tests, run
 * against SQLite (a file in a temporary directory) and against
 * PostgreSQL: a throwaway server this program starts when initdb and
 * pg_ctl exist (Debian: /usr/lib/postgresql/N/bin; SGXRA_PG_BINDIR
 * overrides), and whose tests are skipped, never passed, when they do
 * not. The server runs in /tmp/sgxra-pg-XXXXXX (trust authentication,
 * TCP on a free port of 127.0.0.1, its unix socket in that directory),
 * as the "postgres" user (else "nobody") when we are root, since initdb
 * refuses root. It is stopped with pg_ctl stop -m immediate on that data
 * directory, and the directory removed; a watchdog process does the same
 * if this program dies first. Tampering and corruption go through a raw
 * connection of the test's own.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include "../../src/attestd/store.h"
#include "sgxra/encode.h"
#include "test.h"

/* --- the two databases ------------------------------------------------------
 */

enum kind {
	KIND_SQLITE,
	KIND_PG,
};

struct backend {
	enum kind kind;
	bool is_absent; /* PostgreSQL not installed: skip */
	bool is_broken; /* installed, but the server did not start: fail */
	char why[512];
	char dir[64]; /* the temporary directory */
	char bindir[256];
	int port;
	bool drop; /* run the server as uid/gid (we are root) */
	uid_t uid;
	gid_t gid;
	PGconn *admin; /* makes one database per test */
	int watchdog;  /* write end of the watchdog's pipe, or -1 */
	pid_t watchdog_pid;
	int ndb;
};

static struct backend sqlite = { .kind = KIND_SQLITE, .watchdog = -1 };
static struct backend postgresql = { .kind = KIND_PG, .watchdog = -1 };

/* One test's database. */
struct db {
	struct backend *b;
	char path[128]; /* SQLite file */
	char url[160];
	struct store *s;
};

/* Seconds the server may take to start or to accept connections. */
#define PG_START_TIMEOUT 30

static double
now_s(void)
{
	struct timespec t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Remove a temporary tree of ours (only under /tmp/sgxra-). */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	(void)remove(path);
	return 0;
}

static void
remove_tree(const char *dir)
{
	if (strncmp(dir, "/tmp/sgxra-", 11) == 0) {
		(void)nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
}

static bool
is_executable(const char *dir, const char *name)
{
	char path[512];

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, X_OK) == 0;
}

static bool
has_pg_tools(const char *dir)
{
	return is_executable(dir, "initdb") && is_executable(dir, "pg_ctl");
}

/* The newest /usr/lib/postgresql/N/bin, SGXRA_PG_BINDIR, or PATH. */
static bool
find_pg_bindir(char *out, size_t cap)
{
	const char *env = getenv("SGXRA_PG_BINDIR");
	long best = -1;
	glob_t g;
	size_t i;

	if (env != NULL && *env != '\0') {
		(void)snprintf(out, cap, "%s", env);
		return has_pg_tools(out);
	}
	if (glob("/usr/lib/postgresql/*/bin", 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			long v = strtol(g.gl_pathv[i] + 20, NULL, 10);

			if (v > best && has_pg_tools(g.gl_pathv[i])) {
				best = v;
				(void)snprintf(out, cap, "%s", g.gl_pathv[i]);
			}
		}
		globfree(&g);
	}
	if (best < 0 && has_pg_tools("/usr/bin")) {
		(void)snprintf(out, cap, "/usr/bin");
		best = 0;
	}
	return best >= 0;
}

/* In a child: become the server's user if we are root, then exec. */
static void
exec_as(const struct backend *b, char *const argv[], const char *log)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

	if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
		_exit(126);
	}
	if (b->drop &&
	    (setgroups(0, NULL) != 0 || setgid(b->gid) != 0 ||
	        setuid(b->uid) != 0)) {
		_exit(126);
	}
	(void)setenv("LC_ALL", "C", 1);
	execv(argv[0], argv);
	_exit(127);
}

/* Run a PostgreSQL tool, output to dir/tools.log; its exit status. */
static int
run_tool(const struct backend *b, char *const argv[])
{
	char log[128];
	pid_t pid;
	int status = 0;

	(void)snprintf(log, sizeof(log), "%s/tools.log", b->dir);
	pid = fork();
	if (pid < 0) {
		return -1;
	}
	if (pid == 0) {
		exec_as(b, argv, log);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			return -1;
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
pg_ctl_stop(const struct backend *b)
{
	char pg_ctl[300], data[96];
	char *argv[] = { pg_ctl, "-D", data, "-m", "immediate", "-w", "stop",
		NULL };

	(void)snprintf(pg_ctl, sizeof(pg_ctl), "%s/pg_ctl", b->bindir);
	(void)snprintf(data, sizeof(data), "%s/data", b->dir);
	(void)run_tool(b, argv);
}

/*
 * A process that waits for this one to end (its pipe's write end closes
 * with us, however we die) and then stops the server and removes the
 * directory, so a crashed test leaves nothing running.
 */
static void
start_watchdog(struct backend *b)
{
	int fds[2];
	char c;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		return;
	}
	b->watchdog_pid = fork();
	if (b->watchdog_pid == 0) {
		(void)close(fds[1]);
		while (read(fds[0], &c, 1) < 0 && errno == EINTR) {
		}
		pg_ctl_stop(b);
		remove_tree(b->dir);
		_exit(0);
	}
	(void)close(fds[0]);
	b->watchdog = b->watchdog_pid > 0 ? fds[1] : -1;
	if (b->watchdog < 0) {
		(void)close(fds[1]);
	}
}

/* The temporary directory, owned by the server's user. */
static bool
pg_make_dir(struct backend *b)
{
	const struct passwd *pw;

	(void)snprintf(b->dir, sizeof(b->dir), "/tmp/sgxra-pg-XXXXXX");
	if (mkdtemp(b->dir) == NULL) {
		(void)snprintf(
		    b->why, sizeof(b->why), "mkdtemp: %s", strerror(errno));
		return false;
	}
	if (geteuid() != 0) {
		return true;
	}
	pw = getpwnam("postgres");
	if (pw == NULL) {
		pw = getpwnam("nobody");
	}
	if (pw == NULL) {
		(void)snprintf(b->why, sizeof(b->why), "no postgres user");
		return false;
	}
	b->drop = true;
	b->uid = pw->pw_uid;
	b->gid = pw->pw_gid;
	if (chown(b->dir, b->uid, b->gid) != 0) {
		(void)snprintf(
		    b->why, sizeof(b->why), "chown: %s", strerror(errno));
		return false;
	}
	return true;
}

static bool
pg_initdb(struct backend *b)
{
	char initdb[300], data[96];
	char *argv[] = { initdb, "-D", data, "-U", "sgxra", "-A", "trust", "-E",
		"UTF8", "--no-locale", "--no-sync", NULL };

	(void)snprintf(initdb, sizeof(initdb), "%s/initdb", b->bindir);
	(void)snprintf(data, sizeof(data), "%s/data", b->dir);
	if (run_tool(b, argv) != 0) {
		(void)snprintf(b->why, sizeof(b->why),
		    "initdb failed (see %s/tools.log)", b->dir);
		return false;
	}
	return true;
}

/* A port of 127.0.0.1 that nothing listens on right now. */
static int
free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0) {
		port = ntohs(a.sin_port);
	}
	if (fd >= 0) {
		(void)close(fd);
	}
	return port;
}

static bool
pg_launch(struct backend *b)
{
	char pg_ctl[300], data[96], log[96], opts[256], timeout[16];
	char *argv[] = { pg_ctl, "-D", data, "-l", log, "-w", "-t", timeout,
		"-o", opts, "start", NULL };
	int attempt;

	(void)snprintf(pg_ctl, sizeof(pg_ctl), "%s/pg_ctl", b->bindir);
	(void)snprintf(data, sizeof(data), "%s/data", b->dir);
	(void)snprintf(log, sizeof(log), "%s/server.log", b->dir);
	(void)snprintf(timeout, sizeof(timeout), "%d", PG_START_TIMEOUT);
	/* The port may be taken between free_port and the server's bind. */
	for (attempt = 0; attempt < 3; attempt++) {
		b->port = free_port();
		(void)snprintf(opts, sizeof(opts),
		    "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off"
		    " -c synchronous_commit=off -c full_page_writes=off",
		    b->port, b->dir);
		if (b->port > 0 && run_tool(b, argv) == 0) {
			return true;
		}
	}
	(void)snprintf(b->why, sizeof(b->why),
	    "pg_ctl start failed (see %s/server.log)", b->dir);
	return false;
}

/* Bounded wait until the server accepts connections, then connect. */
static bool
pg_connect_admin(struct backend *b)
{
	char info[160];
	int i;

	(void)snprintf(info, sizeof(info),
	    "host=127.0.0.1 port=%d dbname=postgres user=sgxra"
	    " connect_timeout=2",
	    b->port);
	for (i = 0; i < PG_START_TIMEOUT * 10; i++) {
		if (PQping(info) == PQPING_OK) {
			break;
		}
		(void)usleep(100 * 1000);
	}
	b->admin = PQconnectdb(info);
	if (PQstatus(b->admin) != CONNECTION_OK) {
		(void)snprintf(b->why, sizeof(b->why), "connect: %s",
		    PQerrorMessage(b->admin));
		return false;
	}
	return true;
}

static int
pg_group_setup(void **state)
{
	struct backend *b = &postgresql;
	double t0 = now_s();

	*state = b;
	if (!find_pg_bindir(b->bindir, sizeof(b->bindir))) {
		b->is_absent = true;
		(void)snprintf(b->why, sizeof(b->why),
		    "initdb and pg_ctl not found (apt-get install postgresql)");
		return 0;
	}
	b->is_broken = !pg_make_dir(b);
	if (!b->is_broken) {
		start_watchdog(b);
		b->is_broken =
		    !pg_initdb(b) || !pg_launch(b) || !pg_connect_admin(b);
	}
	if (!b->is_broken) {
		print_message("# PostgreSQL %s on 127.0.0.1:%d in %s, up in "
		              "%.1f s\n",
		    b->bindir, b->port, b->dir, now_s() - t0);
	}
	return 0;
}

static int
pg_group_teardown(void **state)
{
	struct backend *b = &postgresql;

	(void)state;
	PQfinish(b->admin);
	b->admin = NULL;
	if (b->dir[0] != '\0') {
		pg_ctl_stop(b);
		remove_tree(b->dir);
	}
	if (b->watchdog >= 0) {
		(void)close(b->watchdog);
		(void)waitpid(b->watchdog_pid, NULL, 0);
	}
	return 0;
}

static int
sqlite_group_setup(void **state)
{
	struct backend *b = &sqlite;

	*state = b;
	(void)snprintf(b->dir, sizeof(b->dir), "/tmp/sgxra-store-XXXXXX");
	if (mkdtemp(b->dir) == NULL) {
		b->is_broken = true;
		(void)snprintf(
		    b->why, sizeof(b->why), "mkdtemp: %s", strerror(errno));
	}
	return 0;
}

static int
sqlite_group_teardown(void **state)
{
	(void)state;
	remove_tree(sqlite.dir);
	return 0;
}

/* --- per test: a fresh database ------------------------------------------- */

static int
pg_create_db(struct db *d)
{
	struct backend *b = d->b;
	char sql[64];
	PGresult *r;
	int rc = 0;

	(void)snprintf(sql, sizeof(sql), "CREATE DATABASE t%d", b->ndb);
	r = PQexec(b->admin, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		print_error("%s: %s\n", sql, PQerrorMessage(b->admin));
		rc = -1;
	}
	PQclear(r);
	(void)snprintf(d->url, sizeof(d->url),
	    "postgresql://sgxra@127.0.0.1:%d/t%d", b->port, b->ndb);
	return rc;
}

static int
setup_db(void **state)
{
	struct backend *b = *state;
	struct db *d = calloc(1, sizeof(*d));

	if (d == NULL) {
		return -1;
	}
	d->b = b;
	*state = d;
	if (b->is_absent || b->is_broken) {
		return 0;
	}
	b->ndb++;
	if (b->kind == KIND_PG) {
		return pg_create_db(d);
	}
	(void)snprintf(d->path, sizeof(d->path), "%s/t%d.db", b->dir, b->ndb);
	(void)snprintf(d->url, sizeof(d->url), "sqlite:%s", d->path);
	return 0;
}

static int
teardown_db(void **state)
{
	struct db *d = *state;

	store_close(d->s);
	free(d);
	return 0;
}

/* The test's database: skipped if PostgreSQL is absent, failed if broken. */
static struct db *
need(void **state)
{
	struct db *d = *state;

	if (d->b->is_absent) {
		print_message("# skipped: %s\n", d->b->why);
		skip();
	}
	if (d->b->is_broken) {
		fail_msg("test database: %s", d->b->why);
	}
	return d;
}

/* A migrated store on the test's database. */
static struct store *
open_migrated(void **state)
{
	struct db *d = need(state);

	assert_ra_ok(store_open(&d->s, d->url));
	assert_ra_ok(store_migrate(d->s));
	return d->s;
}

/* Run sql through a connection of the test's own (tampering). */
static void
raw_sqlite(const struct db *d, const char *sql)
{
	sqlite3 *db = NULL;
	char err[256] = "";
	int rc = sqlite3_open_v2(d->path, &db, SQLITE_OPEN_READWRITE, NULL);

	if (rc == SQLITE_OK) {
		(void)sqlite3_busy_timeout(db, 10000);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		(void)snprintf(err, sizeof(err), "%s", sqlite3_errmsg(db));
	}
	(void)sqlite3_close(db);
	if (rc != SQLITE_OK) {
		fail_msg("%s: %s", sql, err);
	}
}

static void
raw_pg(const struct db *d, const char *sql)
{
	PGconn *c = PQconnectdb(d->url);
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	char err[256];

	(void)snprintf(err, sizeof(err), "%s", PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fail_msg("%s: %s", sql, err);
	}
}

static void
raw(const struct db *d, const char *sql)
{
	if (d->b->kind == KIND_SQLITE) {
		raw_sqlite(d, sql);
	} else {
		raw_pg(d, sql);
	}
}

/* The store's last message must mention want. */
static void
assert_message(struct store *s, const char *want)
{
	const char *msg = store_last_error(s);

	if (strstr(msg, want) == NULL) {
		fail_msg("message \"%s\" does not mention \"%s\"", msg, want);
	}
}

/* --- opening and migrating -------------------------------------------------
 */

static void
migrate_empty(void **state)
{
	struct db *d = need(state);
	struct store_tenant t = { .id = "acme", .created = 1 };
	int v = -1;

	assert_ra_ok(store_open(&d->s, d->url));
	assert_ra_ok(store_schema_version(d->s, &v));
	assert_int_equal(v, 0);
	assert_ra_ok(store_migrate(d->s));
	assert_ra_ok(store_schema_version(d->s, &v));
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_string_equal(store_last_error(d->s), "");
	assert_ra_ok(store_tenant_put(d->s, &t));
}

static void
migrate_again(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_tenant t = { .id = "acme", .created = 7 }, got;
	bool found = false;
	int v = -1;

	assert_ra_ok(store_tenant_put(s, &t));
	assert_ra_ok(store_migrate(s));
	assert_ra_ok(store_migrate(s));
	store_close(s);
	d->s = NULL;
	assert_ra_ok(store_open(&d->s, d->url));
	assert_ra_ok(store_migrate(d->s));
	assert_ra_ok(store_schema_version(d->s, &v));
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_ra_ok(store_tenant_get(d->s, "acme", &got, &found));
	assert_true(found);
	assert_int_equal(got.created, 7);
}

static void
migrate_newer(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	int v = -1;
	char sql[128];

	(void)snprintf(sql, sizeof(sql),
	    "INSERT INTO schema_version (version, applied) VALUES (%d, 0)",
	    STORE_SCHEMA_VERSION + 1);
	raw(d, sql);
	assert_ra_err(store_migrate(s), RA_ERR_STATE);
	assert_message(s, "newer");
	assert_ra_ok(store_schema_version(s, &v));
	assert_int_equal(v, STORE_SCHEMA_VERSION + 1);
	assert_ra_err(store_migrate(s), RA_ERR_STATE);
}

struct migrator {
	const char *url;
	enum ra_err err;
	char msg[256];
};

static void *
migrate_thread(void *arg)
{
	struct migrator *m = arg;
	struct store *s = NULL;

	m->err = store_open(&s, m->url);
	if (m->err == RA_OK) {
		m->err = store_migrate(s);
	}
	(void)snprintf(m->msg, sizeof(m->msg), "%s",
	    store_last_error(s == NULL ? NULL : s));
	store_close(s);
	return NULL;
}

/* Four instances starting at once on an empty database. */
static void
migrate_concurrent(void **state)
{
	struct db *d = need(state);
	struct migrator m[4];
	pthread_t th[4];
	int i, v = -1;

	for (i = 0; i < 4; i++) {
		m[i] = (struct migrator){ .url = d->url };
		assert_int_equal(
		    pthread_create(&th[i], NULL, migrate_thread, &m[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		(void)pthread_join(th[i], NULL);
	}
	for (i = 0; i < 4; i++) {
		if (m[i].err != RA_OK) {
			fail_msg("migrator %d: %s: %s", i, ra_errname(m[i].err),
			    m[i].msg);
		}
	}
	assert_ra_ok(store_open(&d->s, d->url));
	assert_ra_ok(store_schema_version(d->s, &v));
	assert_int_equal(v, STORE_SCHEMA_VERSION);
}

static void
open_bad(void **state)
{
	struct db *d = need(state);
	struct store *s = NULL;
	char url[STORE_URL_MAX + 8];

	assert_ra_err(store_open(&s, NULL), RA_ERR_ARG);
	assert_ra_err(store_open(NULL, d->url), RA_ERR_ARG);
	assert_ra_err(store_open(&s, "mysql://localhost/x"), RA_ERR_ARG);
	assert_message(NULL, "URL");
	assert_ra_err(store_open(&s, "sqlite:"), RA_ERR_ARG);
	memset(url, 'a', sizeof(url));
	memcpy(url, "sqlite:/", 8);
	url[sizeof(url) - 1] = '\0';
	assert_ra_err(store_open(&s, url), RA_ERR_ARG);
	if (d->b->kind == KIND_SQLITE) {
		assert_ra_err(
		    store_open(&s, "sqlite:/nonexistent/dir/x.db"), RA_ERR_IO);
		assert_message(NULL, "/nonexistent/dir/x.db");
	} else {
		(void)snprintf(url, sizeof(url),
		    "postgresql://sgxra@127.0.0.1:%d/x", free_port());
		assert_ra_err(store_open(&s, url), RA_ERR_IO);
		assert_message(NULL, "connect");
	}
	assert_null(s);
	assert_ra_ok(store_open(&d->s, d->url));
	assert_string_equal(store_last_error(NULL), "");
}

static bool
no_group(void *ctx, const struct store_group *g)
{
	(void)ctx;
	(void)g;
	return true;
}

static bool
no_entry(void *ctx, const uint8_t *e)
{
	(void)ctx;
	(void)e;
	return true;
}

static void
null_args(void **state)
{
	struct store *s = open_migrated(state);
	struct store_tenant t;
	struct store_group g;
	struct ra_hash256 h = { { 0 } };
	uint8_t e[128] = { 0 };
	uint32_t v;
	bool found;
	int ver = 0;

	assert_ra_err(store_migrate(NULL), RA_ERR_ARG);
	assert_ra_err(store_schema_version(s, NULL), RA_ERR_ARG);
	assert_ra_err(store_tenant_put(s, NULL), RA_ERR_ARG);
	assert_message(s, "NULL");
	assert_ra_ok(store_schema_version(s, &ver));
	assert_string_equal(store_last_error(s), "");
	assert_ra_err(store_tenant_get(s, NULL, &t, &found), RA_ERR_ARG);
	assert_ra_err(store_tenant_get(s, "a", NULL, &found), RA_ERR_ARG);
	assert_ra_err(store_tenant_get(s, "a", &t, NULL), RA_ERR_ARG);
	assert_ra_err(store_tenant_delete(NULL, "a"), RA_ERR_ARG);
	assert_ra_err(store_key_add(s, "a", NULL), RA_ERR_ARG);
	assert_ra_err(store_key_add(s, NULL, &h), RA_ERR_ARG);
	assert_ra_err(store_key_remove(s, NULL), RA_ERR_ARG);
	assert_ra_err(store_key_lookup(s, &h, &t, NULL), RA_ERR_ARG);
	assert_ra_err(store_group_put(s, NULL), RA_ERR_ARG);
	assert_ra_err(store_group_get(s, 1, NULL, &found), RA_ERR_ARG);
	assert_ra_err(store_group_list(s, NULL, NULL), RA_ERR_ARG);
	assert_ra_err(store_group_list(NULL, no_group, NULL), RA_ERR_ARG);
	assert_ra_err(store_privrl_add(s, 1, NULL, &v), RA_ERR_ARG);
	assert_ra_err(store_sigrl_add(s, 1, e, NULL), RA_ERR_ARG);
	assert_ra_err(
	    store_privrl_list(s, 1, NULL, no_entry, NULL), RA_ERR_ARG);
	assert_ra_err(store_sigrl_list(s, 1, &v, NULL, NULL), RA_ERR_ARG);
	assert_ra_err(store_tcb_set(s, 1, NULL, 1), RA_ERR_ARG);
	assert_ra_err(store_tcb_list(s, 1, NULL, NULL), RA_ERR_ARG);
	assert_ra_err(store_platform_put(s, NULL), RA_ERR_ARG);
	assert_ra_err(store_platform_get(s, e, NULL, &found), RA_ERR_ARG);
	assert_ra_err(store_audit_append(s, NULL), RA_ERR_ARG);
	assert_ra_err(store_audit_verify(s, NULL, NULL), RA_ERR_ARG);
	store_audit_hash(NULL, NULL);
	(void)g;
}

/* --- tenants and keys
 * ---------------------------------------------------------- */

static void
assert_tenant(const struct store_tenant *got, const struct store_tenant *want)
{
	assert_string_equal(got->id, want->id);
	assert_memory_equal(got->spid, want->spid, sizeof(want->spid));
	assert_int_equal(got->linkable, want->linkable);
	assert_int_equal(got->created, want->created);
}

static void
tenants(void **state)
{
	struct store *s = open_migrated(state);
	struct store_tenant t = {
		.id = "acme-1.prod_EU", .linkable = true, .created = 1700000000
	};
	struct store_tenant got;
	bool found = true;

	memset(t.spid, 0xa5, sizeof(t.spid));
	assert_ra_ok(store_tenant_get(s, t.id, &got, &found));
	assert_false(found);
	assert_ra_ok(store_tenant_put(s, &t));
	assert_ra_ok(store_tenant_get(s, t.id, &got, &found));
	assert_true(found);
	assert_tenant(&got, &t);
	/* an update changes spid and linkable; created stays */
	t.linkable = false;
	t.spid[0] = 1;
	t.created = 5;
	assert_ra_ok(store_tenant_put(s, &t));
	assert_ra_ok(store_tenant_get(s, t.id, &got, &found));
	t.created = 1700000000;
	assert_tenant(&got, &t);
	assert_ra_ok(store_tenant_delete(s, t.id));
	assert_ra_ok(store_tenant_get(s, t.id, &got, &found));
	assert_false(found);
	assert_string_equal(got.id, "");
	assert_ra_ok(store_tenant_delete(s, t.id));
}

/* A callback collecting ids, stopping after max. */
struct tenant_ids_seen {
	char ids[4][STORE_ID_MAX];
	size_t n, max;
};

static bool
seen_tenant(void *ctx, const struct store_tenant *t)
{
	struct tenant_ids_seen *seen = ctx;

	assert_true(seen->n < 4);
	(void)snprintf(seen->ids[seen->n], STORE_ID_MAX, "%s", t->id);
	seen->n++;
	return seen->n < seen->max;
}

static void
tenant_list(void **state)
{
	struct store *s = open_migrated(state);
	struct store_tenant t = {
		.id = "zeta", .linkable = true, .created = 3
	};
	struct tenant_ids_seen seen = { .max = 4 };

	assert_ra_err(store_tenant_list(s, NULL, NULL), RA_ERR_ARG);
	assert_ra_ok(store_tenant_list(s, seen_tenant, &seen));
	assert_int_equal(seen.n, 0);
	assert_ra_ok(store_tenant_put(s, &t));
	(void)snprintf(t.id, sizeof(t.id), "alpha");
	assert_ra_ok(store_tenant_put(s, &t));
	(void)snprintf(t.id, sizeof(t.id), "mid");
	assert_ra_ok(store_tenant_put(s, &t));
	assert_ra_ok(store_tenant_list(s, seen_tenant, &seen));
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.ids[0], "alpha");
	assert_string_equal(seen.ids[1], "mid");
	assert_string_equal(seen.ids[2], "zeta");
	/* the callback stops the walk */
	seen = (struct tenant_ids_seen){ .max = 1 };
	assert_ra_ok(store_tenant_list(s, seen_tenant, &seen));
	assert_int_equal(seen.n, 1);
	assert_ra_ok(store_tenant_delete(s, "mid"));
	seen = (struct tenant_ids_seen){ .max = 4 };
	assert_ra_ok(store_tenant_list(s, seen_tenant, &seen));
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.ids[1], "zeta");
}

static void
tenant_ids(void **state)
{
	static const char *const bad[] = { "", "a b", "a/b", "x\n",
		"caf\xc3\xa9", "a';DROP TABLE tenants;--", "%s" };
	struct store *s = open_migrated(state);
	struct store_tenant t = { .id = "" }, got;
	struct ra_hash256 k = { { 1 } };
	char id[80];
	bool found;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		(void)snprintf(t.id, sizeof(t.id), "%s", bad[i]);
		assert_ra_err(store_tenant_put(s, &t), RA_ERR_ARG);
		assert_ra_err(
		    store_tenant_get(s, bad[i], &got, &found), RA_ERR_ARG);
		assert_ra_err(store_tenant_delete(s, bad[i]), RA_ERR_ARG);
		assert_ra_err(store_key_add(s, bad[i], &k), RA_ERR_ARG);
	}
	memset(id, 'a', sizeof(id));
	id[STORE_ID_MAX] = '\0'; /* 64 characters: one too many */
	assert_ra_err(store_tenant_get(s, id, &got, &found), RA_ERR_ARG);
	id[STORE_ID_MAX - 1] = '\0';
	memcpy(t.id, id, STORE_ID_MAX);
	assert_ra_ok(store_tenant_put(s, &t));
	assert_ra_ok(store_tenant_get(s, id, &got, &found));
	assert_true(found);
	memset(t.id, 'b', sizeof(t.id)); /* no NUL in the array */
	assert_ra_err(store_tenant_put(s, &t), RA_ERR_ARG);
	assert_message(s, "tenant id");
}

static void
keys(void **state)
{
	struct store *s = open_migrated(state);
	struct store_tenant a = { .id = "alice" }, b = { .id = "bob" }, got;
	struct ra_hash256 ka, kb, kx;
	bool found;

	memset(ka.b, 1, sizeof(ka.b));
	memset(kb.b, 2, sizeof(kb.b));
	memset(kx.b, 0xfe, sizeof(kx.b));
	assert_ra_ok(store_tenant_put(s, &a));
	assert_ra_ok(store_tenant_put(s, &b));
	assert_ra_ok(store_key_add(s, "alice", &ka));
	assert_ra_ok(store_key_add(s, "bob", &kb));
	assert_ra_ok(store_key_lookup(s, &ka, &got, &found));
	assert_true(found);
	assert_string_equal(got.id, "alice");
	assert_ra_ok(store_key_lookup(s, &kb, &got, &found));
	assert_string_equal(got.id, "bob");
	assert_ra_ok(store_key_lookup(s, &kx, &got, &found));
	assert_false(found);
	/* a duplicate, to its own or another tenant; an unknown tenant */
	assert_ra_err(store_key_add(s, "alice", &ka), RA_ERR_POLICY);
	assert_ra_err(store_key_add(s, "bob", &ka), RA_ERR_POLICY);
	assert_ra_ok(store_key_lookup(s, &ka, &got, &found));
	assert_string_equal(got.id, "alice");
	assert_ra_err(store_key_add(s, "carol", &kx), RA_ERR_POLICY);
	assert_message(s, "carol");
	assert_ra_ok(store_key_remove(s, &ka));
	assert_ra_ok(store_key_lookup(s, &ka, &got, &found));
	assert_false(found);
	assert_ra_ok(store_key_remove(s, &ka));
	/* deleting a tenant deletes its keys */
	assert_ra_ok(store_tenant_delete(s, "bob"));
	assert_ra_ok(store_key_lookup(s, &kb, &got, &found));
	assert_false(found);
	assert_ra_ok(store_key_add(s, "alice", &kb));
}

/* --- groups and revocation lists
 * ----------------------------------------------- */

static struct store_group
group(uint32_t gid)
{
	struct store_group g;
	size_t i;

	memset(&g, 0, sizeof(g));
	g.gid = gid;
	for (i = 0; i < sizeof(g.pub); i++) {
		g.pub[i] = (uint8_t)(i + gid);
	}
	for (i = 0; i < sizeof(g.cert); i++) {
		g.cert[i] = (uint8_t)(3 * i + gid);
	}
	for (i = 0; i < sizeof(g.wrapped_isk); i++) {
		g.wrapped_isk[i] = (uint8_t)(7 * i + gid);
	}
	g.created = 1600000000 + (int64_t)gid;
	return g;
}

static void
assert_group(const struct store_group *got, const struct store_group *want)
{
	assert_int_equal(got->gid, want->gid);
	assert_memory_equal(got->pub, want->pub, sizeof(want->pub));
	assert_memory_equal(got->cert, want->cert, sizeof(want->cert));
	assert_memory_equal(
	    got->wrapped_isk, want->wrapped_isk, sizeof(want->wrapped_isk));
	assert_int_equal(got->revoked, want->revoked);
	assert_int_equal(got->revocation_reason, want->revocation_reason);
	assert_int_equal(got->sigrl_version, want->sigrl_version);
	assert_int_equal(got->privrl_version, want->privrl_version);
	assert_int_equal(got->created, want->created);
}

struct gids {
	uint32_t gid[8];
	size_t n, stop;
};

static bool
collect_gid(void *ctx, const struct store_group *g)
{
	struct gids *c = ctx;

	c->gid[c->n++] = g->gid;
	return c->n < c->stop;
}

static void
groups(void **state)
{
	static const uint32_t gids[] = { 0xffffffff, 3, 1, 2 };
	struct store *s = open_migrated(state);
	struct store_group g = group(3), got;
	struct gids c = { .stop = 8 };
	bool found;
	size_t i;

	for (i = 0; i < 4; i++) {
		struct store_group x = group(gids[i]);

		assert_ra_ok(store_group_put(s, &x));
	}
	assert_ra_ok(store_group_get(s, 3, &got, &found));
	assert_true(found);
	assert_group(&got, &g);
	assert_ra_ok(store_group_get(s, 77, &got, &found));
	assert_false(found);
	assert_ra_ok(store_group_list(s, collect_gid, &c));
	assert_int_equal(c.n, 4);
	assert_int_equal(c.gid[0], 1);
	assert_int_equal(c.gid[1], 2);
	assert_int_equal(c.gid[2], 3);
	assert_int_equal(c.gid[3], 0xffffffff);
	c = (struct gids){ .stop = 2 };
	assert_ra_ok(store_group_list(s, collect_gid, &c));
	assert_int_equal(c.n, 2);
	/* revocation, with its reason; a put cannot undo it */
	assert_ra_ok(store_group_revoke(s, 3, 1));
	assert_ra_err(store_group_revoke(s, 77, 1), RA_ERR_POLICY);
	assert_ra_err(store_group_revoke(s, 3, 11), RA_ERR_ARG);
	g.pub[0] ^= 0xff;
	g.cert[327] ^= 0x01;
	g.wrapped_isk[5] ^= 0x80;
	g.sigrl_version = 9;
	assert_ra_ok(store_group_put(s, &g));
	assert_ra_ok(store_group_get(s, 3, &got, &found));
	g.revoked = true;
	g.revocation_reason = 1;
	g.sigrl_version = 0;
	assert_group(&got, &g);
	g.revocation_reason = -1;
	assert_ra_err(store_group_put(s, &g), RA_ERR_ARG);
}

struct entries {
	uint8_t e[128][128];
	size_t n, len, stop;
};

static bool
collect_entry(void *ctx, const uint8_t *e)
{
	struct entries *c = ctx;

	memcpy(c->e[c->n++], e, c->len);
	return c->n < c->stop;
}

struct rl_api {
	size_t len;
	enum ra_err (*add)(
	    struct store *s, uint32_t gid, const uint8_t *e, uint32_t *version);
	enum ra_err (*list)(struct store *s, uint32_t gid, uint32_t *version,
	    bool (*cb)(void *ctx, const uint8_t *e), void *ctx);
};

/* Versions go up by one per add; duplicates change nothing; order kept. */
static void
rl_check(struct store *s, const struct rl_api *api)
{
	static const uint8_t first[3] = { 0x30, 0x10, 0x20 };
	struct entries *c = calloc(1, sizeof(*c));
	uint8_t e[128] = { 0 };
	uint32_t v = 0;
	size_t i;

	assert_non_null(c);
	for (i = 0; i < 3; i++) {
		e[0] = first[i];
		e[api->len - 1] = (uint8_t)i;
		assert_ra_ok(api->add(s, 5, e, &v));
		assert_int_equal(v, i + 1);
	}
	assert_ra_err(api->add(s, 5, e, &v), RA_ERR_POLICY);
	assert_ra_err(api->add(s, 6, e, &v), RA_ERR_POLICY);
	c->len = api->len;
	c->stop = 128;
	assert_ra_ok(api->list(s, 5, &v, collect_entry, c));
	assert_int_equal(v, 3);
	assert_int_equal(c->n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(c->e[i][0], first[i]);
		assert_int_equal(c->e[i][api->len - 1], i);
	}
	*c = (struct entries){ .len = api->len, .stop = 1 };
	assert_ra_ok(api->list(s, 5, &v, collect_entry, c));
	assert_int_equal(c->n, 1);
	assert_ra_err(api->list(s, 6, &v, collect_entry, c), RA_ERR_POLICY);
	free(c);
}

static void
revocation_lists(void **state)
{
	static const struct rl_api privrl = { 32, store_privrl_add,
		store_privrl_list };
	static const struct rl_api sigrl = { 128, store_sigrl_add,
		store_sigrl_list };
	struct store *s = open_migrated(state);
	struct store_group g = group(5), got;
	uint8_t e[128] = { 7 };
	uint32_t v = 0;
	bool found;

	assert_ra_ok(store_group_put(s, &g));
	rl_check(s, &privrl);
	rl_check(s, &sigrl);
	assert_ra_ok(store_group_get(s, 5, &got, &found));
	assert_int_equal(got.privrl_version, 3);
	assert_int_equal(got.sigrl_version, 3);
	/* a new group may come with versions (moved from another system) */
	g = group(7);
	g.sigrl_version = 41;
	g.privrl_version = UINT32_MAX;
	assert_ra_ok(store_group_put(s, &g));
	assert_ra_ok(store_sigrl_add(s, 7, e, &v));
	assert_int_equal(v, 42);
	assert_ra_err(store_privrl_add(s, 7, e, &v), RA_ERR_POLICY);
	assert_message(s, "full");
	assert_ra_ok(store_privrl_list(s, 7, &v, no_entry, NULL));
	assert_int_equal(v, UINT32_MAX);
}

/* --- TCB levels and platforms
 * ----------------------------------------------------- */

static struct store_tcb_level
level(uint32_t gid, int ordinal, const char *status, const char *adv)
{
	struct store_tcb_level l;

	memset(&l, 0, sizeof(l));
	l.gid = gid;
	l.ordinal = ordinal;
	memset(l.cpu_svn, ordinal + 1, sizeof(l.cpu_svn));
	l.qe_svn = (uint16_t)(100 + ordinal);
	l.pce_svn = (uint16_t)(65535 - ordinal);
	(void)snprintf(l.status, sizeof(l.status), "%s", status);
	(void)snprintf(l.advisories, sizeof(l.advisories), "%s", adv);
	return l;
}

struct levels {
	struct store_tcb_level l[8];
	size_t n;
};

static bool
collect_level(void *ctx, const struct store_tcb_level *l)
{
	struct levels *c = ctx;

	if (c->n < 8) {
		c->l[c->n++] = *l;
	}
	return true;
}

static void
assert_levels(
    struct store *s, uint32_t gid, const struct store_tcb_level *want, size_t n)
{
	struct levels c = { .n = 0 };
	size_t i;

	assert_ra_ok(store_tcb_list(s, gid, collect_level, &c));
	assert_int_equal(c.n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(c.l[i].gid, want[i].gid);
		assert_int_equal(c.l[i].ordinal, want[i].ordinal);
		assert_memory_equal(c.l[i].cpu_svn, want[i].cpu_svn, 16);
		assert_int_equal(c.l[i].qe_svn, want[i].qe_svn);
		assert_int_equal(c.l[i].pce_svn, want[i].pce_svn);
		assert_string_equal(c.l[i].status, want[i].status);
		assert_string_equal(c.l[i].advisories, want[i].advisories);
	}
}

static void
tcb_bad(struct store *s, const struct store_tcb_level *good)
{
	struct store_tcb_level l[2] = { good[0], good[1] };

	l[1].gid = 8;
	assert_ra_err(store_tcb_set(s, 9, l, 2), RA_ERR_ARG);
	l[1] = good[1];
	l[1].ordinal = l[0].ordinal;
	assert_ra_err(store_tcb_set(s, 9, l, 2), RA_ERR_ARG);
	l[1] = good[1];
	l[0].ordinal = -1;
	assert_ra_err(store_tcb_set(s, 9, l, 2), RA_ERR_ARG);
	l[0] = good[0];
	l[0].status[0] = '\0';
	assert_ra_err(store_tcb_set(s, 9, l, 2), RA_ERR_ARG);
	memset(l[0].status, 'O', sizeof(l[0].status));
	assert_ra_err(store_tcb_set(s, 9, l, 2), RA_ERR_ARG);
	l[0] = good[0];
	(void)snprintf(l[0].advisories, sizeof(l[0].advisories), "a\nb");
	assert_ra_err(store_tcb_set(s, 9, l, 2), RA_ERR_ARG);
	assert_ra_err(
	    store_tcb_set(s, 9, l, STORE_TCB_LEVELS_MAX + 1), RA_ERR_ARG);
}

static void
tcb_levels(void **state)
{
	struct store *s = open_migrated(state);
	struct store_group g = group(9);
	struct store_tcb_level l[3] = {
		level(9, 0, "OK", ""),
		level(
		    9, 1, "GROUP_OUT_OF_DATE", "INTEL-SA-00334,INTEL-SA-00161"),
		level(9, 5, "CONFIGURATION_NEEDED", "INTEL-SA-00219"),
	};
	struct store_tcb_level r[2] = {
		level(9, 2, "OK", ""),
		level(9, 3, "OUT_OF_DATE", "INTEL-SA-00086"),
	};

	assert_ra_ok(store_group_put(s, &g));
	assert_levels(s, 9, NULL, 0);
	assert_ra_ok(store_tcb_set(s, 9, l, 3));
	assert_levels(s, 9, l, 3);
	assert_ra_ok(store_tcb_set(s, 9, r, 2));
	assert_levels(s, 9, r, 2);
	tcb_bad(s, l);
	assert_levels(s, 9, r, 2); /* a refused set changed nothing */
	l[0].gid = 10;
	assert_ra_err(store_tcb_set(s, 10, l, 1), RA_ERR_POLICY);
	assert_ra_err(
	    store_tcb_list(s, 10, collect_level, NULL), RA_ERR_POLICY);
	assert_ra_ok(store_tcb_set(s, 9, NULL, 0));
	assert_levels(s, 9, NULL, 0);
}

static void
assert_platform(
    const struct store_platform *got, const struct store_platform *want)
{
	assert_memory_equal(got->ppid, want->ppid, sizeof(want->ppid));
	assert_memory_equal(
	    got->auth_key, want->auth_key, sizeof(want->auth_key));
	assert_int_equal(got->gid, want->gid);
	assert_int_equal(got->enrolled, want->enrolled);
	assert_int_equal(got->joined, want->joined);
}

static void
platforms(void **state)
{
	struct store *s = open_migrated(state);
	struct store_platform p = { .enrolled = 100 }, got;
	uint8_t other[16] = { 0 };
	bool found = true;

	memset(p.ppid, 0x5c, sizeof(p.ppid));
	memset(p.auth_key, 0xc5, sizeof(p.auth_key));
	assert_ra_ok(store_platform_get(s, p.ppid, &got, &found));
	assert_false(found);
	assert_ra_ok(store_platform_put(s, &p));
	assert_ra_ok(store_platform_get(s, p.ppid, &got, &found));
	assert_true(found);
	assert_platform(&got, &p);
	/* the join: gid, joined (and a new key) change; enrolled stays */
	p.gid = 0xfedcba98;
	p.joined = 200;
	p.enrolled = 999;
	p.auth_key[3] = 0;
	assert_ra_ok(store_platform_put(s, &p));
	assert_ra_ok(store_platform_get(s, p.ppid, &got, &found));
	p.enrolled = 100;
	assert_platform(&got, &p);
	assert_ra_ok(store_platform_get(s, other, &got, &found));
	assert_false(found);
}

/* --- DCAP (schema version 2)
 * ------------------------------------------------------------ */

static bool
count_level(void *ctx, const struct store_dcap_level *l)
{
	int *n = ctx;

	assert_int_equal(l->ordinal, *n * 10);
	(*n)++;
	return true;
}

static bool
count_revoked(void *ctx, uint64_t serial, int64_t when)
{
	int *n = ctx;

	assert_true(serial == 77 || serial == 78);
	assert_true(when == 500);
	(*n)++;
	return true;
}

static void
dcap(void **state)
{
	static const uint8_t fmspc[6] = { 0x53, 0x47, 0x58, 0x52, 0x41, 0 };
	static const uint8_t other[6] = { 1 };
	static struct store_dcap_level lv[3];
	static struct store_pck c, got;
	static struct store_dcap_doc doc, dgot;
	struct store *s = open_migrated(state);
	uint64_t eval = 0;
	int64_t n = 0;
	int count = 0;
	bool found = true, stored = false;
	size_t i;

	/* TCB levels and their evaluation data number */
	assert_ra_ok(store_dcap_tcb_list(s, fmspc, &eval, count_level, &count));
	assert_int_equal(count, 0);
	assert_int_equal(eval, 0);
	for (i = 0; i < 3; i++) {
		lv[i].ordinal = (int)i * 10;
		memset(lv[i].comp_svn, (int)i, 16);
		lv[i].pce_svn = (uint16_t)i;
		(void)snprintf(lv[i].status, sizeof(lv[i].status), "UpToDate");
		lv[i].tcb_date = 1000;
	}
	(void)snprintf(lv[1].advisories, sizeof(lv[1].advisories), "A,B");
	assert_ra_ok(store_dcap_tcb_set(s, fmspc, lv, 3, &eval));
	assert_int_equal(eval, 2);
	assert_ra_ok(store_dcap_tcb_set(s, fmspc, lv, 2, &eval));
	assert_int_equal(eval, 3);
	assert_ra_ok(store_dcap_tcb_list(s, fmspc, &eval, count_level, &count));
	assert_int_equal(count, 2);
	assert_int_equal(eval, 3);
	count = 0;
	assert_ra_ok(store_dcap_tcb_list(s, other, &eval, count_level, &count));
	assert_int_equal(count, 0);
	lv[1].ordinal = 0;
	assert_ra_err(store_dcap_tcb_set(s, fmspc, lv, 2, &eval), RA_ERR_ARG);
	/* PCK certificates */
	c.serial = 77;
	memset(c.ppid, 0x11, 16);
	memset(c.cpu_svn, 0x22, 16);
	c.pce_svn = 10;
	c.issued = 400;
	c.der_len = 300;
	memset(c.der, 0x30, c.der_len);
	assert_ra_ok(store_pck_get(s, c.ppid, c.cpu_svn, 10, &got, &found));
	assert_false(found);
	assert_ra_ok(store_pck_put(s, &c));
	assert_ra_err(store_pck_put(s, &c), RA_ERR_POLICY);
	c.serial = 78; /* same TCB, another serial */
	assert_ra_err(store_pck_put(s, &c), RA_ERR_POLICY);
	c.pce_svn = 11;
	assert_ra_ok(store_pck_put(s, &c));
	assert_ra_ok(store_pck_get(s, c.ppid, c.cpu_svn, 11, &got, &found));
	assert_true(found);
	assert_int_equal(got.serial, 78);
	assert_int_equal(got.der_len, 300);
	assert_memory_equal(got.der, c.der, 300);
	assert_int_equal(got.revoked_at, 0);
	assert_ra_ok(store_pck_revoke(s, 77, NULL, 500, &n));
	assert_int_equal(n, 1);
	assert_ra_ok(store_pck_revoke(s, 77, NULL, 600, &n));
	assert_int_equal(n, 0);
	assert_ra_ok(store_pck_revoke(s, 0, c.ppid, 500, &n));
	assert_int_equal(n, 1);
	count = 0;
	assert_ra_ok(store_pck_revoked(s, count_revoked, &count));
	assert_int_equal(count, 2);
	assert_ra_err(store_pck_revoke(s, 0, NULL, 500, &n), RA_ERR_ARG);
	/* documents: only a higher number replaces */
	doc.number = 5;
	doc.issued = 9;
	doc.count = 2;
	doc.len = 3;
	memcpy(doc.body, "\x01\x02\x03", 3);
	assert_ra_ok(store_dcap_doc_get(s, "crl-platform", &dgot, &found));
	assert_false(found);
	assert_ra_ok(store_dcap_doc_put(s, "crl-platform", &doc, &stored));
	assert_true(stored);
	assert_ra_ok(store_dcap_doc_put(s, "crl-platform", &doc, &stored));
	assert_false(stored);
	doc.number = 6;
	doc.body[0] = 9;
	assert_ra_ok(store_dcap_doc_put(s, "crl-platform", &doc, &stored));
	assert_true(stored);
	assert_ra_ok(store_dcap_doc_get(s, "crl-platform", &dgot, &found));
	assert_true(found);
	assert_int_equal(dgot.number, 6);
	assert_int_equal(dgot.count, 2);
	assert_int_equal(dgot.len, 3);
	assert_int_equal(dgot.body[0], 9);
	assert_ra_err(
	    store_dcap_doc_get(s, "bad name", &dgot, &found), RA_ERR_ARG);
	doc.len = 0;
	assert_ra_err(
	    store_dcap_doc_put(s, "crl-root", &doc, &stored), RA_ERR_ARG);
}

/* A version 1 store (made before DCAP) migrates, keeping its rows. */
static void
migrate_from_v1(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_platform p = { .enrolled = 100 }, got;
	uint8_t fmspc[6] = { 0 };
	uint64_t eval = 1;
	int v = 0, count = 0;
	bool found = false;

	memset(p.ppid, 0x5c, sizeof(p.ppid));
	assert_ra_ok(store_platform_put(s, &p));
	raw(d,
	    "DROP TABLE dcap_tcb_levels; DROP TABLE pck_certs;"
	    " DROP TABLE dcap_docs; DELETE FROM schema_version"
	    " WHERE version = 2");
	assert_ra_ok(store_schema_version(s, &v));
	assert_int_equal(v, 1);
	assert_ra_ok(store_migrate(s));
	assert_ra_ok(store_schema_version(s, &v));
	assert_int_equal(v, 2);
	assert_ra_ok(store_platform_get(s, p.ppid, &got, &found));
	assert_true(found);
	assert_ra_ok(store_dcap_tcb_list(s, fmspc, &eval, count_level, &count));
	assert_int_equal(eval, 0);
}

/* --- the audit log
 * ------------------------------------------------------------ */

static struct store_audit_row
audit_row(int i)
{
	struct store_audit_row r;

	memset(&r, 0, sizeof(r));
	(void)snprintf(r.request_id, sizeof(r.request_id), "req-%04d", i);
	if (i % 7 != 0) {
		(void)snprintf(r.tenant, sizeof(r.tenant), "tenant-%d", i % 3);
	}
	memset(r.quote_hash.b, i, sizeof(r.quote_hash.b));
	(void)snprintf(r.verdict, sizeof(r.verdict), "%s",
	    i % 5 != 0 ? "OK" : "GROUP_OUT_OF_DATE");
	r.time = 1700000000 + i;
	if (i % 4 != 0) {
		memset(r.avr_hash.b, 0x80 | i, sizeof(r.avr_hash.b));
	}
	return r;
}

static void
put(uint8_t *m, size_t *n, const void *p, size_t len)
{
	memcpy(m + *n, p, len);
	*n += len;
}

static void
put_le64(uint8_t *m, size_t *n, uint64_t v)
{
	size_t i;

	for (i = 0; i < 8; i++) {
		m[(*n)++] = (uint8_t)(v >> (8 * i));
	}
}

static void
put_str(uint8_t *m, size_t *n, const char *s)
{
	size_t len = strlen(s), i;

	for (i = 0; i < 4; i++) {
		m[(*n)++] = (uint8_t)(len >> (8 * i));
	}
	put(m, n, s, len);
}

/* The documented encoding, hashed by OpenSSL: not the store's code. */
static void
ref_hash(struct ra_hash256 *h, const struct store_audit_row *r)
{
	uint8_t m[512];
	unsigned int len = 0;
	size_t n = 0;

	put(m, &n, "sgxra-audit-v1", 14);
	put(m, &n, r->prev_hash.b, 32);
	put_le64(m, &n, (uint64_t)r->seq);
	put_str(m, &n, r->request_id);
	put_str(m, &n, r->tenant);
	put(m, &n, r->quote_hash.b, 32);
	put_str(m, &n, r->verdict);
	put_le64(m, &n, (uint64_t)r->time);
	put(m, &n, r->avr_hash.b, 32);
	assert_int_equal(EVP_Digest(m, n, h->b, &len, EVP_sha256(), NULL), 1);
	assert_int_equal(len, 32);
}

/*
 * Two rows hashed by Python's hashlib from the documented encoding:
 *   m = b"sgxra-audit-v1" + prev + pack("<Q", seq) + lp(req) + lp(tenant)
 *       + quote + lp(verdict) + pack("<q", time) + avr
 * with lp(s) = pack("<I", len(s)) + s.
 */
static void
audit_hash_vector(void **state)
{
	struct store_audit_row r = { .seq = 1,
		.request_id = "req-0001",
		.tenant = "acme",
		.verdict = "OK",
		.time = 1700000000 };
	struct ra_hash256 h, want;

	(void)state;
	memset(r.quote_hash.b, 0x11, 32);
	memset(r.avr_hash.b, 0x22, 32);
	store_audit_hash(&h, &r);
	test_unhex_into(want.b, 32,
	    "9dc9c4587bb27e542a1cb30416b3bba0546216193d0a784f69925a91b7df25d9");
	test_assert_bytes(h.b, want.b, 32, "row 1");
	r = (struct store_audit_row){ .seq = 2,
		.request_id = "req-0002",
		.verdict = "GROUP_OUT_OF_DATE",
		.time = -5 };
	r.prev_hash = h;
	memset(r.quote_hash.b, 0x33, 32);
	store_audit_hash(&h, &r);
	test_unhex_into(want.b, 32,
	    "9609ba1b728a0489808463ce19710baa3cd26374e37fe6b0c48cd4cbd9dab461");
	test_assert_bytes(h.b, want.b, 32, "row 2");
}

static void
assert_verify(struct store *s, int64_t rows, int64_t broken)
{
	int64_t n = -1, b = -1;
	char want[64];

	assert_ra_ok(store_audit_verify(s, &n, &b));
	if (n != rows || b != broken) {
		fail_msg("verify: %lld rows, broken at %lld; want %lld, %lld "
		         "(%s)",
		    (long long)n, (long long)b, (long long)rows,
		    (long long)broken, store_last_error(s));
	}
	if (broken != 0) {
		(void)snprintf(
		    want, sizeof(want), "seq %lld:", (long long)broken);
		assert_message(s, want);
	}
}

/* Append rows first .. first + n - 1 and check what append set. */
static void
append_rows(struct store *s, struct store_audit_row *rows, int first, int n)
{
	struct ra_hash256 h;
	int i;

	for (i = 0; i < n; i++) {
		struct store_audit_row *r = &rows[i];

		*r = audit_row(first + i);
		assert_ra_ok(store_audit_append(s, r));
		assert_int_equal(r->seq, first + i);
		if (i > 0) {
			assert_memory_equal(
			    r->prev_hash.b, rows[i - 1].row_hash.b, 32);
		}
		ref_hash(&h, r);
		assert_memory_equal(h.b, r->row_hash.b, 32);
	}
}

static void
audit_chain(void **state)
{
	struct store *s = open_migrated(state);
	struct store_audit_row rows[100], r = audit_row(1);
	struct ra_hash256 zero = { { 0 } };

	assert_verify(s, 0, 0);
	append_rows(s, rows, 1, 100);
	assert_memory_equal(rows[0].prev_hash.b, zero.b, 32);
	assert_verify(s, 100, 0);
	assert_string_equal(store_last_error(s), "");
	r.request_id[0] = '\0';
	assert_ra_err(store_audit_append(s, &r), RA_ERR_ARG);
	r = audit_row(1);
	(void)snprintf(r.tenant, sizeof(r.tenant), "not a tenant");
	assert_ra_err(store_audit_append(s, &r), RA_ERR_ARG);
	r = audit_row(1);
	memset(r.verdict, 'X', sizeof(r.verdict));
	assert_ra_err(store_audit_append(s, &r), RA_ERR_ARG);
	r = audit_row(1);
	r.request_id[2] = '\t';
	assert_ra_err(store_audit_append(s, &r), RA_ERR_ARG);
	assert_int_equal(r.seq, 0); /* a refused row is left alone */
	assert_verify(s, 100, 0);
}

struct tamper {
	const char *sql;
	int64_t rows, broken;
};

static const struct tamper tampers[] = {
	{ "UPDATE audit SET verdict = 'FORGED' WHERE seq = 37", 100, 37 },
	{ "UPDATE audit SET ts = ts + 1 WHERE seq = 1", 100, 1 },
	{ "UPDATE audit SET tenant = 'mallory' WHERE seq = 64", 100, 64 },
	{ "UPDATE audit SET avr_hash = quote_hash WHERE seq = 99", 100, 99 },
	{ "UPDATE audit SET row_hash = prev_hash WHERE seq = 90", 100, 90 },
	{ "UPDATE audit SET row_hash = 'xyz' WHERE seq = 45", 100, 45 },
	{ "UPDATE audit SET tenant = 'bad tenant' WHERE seq = 46", 100, 46 },
	/* a broken link: row 70 claims row 68 came before it */
	{ "UPDATE audit SET prev_hash = (SELECT row_hash FROM audit"
	  " WHERE seq = 68) WHERE seq = 70",
	    100, 70 },
	{ "DELETE FROM audit WHERE seq = 50", 99, 50 },
	{ "DELETE FROM audit WHERE seq = 1", 99, 1 },
	/* a forged row at the end, linked to the last one */
	{ "INSERT INTO audit (seq, request_id, tenant, quote_hash, verdict,"
	  " ts, avr_hash, prev_hash, row_hash) SELECT 101, 'forged', tenant,"
	  " quote_hash, verdict, ts, avr_hash, row_hash, row_hash FROM audit"
	  " WHERE seq = 100",
	    101, 101 },
	/* a forged row inserted at 60, the rest renumbered after it */
	{ "UPDATE audit SET seq = seq + 1000 WHERE seq >= 60;"
	  " UPDATE audit SET seq = seq - 999 WHERE seq >= 1000;"
	  " INSERT INTO audit (seq, request_id, tenant, quote_hash, verdict,"
	  " ts, avr_hash, prev_hash, row_hash) SELECT 60, 'forged', tenant,"
	  " quote_hash, verdict, ts, avr_hash, row_hash, row_hash FROM audit"
	  " WHERE seq = 59",
	    101, 60 },
	/* two rows swapped: their seq exchanged */
	{ "UPDATE audit SET seq = -20 WHERE seq = 20;"
	  " UPDATE audit SET seq = 20 WHERE seq = 21;"
	  " UPDATE audit SET seq = 21 WHERE seq = -20",
	    100, 20 },
	{ "UPDATE audit SET seq = 1000 WHERE seq = 80", 100, 80 },
	{ "UPDATE audit SET seq = 0 WHERE seq = 1", 100, 1 },
	/* the tail cut off: invisible to the chain alone (see store.h) */
	{ "DELETE FROM audit WHERE seq = 100", 99, 0 },
};

/*
 * A row inserted at 60 with a correct hash over its own fields and the
 * right link to row 59: the chain breaks at the next row, which does not
 * link to it.
 */
static void
tamper_well_forged(struct db *d, const struct store_audit_row *rows)
{
	struct store_audit_row f = audit_row(4242);
	char sql[1024], q[65], a[65], p[65], h[65];

	f.seq = 60;
	f.prev_hash = rows[58].row_hash;
	store_audit_hash(&f.row_hash, &f);
	assert_ra_ok(ra_hex_encode(q, sizeof(q), f.quote_hash.b, 32));
	assert_ra_ok(ra_hex_encode(a, sizeof(a), f.avr_hash.b, 32));
	assert_ra_ok(ra_hex_encode(p, sizeof(p), f.prev_hash.b, 32));
	assert_ra_ok(ra_hex_encode(h, sizeof(h), f.row_hash.b, 32));
	(void)snprintf(sql, sizeof(sql),
	    "UPDATE audit SET seq = seq + 1000 WHERE seq >= 60;"
	    " UPDATE audit SET seq = seq - 999 WHERE seq >= 1000;"
	    " INSERT INTO audit (seq, request_id, tenant, quote_hash, verdict,"
	    " ts, avr_hash, prev_hash, row_hash) VALUES (60, '%s', '%s', '%s',"
	    " '%s', %lld, '%s', '%s', '%s')",
	    f.request_id, f.tenant, q, f.verdict, (long long)f.time, a, p, h);
	raw(d, sql);
	assert_verify(d->s, 101, 61);
}

static void
audit_tamper(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_audit_row rows[100];
	const char *restore =
	    "DELETE FROM audit; INSERT INTO audit SELECT * FROM audit_copy";
	size_t i;

	append_rows(s, rows, 1, 100);
	raw(d, "CREATE TABLE audit_copy AS SELECT * FROM audit");
	for (i = 0; i < sizeof(tampers) / sizeof(tampers[0]); i++) {
		raw(d, tampers[i].sql);
		assert_verify(s, tampers[i].rows, tampers[i].broken);
		raw(d, restore);
		assert_verify(s, 100, 0);
	}
	tamper_well_forged(d, rows);
	raw(d, restore);
	assert_verify(s, 100, 0);
}

/* --- concurrency
 * ------------------------------------------------------------------ */

struct appender {
	const char *url;
	struct store *shared; /* NULL: a connection of its own */
	int first, n;
	enum ra_err err;
	char msg[256];
};

static void *
append_thread(void *arg)
{
	struct appender *a = arg;
	struct store *s = a->shared;
	int i;

	if (s == NULL) {
		a->err = store_open(&s, a->url);
	}
	for (i = 0; a->err == RA_OK && i < a->n; i++) {
		struct store_audit_row r = audit_row(a->first + i);

		a->err = store_audit_append(s, &r);
	}
	if (a->err != RA_OK) {
		(void)snprintf(
		    a->msg, sizeof(a->msg), "%s", store_last_error(s));
	}
	if (a->shared == NULL) {
		store_close(s);
	}
	return NULL;
}

/* Four threads appending n rows each, on one store or four. */
static void
run_appenders(const char *url, struct store *shared, int n)
{
	struct appender a[4];
	pthread_t th[4];
	int i;

	for (i = 0; i < 4; i++) {
		a[i] = (struct appender){ url, shared, 1000 * (i + 1), n, RA_OK,
			"" };
		assert_int_equal(
		    pthread_create(&th[i], NULL, append_thread, &a[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		(void)pthread_join(th[i], NULL);
	}
	for (i = 0; i < 4; i++) {
		if (a[i].err != RA_OK) {
			fail_msg("appender %d: %s: %s", i, ra_errname(a[i].err),
			    a[i].msg);
		}
	}
}

/* verify also proves the chain gap-free: seq i is the i-th row. */
static void
audit_threads(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);

	run_appenders(d->url, NULL, 25);
	assert_verify(s, 100, 0);
	run_appenders(d->url, s, 25);
	assert_verify(s, 200, 0);
}

/* A child process: its own store, n appends; exit status 0 if all ok. */
static void
append_child(const char *url, int first, int n)
{
	struct appender a = { url, NULL, first, n, RA_OK, "" };

	(void)append_thread(&a);
	_exit(a.err == RA_OK ? 0 : 1);
}

/*
 * Two processes and this one (two threads) append at once. No database
 * connection is open across the fork: each process opens its own, as
 * separate daemon instances would.
 */
static void
audit_processes(void **state)
{
	struct db *d = need(state);
	pid_t pid[2];
	int i, status[2] = { -1, -1 };

	(void)open_migrated(state);
	store_close(d->s);
	d->s = NULL;
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			append_child(d->url, 10000 * (i + 1), 50);
		}
	}
	assert_ra_ok(store_open(&d->s, d->url));
	run_appenders(d->url, d->s, 10);
	for (i = 0; i < 2; i++) {
		if (pid[i] > 0) {
			(void)waitpid(pid[i], &status[i], 0);
		}
	}
	for (i = 0; i < 2; i++) {
		assert_true(pid[i] > 0);
		assert_true(WIFEXITED(status[i]));
		assert_int_equal(WEXITSTATUS(status[i]), 0);
	}
	assert_verify(d->s, 140, 0);
}

struct rl_adder {
	const char *url;
	int id;
	uint32_t versions[25];
	enum ra_err err;
	char msg[256];
};

static void *
rl_add_thread(void *arg)
{
	struct rl_adder *a = arg;
	struct store *s = NULL;
	uint8_t f[32] = { 0 };
	int i;

	a->err = store_open(&s, a->url);
	for (i = 0; a->err == RA_OK && i < 25; i++) {
		f[0] = (uint8_t)a->id;
		f[1] = (uint8_t)i;
		a->err = store_privrl_add(s, 5, f, &a->versions[i]);
	}
	if (a->err != RA_OK) {
		(void)snprintf(
		    a->msg, sizeof(a->msg), "%s", store_last_error(s));
	}
	store_close(s);
	return NULL;
}

/* Each thread's entries in the list: in the order it added them. */
static void
check_rl_order(struct store *s)
{
	struct entries *c = calloc(1, sizeof(*c));
	int last[4] = { -1, -1, -1, -1 };
	uint32_t v = 0;
	size_t i;

	assert_non_null(c);
	c->len = 32;
	c->stop = 128;
	assert_ra_ok(store_privrl_list(s, 5, &v, collect_entry, c));
	assert_int_equal(v, 100);
	assert_int_equal(c->n, 100);
	for (i = 0; i < 100; i++) {
		assert_true(c->e[i][0] < 4);
		assert_true((int)c->e[i][1] > last[c->e[i][0]]);
		last[c->e[i][0]] = c->e[i][1];
	}
	free(c);
}

/* Concurrent adds: every version 1 .. 100 given out exactly once. */
static void
rl_threads(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_group g = group(5);
	struct rl_adder a[4];
	pthread_t th[4];
	bool seen[101] = { false };
	int i, j;

	assert_ra_ok(store_group_put(s, &g));
	for (i = 0; i < 4; i++) {
		a[i] = (struct rl_adder){ .url = d->url, .id = i };
		assert_int_equal(
		    pthread_create(&th[i], NULL, rl_add_thread, &a[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		(void)pthread_join(th[i], NULL);
	}
	for (i = 0; i < 4; i++) {
		if (a[i].err != RA_OK) {
			fail_msg("adder %d: %s", i, a[i].msg);
		}
		for (j = 0; j < 25; j++) {
			assert_true(a[i].versions[j] >= 1);
			assert_true(a[i].versions[j] <= 100);
			assert_false(seen[a[i].versions[j]]);
			seen[a[i].versions[j]] = true;
		}
	}
	check_rl_order(s);
}

/* --- values corrupted in the database
 * ---------------------------------------------- */

static void
seed(struct store *s)
{
	struct store_tenant t = { .id = "t1" };
	struct store_group g = group(1);
	struct store_tcb_level l = level(1, 0, "OK", "");
	struct store_platform p = { .enrolled = 1 };
	struct ra_hash256 k = { { 9 } };
	uint8_t e[128] = { 1 };
	uint32_t v;

	assert_ra_ok(store_tenant_put(s, &t));
	assert_ra_ok(store_key_add(s, "t1", &k));
	assert_ra_ok(store_group_put(s, &g));
	assert_ra_ok(store_privrl_add(s, 1, e, &v));
	assert_ra_ok(store_sigrl_add(s, 1, e, &v));
	assert_ra_ok(store_tcb_set(s, 1, &l, 1));
	assert_ra_ok(store_platform_put(s, &p));
}

static void
corrupt_tenants(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct ra_hash256 k = { { 9 } };
	struct store_tenant t;
	bool found = true;

	seed(s);
	raw(d, "UPDATE tenants SET spid = 'abc'");
	assert_ra_err(store_tenant_get(s, "t1", &t, &found), RA_ERR_IO);
	assert_false(found);
	assert_string_equal(t.id, "");
	assert_message(s, "tenants.spid");
	assert_ra_err(store_key_lookup(s, &k, &t, &found), RA_ERR_IO);
	raw(d, "UPDATE tenants SET spid = '000102030405060708090A0B0C0D0E0F'");
	assert_ra_err(store_tenant_get(s, "t1", &t, &found), RA_ERR_IO);
	raw(d,
	    "UPDATE tenants SET spid = '000102030405060708090a0b0c0d0e0f',"
	    " linkable = 2");
	assert_ra_err(store_tenant_get(s, "t1", &t, &found), RA_ERR_IO);
	assert_message(s, "tenants.linkable");
	raw(d, "UPDATE tenants SET linkable = 1");
	assert_ra_ok(store_tenant_get(s, "t1", &t, &found));
	assert_true(found);
	assert_true(t.linkable);
}

static void
corrupt_groups(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_group g;
	uint32_t v;
	bool found;

	seed(s);
	raw(d, "UPDATE epid_groups SET cert = 'zz'");
	assert_ra_err(store_group_get(s, 1, &g, &found), RA_ERR_IO);
	assert_message(s, "epid_groups.cert");
	raw(d, "UPDATE epid_groups SET wrapped_isk = 'ab'");
	assert_ra_err(store_group_get(s, 1, &g, &found), RA_ERR_IO);
	raw(d, "UPDATE epid_groups SET pub = 'ab'");
	assert_ra_err(store_group_get(s, 1, &g, &found), RA_ERR_IO);
	assert_message(s, "epid_groups.pub");
	assert_ra_err(store_group_list(s, no_group, NULL), RA_ERR_IO);
	assert_ra_err(store_tcb_list(s, 1, collect_level, NULL), RA_ERR_IO);
	raw(d, "UPDATE epid_groups SET privrl_version = -1");
	assert_ra_err(store_privrl_list(s, 1, &v, no_entry, NULL), RA_ERR_IO);
	assert_message(s, "epid_groups.privrl_version");
	raw(d, "UPDATE epid_groups SET privrl_version = 4294967296");
	assert_ra_err(store_privrl_list(s, 1, &v, no_entry, NULL), RA_ERR_IO);
	raw(d, "UPDATE epid_groups SET privrl_version = 1");
	raw(d, "UPDATE privrl_entries SET f = 'abcd'");
	assert_ra_err(store_privrl_list(s, 1, &v, no_entry, NULL), RA_ERR_IO);
	assert_message(s, "privrl_entries.f");
	raw(d, "UPDATE sigrl_entries SET version = 7");
	assert_ra_err(store_sigrl_list(s, 1, &v, no_entry, NULL), RA_ERR_IO);
	assert_message(s, "sigrl_entries.version");
}

static void
corrupt_others(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_audit_row r[3];
	struct store_platform p;
	uint8_t ppid[16] = { 0 };
	bool found;
	int v;

	seed(s);
	raw(d,
	    "UPDATE tcb_levels SET status ="
	    " 'OK_OK_OK_OK_OK_OK_OK_OK_OK_OK_OK_OK_OK_OK_OK_OK_OK'");
	assert_ra_err(store_tcb_list(s, 1, collect_level, NULL), RA_ERR_IO);
	assert_message(s, "tcb_levels.status");
	raw(d, "UPDATE tcb_levels SET status = 'OK', qe_svn = 70000");
	assert_ra_err(store_tcb_list(s, 1, collect_level, NULL), RA_ERR_IO);
	assert_message(s, "tcb_levels.qe_svn");
	raw(d,
	    "UPDATE platforms SET auth_key = "
	    "'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'");
	assert_ra_err(store_platform_get(s, ppid, &p, &found), RA_ERR_IO);
	assert_message(s, "platforms.auth_key");
	raw(d,
	    "UPDATE platforms SET auth_key = "
	    "'00000000000000000000000000000000',"
	    " gid = 5000000000");
	assert_ra_err(store_platform_get(s, ppid, &p, &found), RA_ERR_IO);
	assert_message(s, "platforms.gid");
	append_rows(s, r, 1, 3);
	raw(d, "UPDATE audit SET row_hash = 'abc' WHERE seq = 3");
	assert_ra_err(store_audit_append(s, &r[0]), RA_ERR_IO);
	assert_message(s, "audit.row_hash");
	assert_verify(s, 3, 3);
	raw(d, "UPDATE schema_version SET version = version - 100");
	assert_ra_err(store_schema_version(s, &v), RA_ERR_IO);
	assert_ra_err(store_migrate(s), RA_ERR_IO);
}

/* --- one database only
 * ------------------------------------------------------------ */

/* SQLite stores any type in any column: a text number, a blob, a real. */
static void
sqlite_types(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_platform p;
	struct store_tenant t;
	uint8_t ppid[16] = { 0 };
	bool found;

	seed(s);
	raw(d, "UPDATE tenants SET created = 'yesterday'");
	assert_ra_err(store_tenant_get(s, "t1", &t, &found), RA_ERR_IO);
	assert_message(s, "tenants.created");
	raw(d,
	    "UPDATE tenants SET created = 1,"
	    " spid = x'3031323334353637383930313233343500'");
	assert_ra_err(store_tenant_get(s, "t1", &t, &found), RA_ERR_IO);
	raw(d, "UPDATE tenants SET spid = x'00'");
	assert_ra_err(store_tenant_get(s, "t1", &t, &found), RA_ERR_IO);
	raw(d, "UPDATE platforms SET joined = 1.5");
	assert_ra_err(store_platform_get(s, ppid, &p, &found), RA_ERR_IO);
	assert_message(s, "platforms.joined");
}

/* The file is private and in WAL mode. */
static void
sqlite_file(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_tenant t = { .id = "t" };
	char wal[160];
	struct stat st;

	assert_ra_ok(store_tenant_put(s, &t));
	assert_int_equal(stat(d->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	(void)snprintf(wal, sizeof(wal), "%s-wal", d->path);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* End every server process of the test's database, and wait for it. */
static void
pg_kill_backends(const struct db *d)
{
	char sql[256];
	const char *dbname = strrchr(d->url, '/') + 1;
	PGresult *r;
	int i;

	(void)snprintf(sql, sizeof(sql),
	    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	    " WHERE datname = '%s'",
	    dbname);
	PQclear(PQexec(d->b->admin, sql));
	(void)snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s'",
	    dbname);
	for (i = 0; i < 100; i++) {
		bool is_gone;

		r = PQexec(d->b->admin, sql);
		is_gone = PQresultStatus(r) == PGRES_TUPLES_OK &&
		    strcmp(PQgetvalue(r, 0, 0), "0") == 0;
		PQclear(r);
		if (is_gone) {
			return;
		}
		(void)usleep(100 * 1000);
	}
	fail_msg("the backends of %s did not end", dbname);
}

/* A dropped connection is re-established once, at the next call. */
static void
pg_reconnect(void **state)
{
	struct db *d = need(state);
	struct store *s = open_migrated(state);
	struct store_tenant t = { .id = "acme" }, got;
	struct store_audit_row r = audit_row(1);
	uint32_t v;
	bool found = false;

	assert_ra_ok(store_tenant_put(s, &t));
	pg_kill_backends(d);
	assert_ra_ok(store_tenant_get(s, "acme", &got, &found));
	assert_true(found);
	pg_kill_backends(d);
	assert_ra_ok(store_tenant_put(s, &t));
	pg_kill_backends(d);
	assert_ra_ok(store_audit_append(s, &r));
	pg_kill_backends(d);
	assert_ra_err(
	    store_privrl_list(s, 1, &v, no_entry, NULL), RA_ERR_POLICY);
	assert_verify(s, 1, 0);
}

/* --- the tables
 * -------------------------------------------------------------------- */

/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define T(b, f)                                           \
	{                                                 \
#b "/" #f, f, setup_db, teardown_db, &(b) \
	}
#define COMMON_TESTS(b)                                                        \
	T(b, migrate_empty), T(b, migrate_again), T(b, migrate_newer),         \
	    T(b, migrate_concurrent), T(b, open_bad), T(b, null_args),         \
	    T(b, tenants), T(b, tenant_list), T(b, tenant_ids), T(b, keys),    \
	    T(b, groups), T(b, revocation_lists), T(b, tcb_levels),            \
	    T(b, platforms), T(b, audit_chain), T(b, audit_tamper),            \
	    T(b, audit_threads), T(b, audit_processes), T(b, rl_threads),      \
	    T(b, corrupt_tenants), T(b, corrupt_groups), T(b, corrupt_others), \
	    T(b, dcap), T(b, migrate_from_v1)
/* NOLINTEND(bugprone-macro-parentheses) */

static const struct CMUnitTest sqlite_tests[] = {
	COMMON_TESTS(sqlite),
	T(sqlite, sqlite_types),
	T(sqlite, sqlite_file),
	T(sqlite, audit_hash_vector),
};

static const struct CMUnitTest pg_tests[] = {
	COMMON_TESTS(postgresql),
	T(postgresql, pg_reconnect),
};

int
main(int argc, char **argv)
{
	int failed;

	if (argc > 1) {
		cmocka_set_test_filter(argv[1]);
	}
	failed = cmocka_run_group_tests_name("attestd_store/sqlite",
	    sqlite_tests, sqlite_group_setup, sqlite_group_teardown);
	failed += cmocka_run_group_tests_name("attestd_store/postgresql",
	    pg_tests, pg_group_setup, pg_group_teardown);
	return failed == 0 ? 0 : 1;
}
