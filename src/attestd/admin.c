/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The administration API (docs/attestd.md "Administration"), every route
 * behind "Authorization: Bearer <admin token>":
 *
 *   GET    /admin/v1/tenants
 *   PUT    /admin/v1/tenants/{id}          {"spid", "linkable"}
 *   GET    /admin/v1/tenants/{id}
 *   DELETE /admin/v1/tenants/{id}
 *   POST   /admin/v1/tenants/{id}/keys     -> {"subscriptionKey", "keyId"}
 *   DELETE /admin/v1/keys/{keyId}
 *   GET    /admin/v1/groups
 *   POST   /admin/v1/groups                {"gid"?}
 *   GET    /admin/v1/groups/{gid}
 *   POST   /admin/v1/groups/{gid}/revoke   {"reason"?}
 *   POST   /admin/v1/groups/{gid}/privrl   {"f"}
 *   POST   /admin/v1/groups/{gid}/sigrl    {"pseudonym"} or {"quote"}
 *   PUT    /admin/v1/groups/{gid}/tcb      {"levels": [...]}
 *   GET    /admin/v1/groups/{gid}/tcb
 *   POST   /admin/v1/platforms             {"ppid", "authKey"}
 *   GET    /admin/v1/platforms/{ppid}
 *   GET    /admin/v1/audit/verify
 *   PUT    /admin/v1/dcap/tcb              {"levels": [...]}   (pcs.c)
 *   GET    /admin/v1/dcap/tcb
 *   POST   /admin/v1/dcap/pck/revoke       {"serial"} or {"ppid"}
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attestd.h"
#include "kproto.h"
#include "log.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/random.h"

#define ADMIN_BODY_MAX ((size_t)64 * 1024)
#define LEVELS_MAX     64

/* Every handler starts here: the token, then the store's errors. */
bool
admin_require(
    struct attestd *ad, const struct httpd_req *req, struct httpd_resp *w)
{
	if (!admin_authorized(ad, req)) {
		httpd_resp_error(w, 401, "unauthorized",
		    "an administration token is needed "
		    "(Authorization: Bearer ...)");
		return false;
	}
	return true;
}

static void
store_failed(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, enum ra_err err)
{
	if (err == RA_ERR_POLICY) {
		httpd_resp_error(
		    w, 409, "conflict", "%s", store_last_error(ad->store));
		return;
	}
	if (err == RA_ERR_ARG) {
		httpd_resp_error(
		    w, 400, "bad_request", "%s", store_last_error(ad->store));
		return;
	}
	log_warnx("request %s: store: %s", req->request_id,
	    store_last_error(ad->store));
	httpd_resp_error(w, 500, "internal_error", "storage failure");
}

/* A GET of a whole table: {"<name>": [the rows walk appends]}. */
static void
send_list(void *ctx, const struct httpd_req *req, struct httpd_resp *w,
    const char *name, enum ra_err (*walk)(struct attestd *ad, json_t *a))
{
	struct attestd *ad = ctx;
	json_t *a;
	enum ra_err err;

	if (!admin_require(ad, req, w)) {
		return;
	}
	if ((a = json_array()) == NULL) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	if ((err = walk(ad, a)) != RA_OK) {
		json_decref(a);
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(w, 200, json_pack("{s:o}", name, a));
}

static bool
valid_id(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= STORE_ID_MAX) {
		return false;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		        (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		        c == '-')) {
			return false;
		}
	}
	return true;
}

static json_t *
hex_json(const uint8_t *p, size_t n)
{
	char buf[2 * 64 + 1];

	if (n > 64 || ra_hex_encode(buf, sizeof(buf), p, n) != RA_OK) {
		return NULL;
	}
	return json_string(buf);
}

/* --- tenants and keys ---------------------------------------------------- */

static json_t *
tenant_json(const struct store_tenant *t)
{
	return json_pack("{s:s,s:o,s:b,s:I}", "id", t->id, "spid",
	    hex_json(t->spid, sizeof(t->spid)), "linkable", t->linkable,
	    "created", (json_int_t)t->created);
}

static bool
add_tenant(void *ctx, const struct store_tenant *t)
{
	json_t *a = ctx;

	return json_array_append_new(a, tenant_json(t)) == 0;
}

static enum ra_err
walk_tenants(struct attestd *ad, json_t *a)
{
	return store_tenant_list(ad->store, add_tenant, a);
}

static void
tenant_list(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	send_list(ctx, req, w, "tenants", walk_tenants);
}

static bool
tenant_param(const struct httpd_req *req, struct httpd_resp *w)
{
	if (req->nparams < 1 || !valid_id(req->params[0])) {
		httpd_resp_error(w, 400, "bad_request",
		    "tenant ids are 1 to %d characters of [A-Za-z0-9._-]",
		    STORE_ID_MAX - 1);
		return false;
	}
	return true;
}

static void
tenant_put(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_tenant t;
	json_t *body, *l;
	bool found;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !tenant_param(req, w) ||
	    (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	memset(&t, 0, sizeof(t));
	snprintf(t.id, sizeof(t.id), "%s", req->params[0]);
	l = json_object_get(body, "linkable");
	if (!attestd_hex_field(body, "spid", t.spid, sizeof(t.spid), w)) {
		json_decref(body);
		return;
	}
	if (l != NULL && !json_is_boolean(l)) {
		json_decref(body);
		httpd_resp_error(
		    w, 400, "bad_request", "linkable must be true or false");
		return;
	}
	t.linkable = json_is_true(l);
	json_decref(body);
	t.created = attestd_now();
	if ((err = store_tenant_put(ad->store, &t)) != RA_OK ||
	    (err = store_tenant_get(ad->store, req->params[0], &t, &found)) !=
	        RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(w, 200, tenant_json(&t));
}

/* The tenant named by the path, after the token check; false after a
 * 401, 400, 404 or 500 response. */
static bool
tenant_of(struct attestd *ad, const struct httpd_req *req, struct httpd_resp *w,
    struct store_tenant *t)
{
	bool found;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !tenant_param(req, w)) {
		return false;
	}
	if ((err = store_tenant_get(ad->store, req->params[0], t, &found)) !=
	    RA_OK) {
		store_failed(ad, req, w, err);
		return false;
	}
	if (!found) {
		httpd_resp_error(
		    w, 404, "not_found", "no tenant %s", req->params[0]);
		return false;
	}
	return true;
}

static void
tenant_get(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_tenant t;

	if (!tenant_of(ad, req, w, &t)) {
		return;
	}
	attestd_send_json(w, 200, tenant_json(&t));
}

static void
tenant_delete(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !tenant_param(req, w)) {
		return;
	}
	if ((err = store_tenant_delete(ad->store, req->params[0])) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(
	    w, 200, json_pack("{s:s}", "deleted", req->params[0]));
}

static void
key_add(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_tenant t;
	struct ra_hash256 h;
	uint8_t raw[16];
	char key[33], id[65];
	enum ra_err err = RA_ERR_STATE;

	if (!tenant_of(ad, req, w, &t)) {
		return;
	}
	if (ra_random(raw, sizeof(raw)) != RA_OK ||
	    ra_hex_encode(key, sizeof(key), raw, sizeof(raw)) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "no randomness");
		return;
	}
	ra_sha256(&h, key, 32);
	if (ra_hex_encode(id, sizeof(id), h.b, sizeof(h.b)) != RA_OK ||
	    (err = store_key_add(ad->store, t.id, &h)) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(w, 201,
	    json_pack("{s:s,s:s,s:s}", "tenant", t.id, "subscriptionKey", key,
	        "keyId", id));
}

static void
key_remove(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct ra_hash256 h;
	enum ra_err err;

	if (!admin_require(ad, req, w)) {
		return;
	}
	if (req->nparams < 1 || strlen(req->params[0]) != 64 ||
	    ra_hex_decode_exact(h.b, 32, req->params[0], 64) != RA_OK) {
		httpd_resp_error(w, 400, "bad_request",
		    "a key id is 64 hex digits (the SHA-256 of the key)");
		return;
	}
	if ((err = store_key_remove(ad->store, &h)) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(
	    w, 200, json_pack("{s:s}", "removed", req->params[0]));
}

/* --- groups -------------------------------------------------------------- */

static json_t *
group_json(const struct store_group *g)
{
	char gid[9];

	snprintf(gid, sizeof(gid), "%08x", g->gid);
	return json_pack("{s:s,s:b,s:i,s:I,s:I,s:I,s:o,s:o}", "gid", gid,
	    "revoked", g->revoked, "revocationReason", g->revocation_reason,
	    "sigrlVersion", (json_int_t)g->sigrl_version, "privrlVersion",
	    (json_int_t)g->privrl_version, "created", (json_int_t)g->created,
	    "groupPubKey", attestd_b64_json(g->pub, sizeof(g->pub)),
	    "groupCert", attestd_b64_json(g->cert, sizeof(g->cert)));
}

static bool
add_group(void *ctx, const struct store_group *g)
{
	json_t *a = ctx;

	return json_array_append_new(a, group_json(g)) == 0;
}

static enum ra_err
walk_groups(struct attestd *ad, json_t *a)
{
	return store_group_list(ad->store, add_group, a);
}

static void
group_list(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	send_list(ctx, req, w, "groups", walk_groups);
}

static bool
max_gid(void *ctx, const struct store_group *g)
{
	uint32_t *m = ctx;

	if (g->gid > *m) {
		*m = g->gid;
	}
	return true;
}

static void
group_create(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_group g;
	char why[256];
	uint32_t gid = 0;
	json_t *body = NULL, *j;
	bool found;
	enum ra_err err;

	if (!admin_require(ad, req, w)) {
		return;
	}
	if (req->body_len > 0 && (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	j = body != NULL ? json_object_get(body, "gid") : NULL;
	if (j != NULL && !attestd_parse_gid(json_string_value(j), &gid)) {
		json_decref(body);
		httpd_resp_error(
		    w, 400, "bad_request", "gid must be 8 hex digits");
		return;
	}
	json_decref(body);
	if (gid == 0) {
		if ((err = store_group_list(ad->store, max_gid, &gid)) !=
		    RA_OK) {
			store_failed(ad, req, w, err);
			return;
		}
		if (gid == UINT32_MAX) {
			httpd_resp_error(
			    w, 409, "conflict", "no group id left");
			return;
		}
		gid++;
	}
	err = groups_create(ad, gid, attestd_now(), why, sizeof(why));
	if (err == RA_ERR_POLICY || err == RA_ERR_ARG) {
		httpd_resp_error(w, err == RA_ERR_POLICY ? 409 : 400,
		    err == RA_ERR_POLICY ? "conflict" : "bad_request", "%s",
		    why);
		return;
	}
	if (err != RA_OK ||
	    store_group_get(ad->store, gid, &g, &found) != RA_OK) {
		log_warnx("request %s: %s", req->request_id, why);
		httpd_resp_error(
		    w, 500, "internal_error", "cannot create the group");
		return;
	}
	log_info("group %08x created", gid);
	attestd_send_json(w, 201, group_json(&g));
}

/* The group of the path, or a 400/404/500 response. */
static bool
group_param(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, struct store_group *g)
{
	uint32_t gid;
	bool found;
	enum ra_err err;

	if (req->nparams < 1 || !attestd_parse_gid(req->params[0], &gid)) {
		httpd_resp_error(
		    w, 400, "bad_request", "a group id is 8 hex digits");
		return false;
	}
	if ((err = store_group_get(ad->store, gid, g, &found)) != RA_OK) {
		store_failed(ad, req, w, err);
		return false;
	}
	if (!found) {
		httpd_resp_error(w, 404, "not_found", "no group %08x", gid);
		return false;
	}
	return true;
}

static void
group_get(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_group g;

	if (!admin_require(ad, req, w) || !group_param(ad, req, w, &g)) {
		return;
	}
	attestd_send_json(w, 200, group_json(&g));
}

static void
group_revoke(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_group g;
	json_t *body = NULL, *r;
	json_int_t reason = 0;
	bool found;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !group_param(ad, req, w, &g)) {
		return;
	}
	if (req->body_len > 0 && (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	r = body != NULL ? json_object_get(body, "reason") : NULL;
	if (r != NULL) {
		reason = json_is_integer(r) ? json_integer_value(r) : -1;
	}
	json_decref(body);
	/* RFC 5280 CRLReason: 0..10 without 7 */
	if (reason < 0 || reason > 10 || reason == 7) {
		httpd_resp_error(w, 400, "bad_request",
		    "reason must be an RFC 5280 CRLReason (0-6, 8-10)");
		return;
	}
	if ((err = store_group_revoke(ad->store, g.gid, (int)reason)) !=
	        RA_OK ||
	    (err = store_group_get(ad->store, g.gid, &g, &found)) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	log_info("group %08x revoked (reason %d)", g.gid, (int)reason);
	attestd_send_json(w, 200, group_json(&g));
}

static void
privrl_add(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_group g;
	uint8_t f[32];
	uint32_t version;
	json_t *body;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !group_param(ad, req, w, &g) ||
	    (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	if (!attestd_hex_field(body, "f", f, sizeof(f), w)) {
		json_decref(body);
		return;
	}
	json_decref(body);
	if ((err = store_privrl_add(ad->store, g.gid, f, &version)) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	log_info("group %08x: a member key revoked (PrivRL version %u)", g.gid,
	    version);
	attestd_send_json(
	    w, 200, json_pack("{s:I}", "privrlVersion", (json_int_t)version));
}

static void
sigrl_add(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_group g;
	uint8_t bk[128];
	char why[256];
	uint32_t version;
	json_t *body;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !group_param(ad, req, w, &g) ||
	    (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	if (json_object_get(body, "quote") != NULL) {
		const char *b64 =
		    json_string_value(json_object_get(body, "quote"));
		size_t cap = b64 != NULL ? strlen(b64) / 4 * 3 + 3 : 0, len;
		uint8_t *q = cap != 0 ? malloc(cap) : NULL;

		if (q == NULL ||
		    ra_base64_decode(q, cap, &len, b64, strlen(b64)) != RA_OK) {
			free(q);
			json_decref(body);
			httpd_resp_error(
			    w, 400, "bad_request", "quote must be base64");
			return;
		}
		err = ias_quote_pseudonym(
		    ad, g.gid, q, len, bk, why, sizeof(why));
		free(q);
		if (err != RA_OK) {
			json_decref(body);
			httpd_resp_error(w, err == RA_ERR_IO ? 500 : 400,
			    err == RA_ERR_IO ? "internal_error" : "bad_request",
			    "%s", why);
			return;
		}
	} else if (!attestd_b64_field(body, "pseudonym", bk, sizeof(bk), w)) {
		json_decref(body);
		return;
	}
	json_decref(body);
	if (!ias_pseudonym_valid(bk)) {
		httpd_resp_error(w, 400, "bad_request",
		    "the pseudonym's B and K are not points of the EPID group");
		return;
	}
	if ((err = store_sigrl_add(ad->store, g.gid, bk, &version)) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	log_info("group %08x: a signature revoked (SigRL version %u)", g.gid,
	    version);
	attestd_send_json(
	    w, 200, json_pack("{s:I}", "sigrlVersion", (json_int_t)version));
}

static json_t *
level_json(const struct store_tcb_level *l)
{
	json_t *adv = json_array();
	char buf[STORE_ADVISORIES_MAX], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", l->advisories);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		json_array_append_new(adv, json_string(tok));
	}
	return json_pack("{s:o,s:i,s:i,s:s,s:o}", "cpuSvn",
	    hex_json(l->cpu_svn, sizeof(l->cpu_svn)), "qeSvn", l->qe_svn,
	    "pceSvn", l->pce_svn, "status", l->status, "advisoryIDs", adv);
}

struct levels_acc {
	json_t *a;
};

static bool
add_level(void *ctx, const struct store_tcb_level *l)
{
	struct levels_acc *acc = ctx;

	return json_array_append_new(acc->a, level_json(l)) == 0;
}

static void
tcb_get(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_group g;
	struct levels_acc acc;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !group_param(ad, req, w, &g)) {
		return;
	}
	acc.a = json_array();
	if ((err = store_tcb_list(ad->store, g.gid, add_level, &acc)) !=
	    RA_OK) {
		json_decref(acc.a);
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(w, 200, json_pack("{s:o}", "levels", acc.a));
}

/* One level from JSON; false with why. */
static bool
level_from_json(json_t *j, struct store_tcb_level *l, uint32_t gid, int ord,
    char *why, size_t cap)
{
	const char *cpu = json_string_value(json_object_get(j, "cpuSvn"));
	const char *status = json_string_value(json_object_get(j, "status"));
	json_t *qe = json_object_get(j, "qeSvn"),
	       *pce = json_object_get(j, "pceSvn");
	json_t *adv = json_object_get(j, "advisoryIDs"), *a;
	size_t i, used = 0;

	memset(l, 0, sizeof(*l));
	l->gid = gid;
	l->ordinal = ord;
	if (!json_is_object(j) || cpu == NULL || strlen(cpu) != 32 ||
	    ra_hex_decode_exact(l->cpu_svn, 16, cpu, 32) != RA_OK) {
		snprintf(
		    why, cap, "level %d: cpuSvn must be 32 hex digits", ord);
		return false;
	}
	if (!json_is_integer(qe) || json_integer_value(qe) < 0 ||
	    json_integer_value(qe) > 65535 || !json_is_integer(pce) ||
	    json_integer_value(pce) < 0 || json_integer_value(pce) > 65535) {
		snprintf(why, cap,
		    "level %d: qeSvn and pceSvn must be 0..65535", ord);
		return false;
	}
	l->qe_svn = (uint16_t)json_integer_value(qe);
	l->pce_svn = (uint16_t)json_integer_value(pce);
	if (status == NULL || ias_status_from_name(status) < 0 ||
	    strcmp(status, "SIGNATURE_INVALID") == 0 ||
	    strcmp(status, "GROUP_REVOKED") == 0 ||
	    strcmp(status, "SIGNATURE_REVOKED") == 0 ||
	    strcmp(status, "KEY_REVOKED") == 0 ||
	    strcmp(status, "SIGRL_VERSION_MISMATCH") == 0) {
		snprintf(why, cap,
		    "level %d: status must be OK, GROUP_OUT_OF_DATE, "
		    "CONFIGURATION_NEEDED, SW_HARDENING_NEEDED or "
		    "CONFIGURATION_AND_SW_HARDENING_NEEDED",
		    ord);
		return false;
	}
	snprintf(l->status, sizeof(l->status), "%s", status);
	if (adv != NULL && !json_is_array(adv)) {
		snprintf(
		    why, cap, "level %d: advisoryIDs must be an array", ord);
		return false;
	}
	json_array_foreach(adv, i, a)
	{
		const char *s = json_string_value(a);
		size_t n = s != NULL ? strlen(s) : 0;

		if (n == 0 || strchr(s, ',') != NULL ||
		    used + n + 1 >= sizeof(l->advisories)) {
			snprintf(why, cap,
			    "level %d: bad or too many advisory IDs", ord);
			return false;
		}
		if (used > 0) {
			l->advisories[used++] = ',';
		}
		memcpy(l->advisories + used, s, n);
		used += n;
	}
	return true;
}

static void
tcb_put(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_group g;
	struct store_tcb_level *levels;
	struct levels_acc acc;
	char why[256];
	json_t *body, *arr, *j;
	size_t i, n;
	enum ra_err err;

	if (!admin_require(ad, req, w) || !group_param(ad, req, w, &g) ||
	    (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	arr = json_object_get(body, "levels");
	n = json_array_size(arr);
	if (!json_is_array(arr) || n > LEVELS_MAX) {
		json_decref(body);
		httpd_resp_error(w, 400, "bad_request",
		    "levels must be an array of at most %d levels", LEVELS_MAX);
		return;
	}
	if ((levels = calloc(n + 1, sizeof(*levels))) == NULL) {
		json_decref(body);
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	json_array_foreach(arr, i, j)
	{
		if (!level_from_json(
		        j, &levels[i], g.gid, (int)i, why, sizeof(why))) {
			free(levels);
			json_decref(body);
			httpd_resp_error(w, 400, "bad_request", "%s", why);
			return;
		}
	}
	json_decref(body);
	err = store_tcb_set(ad->store, g.gid, levels, n);
	free(levels);
	if (err != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	acc.a = json_array();
	if ((err = store_tcb_list(ad->store, g.gid, add_level, &acc)) !=
	    RA_OK) {
		json_decref(acc.a);
		store_failed(ad, req, w, err);
		return;
	}
	log_info("group %08x: %zu TCB levels set", g.gid, n);
	attestd_send_json(w, 200, json_pack("{s:o}", "levels", acc.a));
}

/* --- platforms and the audit log ----------------------------------------- */

static json_t *
platform_json(const struct store_platform *p)
{
	char gid[9];

	snprintf(gid, sizeof(gid), "%08x", p->gid);
	return json_pack("{s:o,s:s,s:I,s:I}", "ppid",
	    hex_json(p->ppid, sizeof(p->ppid)), "gid", gid, "enrolled",
	    (json_int_t)p->enrolled, "joined", (json_int_t)p->joined);
}

static void
platform_enroll(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_platform p, old;
	json_t *body;
	bool found;
	enum ra_err err;

	if (!admin_require(ad, req, w) ||
	    (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	memset(&p, 0, sizeof(p));
	if (!attestd_hex_field(body, "ppid", p.ppid, sizeof(p.ppid), w) ||
	    !attestd_hex_field(
	        body, "authKey", p.auth_key, sizeof(p.auth_key), w)) {
		json_decref(body);
		return;
	}
	json_decref(body);
	if ((err = store_platform_get(ad->store, p.ppid, &old, &found)) !=
	    RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	if (found) {
		RA_WIPE(p);
		RA_WIPE(old);
		httpd_resp_error(
		    w, 409, "conflict", "this platform is already enrolled");
		return;
	}
	p.enrolled = attestd_now();
	err = store_platform_put(ad->store, &p);
	if (err != RA_OK) {
		RA_WIPE(p);
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(w, 201, platform_json(&p));
	RA_WIPE(p);
}

static void
platform_get(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_platform p;
	uint8_t ppid[16];
	bool found;
	enum ra_err err;

	if (!admin_require(ad, req, w)) {
		return;
	}
	if (req->nparams < 1 || strlen(req->params[0]) != 32 ||
	    ra_hex_decode_exact(ppid, 16, req->params[0], 32) != RA_OK) {
		httpd_resp_error(
		    w, 400, "bad_request", "a PPID is 32 hex digits");
		return;
	}
	if ((err = store_platform_get(ad->store, ppid, &p, &found)) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	if (!found) {
		httpd_resp_error(w, 404, "not_found", "no such platform");
		return;
	}
	attestd_send_json(w, 200, platform_json(&p));
	RA_WIPE(p);
}

static void
audit_verify(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	int64_t rows = 0, broken = 0;
	enum ra_err err;

	if (!admin_require(ad, req, w)) {
		return;
	}
	if ((err = store_audit_verify(ad->store, &rows, &broken)) != RA_OK) {
		store_failed(ad, req, w, err);
		return;
	}
	attestd_send_json(w, 200,
	    json_pack("{s:I,s:I,s:b,s:s}", "rows", (json_int_t)rows,
	        "firstBroken", (json_int_t)broken, "intact", broken == 0,
	        "detail", broken == 0 ? "" : store_last_error(ad->store)));
}

const struct httpd_route admin_routes[] = {
	{ "GET", "/admin/v1/tenants", tenant_list, 0, "admin_tenant_list" },
	{ "PUT", "/admin/v1/tenants/{}", tenant_put, ADMIN_BODY_MAX,
	    "admin_tenant_put" },
	{ "GET", "/admin/v1/tenants/{}", tenant_get, 0, "admin_tenant_get" },
	{ "DELETE", "/admin/v1/tenants/{}", tenant_delete, 0,
	    "admin_tenant_delete" },
	{ "POST", "/admin/v1/tenants/{}/keys", key_add, 0, "admin_key_add" },
	{ "DELETE", "/admin/v1/keys/{}", key_remove, 0, "admin_key_remove" },
	{ "GET", "/admin/v1/groups", group_list, 0, "admin_group_list" },
	{ "POST", "/admin/v1/groups", group_create, ADMIN_BODY_MAX,
	    "admin_group_create" },
	{ "GET", "/admin/v1/groups/{}", group_get, 0, "admin_group_get" },
	{ "POST", "/admin/v1/groups/{}/revoke", group_revoke, ADMIN_BODY_MAX,
	    "admin_group_revoke" },
	{ "POST", "/admin/v1/groups/{}/privrl", privrl_add, ADMIN_BODY_MAX,
	    "admin_privrl_add" },
	{ "POST", "/admin/v1/groups/{}/sigrl", sigrl_add, ATTESTD_BODY_MAX,
	    "admin_sigrl_add" },
	{ "PUT", "/admin/v1/groups/{}/tcb", tcb_put, ADMIN_BODY_MAX,
	    "admin_tcb_put" },
	{ "GET", "/admin/v1/groups/{}/tcb", tcb_get, 0, "admin_tcb_get" },
	{ "POST", "/admin/v1/platforms", platform_enroll, ADMIN_BODY_MAX,
	    "admin_platform_enroll" },
	{ "GET", "/admin/v1/platforms/{}", platform_get, 0,
	    "admin_platform_get" },
	{ "GET", "/admin/v1/audit/verify", audit_verify, 0,
	    "admin_audit_verify" },
	{ "PUT", "/admin/v1/dcap/tcb", pcs_admin_tcb_put, ADMIN_BODY_MAX,
	    "admin_dcap_tcb_put" },
	{ "GET", "/admin/v1/dcap/tcb", pcs_admin_tcb_get, 0,
	    "admin_dcap_tcb_get" },
	{ "POST", "/admin/v1/dcap/pck/revoke", pcs_admin_revoke, ADMIN_BODY_MAX,
	    "admin_dcap_pck_revoke" },
};
const size_t admin_nroutes = sizeof(admin_routes) / sizeof(admin_routes[0]);
