/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-spd: the relying party of SGX remote attestation. See spd.h and
 * docs/spd.md.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"
#include "sgxra/ct.h"
#include "spd.h"

static const char usage_text[] =
    "usage: sgxra-spd [-dv] [--config FILE] [options]\n"
    "\n"
    "The service provider (relying party) of SGX remote attestation: it\n"
    "answers an application's msg0||msg1 with msg2 and its msg3 with\n"
    "msg4, asks the attestation service (IAS API v4: sgxra-attestd, or\n"
    "any IAS) for the SigRL and the report, verifies the report against\n"
    "a pinned root, applies its enclave policy, and provisions its secret\n"
    "into the enclaves it trusts, encrypted under the session key.\n"
    "\n"
    "Transports:\n"
    "  HTTP   POST /ra/v1/msg01 (msg0||msg1) -> msg2 and header\n"
    "         X-SGXRA-Session; POST /ra/v1/msg3 with that header -> msg4\n"
    "         and header X-SGXRA-Verdict\n"
    "  TCP    with --ras-listen: sgx-ra-sample's hex lines (msg0||msg1,\n"
    "         msg2, msg3, then its unauthenticated msg4: no secret)\n"
    "\n"
    "Required:\n"
    "  --sp-key PEM        the SP's P-256 private key; its public half is\n"
    "                      compiled into the enclave\n"
    "  --spid HEX          the SPID (32 hex digits)\n"
    "  --ias-url URL       the attestation service, e.g.\n"
    "                      https://HOST/attestation/v4 (http only to\n"
    "                      loopback)\n"
    "  --ias-key-file F    the subscription key (file mode 0600)\n"
    "  --ias-root PEM      the report-signing root to pin\n"
    "  --mrenclave HEX     an accepted enclave (repeat for more), and/or\n"
    "  --mrsigner HEX --isv-prod-id N --min-isv-svn N\n"
    "Options:\n"
    "  --config FILE       read options from FILE (\"name value\" or\n"
    "                      \"name = value\" lines, the long option names,\n"
    "                      '_' or '-'); the command line wins\n"
    "  --secret-file F     the secret to provision (at most 64 KiB)\n"
    "  --linkable BOOL     ask for linkable quotes (default false)\n"
    "  --quote-type T      epid (default) or dcap: ask for DCAP ECDSA\n"
    "                      quotes (msg2 quote_type 2, no SigRL) and have\n"
    "                      them verified by --qvs-url\n"
    "  --qvs-url URL       with dcap: the Quote Verification Service,\n"
    "                      e.g. https://HOST/attestation/sgx/dcap/v1\n"
    "                      (the same key file and root as --ias-url)\n"
    "  --allow-debug BOOL  accept debug enclaves (default false)\n"
    "  --allow-emulated BOOL  accept a root that is not Intel's (default\n"
    "                      false: evidence from an emulated platform is\n"
    "                      refused)\n"
    "  --accept LIST       report statuses accepted (default OK), e.g.\n"
    "                      OK,CONFIGURATION_NEEDED,SW_HARDENING_NEEDED\n"
    "  --provision LIST    accepted statuses that get the secret (default\n"
    "                      OK)\n"
    "  --listen ADDR       HTTP on HOST:PORT or [V6]:PORT (default\n"
    "                      " SPD_DEFAULT_LISTEN "; port 0 picks one)\n"
    "  --ras-listen ADDR   sgx-ra-sample's transport (default: off)\n"
    "  --port-file F, --ras-port-file F  write the bound ports there\n"
    "  --tls-cert PEM --tls-key PEM  serve HTTPS\n"
    "  --ias-ca PEM        CAs for the attestation service's TLS\n"
    "  --session-ttl S     a session's life, msg01 to msg3 (120)\n"
    "  --max-sessions N    sessions at once (1024)\n"
    "  --avr-max-age S     how old a report may be (300)\n"
    "  --ias-timeout S     per attestation-service request (30)\n"
    "  --threads N         HTTP worker threads (default: CPUs online)\n"
    "  --user USER         as root: run as USER once listening\n"
    "  --no-sandbox        do not confine the key-holding process with\n"
    "                      seccomp (for valgrind runs only)\n"
    "  -d                  stay in the foreground, log to stderr\n"
    "  -v                  log debug messages too\n"
    "\n"
    "Every decision is logged with its reason. SIGTERM or SIGINT stop\n"
    "accepting, finish the requests in flight (up to 10 s) and exit 0.\n";

#define DRAIN_MS 10000

/* Long options that are configuration keys. */
static const char *const cfg_keys[] = { "listen", "ras-listen", "port-file",
	"ras-port-file", "tls-cert", "tls-key", "user", "sp-key", "ias-url",
	"ias-key-file", "ias-root", "ias-ca", "secret-file", "spid", "linkable",
	"quote-type", "qvs-url", "allow-emulated", "allow-debug", "mrenclave",
	"mrsigner", "isv-prod-id", "min-isv-svn", "accept", "provision",
	"session-ttl", "max-sessions", "avr-max-age", "ias-timeout",
	"threads" };
#define NCFG      (sizeof(cfg_keys) / sizeof(cfg_keys[0]))
#define MAX_GIVEN 256

static int
parse_args(int argc, char **argv, struct spd_config *c)
{
	struct option longopts[NCFG + 4];
	/* the command line wins over the file: collect, apply after it */
	const char *given_key[MAX_GIVEN], *given_val[MAX_GIVEN];
	const char *config_file = NULL;
	size_t i, ngiven = 0;
	char why[512];
	int ch;

	spd_config_defaults(c);
	for (i = 0; i < NCFG; i++) {
		longopts[i] = (struct option){ cfg_keys[i], required_argument,
			NULL, 0x100 + (int)i };
	}
	longopts[NCFG] =
	    (struct option){ "config", required_argument, NULL, 'c' };
	longopts[NCFG + 1] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[NCFG + 2] =
	    (struct option){ "no-sandbox", no_argument, NULL, 'N' };
	longopts[NCFG + 3] = (struct option){ NULL, 0, NULL, 0 };
	while ((ch = getopt_long(argc, argv, "dvh", longopts, NULL)) != -1) {
		if (ch >= 0x100 && ch < 0x100 + (int)NCFG) {
			if (ngiven == MAX_GIVEN) {
				fprintf(
				    stderr, "sgxra-spd: too many options\n");
				return -1;
			}
			given_key[ngiven] = cfg_keys[ch - 0x100];
			given_val[ngiven++] = optarg;
			continue;
		}
		switch (ch) {
		case 'c':
			config_file = optarg;
			break;
		case 'd':
			c->foreground = true;
			break;
		case 'v':
			c->verbose = true;
			break;
		case 'N':
			c->no_sandbox = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "sgxra-spd: unexpected argument \"%s\"\n",
		    argv[optind]);
		return -1;
	}
	if (config_file != NULL &&
	    spd_config_file(c, config_file, why, sizeof(why)) != RA_OK) {
		fprintf(stderr, "sgxra-spd: %s\n", why);
		return -1;
	}
	for (i = 0; i < ngiven; i++) {
		if (spd_config_set(c, given_key[i], given_val[i], why,
		        sizeof(why)) != RA_OK) {
			fprintf(stderr, "sgxra-spd: --%s\n", why);
			return -1;
		}
	}
	if (spd_config_check(c, why, sizeof(why)) != RA_OK) {
		fprintf(stderr, "sgxra-spd: %s\n", why);
		return -1;
	}
	return 0;
}

static void
metrics(void *ctx, struct ra_buf *out)
{
	struct spd *d = ctx;
	uint64_t h, t, r;
	char text[512];
	int n;

	pthread_mutex_lock(&d->lock);
	h = d->handshakes;
	t = d->trusted;
	r = d->refused;
	pthread_mutex_unlock(&d->lock);
	n = snprintf(text, sizeof(text),
	    "# HELP sgxra_spd_sessions_total Sessions started (msg2 sent).\n"
	    "# TYPE sgxra_spd_sessions_total counter\n"
	    "sgxra_spd_sessions_total %llu\n"
	    "# HELP sgxra_spd_verdicts_total msg3 outcomes.\n"
	    "# TYPE sgxra_spd_verdicts_total counter\n"
	    "sgxra_spd_verdicts_total{verdict=\"trusted\"} %llu\n"
	    "sgxra_spd_verdicts_total{verdict=\"refused\"} %llu\n",
	    (unsigned long long)h, (unsigned long long)t,
	    (unsigned long long)r);
	if (n > 0 && (size_t)n < sizeof(text)) {
		ra_buf_put(out, text, (size_t)n);
	}
}

static int
serve(struct spd *d, const sigset_t *stop)
{
	const struct spd_config *c = &d->cfg;
	struct httpd *pub = NULL;
	struct ras *ras = NULL;
	struct httpd_config hc;
	char *cert = NULL, *key = NULL;
	uint16_t ras_port = 0;
	enum ra_err err;
	int rc = 1;

	if (c->tls_cert[0] != '\0' &&
	    ((cert = daemon_read_pem(c->tls_cert, false)) == NULL ||
	        (key = daemon_read_pem(c->tls_key, true)) == NULL)) {
		goto out;
	}
	memset(&hc, 0, sizeof(hc));
	hc.listen = c->listen;
	hc.threads = c->threads;
	hc.metrics_prefix = "sgxra_spd";
	hc.ctx = d;
	hc.metrics = metrics;
	hc.routes = spd_routes;
	hc.nroutes = spd_nroutes;
	hc.tls_cert_pem = cert;
	hc.tls_key_pem = key;
	if ((err = httpd_start(&pub, &hc)) != RA_OK) {
		log_warnx(
		    "cannot serve on %s: %s", c->listen, ra_strerror(err));
		goto out;
	}
	if (key != NULL) {
		ra_wipe(key, strlen(key));
	}
	if (c->ras_listen[0] != '\0' &&
	    ras_start(&ras, d, c->ras_listen, &ras_port) != RA_OK) {
		log_warnx("cannot serve sgx-ra-sample's transport on %s",
		    c->ras_listen);
		goto out;
	}
	if (!daemon_drop_privileges(c->user) ||
	    !daemon_write_port(c->port_file, httpd_port(pub)) ||
	    (ras != NULL && !daemon_write_port(c->ras_port_file, ras_port))) {
		goto out;
	}
	log_info("serving on %s (port %u%s); sgx-ra-sample transport %s "
	         "(port %u); attestation service %s%s",
	    c->listen, (unsigned int)httpd_port(pub),
	    cert != NULL ? ", TLS" : "", ras != NULL ? c->ras_listen : "off",
	    (unsigned int)ras_port, c->ias_url,
	    c->allow_emulated ? " (emulated roots allowed)" : "");
	daemon_wait_and_drain(&pub, 1, stop, DRAIN_MS);
	rc = 0;
out:
	ras_stop(ras);
	httpd_stop(pub);
	free(cert);
	free(key);
	return rc;
}

/* Which key signs msg2: the operator compares it with the enclave's. */
static void
log_sp_key(struct spd *d)
{
	struct ra_ec256_pub pub;
	char hex[2 * sizeof(pub.x) + 1];
	size_t i;

	if (spd_keeper_public(d, &pub) != RA_OK) {
		return;
	}
	for (i = 0; i < sizeof(pub.x); i++) {
		snprintf(hex + 2 * i, 3, "%02x", pub.x[i]);
	}
	log_info("SP key (held by the key-holding process %ld): public x %s",
	    (long)keeper_pid(d->keeper), hex);
}

int
main(int argc, char **argv)
{
	static struct spd d;
	char why[512] = "";
	sigset_t stop;
	int rc = 1;

	if (parse_args(argc, argv, &d.cfg) != 0) {
		fputs("Try sgxra-spd --help.\n", stderr);
		return 2;
	}
	log_init("sgxra-spd", d.cfg.verbose);
	if (!d.cfg.foreground && daemon(1, 1) != 0) {
		log_warn("daemon");
		return 1;
	}
	if (!daemon_block_signals(&stop)) {
		return 1;
	}
	pthread_mutex_init(&d.lock, NULL);
	if (ra_ias_global_init() != RA_OK) {
		log_warnx("cannot initialise libcurl");
		return 1;
	}
	/* The key-holding process starts before any network socket. */
	if (spd_keeper_start(&d, why, sizeof(why)) != RA_OK) {
		log_warnx("cannot start the key-holding process: %s", why);
		goto out;
	}
	spd_keeper_signer(&d);
	if (spd_load(&d, why, sizeof(why)) != RA_OK) {
		log_warnx("%s", why);
		goto out;
	}
	log_sp_key(&d);
	if ((d.sessions = calloc(
	         d.cfg.max_sessions, sizeof(struct spd_session *))) == NULL) {
		log_warnx("out of memory");
		goto out;
	}
	rc = serve(&d, &stop);
out:
	spd_sessions_free(&d);
	free(d.sessions);
	spd_unload(&d);
	if (d.keeper != NULL) {
		keeper_stop(d.keeper);
	}
	ra_ias_global_cleanup();
	log_info("stopped");
	return rc;
}
