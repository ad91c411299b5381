/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The HTTP front of the daemons (httpd.h) over libmicrohttpd 0.9.75, the
 * version Debian 12 ships: internal poll() polling with a pool of worker
 * threads. docs/httpd.md describes the behaviour; this comment says how
 * the pieces fit libmicrohttpd (MHD).
 *
 * A request is our struct req from its request line to its end. MHD calls
 * three functions of ours for it:
 *   on_uri      when the request line has arrived (MHD's URI log hook):
 *               allocates the struct req, takes the time, the id and the
 *               peer, and counts the request in flight;
 *   on_request  the access handler: once when the headers are complete
 *               (routing and the Content-Length check happen there, and
 *               an error can still be queued "early", which makes MHD
 *               drop the body and close), once per piece of body, and once
 *               when the request is complete (the handler runs there);
 *   on_done     when the request ends for any reason (answered, aborted,
 *               timed out, server stopping): one log line, the metrics,
 *               and the request leaves the in-flight count.
 * MHD promises on_done for every request that on_uri saw, so the struct
 * and the in-flight count cannot leak.
 *
 * The request deadline is checked whenever a callback runs, that is when
 * bytes arrive. A peer that goes quiet (or sends a byte just often
 * enough to defeat the idle timeout while the headers are still being
 * read, when no callback runs) is caught by the watchdog: a thread that
 * looks at every connection a few times a second and shuts down the
 * socket of one that has been waiting for its peer's request for longer
 * than the deadline plus a grace period. MHD then sees the end of the
 * stream and closes the connection as it would for any peer that hung
 * up. Connections are tracked from MHD's connection-started to its
 * connection-closed notification, and the socket is closed only after
 * the latter, so the watchdog never touches a descriptor that is not
 * the connection's.
 *
 * MHD 0.9.75 refuses MHD_queue_response() while a body is being read. A
 * request that must be refused mid-body (a chunked body growing past the
 * route's limit, a body still arriving after the request deadline) is
 * answered by writing a small complete response on the connection
 * ourselves, through the TLS session when there is one, after which
 * on_request returns MHD_NO and MHD closes the connection. Nothing else is
 * in flight on the connection at that point: the only thing MHD may have
 * written during the body is a "100 Continue", and it has been sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <jansson.h>
#include <microhttpd.h>

#include "httpd.h"
#include "log.h"
#include "route.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/random.h"

/* Defaults and bounds of the configuration (httpd.h). */
#define DEFAULT_CONN_LIMIT 1024
#define DEFAULT_IDLE_S     30
#define DEFAULT_REQUEST_S  60
#define MAX_THREADS        256
#define MAX_TIMEOUT_S      86400
#define MAX_ROUTES         1024
#define MAX_PEM_LEN        (1u << 20)

/* Responses. */
#define MAX_HEADERS      16
#define MAX_HEADER_NAME  64
#define MAX_HEADER_VALUE 8192
#define MSG_MAX          512 /* error message text, bytes */
#define REASON_MAX       256 /* health check reason, bytes */
#define ALLOW_MAX        256
#define FALLBACK_LEN     160
#define BODY_INITIAL     1024

/* Names and log lines. */
#define METHOD_MAX     16 /* bytes of a route's method */
#define LABEL_MAX      48 /* bytes of a route label */
#define PREFIX_MAX     64 /* bytes of the metrics prefix */
#define LOG_METHOD_MAX 16 /* bytes of the method in a log line */
#define LOG_PATH_MAX   128
#define PEER_LEN       64

/* Metrics: counters by status 0..599, histogram buckets. */
#define NSTATUS  600
#define NBUCKETS 13 /* 12 bounds and +Inf */
#define HOOK_MIN (64u << 10)
#define HOOK_MAX (1u << 20)

#define DRAIN_POLL_MS 10

/* The watchdog: how often it looks, and how long past the deadline. */
#define WATCHDOG_TICK_MS 200
#define WATCHDOG_GRACE_S 1

enum req_kind {
	KIND_NONE = 0,
	KIND_HEALTH = 1,
	KIND_METRICS = 2,
	KIND_ROUTE = 3,
};

/* Metric slots 0..2; route labels follow. */
enum {
	SLOT_NONE = 0,
	SLOT_HEALTH = 1,
	SLOT_METRICS = 2,
	SLOT_FIRST_ROUTE = 3,
};

static const char *const builtin_labels[SLOT_FIRST_ROUTE] = { "none", "health",
	"metrics" };

/* Upper bounds of the duration buckets: nanoseconds and their text. */
static const uint64_t bucket_ns[NBUCKETS - 1] = { 1000000, 2500000, 5000000,
	10000000, 25000000, 50000000, 100000000, 250000000, 500000000,
	1000000000, 2500000000, 5000000000 };
static const char *const bucket_le[NBUCKETS] = { "0.001", "0.0025", "0.005",
	"0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
	"+Inf" };

/* The metrics of one label. Counters only grow; readers sum them. */
struct slot {
	const char *label;
	atomic_uint_fast64_t codes[NSTATUS];
	atomic_uint_fast64_t buckets[NBUCKETS]; /* not cumulative */
	atomic_uint_fast64_t sum_ns;
};

/* A connection, for the watchdog. */
struct conn {
	struct conn *prev, *next; /* under httpd.lock */
	int fd;
	atomic_uint_fast64_t since_ns; /* waiting for the peer since */
	atomic_bool waiting;           /* for request bytes */
	atomic_bool killed;            /* by the watchdog */
};

struct httpd {
	struct MHD_Daemon *d;
	const struct httpd_route *routes;
	size_t nroutes;
	size_t *route_slot; /* [nroutes] */
	struct slot *slots;
	size_t nslots;
	void *ctx;
	bool (*health)(void *ctx, char *reason, size_t cap);
	void (*metrics)(void *ctx, struct ra_buf *out);
	char prefix[PREFIX_MAX + 1];
	unsigned int request_timeout_s;
	bool tls;
	char *tls_cert; /* copies for MHD, freed by httpd_stop */
	char *tls_key;
	uint16_t port;
	bool quiesced;
	atomic_bool draining;
	atomic_uint_fast64_t in_flight;
	atomic_uint_fast64_t by_status[NSTATUS];
	/* The watchdog and the connections it watches. */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t watchdog;
	bool has_lock, has_watchdog, stopping;
	struct conn *conns;
};

struct req {
	struct httpd *h;
	struct MHD_Connection *conn;
	struct conn *c; /* NULL if it could not be tracked */
	struct timespec start;
	enum req_kind kind;
	const struct httpd_route *route;
	size_t slot;
	uint8_t *body;
	size_t body_len;
	size_t body_cap;
	uint64_t bytes_in;
	size_t bytes_out;
	int status; /* of the response we sent; 0 before */
	bool seen;  /* on_request has been called */
	bool nul;   /* the path has a %00: routing would cut it there */
	char id[HTTPD_REQUEST_ID_LEN + 1];
	char peer[PEER_LEN];
	char method[4 * LOG_METHOD_MAX + 4]; /* sanitised, for the log */
	char path[4 * LOG_PATH_MAX + 4];
};

struct resp_header {
	char *name;
	char *value;
};

struct httpd_resp {
	int status;
	char *body; /* malloc'd, or fallback */
	size_t body_len;
	struct resp_header hdrs[MAX_HEADERS];
	size_t nhdrs;
	const char *request_id;
	char fallback[FALLBACK_LEN];
};

/* --- small helpers -------------------------------------------------------- */

static uint64_t
now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint64_t
elapsed_ns(const struct timespec *t0)
{
	struct timespec now;
	int64_t ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = ((int64_t)now.tv_sec - (int64_t)t0->tv_sec) * 1000000000 +
	    ((int64_t)now.tv_nsec - (int64_t)t0->tv_nsec);
	return ns < 0 ? 0 : (uint64_t)ns;
}

static bool
past_deadline(const struct req *r)
{
	return elapsed_ns(&r->start) >=
	    (uint64_t)r->h->request_timeout_s * 1000000000u;
}

/*
 * Copy at most max bytes of s[0..len) to out for a log line: printable
 * ASCII stays, anything else (and space, '"', '\\') becomes \xNN, and a
 * cut is marked "...". out must hold 4 * max + 4 bytes.
 */
static void
sanitise(char *out, size_t cap, const char *s, size_t len, size_t max)
{
	size_t i, o = 0;

	for (i = 0; i < len && i < max && o + 5 <= cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > 0x20 && c < 0x7f && c != '"' && c != '\\') {
			out[o++] = (char)c;
		} else {
			snprintf(out + o, cap - o, "\\x%02x", c);
			o += 4;
		}
	}
	if (i < len && o + 4 <= cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	if (o == 0 && cap >= 2) {
		out[o++] = '-';
	}
	out[o] = '\0';
}

static void
format_peer(char *out, size_t cap, const struct sockaddr *sa)
{
	char ip[INET6_ADDRSTRLEN];

	snprintf(out, cap, "-");
	if (sa == NULL) {
		return;
	}
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in a;

		memcpy(&a, sa, sizeof(a));
		if (inet_ntop(AF_INET, &a.sin_addr, ip, sizeof(ip)) != NULL) {
			snprintf(out, cap, "%s:%u", ip, ntohs(a.sin_port));
		}
	} else if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 a;

		memcpy(&a, sa, sizeof(a));
		if (inet_ntop(AF_INET6, &a.sin6_addr, ip, sizeof(ip)) != NULL) {
			snprintf(out, cap, "[%s]:%u", ip, ntohs(a.sin6_port));
		}
	}
}

/* 16 bytes from ra_random(), as 32 lowercase hex characters. */
static void
new_request_id(char out[static HTTPD_REQUEST_ID_LEN + 1])
{
	uint8_t b[HTTPD_REQUEST_ID_LEN / 2];

	if (ra_random(b, sizeof(b)) != RA_OK ||
	    ra_hex_encode(out, HTTPD_REQUEST_ID_LEN + 1, b, sizeof(b)) !=
	        RA_OK) {
		/* getrandom(2) does not fail once seeded; say so if it did
		 * rather than invent an id from a weaker source. */
		log_warnx("%s: no random bytes for a request id", __func__);
		memset(out, '0', HTTPD_REQUEST_ID_LEN);
		out[HTTPD_REQUEST_ID_LEN] = '\0';
	}
}

/* RFC 9110 §5.6.2 token characters. */
static bool
is_token(const char *s, size_t max)
{
	size_t i;

	if (s == NULL || s[0] == '\0') {
		return false;
	}
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == max || c <= 0x20 || c >= 0x7f ||
		    strchr("\"(),/:;<=>?@[\\]{}", c) != NULL) {
			return false;
		}
	}
	return true;
}

/* A JSON string of s; s is made ASCII first if it is not UTF-8. */
static json_t *
json_text(char *s)
{
	json_t *j = json_string(s);
	size_t i;

	if (j != NULL) {
		return j;
	}
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			s[i] = '?';
		}
	}
	return json_string(s);
}

/* {"error":code,"message":msg,"requestId":id}, malloc'd; NULL on NOMEM. */
static char *
error_json(const char *code, char *msg, const char *id)
{
	json_t *o = json_object();
	char *s = NULL;

	if (o == NULL) {
		return NULL;
	}
	if (json_object_set_new(o, "error", json_string(code)) == 0 &&
	    json_object_set_new(o, "message", json_text(msg)) == 0 &&
	    json_object_set_new(o, "requestId", json_string(id)) == 0) {
		s = json_dumps(o, JSON_COMPACT);
	}
	json_decref(o);
	return s;
}

/* --- responses ------------------------------------------------------------ */

static void
resp_init(struct httpd_resp *w, const char *request_id)
{
	memset(w, 0, sizeof(*w));
	w->request_id = request_id;
}

static void
resp_set_body(struct httpd_resp *w, char *body, size_t len)
{
	if (w->body != w->fallback) {
		free(w->body);
	}
	w->body = body;
	w->body_len = len;
}

static void
resp_free(struct httpd_resp *w)
{
	size_t i;

	resp_set_body(w, NULL, 0);
	for (i = 0; i < w->nhdrs; i++) {
		free(w->hdrs[i].name);
		free(w->hdrs[i].value);
	}
	w->nhdrs = 0;
}

void
httpd_resp_status(struct httpd_resp *w, int status)
{
	if (w != NULL) {
		w->status = status;
	}
}

enum ra_err
httpd_resp_body(struct httpd_resp *w, const void *p, size_t n)
{
	char *b;

	if (w == NULL || (p == NULL && n != 0)) {
		return RA_ERR_ARG;
	}
	if ((b = malloc(n == 0 ? 1 : n)) == NULL) {
		return RA_ERR_NOMEM;
	}
	if (n != 0) {
		memcpy(b, p, n);
	}
	resp_set_body(w, b, n);
	return RA_OK;
}

enum ra_err
httpd_resp_printf(struct httpd_resp *w, const char *fmt, ...)
{
	va_list ap;
	char *b;
	int n;

	if (w == NULL || fmt == NULL) {
		return RA_ERR_ARG;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return RA_ERR_ARG;
	}
	if ((b = malloc((size_t)n + 1)) == NULL) {
		return RA_ERR_NOMEM;
	}
	va_start(ap, fmt);
	vsnprintf(b, (size_t)n + 1, fmt, ap);
	va_end(ap);
	resp_set_body(w, b, (size_t)n);
	return RA_OK;
}

/* Headers the server writes itself; a handler may not set them. */
static bool
is_reserved_header(const char *name)
{
	static const char *const reserved[] = { "Connection", "Content-Length",
		"Date", "Request-ID", "Transfer-Encoding" };
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (strcasecmp(name, reserved[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* Visible characters, spaces, tabs and obs-text; no CR, LF or other CTL. */
static bool
is_header_value(const char *v)
{
	size_t i;

	for (i = 0; v[i] != '\0'; i++) {
		unsigned char c = (unsigned char)v[i];

		if (i == MAX_HEADER_VALUE || (c < 0x20 && c != '\t') ||
		    c == 0x7f) {
			return false;
		}
	}
	return true;
}

/* The index of header name in w, or w->nhdrs if it is not there. */
static size_t
header_index(const struct httpd_resp *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->nhdrs; i++) {
		if (strcasecmp(w->hdrs[i].name, name) == 0) {
			break;
		}
	}
	return i;
}

enum ra_err
httpd_resp_header(struct httpd_resp *w, const char *name, const char *value)
{
	size_t i;
	char *n, *v;

	if (w == NULL || !is_token(name, MAX_HEADER_NAME) || value == NULL ||
	    !is_header_value(value) || is_reserved_header(name)) {
		return RA_ERR_ARG;
	}
	i = header_index(w, name);
	if (i == MAX_HEADERS) {
		return RA_ERR_ARG;
	}
	if ((v = strdup(value)) == NULL) {
		return RA_ERR_NOMEM;
	}
	if (i < w->nhdrs) {
		free(w->hdrs[i].value);
		w->hdrs[i].value = v;
		return RA_OK;
	}
	if ((n = strdup(name)) == NULL) {
		free(v);
		return RA_ERR_NOMEM;
	}
	w->hdrs[w->nhdrs].name = n;
	w->hdrs[w->nhdrs].value = v;
	w->nhdrs++;
	return RA_OK;
}

/* Remove a header the handler set, if any. */
static void
drop_header(struct httpd_resp *w, const char *name)
{
	size_t i = header_index(w, name);

	if (i == w->nhdrs) {
		return;
	}
	free(w->hdrs[i].name);
	free(w->hdrs[i].value);
	w->hdrs[i] = w->hdrs[--w->nhdrs];
}

static void verror(struct httpd_resp *w, int status, const char *code,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void
verror(struct httpd_resp *w, int status, const char *code, const char *fmt,
    va_list ap)
{
	char msg[MSG_MAX] = "";
	const char *id = w->request_id != NULL ? w->request_id : "";
	char *s;

	if (fmt != NULL) {
		vsnprintf(msg, sizeof(msg), fmt, ap);
	}
	drop_header(w, "Content-Type"); /* the body is JSON */
	w->status = status;
	s = error_json(code != NULL ? code : "internal_error", msg, id);
	if (s != NULL) {
		resp_set_body(w, s, strlen(s));
		return;
	}
	w->status = 500;
	resp_set_body(w, NULL, 0);
	snprintf(w->fallback, sizeof(w->fallback),
	    "{\"error\":\"internal_error\",\"message\":\"out of memory\","
	    "\"requestId\":\"%.32s\"}",
	    id);
	w->body = w->fallback;
	w->body_len = strlen(w->fallback);
}

void
httpd_resp_error(
    struct httpd_resp *w, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (w == NULL) {
		return;
	}
	va_start(ap, fmt);
	verror(w, status, code, fmt, ap);
	va_end(ap);
}

/* Our own errors: the same as a handler's. */
static void set_error(struct httpd_resp *w, int status, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
set_error(
    struct httpd_resp *w, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(w, status, code, fmt, ap);
	va_end(ap);
}

/* --- requests ------------------------------------------------------------- */

const char *
httpd_req_header(const struct httpd_req *r, const char *name)
{
	const struct req *q;

	if (r == NULL || name == NULL || (q = r->priv) == NULL) {
		return NULL;
	}
	return MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, name);
}

const char *
httpd_req_query(const struct httpd_req *r, const char *name)
{
	const struct req *q;

	if (r == NULL || name == NULL || (q = r->priv) == NULL) {
		return NULL;
	}
	return MHD_lookup_connection_value(
	    q->conn, MHD_GET_ARGUMENT_KIND, name);
}

static bool
add_header(struct MHD_Response *resp, const char *name, const char *value)
{
	if (MHD_add_response_header(resp, name, value) == MHD_YES) {
		return true;
	}
	log_warnx("%s: header %s refused", __func__, name);
	return false;
}

static bool
add_headers(const struct req *r, struct MHD_Response *resp,
    const struct httpd_resp *w, const char *allow, bool close)
{
	bool ok = add_header(resp, "Request-ID", r->id);
	size_t i;

	if (header_index(w, "Content-Type") == w->nhdrs) {
		ok = ok && add_header(resp, "Content-Type", "application/json");
	}
	for (i = 0; i < w->nhdrs; i++) {
		ok = ok && add_header(resp, w->hdrs[i].name, w->hdrs[i].value);
	}
	if (allow != NULL) {
		ok = ok && add_header(resp, "Allow", allow);
	}
	if (close || atomic_load(&r->h->draining)) {
		ok = ok && add_header(resp, "Connection", "close");
	}
	return ok;
}

/*
 * Queue w on the connection (allowed when the headers are complete, or the
 * whole request is) and free w. close asks MHD to close the connection
 * after the response.
 */
static enum MHD_Result
respond(struct req *r, struct httpd_resp *w, const char *allow, bool close)
{
	struct MHD_Response *resp;
	enum MHD_Result ret = MHD_NO;

	resp = MHD_create_response_from_buffer(
	    w->body_len, w->body, MHD_RESPMEM_MUST_COPY);
	if (resp != NULL && add_headers(r, resp, w, allow, close)) {
		ret =
		    MHD_queue_response(r->conn, (unsigned int)w->status, resp);
	}
	if (resp != NULL) {
		MHD_destroy_response(resp);
	}
	if (ret == MHD_YES) {
		r->status = w->status;
		r->bytes_out = w->body_len;
	}
	resp_free(w);
	return ret;
}

/* Whether a failed write may be tried again. */
static bool
again(bool tls, ssize_t k)
{
	if (tls) {
		return k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED;
	}
	return k < 0 &&
	    (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
}

static void
wait_writable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	(void)poll(&p, 1, 100);
}

/*
 * Write p[0..n) on the connection ourselves (see the top of the file),
 * trying for a bounded time: the peer may not be reading.
 */
static void
send_raw(const struct req *r, const char *p, size_t n)
{
	const union MHD_ConnectionInfo *ci;
	gnutls_session_t s = NULL;
	int fd, tries;
	ssize_t k;

	ci =
	    MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL) {
		return;
	}
	fd = ci->connect_fd;
	if (r->h->tls) {
		ci = MHD_get_connection_info(
		    r->conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
		if (ci == NULL || ci->tls_session == NULL) {
			return;
		}
		s = ci->tls_session;
	}
	for (tries = 0; n > 0 && tries < 5; tries++) {
		k = s != NULL ? gnutls_record_send(s, p, n)
		              : send(fd, p, n, MSG_NOSIGNAL);
		if (k > 0) {
			p += k;
			n -= (size_t)k;
		} else if (!again(s != NULL, k)) {
			return;
		} else {
			wait_writable(fd);
		}
	}
}

/*
 * Refuse the request while its body is being read: write the error
 * response ourselves and have MHD close the connection.
 */
static enum MHD_Result
refuse_now(struct req *r, int status, const char *code, const char *msg)
{
	struct httpd_resp w;
	char head[512], *out;
	const char *phrase = MHD_get_reason_phrase_for((unsigned int)status);
	int hl;

	resp_init(&w, r->id);
	set_error(&w, status, code, "%s", msg);
	hl = snprintf(head, sizeof(head),
	    "HTTP/1.1 %d %s\r\nConnection: close\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
	    "Request-ID: %s\r\n\r\n",
	    w.status, phrase, w.body_len, r->id);
	if (hl > 0 && (size_t)hl < sizeof(head) &&
	    (out = malloc((size_t)hl + w.body_len)) != NULL) {
		memcpy(out, head, (size_t)hl);
		memcpy(out + hl, w.body, w.body_len);
		send_raw(r, out, (size_t)hl + w.body_len);
		free(out);
		r->status = w.status;
		r->bytes_out = w.body_len;
	}
	resp_free(&w);
	return MHD_NO;
}

/* --- routing -------------------------------------------------------------- */

static size_t
body_max(const struct req *r)
{
	return r->kind == KIND_ROUTE ? r->route->body_max : 0;
}

/* Append method to the Allow list unless it is there already. */
static void
allow_add(char *allow, size_t cap, const char **seen, size_t *nseen,
    const char *method)
{
	size_t i, len = strlen(allow);

	for (i = 0; i < *nseen; i++) {
		if (strcmp(seen[i], method) == 0) {
			return;
		}
	}
	if (*nseen == MAX_HEADERS ||
	    len + strlen(method) + 3 > cap) { /* ", " and the NUL */
		return;
	}
	seen[(*nseen)++] = method;
	snprintf(allow + len, cap - len, "%s%s", len > 0 ? ", " : "", method);
}

/*
 * Find what serves (method, url): a built-in or a route. Returns 0 when
 * found, else 404 or 405 (with the methods of the routes whose pattern
 * matches url in allow).
 */
static int
dispatch(
    struct req *r, const char *url, const char *method, char *allow, size_t cap)
{
	const struct httpd *h = r->h;
	struct route_param params[HTTPD_MAX_PARAMS];
	const char *seen[MAX_HEADERS];
	size_t i, n, nseen = 0;

	allow[0] = '\0';
	if (strcmp(url, "/health") == 0 || strcmp(url, "/metrics") == 0) {
		bool health = url[1] == 'h';

		snprintf(allow, cap, "GET");
		if (strcmp(method, "GET") != 0) {
			return 405;
		}
		r->kind = health ? KIND_HEALTH : KIND_METRICS;
		r->slot = health ? SLOT_HEALTH : SLOT_METRICS;
		return 0;
	}
	for (i = 0; i < h->nroutes; i++) {
		const struct httpd_route *rt = &h->routes[i];

		if (!route_match(
		        rt->pattern, url, params, HTTPD_MAX_PARAMS, &n)) {
			continue;
		}
		if (strcmp(rt->method, method) == 0) {
			r->kind = KIND_ROUTE;
			r->route = rt;
			r->slot = h->route_slot[i];
			return 0;
		}
		allow_add(allow, cap, seen, &nseen, rt->method);
	}
	return nseen > 0 ? 405 : 404;
}

/* Whether a Content-Length value is at most max (digits only). */
static bool
length_at_most(const char *s, size_t max)
{
	uint64_t v = 0;
	size_t i;

	if (s[0] == '\0') {
		return false;
	}
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10) {
			return false;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v <= max;
}

/* The headers announce more body than max (a chunked body: any, if 0). */
static bool
announced_too_large(struct MHD_Connection *conn, size_t max)
{
	const char *te, *cl;

	te = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	cl = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (te != NULL) {
		return max == 0; /* else counted while it streams */
	}
	return cl != NULL && !length_at_most(cl, max);
}

/*
 * An error response. Queued when the headers are complete, it makes MHD
 * drop any body and close the connection after the answer.
 */
static enum MHD_Result
reply_error(struct req *r, int status, const char *code, const char *msg,
    const char *allow)
{
	struct httpd_resp w;

	resp_init(&w, r->id);
	set_error(&w, status, code, "%s", msg);
	return respond(r, &w, allow, false);
}

/* Whether s[0..len) has a "%00", which percent-decoding makes a NUL. */
static bool
has_pct00(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i++) {
		if (s[i] == '%' && s[i + 1] == '0' && s[i + 2] == '0') {
			return true;
		}
	}
	return false;
}

struct framing {
	unsigned int content_length;
	unsigned int transfer_encoding;
};

static enum MHD_Result
count_framing(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		f->content_length++;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->transfer_encoding++;
	}
	return MHD_YES;
}

/*
 * A body framed in more than one way, which a proxy in front might read
 * differently (request smuggling, RFC 9112 §6.3): two Content-Lengths,
 * Content-Length and Transfer-Encoding together, or a Transfer-Encoding
 * other than exactly "chunked".
 */
static bool
ambiguous_framing(struct MHD_Connection *conn)
{
	struct framing f = { 0, 0 };
	const char *te;

	(void)MHD_get_connection_values(
	    conn, MHD_HEADER_KIND, count_framing, &f);
	if (f.content_length > 1 || f.transfer_encoding > 1 ||
	    (f.content_length > 0 && f.transfer_encoding > 0)) {
		return true;
	}
	te = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return te != NULL && strcasecmp(te, "chunked") != 0;
}

/* Whether the headers announce a body (Content-Length > 0, or chunked). */
static bool
has_body(struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	           MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL ||
	    (cl != NULL && !length_at_most(cl, 0));
}

/* The answer to a request that no route serves: 400 (%00), 404, 405. */
static enum MHD_Result
unrouted(struct req *r, const char *url, const char *method)
{
	char allow[ALLOW_MAX], msg[MSG_MAX];

	if (r->nul) {
		return reply_error(r, 400, "bad_request",
		    "a NUL byte (%00) in the path", NULL);
	}
	if (dispatch(r, url, method, allow, sizeof(allow)) == 405) {
		snprintf(
		    msg, sizeof(msg), "method not allowed; allowed: %s", allow);
		return reply_error(r, 405, "method_not_allowed", msg, allow);
	}
	return reply_error(
	    r, 404, "not_found", "no resource at this path", NULL);
}

static enum MHD_Result
first_call(struct req *r, const char *url, const char *method)
{
	char allow[ALLOW_MAX], msg[MSG_MAX];

	r->seen = true;
	sanitise(r->method, sizeof(r->method), method, strlen(method),
	    LOG_METHOD_MAX);
	if (past_deadline(r)) {
		return reply_error(r, 408, "request_timeout",
		    "the request headers took too long", NULL);
	}
	if (ambiguous_framing(r->conn)) {
		return reply_error(r, 400, "bad_request",
		    "the request body is framed ambiguously", NULL);
	}
	if (r->nul || dispatch(r, url, method, allow, sizeof(allow)) != 0) {
		/* Without a body, answer when the request is complete: the
		 * connection can then stay open for the next one. */
		return has_body(r->conn) ? unrouted(r, url, method) : MHD_YES;
	}
	if (announced_too_large(r->conn, body_max(r))) {
		snprintf(msg, sizeof(msg), "the request body exceeds %zu bytes",
		    body_max(r));
		return reply_error(r, 413, "payload_too_large", msg, NULL);
	}
	return MHD_YES;
}

/* Make room for need bytes of body (need <= max): doubling, capped. */
static bool
body_reserve(struct req *r, size_t need, size_t max)
{
	size_t cap = r->body_cap == 0 ? BODY_INITIAL : r->body_cap;
	uint8_t *b;

	if (need <= r->body_cap) {
		return true;
	}
	if (need > max) {
		return false; /* the caller checked: cannot happen */
	}
	while (cap < need) {
		cap = cap > max / 2 ? max : cap * 2;
	}
	if (cap > max) {
		cap = max;
	}
	if ((b = realloc(r->body, cap)) == NULL) {
		return false;
	}
	r->body = b;
	r->body_cap = cap;
	return true;
}

static enum MHD_Result
body_call(struct req *r, const char *data, size_t *len)
{
	size_t n = *len, max = body_max(r);
	char msg[MSG_MAX];

	r->bytes_in += n;
	if (past_deadline(r)) {
		return refuse_now(r, 408, "request_timeout",
		    "the request body took too long");
	}
	if (n > max - r->body_len) {
		snprintf(msg, sizeof(msg), "the request body exceeds %zu bytes",
		    max);
		return refuse_now(r, 413, "payload_too_large", msg);
	}
	if (!body_reserve(r, r->body_len + n, max)) {
		return refuse_now(r, 500, "internal_error", "out of memory");
	}
	memcpy(r->body + r->body_len, data, n);
	r->body_len += n;
	*len = 0;
	return MHD_YES;
}

/* --- built-ins ------------------------------------------------------------ */

static void
set_json(struct httpd_resp *w, int status, json_t *o)
{
	char *s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (s == NULL) {
		set_error(w, 500, "internal_error", "out of memory");
		return;
	}
	w->status = status;
	resp_set_body(w, s, strlen(s));
}

static void
serve_health(const struct httpd *h, struct httpd_resp *w)
{
	char reason[REASON_MAX] = "";

	if (h->health == NULL || h->health(h->ctx, reason, sizeof(reason))) {
		set_json(w, 200, json_pack("{s:s}", "status", "ok"));
		return;
	}
	reason[sizeof(reason) - 1] = '\0';
	set_json(w, 503,
	    json_pack("{s:s,s:o}", "status", "unavailable", "reason",
	        json_text(reason)));
}

/* A growing text buffer for /metrics; sticky failure. */
struct text {
	char *p;
	size_t len, cap;
	bool failed;
};

static void
text_put(struct text *t, const char *p, size_t n)
{
	char *np;
	size_t cap;

	if (t->failed) {
		return;
	}
	if (n >= t->cap - t->len) {
		cap = t->cap == 0 ? 4096 : t->cap;
		while (n >= cap - t->len) {
			cap *= 2;
		}
		if ((np = realloc(t->p, cap)) == NULL) {
			t->failed = true;
			return;
		}
		t->p = np;
		t->cap = cap;
	}
	memcpy(t->p + t->len, p, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void text_printf(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
text_printf(struct text *t, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line)) {
		t->failed = true; /* names are bounded: cannot happen */
		return;
	}
	text_put(t, line, (size_t)n);
}

static void
metrics_counters(const struct httpd *h, struct text *t)
{
	size_t i, code;

	text_printf(t,
	    "# HELP %s_requests_total Requests answered, by route and status."
	    "\n# TYPE %s_requests_total counter\n",
	    h->prefix, h->prefix);
	for (i = 0; i < h->nslots; i++) {
		for (code = 100; code < NSTATUS; code++) {
			uint64_t v = atomic_load(&h->slots[i].codes[code]);

			if (v == 0) {
				continue;
			}
			text_printf(t,
			    "%s_requests_total{route=\"%s\",code=\"%zu\"} "
			    "%" PRIu64 "\n",
			    h->prefix, h->slots[i].label, code, v);
		}
	}
}

static void
metrics_histogram(const struct httpd *h, struct text *t)
{
	size_t i, b;

	text_printf(t,
	    "# HELP %s_request_duration_seconds From the request line to the "
	    "end of the response.\n"
	    "# TYPE %s_request_duration_seconds histogram\n",
	    h->prefix, h->prefix);
	for (i = 0; i < h->nslots; i++) {
		const struct slot *s = &h->slots[i];
		uint64_t cum = 0, ns = atomic_load(&s->sum_ns);

		for (b = 0; b < NBUCKETS; b++) {
			cum += atomic_load(&s->buckets[b]);
			text_printf(t,
			    "%s_request_duration_seconds_bucket{route=\"%s\","
			    "le=\"%s\"} %" PRIu64 "\n",
			    h->prefix, s->label, bucket_le[b], cum);
		}
		text_printf(t,
		    "%s_request_duration_seconds_sum{route=\"%s\"} "
		    "%" PRIu64 ".%09" PRIu64 "\n"
		    "%s_request_duration_seconds_count{route=\"%s\"} "
		    "%" PRIu64 "\n",
		    h->prefix, s->label, ns / 1000000000u, ns % 1000000000u,
		    h->prefix, s->label, cum);
	}
}

/* The hook's lines, in a buffer that doubles up to HOOK_MAX. */
static void
metrics_hook(const struct httpd *h, struct text *t)
{
	size_t cap;

	for (cap = HOOK_MIN; h->metrics != NULL && cap <= HOOK_MAX; cap *= 2) {
		uint8_t *p = malloc(cap);
		struct ra_buf b;

		if (p == NULL) {
			t->failed = true;
			return;
		}
		b = ra_buf_init(p, cap);
		h->metrics(h->ctx, &b);
		if (ra_buf_finish(&b) == RA_OK) {
			text_put(t, (const char *)p, b.len);
			free(p);
			return;
		}
		free(p);
	}
	if (h->metrics != NULL) {
		log_warnx("%s: metrics hook output over %u bytes, left out",
		    __func__, HOOK_MAX);
	}
}

static void
serve_metrics(const struct httpd *h, struct httpd_resp *w)
{
	struct text t = { NULL, 0, 0, false };
	enum ra_err err;

	metrics_counters(h, &t);
	metrics_histogram(h, &t);
	text_printf(&t,
	    "# HELP %s_requests_in_flight Requests received and not yet "
	    "answered.\n# TYPE %s_requests_in_flight gauge\n"
	    "%s_requests_in_flight %" PRIu64 "\n",
	    h->prefix, h->prefix, h->prefix,
	    (uint64_t)atomic_load(&h->in_flight));
	metrics_hook(h, &t);
	if (t.failed) {
		free(t.p);
		set_error(w, 500, "internal_error", "out of memory");
		return;
	}
	w->status = 200;
	resp_set_body(w, t.p, t.len);
	err = httpd_resp_header(w, "Content-Type", "text/plain; version=0.0.4");
	if (err != RA_OK) {
		set_error(w, 500, "internal_error", "out of memory");
	}
}

/* --- the handler ---------------------------------------------------------- */

static void
run_handler(
    struct req *r, const char *url, const char *method, struct httpd_resp *w)
{
	struct route_param views[HTTPD_MAX_PARAMS];
	struct httpd_req q;
	char *params;
	size_t i, n, off;

	/* The route matched on the headers; match again for the wildcard
	 * values, and make NUL-terminated copies of them by cutting a copy
	 * of url after each. */
	if (!route_match(r->route->pattern, url, views, HTTPD_MAX_PARAMS, &n)) {
		set_error(w, 500, "internal_error", "the route does not match");
		return; /* cannot happen: url is the one routed */
	}
	if ((params = strdup(url)) == NULL) {
		set_error(w, 500, "internal_error", "out of memory");
		return;
	}
	memset(&q, 0, sizeof(q));
	for (i = 0; i < n; i++) {
		off = (size_t)(views[i].p - url);
		params[off + views[i].len] = '\0';
		q.params[i] = params + off;
	}
	q.method = method;
	q.path = url;
	q.nparams = n;
	q.body = r->body_len > 0 ? r->body : NULL;
	q.body_len = r->body_len;
	memcpy(q.request_id, r->id, sizeof(q.request_id));
	memcpy(q.peer, r->peer, sizeof(q.peer));
	q.tls = r->h->tls;
	q.priv = r;
	r->route->handler(r->h->ctx, &q, w);
	free(params);
	if (w->status == 0) {
		log_warnx("%s: route %s: the handler set no status", __func__,
		    r->route->label);
		set_error(
		    w, 500, "internal_error", "the handler set no status");
	} else if (w->status < 200 || w->status > 599) {
		log_warnx("%s: route %s: the handler set status %d", __func__,
		    r->route->label, w->status);
		set_error(
		    w, 500, "internal_error", "the handler set a bad status");
	}
}

static enum MHD_Result
final_call(struct req *r, const char *url, const char *method)
{
	struct httpd_resp w;

	resp_init(&w, r->id);
	if (r->c != NULL) {
		atomic_store(&r->c->waiting, false); /* the handler's turn */
	}
	if (past_deadline(r)) {
		set_error(
		    &w, 408, "request_timeout", "the request took too long");
		return respond(r, &w, NULL, true);
	}
	switch (r->kind) {
	case KIND_HEALTH:
		serve_health(r->h, &w);
		break;
	case KIND_METRICS:
		serve_metrics(r->h, &w);
		break;
	case KIND_ROUTE:
		run_handler(r, url, method, &w);
		break;
	default:
		resp_free(&w);
		return unrouted(r, url, method);
	}
	return respond(r, &w, NULL, false);
}

/* --- MHD callbacks -------------------------------------------------------- */

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct httpd *h = cls;
	const union MHD_ConnectionInfo *ci;
	struct req *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		return NULL; /* on_request closes the connection */
	}
	r->h = h;
	r->conn = conn;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci != NULL && (r->c = ci->socket_context) != NULL) {
		atomic_store(&r->c->since_ns, now_ns());
	}
	new_request_id(r->id);
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	format_peer(
	    r->peer, sizeof(r->peer), ci != NULL ? ci->client_addr : NULL);
	sanitise(
	    r->path, sizeof(r->path), uri, strcspn(uri, "?"), LOG_PATH_MAX);
	r->nul = has_pct00(uri, strcspn(uri, "?"));
	snprintf(r->method, sizeof(r->method), "-");
	atomic_fetch_add(&h->in_flight, 1);
	return r;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *data, size_t *len,
    void **con_cls)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)conn;
	(void)version;
	if (r == NULL) {
		return MHD_NO;
	}
	if (!r->seen) {
		return first_call(r, url, method);
	}
	if (*len > 0) {
		return body_call(r, data, len);
	}
	return final_call(r, url, method);
}

static void
record(struct httpd *h, size_t slot, int status, uint64_t ns)
{
	struct slot *s = &h->slots[slot];
	size_t b = 0;

	atomic_fetch_add(
	    &h->by_status[status >= 0 && status < NSTATUS ? status : 0], 1);
	if (status < 100 || status >= NSTATUS) {
		return; /* no response: logged, not in the metrics */
	}
	while (b < NBUCKETS - 1 && ns > bucket_ns[b]) {
		b++;
	}
	atomic_fetch_add(&s->codes[status], 1);
	atomic_fetch_add(&s->buckets[b], 1);
	atomic_fetch_add(&s->sum_ns, ns);
}

static void
on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct httpd *h = cls;
	struct req *r = *con_cls;
	const union MHD_ConnectionInfo *ci;
	uint64_t ns;
	int status;

	(void)toe;
	if (r == NULL) {
		return;
	}
	*con_cls = NULL;
	status = r->status;
	if (status == 0 && r->c != NULL && atomic_load(&r->c->killed)) {
		status = 408; /* closed by the watchdog, without an answer */
	} else if (status == 0 &&
	    (ci = MHD_get_connection_info(
	         conn, MHD_CONNECTION_INFO_HTTP_STATUS)) != NULL) {
		status = (int)ci->http_status; /* an error MHD answered */
	}
	if (r->c != NULL) {
		/* Keep-alive: the clock runs again for the next request. */
		atomic_store(&r->c->since_ns, now_ns());
		atomic_store(&r->c->waiting, true);
	}
	ns = elapsed_ns(&r->start);
	record(h, r->slot, status, ns);
	log_info("request id=%s peer=%s method=%s path=%s route=%s status=%d "
	         "bytes_in=%" PRIu64 " bytes_out=%zu ms=%.3f",
	    r->id, r->peer, r->method, r->path, h->slots[r->slot].label, status,
	    r->bytes_in, r->bytes_out, (double)ns / 1e6);
	if (r->body != NULL) {
		ra_wipe(r->body, r->body_cap);
		free(r->body);
	}
	free(r);
	/* Last: httpd_drain may return, and the server go, right after. */
	atomic_fetch_sub(&h->in_flight, 1);
}

static void
on_connection(void *cls, struct MHD_Connection *connection, void **ctx,
    enum MHD_ConnectionNotificationCode toe)
{
	struct httpd *h = cls;
	const union MHD_ConnectionInfo *ci;
	struct conn *c = *ctx;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (c != NULL) {
			pthread_mutex_lock(&h->lock);
			*(c->prev != NULL ? &c->prev->next : &h->conns) =
			    c->next;
			if (c->next != NULL) {
				c->next->prev = c->prev;
			}
			pthread_mutex_unlock(&h->lock);
			free(c);
			*ctx = NULL;
		}
		return;
	}
	ci = MHD_get_connection_info(
	    connection, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL || (c = calloc(1, sizeof(*c))) == NULL) {
		log_warnx("%s: a connection the watchdog cannot see", __func__);
		return;
	}
	c->fd = ci->connect_fd;
	atomic_init(&c->since_ns, now_ns());
	atomic_init(&c->waiting, true);
	atomic_init(&c->killed, false);
	pthread_mutex_lock(&h->lock);
	c->next = h->conns;
	if (c->next != NULL) {
		c->next->prev = c;
	}
	h->conns = c;
	pthread_mutex_unlock(&h->lock);
	*ctx = c;
}

/* Shut down the sockets of connections past their deadline. Under lock. */
static void
reap(struct httpd *h)
{
	uint64_t now = now_ns(), limit;
	struct conn *c;

	limit =
	    ((uint64_t)h->request_timeout_s + WATCHDOG_GRACE_S) * 1000000000u;
	for (c = h->conns; c != NULL; c = c->next) {
		uint64_t since = atomic_load(&c->since_ns);

		if (!atomic_load(&c->waiting) || atomic_load(&c->killed) ||
		    now < since || now - since <= limit) {
			continue;
		}
		atomic_store(&c->killed, true);
		(void)shutdown(c->fd, SHUT_RDWR);
		log_debug(
		    "%s: closed a connection past its deadline", __func__);
	}
}

static void *
watchdog(void *arg)
{
	struct httpd *h = arg;
	struct timespec until;

	pthread_mutex_lock(&h->lock);
	while (!h->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += WATCHDOG_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&h->wake, &h->lock, &until);
		if (!h->stopping) {
			reap(h);
		}
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static enum ra_err
start_watchdog(struct httpd *h)
{
	pthread_condattr_t a;
	bool ok;

	if (pthread_condattr_init(&a) != 0) {
		return RA_ERR_NOMEM;
	}
	ok = pthread_condattr_setclock(&a, CLOCK_MONOTONIC) == 0 &&
	    pthread_cond_init(&h->wake, &a) == 0;
	pthread_condattr_destroy(&a);
	if (!ok) {
		return RA_ERR_NOMEM;
	}
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		pthread_cond_destroy(&h->wake);
		return RA_ERR_NOMEM;
	}
	h->has_lock = true;
	if (pthread_create(&h->watchdog, NULL, watchdog, h) != 0) {
		return RA_ERR_NOMEM;
	}
	h->has_watchdog = true;
	return RA_OK;
}

static void
stop_watchdog(struct httpd *h)
{
	if (!h->has_watchdog) {
		return;
	}
	pthread_mutex_lock(&h->lock);
	h->stopping = true;
	pthread_cond_signal(&h->wake);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->watchdog, NULL);
	h->has_watchdog = false;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) {
		msg[--n] = '\0';
	}
	log_debug("httpd: libmicrohttpd: %s", msg);
}

/* --- configuration -------------------------------------------------------- */

static enum ra_err
set_in4(struct sockaddr_storage *ss, const char *host, uint16_t port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		return RA_ERR_ARG;
	}
	memcpy(ss, &a, sizeof(a));
	return RA_OK;
}

static enum ra_err
set_in6(struct sockaddr_storage *ss, const char *host, uint16_t port)
{
	struct sockaddr_in6 a;

	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	if (inet_pton(AF_INET6, host, &a.sin6_addr) != 1) {
		return RA_ERR_ARG;
	}
	memcpy(ss, &a, sizeof(a));
	return RA_OK;
}

static bool
parse_port(const char *s, uint16_t *port)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == 5 || s[i] < '0' || s[i] > '9') {
			return false;
		}
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || v > 65535) {
		return false;
	}
	*port = (uint16_t)v;
	return true;
}

/*
 * "A.B.C.D:PORT" or "[V6]:PORT", numeric addresses only (inet_pton): a
 * name would need a resolver, and a daemon should say exactly where it
 * listens.
 */
enum ra_err
httpd_parse_listen(struct sockaddr_storage *ss, bool *v6, const char *s)
{
	char host[INET6_ADDRSTRLEN];
	const char *hs, *he, *ps;
	uint16_t port;

	memset(ss, 0, sizeof(*ss));
	if (s == NULL) {
		return RA_ERR_ARG;
	}
	*v6 = s[0] == '[';
	hs = *v6 ? s + 1 : s;
	he = strchr(hs, *v6 ? ']' : ':');
	if (he == NULL || (*v6 && he[1] != ':')) {
		return RA_ERR_ARG;
	}
	ps = *v6 ? he + 2 : he + 1;
	if (he == hs || (size_t)(he - hs) >= sizeof(host) ||
	    !parse_port(ps, &port)) {
		return RA_ERR_ARG;
	}
	memcpy(host, hs, (size_t)(he - hs));
	host[he - hs] = '\0';
	return *v6 ? set_in6(ss, host, port) : set_in4(ss, host, port);
}

/* Label of a route: [A-Za-z0-9_.-], 1..LABEL_MAX; Prometheus-safe. */
static bool
is_label(const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0') {
		return false;
	}
	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (i == LABEL_MAX ||
		    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		        (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		        c == '-')) {
			return false;
		}
	}
	return true;
}

/* A Prometheus metric name: [a-zA-Z_:][a-zA-Z0-9_:]*, 1..PREFIX_MAX. */
static bool
is_metric_name(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || c == ':';

		if (i == PREFIX_MAX ||
		    !(alpha || (i > 0 && c >= '0' && c <= '9'))) {
			return false;
		}
	}
	return i > 0;
}

static enum ra_err
check_route(const struct httpd_route *routes, size_t i)
{
	const struct httpd_route *rt = &routes[i];
	size_t nparams, j;

	if (!is_token(rt->method, METHOD_MAX) ||
	    route_check(rt->pattern, &nparams) != RA_OK ||
	    nparams > HTTPD_MAX_PARAMS || rt->handler == NULL ||
	    !is_label(rt->label)) {
		return RA_ERR_ARG;
	}
	/* The built-ins own their paths and labels. */
	if (strcmp(rt->pattern, "/health") == 0 ||
	    strcmp(rt->pattern, "/metrics") == 0) {
		return RA_ERR_ARG;
	}
	for (j = 0; j < SLOT_FIRST_ROUTE; j++) {
		if (strcmp(rt->label, builtin_labels[j]) == 0) {
			return RA_ERR_ARG;
		}
	}
	for (j = 0; j < i; j++) {
		if (strcmp(routes[j].method, rt->method) == 0 &&
		    strcmp(routes[j].pattern, rt->pattern) == 0) {
			return RA_ERR_ARG; /* the second could never match */
		}
	}
	return RA_OK;
}

static enum ra_err
check_config(const struct httpd_config *c)
{
	size_t i;

	if (c->threads > MAX_THREADS || c->idle_timeout_s > MAX_TIMEOUT_S ||
	    c->request_timeout_s > MAX_TIMEOUT_S ||
	    (c->tls_cert_pem == NULL) != (c->tls_key_pem == NULL) ||
	    (c->metrics_prefix != NULL && !is_metric_name(c->metrics_prefix)) ||
	    (c->routes == NULL && c->nroutes != 0) || c->nroutes > MAX_ROUTES) {
		return RA_ERR_ARG;
	}
	for (i = 0; i < c->nroutes; i++) {
		if (check_route(c->routes, i) != RA_OK) {
			return RA_ERR_ARG;
		}
	}
	return RA_OK;
}

/* One metrics slot per distinct label; routes may share a label. */
static enum ra_err
build_slots(struct httpd *h)
{
	size_t i, j;

	h->slots = calloc(SLOT_FIRST_ROUTE + h->nroutes, sizeof(*h->slots));
	h->route_slot = calloc(h->nroutes + 1, sizeof(*h->route_slot));
	if (h->slots == NULL || h->route_slot == NULL) {
		return RA_ERR_NOMEM;
	}
	for (i = 0; i < SLOT_FIRST_ROUTE; i++) {
		h->slots[i].label = builtin_labels[i];
	}
	h->nslots = SLOT_FIRST_ROUTE;
	for (i = 0; i < h->nroutes; i++) {
		const char *label = h->routes[i].label;

		for (j = SLOT_FIRST_ROUTE; j < h->nslots; j++) {
			if (strcmp(h->slots[j].label, label) == 0) {
				break;
			}
		}
		if (j == h->nslots) {
			h->slots[h->nslots++].label = label;
		}
		h->route_slot[i] = j;
	}
	return RA_OK;
}

/*
 * Copy the PEM texts and check them with GnuTLS, which MHD uses: a key
 * that does not match the certificate is refused here, with a clear
 * error, rather than as a failed start.
 */
static enum ra_err
load_tls(struct httpd *h, const struct httpd_config *c)
{
	gnutls_certificate_credentials_t cred;
	gnutls_datum_t cert, key;
	size_t cl, kl;
	int rc;

	if (c->tls_cert_pem == NULL) {
		return RA_OK;
	}
	cl = strnlen(c->tls_cert_pem, MAX_PEM_LEN);
	kl = strnlen(c->tls_key_pem, MAX_PEM_LEN);
	if (cl == MAX_PEM_LEN || kl == MAX_PEM_LEN) {
		return RA_ERR_ARG;
	}
	h->tls_cert = strdup(c->tls_cert_pem);
	h->tls_key = strdup(c->tls_key_pem);
	if (h->tls_cert == NULL || h->tls_key == NULL ||
	    gnutls_certificate_allocate_credentials(&cred) < 0) {
		return RA_ERR_NOMEM;
	}
	cert.data = (unsigned char *)h->tls_cert;
	cert.size = (unsigned int)cl;
	key.data = (unsigned char *)h->tls_key;
	key.size = (unsigned int)kl;
	rc = gnutls_certificate_set_x509_key_mem(
	    cred, &cert, &key, GNUTLS_X509_FMT_PEM);
	gnutls_certificate_free_credentials(cred);
	if (rc < 0) {
		log_warnx("%s: TLS certificate or key refused: %s", __func__,
		    gnutls_strerror(rc));
		return RA_ERR_KEY;
	}
	h->tls = true;
	return RA_OK;
}

static unsigned int
threads_of(const struct httpd_config *c)
{
	long n;

	if (c->threads != 0) {
		return c->threads;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned int)n;
}

static enum ra_err
start_daemon(struct httpd *h, const struct httpd_config *c,
    struct sockaddr_storage *ss, bool v6)
{
	unsigned int threads = threads_of(c);
	unsigned int conns =
	    c->conn_limit != 0 ? c->conn_limit : DEFAULT_CONN_LIMIT;
	/*
	 * poll(), not epoll: libmicrohttpd 0.9.75-0.9.77 can abort in
	 * MHD_quiesce_daemon when epoll and a thread pool are combined and a
	 * worker wakes at that instant (a graceful stop must never abort).
	 */
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem opts[] = {
		{ MHD_OPTION_SOCK_ADDR, 0, ss },
		{ MHD_OPTION_THREAD_POOL_SIZE, threads, NULL },
		{ MHD_OPTION_CONNECTION_LIMIT, conns, NULL },
		{ MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->per_ip_limit, NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT,
		    c->idle_timeout_s != 0 ? c->idle_timeout_s : DEFAULT_IDLE_S,
		    NULL },
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, h->tls_cert },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, h->tls_key },
		{ MHD_OPTION_END, 0, NULL },
	};
	const union MHD_DaemonInfo *di;

	if (conns < threads) {
		return RA_ERR_ARG; /* MHD splits the limit among workers */
	}
	if (h->tls) {
		flags |= MHD_USE_TLS;
	} else {
		opts[5].option = MHD_OPTION_END; /* no TLS options */
	}
	if (v6) {
		flags |= MHD_USE_IPv6;
	}
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h, MHD_OPTION_URI_LOG_CALLBACK,
	    on_uri, h, MHD_OPTION_NOTIFY_COMPLETED, on_done, h,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, h, MHD_OPTION_ARRAY,
	    opts, MHD_OPTION_END);
	if (h->d == NULL) {
		log_warn("%s: cannot serve on %s", __func__, c->listen);
		return RA_ERR_IO;
	}
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = di != NULL ? di->port : 0;
	return RA_OK;
}

enum ra_err
httpd_start(struct httpd **hp, const struct httpd_config *c)
{
	struct sockaddr_storage ss;
	struct httpd *h;
	enum ra_err err;
	bool v6;

	if (hp == NULL) {
		return RA_ERR_ARG;
	}
	*hp = NULL;
	if (c == NULL || httpd_parse_listen(&ss, &v6, c->listen) != RA_OK ||
	    check_config(c) != RA_OK) {
		return RA_ERR_ARG;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		return RA_ERR_NOMEM;
	}
	h->routes = c->routes;
	h->nroutes = c->nroutes;
	h->ctx = c->ctx;
	h->health = c->health;
	h->metrics = c->metrics;
	h->request_timeout_s = c->request_timeout_s != 0 ? c->request_timeout_s
	                                                 : DEFAULT_REQUEST_S;
	snprintf(h->prefix, sizeof(h->prefix), "%s",
	    c->metrics_prefix != NULL ? c->metrics_prefix : "sgxra");
	if ((err = build_slots(h)) != RA_OK ||
	    (err = load_tls(h, c)) != RA_OK ||
	    (err = start_watchdog(h)) != RA_OK ||
	    (err = start_daemon(h, c, &ss, v6)) != RA_OK) {
		httpd_stop(h);
		return err;
	}
	*hp = h;
	return RA_OK;
}

uint16_t
httpd_port(const struct httpd *h)
{
	return h != NULL ? h->port : 0;
}

bool
httpd_drain(struct httpd *h, unsigned int timeout_ms)
{
	const struct timespec pause = { 0, DRAIN_POLL_MS * 1000000L };
	struct timespec t0;
	unsigned int i, polls = timeout_ms / DRAIN_POLL_MS + 1;

	if (h == NULL || h->d == NULL) {
		return true;
	}
	atomic_store(&h->draining, true);
	if (!h->quiesced) {
		MHD_socket fd = MHD_quiesce_daemon(h->d);

		h->quiesced = true;
		if (fd != MHD_INVALID_SOCKET) {
			close(fd); /* new connections are refused from now */
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < polls && atomic_load(&h->in_flight) > 0; i++) {
		if (elapsed_ns(&t0) >= (uint64_t)timeout_ms * 1000000u) {
			break;
		}
		nanosleep(&pause, NULL);
	}
	return atomic_load(&h->in_flight) == 0;
}

void
httpd_stop(struct httpd *h)
{
	if (h == NULL) {
		return;
	}
	stop_watchdog(h);
	if (h->d != NULL) {
		MHD_stop_daemon(h->d); /* joins the workers: handlers end */
	}
	if (h->has_lock) {
		pthread_mutex_destroy(&h->lock);
		pthread_cond_destroy(&h->wake);
	}
	if (h->tls_key != NULL) {
		ra_wipe(h->tls_key, strlen(h->tls_key));
	}
	free(h->tls_key);
	free(h->tls_cert);
	free(h->slots);
	free(h->route_slot);
	free(h);
}

uint64_t
httpd_count(const struct httpd *h, int status)
{
	if (h == NULL || status < 0 || status >= NSTATUS) {
		return 0;
	}
	return atomic_load(&h->by_status[status]);
}
