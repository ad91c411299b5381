/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * src/common/httpd.c: servers on 127.0.0.1 (and [::1]) port 0, driven by
 * libcurl and, where a client must misbehave, by a raw socket. Every wait
 * is bounded in count and in time; no test waits more than a few seconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "httpd.h"
#include "sgxra/buf.h"
#include "test.h"

#define BODY_CAP   16384
#define HEADER_CAP 8192

/* --- handlers --------------------------------------------------------------
 */

static atomic_int slow_entered;
static atomic_bool health_ok = true;

static void
must(enum ra_err err)
{
	if (err != RA_OK) {
		fail_msg("handler: %s", ra_errname(err));
	}
}

/* The body back; Content-Type from ?ct= when given. */
static void
h_echo(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	const char *ct = httpd_req_query(r, "ct");

	(void)ctx;
	httpd_resp_status(w, 200);
	must(httpd_resp_body(w, r->body, r->body_len));
	if (ct != NULL) {
		must(httpd_resp_header(w, "Content-Type", ct));
	}
}

static void
h_params(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	(void)ctx;
	assert_int_equal(r->nparams, 2);
	httpd_resp_status(w, 200);
	must(httpd_resp_printf(
	    w, "%s|%s|%s", r->params[0], r->params[1], r->path));
}

static void
h_root(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	(void)ctx;
	(void)r;
	httpd_resp_status(w, 200);
	must(httpd_resp_printf(w, "root"));
}

static void
h_nostatus(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	(void)ctx;
	(void)r;
	must(httpd_resp_printf(w, "forgot the status"));
}

/* Headers set and refused; the body says which refusals held. */
static void
h_headers(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	int refused = 0;
	char name[16];
	int i;

	(void)ctx;
	(void)r;
	httpd_resp_status(w, 201);
	must(httpd_resp_header(w, "X-One", "1"));
	must(httpd_resp_header(w, "x-one", "one")); /* replaces */
	must(httpd_resp_header(w, "Content-Type", "text/plain"));
	refused +=
	    httpd_resp_header(w, "X-Bad", "a\r\nX-Evil: 1") == RA_ERR_ARG;
	refused += httpd_resp_header(w, "X-Bad", "a\nb") == RA_ERR_ARG;
	refused += httpd_resp_header(w, "X Bad", "a") == RA_ERR_ARG;
	refused += httpd_resp_header(w, "X-Bad:", "a") == RA_ERR_ARG;
	refused += httpd_resp_header(w, "", "a") == RA_ERR_ARG;
	refused += httpd_resp_header(w, NULL, "a") == RA_ERR_ARG;
	refused += httpd_resp_header(w, "X-Bad", NULL) == RA_ERR_ARG;
	refused += httpd_resp_header(w, "Request-ID", "x") == RA_ERR_ARG;
	refused += httpd_resp_header(w, "content-length", "1") == RA_ERR_ARG;
	refused += httpd_resp_header(w, "Connection", "close") == RA_ERR_ARG;
	/* 16 headers at most: X-One and Content-Type, and 14 more. */
	for (i = 0; i < 14; i++) {
		snprintf(name, sizeof(name), "X-N%d", i);
		must(httpd_resp_header(w, name, "v"));
	}
	refused += httpd_resp_header(w, "X-Too-Many", "v") == RA_ERR_ARG;
	must(httpd_resp_header(w, "X-N0", "replaced")); /* still fine */
	must(httpd_resp_printf(w, "refused=%d", refused));
}

static void
h_error(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	(void)ctx;
	must(httpd_resp_header(w, "Content-Type", "text/plain"));
	httpd_resp_error(
	    w, 409, "conflict", "key \"%s\" exists\n\x01", r->params[0]);
}

static void
h_slow(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	const struct timespec t = { 0, 600 * 1000000L };

	(void)ctx;
	(void)r;
	atomic_store(&slow_entered, 1);
	nanosleep(&t, NULL);
	httpd_resp_status(w, 200);
	must(httpd_resp_printf(w, "slow"));
}

static void
h_whoami(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	(void)ctx;
	httpd_resp_status(w, 200);
	must(httpd_resp_printf(w, "%s %s %d %s", r->peer, r->request_id, r->tls,
	    httpd_req_header(r, "x-test") != NULL ? "hdr" : "-"));
}

static bool
health_check(void *ctx, char *reason, size_t cap)
{
	(void)ctx;
	if (atomic_load(&health_ok)) {
		return true;
	}
	snprintf(reason, cap, "database \"down\"");
	return false;
}

static void
metrics_hook(void *ctx, struct ra_buf *out)
{
	static const char line[] = "# TYPE test_custom gauge\ntest_custom 42\n";

	(void)ctx;
	ra_buf_put(out, line, sizeof(line) - 1);
}

static const struct httpd_route routes[] = {
	{ "GET", "/", h_root, 0, "root" },
	{ "POST", "/echo", h_echo, 1024, "echo" },
	{ "PUT", "/echo", h_echo, 1024, "echo" },
	{ "PUT", "/small", h_echo, 16, "small" },
	{ "POST", "/nobody", h_echo, 0, "nobody" },
	{ "GET", "/users/{}/keys/{}", h_params, 0, "keys" },
	{ "GET", "/nostatus", h_nostatus, 0, "nostatus" },
	{ "GET", "/headers", h_headers, 0, "headers" },
	{ "GET", "/error/{}", h_error, 0, "error" },
	{ "GET", "/slow", h_slow, 0, "slow" },
	{ "GET", "/whoami", h_whoami, 0, "whoami" },
};

/* --- the client ------------------------------------------------------------
 */

struct fetch {
	CURLcode rc;
	long status;
	char body[BODY_CAP];
	size_t body_len;
	char headers[HEADER_CAP];
	size_t headers_len;
};

struct upload {
	const char *p;
	size_t len, off;
};

static size_t
on_body(char *p, size_t size, size_t n, void *ud)
{
	struct fetch *f = ud;
	size_t len = size * n, k = len;

	if (k > sizeof(f->body) - 1 - f->body_len) {
		k = sizeof(f->body) - 1 - f->body_len;
	}
	memcpy(f->body + f->body_len, p, k);
	f->body_len += k;
	f->body[f->body_len] = '\0';
	return len;
}

static size_t
on_header(char *p, size_t size, size_t n, void *ud)
{
	struct fetch *f = ud;
	size_t len = size * n, k = len;

	if (k > sizeof(f->headers) - 1 - f->headers_len) {
		k = sizeof(f->headers) - 1 - f->headers_len;
	}
	memcpy(f->headers + f->headers_len, p, k);
	f->headers_len += k;
	f->headers[f->headers_len] = '\0';
	return len;
}

static size_t
on_read(char *p, size_t size, size_t n, void *ud)
{
	struct upload *u = ud;
	size_t k = size * n;

	if (k > u->len - u->off) {
		k = u->len - u->off;
	}
	memcpy(p, u->p + u->off, k);
	u->off += k;
	return k;
}

struct call {
	const char *method; /* NULL: GET */
	const char *url;
	const char *body; /* NULL: none */
	size_t body_len;
	bool chunked;
	char *ca_pem; /* NULL: plain HTTP */
};

static void
fetch(struct fetch *f, const struct call *c)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hl = NULL;
	struct upload up = { c->body, c->body_len, 0 };

	assert_non_null(h);
	memset(f, 0, sizeof(*f));
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, f);
	hl = curl_slist_append(hl, "Expect:");
	hl = curl_slist_append(hl, "X-Test: yes");
	if (c->body != NULL) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(h, CURLOPT_READDATA, &up);
		if (c->chunked) {
			hl =
			    curl_slist_append(hl, "Transfer-Encoding: chunked");
		} else {
			curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)c->body_len);
		}
	}
	if (c->method != NULL) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, c->method);
	}
	if (c->ca_pem != NULL) {
		struct curl_blob b = { c->ca_pem, strlen(c->ca_pem),
			CURL_BLOB_COPY };

		curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &b);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	f->rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &f->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
}

static void
get(struct fetch *f, const char *base, const char *path)
{
	char url[256];
	struct call c = { NULL, url, NULL, 0, false, NULL };

	snprintf(url, sizeof(url), "%s%s", base, path);
	fetch(f, &c);
	if (f->rc != CURLE_OK) {
		fail_msg("GET %s: %s", url, curl_easy_strerror(f->rc));
	}
}

static void
send_body(struct fetch *f, const char *method, const char *base,
    const char *path, const char *body, size_t len, bool chunked)
{
	char url[256];
	struct call c = { method, url, body, len, chunked, NULL };

	snprintf(url, sizeof(url), "%s%s", base, path);
	fetch(f, &c);
	if (f->rc != CURLE_OK) {
		fail_msg("%s %s: %s", method, url, curl_easy_strerror(f->rc));
	}
}

/* The value of the response header name, or NULL. */
static const char *
header(const struct fetch *f, const char *name, char *out, size_t cap)
{
	const char *line = f->headers;
	size_t nl = strlen(name);

	out[0] = '\0';
	while (*line != '\0') {
		const char *end = strstr(line, "\r\n");
		size_t len = end != NULL ? (size_t)(end - line) : strlen(line);

		if (len > nl + 1 && strncasecmp(line, name, nl) == 0 &&
		    line[nl] == ':') {
			const char *v = line + nl + 1;

			while (*v == ' ') {
				v++;
			}
			snprintf(out, cap, "%.*s",
			    (int)(len - (size_t)(v - line)), v);
			return out;
		}
		line += len + (end != NULL ? 2 : 0);
	}
	return NULL;
}

static void
assert_request_id(const struct fetch *f, char id[static 64])
{
	if (header(f, "Request-ID", id, 64) == NULL) {
		fail_msg("no Request-ID in:\n%s", f->headers);
	}
	/* 32 lowercase hex characters, nothing else. */
	assert_int_equal(strlen(id), HTTPD_REQUEST_ID_LEN);
	assert_int_equal(strspn(id, "0123456789abcdef"), HTTPD_REQUEST_ID_LEN);
}

/* The JSON error body: exactly error, message, requestId, in order. */
static void
assert_error(const struct fetch *f, long status, const char *code)
{
	char id[64], ct[128], prefix[128];
	json_error_t e;
	json_t *o;

	assert_int_equal(f->status, status);
	assert_request_id(f, id);
	assert_non_null(header(f, "Content-Type", ct, sizeof(ct)));
	assert_string_equal(ct, "application/json");
	o = json_loadb(f->body, f->body_len, 0, &e);
	if (o == NULL) {
		fail_msg("not JSON (%s): %s", e.text, f->body);
	}
	assert_int_equal(json_object_size(o), 3);
	assert_string_equal(
	    json_string_value(json_object_get(o, "error")), code);
	assert_non_null(json_string_value(json_object_get(o, "message")));
	assert_string_equal(
	    json_string_value(json_object_get(o, "requestId")), id);
	json_decref(o);
	snprintf(
	    prefix, sizeof(prefix), "{\"error\":\"%s\",\"message\":\"", code);
	assert_memory_equal(f->body, prefix, strlen(prefix));
}

/* --- the server ------------------------------------------------------------
 */

struct srv {
	struct httpd *h;
	char base[64];
};

static void
default_config(struct httpd_config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen = "127.0.0.1:0";
	c->threads = 2;
	c->idle_timeout_s = 5;
	c->request_timeout_s = 5;
	c->metrics_prefix = "test";
	c->routes = routes;
	c->nroutes = sizeof(routes) / sizeof(routes[0]);
	c->health = health_check;
	c->metrics = metrics_hook;
}

static void
start(struct srv *s, const struct httpd_config *c)
{
	const char *scheme = c->tls_cert_pem != NULL ? "https" : "http";

	assert_ra_ok(httpd_start(&s->h, c));
	assert_int_not_equal(httpd_port(s->h), 0);
	if (c->listen[0] == '[') {
		snprintf(s->base, sizeof(s->base), "%s://[::1]:%u", scheme,
		    httpd_port(s->h));
	} else {
		snprintf(s->base, sizeof(s->base), "%s://127.0.0.1:%u", scheme,
		    httpd_port(s->h));
	}
}

static void
start_default(struct srv *s)
{
	struct httpd_config c;

	default_config(&c);
	start(s, &c);
}

static void
pause_ms(long ms)
{
	const struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * The server counts a request when it has ended, just after the client
 * has its response: wait (at most 2 s) for the count to reach want.
 */
static void
wait_count(const struct httpd *h, int status, uint64_t want)
{
	int i;

	for (i = 0; i < 200 && httpd_count(h, status) < want; i++) {
		pause_ms(10);
	}
	assert_int_equal(httpd_count(h, status), want);
}

/* --- raw sockets ------------------------------------------------------------
 */

static int
raw_connect(uint16_t port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

static void
raw_send(int fd, const char *s)
{
	(void)send(fd, s, strlen(s), MSG_NOSIGNAL);
}

/*
 * Read until the peer closes, the buffer is full or timeout_ms pass;
 * *closed tells whether it closed (EOF or reset).
 */
static size_t
raw_read(int fd, char *buf, size_t cap, int timeout_ms, bool *closed)
{
	size_t n = 0;
	double end = now_s() + timeout_ms / 1000.0;

	*closed = false;
	while (n + 1 < cap && now_s() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t k;

		if (poll(&p, 1, 50) <= 0) {
			continue;
		}
		k = recv(fd, buf + n, cap - 1 - n, 0);
		if (k <= 0) {
			*closed = true;
			break;
		}
		n += (size_t)k;
	}
	buf[n] = '\0';
	return n;
}

/* --- tests -----------------------------------------------------------------
 */

static void
route_matching(void **state)
{
	struct srv s;
	struct fetch f;

	(void)state;
	start_default(&s);
	get(&f, s.base, "/");
	assert_int_equal(f.status, 200);
	assert_string_equal(f.body, "root");
	get(&f, s.base, "/users/alice/keys/k1");
	assert_int_equal(f.status, 200);
	assert_string_equal(f.body, "alice|k1|/users/alice/keys/k1");
	/* Percent-decoded path and parameters; the query is not the path. */
	get(&f, s.base, "/users/a%20b/keys/%6b2?x=1");
	assert_int_equal(f.status, 200);
	assert_string_equal(f.body, "a b|k2|/users/a b/keys/k2");
	/* No trailing-slash or empty-segment matching. */
	get(&f, s.base, "/users/alice/keys/k1/");
	assert_error(&f, 404, "not_found");
	get(&f, s.base, "/users//keys/k1");
	assert_error(&f, 404, "not_found");
	get(&f, s.base, "/users/alice/keys");
	assert_error(&f, 404, "not_found");
	get(&f, s.base, "/whoami/");
	assert_error(&f, 404, "not_found");
	get(&f, s.base, "/nope");
	assert_error(&f, 404, "not_found");
	httpd_stop(s.h);
}

/* 404 and 405 on requests without a body keep the connection open. */
static void
keep_alive_after_errors(void **state)
{
	char buf[4096];
	struct srv s;
	bool closed;
	int fd;

	(void)state;
	start_default(&s);
	fd = raw_connect(httpd_port(s.h));
	raw_send(fd,
	    "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n"
	    "DELETE /echo HTTP/1.1\r\nHost: t\r\n\r\n"
	    "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
	raw_read(fd, buf, sizeof(buf), 500, &closed);
	close(fd);
	assert_false(closed);
	assert_memory_equal(buf, "HTTP/1.1 404 ", 13);
	assert_non_null(strstr(buf, "\r\n\r\n{\"error\":\"not_found\""));
	assert_non_null(strstr(buf, "}HTTP/1.1 405 "));
	assert_non_null(strstr(buf, "\r\nAllow: POST, PUT\r\n"));
	assert_non_null(strstr(buf, "}HTTP/1.1 200 "));
	assert_null(strstr(buf, "Connection: close"));
	httpd_stop(s.h);
}

static void
method_not_allowed(void **state)
{
	struct srv s;
	struct fetch f;
	char allow[128];

	(void)state;
	start_default(&s);
	send_body(&f, "DELETE", s.base, "/echo", "", 0, false);
	assert_error(&f, 405, "method_not_allowed");
	assert_non_null(header(&f, "Allow", allow, sizeof(allow)));
	assert_string_equal(allow, "POST, PUT");
	get(&f, s.base, "/echo");
	assert_error(&f, 405, "method_not_allowed");
	send_body(&f, "POST", s.base, "/health", "x", 1, false);
	assert_error(&f, 405, "method_not_allowed");
	assert_non_null(header(&f, "Allow", allow, sizeof(allow)));
	assert_string_equal(allow, "GET");
	send_body(&f, "POST", s.base, "/users/a/keys/b", "", 0, false);
	assert_error(&f, 405, "method_not_allowed");
	assert_non_null(header(&f, "Allow", allow, sizeof(allow)));
	assert_string_equal(allow, "GET");
	wait_count(s.h, 405, 4);
	httpd_stop(s.h);
}

static void
body_limits(void **state)
{
	char big[2048];
	struct srv s;
	struct fetch f;

	(void)state;
	memset(big, 'b', sizeof(big));
	start_default(&s);
	/* PUT /small takes 16 bytes: 16 pass, 17 do not. */
	send_body(&f, "PUT", s.base, "/small", big, 16, false);
	assert_int_equal(f.status, 200);
	assert_int_equal(f.body_len, 16);
	send_body(&f, "PUT", s.base, "/small", big, 17, false);
	assert_error(&f, 413, "payload_too_large");
	/* The same chunked: accepted at the limit. */
	send_body(&f, "PUT", s.base, "/small", big, 16, true);
	assert_int_equal(f.status, 200);
	assert_int_equal(f.body_len, 16);
	/* POST /echo takes 1024. */
	send_body(&f, "POST", s.base, "/echo", big, 1024, false);
	assert_int_equal(f.status, 200);
	assert_int_equal(f.body_len, 1024);
	assert_memory_equal(f.body, big, 1024);
	send_body(&f, "POST", s.base, "/echo", big, 1025, false);
	assert_error(&f, 413, "payload_too_large");
	/* An empty body is no body. */
	send_body(&f, "POST", s.base, "/echo", "", 0, false);
	assert_int_equal(f.status, 200);
	assert_int_equal(f.body_len, 0);
	wait_count(s.h, 413, 2);
	httpd_stop(s.h);
}

/* body_max 0: any body is refused, announced or chunked. */
static void
body_max_zero(void **state)
{
	struct srv s;
	struct fetch f;

	(void)state;
	start_default(&s);
	send_body(&f, "POST", s.base, "/nobody", "", 0, false);
	assert_int_equal(f.status, 200);
	send_body(&f, "POST", s.base, "/nobody", "x", 1, false);
	assert_error(&f, 413, "payload_too_large");
	send_body(&f, "POST", s.base, "/nobody", "x", 1, true);
	assert_error(&f, 413, "payload_too_large");
	send_body(&f, "GET", s.base, "/health", "x", 1, false);
	assert_error(&f, 413, "payload_too_large");
	httpd_stop(s.h);
}

/*
 * A chunked body that grows past the limit is refused as it streams: the
 * client sends one 32-byte chunk to a 16-byte route and nothing more, and
 * gets its 413 at once, on a closed connection.
 */
static void
chunked_too_large(void **state)
{
	char buf[2048];
	struct srv s;
	bool closed;
	int fd;

	(void)state;
	start_default(&s);
	fd = raw_connect(httpd_port(s.h));
	raw_send(fd,
	    "PUT /small HTTP/1.1\r\nHost: t\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n"
	    "20\r\n0123456789abcdef0123456789abcdef\r\n");
	raw_read(fd, buf, sizeof(buf), 2000, &closed);
	close(fd);
	assert_true(closed);
	assert_memory_equal(buf, "HTTP/1.1 413 ", 13);
	assert_non_null(strstr(buf, "\r\nConnection: close\r\n"));
	assert_non_null(strstr(buf, "\r\nRequest-ID: "));
	assert_non_null(strstr(buf, "{\"error\":\"payload_too_large\""));
	wait_count(s.h, 413, 1);
	httpd_stop(s.h);
}

/*
 * Slowloris: headers, then one body byte every 300 ms. With a 1 s
 * request deadline the server answers 408 and closes within ~1.3 s.
 */
static void
slowloris(void **state)
{
	struct httpd_config c;
	char buf[2048];
	struct srv s;
	bool closed;
	double t0, dt;
	int fd, i;

	(void)state;
	default_config(&c);
	c.request_timeout_s = 1;
	c.idle_timeout_s = 10;
	start(&s, &c);
	fd = raw_connect(httpd_port(s.h));
	t0 = now_s();
	raw_send(fd,
	    "POST /echo HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: 100\r\n\r\n");
	for (i = 0; i < 20; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		raw_send(fd, "x");
		if (poll(&p, 1, 300) > 0) {
			break;
		}
	}
	raw_read(fd, buf, sizeof(buf), 2000, &closed);
	dt = now_s() - t0;
	close(fd);
	assert_true(closed);
	assert_memory_equal(buf, "HTTP/1.1 408 ", 13);
	assert_non_null(strstr(buf, "{\"error\":\"request_timeout\""));
	assert_true(dt >= 0.9 && dt < 3.0);
	wait_count(s.h, 408, 1);
	httpd_stop(s.h);
}

/* A client that sends nothing is closed after the idle timeout. */
static void
idle_timeout(void **state)
{
	struct httpd_config c;
	char buf[256];
	struct srv s;
	bool closed;
	double t0, dt;
	int fd;

	(void)state;
	default_config(&c);
	c.idle_timeout_s = 1;
	start(&s, &c);
	fd = raw_connect(httpd_port(s.h));
	t0 = now_s();
	assert_int_equal(raw_read(fd, buf, sizeof(buf), 4000, &closed), 0);
	dt = now_s() - t0;
	close(fd);
	assert_true(closed);
	assert_true(dt >= 0.8 && dt < 3.5);
	httpd_stop(s.h);
}

/*
 * Peers that keep a request open without finishing it: one sends a
 * header byte every 300 ms (so the idle timeout never fires and no
 * callback runs), one sends part of a body and falls silent, one sends
 * part of a request line and falls silent. With a 1 s deadline the
 * watchdog closes all three, without an answer, after about 2 s.
 */
static bool
is_closed(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char b[256];

	return poll(&p, 1, 0) > 0 && recv(fd, b, sizeof(b), MSG_DONTWAIT) <= 0;
}

static void
quiet_peers(void **state)
{
	struct httpd_config c;
	struct srv s;
	double t0, dt[3] = { 0, 0, 0 };
	int fd[3], i, k, open = 3;

	(void)state;
	default_config(&c);
	c.request_timeout_s = 1;
	c.idle_timeout_s = 10;
	start(&s, &c);
	for (k = 0; k < 3; k++) {
		fd[k] = raw_connect(httpd_port(s.h));
	}
	t0 = now_s();
	raw_send(fd[0], "GET /health HTTP/1.1\r\nX-Slow: ");
	raw_send(fd[1],
	    "POST /echo HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: 100\r\n\r\n0123456789");
	raw_send(fd[2], "GET /hea");
	for (i = 0; i < 20 && open > 0; i++) {
		pause_ms(200);
		raw_send(fd[0], "a");
		for (k = 0; k < 3; k++) {
			if (dt[k] == 0 && is_closed(fd[k])) {
				dt[k] = now_s() - t0;
				open--;
			}
		}
	}
	for (k = 0; k < 3; k++) {
		close(fd[k]);
		if (dt[k] < 1.9 || dt[k] > 3.5) {
			fail_msg("peer %d: closed after %.2f s", k, dt[k]);
		}
	}
	/* The two that had begun a request are logged and counted. */
	wait_count(s.h, 408, 2);
	httpd_stop(s.h);
}

static void
request_ids(void **state)
{
	char a[64], b[64], c[64], body[256];
	struct srv s;
	struct fetch f;

	(void)state;
	start_default(&s);
	get(&f, s.base, "/whoami");
	assert_int_equal(f.status, 200);
	assert_request_id(&f, a);
	/* The handler sees the same id, the peer and the headers. */
	snprintf(body, sizeof(body), "127.0.0.1:");
	assert_memory_equal(f.body, body, strlen(body));
	assert_non_null(strstr(f.body, a));
	assert_non_null(strstr(f.body, " 0 hdr"));
	get(&f, s.base, "/whoami");
	assert_request_id(&f, b);
	assert_string_not_equal(a, b);
	get(&f, s.base, "/nope");
	assert_request_id(&f, c);
	assert_string_not_equal(b, c);
	get(&f, s.base, "/nostatus");
	assert_request_id(&f, c);
	assert_string_not_equal(b, c);
	httpd_stop(s.h);
}

static void
error_json(void **state)
{
	struct srv s;
	struct fetch f;
	json_error_t e;
	json_t *o;

	(void)state;
	start_default(&s);
	get(&f, s.base, "/error/a%22b");
	/* The handler's Content-Type gives way to the JSON error's. */
	assert_error(&f, 409, "conflict");
	o = json_loadb(f.body, f.body_len, 0, &e);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "message")),
	    "key \"a\"b\" exists\n\x01");
	json_decref(o);
	httpd_stop(s.h);
}

static void
handler_headers(void **state)
{
	char v[128];
	struct srv s;
	struct fetch f;

	(void)state;
	start_default(&s);
	get(&f, s.base, "/headers");
	assert_int_equal(f.status, 201);
	assert_string_equal(f.body, "refused=11");
	assert_string_equal(header(&f, "X-One", v, sizeof(v)), "one");
	assert_string_equal(header(&f, "X-N0", v, sizeof(v)), "replaced");
	assert_string_equal(header(&f, "X-N13", v, sizeof(v)), "v");
	assert_null(header(&f, "X-Too-Many", v, sizeof(v)));
	assert_null(header(&f, "X-Evil", v, sizeof(v)));
	assert_string_equal(
	    header(&f, "Content-Type", v, sizeof(v)), "text/plain");
	/* The default Content-Type, and one chosen by the handler. */
	send_body(&f, "POST", s.base, "/echo", "{}", 2, false);
	assert_string_equal(
	    header(&f, "Content-Type", v, sizeof(v)), "application/json");
	send_body(&f, "POST", s.base, "/echo?ct=text/csv", "a,b", 3, false);
	assert_string_equal(
	    header(&f, "Content-Type", v, sizeof(v)), "text/csv");
	assert_string_equal(f.body, "a,b");
	httpd_stop(s.h);
}

static void
status_zero(void **state)
{
	struct srv s;
	struct fetch f;

	(void)state;
	start_default(&s);
	get(&f, s.base, "/nostatus");
	assert_error(&f, 500, "internal_error");
	wait_count(s.h, 500, 1);
	httpd_stop(s.h);
}

static void
health(void **state)
{
	struct httpd_config c;
	struct srv s;
	struct fetch f;

	(void)state;
	start_default(&s);
	get(&f, s.base, "/health");
	assert_int_equal(f.status, 200);
	assert_string_equal(f.body, "{\"status\":\"ok\"}");
	atomic_store(&health_ok, false);
	get(&f, s.base, "/health");
	atomic_store(&health_ok, true);
	assert_int_equal(f.status, 503);
	assert_string_equal(f.body,
	    "{\"status\":\"unavailable\",\"reason\":\"database "
	    "\\\"down\\\"\"}");
	httpd_stop(s.h);
	/* No check: always ok. */
	default_config(&c);
	c.health = NULL;
	start(&s, &c);
	get(&f, s.base, "/health");
	assert_int_equal(f.status, 200);
	httpd_stop(s.h);
}

static void
assert_line(const char *text, const char *line)
{
	char want[256];

	snprintf(want, sizeof(want), "\n%s\n", line);
	if (strstr(text, want) == NULL) {
		fail_msg("no line \"%s\" in:\n%s", line, text);
	}
}

static void
metrics(void **state)
{
	struct srv s;
	struct fetch f;
	char v[128];

	(void)state;
	start_default(&s);
	send_body(&f, "POST", s.base, "/echo", "a", 1, false);
	send_body(&f, "PUT", s.base, "/echo", "b", 1, false);
	get(&f, s.base, "/nope");
	get(&f, s.base, "/nostatus");
	wait_count(s.h, 200, 2);
	wait_count(s.h, 404, 1);
	wait_count(s.h, 500, 1);
	get(&f, s.base, "/metrics");
	assert_int_equal(f.status, 200);
	assert_string_equal(header(&f, "Content-Type", v, sizeof(v)),
	    "text/plain; version=0.0.4");
	assert_line(f.body, "# TYPE test_requests_total counter");
	assert_line(
	    f.body, "test_requests_total{route=\"echo\",code=\"200\"} 2");
	assert_line(
	    f.body, "test_requests_total{route=\"none\",code=\"404\"} 1");
	assert_line(
	    f.body, "test_requests_total{route=\"nostatus\",code=\"500\"} 1");
	assert_line(f.body, "# TYPE test_request_duration_seconds histogram");
	assert_line(f.body,
	    "test_request_duration_seconds_bucket{route=\"echo\",le=\"+Inf\"} "
	    "2");
	assert_line(f.body,
	    "test_request_duration_seconds_bucket{route=\"slow\",le=\"0.001\"} "
	    "0");
	assert_line(
	    f.body, "test_request_duration_seconds_count{route=\"echo\"} 2");
	assert_non_null(strstr(f.body,
	    "\ntest_request_duration_seconds_sum{route=\"echo\"} "
	    "0."));
	assert_line(f.body, "# TYPE test_requests_in_flight gauge");
	assert_line(f.body, "test_requests_in_flight 1"); /* this one */
	assert_line(f.body, "test_custom 42");
	/* The /metrics request itself is counted once it has ended. */
	wait_count(s.h, 200, 3);
	get(&f, s.base, "/metrics");
	assert_line(
	    f.body, "test_requests_total{route=\"metrics\",code=\"200\"} 1");
	httpd_stop(s.h);
}

struct bg {
	pthread_t t;
	const char *base;
	struct fetch f;
};

static void *
bg_slow(void *arg)
{
	struct bg *b = arg;
	char url[128];
	struct call c = { NULL, url, NULL, 0, false, NULL };

	snprintf(url, sizeof(url), "%s/slow", b->base);
	fetch(&b->f, &c);
	return NULL;
}

static void
wait_slow_entered(void)
{
	int i;

	for (i = 0; i < 200 && atomic_load(&slow_entered) == 0; i++) {
		pause_ms(10);
	}
	assert_int_equal(atomic_load(&slow_entered), 1);
}

/*
 * Drain lets the slow request finish (and closes its connection), then
 * nothing is accepted any more.
 */
static void
drain(void **state)
{
	struct srv s;
	struct bg b;
	struct fetch f;
	struct call c = { NULL, NULL, NULL, 0, false, NULL };
	char v[64], url[128];
	double t0;

	(void)state;
	start_default(&s);
	atomic_store(&slow_entered, 0);
	b.base = s.base;
	assert_int_equal(pthread_create(&b.t, NULL, bg_slow, &b), 0);
	wait_slow_entered();
	t0 = now_s();
	assert_true(httpd_drain(s.h, 3000));
	assert_true(now_s() - t0 > 0.2); /* it did wait */
	assert_int_equal(pthread_join(b.t, NULL), 0);
	assert_int_equal(b.f.rc, CURLE_OK);
	assert_int_equal(b.f.status, 200);
	assert_string_equal(b.f.body, "slow");
	assert_string_equal(header(&b.f, "Connection", v, sizeof(v)), "close");
	snprintf(url, sizeof(url), "%s/health", s.base);
	c.url = url;
	fetch(&f, &c);
	assert_int_equal(f.rc, CURLE_COULDNT_CONNECT);
	assert_true(httpd_drain(s.h, 0)); /* again: nothing left */
	httpd_stop(s.h);
}

static void
drain_timeout(void **state)
{
	struct srv s;
	struct bg b;

	(void)state;
	start_default(&s);
	atomic_store(&slow_entered, 0);
	b.base = s.base;
	assert_int_equal(pthread_create(&b.t, NULL, bg_slow, &b), 0);
	wait_slow_entered();
	assert_false(httpd_drain(s.h, 50));
	assert_true(httpd_drain(s.h, 3000));
	assert_int_equal(pthread_join(b.t, NULL), 0);
	assert_int_equal(b.f.status, 200);
	httpd_stop(s.h);
}

/* Stop with a handler still running: it finishes, nothing leaks. */
static void
stop_in_flight(void **state)
{
	struct srv s;
	struct bg b;

	(void)state;
	start_default(&s);
	atomic_store(&slow_entered, 0);
	b.base = s.base;
	assert_int_equal(pthread_create(&b.t, NULL, bg_slow, &b), 0);
	wait_slow_entered();
	httpd_stop(s.h);
	assert_int_equal(pthread_join(b.t, NULL), 0);
}

/*
 * Eight clients at once, 25 keep-alive requests each, on four workers:
 * every request is counted once, nothing stays in flight, and the 200
 * request ids are all different.
 */
#define NCLIENTS 8u
#define NEACH    25u
#define NTOTAL   ((size_t)NCLIENTS * NEACH)

struct client {
	pthread_t t;
	const char *base;
	char ids[NEACH][HTTPD_REQUEST_ID_LEN + 1];
	unsigned int ok;
};

static void *
client_run(void *arg)
{
	struct client *cl = arg;
	CURL *h = curl_easy_init();
	struct fetch *f = calloc(1, sizeof(*f));
	char url[128], id[64];
	unsigned int i;

	snprintf(url, sizeof(url), "%s/whoami", cl->base);
	for (i = 0; h != NULL && f != NULL && i < NEACH; i++) {
		memset(f, 0, sizeof(*f));
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, f);
		curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(h, CURLOPT_HEADERDATA, f);
		if (curl_easy_perform(h) != CURLE_OK ||
		    header(f, "Request-ID", id, sizeof(id)) == NULL ||
		    strlen(id) != HTTPD_REQUEST_ID_LEN) {
			break;
		}
		memcpy(cl->ids[i], id, sizeof(cl->ids[i]));
		cl->ok++;
	}
	free(f);
	curl_easy_cleanup(h);
	return NULL;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
concurrent(void **state)
{
	static struct client cl[NCLIENTS];
	static char all[NTOTAL][HTTPD_REQUEST_ID_LEN + 1];
	struct httpd_config c;
	struct srv s;
	struct fetch f;
	size_t i, j;

	(void)state;
	default_config(&c);
	c.threads = 4;
	start(&s, &c);
	for (i = 0; i < NCLIENTS; i++) {
		memset(&cl[i], 0, sizeof(cl[i]));
		cl[i].base = s.base;
		assert_int_equal(
		    pthread_create(&cl[i].t, NULL, client_run, &cl[i]), 0);
	}
	for (i = 0; i < NCLIENTS; i++) {
		assert_int_equal(pthread_join(cl[i].t, NULL), 0);
		assert_int_equal(cl[i].ok, NEACH);
		for (j = 0; j < NEACH; j++) {
			memcpy(
			    all[i * NEACH + j], cl[i].ids[j], sizeof(all[0]));
		}
	}
	qsort(all, NTOTAL, sizeof(all[0]), cmp_id);
	for (i = 1; i < NTOTAL; i++) {
		assert_string_not_equal(all[i - 1], all[i]);
	}
	wait_count(s.h, 200, NTOTAL);
	get(&f, s.base, "/metrics");
	assert_line(f.body, "test_requests_in_flight 1");
	assert_line(
	    f.body, "test_requests_total{route=\"whoami\",code=\"200\"} 200");
	assert_true(httpd_drain(s.h, 1000));
	httpd_stop(s.h);
}

static void
per_ip_limit(void **state)
{
	struct httpd_config c;
	char buf[1024];
	struct srv s;
	struct fetch f;
	struct call call = { NULL, NULL, NULL, 0, false, NULL };
	char url[128];
	bool closed;
	int fd, i;

	(void)state;
	default_config(&c);
	c.per_ip_limit = 1;
	start(&s, &c);
	snprintf(url, sizeof(url), "%s/health", s.base);
	call.url = url;
	/* One connection, kept open after a first answered request. */
	fd = raw_connect(httpd_port(s.h));
	raw_send(fd, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
	raw_read(fd, buf, sizeof(buf), 300, &closed);
	assert_false(closed);
	assert_memory_equal(buf, "HTTP/1.1 200 ", 13);
	/* A second one from the same address is refused. */
	fetch(&f, &call);
	assert_int_not_equal(f.rc, CURLE_OK);
	assert_int_equal(f.status, 0);
	close(fd);
	/* Once the first has gone, the address may connect again. */
	for (i = 0; i < 100; i++) {
		fetch(&f, &call);
		if (f.rc == CURLE_OK) {
			break;
		}
		pause_ms(20);
	}
	assert_int_equal(f.status, 200);
	httpd_stop(s.h);
}

/* A throwaway self-signed P-256 certificate for 127.0.0.1, in PEM. */
static char *
bio_text(BIO *b)
{
	char *p, *s;
	long n = BIO_get_mem_data(b, &p);

	assert_true(n > 0);
	s = strndup(p, (size_t)n);
	assert_non_null(s);
	BIO_free(b);
	return s;
}

static void
make_cert(char **cert, char **key)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	X509_NAME *n;
	BIO *bc = BIO_new(BIO_s_mem()), *bk = BIO_new(BIO_s_mem());

	assert_non_null(k);
	assert_non_null(x);
	assert_true(X509_set_version(x, 2));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(x), 1));
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), -3600));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
	assert_true(X509_set_pubkey(x, k));
	n = X509_get_subject_name(x);
	assert_true(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)"sgxra httpd test", -1, -1, 0));
	assert_true(X509_set_issuer_name(x, n));
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(
	    NULL, &v3, NID_subject_alt_name, "IP:127.0.0.1,IP:::1");
	assert_non_null(ext);
	assert_true(X509_add_ext(x, ext, -1));
	X509_EXTENSION_free(ext);
	assert_true(X509_sign(x, k, EVP_sha256()) > 0);
	assert_true(PEM_write_bio_X509(bc, x));
	assert_true(PEM_write_bio_PrivateKey(bk, k, NULL, NULL, 0, NULL, NULL));
	*cert = bio_text(bc);
	*key = bio_text(bk);
	X509_free(x);
	EVP_PKEY_free(k);
}

static void
tls(void **state)
{
	struct httpd_config c;
	char *cert, *key, *cert2, *key2, url[128];
	struct srv s;
	struct fetch f;
	struct call call = { NULL, url, NULL, 0, false, NULL };
	struct httpd *h = NULL;

	(void)state;
	make_cert(&cert, &key);
	make_cert(&cert2, &key2);
	default_config(&c);
	c.tls_cert_pem = cert;
	c.tls_key_pem = key;
	start(&s, &c);
	call.ca_pem = cert;
	snprintf(url, sizeof(url), "%s/whoami", s.base);
	fetch(&f, &call);
	if (f.rc != CURLE_OK) {
		fail_msg("%s: %s", url, curl_easy_strerror(f.rc));
	}
	assert_int_equal(f.status, 200);
	assert_non_null(strstr(f.body, " 1 hdr")); /* req->tls */
	/* Another CA: refused by the client. */
	call.ca_pem = cert2;
	fetch(&f, &call);
	assert_int_not_equal(f.rc, CURLE_OK);
	/* Plain HTTP on the TLS port gets no HTTP answer. */
	snprintf(
	    url, sizeof(url), "http://127.0.0.1:%u/health", httpd_port(s.h));
	call.ca_pem = NULL;
	fetch(&f, &call);
	assert_int_not_equal(f.status, 200);
	httpd_stop(s.h);
	/* A key that is not the certificate's; half a pair; junk. */
	c.tls_key_pem = key2;
	assert_ra_err(httpd_start(&h, &c), RA_ERR_KEY);
	assert_null(h);
	c.tls_key_pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n"
	                "-----END PRIVATE KEY-----\n";
	assert_ra_err(httpd_start(&h, &c), RA_ERR_KEY);
	c.tls_key_pem = NULL;
	assert_ra_err(httpd_start(&h, &c), RA_ERR_ARG);
	free(cert);
	free(key);
	free(cert2);
	free(key2);
}

/* The refusal written mid-body goes through the TLS session. */
static void
tls_chunked_too_large(void **state)
{
	struct httpd_config c;
	char *cert, *key, url[128], big[64];
	struct srv s;
	struct fetch f;
	struct call call = { "PUT", url, big, sizeof(big), true, NULL };

	(void)state;
	memset(big, 'z', sizeof(big));
	make_cert(&cert, &key);
	default_config(&c);
	c.tls_cert_pem = cert;
	c.tls_key_pem = key;
	start(&s, &c);
	call.ca_pem = cert;
	snprintf(url, sizeof(url), "%s/small", s.base);
	fetch(&f, &call);
	/* The client may see the reset before the answer; the server must
	 * have refused it either way. */
	if (f.rc == CURLE_OK) {
		assert_error(&f, 413, "payload_too_large");
	}
	wait_count(s.h, 413, 1);
	httpd_stop(s.h);
	free(cert);
	free(key);
}

static bool
have_ipv6_loopback(void)
{
	struct sockaddr_in6 a;
	int fd = socket(AF_INET6, SOCK_STREAM, 0);
	bool ok;

	if (fd < 0) {
		return false;
	}
	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	a.sin6_addr = in6addr_loopback;
	ok = bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

static void
ipv6(void **state)
{
	struct httpd_config c;
	struct srv s;
	struct fetch f;

	(void)state;
	if (!have_ipv6_loopback()) {
		print_message("ipv6: this host has no IPv6 loopback (::1); "
		              "skipped\n");
		skip();
	}
	default_config(&c);
	c.listen = "[::1]:0";
	start(&s, &c);
	get(&f, s.base, "/whoami");
	assert_int_equal(f.status, 200);
	assert_memory_equal(f.body, "[::1]:", 6);
	httpd_stop(s.h);
}

/*
 * Malformed and hostile requests, each on its own connection: whatever
 * the answer (ours or libmicrohttpd's), the server stays up. Where we
 * decide, the answer is checked: a %00 in the path (routing would cut
 * the path there) and a body framed two ways (request smuggling) are
 * 400. Each request is sent at once, then read for 300 ms.
 */
static void
junk(void **state)
{
	static const struct {
		const char *req;
		size_t len;
		const char *want; /* status line start, or NULL: any */
	} junk[] = {
#define J(s, w) { s, sizeof(s) - 1, w }
		J("\r\n\r\n", NULL),
		J("GET\r\n\r\n", NULL),
		J("GET / HTTP/9.9\r\n\r\n", NULL),
		J("GET /\0x HTTP/1.1\r\nHost: t\r\n\r\n", NULL),
		J("G\x01T / HTTP/1.1\r\nHost: t\r\n\r\n", NULL),
		J("GET /%00/keys HTTP/1.1\r\nHost: t\r\n\r\n", "HTTP/1.1 400 "),
		J("GET /users/x/keys/y%00z HTTP/1.1\r\nHost: t\r\n\r\n",
		    "HTTP/1.1 400 "),
		J("GET /users/%2F/keys/%2f HTTP/1.1\r\nHost: t\r\n\r\n",
		    "HTTP/1.1 404 "),
		J("GET /%zz HTTP/1.1\r\nHost: t\r\n\r\n", "HTTP/1.1 404 "),
		J("POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n", NULL),
		J("POST /echo HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", NULL),
		J("POST /echo HTTP/1.1\r\nContent-Length: "
		  "99999999999999999999999\r\n\r\n",
		    NULL),
		J("POST /echo HTTP/1.1\r\nContent-Length: 2\r\n"
		  "Content-Length: 3\r\n\r\nabc",
		    "HTTP/1.1 400 "),
		J("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
		  "Content-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		    "HTTP/1.1 400 "),
		J("POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
		    "HTTP/1.1 400 "),
		J("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
		  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		    "HTTP/1.1 400 "),
		J("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "zz\r\n",
		    NULL),
		J("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "ffffffffffffffffffff\r\n",
		    NULL),
		J("POST /echo HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
		  "1\r\na\r\n0\r\n\r\n",
		    "HTTP/1.1 200 "),
		J("GET / HTTP/1.1\r\nX: \xff\xfe\r\n\r\n", NULL),
		J("GET / HTTP/1.1\r\n : empty name\r\n\r\n", NULL),
		J("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET /nope HTTP/1.1\r\n"
		  "Host: t\r\n\r\nGET /health HTTP/1.1\r\n\r\n",
		    "HTTP/1.1 200 "),
#undef J
	};
	char buf[4096];
	struct srv s;
	struct fetch f;
	size_t i;
	bool closed;
	int fd;

	(void)state;
	start_default(&s);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		fd = raw_connect(httpd_port(s.h));
		(void)send(fd, junk[i].req, junk[i].len, MSG_NOSIGNAL);
		raw_read(fd, buf, sizeof(buf), 300, &closed);
		close(fd);
		if (junk[i].want != NULL &&
		    strncmp(buf, junk[i].want, strlen(junk[i].want)) != 0) {
			fail_msg("junk %zu: want %s, got:\n%s", i, junk[i].want,
			    buf);
		}
	}
	/* A header line longer than libmicrohttpd's buffer. */
	fd = raw_connect(httpd_port(s.h));
	raw_send(fd, "GET / HTTP/1.1\r\nX-Long: ");
	memset(buf, 'l', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	for (i = 0; i < 12; i++) {
		raw_send(fd, buf);
	}
	raw_send(fd, "\r\n\r\n");
	raw_read(fd, buf, sizeof(buf), 500, &closed);
	close(fd);
	assert_memory_equal(buf, "HTTP/1.1 431 ", 13);
	get(&f, s.base, "/health");
	assert_int_equal(f.status, 200);
	httpd_stop(s.h);
}

static void
bad_listen(void **state)
{
	static const char *const bad[] = {
		"",
		"localhost:80",
		"127.0.0.1",
		"127.0.0.1:",
		"127.0.0.1:65536",
		"127.0.0.1:123456",
		"127.0.0.1:-1",
		"127.0.0.1:+80",
		"127.0.0.1: 80",
		"127.0.0.1:80 ",
		" 127.0.0.1:80",
		":80",
		"127.1:80",
		"1.2.3.4:80:90",
		"::1:80",
		"[::1]",
		"[::1]80",
		"[::1]:",
		"[]:80",
		"[127.0.0.1]:80",
		"[fe80::1%lo]:80",
		"[::1:80",
		"0.0.0.0.0:80",
		"300.0.0.1:80",
		"[::1]:0:0",
		"127.0.0.1:0x50",
		"1234567890123456789012345678901234567890123456789012345:1",
	};
	struct httpd_config c;
	struct httpd *h = NULL;
	size_t i;

	(void)state;
	default_config(&c);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c.listen = bad[i];
		if (httpd_start(&h, &c) != RA_ERR_ARG) {
			fail_msg("listen \"%s\" accepted", bad[i]);
		}
		assert_null(h);
	}
	c.listen = NULL;
	assert_ra_err(httpd_start(&h, &c), RA_ERR_ARG);
	assert_ra_err(httpd_start(NULL, &c), RA_ERR_ARG);
	assert_ra_err(httpd_start(&h, NULL), RA_ERR_ARG);
	/* Taken: RA_ERR_IO. */
	{
		struct srv s;
		char taken[32];

		start_default(&s);
		snprintf(taken, sizeof(taken), "127.0.0.1:%u", httpd_port(s.h));
		c.listen = taken;
		assert_ra_err(httpd_start(&h, &c), RA_ERR_IO);
		assert_null(h);
		httpd_stop(s.h);
	}
	httpd_stop(NULL);
	assert_int_equal(httpd_port(NULL), 0);
	assert_true(httpd_drain(NULL, 0));
}

static void
noop(void *ctx, const struct httpd_req *r, struct httpd_resp *w)
{
	(void)ctx;
	(void)r;
	httpd_resp_status(w, 204);
}

static enum ra_err
start_one(const struct httpd_route *rt, size_t n)
{
	struct httpd_config c;
	struct httpd *h = NULL;
	enum ra_err err;

	default_config(&c);
	c.routes = rt;
	c.nroutes = n;
	err = httpd_start(&h, &c);
	httpd_stop(h);
	return err;
}

static void
bad_routes(void **state)
{
	static const struct httpd_route bad[] = {
		{ NULL, "/a", noop, 0, "a" },
		{ "", "/a", noop, 0, "a" },
		{ "G T", "/a", noop, 0, "a" },
		{ "GET", NULL, noop, 0, "a" },
		{ "GET", "", noop, 0, "a" },
		{ "GET", "a", noop, 0, "a" },
		{ "GET", "/a/", noop, 0, "a" },
		{ "GET", "/a//b", noop, 0, "a" },
		{ "GET", "/{x}", noop, 0, "a" },
		{ "GET", "/%7b", noop, 0, "a" },
		{ "GET", "/{}/{}/{}/{}/{}", noop, 0, "a" },
		{ "GET", "/a", NULL, 0, "a" },
		{ "GET", "/a", noop, 0, NULL },
		{ "GET", "/a", noop, 0, "" },
		{ "GET", "/a", noop, 0, "a b" },
		{ "GET", "/a", noop, 0, "a\"b" },
		{ "GET", "/a", noop, 0, "none" },
		{ "GET", "/a", noop, 0, "metrics" },
		{ "GET", "/health", noop, 0, "a" },
		{ "POST", "/metrics", noop, 0, "a" },
	};
	static const struct httpd_route dup[] = {
		{ "GET", "/a", noop, 0, "a" },
		{ "GET", "/a", noop, 0, "b" },
	};
	static const struct httpd_route ok[] = {
		{ "GET", "/{}/{}/{}/{}", noop, 0, "four" },
		{ "POST", "/{}/{}/{}/{}", noop, 0, "four" }, /* shared label */
		{ "GET", "/{}", noop, 0, "any" }, /* /health still built in */
	};
	struct httpd_config c;
	struct httpd *h = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (start_one(&bad[i], 1) != RA_ERR_ARG) {
			fail_msg("route %zu accepted", i);
		}
	}
	assert_ra_err(start_one(dup, 2), RA_ERR_ARG);
	assert_ra_err(start_one(NULL, 1), RA_ERR_ARG);
	assert_ra_ok(start_one(NULL, 0));
	assert_ra_ok(start_one(ok, 3));
	default_config(&c);
	c.metrics_prefix = "1abc";
	assert_ra_err(httpd_start(&h, &c), RA_ERR_ARG);
	c.metrics_prefix = "a-b";
	assert_ra_err(httpd_start(&h, &c), RA_ERR_ARG);
	c.metrics_prefix = NULL; /* "sgxra" */
	assert_ra_ok(httpd_start(&h, &c));
	httpd_stop(h);
	c.threads = 4;
	c.conn_limit = 2; /* each worker needs one */
	assert_ra_err(httpd_start(&h, &c), RA_ERR_ARG);
	assert_null(h);
}

/* /health beats a "/{}" route; other paths go to the route. */
static void
builtins_first(void **state)
{
	static const struct httpd_route any[] = {
		{ "GET", "/{}", noop, 0, "any" },
	};
	struct httpd_config c;
	struct srv s;
	struct fetch f;

	(void)state;
	default_config(&c);
	c.routes = any;
	c.nroutes = 1;
	start(&s, &c);
	get(&f, s.base, "/health");
	assert_int_equal(f.status, 200);
	get(&f, s.base, "/other");
	assert_int_equal(f.status, 204);
	httpd_stop(s.h);
}

/*
 * The log line: fields in order, the raw path sanitised and cut. stderr
 * goes to a file for the duration.
 */
static void
log_line(void **state)
{
	char path[] = "/tmp/sgxra-httpd-log-XXXXXX";
	char buf[8192], raw[1024], *line;
	struct srv s;
	bool closed;
	int fd, saved, sock;
	size_t n;

	(void)state;
	start_default(&s);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0 && dup2(fd, 2) == 2);
	sock = raw_connect(httpd_port(s.h));
	raw_send(sock, "GET /a\"b\\c%20d?q=1 HTTP/1.1\r\nHost: t\r\n\r\n");
	raw_read(sock, raw, sizeof(raw), 300, &closed);
	close(sock);
	wait_count(s.h, 404, 1);
	fflush(stderr);
	assert_true(dup2(saved, 2) == 2);
	close(saved);
	n = (size_t)pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	unlink(path);
	buf[n] = '\0';
	line = strstr(buf, "request id=");
	assert_non_null(line);
	*strchr(line, '\n') = '\0';
	assert_non_null(strstr(line, " peer=127.0.0.1:"));
	assert_non_null(strstr(line,
	    " method=GET path=/a\\x22b\\x5cc%20d route=none status=404 "
	    "bytes_in=0 bytes_out="));
	assert_non_null(strstr(line, " ms="));
	httpd_stop(s.h);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(route_matching),
	cmocka_unit_test(keep_alive_after_errors),
	cmocka_unit_test(method_not_allowed),
	cmocka_unit_test(body_limits),
	cmocka_unit_test(body_max_zero),
	cmocka_unit_test(chunked_too_large),
	cmocka_unit_test(slowloris),
	cmocka_unit_test(idle_timeout),
	cmocka_unit_test(quiet_peers),
	cmocka_unit_test(request_ids),
	cmocka_unit_test(error_json),
	cmocka_unit_test(handler_headers),
	cmocka_unit_test(status_zero),
	cmocka_unit_test(health),
	cmocka_unit_test(metrics),
	cmocka_unit_test(drain),
	cmocka_unit_test(drain_timeout),
	cmocka_unit_test(stop_in_flight),
	cmocka_unit_test(concurrent),
	cmocka_unit_test(per_ip_limit),
	cmocka_unit_test(tls),
	cmocka_unit_test(tls_chunked_too_large),
	cmocka_unit_test(ipv6),
	cmocka_unit_test(junk),
	cmocka_unit_test(bad_listen),
	cmocka_unit_test(bad_routes),
	cmocka_unit_test(builtins_first),
	cmocka_unit_test(log_line),
};

int
main(int argc, char **argv)
{
	int rc;

	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = test_main(
	    argc, argv, __FILE__, tests, sizeof(tests) / sizeof(tests[0]));
	curl_global_cleanup();
	return rc;
}
