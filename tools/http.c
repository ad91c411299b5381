/* SPDX-License-Identifier: BSD-3-Clause */
/* The tools' JSON-over-HTTP client (tools/http.h). */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "curl_common.h"
#include "http.h"
#include "sgxra.h"
#include "sgxra/ct.h"

#define HTTP_CONNECT_TIMEOUT_S 10
#define HTTP_TIMEOUT_MS        30000L
#define MAX_TOKEN_FILE         4096
#define AUTH_HEADER_MAX        (MAX_TOKEN_FILE + 32)

void
http_check_url(const char *opt, const char *url)
{
	if (ra_curl_check_url(url) == RA_OK) {
		return;
	}
	if (strncmp(url, "http://", 7) == 0) {
		errx(EXIT_USAGE,
		    "%s %s: plain http only to a loopback address; use https",
		    opt, url);
	}
	errx(EXIT_USAGE,
	    "%s %s: want an https:// URL (no credentials, query or fragment)",
	    opt, url);
}

static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct http_reply *r = ctx;
	size_t len = size * n;

	if (len > HTTP_MAX_REPLY - r->len) {
		return 0; /* curl then fails with CURLE_WRITE_ERROR */
	}
	memcpy(r->body + r->len, p, len);
	r->len += len;
	r->body[r->len] = '\0';
	return len;
}

static void
global_init(void)
{
	static bool done;

	if (!done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			errx(EXIT_FAIL, "libcurl: cannot initialise");
		}
		atexit(curl_global_cleanup);
		done = true;
	}
}

/* The request's headers: JSON in and out, and the bearer token. */
static struct curl_slist *
headers(const char *token, bool has_body)
{
	struct curl_slist *h = NULL;
	char *auth;

	h = curl_slist_append(h, "Accept: application/json");
	if (has_body) {
		h = curl_slist_append(h, "Content-Type: application/json");
	}
	if (token != NULL) {
		auth = xmalloc(AUTH_HEADER_MAX);
		if ((size_t)snprintf(auth, AUTH_HEADER_MAX,
		        "Authorization: Bearer %s", token) >= AUTH_HEADER_MAX) {
			errx(EXIT_FAIL, "administration token too long");
		}
		h = curl_slist_append(h, auth);
		ra_wipe(auth, AUTH_HEADER_MAX);
		free(auth);
	}
	if (h == NULL) {
		errx(EXIT_FAIL, "out of memory");
	}
	return h;
}

void
http_json(struct http_reply *r, const char *method, const char *base,
    const char *path, const char *token, const char *ca_file,
    const json_t *body)
{
	char url[2048];
	char *text = NULL;
	struct curl_slist *hdr;
	CURLcode cc;
	CURL *c;
	bool ok;

	memset(r, 0, sizeof(*r));
	global_init();
	if ((size_t)snprintf(url, sizeof(url), "%s%s", base, path) >=
	    sizeof(url)) {
		errx(EXIT_USAGE, "%s%s: URL too long", base, path);
	}
	if (body != NULL && (text = json_dumps(body, JSON_COMPACT)) == NULL) {
		errx(EXIT_FAIL, "out of memory");
	}
	if ((c = curl_easy_init()) == NULL) {
		errx(EXIT_FAIL, "libcurl: out of memory");
	}
	hdr = headers(token, text != NULL);
	r->body = xmalloc(HTTP_MAX_REPLY + 1);
	r->body[0] = '\0';
	ok = ra_curl_set_common(c, url, HTTP_TIMEOUT_MS, ca_file, hdr) &&
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	        (long)HTTP_CONNECT_TIMEOUT_S) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, r) == CURLE_OK;
	if (ok && (text != NULL || strcmp(method, "POST") == 0)) {
		ok = curl_easy_setopt(c, CURLOPT_POSTFIELDS,
		         text != NULL ? text : "") == CURLE_OK;
	}
	if (!ok) {
		errx(
		    EXIT_FAIL, "%s %s: libcurl refused an option", method, url);
	}
	cc = curl_easy_perform(c);
	r->status = ra_curl_status(c);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdr);
	if (text != NULL) {
		ra_wipe(text, strlen(text));
		free(text);
	}
	if (cc == CURLE_WRITE_ERROR) {
		errx(EXIT_FAIL, "%s %s: reply larger than %zu bytes", method,
		    url, HTTP_MAX_REPLY);
	}
	if (cc != CURLE_OK) {
		errx(EXIT_FAIL, "%s %s: %s (is the service running there?)",
		    method, url, curl_easy_strerror(cc));
	}
	r->json = json_loadb(r->body, r->len, 0, NULL);
}

void
http_reply_free(struct http_reply *r)
{
	if (r->body != NULL) {
		ra_wipe(r->body, r->len);
		free(r->body);
	}
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

void
http_die(const char *what, const struct http_reply *r)
{
	const char *msg =
	    json_string_value(json_object_get(r->json, "message"));
	const char *code = json_string_value(json_object_get(r->json, "error"));

	errx(EXIT_FAIL, "%s: HTTP %ld%s%s%s%s", what, r->status,
	    code != NULL ? " " : "", code != NULL ? code : "",
	    msg != NULL ? ": " : "", msg != NULL ? msg : "");
}

char *
read_line_file(const char *path, const char *what)
{
	size_t len = 0;
	char *t = (char *)read_input(path, MAX_TOKEN_FILE, &len);

	while (len > 0 &&
	    (t[len - 1] == '\n' || t[len - 1] == '\r' || t[len - 1] == ' ')) {
		t[--len] = '\0';
	}
	if (len == 0 || strlen(t) != len || strpbrk(t, "\r\n") != NULL) {
		errx(EXIT_FAIL, "%s: not %s (one line)", path, what);
	}
	return t;
}

char *
read_token(const char *path)
{
	return read_line_file(path, "an administration token");
}
