/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IAS HTTP client against a canned IAS: a libmicrohttpd server in
 * this process, on 127.0.0.1 and a port the kernel picks, one per test,
 * stopped at the end of the test (no child process, nothing to kill;
 * python3 is not on a fresh Debian 12, libmicrohttpd is a dependency
 * already). It answers what the test set up (status, body, headers,
 * delay) and records what it was sent (method, path, key, content type,
 * body). Real IAS responses (oasis-core's v4 report) go through the client
 * and then ra_avr_verify(). TLS: a throwaway CA and a server certificate
 * for IP:127.0.0.1, when libmicrohttpd has TLS.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "pki_rsa.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/sigrl.h"
#include "test.h"

#define REAL       "tests/data/real/"
#define OASIS      REAL "ias/oasis-core/"
#define KEY        "0123456789abcdef0123456789ABCDEF"
#define NHDR       6
#define UPLOAD_MAX ((size_t)1 << 20)

/* What the server answers, and what it saw. */
struct canned {
	unsigned int status;
	const char *body;
	size_t body_len;
	const char *hdr[NHDR][2];
	unsigned int delay_ms;
	/* recorded */
	int requests;
	int server_errors; /* cmocka asserts may not run in server threads */
	char method[16];
	char url[256];
	char key[128];
	char ctype[64];
	char *upload;
	size_t upload_len;
};

struct server {
	struct MHD_Daemon *d;
	uint16_t port;
	char base[128];
	struct canned c;
};

struct upload {
	char *p;
	size_t len;
};

static void
copy_value(char *out, size_t cap, struct MHD_Connection *conn, const char *k)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, k);

	snprintf(out, cap, "%s", v == NULL ? "" : v);
}

/* Collect a request body; true when it is complete. */
static bool
collect(void **con_cls, const char *data, size_t *size)
{
	struct upload *u = *con_cls;

	if (u == NULL) {
		*con_cls = u = calloc(1, sizeof(*u));
		if (u == NULL) {
			abort();
		}
		return false;
	}
	if (*size == 0) {
		return true;
	}
	if (u->len + *size <= UPLOAD_MAX) {
		u->p = realloc(u->p, u->len + *size + 1);
		if (u->p == NULL) {
			abort();
		}
		memcpy(u->p + u->len, data, *size);
		u->len += *size;
		u->p[u->len] = '\0';
	}
	*size = 0;
	return false;
}

static void
record(struct canned *c, struct MHD_Connection *conn, const char *url,
    const char *method, struct upload *u)
{
	c->requests++;
	snprintf(c->method, sizeof(c->method), "%s", method);
	snprintf(c->url, sizeof(c->url), "%s", url);
	copy_value(c->key, sizeof(c->key), conn, "Ocp-Apim-Subscription-Key");
	copy_value(c->ctype, sizeof(c->ctype), conn, "Content-Type");
	free(c->upload);
	c->upload = u->p;
	c->upload_len = u->len;
	u->p = NULL;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **con_cls)
{
	struct canned *c = cls;
	struct MHD_Response *r;
	struct timespec ts;
	enum MHD_Result ret;
	size_t i;

	(void)version;
	if (!collect(con_cls, data, size)) {
		return MHD_YES;
	}
	record(c, conn, url, method, *con_cls);
	if (c->delay_ms > 0) {
		ts.tv_sec = c->delay_ms / 1000;
		ts.tv_nsec = (long)(c->delay_ms % 1000) * 1000000;
		nanosleep(&ts, NULL);
	}
	r = MHD_create_response_from_buffer(
	    c->body_len, (void *)(uintptr_t)c->body, MHD_RESPMEM_MUST_COPY);
	if (r == NULL) {
		c->server_errors++;
		return MHD_NO;
	}
	for (i = 0; i < NHDR && c->hdr[i][0] != NULL; i++) {
		if (MHD_add_response_header(r, c->hdr[i][0], c->hdr[i][1]) !=
		    MHD_YES) {
			c->server_errors++;
		}
	}
	ret = MHD_queue_response(conn, c->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode code)
{
	struct upload *u = *con_cls;

	(void)cls;
	(void)conn;
	(void)code;
	if (u != NULL) {
		free(u->p);
		free(u);
		*con_cls = NULL;
	}
}

/* Start on 127.0.0.1, an ephemeral port; TLS if key and cert are given. */
static void
server_start(struct server *s, const char *key_pem, const char *cert_pem)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	unsigned int flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;

	memset(s, 0, sizeof(*s));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	if (key_pem != NULL) {
		s->d = MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL,
		    answer, &s->c, MHD_OPTION_SOCK_ADDR, &sa,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		    MHD_OPTION_HTTPS_MEM_KEY, key_pem,
		    MHD_OPTION_HTTPS_MEM_CERT, cert_pem, MHD_OPTION_END);
	} else {
		s->d = MHD_start_daemon(flags, 0, NULL, NULL, answer, &s->c,
		    MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
		    completed, NULL, MHD_OPTION_END);
	}
	assert_non_null(s->d);
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	s->port = info->port;
	assert_true(s->port != 0);
	snprintf(s->base, sizeof(s->base), "%s://127.0.0.1:%u/attestation/v4",
	    key_pem != NULL ? "https" : "http", (unsigned int)s->port);
}

static void
server_stop(struct server *s)
{
	MHD_stop_daemon(s->d);
	assert_int_equal(s->c.server_errors, 0);
	free(s->c.upload);
	s->c.upload = NULL;
}

static struct ra_ias_conn
conn_for(const struct server *s)
{
	struct ra_ias_conn c = { s->base, KEY, NULL, 5000 };

	return c;
}

/* --- GET sigrl ----------------------------------------------------------- */

static void
sigrl_ok(void **state)
{
	struct server s;
	struct ra_ias_conn conn;
	struct ra_sigrl rl;
	size_t len, got;
	uint8_t *want = test_load("tests/fuzz/corpus/sigrl/n2-1", &len);
	char *b64 = malloc(RA_BASE64_LEN(len) + 1);
	uint8_t out[1024];
	long status;

	(void)state;
	assert_non_null(b64);
	assert_ra_ok(ra_base64_encode(b64, RA_BASE64_LEN(len) + 1, want, len));
	server_start(&s, NULL, NULL);
	s.c.status = 200;
	s.c.body = b64;
	s.c.body_len = strlen(b64);
	conn = conn_for(&s);
	assert_ra_ok(ra_ias_get_sigrl(
	    &conn, out, sizeof(out), &got, &status, 0x00000b5b));
	assert_int_equal(status, 200);
	assert_int_equal(got, len);
	test_assert_bytes(out, want, len, "sigrl");
	assert_ra_ok(ra_sigrl_parse(&rl, out, got));
	assert_string_equal(s.c.method, "GET");
	assert_string_equal(s.c.url, "/attestation/v4/sigrl/00000b5b");
	assert_string_equal(s.c.key, KEY);
	/* a trailing '/' in the base; the GID in lower case, 8 digits */
	snprintf(s.base + strlen(s.base), sizeof(s.base) - strlen(s.base), "/");
	assert_ra_ok(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 0xabcdef));
	assert_string_equal(s.c.url, "/attestation/v4/sigrl/00abcdef");
	/* just enough room, and one byte short */
	assert_ra_ok(ra_ias_get_sigrl(&conn, out, len, &got, &status, 1));
	assert_ra_err(ra_ias_get_sigrl(&conn, out, len - 1, &got, &status, 1),
	    RA_ERR_SPACE);
	assert_int_equal(got, 0);
	server_stop(&s);
	free(b64);
	free(want);
}

/* 200 with an empty body: the group has no SigRL. */
static void
sigrl_empty(void **state)
{
	struct server s;
	struct ra_ias_conn conn;
	uint8_t out[16];
	size_t got = 99;
	long status;

	(void)state;
	server_start(&s, NULL, NULL);
	s.c.status = 200;
	s.c.body = "";
	conn = conn_for(&s);
	assert_ra_ok(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 0xb5b));
	assert_int_equal(got, 0);
	assert_int_equal(status, 200);
	/* no buffer at all is fine for an empty SigRL */
	assert_ra_ok(ra_ias_get_sigrl(&conn, NULL, 0, &got, &status, 0xb5b));
	server_stop(&s);
}

static void
sigrl_statuses(void **state)
{
	static const struct {
		unsigned int status;
		enum ra_err want;
	} cases[] = {
		{ 401, RA_ERR_UNAUTHORIZED },
		{ 404, RA_ERR_NOT_FOUND },
		{ 400, RA_ERR_HTTP },
		{ 500, RA_ERR_HTTP },
		{ 503, RA_ERR_HTTP },
		{ 204, RA_ERR_HTTP },
		{ 302, RA_ERR_HTTP },
	};
	struct server s;
	struct ra_ias_conn conn;
	uint8_t out[128];
	size_t i, got;
	long status;

	(void)state;
	server_start(&s, NULL, NULL);
	conn = conn_for(&s);
	s.c.body = "{\"error\": \"not base64 at all\"}";
	s.c.body_len = strlen(s.c.body);
	s.c.hdr[0][0] = "Location";
	s.c.hdr[0][1] = "http://127.0.0.1:1/elsewhere";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s.c.status = cases[i].status;
		s.c.body_len = cases[i].status == 204 ? 0 : strlen(s.c.body);
		assert_ra_err(ra_ias_get_sigrl(&conn, out, sizeof(out), &got,
		                  &status, 0xb5b),
		    cases[i].want);
		assert_int_equal(status, cases[i].status);
		assert_int_equal(got, 0);
	}
	server_stop(&s);
}

static void
sigrl_malformed(void **state)
{
	static const char *const bad[] = {
		"AAA",      /* a partial quad */
		"AA==AAAA", /* data after the padding */
		"AAAA\n",   /* whitespace */
		"A A=",     /* a space */
		"AB==",     /* non-zero trailing bits */
		"AAAA====", /* a quad of padding */
	};
	struct server s;
	struct ra_ias_conn conn;
	uint8_t out[128];
	size_t i, got;
	long status;

	(void)state;
	server_start(&s, NULL, NULL);
	conn = conn_for(&s);
	s.c.status = 200;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.c.body = bad[i];
		s.c.body_len = strlen(bad[i]);
		if (ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status,
		        1) != RA_ERR_FORMAT) {
			fail_msg("\"%s\" accepted", bad[i]);
		}
		assert_int_equal(status, 200);
	}
	server_stop(&s);
}

/* A body far beyond the buffer: RA_ERR_SPACE, the transfer cut short. */
static void
sigrl_oversized(void **state)
{
	struct server s;
	struct ra_ias_conn conn;
	uint8_t out[1024];
	size_t n = (size_t)4 << 20, got;
	char *big = malloc(n);
	long status;

	(void)state;
	assert_non_null(big);
	memset(big, 'A', n);
	server_start(&s, NULL, NULL);
	conn = conn_for(&s);
	s.c.status = 200;
	s.c.body = big;
	s.c.body_len = n;
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_SPACE);
	assert_int_equal(got, 0);
	server_stop(&s);
	free(big);
}

/* --- POST report --------------------------------------------------------- */

struct avr_files {
	uint8_t *body, *quote;
	char *sig, *certs;
	size_t body_len, sig_len, certs_len, quote_len;
};

static char *
text(const char *rel, size_t *len)
{
	uint8_t *b = test_load(rel, len);
	char *t = realloc(b, *len + 1); /* test_load adds no NUL */

	assert_non_null(t);
	t[*len] = '\0';
	while (*len > 0 && (t[*len - 1] == '\n' || t[*len - 1] == '\r')) {
		t[--*len] = '\0';
	}
	return t;
}

static void
load_avr(struct avr_files *f)
{
	f->body = test_load(OASIS "avr_v4/avr_body.json", &f->body_len);
	f->sig = text(OASIS "avr_v4/avr_signature.b64", &f->sig_len);
	f->certs = text(OASIS "avr_certificates_urlencoded.pem", &f->certs_len);
	f->quote = test_load(
	    REAL "epid-quotes/sbellem-sgx-iot/epid_quote.bin", &f->quote_len);
}

static void
free_avr(struct avr_files *f)
{
	free(f->body);
	free(f->sig);
	free(f->certs);
	free(f->quote);
}

/* IAS's answer: the real body and its headers. */
static void
serve_avr(struct server *s, const struct avr_files *f)
{
	s->c.status = 200;
	s->c.body = (const char *)f->body;
	s->c.body_len = f->body_len;
	s->c.hdr[0][0] = "X-IASReport-Signature";
	s->c.hdr[0][1] = f->sig;
	s->c.hdr[1][0] = "X-IASReport-Signing-Certificate";
	s->c.hdr[1][1] = f->certs;
	s->c.hdr[2][0] = "Request-ID";
	s->c.hdr[2][1] = "bd0e4a2e9b1e4e6f8e1f0f7b3b4a8c11";
	s->c.hdr[3][0] = "Content-Type";
	s->c.hdr[3][1] = "application/json";
}

/* The request body: exactly the quote in base64, and the nonce if any. */
static void
check_request(
    const struct canned *c, const struct avr_files *f, const char *nonce)
{
	json_error_t jerr;
	json_t *j = json_loadb(c->upload, c->upload_len, 0, &jerr);
	const json_t *q, *n;
	uint8_t *quote = malloc(f->quote_len);
	size_t len;

	assert_non_null(j);
	assert_non_null(quote);
	assert_string_equal(c->method, "POST");
	assert_string_equal(c->url, "/attestation/v4/report");
	assert_string_equal(c->key, KEY);
	assert_string_equal(c->ctype, "application/json");
	q = json_object_get(j, "isvEnclaveQuote");
	assert_ra_ok(ra_base64_decode(quote, f->quote_len, &len,
	    json_string_value(q), json_string_length(q)));
	assert_int_equal(len, f->quote_len);
	test_assert_bytes(quote, f->quote, len, "quote");
	n = json_object_get(j, "nonce");
	if (nonce == NULL) {
		assert_null(n);
		assert_int_equal(json_object_size(j), 1);
	} else {
		assert_string_equal(json_string_value(n), nonce);
		assert_int_equal(json_object_size(j), 2);
	}
	json_decref(j);
	free(quote);
}

/* The real oasis-core v4 report through the client, then verified. */
static void
report_ok(void **state)
{
	static uint8_t body[RA_AVR_BODY_MAX_LEN];
	static struct ra_ias_report_resp resp;
	struct server s;
	struct ra_ias_conn conn;
	struct avr_files f;
	struct ra_x509 *root = NULL;
	struct ra_avr avr;
	size_t rl;
	uint8_t *rpem = test_load(REAL "roots/ias_attestation_report_"
	                               "signing_ca.pem",
	    &rl);
	const char *nonce = "biNMqBAuTPF2hp/0fXa4P3splRkLHJf0";

	(void)state;
	assert_ra_ok(ra_x509_from_pem(&root, (char *)rpem, rl));
	load_avr(&f);
	server_start(&s, NULL, NULL);
	serve_avr(&s, &f);
	conn = conn_for(&s);
	assert_ra_ok(ra_ias_post_report(
	    &conn, &resp, body, sizeof(body), f.quote, f.quote_len, nonce));
	check_request(&s.c, &f, nonce);
	assert_int_equal(resp.http_status, 200);
	assert_int_equal(resp.body_len, f.body_len);
	test_assert_bytes(body, f.body, f.body_len, "body");
	assert_string_equal(resp.signature, f.sig);
	assert_int_equal(resp.signature_len, f.sig_len);
	assert_string_equal(resp.certs, f.certs);
	assert_string_equal(
	    resp.request_id, "bd0e4a2e9b1e4e6f8e1f0f7b3b4a8c11");
	assert_ra_ok(ra_avr_verify(&avr, NULL, body, resp.body_len,
	    resp.signature, resp.signature_len, resp.certs, resp.certs_len,
	    root, 1589188935));
	assert_int_equal(avr.status, RA_AVR_STATUS_SW_HARDENING_NEEDED);
	assert_string_equal(avr.nonce, nonce);
	/* no nonce: no member */
	assert_ra_ok(ra_ias_post_report(
	    &conn, &resp, body, sizeof(body), f.quote, f.quote_len, NULL));
	check_request(&s.c, &f, NULL);
	server_stop(&s);
	free_avr(&f);
	ra_x509_free(root);
	free(rpem);
}

static enum ra_err
post(struct server *s, const struct avr_files *f,
    struct ra_ias_report_resp *resp, size_t cap)
{
	static uint8_t body[RA_AVR_BODY_MAX_LEN + 1];
	struct ra_ias_conn conn = conn_for(s);

	return ra_ias_post_report(
	    &conn, resp, body, cap, f->quote, f->quote_len, "n");
}

static void
report_errors(void **state)
{
	static struct ra_ias_report_resp resp;
	struct server s;
	struct avr_files f;
	char *big = malloc(RA_AVR_BODY_MAX_LEN + 1);

	(void)state;
	assert_non_null(big);
	load_avr(&f);
	server_start(&s, NULL, NULL);
	serve_avr(&s, &f);
	s.c.status = 401;
	assert_ra_err(
	    post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN), RA_ERR_UNAUTHORIZED);
	assert_int_equal(resp.http_status, 401);
	s.c.status = 400;
	assert_ra_err(post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN), RA_ERR_HTTP);
	assert_int_equal(resp.http_status, 400);
	assert_string_equal(
	    resp.request_id, "bd0e4a2e9b1e4e6f8e1f0f7b3b4a8c11");
	s.c.status = 404;
	assert_ra_err(
	    post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN), RA_ERR_NOT_FOUND);
	/* 200, one byte more than the buffer */
	s.c.status = 200;
	memset(big, ' ', RA_AVR_BODY_MAX_LEN + 1);
	s.c.body = big;
	s.c.body_len = RA_AVR_BODY_MAX_LEN + 1;
	assert_ra_err(post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN), RA_ERR_SPACE);
	assert_ra_ok(post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN + 1));
	assert_int_equal(resp.body_len, RA_AVR_BODY_MAX_LEN + 1);
	server_stop(&s);
	free_avr(&f);
	free(big);
}

static void
report_headers(void **state)
{
	static struct ra_ias_report_resp resp;
	struct server s;
	struct avr_files f;
	char *long_sig = malloc(RA_IAS_SIG_HEADER_MAX_LEN + 2);

	(void)state;
	assert_non_null(long_sig);
	memset(long_sig, 'A', RA_IAS_SIG_HEADER_MAX_LEN + 1);
	long_sig[RA_IAS_SIG_HEADER_MAX_LEN + 1] = '\0';
	load_avr(&f);
	server_start(&s, NULL, NULL);
	serve_avr(&s, &f);
	/* names in any case */
	s.c.hdr[0][0] = "x-iasreport-signature";
	s.c.hdr[1][0] = "X-IASREPORT-SIGNING-CERTIFICATE";
	assert_ra_ok(post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN));
	assert_string_equal(resp.signature, f.sig);
	/* a value above its bound */
	s.c.hdr[0][1] = long_sig;
	assert_ra_err(post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN), RA_ERR_FORMAT);
	/* a repeated header */
	s.c.hdr[0][1] = f.sig;
	s.c.hdr[4][0] = "Request-ID";
	s.c.hdr[4][1] = "again";
	assert_ra_err(post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN), RA_ERR_FORMAT);
	s.c.hdr[4][0] = NULL;
	/* a 200 without the signature headers */
	s.c.hdr[0][0] = "X-Other";
	assert_ra_err(post(&s, &f, &resp, RA_AVR_BODY_MAX_LEN), RA_ERR_FORMAT);
	assert_string_equal(resp.signature, "");
	server_stop(&s);
	free_avr(&f);
	free(long_sig);
}

/* A server too slow for the time limit, and nobody listening. */
static void
timeouts_and_refusal(void **state)
{
	struct server s;
	struct ra_ias_conn conn;
	uint8_t out[16];
	size_t got;
	long status = -1;
	struct timespec t0, t1;

	(void)state;
	server_start(&s, NULL, NULL);
	s.c.status = 200;
	s.c.body = "";
	s.c.delay_ms = 1500;
	conn = conn_for(&s);
	conn.timeout_ms = 200;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_IO);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2);
	assert_int_equal(status, 0);
	server_stop(&s);
	/* the same port, now closed */
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_IO);
	assert_int_equal(status, 0);
}

static void
arguments(void **state)
{
	static const char *const urls[] = {
		"http://example.com/attestation/v4",
		"http://10.0.0.1",
		"ftp://127.0.0.1/",
		"file:///etc/passwd",
		"https://h/v4?x=1",
		"https://h/v4#f",
		"https://u:p@h/v4",
		"not a url",
		"",
	};
	static struct ra_ias_report_resp resp;
	struct ra_ias_conn conn = { "https://127.0.0.1:1", KEY, NULL, 1000 };
	uint8_t out[16], quote[1116] = { 2 };
	size_t i, got;
	long status;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		conn.base_url = urls[i];
		if (ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status,
		        1) != RA_ERR_ARG) {
			fail_msg("%s accepted", urls[i]);
		}
	}
	conn.base_url = "https://127.0.0.1:1";
	conn.api_key = "0123-4567";
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_ARG);
	conn.api_key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456"
	               "789abcdefX";
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_ARG);
	conn.api_key = "";
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_ARG);
	conn.api_key = KEY;
	conn.timeout_ms = 0;
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_ARG);
	conn.timeout_ms = 1000;
	assert_ra_err(ra_ias_post_report(&conn, &resp, out, sizeof(out), quote,
	                  sizeof(quote), "012345678901234567890123456789012"),
	    RA_ERR_ARG);
	assert_ra_err(ra_ias_post_report(&conn, &resp, out, sizeof(out), quote,
	                  sizeof(quote), "a\nb"),
	    RA_ERR_ARG);
	assert_ra_err(
	    ra_ias_post_report(&conn, &resp, out, sizeof(out), quote, 0, NULL),
	    RA_ERR_ARG);
	assert_ra_err(ra_ias_post_report(&conn, NULL, out, sizeof(out), quote,
	                  sizeof(quote), NULL),
	    RA_ERR_ARG);
	assert_ra_err(
	    ra_ias_get_sigrl(NULL, out, sizeof(out), &got, &status, 1),
	    RA_ERR_ARG);
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), NULL, &status, 1),
	    RA_ERR_ARG);
}

/* --- TLS ----------------------------------------------------------------- */

static char *
write_temp(const char *data, size_t len)
{
	char *path = strdup("/tmp/sgxra-ias-ca-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void
tls(void **state)
{
	struct test_pki_cert ca, other, srv;
	struct server s;
	struct ra_ias_conn conn;
	uint8_t out[16];
	size_t got, n;
	long status;
	char *ca_pem, *other_pem, *srv_pem, *key_pem, *ca_path, *other_path;

	(void)state;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		skip();
	}
	test_pki_rsa_ca(&ca, "Test TLS CA", 2048, 1500000000, 4000000000);
	test_pki_rsa_ca(&other, "Test TLS CA", 2048, 1500000000, 4000000000);
	test_pki_rsa_issue(&srv, &ca, "127.0.0.1", 2048, 7, 1500000000,
	    4000000000, "IP:127.0.0.1");
	ca_pem = test_pki_rsa_cert_pem(&ca, &n);
	ca_path = write_temp(ca_pem, n);
	other_pem = test_pki_rsa_cert_pem(&other, &n);
	other_path = write_temp(other_pem, n);
	srv_pem = test_pki_rsa_cert_pem(&srv, &n);
	key_pem = test_pki_rsa_key_pem(&srv, &n);
	server_start(&s, key_pem, srv_pem);
	s.c.status = 200;
	s.c.body = "";
	conn = conn_for(&s);
	conn.ca_file = ca_path;
	assert_ra_ok(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1));
	assert_int_equal(s.c.requests, 1);
	/* another CA of the same name, and the default store */
	conn.ca_file = other_path;
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_IO);
	conn.ca_file = NULL;
	assert_ra_err(
	    ra_ias_get_sigrl(&conn, out, sizeof(out), &got, &status, 1),
	    RA_ERR_IO);
	assert_int_equal(s.c.requests, 1);
	server_stop(&s);
	unlink(ca_path);
	unlink(other_path);
	free(ca_path);
	free(other_path);
	free(ca_pem);
	free(other_pem);
	free(srv_pem);
	free(key_pem);
	test_pki_free(&ca);
	test_pki_free(&other);
	test_pki_free(&srv);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(sigrl_ok),
	cmocka_unit_test(sigrl_empty),
	cmocka_unit_test(sigrl_statuses),
	cmocka_unit_test(sigrl_malformed),
	cmocka_unit_test(sigrl_oversized),
	cmocka_unit_test(report_ok),
	cmocka_unit_test(report_errors),
	cmocka_unit_test(report_headers),
	cmocka_unit_test(timeouts_and_refusal),
	cmocka_unit_test(arguments),
	cmocka_unit_test(tls),
};

int
main(int argc, char **argv)
{
	int rc;

	if (ra_ias_global_init() != RA_OK) {
		return 1;
	}
	rc = test_main(
	    argc, argv, __FILE__, tests, sizeof(tests) / sizeof(tests[0]));
	ra_ias_global_cleanup();
	return rc;
}
