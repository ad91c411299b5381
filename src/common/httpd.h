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
 * request_timeout, bad_request, internal_error, unavailable (handlers use
 * the same vocabulary through httpd_resp_error). The one exception: a
 * request too malformed to parse (bad request line or chunk syntax,
 * headers over libmicrohttpd's 32 KiB buffer) is answered by
 * libmicrohttpd itself, with a short HTML body and no Request-ID; it is
 * still logged and counted.
 *
 * A path with %00 and a body framed two ways (two Content-Lengths,
 * Content-Length with Transfer-Encoding, a Transfer-Encoding other than
 * chunked) get 400 bad_request.
 *
 * The request deadline runs from the request line. A body still arriving
 * after it gets 408 and the connection is closed; a peer that goes quiet
 * past it plus one second, at any point before its request is complete,
 * has its connection closed without an answer (logged as 408).
 * docs/httpd.md describes the behaviour in full.
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
 * absent. The string is valid for the duration of the handler call. */
const char *httpd_req_header(const struct httpd_req *r, const char *name);
const char *httpd_req_query(const struct httpd_req *r, const char *name);

/*
 * The response a handler fills. Start: status 0 (a handler that leaves it
 * 0 produces a 500 internal_error), no body, no extra headers.
 */
struct httpd_resp;

/* The status: 200..599; anything else gives a 500 internal_error. */
void httpd_resp_status(struct httpd_resp *w, int status);
/* Copy n bytes as the body (replacing any earlier body). RA_ERR_ARG for
 * a NULL w, or p NULL with n > 0; RA_ERR_NOMEM. */
RA_MUST_CHECK enum ra_err httpd_resp_body(
    struct httpd_resp *w, const void *p, size_t n);
/* printf-style body; RA_ERR_NOMEM if it cannot be allocated. */
RA_MUST_CHECK enum ra_err httpd_resp_printf(struct httpd_resp *w,
    const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Set a header (copied); setting a name again (case-insensitively)
 * replaces its value, and Content-Type replaces the default. RA_ERR_ARG
 * for more than 16 headers, a name that is not an HTTP token of at most
 * 64 characters, a value with a control character other than tab (CR and
 * LF included) or over 8 KiB, and for the headers the server writes
 * itself: Connection, Content-Length, Date, Request-ID,
 * Transfer-Encoding. RA_ERR_NOMEM.
 */
RA_MUST_CHECK enum ra_err httpd_resp_header(
    struct httpd_resp *w, const char *name, const char *value);
/*
 * An error response: status and the JSON error body above with the given
 * code and message (printf-style, cut at 511 bytes; bytes that are not
 * UTF-8 become '?'). It replaces the body and drops a Content-Type the
 * handler set. Never fails: on allocation failure the status is 500 and
 * the body a fixed internal_error text.
 */
void httpd_resp_error(struct httpd_resp *w, int status, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

typedef void (*httpd_handler)(
    void *ctx, const struct httpd_req *req, struct httpd_resp *w);

/*
 * A route. pattern is a path whose segments are literal or "{}" (exactly
 * one non-empty segment, captured into params); no trailing slash
 * matching ("/a/" does not match "/a"); the grammar is in route.h. The
 * first route in table order whose method and pattern match serves the
 * request. A path that matches a route's pattern under another method
 * gets 405 with an Allow header. body_max is the largest body accepted
 * (0: no body; a request with a body gets 413). label names the route in
 * logs and metrics ("ias_report"): [A-Za-z0-9_.-], 1 to 48 characters;
 * routes may share a label (and then their metrics). method is an HTTP
 * token of at most 16 characters, compared exactly ("GET" is not "get").
 * GET /health and GET /metrics are built in: a route table may not use
 * the patterns "/health" and "/metrics" (any method), nor the labels
 * "health", "metrics" and "none"; any other method on those paths gets
 * 405. httpd_start refuses a table with a NULL field, a bad pattern,
 * more than HTTPD_MAX_PARAMS wildcards or the same method and pattern
 * twice (RA_ERR_ARG).
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
	unsigned int threads;           /* worker threads; 0: CPUs online;
	                                   at most 256 */
	unsigned int conn_limit;        /* open connections; 0: 1024; at
	                                   least threads */
	unsigned int per_ip_limit;      /* per client address; 0: none */
	unsigned int idle_timeout_s;    /* inactivity per connection; 0: 30 */
	unsigned int request_timeout_s; /* headers+body of one request;
	                                   0: 60 (then 408). Timeouts are
	                                   at most 86400. */
	/* TLS: PEM text of the certificate (chain) and key; both NULL for
	 * plain HTTP. Copied: they need not outlive httpd_start. */
	const char *tls_cert_pem;
	const char *tls_key_pem;
	/* Metric name prefix ("sgxra_attestd"): [a-zA-Z_:][a-zA-Z0-9_:]*,
	 * at most 64 characters; NULL: "sgxra". */
	const char *metrics_prefix;
	const struct httpd_route *routes;
	size_t nroutes;
	void *ctx; /* passed to handlers and hooks */
	/*
	 * GET /health: NULL, or a check that returns true when the service
	 * can serve (200 {"status":"ok"}) and false with a reason (503
	 * {"status":"unavailable","reason":...}). reason has cap bytes (256)
	 * and starts empty. Runs on a worker thread, like a handler.
	 */
	bool (*health)(void *ctx, char *reason, size_t cap);
	/* Extra lines appended to GET /metrics (Prometheus text); NULL for
	 * none. out holds 64 KiB; if that overflows the hook is called again
	 * with twice as much, up to 1 MiB, after which its lines are left
	 * out (and a warning logged). */
	void (*metrics)(void *ctx, struct ra_buf *out);
};

/*
 * Start serving (the listening socket is bound before this returns).
 * RA_ERR_ARG for a bad listen address, route table or other field,
 * RA_ERR_IO if the address cannot be bound, RA_ERR_KEY if the TLS key or
 * certificate is refused (unparsable, or a key that is not the
 * certificate's), RA_ERR_NOMEM. *h is NULL on failure. The route table
 * and ctx must outlive the server.
 */
RA_MUST_CHECK enum ra_err httpd_start(
    struct httpd **h, const struct httpd_config *c);
/* The port actually bound (0 for NULL). */
uint16_t httpd_port(const struct httpd *h);
/*
 * Stop accepting connections (the listening socket is closed: new
 * connections are refused); requests in flight continue, and every
 * response from now on says "Connection: close". Then wait up to
 * timeout_ms for them to finish: true if none is left. May be called
 * again (to wait more); not from a handler. A request that arrives later
 * on a connection that was already open is still served.
 */
bool httpd_drain(struct httpd *h, unsigned int timeout_ms);
/*
 * Stop everything (closing connections still open, after the handlers
 * running have returned) and free the server. NULL is a no-op.
 */
void httpd_stop(struct httpd *h);

/*
 * Requests ended so far, by final status, for tests: 0 counts requests
 * that ended without an answer (the peer went away), 408 includes those
 * the deadline closed without one.
 */
uint64_t httpd_count(const struct httpd *h, int status);

/*
 * "A.B.C.D:PORT" or "[V6]:PORT" (numeric) into *ss; *v6 tells which.
 * RA_ERR_ARG for anything else. For daemons' other listening sockets.
 */
struct sockaddr_storage;
RA_MUST_CHECK enum ra_err httpd_parse_listen(
    struct sockaddr_storage *ss, bool *v6, const char *s);

#endif
