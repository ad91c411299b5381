/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_TOOL_HTTP_H
#define SGXRA_TOOL_HTTP_H

/*
 * The tools' JSON-over-HTTP client (sgxra platform provision, sgxra admin)
 * on the library's libcurl settings (src/lib/curl_common.h): https, or
 * plain http to a loopback address only; no proxy, no redirects, bounded
 * time and reply size. Failures to reach the service exit with EXIT_FAIL
 * and a message naming the request; HTTP statuses are the caller's.
 */
#include <stddef.h>

#include <jansson.h>

/* Largest reply body read (a group list carries keys and certificates). */
#define HTTP_MAX_REPLY ((size_t)4 * 1024 * 1024)

struct http_reply {
	long status; /* the HTTP status */
	char *body;  /* the body, NUL-terminated (not counted in len) */
	size_t len;
	json_t *json; /* the body parsed, or NULL if it is not JSON */
};

/*
 * Exit with EXIT_USAGE, naming the option opt, unless url is https:// or
 * http:// to 127.0.0.1, [::1] or localhost, without credentials, query or
 * fragment.
 */
void http_check_url(const char *opt, const char *url);

/*
 * Send method to base followed by path, with the JSON body (NULL: none),
 * "Authorization: Bearer token" (token NULL: none) and ca_file as the
 * trusted CAs for https (NULL: the system's). Fills r; the caller frees
 * it with http_reply_free. Exits with EXIT_FAIL on a transport failure
 * (refused connection, timeout, reply over HTTP_MAX_REPLY).
 */
void http_json(struct http_reply *r, const char *method, const char *base,
    const char *path, const char *token, const char *ca_file,
    const json_t *body);

/* Wipe and free what http_json filled; r itself is the caller's. */
void http_reply_free(struct http_reply *r);

/*
 * Exit with EXIT_FAIL and "what: HTTP <status> <error>: <message>", the
 * error code and message taken from the service's JSON error body.
 */
void http_die(const char *what, const struct http_reply *r)
    __attribute__((noreturn));

/*
 * Read a file of one line (trailing whitespace dropped), what it holds
 * being described by what ("an administration token"). Exits with
 * EXIT_FAIL naming the file if it is unreadable, empty, over 4 KiB or not
 * a single line without NUL. The caller wipes and frees the string.
 */
char *read_line_file(const char *path, const char *what);
/* read_line_file for an administration token. */
char *read_token(const char *path);

#endif
