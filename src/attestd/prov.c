/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated manufacturer's provisioning backend: EPID join for a
 * platform's provisioning enclave (docs/attestd.md "Provisioning").
 *
 *   POST /provisioning/v1/join/start   {"ppid"}
 *     -> {"gid", "nonce", "groupPubKey", "groupCert", "quoteEncryptionKey",
 *         "epidSigningKey"}
 *   POST /provisioning/v1/join/finish  {"ppid", "gid", "nonce",
 *         "joinRequest", "mac"}
 *     -> {"credential"}
 *   GET  /provisioning/v1/public
 *     -> {"quoteEncryptionKey", "epidSigningKey", "reportSigningChain"}
 *
 * A platform is known once enrolled by the administrator (its PPID and
 * the key that authenticates it, both derived from its PROVISION key).
 * mac = AES-CMAC(auth key, "sgxra join" || ppid || gid (4, big-endian) ||
 * nonce || joinRequest), in hex.
 */
#include <stdio.h>
#include <string.h>

#include "attestd.h"
#include "kproto.h"
#include "log.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"

static const char join_mac_label[] = "sgxra join";

struct newest {
	uint32_t gid;
	bool any;
};

static bool
pick_newest(void *ctx, const struct store_group *g)
{
	struct newest *n = ctx;

	if (!g->revoked && (!n->any || g->gid > n->gid)) {
		n->gid = g->gid;
		n->any = true;
	}
	return true;
}

/* The enrolled platform of body's "ppid", or a 400/404/500 response. */
static bool
platform_of(struct attestd *ad, json_t *body, struct store_platform *p,
    struct httpd_resp *w)
{
	uint8_t ppid[KPROTO_PPID_LEN];
	bool found;

	if (!attestd_hex_field(body, "ppid", ppid, sizeof(ppid), w)) {
		return false;
	}
	if (store_platform_get(ad->store, ppid, p, &found) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return false;
	}
	if (!found) {
		httpd_resp_error(
		    w, 404, "not_found", "this platform is not enrolled");
		return false;
	}
	return true;
}

static void
join_start(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_platform p;
	struct store_group g;
	struct newest n = { 0 };
	uint8_t in[KPROTO_PPID_LEN + 8], nonce[KPROTO_NONCE_LEN];
	struct ra_bytes part = { in, sizeof(in) };
	struct ra_buf b;
	char gid_hex[9];
	json_t *body, *o;
	size_t len;
	bool found = false;

	if ((body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	if (!platform_of(ad, body, &p, w)) {
		json_decref(body);
		return;
	}
	json_decref(body);
	if (store_group_list(ad->store, pick_newest, &n) != RA_OK ||
	    (n.any && store_group_get(ad->store, n.gid, &g, &found) != RA_OK)) {
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return;
	}
	if (!found) {
		httpd_resp_error(
		    w, 503, "unavailable", "no EPID group is open for joining");
		return;
	}
	b = ra_buf_init(in, sizeof(in));
	ra_buf_put(&b, p.ppid, sizeof(p.ppid));
	ra_buf_u64be(&b, (uint64_t)attestd_now());
	if (ra_buf_finish(&b) != RA_OK ||
	    attestd_keeper(ad, K_JOIN_NONCE, &part, 1, nonce, sizeof(nonce),
	        &len) != RA_OK ||
	    len != sizeof(nonce)) {
		httpd_resp_error(
		    w, 500, "internal_error", "the key-holding process failed");
		return;
	}
	snprintf(gid_hex, sizeof(gid_hex), "%08x", g.gid);
	o = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "gid", gid_hex, "nonce",
	    attestd_b64_json(nonce, sizeof(nonce)), "groupPubKey",
	    attestd_b64_json(g.pub, sizeof(g.pub)), "groupCert",
	    attestd_b64_json(g.cert, sizeof(g.cert)), "quoteEncryptionKey",
	    attestd_b64_json(ad->quote_modulus, sizeof(ad->quote_modulus)),
	    "epidSigningKey", attestd_b64_json(ad->epid_sign_pub, 64));
	attestd_send_json(w, 200, o);
}

static void
join_finish(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_platform p;
	struct store_group g;
	uint8_t nonce[KPROTO_NONCE_LEN], jr[KPROTO_JOIN_REQ_LEN];
	uint8_t in[KPROTO_PPID_LEN + 8 + KPROTO_NONCE_LEN +
	    KPROTO_GROUP_PUB_LEN + KPROTO_WRAPPED_LEN + KPROTO_JOIN_REQ_LEN];
	uint8_t macin[sizeof(join_mac_label) - 1 + KPROTO_PPID_LEN + 4 +
	    KPROTO_NONCE_LEN + KPROTO_JOIN_REQ_LEN];
	uint8_t cred[KPROTO_CRED_LEN];
	struct ra_mac128 mac;
	struct ra_key128 auth;
	struct ra_bytes part = { in, sizeof(in) };
	struct ra_buf b;
	uint32_t gid;
	json_t *body;
	size_t len;
	bool found;
	enum ra_err err;

	if ((body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	if (!platform_of(ad, body, &p, w) ||
	    !attestd_b64_field(body, "nonce", nonce, sizeof(nonce), w) ||
	    !attestd_b64_field(body, "joinRequest", jr, sizeof(jr), w) ||
	    !attestd_hex_field(body, "mac", mac.b, sizeof(mac.b), w)) {
		json_decref(body);
		return;
	}
	if (!attestd_parse_gid(
	        json_string_value(json_object_get(body, "gid")), &gid)) {
		json_decref(body);
		httpd_resp_error(
		    w, 400, "bad_request", "gid must be 8 hex digits");
		return;
	}
	json_decref(body);
	b = ra_buf_init(macin, sizeof(macin));
	ra_buf_put(&b, join_mac_label, sizeof(join_mac_label) - 1);
	ra_buf_put(&b, p.ppid, sizeof(p.ppid));
	ra_buf_u32be(&b, gid);
	RA_BUF_PUT(&b, nonce);
	RA_BUF_PUT(&b, jr);
	memcpy(auth.b, p.auth_key, sizeof(auth.b));
	err = ra_buf_finish(&b);
	if (err == RA_OK) {
		err = ra_cmac_verify(&mac, &auth, macin, sizeof(macin));
	}
	RA_WIPE(auth);
	if (err != RA_OK) {
		httpd_resp_error(w, 401, "unauthorized",
		    "the join request's MAC does not verify");
		return;
	}
	if (store_group_get(ad->store, gid, &g, &found) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return;
	}
	if (!found || g.revoked) {
		httpd_resp_error(w, found ? 409 : 404,
		    found ? "conflict" : "not_found", "EPID group %08x is %s",
		    gid, found ? "revoked" : "unknown");
		return;
	}
	b = ra_buf_init(in, sizeof(in));
	ra_buf_put(&b, p.ppid, sizeof(p.ppid));
	ra_buf_u64be(&b, (uint64_t)attestd_now());
	RA_BUF_PUT(&b, nonce);
	RA_BUF_PUT(&b, g.pub);
	RA_BUF_PUT(&b, g.wrapped_isk);
	RA_BUF_PUT(&b, jr);
	if (ra_buf_finish(&b) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "internal error");
		return;
	}
	err = attestd_keeper(ad, K_JOIN, &part, 1, cred, sizeof(cred), &len);
	if (err != RA_OK || len != sizeof(cred)) {
		if (err == RA_ERR_IO) {
			httpd_resp_error(w, 500, "internal_error",
			    "the key-holding process failed");
		} else if (err == RA_ERR_POLICY) {
			httpd_resp_error(w, 400, "bad_request",
			    "the join nonce has expired: start again");
		} else {
			httpd_resp_error(w, 400, "bad_request",
			    "the join request does not verify (%s)",
			    ra_errname(err));
		}
		return;
	}
	p.gid = gid;
	p.joined = attestd_now();
	if (store_platform_put(ad->store, &p) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return;
	}
	pthread_mutex_lock(&ad->lock);
	ad->joins++;
	pthread_mutex_unlock(&ad->lock);
	attestd_send_json(w, 200,
	    json_pack(
	        "{s:o}", "credential", attestd_b64_json(cred, sizeof(cred))));
	RA_WIPE(cred);
}

static void
public_keys(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;

	(void)req;
	attestd_send_json(w, 200,
	    json_pack("{s:o,s:o,s:s}", "quoteEncryptionKey",
	        attestd_b64_json(ad->quote_modulus, sizeof(ad->quote_modulus)),
	        "epidSigningKey", attestd_b64_json(ad->epid_sign_pub, 64),
	        "reportSigningChain", ad->cert_pem));
}

const struct httpd_route prov_routes[] = {
	{ "POST", "/provisioning/v1/join/start", join_start, 4096,
	    "prov_join_start" },
	{ "POST", "/provisioning/v1/join/finish", join_finish, 4096,
	    "prov_join_finish" },
	{ "GET", "/provisioning/v1/public", public_keys, 0, "prov_public" },
};
const size_t prov_nroutes = sizeof(prov_routes) / sizeof(prov_routes[0]);
