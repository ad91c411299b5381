/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IAS API client (FORMATS.md §5.1..§5.4) over libcurl: GET
 * {base}/sigrl/{gid} and POST {base}/report. One easy handle per request
 * and no state besides curl_global_init, so requests may run in parallel
 * threads. Bounded everywhere: the URL, the key, the quote, each header,
 * the body (the caller's buffer), the time.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "curl_common.h"
#include "internal.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"

#define TIMEOUT_MAX_MS 600000L
#define URL_MAX_LEN    (RA_IAS_BASE_URL_MAX_LEN + 32)
#define HEADER_MAX_LEN (RA_IAS_API_KEY_MAX_LEN + 32)

enum ra_err
ra_ias_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK
	    ? RA_OK
	    : RA_ERR_CRYPTO;
}

void
ra_ias_global_cleanup(void)
{
	curl_global_cleanup();
}

/* --- the connection ------------------------------------------------------ */

static bool
key_is_valid(const char *key)
{
	size_t i, n = strnlen(key, RA_IAS_API_KEY_MAX_LEN + 1);

	if (n == 0 || n > RA_IAS_API_KEY_MAX_LEN) {
		return false;
	}
	for (i = 0; i < n; i++) {
		char c = key[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		        (c >= 'A' && c <= 'Z'))) {
			return false;
		}
	}
	return true;
}

static enum ra_err
check_conn(const struct ra_ias_conn *conn)
{
	if (conn == NULL || conn->base_url == NULL || conn->api_key == NULL ||
	    strnlen(conn->base_url, RA_IAS_BASE_URL_MAX_LEN + 1) >
	        RA_IAS_BASE_URL_MAX_LEN ||
	    !key_is_valid(conn->api_key) || conn->timeout_ms < 1 ||
	    conn->timeout_ms > TIMEOUT_MAX_MS) {
		return RA_ERR_ARG;
	}
	return ra_curl_check_url(conn->base_url);
}

/* base_url (without one trailing '/') followed by path. */
static enum ra_err
make_url(char url[URL_MAX_LEN], const char *base, const char *path)
{
	size_t n = strlen(base);
	int r;

	if (n > 0 && base[n - 1] == '/') {
		n--;
	}
	r = snprintf(url, URL_MAX_LEN, "%.*s%s", (int)n, base, path);
	return r > 0 && r < URL_MAX_LEN ? RA_OK : RA_ERR_ARG;
}

/* The key header; the caller wipes its copy in the list (free_headers). */
static enum ra_err
add_header(struct curl_slist **list, const char *name, const char *value)
{
	char line[HEADER_MAX_LEN];
	struct curl_slist *l;
	int r = snprintf(line, sizeof(line), "%s: %s", name, value);

	if (r < 0 || (size_t)r >= sizeof(line)) {
		return RA_ERR_ARG;
	}
	l = curl_slist_append(*list, line);
	ra_wipe(line, sizeof(line));
	if (l == NULL) {
		return RA_ERR_NOMEM;
	}
	*list = l;
	return RA_OK;
}

/* Wipe every header (one holds the subscription key), then free them. */
static void
free_headers(struct curl_slist *list)
{
	struct curl_slist *l;

	for (l = list; l != NULL; l = l->next) {
		ra_wipe(l->data, strlen(l->data));
	}
	curl_slist_free_all(list);
}

static enum ra_err
make_headers(
    struct curl_slist **list, const struct ra_ias_conn *conn, bool is_json)
{
	enum ra_err err;

	*list = NULL;
	err = add_header(list, "Ocp-Apim-Subscription-Key", conn->api_key);
	/* "Expect:" with no value: no 100-continue round trip. */
	if (err == RA_OK &&
	    (*list = curl_slist_append(*list, "Expect:")) == NULL) {
		err = RA_ERR_NOMEM;
	}
	if (err == RA_OK && is_json) {
		err = add_header(list, "Content-Type", "application/json");
	}
	if (err != RA_OK) {
		free_headers(*list);
		*list = NULL;
	}
	return err;
}

/*
 * Run the request. A callback that stopped the transfer left its reason
 * in *cb_err; a non-200 status stops it too (its body is not wanted).
 */
static enum ra_err
perform(CURL *c, long *http_status, const enum ra_err *cb_err)
{
	CURLcode res = curl_easy_perform(c);

	*http_status = ra_curl_status(c);
	if (*cb_err != RA_OK) {
		return *cb_err;
	}
	switch (*http_status) {
	case 0:
		return RA_ERR_IO;
	case 200:
		return res == CURLE_OK ? RA_OK : RA_ERR_IO;
	case 401:
		return RA_ERR_UNAUTHORIZED;
	case 404:
		return RA_ERR_NOT_FOUND;
	default:
		return RA_ERR_HTTP;
	}
}

/* --- GET sigrl ----------------------------------------------------------- */

/* The base64 body, decoded quad by quad as it arrives. */
struct sigrl_rx {
	CURL *curl;
	uint8_t *out;
	size_t cap;
	size_t len;
	char quad[4];
	size_t nquad;
	bool ended; /* a padded quad was decoded: nothing may follow */
	enum ra_err err;
};

static enum ra_err
sigrl_byte(struct sigrl_rx *rx, char ch)
{
	size_t got = 0;
	enum ra_err err;

	if (rx->ended) {
		return RA_ERR_FORMAT;
	}
	rx->quad[rx->nquad++] = ch;
	if (rx->nquad < 4) {
		return RA_OK;
	}
	rx->nquad = 0;
	err = ra_base64_decode(
	    rx->out + rx->len, rx->cap - rx->len, &got, rx->quad, 4);
	if (err != RA_OK) {
		return err == RA_ERR_SPACE ? RA_ERR_SPACE : RA_ERR_FORMAT;
	}
	rx->len += got;
	rx->ended = got < 3;
	return RA_OK;
}

static size_t
sigrl_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct sigrl_rx *rx = arg;
	size_t i, n = size * nmemb;

	if (ra_curl_status(rx->curl) != 200) {
		return 0; /* not a SigRL: stop, perform() maps the status */
	}
	for (i = 0; i < n; i++) {
		if ((rx->err = sigrl_byte(rx, p[i])) != RA_OK) {
			return 0;
		}
	}
	return n;
}

static enum ra_err
sigrl_request(CURL *c, const struct ra_ias_conn *conn, struct sigrl_rx *rx,
    long *http_status, uint32_t gid)
{
	char path[32], url[URL_MAX_LEN];
	struct curl_slist *headers = NULL;
	enum ra_err err;

	/* {gid}: 8 hex digits, most significant first (FORMATS.md §5.1) */
	snprintf(path, sizeof(path), "/sigrl/%08x", (unsigned int)gid);
	if ((err = make_url(url, conn->base_url, path)) != RA_OK ||
	    (err = make_headers(&headers, conn, false)) != RA_OK) {
		return err;
	}
	if (!ra_curl_set_common(
	        c, url, conn->timeout_ms, conn->ca_file, headers) ||
	    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sigrl_write) !=
	        CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, rx) != CURLE_OK) {
		free_headers(headers);
		return RA_ERR_NOMEM;
	}
	err = perform(c, http_status, &rx->err);
	if (err == RA_OK && rx->nquad != 0) {
		err = RA_ERR_FORMAT; /* a partial quad at the end */
	}
	free_headers(headers);
	return err;
}

enum ra_err
ra_ias_get_sigrl(const struct ra_ias_conn *conn, uint8_t *sigrl, size_t cap,
    size_t *sigrl_len, long *http_status, uint32_t gid)
{
	struct sigrl_rx rx;
	enum ra_err err;

	if (sigrl_len == NULL || http_status == NULL ||
	    (sigrl == NULL && cap != 0)) {
		return RA_ERR_ARG;
	}
	*sigrl_len = 0;
	*http_status = 0;
	if ((err = check_conn(conn)) != RA_OK) {
		return err;
	}
	memset(&rx, 0, sizeof(rx));
	rx.out = sigrl;
	rx.cap = cap;
	if ((rx.curl = curl_easy_init()) == NULL) {
		return RA_ERR_NOMEM;
	}
	err = sigrl_request(rx.curl, conn, &rx, http_status, gid);
	curl_easy_cleanup(rx.curl);
	if (err == RA_OK) {
		*sigrl_len = rx.len;
	}
	return err;
}

/* --- POST report --------------------------------------------------------- */

struct report_rx {
	CURL *curl;
	struct ra_ias_report_resp *resp;
	uint8_t *body;
	size_t cap;
	bool has_sig, has_certs, has_id;
	enum ra_err err;
};

static size_t
report_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct report_rx *rx = arg;
	size_t n = size * nmemb;

	if (ra_curl_status(rx->curl) != 200) {
		return 0;
	}
	if (n > rx->cap - rx->resp->body_len) {
		rx->err = RA_ERR_SPACE;
		return 0;
	}
	memcpy(rx->body + rx->resp->body_len, p, n);
	rx->resp->body_len += n;
	return n;
}

/* Store a header value once; a repeat or an overlong value is refused. */
static enum ra_err
keep_value(
    char *out, size_t cap, size_t *out_len, bool *seen, const char *v, size_t n)
{
	if (*seen || n >= cap) {
		return RA_ERR_FORMAT;
	}
	*seen = true;
	memcpy(out, v, n);
	out[n] = '\0';
	if (out_len != NULL) {
		*out_len = n;
	}
	return RA_OK;
}

/* Every field of resp that comes from headers, back to "". */
static void
reset_headers(struct report_rx *rx)
{
	struct ra_ias_report_resp *r = rx->resp;

	r->signature[0] = r->certs[0] = r->request_id[0] = '\0';
	r->signature_len = r->certs_len = 0;
	rx->has_sig = rx->has_certs = rx->has_id = false;
}

static bool
name_is(const char *name, size_t len, const char *lit)
{
	return len == strlen(lit) && strncasecmp(name, lit, len) == 0;
}

/* One "Name: value" line: which of ours is it, if any. */
static enum ra_err
report_header(struct report_rx *rx, const char *name, size_t name_len,
    const char *v, size_t n)
{
	struct ra_ias_report_resp *r = rx->resp;

	if (name_is(name, name_len, "X-IASReport-Signature")) {
		return keep_value(r->signature, sizeof(r->signature),
		    &r->signature_len, &rx->has_sig, v, n);
	}
	if (name_is(name, name_len, "X-IASReport-Signing-Certificate")) {
		return keep_value(r->certs, sizeof(r->certs), &r->certs_len,
		    &rx->has_certs, v, n);
	}
	if (name_is(name, name_len, "Request-ID")) {
		return keep_value(r->request_id, sizeof(r->request_id), NULL,
		    &rx->has_id, v, n);
	}
	return RA_OK;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* libcurl calls this once per complete header line, status line too. */
static size_t
report_hdr(char *p, size_t size, size_t nmemb, void *arg)
{
	struct report_rx *rx = arg;
	size_t n = size * nmemb, colon, a, b;
	enum ra_err err;

	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		reset_headers(rx); /* a new response (after 100 Continue) */
		return n;
	}
	colon = 0;
	while (colon < n && p[colon] != ':') {
		colon++;
	}
	if (colon == n) {
		return n; /* the blank line ending the headers */
	}
	a = colon + 1;
	while (a < n && is_space(p[a])) {
		a++;
	}
	b = n;
	while (b > a && is_space(p[b - 1])) {
		b--;
	}
	err = report_header(rx, p, colon, p + a, b - a);
	if (err != RA_OK) {
		rx->err = err;
		return 0;
	}
	return n;
}

/*
 * {"<key>":"<base64>"[,"nonce":"<nonce>"]}, malloc'd: key is
 * isvEnclaveQuote (IAS) or isvQuote (QVS).
 */
static enum ra_err
make_request(char **json, const char *key, const uint8_t *quote,
    size_t quote_len, const char *nonce)
{
	size_t b64_cap = RA_BASE64_LEN(quote_len) + 1;
	char *b64 = malloc(b64_cap);
	json_t *root = json_object();
	enum ra_err err = RA_ERR_NOMEM;

	*json = NULL;
	if (b64 == NULL || root == NULL ||
	    ra_base64_encode(b64, b64_cap, quote, quote_len) != RA_OK ||
	    json_object_set_new(root, key, json_string(b64)) != 0 ||
	    (nonce != NULL &&
	        json_object_set_new(root, "nonce", json_string(nonce)) != 0)) {
		goto out;
	}
	if ((*json = json_dumps(root, JSON_COMPACT)) != NULL) {
		err = RA_OK;
	}
out:
	json_decref(root);
	free(b64);
	return err;
}

static bool
nonce_is_valid(const char *nonce)
{
	size_t i, n;

	if (nonce == NULL) {
		return true;
	}
	n = strnlen(nonce, RA_AVR_NONCE_MAX_LEN + 1);
	if (n == 0 || n > RA_AVR_NONCE_MAX_LEN) {
		return false;
	}
	for (i = 0; i < n; i++) {
		if (nonce[i] < 0x20 || nonce[i] > 0x7e) {
			return false;
		}
	}
	return true;
}

static enum ra_err
report_request(CURL *c, const struct ra_ias_conn *conn, struct report_rx *rx,
    const char *json)
{
	char url[URL_MAX_LEN];
	struct curl_slist *headers = NULL;
	enum ra_err err;

	if ((err = make_url(url, conn->base_url, "/report")) != RA_OK ||
	    (err = make_headers(&headers, conn, true)) != RA_OK) {
		return err;
	}
	if (!ra_curl_set_common(
	        c, url, conn->timeout_ms, conn->ca_file, headers) ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDS, json) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	        (curl_off_t)strlen(json)) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, report_write) !=
	        CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, rx) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, report_hdr) !=
	        CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_HEADERDATA, rx) != CURLE_OK) {
		free_headers(headers);
		return RA_ERR_NOMEM;
	}
	err = perform(c, &rx->resp->http_status, &rx->err);
	if (err == RA_OK && (!rx->has_sig || !rx->has_certs)) {
		err = RA_ERR_FORMAT;
	}
	free_headers(headers);
	return err;
}

static enum ra_err
post_report(const struct ra_ias_conn *conn, const char *key,
    struct ra_ias_report_resp *resp, uint8_t *body, size_t body_cap,
    const uint8_t *quote, size_t quote_len, const char *nonce)
{
	struct report_rx rx;
	char *json = NULL;
	enum ra_err err;

	if (resp == NULL) {
		return RA_ERR_ARG;
	}
	memset(resp, 0, sizeof(*resp));
	if ((body == NULL && body_cap != 0) || quote == NULL ||
	    quote_len == 0 || quote_len > RA_IAS_QUOTE_MAX_LEN ||
	    !nonce_is_valid(nonce)) {
		return RA_ERR_ARG;
	}
	if ((err = check_conn(conn)) != RA_OK ||
	    (err = make_request(&json, key, quote, quote_len, nonce)) !=
	        RA_OK) {
		return err;
	}
	memset(&rx, 0, sizeof(rx));
	rx.resp = resp;
	rx.body = body;
	rx.cap = body_cap;
	if ((rx.curl = curl_easy_init()) == NULL) {
		free(json);
		return RA_ERR_NOMEM;
	}
	err = report_request(rx.curl, conn, &rx, json);
	curl_easy_cleanup(rx.curl);
	free(json);
	return err;
}

enum ra_err
ra_ias_post_report(const struct ra_ias_conn *conn,
    struct ra_ias_report_resp *resp, uint8_t *body, size_t body_cap,
    const uint8_t *quote, size_t quote_len, const char *nonce)
{
	return post_report(conn, "isvEnclaveQuote", resp, body, body_cap, quote,
	    quote_len, nonce);
}

enum ra_err
ra_qvs_post_report(const struct ra_ias_conn *conn,
    struct ra_ias_report_resp *resp, uint8_t *body, size_t body_cap,
    const uint8_t *quote, size_t quote_len, const char *nonce)
{
	return post_report(
	    conn, "isvQuote", resp, body, body_cap, quote, quote_len, nonce);
}
