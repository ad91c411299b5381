/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd in this process, and the parties around it. See
 * harness.h.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <valgrind/valgrind.h>

#include "files.h"
#include "harness.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "sgxra/qe.h"

#define FAIL(...)                                         \
	do {                                              \
		fprintf(stderr, "harness: " __VA_ARGS__); \
		fputc('\n', stderr);                      \
		return false;                             \
	} while (0)

static int
rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* --- HTTP ---------------------------------------------------------------- */

struct reply {
	char *body;
	size_t len;
};

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct reply *r = ctx;
	char *nb = realloc(r->body, r->len + size * n + 1);

	if (nb == NULL) {
		return 0;
	}
	memcpy(nb + r->len, p, size * n);
	r->len += size * n;
	nb[r->len] = '\0';
	r->body = nb;
	return size * n;
}

long
harness_call(struct harness *s, const char *method, const char *path,
    const char *body, const char *key, json_t **out)
{
	struct curl_slist *h = NULL;
	struct reply r = { 0 };
	char url[512], hdr[160];
	long status = -1;
	CURL *c = curl_easy_init();

	if (out != NULL) {
		*out = NULL;
	}
	if (c == NULL) {
		return -1;
	}
	snprintf(url, sizeof(url), "%s%s", s->base, path);
	if (key != NULL) {
		snprintf(
		    hdr, sizeof(hdr), "Ocp-Apim-Subscription-Key: %s", key);
	} else {
		snprintf(
		    hdr, sizeof(hdr), "Authorization: Bearer %s", s->token);
	}
	h = curl_slist_append(h, hdr);
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 60000L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	if (curl_easy_perform(c) == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	}
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (out != NULL && r.body != NULL) {
		*out = json_loads(r.body, 0, NULL);
	}
	free(r.body);
	return status;
}

static bool
b64_exact(json_t *o, const char *k, uint8_t *out, size_t n)
{
	const char *v = json_string_value(json_object_get(o, k));
	size_t len;

	if (v == NULL ||
	    ra_base64_decode(out, n, &len, v, strlen(v)) != RA_OK || len != n) {
		FAIL("%s: not base64 of %zu bytes", k, n);
	}
	return true;
}

/* --- the service --------------------------------------------------------- */

static bool
start(struct harness *s, unsigned int threads)
{
	struct keeper_ops ops;
	struct httpd_config hc;
	char why[512], db[160], path[160], tok[40];
	uint8_t *pem = NULL;
	size_t len = 0, n;

	snprintf(s->dir, sizeof(s->dir), "/tmp/sgxra-attestd-XXXXXX");
	if (mkdtemp(s->dir) == NULL) {
		FAIL("mkdtemp");
	}
	snprintf(s->state, sizeof(s->state), "%s/state", s->dir);
	if (keys_create(s->state, (int64_t)time(NULL), tok, sizeof(tok), why,
	        sizeof(why)) != RA_OK) {
		FAIL("--init: %s", why);
	}
	snprintf(s->token, sizeof(s->token), "%s", tok);
	config_defaults(&s->ad.cfg);
	snprintf(s->ad.cfg.state, sizeof(s->ad.cfg.state), "%s", s->state);
	/* valgrind's own system calls are outside any allow-list */
	if (keys_keeper_ops(&ops, s->state, RUNNING_ON_VALGRIND) != RA_OK ||
	    keeper_start(&s->ad.keeper, &ops, threads, why, sizeof(why)) !=
	        RA_OK) {
		FAIL("keeper: %s", why);
	}
	if (attestd_load_public(&s->ad, why, sizeof(why)) != RA_OK) {
		FAIL("public: %s", why);
	}
	snprintf(db, sizeof(db), "sqlite:%s/attestd.db", s->dir);
	if (store_open(&s->ad.store, db) != RA_OK ||
	    store_migrate(s->ad.store) != RA_OK ||
	    groups_new(&s->ad.groups) != RA_OK) {
		FAIL("store: %s", store_last_error(s->ad.store));
	}
	n = ias_nroutes + prov_nroutes + pcs_nroutes + admin_nroutes;
	if ((s->routes = calloc(n, sizeof(*s->routes))) == NULL) {
		FAIL("out of memory");
	}
	memcpy(s->routes, ias_routes, ias_nroutes * sizeof(*s->routes));
	memcpy(s->routes + ias_nroutes, prov_routes,
	    prov_nroutes * sizeof(*s->routes));
	memcpy(s->routes + ias_nroutes + prov_nroutes, pcs_routes,
	    pcs_nroutes * sizeof(*s->routes));
	memcpy(s->routes + ias_nroutes + prov_nroutes + pcs_nroutes,
	    admin_routes, admin_nroutes * sizeof(*s->routes));
	memset(&hc, 0, sizeof(hc));
	hc.listen = "127.0.0.1:0";
	hc.threads = threads;
	hc.routes = s->routes;
	hc.nroutes = n;
	hc.ctx = &s->ad;
	if (httpd_start(&s->h, &hc) != RA_OK) {
		FAIL("httpd_start");
	}
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%u",
	    (unsigned int)httpd_port(s->h));
	/* what a service provider pins: the emulated root */
	snprintf(path, sizeof(path), "%s/public/report-ca.crt", s->state);
	if (files_read(path, 1 << 20, false, &pem, &len, why, sizeof(why)) !=
	        RA_OK ||
	    ra_x509_from_pem(&s->anchor, (const char *)pem, len) != RA_OK) {
		files_free(pem, len);
		FAIL("%s: %s", path, why);
	}
	files_free(pem, len);
	if (ra_rsa_key_from_modulus(&s->quote_key, s->ad.quote_modulus,
	        sizeof(s->ad.quote_modulus), 65537) != RA_OK) {
		FAIL("quote encryption key");
	}
	memcpy(s->sigrl_signer.x, s->ad.epid_sign_pub, 32);
	memcpy(s->sigrl_signer.y, s->ad.epid_sign_pub + 32, 32);
	return true;
}

struct harness *
harness_start(unsigned int threads)
{
	struct harness *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		return NULL;
	}
	pthread_mutex_init(&s->ad.lock, NULL);
	if (!start(s, threads)) {
		harness_stop(s);
		return NULL;
	}
	return s;
}

void
harness_stop(struct harness *s)
{
	if (s == NULL) {
		return;
	}
	httpd_stop(s->h);
	groups_free(s->ad.groups);
	store_close(s->ad.store);
	if (s->ad.keeper != NULL) {
		keeper_stop(s->ad.keeper);
	}
	attestd_free_public(&s->ad);
	pthread_mutex_destroy(&s->ad.lock);
	ra_x509_free(s->anchor);
	ra_rsa_key_free(s->quote_key);
	free(s->routes);
	if (s->dir[0] != '\0') {
		(void)nftw(s->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	free(s);
}

/* --- the administrator --------------------------------------------------- */

bool
harness_tenant(struct harness *s, const char *id, const char *spid,
    bool linkable, char *key)
{
	char path[128], body[128];
	const char *v;
	json_t *o;
	long st;

	snprintf(path, sizeof(path), "/admin/v1/tenants/%s", id);
	snprintf(body, sizeof(body), "{\"spid\":\"%s\",\"linkable\":%s}", spid,
	    linkable ? "true" : "false");
	st = harness_call(s, "PUT", path, body, NULL, &o);
	v = json_string_value(json_object_get(o, "id"));
	if (st != 200 || v == NULL || strcmp(v, id) != 0) {
		json_decref(o);
		FAIL("PUT %s: %ld", path, st);
	}
	json_decref(o);
	snprintf(path, sizeof(path), "/admin/v1/tenants/%s/keys", id);
	st = harness_call(s, "POST", path, NULL, NULL, &o);
	v = json_string_value(json_object_get(o, "subscriptionKey"));
	if (st != 201 || v == NULL || strlen(v) != 32) {
		json_decref(o);
		FAIL("POST %s: %ld", path, st);
	}
	snprintf(key, 33, "%s", v);
	json_decref(o);
	return true;
}

bool
harness_group(struct harness *s, uint32_t gid)
{
	char body[64];
	long st;

	snprintf(body, sizeof(body), "{\"gid\":\"%08x\"}", gid);
	if ((st = harness_call(
	         s, "POST", "/admin/v1/groups", body, NULL, NULL)) != 201) {
		FAIL("POST /admin/v1/groups: %ld", st);
	}
	return true;
}

/* --- the platform -------------------------------------------------------- */

static bool
expect(struct harness *s, const char *path, const char *body, long want,
    json_t **out)
{
	const char *key = strncmp(path, "/admin", 6) == 0 ? NULL : "none";
	long st = harness_call(s, "POST", path, body, key, out);

	if (st != want) {
		if (out != NULL) {
			json_decref(*out);
			*out = NULL;
		}
		FAIL("POST %s: %ld, want %ld", path, st, want);
	}
	return true;
}

/* The join request's MAC (docs/attestd.md "Provisioning"), in hex. */
static bool
join_mac(char mac_hex[33], const uint8_t ppid[16], const uint8_t auth[16],
    uint32_t gid, const uint8_t nonce[32], const uint8_t jr[128])
{
	uint8_t macin[10 + 16 + 4 + 32 + 128];
	struct ra_key128 ak;
	struct ra_mac128 mac;
	struct ra_buf b = ra_buf_init(macin, sizeof(macin));

	ra_buf_put(&b, "sgxra join", 10);
	ra_buf_put(&b, ppid, 16);
	ra_buf_u32be(&b, gid);
	ra_buf_put(&b, nonce, 32);
	ra_buf_put(&b, jr, 128);
	memcpy(ak.b, auth, 16);
	return ra_buf_finish(&b) == RA_OK &&
	    ra_cmac(&mac, &ak, macin, sizeof(macin)) == RA_OK &&
	    ra_hex_encode(mac_hex, 33, mac.b, 16) == RA_OK;
}

static bool
join_finish(struct harness *s, struct harness_member *mb, const char *ppid_hex,
    const uint8_t nonce[32], const uint8_t jr[128], const char *mac_hex,
    long want)
{
	char nonce64[64], jr64[200], body[1024];
	uint8_t cred_b[100];
	struct ra_epid_credential cred;
	json_t *o = NULL;
	bool ok;

	if (ra_base64_encode(nonce64, sizeof(nonce64), nonce, 32) != RA_OK ||
	    ra_base64_encode(jr64, sizeof(jr64), jr, 128) != RA_OK) {
		FAIL("base64");
	}
	snprintf(body, sizeof(body),
	    "{\"ppid\":\"%s\",\"gid\":\"%08x\",\"nonce\":\"%s\","
	    "\"joinRequest\":\"%s\",\"mac\":\"%s\"}",
	    ppid_hex, mb->gid, nonce64, jr64, mac_hex);
	if (want != 200) {
		return expect(
		    s, "/provisioning/v1/join/finish", body, want, NULL);
	}
	if (!expect(s, "/provisioning/v1/join/finish", body, 200, &o)) {
		return false;
	}
	ok = b64_exact(o, "credential", cred_b, sizeof(cred_b));
	json_decref(o);
	if (!ok ||
	    ra_epid_credential_parse(
	        &cred, cred_b, sizeof(cred_b), RA_EPID_GID_SGX) != RA_OK) {
		FAIL("bad credential");
	}
	mb->key.gid = cred.gid;
	mb->key.a = cred.a;
	mb->key.x = cred.x;
	if (ra_epid_member_init(&mb->m, &mb->pub, &mb->key) != RA_OK) {
		FAIL("the credential is not a key of the group");
	}
	return true;
}

bool
harness_join(struct harness *s, struct harness_member *mb)
{
	uint8_t ppid[16], auth[16], nonce[32], pub[260], jr_b[128];
	char ppid_hex[33], auth_hex[33], mac_hex[33], enroll[160], body[96];
	const char *gid;
	struct ra_epid_join_request jr;
	struct ra_epid_nonce ni;
	struct ra_buf b;
	json_t *o = NULL;
	bool ok;

	if (ra_random(ppid, sizeof(ppid)) != RA_OK ||
	    ra_random(auth, sizeof(auth)) != RA_OK ||
	    ra_hex_encode(ppid_hex, sizeof(ppid_hex), ppid, 16) != RA_OK ||
	    ra_hex_encode(auth_hex, sizeof(auth_hex), auth, 16) != RA_OK) {
		FAIL("no randomness");
	}
	snprintf(enroll, sizeof(enroll), "{\"ppid\":\"%s\",\"authKey\":\"%s\"}",
	    ppid_hex, auth_hex);
	snprintf(body, sizeof(body), "{\"ppid\":\"%s\"}", ppid_hex);
	if (!expect(s, "/provisioning/v1/join/start", body, 404, NULL) ||
	    !expect(s, "/admin/v1/platforms", enroll, 201, NULL) ||
	    !expect(s, "/admin/v1/platforms", enroll, 409, NULL) ||
	    !expect(s, "/provisioning/v1/join/start", body, 200, &o)) {
		return false;
	}
	gid = json_string_value(json_object_get(o, "gid"));
	ok = gid != NULL && attestd_parse_gid(gid, &mb->gid) &&
	    b64_exact(o, "nonce", nonce, sizeof(nonce)) &&
	    b64_exact(o, "groupPubKey", pub, sizeof(pub));
	json_decref(o);
	if (!ok ||
	    ra_epid_group_pub_parse(
	        &mb->pub, pub, sizeof(pub), RA_EPID_GID_SGX) != RA_OK) {
		FAIL("bad join/start reply");
	}
	memcpy(ni.b, nonce, sizeof(ni.b));
	b = ra_buf_init(jr_b, sizeof(jr_b));
	if (ra_epid_join_request_make(
	        &jr, &mb->key.f, NULL, &mb->pub, &ni, NULL) != RA_OK ||
	    ra_epid_join_request_build(&b, &jr) != RA_OK ||
	    !join_mac(mac_hex, ppid, auth, mb->gid, nonce, jr_b)) {
		FAIL("cannot make the join request");
	}
	return join_finish(s, mb, ppid_hex, nonce, jr_b,
	           "00000000000000000000000000000007", 401) &&
	    join_finish(s, mb, ppid_hex, nonce, jr_b, mac_hex, 200);
}

bool
harness_sigrl(struct harness *s, const char *key, uint32_t gid, uint8_t *buf,
    size_t cap, struct ra_epid_sigrl *rl, bool *present)
{
	char url[128];
	struct ra_ias_conn conn = { url, key, NULL, 60000 };
	struct ra_epid_file f;
	size_t len = 0;
	long status = 0;

	*present = false;
	snprintf(url, sizeof(url), "%s/attestation/v4", s->base);
	if (ra_ias_get_sigrl(&conn, buf, cap, &len, &status, gid) != RA_OK) {
		FAIL("GET sigrl: %ld", status);
	}
	if (len == 0) {
		return true;
	}
	if (ra_epid_file_parse(&f, buf, len) != RA_OK ||
	    f.type != RA_EPID_FILE_SIGRL ||
	    ra_epid_file_verify(&f, &s->sigrl_signer) != RA_OK ||
	    ra_epid_sigrl_parse(rl, f.body.p, f.body.len, RA_EPID_GID_SGX) !=
	        RA_OK) {
		FAIL("the SigRL does not verify");
	}
	*present = true;
	return true;
}

uint8_t *
harness_quote(struct harness *s, const struct harness_member *mb,
    const char *spid, bool linkable, const struct ra_epid_sigrl *rl,
    uint8_t cpusvn, size_t *len)
{
	struct ra_epid_quote q;
	struct ra_buf b;
	uint8_t *out = malloc(65536);

	if (out == NULL) {
		return NULL;
	}
	memset(&q, 0, sizeof(q));
	q.version = 2;
	q.sign_type = linkable ? RA_QUOTE_LINKABLE : RA_QUOTE_UNLINKABLE;
	q.gid = mb->gid;
	q.qe_svn = 11;
	q.pce_svn = 10;
	if (ra_hex_decode_exact(q.basename, 16, spid, strlen(spid)) != RA_OK ||
	    (!linkable && ra_random(q.basename + 16, 16) != RA_OK)) {
		free(out);
		return NULL;
	}
	memset(q.report_body.cpu_svn, cpusvn, sizeof(q.report_body.cpu_svn));
	memset(q.report_body.mr_enclave.b, 0x5a,
	    sizeof(q.report_body.mr_enclave.b));
	memset(
	    q.report_body.report_data, 0x11, sizeof(q.report_body.report_data));
	b = ra_buf_init(out, 65536);
	if (ra_epid_quote_sign(&b, &q, &mb->m, rl, s->quote_key, NULL, NULL) !=
	    RA_OK) {
		free(out);
		return NULL;
	}
	*len = b.len;
	return out;
}

/* --- the service provider ------------------------------------------------ */

static bool
check_report(struct harness *s, const struct ra_ias_report_resp *resp,
    const uint8_t *body, const uint8_t *q, size_t qlen, const char *nonce,
    struct ra_avr *avr)
{
	struct ra_x509_verify_detail d;
	struct ra_avr_expect exp;
	enum ra_avr_reason why = RA_AVR_REASON_NONE;

	if (ra_avr_verify(avr, &d, body, resp->body_len, resp->signature,
	        resp->signature_len, resp->certs, resp->certs_len, s->anchor,
	        (int64_t)time(NULL)) != RA_OK) {
		FAIL("the report does not verify: %s", d.reason);
	}
	memset(&exp, 0, sizeof(exp));
	exp.version = 4;
	exp.nonce = nonce;
	exp.quote = q;
	exp.quote_len = qlen;
	exp.now = (int64_t)time(NULL);
	exp.max_age = 600;
	exp.max_future = 60;
	exp.accept = ~RA_AVR_STATUS_BIT(RA_AVR_STATUS_UNKNOWN);
	if (ra_avr_check(avr, &why, &exp) != RA_OK) {
		FAIL("the report is refused: %s", ra_avr_reason_name(why));
	}
	return true;
}

long
harness_report(struct harness *s, const char *key, const uint8_t *q,
    size_t qlen, const char *nonce, struct ra_avr *avr)
{
	char url[128];
	struct ra_ias_conn conn = { url, key, NULL, 60000 };
	struct ra_ias_report_resp *resp = calloc(1, sizeof(*resp));
	uint8_t *body = malloc(RA_AVR_BODY_MAX_LEN);
	long status = -1;

	if (resp != NULL && body != NULL) {
		snprintf(url, sizeof(url), "%s/attestation/v4", s->base);
		if (ra_ias_post_report(&conn, resp, body, RA_AVR_BODY_MAX_LEN,
		        q, qlen, nonce) == RA_OK) {
			status =
			    check_report(s, resp, body, q, qlen, nonce, avr)
			    ? 200
			    : 0;
		} else {
			status =
			    resp->http_status != 0 ? resp->http_status : -1;
		}
	}
	free(body);
	free(resp);
	return status;
}
