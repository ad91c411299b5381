/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_HTTPD_H
#define SGXRA_HTTPD_H

/*
 * The HTTP front of the sgxra daemons (sgxra-attestd, sgxra-spd), over
 * libmicrohttpd: a route table, request size caps, per-connection and
 * per-request time limits, request ids, one structured log line per
 * request, GET /health and GET /metrics (Prometheus text), optional TLS,
 * and a graceful stop that lets requests in flight finish.
 *
 * Handlers run on the server's worker threads (a pool of `threads`) and
 * see a complete request: the body has been read in full (or refused with
 * 413 before the handler runs). A handler fills a response and returns;
 * it must not keep pointers into the request after returning.
 *
 * Every response carries "Request-ID: <32 lowercase hex>" (random per
 * request) and, unless the handler chose another, Content-Type
 * application/json. Errors made by the server itself (no route, wrong
 * method, body too large, request too slow, a handler that set no
 * status) have a JSON body:
 *   {"error":"<code>","message":"<text>","requestId":"<id>"}
 * with code one of not_found, method_not_allowed, payload_too_large,
 * request_timeout, bad_request, internal_error, unavailable.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"

struct httpd;
struct ra_buf;

#define HTTPD_MAX_PARAMS     4
#define HTTPD_REQUEST_ID_LEN 32 /* hex characters */

/* A complete request, valid for the duration of the handler call. */
struct httpd_req {
	const char *method; /* "GET", "POST", ... */
	const char *path;   /* the URL path, percent-decoded, no query */
	/* The values of the route pattern's "{}" segments, in order. */
	const char *params[HTTPD_MAX_PARAMS];
	size_t nparams;
	const uint8_t *body; /* NULL when body_len is 0 */
	size_t body_len;
	char request_id[HTTPD_REQUEST_ID_LEN + 1];
	char peer[64]; /* "127.0.0.1:40000", "[::1]:40000" */
	bool tls;
	void *priv; /* the server's; do not touch */
};

/* A request header (case-insensitive name) or query argument; NULL if
 * absent. */
const char *httpd_req_header(const struct httpd_req *r, const char *name);
const char *httpd_req_query(const struct httpd_req *r, const char *name);

/*
 * The response a handler fills. Start: status 0 (a handler that leaves it
 * 0 produces a 500 internal_error), no body, no extra headers.
 */
struct httpd_resp;

void httpd_resp_status(struct httpd_resp *w, int status);
/* Copy n bytes as the body (replacing any earlier body). */
RA_MUST_CHECK enum ra_err httpd_resp_body(
    struct httpd_resp *w, const void *p, size_t n);
/* printf-style body; RA_ERR_NOMEM if it cannot be allocated. */
RA_MUST_CHECK enum ra_err httpd_resp_printf(struct httpd_resp *w,
    const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set a header (copied); Content-Type replaces the default. At most 16
 * headers; names and values must not contain CR or LF (RA_ERR_ARG). */
RA_MUST_CHECK enum ra_err httpd_resp_header(
    struct httpd_resp *w, const char *name, const char *value);
/*
 * An error response: status and the JSON error body above with the given
 * code and message (printf-style). Never fails: on allocation failure the
 * body is a fixed internal_error text.
 */
void httpd_resp_error(struct httpd_resp *w, int status, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

typedef void (*httpd_handler)(
    void *ctx, const struct httpd_req *req, struct httpd_resp *w);

/*
 * A route. pattern is a path whose segments are literal or "{}" (exactly
 * one non-empty segment, captured into params); no trailing slash
 * matching ("/a/" does not match "/a"). A path that matches a route's
 * pattern under another method gets 405 with an Allow header. body_max
 * is the largest body accepted (0: no body; a request with a body gets
 * 413). label names the route in logs and metrics ("ias_report").
 */
struct httpd_route {
	const char *method;
	const char *pattern;
	httpd_handler handler;
	size_t body_max;
	const char *label;
};

struct httpd_config {
	/*
	 * Where to listen: "HOST:PORT" or "[V6]:PORT"; PORT 0 picks a free
	 * port (httpd_port tells which). HOST is a numeric address.
	 */
	const char *listen;
	unsigned int threads;           /* worker threads; 0: CPUs online */
	unsigned int conn_limit;        /* open connections; 0: 1024 */
	unsigned int per_ip_limit;      /* per client address; 0: none */
	unsigned int idle_timeout_s;    /* inactivity per connection; 0: 30 */
	unsigned int request_timeout_s; /* headers+body of one request;
	                                   0: 60 (then 408) */
	/* TLS: PEM text of the certificate (chain) and key; both NULL for
	 * plain HTTP. */
	const char *tls_cert_pem;
	const char *tls_key_pem;
	/* Metric name prefix ("sgxra_attestd"). */
	const char *metrics_prefix;
	const struct httpd_route *routes;
	size_t nroutes;
	void *ctx; /* passed to handlers and hooks */
	/*
	 * GET /health: NULL, or a check that returns true when the service
	 * can serve (200 {"status":"ok"}) and false with a reason (503
	 * {"status":"unavailable","reason":...}).
	 */
	bool (*health)(void *ctx, char *reason, size_t cap);
	/* Extra lines appended to GET /metrics (Prometheus text); NULL for
	 * none. */
	void (*metrics)(void *ctx, struct ra_buf *out);
};

/*
 * Start serving (the listening socket is bound before this returns).
 * RA_ERR_ARG for a bad listen address or route table, RA_ERR_IO if the
 * address cannot be bound, RA_ERR_KEY if the TLS key or certificate is
 * refused. The route table and ctx must outlive the server.
 */
RA_MUST_CHECK enum ra_err httpd_start(
    struct httpd **h, const struct httpd_config *c);
/* The port actually bound. */
uint16_t httpd_port(const struct httpd *h);
/*
 * Stop accepting connections; requests in flight continue. Then wait up
 * to timeout_ms for them to finish: true if none is left.
 */
bool httpd_drain(struct httpd *h, unsigned int timeout_ms);
/* Stop everything (closing connections still open) and free the server. */
void httpd_stop(struct httpd *h);

/* Requests received so far, by final status, for tests. */
uint64_t httpd_count(const struct httpd *h, int status);

#endif
