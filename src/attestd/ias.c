/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IAS API (FORMATS.md §5): GET sigrl/{gid} and POST report, under the
 * path prefixes IAS used, for API versions 3, 4 and 5. The verification
 * pipeline is ias_verify_quote; the report body is ias_avr_body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "attestd.h"
#include "kproto.h"
#include "log.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/pib.h"
#include "sgxra/quote.h"
#include "sgxra/random.h"

#define NONCE_MAX 32

static const char *const status_names[IAS_STATUS_COUNT] = {
	[IAS_OK] = "OK",
	[IAS_SIGNATURE_INVALID] = "SIGNATURE_INVALID",
	[IAS_GROUP_REVOKED] = "GROUP_REVOKED",
	[IAS_SIGNATURE_REVOKED] = "SIGNATURE_REVOKED",
	[IAS_KEY_REVOKED] = "KEY_REVOKED",
	[IAS_SIGRL_VERSION_MISMATCH] = "SIGRL_VERSION_MISMATCH",
	[IAS_GROUP_OUT_OF_DATE] = "GROUP_OUT_OF_DATE",
	[IAS_CONFIGURATION_NEEDED] = "CONFIGURATION_NEEDED",
	[IAS_SW_HARDENING_NEEDED] = "SW_HARDENING_NEEDED",
	[IAS_CONFIGURATION_AND_SW_HARDENING_NEEDED] =
	    "CONFIGURATION_AND_SW_HARDENING_NEEDED",
};

const char *
ias_status_name(enum ias_status s)
{
	return (unsigned int)s < IAS_STATUS_COUNT ? status_names[s] : "?";
}

int
ias_status_from_name(const char *s)
{
	int i;

	for (i = 0; i < IAS_STATUS_COUNT; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			return i;
		}
	}
	return -1;
}

/* --- the pipeline -------------------------------------------------------- */

/* Decrypt the quote's signature blob (FORMATS.md §3.2) into *plain. */
static enum ra_err
open_signature(struct attestd *ad, const struct ra_epid_quote *q,
    uint8_t **plain, size_t *plain_len, char *why, size_t cap)
{
	struct ra_epid_quote_sig s;
	struct ra_bytes part;
	struct ra_key128 key;
	struct ra_hash256 h;
	size_t n;
	enum ra_err err;

	*plain = NULL;
	*plain_len = 0;
	if (ra_epid_quote_sig_parse(&s, q->signature.p, q->signature.len) !=
	    RA_OK) {
		snprintf(why, cap, "the quote's signature blob is malformed");
		return RA_ERR_FORMAT;
	}
	part.p = s.wrapped_key;
	part.len = sizeof(s.wrapped_key);
	err = attestd_keeper(ad, K_UNWRAP, &part, 1, key.b, sizeof(key.b), &n);
	if (err == RA_ERR_IO) {
		snprintf(why, cap, "the key-holding process failed");
		return err;
	}
	if (err != RA_OK || n != sizeof(key.b)) {
		snprintf(why, cap,
		    "the quote's signature blob is not "
		    "encrypted for this service");
		return RA_ERR_AUTH;
	}
	ra_sha256(&h, key.b, sizeof(key.b));
	if (!ra_ct_eq(h.b, s.key_hash.b, sizeof(h.b))) {
		RA_WIPE(key);
		snprintf(why, cap,
		    "the quote's key_hash does not match its "
		    "wrapped key");
		return RA_ERR_AUTH;
	}
	if ((*plain = malloc(s.ciphertext.len + 1)) == NULL) {
		RA_WIPE(key);
		snprintf(why, cap, "out of memory");
		return RA_ERR_IO;
	}
	err = ra_gcm_decrypt(*plain, &key, s.iv, NULL, 0, s.ciphertext.p,
	    s.ciphertext.len, &s.tag);
	RA_WIPE(key);
	if (err != RA_OK) {
		free(*plain);
		*plain = NULL;
		snprintf(why, cap,
		    "the quote's signature blob does not "
		    "authenticate (AES-GCM)");
		return RA_ERR_AUTH;
	}
	*plain_len = s.ciphertext.len;
	return RA_OK;
}

/* EPID verification and revocation, in IAS's order. */
static enum ias_status
epid_status(const struct group_view *g, const struct ra_epid_quote *q,
    const uint8_t *plain, size_t plain_len, struct ias_verdict *v)
{
	struct ra_epid_sig sig;
	struct ra_epid_verify_args a;
	enum ra_epid_verdict verdict;
	enum ra_err err;

	if (ra_epid_sig_parse(&sig, plain, plain_len) != RA_OK) {
		return IAS_SIGNATURE_INVALID;
	}
	memset(&a, 0, sizeof(a));
	a.msg = q->body.p;
	a.msg_len = RA_EPID_QUOTE_BODY_LEN;
	a.bsn = q->basename;
	a.bsn_len = sizeof(q->basename);
	a.privrl = &g->privrl;
	if (sig.rl_ver != g->sigrl.version || sig.n2 != g->sigrl.n2) {
		/* made with another SigRL: only the basic signature and the
		 * PrivRL can be checked */
		err = ra_epid_verify(g->verifier, &verdict, &sig, &a);
		if (err != RA_OK || verdict == RA_EPID_INVALID) {
			return IAS_SIGNATURE_INVALID;
		}
		if (verdict == RA_EPID_REVOKED_PRIV) {
			return IAS_KEY_REVOKED;
		}
		return IAS_SIGRL_VERSION_MISMATCH;
	}
	a.sigrl = g->sigrl.version != 0 ? &g->sigrl : NULL;
	err = ra_epid_verify(g->verifier, &verdict, &sig, &a);
	if (err != RA_OK) {
		return err == RA_ERR_VERSION ? IAS_SIGRL_VERSION_MISMATCH
		                             : IAS_SIGNATURE_INVALID;
	}
	switch (verdict) {
	case RA_EPID_VALID:
		break;
	case RA_EPID_REVOKED_PRIV:
		return IAS_KEY_REVOKED;
	case RA_EPID_REVOKED_SIG:
		return IAS_SIGNATURE_REVOKED;
	default:
		return IAS_SIGNATURE_INVALID;
	}
	if (q->sign_type == RA_QUOTE_LINKABLE) {
		v->linkable = true;
		memcpy(v->pseudonym, sig.sigma0.b.b, 64);
		memcpy(v->pseudonym + 64, sig.sigma0.k.b, 64);
	}
	return IAS_OK;
}

static bool
at_least(const struct ra_epid_quote *q, const struct store_tcb_level *l)
{
	size_t i;

	for (i = 0; i < RA_CPUSVN_LEN; i++) {
		if (q->report_body.cpu_svn[i] < l->cpu_svn[i]) {
			return false;
		}
	}
	return q->qe_svn >= l->qe_svn && q->pce_svn >= l->pce_svn;
}

/*
 * The TCB policy: the first level (best first) that the quote's CPUSVN,
 * QE SVN and PCE SVN all reach gives the status and advisories; below
 * every level, GROUP_OUT_OF_DATE. No levels: OK.
 */
static void
tcb_status(const struct group_view *g, const struct ra_epid_quote *q,
    struct ias_verdict *v)
{
	size_t i;
	int s;

	if (g->nlevels == 0) {
		return;
	}
	for (i = 0; i < g->nlevels; i++) {
		if (at_least(q, &g->levels[i])) {
			s = ias_status_from_name(g->levels[i].status);
			v->status =
			    s < 0 ? IAS_GROUP_OUT_OF_DATE : (enum ias_status)s;
			snprintf(v->advisories, sizeof(v->advisories), "%s",
			    g->levels[i].advisories);
			return;
		}
	}
	v->status = IAS_GROUP_OUT_OF_DATE;
	snprintf(v->advisories, sizeof(v->advisories), "%s",
	    g->levels[g->nlevels - 1].advisories);
}

static bool
wants_pib(enum ias_status s)
{
	return s == IAS_GROUP_REVOKED || s == IAS_GROUP_OUT_OF_DATE ||
	    s == IAS_CONFIGURATION_NEEDED ||
	    s == IAS_CONFIGURATION_AND_SW_HARDENING_NEEDED;
}

/* The Platform Info Blob (FORMATS.md §3.4), signed by the keeper. */
static enum ra_err
make_pib(struct attestd *ad, const struct group_view *g,
    const struct ra_epid_quote *q, struct ias_verdict *v)
{
	struct ra_pib p;
	uint8_t payload[RA_PIB_LEN];
	struct ra_bytes part = { payload, RA_PIB_SIGNED_LEN };
	struct ra_buf b;
	size_t n;
	enum ra_err err;

	memset(&p, 0, sizeof(p));
	if (v->status == IAS_GROUP_REVOKED) {
		p.epid_group_flags |= RA_PIB_GROUP_REVOKED;
	}
	if (v->status == IAS_GROUP_OUT_OF_DATE) {
		p.epid_group_flags |= RA_PIB_GROUP_OUT_OF_DATE;
	}
	if (g->nlevels > 0) {
		const struct store_tcb_level *best = &g->levels[0];
		size_t i;

		for (i = 0; i < RA_CPUSVN_LEN; i++) {
			if (q->report_body.cpu_svn[i] < best->cpu_svn[i]) {
				p.tcb_evaluation_flags |=
				    RA_PIB_TCB_CPUSVN_OUT_OF_DATE;
			}
		}
		if (q->qe_svn < best->qe_svn) {
			p.tcb_evaluation_flags |= RA_PIB_TCB_QE_OUT_OF_DATE;
		}
		if (q->pce_svn < best->pce_svn) {
			p.tcb_evaluation_flags |= RA_PIB_TCB_PCE_OUT_OF_DATE;
		}
		memcpy(p.latest_psvn, best->cpu_svn, RA_CPUSVN_LEN);
		p.latest_psvn[16] = (uint8_t)best->pce_svn;
		p.latest_psvn[17] = (uint8_t)(best->pce_svn >> 8);
	}
	if (v->status == IAS_CONFIGURATION_NEEDED ||
	    v->status == IAS_CONFIGURATION_AND_SW_HARDENING_NEEDED) {
		p.tcb_evaluation_flags |= RA_PIB_TCB_CONFIGURATION_NEEDED;
	}
	b = ra_buf_init(payload, sizeof(payload));
	ra_pib_build(&b, &p);
	if ((err = ra_buf_finish(&b)) != RA_OK) {
		return err;
	}
	if ((err = attestd_keeper(
	         ad, K_SIGN_PIB, &part, 1, payload + 37, 64, &n)) != RA_OK) {
		return err;
	}
	memcpy(p.signature.r, payload + 37, 32);
	memcpy(p.signature.s, payload + 69, 32);
	b = ra_buf_init(v->pib_tlv, sizeof(v->pib_tlv));
	ra_pib_tlv_build(&b, &p);
	v->pib = true;
	return ra_buf_finish(&b);
}

enum ra_err
ias_verify_quote(struct attestd *ad, const struct store_tenant *t,
    const uint8_t *quote, size_t len, struct ias_verdict *v, char *why,
    size_t cap)
{
	struct ra_epid_quote q;
	struct group_view g;
	uint8_t *plain = NULL;
	size_t plain_len = 0;
	bool found;
	enum ra_err err;

	memset(v, 0, sizeof(*v));
	v->tcb_eval_number = 1;
	if ((err = ra_epid_quote_parse(&q, quote, len)) != RA_OK) {
		snprintf(why, cap, "isvEnclaveQuote is not an EPID quote (%s)",
		    ra_errname(err));
		return RA_ERR_FORMAT;
	}
	if (q.version != 2) {
		snprintf(
		    why, cap, "quote version %u is not supported", q.version);
		return RA_ERR_VERSION;
	}
	if (q.xeid != 0) {
		snprintf(why, cap, "extended EPID group %u is unknown", q.xeid);
		return RA_ERR_POLICY;
	}
	if (!ra_ct_eq(q.basename, t->spid, sizeof(t->spid))) {
		snprintf(why, cap,
		    "the quote's SPID is not this "
		    "subscription's");
		return RA_ERR_POLICY;
	}
	if ((q.sign_type == RA_QUOTE_LINKABLE) != t->linkable) {
		snprintf(why, cap, "the subscription takes %s quotes",
		    t->linkable ? "linkable" : "unlinkable");
		return RA_ERR_POLICY;
	}
	if (groups_get(ad, q.gid, &g, &found) != RA_OK) {
		snprintf(why, cap, "cannot read EPID group %08x", q.gid);
		return RA_ERR_IO;
	}
	if (!found) {
		snprintf(why, cap, "EPID group %08x is unknown", q.gid);
		return RA_ERR_POLICY;
	}
	if ((err = open_signature(ad, &q, &plain, &plain_len, why, cap)) !=
	    RA_OK) {
		groups_release(ad, &g);
		return err;
	}
	if (g.g.revoked) {
		v->status = IAS_GROUP_REVOKED;
		v->revocation_reason = g.g.revocation_reason;
	} else {
		v->status = epid_status(&g, &q, plain, plain_len, v);
		if (v->status == IAS_OK) {
			tcb_status(&g, &q, v);
		}
	}
	ra_wipe(plain, plain_len);
	free(plain);
	err = RA_OK;
	if (wants_pib(v->status) && (err = make_pib(ad, &g, &q, v)) != RA_OK) {
		snprintf(why, cap, "cannot sign the platform info blob");
		err = RA_ERR_IO;
	}
	groups_release(ad, &g);
	return err;
}

/*
 * B || K of a quote's EPID signature, to put on its group's SigRL: the
 * quote must be of group gid and its signature blob must open; the
 * signature itself need not verify (a revoked or stale one is what gets
 * revoked).
 */
enum ra_err
ias_quote_pseudonym(struct attestd *ad, uint32_t gid, const uint8_t *quote,
    size_t len, uint8_t bk[128], char *why, size_t cap)
{
	struct ra_epid_quote q;
	struct ra_epid_sig sig;
	uint8_t *plain = NULL;
	size_t plain_len = 0;
	enum ra_err err;

	if (ra_epid_quote_parse(&q, quote, len) != RA_OK) {
		snprintf(why, cap, "quote is not an EPID quote");
		return RA_ERR_FORMAT;
	}
	if (q.gid != gid) {
		snprintf(why, cap, "the quote is of group %08x, not %08x",
		    q.gid, gid);
		return RA_ERR_POLICY;
	}
	if ((err = open_signature(ad, &q, &plain, &plain_len, why, cap)) !=
	    RA_OK) {
		return err;
	}
	err = ra_epid_sig_parse(&sig, plain, plain_len);
	if (err == RA_OK) {
		memcpy(bk, sig.sigma0.b.b, 64);
		memcpy(bk + 64, sig.sigma0.k.b, 64);
	} else {
		snprintf(why, cap, "the quote's EPID signature is malformed");
		err = RA_ERR_FORMAT;
	}
	ra_wipe(plain, plain_len);
	free(plain);
	return err;
}

bool
ias_pseudonym_valid(const uint8_t bk[128])
{
	struct ra_epid_g1 b, k;

	memcpy(b.b, bk, sizeof(b.b));
	memcpy(k.b, bk + 64, sizeof(k.b));
	return ra_epid_g1_valid(&b) && ra_epid_g1_valid(&k);
}

/* --- the report body ----------------------------------------------------- */

void
ias_report_id(char out[40], const uint8_t id[16])
{
	uint8_t n[16];
	char digits[40];
	size_t nd = 0, i;
	bool zero;

	memcpy(n, id, sizeof(n));
	do {
		unsigned int rem = 0;

		zero = true;
		for (i = 0; i < sizeof(n); i++) {
			unsigned int cur = rem * 256 + n[i];

			n[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			if (n[i] != 0) {
				zero = false;
			}
		}
		digits[nd++] = (char)('0' + rem);
	} while (!zero && nd < sizeof(digits) - 1);
	for (i = 0; i < nd; i++) {
		out[i] = digits[nd - 1 - i];
	}
	out[nd] = '\0';
}

static bool
wants_advisories(enum ias_status s)
{
	return s == IAS_GROUP_OUT_OF_DATE || s == IAS_CONFIGURATION_NEEDED ||
	    s == IAS_SW_HARDENING_NEEDED ||
	    s == IAS_CONFIGURATION_AND_SW_HARDENING_NEEDED;
}

static int
set_b64(json_t *o, const char *key, const uint8_t *p, size_t n)
{
	char buf[RA_BASE64_LEN(RA_EPID_QUOTE_BODY_LEN) + 1];

	if (n > RA_EPID_QUOTE_BODY_LEN ||
	    ra_base64_encode(buf, sizeof(buf), p, n) != RA_OK) {
		return -1;
	}
	return json_object_set_new(o, key, json_string(buf));
}

static int
set_advisories(json_t *o, const char *list)
{
	json_t *a = json_array();
	char buf[STORE_ADVISORIES_MAX], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (*tok != '\0') {
			json_array_append_new(a, json_string(tok));
		}
	}
	return json_object_set_new(o, "advisoryIDs", a);
}

char *
ias_avr_body(const struct ias_verdict *v, const uint8_t *body432,
    const char *nonce, int version, int64_t now_us, const uint8_t id[16])
{
	char idbuf[40], ts[96], hex[RA_HEX_LEN(105) + 1];
	struct tm tm;
	time_t secs = (time_t)(now_us / 1000000);
	json_t *o = json_object();
	char *out = NULL;
	int bad = 0;

	if (o == NULL || gmtime_r(&secs, &tm) == NULL) {
		json_decref(o);
		return NULL;
	}
	ias_report_id(idbuf, id);
	snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%06ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, (long)(now_us % 1000000));
	if (nonce != NULL) {
		bad |= json_object_set_new(o, "nonce", json_string(nonce));
	}
	bad |= json_object_set_new(o, "id", json_string(idbuf));
	bad |= json_object_set_new(o, "timestamp", json_string(ts));
	bad |= json_object_set_new(o, "version", json_integer(version));
	if (v->linkable) {
		bad |= set_b64(o, "epidPseudonym", v->pseudonym, 128);
	}
	if (version >= 4 && wants_advisories(v->status) &&
	    v->advisories[0] != '\0') {
		bad |= json_object_set_new(
		    o, "advisoryURL", json_string(ATTESTD_ADVISORY_URL));
		bad |= set_advisories(o, v->advisories);
	}
	bad |= json_object_set_new(o, "isvEnclaveQuoteStatus",
	    json_string(ias_status_name(v->status)));
	if (v->status == IAS_GROUP_REVOKED) {
		bad |= json_object_set_new(
		    o, "revocationReason", json_integer(v->revocation_reason));
	}
	if (v->pib) {
		size_t i;

		bad |=
		    ra_hex_encode(hex, sizeof(hex), v->pib_tlv, 105) != RA_OK;
		for (i = 0; hex[i] != '\0'; i++) { /* IAS writes upper case */
			if (hex[i] >= 'a' && hex[i] <= 'f') {
				hex[i] = (char)(hex[i] - 'a' + 'A');
			}
		}
		bad |= json_object_set_new(
		    o, "platformInfoBlob", json_string(hex));
	}
	bad |=
	    set_b64(o, "isvEnclaveQuoteBody", body432, RA_EPID_QUOTE_BODY_LEN);
	if (version >= 5) {
		bad |= json_object_set_new(o, "tcbEvaluationDataNumber",
		    json_integer(v->tcb_eval_number));
	}
	if (bad == 0) {
		out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	json_decref(o);
	return out;
}

/* --- HTTP ---------------------------------------------------------------- */

/* The API version from the path: ".../v3/...", "v4" or "v5". */
static int
api_version(const char *path)
{
	const char *p = strstr(path, "/attestation/v");

	if (p == NULL) {
		return 4;
	}
	return p[14] - '0';
}

bool
ias_authenticate(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, struct store_tenant *t)
{
	const char *key = httpd_req_header(req, "Ocp-Apim-Subscription-Key");
	struct ra_hash256 h;
	bool found = false;

	if (key == NULL || *key == '\0') {
		httpd_resp_error(w, 401, "unauthorized",
		    "Ocp-Apim-Subscription-Key is missing");
		return false;
	}
	ra_sha256(&h, key, strlen(key));
	if (store_key_lookup(ad->store, &h, t, &found) != RA_OK) {
		log_warnx("request %s: store: %s", req->request_id,
		    store_last_error(ad->store));
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return false;
	}
	if (!found) {
		httpd_resp_error(w, 401, "unauthorized",
		    "the subscription key is not valid");
		return false;
	}
	return true;
}

/* 200 with a text/plain body (the SigRL, maybe empty). */
static void
text_ok(struct httpd_resp *w)
{
	httpd_resp_status(w, 200);
	if (httpd_resp_header(w, "Content-Type", "text/plain") != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
	}
}

static void
sigrl_handler(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_tenant t;
	struct group_view g;
	uint32_t gid;
	bool found;
	char *b64;
	size_t n;

	if (!ias_authenticate(ad, req, w, &t)) {
		return;
	}
	if (req->nparams != 1 || !attestd_parse_gid(req->params[0], &gid)) {
		httpd_resp_error(
		    w, 400, "bad_request", "the group id must be 8 hex digits");
		return;
	}
	if (groups_get(ad, gid, &g, &found) != RA_OK) {
		httpd_resp_error(
		    w, 500, "internal_error", "cannot read the group");
		return;
	}
	if (!found) {
		httpd_resp_error(w, 404, "not_found",
		    "%08x is not an EPID group of this service", gid);
		return;
	}
	if (g.sigrl_file == NULL) {
		groups_release(ad, &g);
		text_ok(w);
		return;
	}
	n = RA_BASE64_LEN(g.sigrl_file_len) + 1;
	if ((b64 = malloc(n)) == NULL ||
	    ra_base64_encode(b64, n, g.sigrl_file, g.sigrl_file_len) != RA_OK ||
	    httpd_resp_body(w, b64, n - 1) != RA_OK) {
		free(b64);
		groups_release(ad, &g);
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	free(b64);
	groups_release(ad, &g);
	text_ok(w);
}

/*
 * The evidence payload {"<key>": base64, "nonce"?: string}: key is
 * isvEnclaveQuote (IAS, which also refuses pseManifest) or isvQuote
 * (QVS).
 */
static enum ra_err
report_req_parse(struct ias_report_req *r, const char *key, const uint8_t *body,
    size_t len, char *why, size_t cap)
{
	json_error_t jerr;
	json_t *q, *n;
	const char *b64;
	size_t qcap;

	memset(r, 0, sizeof(*r));
	if (len == 0) {
		snprintf(why, cap, "the Attestation Evidence Payload is empty");
		return RA_ERR_FORMAT;
	}
	r->root =
	    json_loadb((const char *)body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (r->root == NULL || !json_is_object(r->root)) {
		snprintf(why, cap,
		    "the Attestation Evidence Payload is not a JSON object%s%s",
		    r->root == NULL ? ": " : "",
		    r->root == NULL ? jerr.text : "");
		goto fail;
	}
	q = json_object_get(r->root, key);
	if (!json_is_string(q)) {
		snprintf(why, cap, "%s is missing or not a string", key);
		goto fail;
	}
	if (strcmp(key, "isvEnclaveQuote") == 0 &&
	    json_object_get(r->root, "pseManifest") != NULL) {
		snprintf(why, cap,
		    "pseManifest is not supported: the platform services "
		    "enclave is not emulated");
		goto fail;
	}
	n = json_object_get(r->root, "nonce");
	if (n != NULL) {
		if (!json_is_string(n) || json_string_length(n) > NONCE_MAX ||
		    strlen(json_string_value(n)) != json_string_length(n)) {
			snprintf(why, cap,
			    "nonce must be a string of at most %d characters",
			    NONCE_MAX);
			goto fail;
		}
		r->nonce = json_string_value(n);
	}
	/* a string with a NUL inside is not base64 either */
	b64 = json_string_value(q);
	qcap = json_string_length(q) / 4 * 3 + 3;
	if ((r->quote = malloc(qcap)) == NULL) {
		snprintf(why, cap, "out of memory");
		ias_report_req_free(r);
		return RA_ERR_NOMEM;
	}
	if (strlen(b64) != json_string_length(q) ||
	    ra_base64_decode(r->quote, qcap, &r->quote_len, b64, strlen(b64)) !=
	        RA_OK) {
		snprintf(why, cap, "%s is not valid base64", key);
		goto fail;
	}
	return RA_OK;
fail:
	ias_report_req_free(r);
	return RA_ERR_FORMAT;
}

enum ra_err
ias_report_req_parse(struct ias_report_req *r, const uint8_t *body, size_t len,
    char *why, size_t cap)
{
	return report_req_parse(r, "isvEnclaveQuote", body, len, why, cap);
}

enum ra_err
qvs_report_req_parse(struct ias_report_req *r, const uint8_t *body, size_t len,
    char *why, size_t cap)
{
	return report_req_parse(r, "isvQuote", body, len, why, cap);
}

void
ias_report_req_free(struct ias_report_req *r)
{
	json_decref(r->root);
	free(r->quote);
	memset(r, 0, sizeof(*r));
}

bool
ias_audit(struct attestd *ad, const struct httpd_req *req, const char *tenant,
    const uint8_t *quote, size_t quote_len, const char *verdict,
    const char *body)
{
	struct store_audit_row row;

	memset(&row, 0, sizeof(row));
	snprintf(row.request_id, sizeof(row.request_id), "%s", req->request_id);
	snprintf(row.tenant, sizeof(row.tenant), "%s", tenant);
	if (quote != NULL) {
		ra_sha256(&row.quote_hash, quote, quote_len);
	}
	snprintf(row.verdict, sizeof(row.verdict), "%s", verdict);
	row.time = attestd_now();
	if (body != NULL) {
		ra_sha256(&row.avr_hash, body, strlen(body));
	}
	if (store_audit_append(ad->store, &row) != RA_OK) {
		log_warnx("request %s: cannot append to the audit log: %s",
		    req->request_id, store_last_error(ad->store));
		return false;
	}
	return true;
}

bool
ias_sign_report(struct attestd *ad, struct httpd_resp *w, const char *body)
{
	uint8_t sig[KPROTO_REPORT_SIG_LEN];
	char sig_b64[RA_BASE64_LEN(KPROTO_REPORT_SIG_LEN) + 1];
	struct ra_bytes part = { (const uint8_t *)body, strlen(body) };
	size_t n;

	if (attestd_keeper(ad, K_SIGN_REPORT, &part, 1, sig, sizeof(sig), &n) !=
	        RA_OK ||
	    n != sizeof(sig) ||
	    ra_base64_encode(sig_b64, sizeof(sig_b64), sig, sizeof(sig)) !=
	        RA_OK) {
		return false;
	}
	if (httpd_resp_body(w, body, strlen(body)) != RA_OK ||
	    httpd_resp_header(w, "X-IASReport-Signature", sig_b64) != RA_OK ||
	    httpd_resp_header(w, "X-IASReport-Signing-Certificate",
	        ad->cert_header) != RA_OK) {
		return false;
	}
	return true;
}

/* API v3 puts the advisories in headers (Advisory-URL, Advisory-IDs). */
static bool
v3_headers(struct httpd_resp *w, const struct ias_verdict *v, int version)
{
	if (version == 3 && wants_advisories(v->status) &&
	    v->advisories[0] != '\0' &&
	    (httpd_resp_header(w, "Advisory-URL", ATTESTD_ADVISORY_URL) !=
	            RA_OK ||
	        httpd_resp_header(w, "Advisory-IDs", v->advisories) != RA_OK)) {
		return false;
	}
	return true;
}

bool
ias_report_begin(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, bool dcap, struct store_tenant *t,
    struct ias_report_req *r)
{
	char why[256];
	enum ra_err err;

	if (!ias_authenticate(ad, req, w, t)) {
		(void)ias_audit(ad, req, "", NULL, 0, "HTTP_401", NULL);
		return false;
	}
	err = dcap ? qvs_report_req_parse(
	                 r, req->body, req->body_len, why, sizeof(why))
	           : ias_report_req_parse(
	                 r, req->body, req->body_len, why, sizeof(why));
	if (err == RA_ERR_NOMEM) {
		httpd_resp_error(w, 500, "internal_error", "%s", why);
		return false;
	}
	if (err != RA_OK) {
		httpd_resp_error(w, 400, "bad_request", "%s", why);
		(void)ias_audit(ad, req, t->id, NULL, 0, "HTTP_400", NULL);
		return false;
	}
	return true;
}

void
ias_report_refuse(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, const char *tenant, const struct ias_report_req *r,
    enum ra_err err, const char *why)
{
	if (err == RA_ERR_IO || err == RA_ERR_NOMEM) {
		log_warnx("request %s: %s", req->request_id, why);
		httpd_resp_error(w, 500, "internal_error", "%s", why);
		(void)ias_audit(
		    ad, req, tenant, r->quote, r->quote_len, "HTTP_500", NULL);
		return;
	}
	httpd_resp_error(w, 400, "bad_request", "%s", why);
	(void)ias_audit(
	    ad, req, tenant, r->quote, r->quote_len, "HTTP_400", NULL);
}

bool
ias_report_send(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, const char *tenant, const struct ias_report_req *r,
    const char *status, const char *body)
{
	if (body == NULL) {
		ias_report_refuse(
		    ad, req, w, tenant, r, RA_ERR_IO, "cannot make the report");
		return false;
	}
	/* no report leaves without its audit row */
	if (!ias_audit(ad, req, tenant, r->quote, r->quote_len, status, body)) {
		httpd_resp_error(w, 500, "internal_error",
		    "cannot record the report in the audit log");
		return false;
	}
	if (!ias_sign_report(ad, w, body)) {
		httpd_resp_error(
		    w, 500, "internal_error", "cannot sign the report");
		return false;
	}
	return true;
}

static void
report_handler(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_tenant t;
	struct ias_report_req r;
	struct ias_verdict v;
	uint8_t id[16];
	char why[256], *body = NULL;
	int version = api_version(req->path);
	enum ra_err err;

	if (!ias_report_begin(ad, req, w, false, &t, &r)) {
		return;
	}
	err = ias_verify_quote(
	    ad, &t, r.quote, r.quote_len, &v, why, sizeof(why));
	if (err != RA_OK) {
		ias_report_refuse(ad, req, w, t.id, &r, err, why);
		goto out;
	}
	if (ra_random(id, sizeof(id)) == RA_OK) {
		body = ias_avr_body(
		    &v, r.quote, r.nonce, version, attestd_now_us(), id);
	}
	if (!ias_report_send(
	        ad, req, w, t.id, &r, ias_status_name(v.status), body)) {
		goto out;
	}
	if (!v3_headers(w, &v, version)) {
		httpd_resp_error(
		    w, 500, "internal_error", "cannot set the report headers");
		goto out;
	}
	httpd_resp_status(w, 200);
	pthread_mutex_lock(&ad->lock);
	ad->reports_by_status[v.status]++;
	pthread_mutex_unlock(&ad->lock);
out:
	free(body);
	ias_report_req_free(&r);
}

#define IAS_ROUTES(prefix, v)                                                 \
	{ "GET", prefix "/attestation/v" #v "/sigrl/{}", sigrl_handler, 0,    \
		"ias_sigrl" },                                                \
	{                                                                     \
		"POST", prefix "/attestation/v" #v "/report", report_handler, \
		    ATTESTD_BODY_MAX, "ias_report"                            \
	}

const struct httpd_route ias_routes[] = {
	IAS_ROUTES("", 3),
	IAS_ROUTES("", 4),
	IAS_ROUTES("", 5),
	IAS_ROUTES("/sgx/dev", 3),
	IAS_ROUTES("/sgx/dev", 4),
	IAS_ROUTES("/sgx/dev", 5),
	IAS_ROUTES("/sgx", 3),
	IAS_ROUTES("/sgx", 4),
	IAS_ROUTES("/sgx", 5),
	{ "POST", "/attestation/sgx/dcap/v1/report", qvs_report_handler,
	    ATTESTD_BODY_MAX, "qvs_report" },
};
const size_t ias_nroutes = sizeof(ias_routes) / sizeof(ias_routes[0]);
