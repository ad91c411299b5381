/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Collateral from a PCS/PCCS-compatible service (Intel PCS API v4 paths,
 * FORMATS.md §6.3), with libcurl, and a state store of fetched sets in a
 * cache directory (one dcap-qvl JSON file per key, with its fetch time):
 * the max-age policy and single flight themselves are the library's
 * (ra_dcap_cache_get), this file is the fetcher it calls.
 *
 *   GET {base}/sgx/certification/v4/pckcrl?ca={processor|platform}&encoding=der
 *       header SGX-PCK-CRL-Issuer-Chain
 *   GET {base}/sgx/certification/v4/rootcacrl          (PCCS; DER, PEM or hex)
 *   GET {base}/{sgx|tdx}/certification/v4/tcb?fmspc={hex}
 *       header TCB-Info-Issuer-Chain (v4) or SGX-TCB-Info-Issuer-Chain (v3)
 *   GET {base}/{sgx|tdx}/certification/v4/qe/identity
 *       header SGX-Enclave-Identity-Issuer-Chain
 *   GET {base}/sgx/certification/v4/pckcert?encrypted_ppid={hex}&
 *       cpusvn={hex}&pcesvn={hex, LE}&pceid={hex, LE}
 *       header SGX-PCK-Certificate-Issuer-Chain (platform provisioning)
 *
 * Issuer chains arrive URL-encoded in the headers. Bodies and headers are
 * bounded; only http and https are followed, no redirects.
 */
#include <curl/curl.h>
#include <err.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collateral.h"
#include "sgxra.h"
#include "sgxra/encode.h"

#define HTTP_MAX_BODY   ((size_t)1024 * 1024)
#define HTTP_MAX_HEADER ((size_t)64 * 1024)
#define HTTP_TIMEOUT_S  30L
#define URL_LEN         2048

struct http_resp {
	uint8_t *body;
	size_t len;
	size_t cap;
	bool too_big;
	const char *const *want; /* header names, NULL-terminated */
	char *chain;             /* the first wanted header, decoded */
	size_t chain_len;
};

bool
pcs_is_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_resp *r = arg;
	size_t add = size * n, cap;

	if (add > HTTP_MAX_BODY - r->len) {
		r->too_big = true;
		return 0;
	}
	if (r->len + add > r->cap) {
		for (cap = r->cap == 0 ? 16384 : r->cap; cap < r->len + add;) {
			cap *= 2;
		}
		if ((r->body = realloc(r->body, cap)) == NULL) {
			err(EXIT_FAIL, "realloc");
		}
		r->cap = cap;
	}
	memcpy(r->body + r->len, p, add);
	r->len += add;
	return add;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* %XX decoding of a header value, in place; false on a bad escape. */
static bool
url_decode(char *s, size_t *len)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < *len; i++) {
		if (s[i] != '%') {
			s[o++] = s[i];
			continue;
		}
		if (i + 2 >= *len || (hi = hexval(s[i + 1])) < 0 ||
		    (lo = hexval(s[i + 2])) < 0) {
			return false;
		}
		s[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	*len = o;
	return true;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_resp *r = arg;
	size_t len = size * n, k, vlen;
	const char *const *w;

	if (len > HTTP_MAX_HEADER || r->chain != NULL) {
		return len;
	}
	for (w = r->want; *w != NULL; w++) {
		k = strlen(*w);
		if (len > k + 1 && strncasecmp(p, *w, k) == 0 && p[k] == ':') {
			break;
		}
	}
	if (*w == NULL) {
		return len;
	}
	p += k + 1;
	vlen = len - k - 1;
	while (vlen > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		vlen--;
	}
	while (vlen > 0 && (p[vlen - 1] == '\r' || p[vlen - 1] == '\n')) {
		vlen--;
	}
	r->chain = xmalloc(vlen + 1);
	memcpy(r->chain, p, vlen);
	r->chain_len = vlen;
	if (!url_decode(r->chain, &r->chain_len)) {
		free(r->chain);
		r->chain = NULL;
	}
	return len;
}

/* GET url; status 200 or a message in f->error. */
static bool
http_get(struct pcs_fetcher *f, const char *url, struct http_resp *r)
{
	CURL *c = curl_easy_init();
	long status = 0;
	CURLcode cc;

	if (c == NULL) {
		snprintf(f->error, sizeof(f->error), "libcurl cannot start");
		return false;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, HTTP_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (cc != CURLE_OK || status != 200) {
		snprintf(f->error, sizeof(f->error), "GET %s: %s", url,
		    cc != CURLE_OK ? curl_easy_strerror(cc)
		                   : (status == 404 ? "HTTP 404 (not found)"
		                                    : "HTTP status not 200"));
		return false;
	}
	return true;
}

static void
resp_free(struct http_resp *r)
{
	free(r->body);
	free(r->chain);
	memset(r, 0, sizeof(*r));
}

bool
pcs_fetch_pckcert(struct pcs_fetcher *f, const uint8_t *enc_ppid,
    size_t enc_ppid_len, const uint8_t cpu_svn[16], uint16_t pce_svn,
    uint16_t pce_id, char **chain, size_t *chain_len)
{
	static const char *const hdr[] = { "SGX-PCK-Certificate-Issuer-Chain",
		NULL };
	const uint8_t svn[2] = { (uint8_t)pce_svn, (uint8_t)(pce_svn >> 8) };
	const uint8_t id[2] = { (uint8_t)pce_id, (uint8_t)(pce_id >> 8) };
	char ppid_hex[2 * 512 + 1], cpusvn_hex[33], svn_hex[5], id_hex[5];
	char url[URL_LEN + sizeof(ppid_hex)];
	struct http_resp r;

	*chain = NULL;
	*chain_len = 0;
	if (ra_hex_encode(ppid_hex, sizeof(ppid_hex), enc_ppid, enc_ppid_len) !=
	        RA_OK ||
	    ra_hex_encode(cpusvn_hex, sizeof(cpusvn_hex), cpu_svn, 16) !=
	        RA_OK ||
	    ra_hex_encode(svn_hex, sizeof(svn_hex), svn, 2) != RA_OK ||
	    ra_hex_encode(id_hex, sizeof(id_hex), id, 2) != RA_OK ||
	    (size_t)snprintf(url, sizeof(url),
	        "%s/sgx/certification/v4/pckcert?encrypted_ppid=%s&cpusvn=%s&"
	        "pcesvn=%s&pceid=%s",
	        f->base, ppid_hex, cpusvn_hex, svn_hex,
	        id_hex) >= sizeof(url)) {
		snprintf(f->error, sizeof(f->error), "pckcert: URL too long");
		return false;
	}
	memset(&r, 0, sizeof(r));
	r.want = hdr;
	if (!http_get(f, url, &r)) {
		resp_free(&r);
		return false;
	}
	if (r.len == 0 || r.chain == NULL) {
		snprintf(f->error, sizeof(f->error),
		    "pckcert: no certificate, or no "
		    "SGX-PCK-Certificate-Issuer-Chain header");
		resp_free(&r);
		return false;
	}
	*chain = xmalloc(r.len + 1 + r.chain_len);
	memcpy(*chain, r.body, r.len);
	(*chain)[r.len] = '\n';
	memcpy(*chain + r.len + 1, r.chain, r.chain_len);
	*chain_len = r.len + 1 + r.chain_len;
	resp_free(&r);
	return true;
}

/* A CRL body as DER: DER or PEM as is, hex decoded in place. */
static struct ra_bytes
crl_body(struct http_resp *r)
{
	size_t got = 0;

	if (r->len > 0 && r->body[0] != 0x30 && r->body[0] != '-' &&
	    ra_hex_decode(r->body, r->len / 2, &got, (const char *)r->body,
	        r->len - (r->len % 2)) == RA_OK) {
		r->len = got;
	}
	return (struct ra_bytes){ r->body, r->len };
}

/* The set the service has for key, fetched now. */
struct fetched {
	struct http_resp pck_crl, root_crl, tcb, qe;
};

static bool
fetch_all(struct pcs_fetcher *f, const struct ra_dcap_coll_key *key,
    struct fetched *x)
{
	static const char *const crl_hdr[] = { "SGX-PCK-CRL-Issuer-Chain",
		NULL };
	static const char *const tcb_hdr[] = { "TCB-Info-Issuer-Chain",
		"SGX-TCB-Info-Issuer-Chain", NULL };
	static const char *const qe_hdr[] = {
		"SGX-Enclave-Identity-Issuer-Chain", NULL
	};
	static const char *const none[] = { NULL };
	const char *tee = key->tee_type == RA_DCAP_TEE_TDX ? "tdx" : "sgx";
	char url[URL_LEN], fmspc[2 * RA_FMSPC_LEN + 1];

	if (ra_hex_encode(fmspc, sizeof(fmspc), key->fmspc, RA_FMSPC_LEN) !=
	    RA_OK) {
		return false;
	}
	x->pck_crl.want = crl_hdr;
	x->root_crl.want = none;
	x->tcb.want = tcb_hdr;
	x->qe.want = qe_hdr;
	snprintf(url, sizeof(url),
	    "%s/sgx/certification/v4/pckcrl?ca=%s&encoding=der", f->base,
	    key->ca == RA_PCK_CA_PLATFORM ? "platform" : "processor");
	if (!http_get(f, url, &x->pck_crl)) {
		return false;
	}
	snprintf(
	    url, sizeof(url), "%s/sgx/certification/v4/rootcacrl", f->base);
	if (!http_get(f, url, &x->root_crl)) {
		return false;
	}
	snprintf(url, sizeof(url), "%s/%s/certification/v4/tcb?fmspc=%s",
	    f->base, tee, fmspc);
	if (!http_get(f, url, &x->tcb)) {
		return false;
	}
	snprintf(url, sizeof(url), "%s/%s/certification/v4/qe/identity",
	    f->base, tee);
	return http_get(f, url, &x->qe);
}

/* The fetched responses as collateral views (into x). */
static bool
assemble(struct pcs_fetcher *f, struct fetched *x, struct ra_dcap_collateral *c)
{
	struct ra_signed_doc tcb, qe;

	memset(c, 0, sizeof(*c));
	if (x->pck_crl.chain == NULL || x->tcb.chain == NULL ||
	    x->qe.chain == NULL) {
		snprintf(f->error, sizeof(f->error),
		    "an issuer chain header is missing or badly encoded");
		return false;
	}
	if (ra_collateral_split(&tcb, (const char *)x->tcb.body, x->tcb.len,
	        "tcbInfo") != RA_OK ||
	    ra_collateral_split(&qe, (const char *)x->qe.body, x->qe.len,
	        "enclaveIdentity") != RA_OK) {
		snprintf(f->error, sizeof(f->error),
		    "the TCB Info or QE Identity response is not a PCS "
		    "document");
		return false;
	}
	c->pck_crl_issuer_chain =
	    (struct ra_bytes){ (uint8_t *)x->pck_crl.chain,
		    x->pck_crl.chain_len };
	c->pck_crl = crl_body(&x->pck_crl);
	c->root_ca_crl = crl_body(&x->root_crl);
	c->tcb_info_issuer_chain =
	    (struct ra_bytes){ (uint8_t *)x->tcb.chain, x->tcb.chain_len };
	c->tcb_info = tcb.body;
	c->tcb_info_sig = tcb.sig;
	c->qe_identity_issuer_chain =
	    (struct ra_bytes){ (uint8_t *)x->qe.chain, x->qe.chain_len };
	c->qe_identity = qe.body;
	c->qe_identity_sig = qe.sig;
	return true;
}

/* ---- the state store: <dir>/<tee>-<fmspc>-<ca>.json ------------------- */

static void
store_path(char *out, size_t cap, const struct pcs_fetcher *f,
    const struct ra_dcap_coll_key *key)
{
	char fmspc[2 * RA_FMSPC_LEN + 1];

	if (ra_hex_encode(fmspc, sizeof(fmspc), key->fmspc, RA_FMSPC_LEN) !=
	    RA_OK) {
		fmspc[0] = '\0';
	}
	snprintf(out, cap, "%s/%s-%s-%s.json", f->cache_dir,
	    key->tee_type == RA_DCAP_TEE_TDX ? "tdx" : "sgx", fmspc,
	    key->ca == RA_PCK_CA_PLATFORM ? "platform" : "processor");
}

static json_t *
hex_json(struct ra_bytes b)
{
	char *s = xmalloc(2 * b.len + 1);
	json_t *j;

	if (ra_hex_encode(s, 2 * b.len + 1, b.p, b.len) != RA_OK) {
		s[0] = '\0';
	}
	j = json_string(s);
	free(s);
	return j;
}

static json_t *
text_json(struct ra_bytes b)
{
	return json_stringn((const char *)b.p, b.len);
}

/* Write c as dcap-qvl JSON with "fetched_at"; atomically (rename). */
static void
store_write(const struct pcs_fetcher *f, const struct ra_dcap_coll_key *key,
    const struct ra_dcap_collateral *c, int64_t now)
{
	char path[4096], tmp[4200];
	json_t *o = json_object();

	store_path(path, sizeof(path), f, key);
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	json_object_set_new(o, "fetched_at", json_integer((json_int_t)now));
	json_object_set_new(
	    o, "pck_crl_issuer_chain", text_json(c->pck_crl_issuer_chain));
	json_object_set_new(o, "root_ca_crl", hex_json(c->root_ca_crl));
	json_object_set_new(o, "pck_crl", hex_json(c->pck_crl));
	json_object_set_new(
	    o, "tcb_info_issuer_chain", text_json(c->tcb_info_issuer_chain));
	json_object_set_new(o, "tcb_info", text_json(c->tcb_info));
	json_object_set_new(o, "tcb_info_signature",
	    hex_json(
	        (struct ra_bytes){ (const uint8_t *)&c->tcb_info_sig, 64 }));
	json_object_set_new(o, "qe_identity_issuer_chain",
	    text_json(c->qe_identity_issuer_chain));
	json_object_set_new(o, "qe_identity", text_json(c->qe_identity));
	json_object_set_new(o, "qe_identity_signature",
	    hex_json(
	        (struct ra_bytes){ (const uint8_t *)&c->qe_identity_sig, 64 }));
	if (json_dump_file(o, tmp, JSON_INDENT(1)) != 0 ||
	    rename(tmp, path) != 0) {
		warn("%s: cannot store collateral", path);
		unlink(tmp);
	}
	json_decref(o);
}

/* The stored set if it is fresh: younger than max_age, unexpired. */
static bool
store_read(struct pcs_fetcher *f, const struct ra_dcap_coll_key *key,
    int64_t now, struct ra_dcap_coll **out)
{
	char path[4096];
	struct ra_dcap_collateral c;
	struct stat st;
	uint8_t *text, *arena;
	size_t len;
	json_t *o;
	int64_t at;
	bool ok = false;

	store_path(path, sizeof(path), f, key);
	if (stat(path, &st) != 0 ||
	    (o = json_load_file(path, 0, NULL)) == NULL) {
		return false;
	}
	at = json_integer_value(json_object_get(o, "fetched_at"));
	json_decref(o);
	if (now < at || now - at >= f->max_age) {
		return false;
	}
	text = read_input(path, TOOL_MAX_INPUT, &len);
	arena = xmalloc(len + 1);
	if (ra_collateral_parse_qvl(&c, arena, len, (const char *)text, len) ==
	        RA_OK &&
	    now < ra_dcap_cache_expiry(&c)) {
		ok = ra_dcap_cache_coll_new(out, &c) == RA_OK;
	}
	free(arena);
	free(text);
	return ok;
}

enum ra_err
pcs_fetch(void *arg, const struct ra_dcap_coll_key *key, int64_t now,
    struct ra_dcap_coll **out)
{
	struct pcs_fetcher *f = arg;
	struct fetched x;
	struct ra_dcap_collateral c;
	enum ra_err err = RA_ERR_IO;

	f->error[0] = '\0';
	if (f->cache_dir != NULL && store_read(f, key, now, out)) {
		return RA_OK;
	}
	memset(&x, 0, sizeof(x));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (fetch_all(f, key, &x) && assemble(f, &x, &c)) {
		err = ra_dcap_cache_coll_new(out, &c);
		if (err == RA_OK && f->cache_dir != NULL) {
			store_write(f, key, &c, now);
		}
	}
	resp_free(&x.pck_crl);
	resp_free(&x.root_crl);
	resp_free(&x.tcb);
	resp_free(&x.qe);
	curl_global_cleanup();
	return err;
}
