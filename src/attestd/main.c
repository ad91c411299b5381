/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd: the emulated Intel Attestation Service, provisioning
 * backend and their administration. See attestd.h and docs/attestd.md.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attestd.h"
#include "daemon.h"
#include "files.h"
#include "log.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"

static const char usage_text[] =
    "usage: sgxra-attestd --init [--state DIR] [--db URL]\n"
    "       sgxra-attestd [-dv] [--config FILE] [--state DIR] [--db URL]\n"
    "                     [--listen ADDR] [--admin-listen ADDR]\n"
    "                     [--tls-cert PEM --tls-key PEM] [--user USER]\n"
    "                     [--port-file PATH] [--admin-port-file PATH]\n"
    "                     [--threads N] [--idle-timeout S]\n"
    "                     [--request-timeout S] [--max-connections N]\n"
    "                     [--max-connections-per-ip N] [--max-body BYTES]\n"
    "                     [--no-sandbox]\n"
    "\n"
    "The emulated Intel Attestation Service: IAS API v3, v4 and v5 for\n"
    "EPID quotes (POST .../attestation/vN/report, GET .../sigrl/GID under\n"
    "/, /sgx and /sgx/dev), the provisioning service that lets emulated\n"
    "platforms join EPID groups (/provisioning/v1), and the administration\n"
    "API (/admin/v1: tenants, subscription keys, groups, revocation, TCB\n"
    "levels, platforms, the audit log). Its reports are signed by an\n"
    "EMULATED root, never Intel's.\n"
    "\n"
    "  --init             create DIR's keys (report signing chain, quote\n"
    "                     encryption key, EPID signing key, master key)\n"
    "                     and the administration token (DIR/admin.token),\n"
    "                     and the database; refuses an initialised DIR\n"
    "  --state DIR        state directory (default " ATTESTD_DEFAULT_STATE ")\n"
    "  --db URL           sqlite:/path/file.db or postgresql://... (default\n"
    "                     sqlite:DIR/attestd.db)\n"
    "  --config FILE      read options from FILE (\"name value\" lines, the\n"
    "                     long option names; the command line wins)\n"
    "  --listen ADDR      HOST:PORT or [V6]:PORT, numeric (default\n"
    "                     " ATTESTD_DEFAULT_LISTEN "; port 0 picks one)\n"
    "  --admin-listen ADDR  serve /admin/v1 there only (default: on\n"
    "                     --listen)\n"
    "  --tls-cert PEM, --tls-key PEM  serve HTTPS with this certificate\n"
    "                     chain and key (both or neither)\n"
    "  --port-file PATH   write the bound port there once listening\n"
    "  --admin-port-file PATH  the same for --admin-listen\n"
    "  --user USER        as root: run as USER once listening\n"
    "  --threads N        worker threads (default: CPUs online)\n"
    "  --idle-timeout S, --request-timeout S  per connection (30, 60)\n"
    "  --max-connections N, --max-connections-per-ip N  (1024, none)\n"
    "  --max-body BYTES   largest report request (default 262144)\n"
    "  --no-sandbox       do not confine the key-holding process with\n"
    "                     seccomp (for valgrind only)\n"
    "  -d                 stay in the foreground, log to stderr\n"
    "  -v                 log debug messages too\n"
    "\n"
    "SIGTERM or SIGINT stop accepting connections, finish the requests in\n"
    "flight (up to 10 s) and exit 0.\n";

#define DRAIN_MS 10000

struct options {
	struct attestd_config cfg;
	const char *config_file;
	bool init;
};

/* Options that are also config file keys: 0x100 + index into cfg_keys. */
static const char *const cfg_keys[] = { "state", "db", "listen", "admin-listen",
	"tls-cert", "tls-key", "user", "port-file", "admin-port-file",
	"threads", "idle-timeout", "request-timeout", "max-connections",
	"max-connections-per-ip", "max-body" };
#define NCFG (sizeof(cfg_keys) / sizeof(cfg_keys[0]))

static int
parse_args(int argc, char **argv, struct options *o)
{
	struct option longopts[NCFG + 5];
	/* the command line wins over the file: collect, apply after it */
	const char *given[NCFG] = { 0 };
	char why[256];
	size_t i;
	int ch;

	memset(o, 0, sizeof(*o));
	config_defaults(&o->cfg);
	for (i = 0; i < NCFG; i++) {
		longopts[i] = (struct option){ cfg_keys[i], required_argument,
			NULL, 0x100 + (int)i };
	}
	longopts[NCFG] = (struct option){ "init", no_argument, NULL, 'I' };
	longopts[NCFG + 1] =
	    (struct option){ "config", required_argument, NULL, 'c' };
	longopts[NCFG + 2] =
	    (struct option){ "no-sandbox", no_argument, NULL, 'N' };
	longopts[NCFG + 3] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[NCFG + 4] = (struct option){ NULL, 0, NULL, 0 };
	while ((ch = getopt_long(argc, argv, "dvh", longopts, NULL)) != -1) {
		if (ch >= 0x100 && ch < 0x100 + (int)NCFG) {
			given[ch - 0x100] = optarg;
			continue;
		}
		switch (ch) {
		case 'I':
			o->init = true;
			break;
		case 'c':
			o->config_file = optarg;
			break;
		case 'N':
			o->cfg.no_sandbox = true;
			break;
		case 'd':
			o->cfg.foreground = true;
			break;
		case 'v':
			o->cfg.verbose = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "sgxra-attestd: unexpected argument \"%s\"\n",
		    argv[optind]);
		return -1;
	}
	if (o->config_file != NULL &&
	    config_file(&o->cfg, o->config_file, why, sizeof(why)) != RA_OK) {
		fprintf(stderr, "sgxra-attestd: %s\n", why);
		return -1;
	}
	for (i = 0; i < NCFG; i++) {
		if (given[i] != NULL &&
		    config_set(&o->cfg, cfg_keys[i], given[i], why,
		        sizeof(why)) != RA_OK) {
			fprintf(stderr, "sgxra-attestd: --%s: %s\n",
			    cfg_keys[i], why);
			return -1;
		}
	}
	if ((o->cfg.tls_cert[0] == '\0') != (o->cfg.tls_key[0] == '\0')) {
		fprintf(stderr,
		    "sgxra-attestd: --tls-cert and --tls-key go "
		    "together\n");
		return -1;
	}
	if (o->cfg.db[0] == '\0' &&
	    (size_t)snprintf(o->cfg.db, sizeof(o->cfg.db),
	        "sqlite:%.4000s/attestd.db",
	        o->cfg.state) >= sizeof(o->cfg.db)) {
		fprintf(stderr, "sgxra-attestd: --state is too long\n");
		return -1;
	}
	return 0;
}

static enum ra_err
open_store(struct store **s, const char *url)
{
	enum ra_err err;

	if ((err = store_open(s, url)) != RA_OK) {
		log_warnx("cannot open the store %s: %s", url,
		    store_last_error(NULL));
		return err;
	}
	if ((err = store_migrate(*s)) != RA_OK) {
		log_warnx("cannot migrate the store %s: %s", url,
		    err == RA_ERR_STATE ? "its schema is newer than this "
		                          "program's"
		                        : store_last_error(*s));
		store_close(*s);
		*s = NULL;
	}
	return err;
}

static int
do_init(const struct options *o)
{
	char token[40], why[512];
	struct store *s;
	enum ra_err err;

	err = keys_create(o->cfg.state, attestd_now(), token, sizeof(token),
	    why, sizeof(why));
	if (err != RA_OK) {
		fprintf(stderr, "sgxra-attestd: --init: %s\n",
		    why[0] != '\0' ? why : ra_strerror(err));
		return 1;
	}
	if (open_store(&s, o->cfg.db) != RA_OK) {
		return 1;
	}
	store_close(s);
	RA_WIPE(token);
	printf("sgxra-attestd: new service in %s\n"
	       "  administration token: %s/admin.token\n"
	       "  report signing chain: %s/public/report-signing.crt, "
	       "report-ca.crt\n"
	       "  DCAP root (sgxra quote verify --root): "
	       "%s/public/dcap-root.crt\n"
	       "  database: %s\n",
	    o->cfg.state, o->cfg.state, o->cfg.state, o->cfg.state, o->cfg.db);
	return 0;
}

/* --- hooks --------------------------------------------------------------- */

static bool
health(void *ctx, char *reason, size_t cap)
{
	struct attestd *ad = ctx;

	if (keeper_dead(ad->keeper)) {
		snprintf(reason, cap, "the key-holding process is gone");
		return false;
	}
	return true;
}

static void
put_str(struct ra_buf *out, const char *s)
{
	ra_buf_put(out, s, strlen(s));
}

static void
metrics(void *ctx, struct ra_buf *out)
{
	struct attestd *ad = ctx;
	uint64_t counts[IAS_STATUS_COUNT], joins;
	char line[160];
	int i;

	pthread_mutex_lock(&ad->lock);
	memcpy(counts, ad->reports_by_status, sizeof(counts));
	joins = ad->joins;
	pthread_mutex_unlock(&ad->lock);
	put_str(out,
	    "# HELP sgxra_attestd_reports_total Attestation reports issued, by "
	    "isvEnclaveQuoteStatus.\n"
	    "# TYPE sgxra_attestd_reports_total counter\n");
	for (i = 0; i < IAS_STATUS_COUNT; i++) {
		snprintf(line, sizeof(line),
		    "sgxra_attestd_reports_total{status=\"%s\"} %llu\n",
		    ias_status_name((enum ias_status)i),
		    (unsigned long long)counts[i]);
		put_str(out, line);
	}
	snprintf(line, sizeof(line),
	    "# HELP sgxra_attestd_joins_total EPID joins completed.\n"
	    "# TYPE sgxra_attestd_joins_total counter\n"
	    "sgxra_attestd_joins_total %llu\n",
	    (unsigned long long)joins);
	put_str(out, line);
}

/* --- start and stop ------------------------------------------------------ */

/*
 * The route tables: the public one has the IAS and provisioning routes
 * (and the administration routes unless they have their own address),
 * with the report routes' body limit from the configuration.
 */
static struct httpd_route *
routes_public(const struct attestd_config *c, size_t *n)
{
	size_t total = ias_nroutes + prov_nroutes + pcs_nroutes +
	    (c->admin_listen[0] == '\0' ? admin_nroutes : 0);
	struct httpd_route *r = calloc(total, sizeof(*r));
	size_t i;

	if (r == NULL) {
		return NULL;
	}
	memcpy(r, ias_routes, ias_nroutes * sizeof(*r));
	memcpy(r + ias_nroutes, prov_routes, prov_nroutes * sizeof(*r));
	memcpy(r + ias_nroutes + prov_nroutes, pcs_routes,
	    pcs_nroutes * sizeof(*r));
	if (c->admin_listen[0] == '\0') {
		memcpy(r + ias_nroutes + prov_nroutes + pcs_nroutes,
		    admin_routes, admin_nroutes * sizeof(*r));
	}
	for (i = 0; i < ias_nroutes; i++) {
		if (strcmp(r[i].label, "ias_report") == 0 ||
		    strcmp(r[i].label, "qvs_report") == 0) {
			r[i].body_max = c->body_max;
		}
	}
	*n = total;
	return r;
}

static void
http_config(
    struct httpd_config *h, const struct attestd_config *c, struct attestd *ad)
{
	memset(h, 0, sizeof(*h));
	h->threads = c->threads;
	h->conn_limit = c->conn_limit;
	h->per_ip_limit = c->per_ip_limit;
	h->idle_timeout_s = c->idle_timeout_s;
	h->request_timeout_s = c->request_timeout_s;
	h->metrics_prefix = "sgxra_attestd";
	h->ctx = ad;
	h->health = health;
	h->metrics = metrics;
}

/* The TLS certificate and key, when configured: false after a log line. */
static bool
load_tls(const struct attestd_config *c, char **cert, char **key)
{
	*cert = NULL;
	*key = NULL;
	if (c->tls_cert[0] == '\0') {
		return true;
	}
	return (*cert = daemon_read_pem(c->tls_cert, false)) != NULL &&
	    (*key = daemon_read_pem(c->tls_key, true)) != NULL;
}

static int
serve(struct attestd *ad, const sigset_t *stop)
{
	const struct attestd_config *c = &ad->cfg;
	struct httpd *pub = NULL, *adm = NULL;
	struct httpd *servers[2];
	struct httpd_route *routes;
	struct httpd_config hc;
	char *cert = NULL, *key = NULL;
	size_t nroutes;
	enum ra_err err;
	int rc = 1;

	if ((routes = routes_public(c, &nroutes)) == NULL) {
		log_warnx("out of memory");
		return 1;
	}
	if (!load_tls(c, &cert, &key)) {
		goto out;
	}
	http_config(&hc, c, ad);
	hc.listen = c->listen;
	hc.routes = routes;
	hc.nroutes = nroutes;
	hc.tls_cert_pem = cert;
	hc.tls_key_pem = key;
	if ((err = httpd_start(&pub, &hc)) != RA_OK) {
		log_warnx("cannot serve on %s: %s", c->listen,
		    err == RA_ERR_KEY ? "the TLS certificate or key is refused"
		                      : ra_strerror(err));
		goto out;
	}
	if (c->admin_listen[0] != '\0') {
		hc.listen = c->admin_listen;
		hc.routes = admin_routes;
		hc.nroutes = admin_nroutes;
		if ((err = httpd_start(&adm, &hc)) != RA_OK) {
			log_warnx("cannot serve on %s: %s", c->admin_listen,
			    ra_strerror(err));
			goto out;
		}
	}
	if (key != NULL) {
		ra_wipe(key, strlen(key));
	}
	if (!daemon_drop_privileges(c->user) ||
	    !daemon_write_port(c->port_file, httpd_port(pub)) ||
	    (adm != NULL &&
	        !daemon_write_port(c->admin_port_file, httpd_port(adm)))) {
		goto out;
	}
	log_info("serving on %s (port %u%s)%s%s", c->listen,
	    (unsigned int)httpd_port(pub), cert != NULL ? ", TLS" : "",
	    adm != NULL ? "; administration on " : "",
	    adm != NULL ? c->admin_listen : "");
	servers[0] = pub;
	servers[1] = adm;
	daemon_wait_and_drain(servers, 2, stop, DRAIN_MS);
	rc = 0;
out:
	httpd_stop(adm);
	httpd_stop(pub);
	free(routes);
	free(cert);
	free(key);
	return rc;
}

static int
start_daemon(struct options *o)
{
	struct attestd *ad = calloc(1, sizeof(*ad));
	struct keeper_ops ops;
	sigset_t stop;
	char why[512] = "";
	enum ra_err err;
	int rc = 1;

	if (ad == NULL) {
		log_warnx("out of memory");
		return 1;
	}
	ad->cfg = o->cfg;
	pthread_mutex_init(&ad->lock, NULL);
	/* Detach first: the key-holding child dies with its parent. */
	if (!ad->cfg.foreground && daemon(1, 1) != 0) {
		log_warn("daemon");
		free(ad);
		return 1;
	}
	/* Every thread (the keeper's callers, the HTTP workers) inherits
	 * this mask: the stop signals reach sigwait in this thread only. */
	if (!daemon_block_signals(&stop)) {
		free(ad);
		return 1;
	}
	/* The key-holding process starts before any network socket. */
	if ((err = keys_keeper_ops(&ops, ad->cfg.state, ad->cfg.no_sandbox)) !=
	        RA_OK ||
	    (err = keeper_start(&ad->keeper, &ops,
	         ad->cfg.threads != 0 ? ad->cfg.threads : 4, why,
	         sizeof(why))) != RA_OK) {
		log_warnx("cannot start the key-holding process: %s",
		    why[0] != '\0' ? why : ra_strerror(err));
		goto out;
	}
	if (attestd_load_public(ad, why, sizeof(why)) != RA_OK) {
		log_warnx("cannot load the public keys: %s", why);
		goto out;
	}
	if (open_store(&ad->store, ad->cfg.db) != RA_OK ||
	    groups_new(&ad->groups) != RA_OK) {
		goto out;
	}
	rc = serve(ad, &stop);
out:
	groups_free(ad->groups);
	store_close(ad->store);
	if (ad->keeper != NULL) {
		keeper_stop(ad->keeper);
	}
	attestd_free_public(ad);
	pthread_mutex_destroy(&ad->lock);
	free(ad);
	log_info("stopped");
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;

	if (parse_args(argc, argv, &o) != 0) {
		fputs(usage_text, stderr);
		return 2;
	}
	log_init("sgxra-attestd", o.cfg.verbose);
	if (o.init) {
		return do_init(&o);
	}
	return start_daemon(&o);
}
