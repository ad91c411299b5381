/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd end to end, in this process: the key-holding child (a
 * real fork), a fresh state directory and SQLite store, the HTTP front
 * on 127.0.0.1 and a port the kernel picks. The test plays the
 * administrator (libcurl), an emulated platform (EPID join through the
 * provisioning API, quotes made with ra_epid_quote_sign) and the service
 * provider (the library's IAS client, ra_avr_verify against the service's
 * EMULATED root). Each report status and each refusal is reached through
 * the API: OK, SIGRL_VERSION_MISMATCH, SIGNATURE_REVOKED, KEY_REVOKED,
 * GROUP_REVOKED, GROUP_OUT_OF_DATE (with its PIB), CONFIGURATION_NEEDED,
 * SIGNATURE_INVALID; 400, 401, 404, 409.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <valgrind/valgrind.h>

#include "../../src/attestd/attestd.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/qe.h"
#include "sgxra/x509.h"
#include "test.h"

#define SPID    "00112233445566778899aabbccddeeff"
#define SPID_UL "ffeeddccbbaa99887766554433221100"

struct svc {
	char dir[64];
	char state[96];
	struct attestd ad;
	struct httpd *h;
	struct httpd_route *routes;
	char base[64];
	char token[64];
	struct ra_x509 *anchor;
	struct ra_rsa_key *quote_key;
	struct ra_ec256_pub sigrl_signer;
};

/* A platform that joined a group. */
struct member {
	uint32_t gid;
	struct ra_epid_member m;
	struct ra_epid_member_key key;
	struct ra_epid_group_pub pub;
};

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
	long status;
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

/*
 * method path [body] with the administration token (or key as the
 * subscription key when key is not NULL); the reply's JSON in *out (NULL
 * allowed). Returns the status.
 */
static long
call(struct svc *s, const char *method, const char *path, const char *body,
    const char *key, json_t **out)
{
	struct curl_slist *h = NULL;
	struct reply r = { 0 };
	char url[512], hdr[160];
	CURL *c = curl_easy_init();

	assert_non_null(c);
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
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (out != NULL) {
		*out = r.body != NULL ? json_loads(r.body, 0, NULL) : NULL;
		if (*out == NULL) {
			fprintf(stderr, "not JSON (%ld): %s\n", r.status,
			    r.body != NULL ? r.body : "");
		}
		assert_non_null(*out);
	}
	free(r.body);
	return r.status;
}

static const char *
str(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	assert_non_null(v);
	return v;
}

static void
b64_exact(json_t *o, const char *k, uint8_t *out, size_t n)
{
	const char *v = str(o, k);
	size_t len;

	assert_ra_ok(ra_base64_decode(out, n, &len, v, strlen(v)));
	assert_int_equal(len, n);
}

/* --- the service --------------------------------------------------------- */

static int
setup(void **state)
{
	struct svc *s = calloc(1, sizeof(*s));
	struct keeper_ops ops;
	struct httpd_config hc;
	char why[512], db[160], path[160], tok[40];
	uint8_t *pem;
	size_t len, n;

	assert_non_null(s);
	snprintf(s->dir, sizeof(s->dir), "/tmp/sgxra-attestd-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->state, sizeof(s->state), "%s/state", s->dir);
	assert_ra_ok(keys_create(
	    s->state, (int64_t)time(NULL), tok, sizeof(tok), why, sizeof(why)));
	snprintf(s->token, sizeof(s->token), "%s", tok);
	config_defaults(&s->ad.cfg);
	snprintf(s->ad.cfg.state, sizeof(s->ad.cfg.state), "%s", s->state);
	pthread_mutex_init(&s->ad.lock, NULL);
	/* valgrind's own system calls are outside any allow-list */
	assert_ra_ok(keys_keeper_ops(&ops, s->state, RUNNING_ON_VALGRIND));
	if (keeper_start(&s->ad.keeper, &ops, 2, why, sizeof(why)) != RA_OK) {
		fail_msg("keeper: %s", why);
	}
	if (attestd_load_public(&s->ad, why, sizeof(why)) != RA_OK) {
		fail_msg("public: %s", why);
	}
	snprintf(db, sizeof(db), "sqlite:%s/attestd.db", s->dir);
	assert_ra_ok(store_open(&s->ad.store, db));
	assert_ra_ok(store_migrate(s->ad.store));
	assert_ra_ok(groups_new(&s->ad.groups));
	n = ias_nroutes + prov_nroutes + admin_nroutes;
	s->routes = calloc(n, sizeof(*s->routes));
	assert_non_null(s->routes);
	memcpy(s->routes, ias_routes, ias_nroutes * sizeof(*s->routes));
	memcpy(s->routes + ias_nroutes, prov_routes,
	    prov_nroutes * sizeof(*s->routes));
	memcpy(s->routes + ias_nroutes + prov_nroutes, admin_routes,
	    admin_nroutes * sizeof(*s->routes));
	memset(&hc, 0, sizeof(hc));
	hc.listen = "127.0.0.1:0";
	hc.threads = 2;
	hc.routes = s->routes;
	hc.nroutes = n;
	hc.ctx = &s->ad;
	assert_ra_ok(httpd_start(&s->h, &hc));
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%u",
	    (unsigned int)httpd_port(s->h));
	/* what a service provider pins: the emulated root */
	snprintf(path, sizeof(path), "%s/public/report-ca.crt", s->state);
	pem = test_read_file(path, &len);
	assert_ra_ok(ra_x509_from_pem(&s->anchor, (const char *)pem, len));
	free(pem);
	assert_ra_ok(ra_rsa_key_from_modulus(&s->quote_key, s->ad.quote_modulus,
	    sizeof(s->ad.quote_modulus), 65537));
	memcpy(s->sigrl_signer.x, s->ad.epid_sign_pub, 32);
	memcpy(s->sigrl_signer.y, s->ad.epid_sign_pub + 32, 32);
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct svc *s = *state;

	httpd_stop(s->h);
	groups_free(s->ad.groups);
	store_close(s->ad.store);
	keeper_stop(s->ad.keeper);
	attestd_free_public(&s->ad);
	pthread_mutex_destroy(&s->ad.lock);
	ra_x509_free(s->anchor);
	ra_rsa_key_free(s->quote_key);
	free(s->routes);
	(void)nftw(s->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(s);
	return 0;
}

/* A tenant with one subscription key (returned in key, 33 bytes). */
static void
tenant(
    struct svc *s, const char *id, const char *spid, bool linkable, char *key)
{
	char path[128], body[128];
	json_t *o;

	snprintf(path, sizeof(path), "/admin/v1/tenants/%s", id);
	snprintf(body, sizeof(body), "{\"spid\":\"%s\",\"linkable\":%s}", spid,
	    linkable ? "true" : "false");
	assert_int_equal(call(s, "PUT", path, body, NULL, &o), 200);
	assert_string_equal(str(o, "id"), id);
	json_decref(o);
	snprintf(path, sizeof(path), "/admin/v1/tenants/%s/keys", id);
	assert_int_equal(call(s, "POST", path, NULL, NULL, &o), 201);
	snprintf(key, 33, "%s", str(o, "subscriptionKey"));
	json_decref(o);
}

static void
new_group(struct svc *s, uint32_t gid)
{
	char body[64];
	json_t *o;

	snprintf(body, sizeof(body), "{\"gid\":\"%08x\"}", gid);
	assert_int_equal(
	    call(s, "POST", "/admin/v1/groups", body, NULL, &o), 201);
	json_decref(o);
}

/* Enroll a platform and join the newest group, as the PvE would. */
static void
join(struct svc *s, struct member *mb)
{
	uint8_t ppid[16], auth[16], nonce[32], pub[260], cred_b[100];
	uint8_t jr_b[128], macin[10 + 16 + 4 + 32 + 128];
	char ppid_hex[33], auth_hex[33], mac_hex[33], body[1024];
	char *nonce64, *jr64;
	struct ra_epid_join_request jr;
	struct ra_epid_credential cred;
	struct ra_epid_nonce ni;
	struct ra_key128 ak;
	struct ra_mac128 mac;
	struct ra_buf b;
	json_t *o;

	assert_ra_ok(ra_random(ppid, sizeof(ppid)));
	assert_ra_ok(ra_random(auth, sizeof(auth)));
	assert_ra_ok(ra_hex_encode(ppid_hex, sizeof(ppid_hex), ppid, 16));
	assert_ra_ok(ra_hex_encode(auth_hex, sizeof(auth_hex), auth, 16));
	snprintf(body, sizeof(body), "{\"ppid\":\"%s\",\"authKey\":\"%s\"}",
	    ppid_hex, auth_hex);
	/* not enrolled yet */
	snprintf(body, sizeof(body), "{\"ppid\":\"%s\"}", ppid_hex);
	assert_int_equal(
	    call(s, "POST", "/provisioning/v1/join/start", body, "none", NULL),
	    404);
	snprintf(body, sizeof(body), "{\"ppid\":\"%s\",\"authKey\":\"%s\"}",
	    ppid_hex, auth_hex);
	assert_int_equal(
	    call(s, "POST", "/admin/v1/platforms", body, NULL, NULL), 201);
	assert_int_equal(
	    call(s, "POST", "/admin/v1/platforms", body, NULL, NULL), 409);
	snprintf(body, sizeof(body), "{\"ppid\":\"%s\"}", ppid_hex);
	assert_int_equal(
	    call(s, "POST", "/provisioning/v1/join/start", body, "none", &o),
	    200);
	assert_true(attestd_parse_gid(str(o, "gid"), &mb->gid));
	b64_exact(o, "nonce", nonce, sizeof(nonce));
	b64_exact(o, "groupPubKey", pub, sizeof(pub));
	json_decref(o);
	assert_ra_ok(ra_epid_group_pub_parse(
	    &mb->pub, pub, sizeof(pub), RA_EPID_GID_SGX));
	memcpy(ni.b, nonce, sizeof(ni.b));
	assert_ra_ok(ra_epid_join_request_make(
	    &jr, &mb->key.f, NULL, &mb->pub, &ni, NULL));
	b = ra_buf_init(jr_b, sizeof(jr_b));
	assert_ra_ok(ra_epid_join_request_build(&b, &jr));
	b = ra_buf_init(macin, sizeof(macin));
	ra_buf_put(&b, "sgxra join", 10);
	RA_BUF_PUT(&b, ppid);
	ra_buf_u32be(&b, mb->gid);
	RA_BUF_PUT(&b, nonce);
	RA_BUF_PUT(&b, jr_b);
	assert_ra_ok(ra_buf_finish(&b));
	memcpy(ak.b, auth, 16);
	assert_ra_ok(ra_cmac(&mac, &ak, macin, sizeof(macin)));
	assert_ra_ok(ra_hex_encode(mac_hex, sizeof(mac_hex), mac.b, 16));
	nonce64 = malloc(64);
	jr64 = malloc(200);
	assert_ra_ok(ra_base64_encode(nonce64, 64, nonce, sizeof(nonce)));
	assert_ra_ok(ra_base64_encode(jr64, 200, jr_b, sizeof(jr_b)));
	/* a wrong MAC is refused */
	snprintf(body, sizeof(body),
	    "{\"ppid\":\"%s\",\"gid\":\"%08x\",\"nonce\":\"%s\","
	    "\"joinRequest\":\"%s\",\"mac\":\"%032x\"}",
	    ppid_hex, mb->gid, nonce64, jr64, 7);
	assert_int_equal(
	    call(s, "POST", "/provisioning/v1/join/finish", body, "none", NULL),
	    401);
	snprintf(body, sizeof(body),
	    "{\"ppid\":\"%s\",\"gid\":\"%08x\",\"nonce\":\"%s\","
	    "\"joinRequest\":\"%s\",\"mac\":\"%s\"}",
	    ppid_hex, mb->gid, nonce64, jr64, mac_hex);
	assert_int_equal(
	    call(s, "POST", "/provisioning/v1/join/finish", body, "none", &o),
	    200);
	b64_exact(o, "credential", cred_b, sizeof(cred_b));
	json_decref(o);
	free(nonce64);
	free(jr64);
	assert_ra_ok(ra_epid_credential_parse(
	    &cred, cred_b, sizeof(cred_b), RA_EPID_GID_SGX));
	mb->key.gid = cred.gid;
	mb->key.a = cred.a;
	mb->key.x = cred.x;
	assert_ra_ok(ra_epid_member_init(&mb->m, &mb->pub, &mb->key));
}

/*
 * The group's SigRL as the service serves it, its signature checked with
 * the service's EPID signing key; *rl views into buf (cap bytes).
 */
static bool
get_sigrl(struct svc *s, const char *key, uint32_t gid, uint8_t *buf,
    size_t cap, struct ra_epid_sigrl *rl)
{
	char url[128];
	struct ra_ias_conn conn = { url, key, NULL, 60000 };
	struct ra_epid_file f;
	size_t len;
	long status;

	snprintf(url, sizeof(url), "%s/attestation/v4", s->base);
	assert_ra_ok(ra_ias_get_sigrl(&conn, buf, cap, &len, &status, gid));
	assert_int_equal(status, 200);
	if (len == 0) {
		return false;
	}
	assert_ra_ok(ra_epid_file_parse(&f, buf, len));
	assert_int_equal(f.type, RA_EPID_FILE_SIGRL);
	assert_ra_ok(ra_epid_file_verify(&f, &s->sigrl_signer));
	assert_ra_ok(
	    ra_epid_sigrl_parse(rl, f.body.p, f.body.len, RA_EPID_GID_SGX));
	return true;
}

/* A v2 quote of mb for spid, with a report body derived from tag. */
static uint8_t *
quote(struct svc *s, const struct member *mb, const char *spid, bool linkable,
    const struct ra_epid_sigrl *rl, uint8_t cpusvn0, size_t *len)
{
	struct ra_epid_quote q;
	struct ra_buf b;
	uint8_t *out = malloc(8192);
	bool revoked;

	assert_non_null(out);
	memset(&q, 0, sizeof(q));
	q.version = 2;
	q.sign_type = linkable ? RA_QUOTE_LINKABLE : RA_QUOTE_UNLINKABLE;
	q.gid = mb->gid;
	q.qe_svn = 11;
	q.pce_svn = 10;
	test_unhex_into(q.basename, 16, spid);
	if (!linkable) {
		assert_ra_ok(ra_random(q.basename + 16, 16));
	}
	memset(q.report_body.cpu_svn, cpusvn0, sizeof(q.report_body.cpu_svn));
	memset(q.report_body.mr_enclave.b, 0x5a,
	    sizeof(q.report_body.mr_enclave.b));
	memset(
	    q.report_body.report_data, 0x11, sizeof(q.report_body.report_data));
	b = ra_buf_init(out, 8192);
	assert_ra_ok(ra_epid_quote_sign(
	    &b, &q, &mb->m, rl, s->quote_key, NULL, &revoked));
	*len = b.len;
	return out;
}

/* POST the quote; on 200 verify the report and return its status. */
static long
report(struct svc *s, const char *key, const uint8_t *q, size_t qlen,
    const char *nonce, struct ra_avr *avr)
{
	char url[128];
	struct ra_ias_conn conn = { url, key, NULL, 60000 };
	struct ra_ias_report_resp *resp = calloc(1, sizeof(*resp));
	uint8_t *body = malloc(RA_AVR_BODY_MAX_LEN);
	struct ra_x509_verify_detail d;
	struct ra_avr_expect exp;
	enum ra_avr_reason why;
	enum ra_err err;
	long status;

	assert_non_null(resp);
	assert_non_null(body);
	snprintf(url, sizeof(url), "%s/attestation/v4", s->base);
	err = ra_ias_post_report(
	    &conn, resp, body, RA_AVR_BODY_MAX_LEN, q, qlen, nonce);
	status = resp->http_status;
	if (err == RA_OK) {
		assert_int_equal(status, 200);
		if (ra_avr_verify(avr, &d, body, resp->body_len,
		        resp->signature, resp->signature_len, resp->certs,
		        resp->certs_len, s->anchor,
		        (int64_t)time(NULL)) != RA_OK) {
			fail_msg("report does not verify: %s", d.reason);
		}
		memset(&exp, 0, sizeof(exp));
		exp.version = 4;
		exp.nonce = nonce;
		exp.quote = q;
		exp.quote_len = qlen;
		exp.now = (int64_t)time(NULL);
		exp.max_age = 600;
		exp.max_future = 60;
		exp.accept =
		    0xffffffffu & ~RA_AVR_STATUS_BIT(RA_AVR_STATUS_UNKNOWN);
		assert_ra_ok(ra_avr_check(avr, &why, &exp));
	}
	free(body);
	free(resp);
	return status;
}

/* --- tests --------------------------------------------------------------- */

static void
life_of_a_platform(void **state)
{
	struct svc *s = *state;
	struct member *mb = calloc(1, sizeof(*mb));
	struct ra_avr *avr = calloc(1, sizeof(*avr));
	struct ra_epid_sigrl rl;
	uint8_t *q, *q2, rlbuf[4096];
	char key[40], body[4096], f_hex[65], *b64;
	size_t qlen, q2len, n;
	json_t *o;

	assert_non_null(mb);
	assert_non_null(avr);
	tenant(s, "acme", SPID, true, key);
	new_group(s, 0xb2a);
	join(s, mb);
	assert_int_equal(mb->gid, 0xb2a);
	/* no SigRL yet: an empty 200 */
	assert_false(get_sigrl(s, key, mb->gid, rlbuf, sizeof(rlbuf), &rl));

	/* OK, with the nonce and the pseudonym; the audit log has it */
	q = quote(s, mb, SPID, true, NULL, 2, &qlen);
	assert_int_equal(report(s, key, q, qlen, "n0nce", avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_OK);
	assert_true(avr->has_epid_pseudonym);
	assert_false(avr->has_pib);
	assert_string_equal(avr->nonce, "n0nce");
	assert_int_equal(
	    call(s, "GET", "/admin/v1/audit/verify", NULL, NULL, &o), 200);
	assert_true(json_is_true(json_object_get(o, "intact")));
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 1);
	json_decref(o);

	/* a changed byte of the body: SIGNATURE_INVALID (and a PIB) */
	q[200] ^= 1;
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_SIGNATURE_INVALID);
	q[200] ^= 1;

	/* TCB levels: this platform's CPUSVN 2 is below the newest level */
	snprintf(body, sizeof(body),
	    "{\"levels\":[{\"cpuSvn\":\"%s\",\"qeSvn\":11,\"pceSvn\":10,"
	    "\"status\":\"OK\"},{\"cpuSvn\":\"%s\",\"qeSvn\":11,\"pceSvn\":10,"
	    "\"status\":\"CONFIGURATION_NEEDED\",\"advisoryIDs\":"
	    "[\"INTEL-SA-00161\"]}]}",
	    "03030303030303030303030303030303",
	    "02020202020202020202020202020202");
	assert_int_equal(
	    call(s, "PUT", "/admin/v1/groups/00000b2a/tcb", body, NULL, NULL),
	    200);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_CONFIGURATION_NEEDED);
	assert_true(avr->has_pib);
	assert_int_equal(avr->advisory_count, 1);
	assert_string_equal(avr->advisory_ids[0], "INTEL-SA-00161");
	free(q);
	q = quote(s, mb, SPID, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_GROUP_OUT_OF_DATE);
	assert_true(avr->has_pib);
	free(q);
	q = quote(s, mb, SPID, true, NULL, 3, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_OK);

	/* revoke this quote's signature: the SigRL grows to version 1 */
	n = RA_BASE64_LEN(qlen) + 1;
	b64 = malloc(n);
	assert_ra_ok(ra_base64_encode(b64, n, q, qlen));
	snprintf(body, sizeof(body), "{\"quote\":\"%.3000s\"}", b64);
	assert_true(strlen(b64) < 3000);
	free(b64);
	assert_int_equal(
	    call(s, "POST", "/admin/v1/groups/00000b2a/sigrl", body, NULL, &o),
	    200);
	assert_int_equal(
	    json_integer_value(json_object_get(o, "sigrlVersion")), 1);
	json_decref(o);
	/* a pseudonym that is not a pair of points is refused */
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/sigrl",
	                     "{\"pseudonym\":\"AAAA\"}", NULL, NULL),
	    400);
	assert_true(get_sigrl(s, key, mb->gid, rlbuf, sizeof(rlbuf), &rl));
	assert_int_equal(rl.version, 1);
	assert_int_equal(rl.n2, 1);
	/* the quote made without it: SIGRL_VERSION_MISMATCH */
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_SIGRL_VERSION_MISMATCH);
	/* with it, the same platform is found out: SIGNATURE_REVOKED */
	q2 = quote(s, mb, SPID, true, &rl, 3, &q2len);
	assert_int_equal(report(s, key, q2, q2len, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_SIGNATURE_REVOKED);
	free(q2);

	/* the member key on the PrivRL: KEY_REVOKED, whatever the SigRL */
	assert_ra_ok(ra_hex_encode(f_hex, sizeof(f_hex), mb->key.f.b, 32));
	snprintf(body, sizeof(body), "{\"f\":\"%s\"}", f_hex);
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/privrl",
	                     body, NULL, NULL),
	    200);
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/privrl",
	                     body, NULL, NULL),
	    409);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_KEY_REVOKED);

	/* the group revoked: GROUP_REVOKED with its reason */
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/revoke",
	                     "{\"reason\":1}", NULL, NULL),
	    200);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_GROUP_REVOKED);
	assert_true(avr->has_revocation_reason);
	assert_int_equal(avr->revocation_reason, 1);
	free(q);

	assert_int_equal(
	    call(s, "GET", "/admin/v1/audit/verify", NULL, NULL, &o), 200);
	assert_true(json_is_true(json_object_get(o, "intact")));
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 9);
	json_decref(o);
	free(avr);
	free(mb);
}

static void
unlinkable(void **state)
{
	struct svc *s = *state;
	struct member *mb = calloc(1, sizeof(*mb));
	struct ra_avr *avr = calloc(1, sizeof(*avr));
	char key[40];
	uint8_t *q;
	size_t qlen;

	assert_non_null(mb);
	assert_non_null(avr);
	tenant(s, "anon", SPID_UL, false, key);
	new_group(s, 7);
	join(s, mb);
	q = quote(s, mb, SPID_UL, false, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_OK);
	assert_false(avr->has_epid_pseudonym);
	/* a linkable quote on an unlinkable subscription: 400 */
	free(q);
	q = quote(s, mb, SPID_UL, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 400);
	free(q);
	free(avr);
	free(mb);
}

static void
refusals(void **state)
{
	struct svc *s = *state;
	struct member *mb = calloc(1, sizeof(*mb));
	struct ra_avr *avr = calloc(1, sizeof(*avr));
	uint8_t rlbuf[512], junk[600];
	struct ra_epid_sigrl rl;
	char key[40], url[128];
	struct ra_ias_conn conn = { url, "0123456789abcdef", NULL, 60000 };
	size_t len, qlen;
	long status;
	uint8_t *q;

	assert_non_null(mb);
	assert_non_null(avr);
	tenant(s, "t1", SPID, true, key);
	new_group(s, 0x10);
	join(s, mb);
	q = quote(s, mb, SPID, true, NULL, 1, &qlen);
	/* 401: no such subscription key */
	assert_int_equal(
	    report(s, "0123456789abcdef", q, qlen, NULL, avr), 401);
	snprintf(url, sizeof(url), "%s/attestation/v4", s->base);
	assert_int_equal(
	    ra_ias_get_sigrl(&conn, rlbuf, sizeof(rlbuf), &len, &status, 0x10),
	    RA_ERR_UNAUTHORIZED);
	/* 404: an unknown group's SigRL */
	conn.api_key = key;
	assert_int_equal(
	    ra_ias_get_sigrl(&conn, rlbuf, sizeof(rlbuf), &len, &status, 0x11),
	    RA_ERR_NOT_FOUND);
	assert_false(get_sigrl(s, key, 0x10, rlbuf, sizeof(rlbuf), &rl));
	/* 400: another SPID, garbage, a truncated quote */
	free(q);
	q = quote(s, mb, SPID_UL, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 400);
	memset(junk, 0x41, sizeof(junk));
	assert_int_equal(report(s, key, junk, sizeof(junk), NULL, avr), 400);
	free(q);
	q = quote(s, mb, SPID, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen - 1, NULL, avr), 400);
	/* a signature blob for another key: 400 */
	q[436 + 10] ^= 0x80;
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 400);
	free(q);
	/* 400: the request body */
	assert_int_equal(
	    call(s, "POST", "/attestation/v4/report", "[]", key, NULL), 400);
	assert_int_equal(call(s, "POST", "/attestation/v4/report",
	                     "{\"isvEnclaveQuote\":\"!!\"}", key, NULL),
	    400);
	/* the administration API wants its token */
	assert_int_equal(
	    call(s, "GET", "/admin/v1/groups", NULL, "x", NULL), 401);
	assert_int_equal(
	    call(s, "GET", "/admin/v1/groups/zz", NULL, NULL, NULL), 400);
	assert_int_equal(
	    call(s, "GET", "/admin/v1/groups/00000099", NULL, NULL, NULL), 404);
	assert_int_equal(call(s, "POST", "/admin/v1/groups",
	                     "{\"gid\":\"00000010\"}", NULL, NULL),
	    409);
	assert_int_equal(call(s, "PUT", "/admin/v1/groups/00000010/tcb",
	                     "{\"levels\":[{\"cpuSvn\":\"00\"}]}", NULL, NULL),
	    400);
	free(avr);
	free(mb);
}

int
main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    life_of_a_platform, setup, teardown),
		cmocka_unit_test_setup_teardown(unlinkable, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
	};
	int rc;

	if (ra_ias_global_init() != RA_OK) {
		return 1;
	}
	rc = test_main(
	    argc, argv, __FILE__, tests, sizeof(tests) / sizeof(tests[0]));
	ra_ias_global_cleanup();
	return rc;
}
