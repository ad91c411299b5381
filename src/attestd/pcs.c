/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated Intel Provisioning Certification Service, API v4
 * (FORMATS.md §6.3; docs/attestd.md "PCS"), on the public port, and its
 * administration:
 *
 *   GET /sgx/certification/v4/pckcert?encrypted_ppid=&cpusvn=&pcesvn=&pceid=
 *   GET /sgx/certification/v4/pckcrl?ca=platform[&encoding=der|pem]
 *   GET /sgx/certification/v4/tcb?fmspc=
 *   GET /sgx/certification/v4/qe/identity
 *   GET /sgx/certification/v4/rootcacrl
 *   PUT/GET /admin/v1/dcap/tcb, POST /admin/v1/dcap/pck/revoke
 *
 * Every signature is the key-holding child's (kproto.h); this file
 * builds the documents, keeps the CRLs current in the store, and checks
 * every parameter. The emulation has one PCK CA, the Platform CA, and
 * one FMSPC, RA_EMU_FMSPC.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attestd.h"
#include "kproto.h"
#include "log.h"
#include "sgxra/ae.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"
#include "sgxra/dcap.h"
#include "sgxra/encode.h"
#include "sgxra/pck.h"
#include "sgxra/x509_issue.h"

#define DAY         ((int64_t)86400)
#define DOC_VALID   (30 * DAY) /* nextUpdate of TCB Info, QE Identity, CRLs */
#define CRL_REFRESH DAY        /* a CRL older than this is issued again */
/*
 * issueDate and thisUpdate are set this far in the past: a verifier
 * whose clock is behind ours, even by a second, would otherwise see a
 * document that is not valid yet (as Intel's, fetched well after their
 * issue, never are).
 */
#define BACKDATE       ((int64_t)3600)
#define TEXT_MAX       ((size_t)128 * 1024)
#define CRL_PEM_MAX    ((size_t)96 * 1024)
#define PCK_PEM_MAX    4096
#define ISO_LEN        21 /* "2026-01-01T00:00:00Z" and its NUL */
#define CT_PEM         "application/x-pem-file"
#define CT_DER         "application/pkix-crl"
#define CRL_NAME_ROOT  "crl-root"
#define CRL_NAME_PLAT  "crl-platform"
#define QE_ATTR_MASK   "FBFFFFFFFFFFFFFF0000000000000000"
#define HDR_TCB_CHAIN  "TCB-Info-Issuer-Chain"
#define HDR_QE_CHAIN   "SGX-Enclave-Identity-Issuer-Chain"
#define HDR_CRL_CHAIN  "SGX-PCK-CRL-Issuer-Chain"
#define HDR_CERT_CHAIN "SGX-PCK-Certificate-Issuer-Chain"

static const uint8_t emu_fmspc[RA_FMSPC_LEN] = RA_EMU_FMSPC;

static const char *const sgx_statuses[] = { "UpToDate", "SWHardeningNeeded",
	"ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded", "OutOfDate",
	"OutOfDateConfigurationNeeded", "Revoked" };

/* --- small helpers ------------------------------------------------------- */

static void
iso(char out[ISO_LEN], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		(void)snprintf(out, ISO_LEN, "1970-01-01T00:00:00Z");
	}
}

/* "YYYY-MM-DDThh:mm:ssZ" to Unix seconds; false if it is not that. */
static bool
parse_iso(const char *s, int64_t *t)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || strlen(s) != ISO_LEN - 1 ||
	    (end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL ||
	    *end != '\0') {
		return false;
	}
	*t = (int64_t)timegm(&tm);
	return *t >= 0;
}

/* Exactly n bytes from 2n hex digits. */
static bool
hex_exact(uint8_t *out, size_t n, const char *s)
{
	return s != NULL && strlen(s) == 2 * n &&
	    ra_hex_decode_exact(out, n, s, 2 * n) == RA_OK;
}

/* A u16 from 4 hex digits of two little-endian bytes ("0a00" is 10). */
static bool
hex_u16le(uint16_t *v, const char *s)
{
	uint8_t b[2];

	if (!hex_exact(b, sizeof(b), s)) {
		return false;
	}
	*v = (uint16_t)(b[0] | b[1] << 8);
	return true;
}

bool
pcs_pck_query_parse(struct pcs_pck_query *q, const char *encrypted_ppid,
    const char *cpusvn, const char *pcesvn, const char *pceid, char *why,
    size_t cap)
{
	memset(q, 0, sizeof(*q));
	if (!hex_exact(
	        q->encrypted_ppid, sizeof(q->encrypted_ppid), encrypted_ppid)) {
		snprintf(why, cap,
		    "encrypted_ppid must be %zu hex digits (RSA-OAEP under the "
		    "service's quote-encryption key)",
		    2 * sizeof(q->encrypted_ppid));
		return false;
	}
	if (!hex_exact(q->cpu_svn, sizeof(q->cpu_svn), cpusvn)) {
		snprintf(why, cap, "cpusvn must be 32 hex digits");
		return false;
	}
	if (!hex_u16le(&q->pce_svn, pcesvn) || !hex_u16le(&q->pce_id, pceid)) {
		snprintf(why, cap,
		    "pcesvn and pceid must be 4 hex digits (2 bytes, "
		    "little-endian)");
		return false;
	}
	return true;
}

/* A growing text buffer with a sticky overflow, like ra_buf. */
struct text {
	char *p;
	size_t len, cap;
	bool overflow;
};

static void text_add(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->overflow) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len) {
		t->overflow = true;
		return;
	}
	t->len += (size_t)n;
}

/* ["a","b"] from "a,b" (advisories are checked printable, no quote). */
static void
text_advisories(struct text *t, const char *list)
{
	const char *p = list, *comma;

	text_add(t, ",\"advisoryIDs\":[");
	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma == NULL) {
			comma = p + strlen(p);
		}
		text_add(
		    t, "%s\"%.*s\"", p == list ? "" : ",", (int)(comma - p), p);
		p = *comma == ',' ? comma + 1 : comma;
	}
	text_add(t, "]");
}

static bool
set_header(struct httpd_resp *w, const char *name, const char *value)
{
	if (httpd_resp_header(w, name, value) != RA_OK) {
		httpd_resp_error(
		    w, 500, "internal_error", "cannot set %s", name);
		return false;
	}
	return true;
}

static void
send_body(struct httpd_resp *w, const char *type, const void *p, size_t n)
{
	if (!set_header(w, "Content-Type", type)) {
		return;
	}
	if (httpd_resp_body(w, p, n) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	httpd_resp_status(w, 200);
}

/* The TCB Signing key's r || s over the exact bytes of t (the child). */
static enum ra_err
dcap_sign(struct attestd *ad, const struct text *t, uint8_t sig[64])
{
	struct ra_bytes part = { (const uint8_t *)t->p, t->len };
	size_t len = 0;
	enum ra_err err;

	if (t->overflow) {
		return RA_ERR_SPACE;
	}
	err = attestd_keeper(ad, K_DCAP_SIGN, &part, 1, sig, 64, &len);
	return err == RA_OK && len != 64 ? RA_ERR_IO : err;
}

/*
 * Send {"<key>":<text>,"signature":"<r||s hex>"} with the TCB Signing
 * chain header: the child signs the exact bytes of text.
 */
static void
send_signed(struct attestd *ad, struct httpd_resp *w, const char *header,
    const char *key, const struct text *t)
{
	uint8_t sig[64];
	char sig_hex[RA_HEX_LEN(64) + 1];
	char *doc;
	int n;

	if (t->overflow) {
		httpd_resp_error(
		    w, 500, "internal_error", "document too large");
		return;
	}
	if (dcap_sign(ad, t, sig) != RA_OK ||
	    ra_hex_encode(sig_hex, sizeof(sig_hex), sig, sizeof(sig)) !=
	        RA_OK) {
		httpd_resp_error(
		    w, 500, "internal_error", "the key-holding process failed");
		return;
	}
	if ((doc = malloc(t->len + 256)) == NULL) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	n = snprintf(doc, t->len + 256, "{\"%s\":%s,\"signature\":\"%s\"}", key,
	    t->p, sig_hex);
	if (n > 0 && set_header(w, header, ad->dcap_signer_chain)) {
		send_body(w, "application/json", doc, (size_t)n);
	}
	free(doc);
}

/* --- TCB Info ------------------------------------------------------------ */

struct level_acc {
	struct store_dcap_level *l;
	size_t n;
};

static bool
collect_level(void *ctx, const struct store_dcap_level *l)
{
	struct level_acc *a = ctx;

	if (a->n < STORE_TCB_LEVELS_MAX) {
		a->l[a->n++] = *l;
	}
	return true;
}

/* The levels of the emulated FMSPC; the default one when none is set. */
static enum ra_err
tcb_levels(struct attestd *ad, struct level_acc *a, uint64_t *eval)
{
	enum ra_err err =
	    store_dcap_tcb_list(ad->store, emu_fmspc, eval, collect_level, a);

	if (err == RA_OK && a->n == 0) {
		memset(&a->l[0], 0, sizeof(a->l[0]));
		snprintf(a->l[0].status, sizeof(a->l[0].status), "UpToDate");
		a->n = 1;
	}
	if (*eval == 0) {
		*eval = 1;
	}
	return err;
}

static void
tcb_level_text(struct text *t, const struct store_dcap_level *l, int64_t now)
{
	char date[ISO_LEN];
	size_t i;

	iso(date, l->tcb_date != 0 ? l->tcb_date : now - BACKDATE);
	text_add(t, "{\"tcb\":{\"sgxtcbcomponents\":[");
	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		text_add(t, "%s{\"svn\":%u}", i == 0 ? "" : ",",
		    (unsigned int)l->comp_svn[i]);
	}
	text_add(t, "],\"pcesvn\":%u},\"tcbDate\":\"%s\",\"tcbStatus\":\"%s\"",
	    (unsigned int)l->pce_svn, date, l->status);
	if (l->advisories[0] != '\0') {
		text_advisories(t, l->advisories);
	}
	text_add(t, "}");
}

/*
 * The TCB Info of the emulated FMSPC at now into t (t->p has TEXT_MAX
 * bytes), and its tcbEvaluationDataNumber.
 */
static enum ra_err
tcb_info_text(struct attestd *ad, struct text *t, uint64_t *eval, int64_t now)
{
	struct level_acc a = { NULL, 0 };
	char fm_hex[RA_HEX_LEN(RA_FMSPC_LEN) + 1], issue[ISO_LEN],
	    next[ISO_LEN];
	enum ra_err err = RA_ERR_NOMEM;
	size_t i;

	*eval = 0;
	a.l = calloc(STORE_TCB_LEVELS_MAX, sizeof(*a.l));
	if (a.l == NULL || (err = tcb_levels(ad, &a, eval)) != RA_OK ||
	    (err = ra_hex_encode(fm_hex, sizeof(fm_hex), emu_fmspc,
	         sizeof(emu_fmspc))) != RA_OK) {
		free(a.l);
		return err;
	}
	iso(issue, now - BACKDATE);
	iso(next, now + DOC_VALID);
	text_add(t,
	    "{\"id\":\"SGX\",\"version\":3,\"issueDate\":\"%s\","
	    "\"nextUpdate\":\"%s\",\"fmspc\":\"%s\",\"pceId\":\"%02x%02x\","
	    "\"tcbType\":0,\"tcbEvaluationDataNumber\":%llu,\"tcbLevels\":[",
	    issue, next, fm_hex, (unsigned int)(RA_EMU_PCE_ID >> 8),
	    (unsigned int)(RA_EMU_PCE_ID & 0xff), (unsigned long long)*eval);
	for (i = 0; i < a.n; i++) {
		if (i > 0) {
			text_add(t, ",");
		}
		tcb_level_text(t, &a.l[i], now);
	}
	text_add(t, "]}");
	free(a.l);
	return t->overflow ? RA_ERR_SPACE : RA_OK;
}

static void
tcb_info(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct text t = { NULL, 0, TEXT_MAX, false };
	uint8_t fmspc[RA_FMSPC_LEN];
	uint64_t eval = 0;

	if (!hex_exact(fmspc, sizeof(fmspc), httpd_req_query(req, "fmspc"))) {
		httpd_resp_error(
		    w, 400, "bad_request", "fmspc must be 12 hex digits");
		return;
	}
	if (!ra_ct_eq(fmspc, emu_fmspc, sizeof(fmspc))) {
		httpd_resp_error(w, 404, "not_found",
		    "no TCB Info for this FMSPC (the emulated platforms' "
		    "FMSPC is 534758524100)");
		return;
	}
	if ((t.p = malloc(TEXT_MAX)) == NULL ||
	    tcb_info_text(ad, &t, &eval, attestd_now()) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "storage failure");
	} else {
		send_signed(ad, w, HDR_TCB_CHAIN, "tcbInfo", &t);
	}
	free(t.p);
}

/* --- QE Identity --------------------------------------------------------- */

/*
 * The QE Identity at now into t, with the TCB Info's evaluation data
 * number eval (Intel's two documents of one TCB recovery share it).
 */
static enum ra_err
qe_identity_text(struct text *t, uint64_t eval, int64_t now)
{
	struct ra_secs secs;
	uint8_t attr[16], misc[4];
	char attr_hex[RA_HEX_LEN(16) + 1], misc_hex[RA_HEX_LEN(4) + 1],
	    mrs_hex[RA_HEX_LEN(32) + 1], issue[ISO_LEN], next[ISO_LEN];
	struct ra_buf bm = ra_buf_init(misc, sizeof(misc));
	struct ra_buf ba = ra_buf_init(attr, sizeof(attr));
	enum ra_err err;

	if ((err = ra_ae_secs(&secs, RA_AE_QE)) != RA_OK) {
		return err;
	}
	/* REPORT byte order (FORMATS.md §6.6): MISCSELECT little-endian,
	 * ATTRIBUTES flags || xfrm little-endian, then the mask applied */
	ra_buf_u32le(&bm, secs.misc_select);
	ra_buf_u64le(&ba, secs.attributes.flags & ~(uint64_t)0x04);
	ra_buf_u64le(&ba, 0);
	if ((err = ra_buf_finish(&bm)) != RA_OK ||
	    (err = ra_buf_finish(&ba)) != RA_OK ||
	    (err = ra_hex_encode(misc_hex, sizeof(misc_hex), misc, 4)) !=
	        RA_OK ||
	    (err = ra_hex_encode(attr_hex, sizeof(attr_hex), attr, 16)) !=
	        RA_OK ||
	    (err = ra_hex_encode(
	         mrs_hex, sizeof(mrs_hex), secs.mr_signer.b, 32)) != RA_OK) {
		return err;
	}
	iso(issue, now - BACKDATE);
	iso(next, now + DOC_VALID);
	text_add(t,
	    "{\"id\":\"QE\",\"version\":2,\"issueDate\":\"%s\","
	    "\"nextUpdate\":\"%s\",\"tcbEvaluationDataNumber\":%llu,"
	    "\"miscselect\":\"%s\",\"miscselectMask\":\"FFFFFFFF\","
	    "\"attributes\":\"%s\",\"attributesMask\":\"" QE_ATTR_MASK "\","
	    "\"mrsigner\":\"%s\",\"isvprodid\":%u,\"tcbLevels\":[{\"tcb\":"
	    "{\"isvsvn\":%u},\"tcbDate\":\"%s\",\"tcbStatus\":\"UpToDate\"}]}",
	    issue, next, (unsigned long long)eval, misc_hex, attr_hex, mrs_hex,
	    (unsigned int)secs.isv_prod_id, (unsigned int)secs.isv_svn, issue);
	return t->overflow ? RA_ERR_SPACE : RA_OK;
}

static void
qe_identity(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	char buf[2048];
	struct text t = { buf, 0, sizeof(buf), false };
	struct level_acc a = { calloc(STORE_TCB_LEVELS_MAX, sizeof(*a.l)), 0 };
	uint64_t eval = 0;
	enum ra_err err = RA_ERR_NOMEM;

	(void)req;
	if (a.l != NULL && (err = tcb_levels(ad, &a, &eval)) == RA_OK) {
		err = qe_identity_text(&t, eval, attestd_now());
	}
	free(a.l);
	if (err != RA_OK) {
		httpd_resp_error(
		    w, 500, "internal_error", "cannot make the QE Identity");
		return;
	}
	send_signed(ad, w, HDR_QE_CHAIN, "enclaveIdentity", &t);
}

/* --- CRLs ---------------------------------------------------------------- */

struct revoked_acc {
	uint8_t *req; /* the K_DCAP_CRL request being built */
	struct ra_buf b;
	uint32_t n;
	bool too_many;
};

static bool
add_revoked(void *ctx, uint64_t serial, int64_t when)
{
	struct revoked_acc *a = ctx;

	if (a->n >= KPROTO_CRL_MAX) {
		a->too_many = true;
		return false;
	}
	ra_buf_u64be(&a->b, serial);
	ra_buf_u64be(&a->b, (uint64_t)when);
	a->n++;
	return true;
}

/*
 * Issue a new CRL (number after the stored one's) into d and store it; if
 * another instance stored one first, d becomes that one.
 */
static enum ra_err
crl_issue(struct attestd *ad, bool platform, struct revoked_acc *a,
    struct store_dcap_doc *d, uint64_t number, int64_t now)
{
	const char *name = platform ? CRL_NAME_PLAT : CRL_NAME_ROOT;
	uint8_t head[1 + 8 + 8 + 8 + 4];
	struct ra_buf h = ra_buf_init(head, sizeof(head));
	struct ra_bytes parts[2] = { { head, sizeof(head) },
		{ a->req, a->b.len } };
	bool stored = false, found = false;
	enum ra_err err;

	ra_buf_u8(&h, platform ? 2 : 1);
	ra_buf_u64be(&h, number);
	ra_buf_u64be(&h, (uint64_t)(now - BACKDATE));
	ra_buf_u64be(&h, (uint64_t)(now + DOC_VALID));
	ra_buf_u32be(&h, a->n);
	if ((err = ra_buf_finish(&h)) != RA_OK ||
	    (err = attestd_keeper(ad, K_DCAP_CRL, parts, 2, d->body,
	         sizeof(d->body), &d->len)) != RA_OK) {
		return err;
	}
	d->number = number;
	d->issued = now;
	d->count = a->n;
	if ((err = store_dcap_doc_put(ad->store, name, d, &stored)) != RA_OK ||
	    stored) {
		return err;
	}
	err = store_dcap_doc_get(ad->store, name, d, &found);
	return err == RA_OK && !found ? RA_ERR_IO : err;
}

/*
 * The current CRL of the root (platform false) or the Platform CA into
 * d: the stored one while it lists every revoked certificate and is
 * younger than CRL_REFRESH, else a new one.
 */
static enum ra_err
crl_current(struct attestd *ad, bool platform, struct store_dcap_doc *d)
{
	struct revoked_acc a;
	int64_t now = attestd_now();
	bool found = false;
	enum ra_err err;

	memset(&a, 0, sizeof(a));
	if ((a.req = malloc((size_t)KPROTO_CRL_MAX * 16)) == NULL) {
		return RA_ERR_NOMEM;
	}
	a.b = ra_buf_init(a.req, (size_t)KPROTO_CRL_MAX * 16);
	err = platform ? store_pck_revoked(ad->store, add_revoked, &a) : RA_OK;
	if (err == RA_OK && a.too_many) {
		log_warnx("more than %d revoked PCK certificates: the CRL "
		          "lists the first ones",
		    KPROTO_CRL_MAX);
	}
	if (err == RA_OK) {
		err = store_dcap_doc_get(ad->store,
		    platform ? CRL_NAME_PLAT : CRL_NAME_ROOT, d, &found);
	}
	if (err == RA_OK &&
	    (!found || d->count != (int64_t)a.n ||
	        now - d->issued >= CRL_REFRESH || now < d->issued)) {
		err = crl_issue(
		    ad, platform, &a, d, found ? d->number + 1 : 1, now);
	}
	free(a.req);
	return err;
}

/* Send the CRL as DER, PEM or hex. */
static void
send_crl(struct attestd *ad, struct httpd_resp *w, bool platform,
    const char *encoding)
{
	struct store_dcap_doc *d = malloc(sizeof(*d));
	char *text = malloc(CRL_PEM_MAX);
	size_t len = 0;

	if (d == NULL || text == NULL ||
	    crl_current(ad, platform, d) != RA_OK) {
		httpd_resp_error(
		    w, 500, "internal_error", "cannot issue the CRL");
	} else if (strcmp(encoding, "der") == 0) {
		send_body(w, CT_DER, d->body, d->len);
	} else if (strcmp(encoding, "hex") == 0 &&
	    ra_hex_encode(text, CRL_PEM_MAX, d->body, d->len) == RA_OK) {
		send_body(w, "text/plain", text, RA_HEX_LEN(d->len));
	} else if (strcmp(encoding, "pem") == 0 &&
	    ra_x509_crl_der_to_pem(text, CRL_PEM_MAX, &len, d->body, d->len) ==
	        RA_OK) {
		send_body(w, CT_PEM, text, len);
	} else {
		httpd_resp_error(
		    w, 500, "internal_error", "cannot encode the CRL");
	}
	free(text);
	free(d);
}

static void
pck_crl(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	const char *ca = httpd_req_query(req, "ca");
	const char *enc = httpd_req_query(req, "encoding");

	if (ca == NULL ||
	    (strcmp(ca, "platform") != 0 && strcmp(ca, "processor") != 0)) {
		httpd_resp_error(w, 400, "bad_request",
		    "ca must be \"platform\" or \"processor\"");
		return;
	}
	if (enc != NULL && strcmp(enc, "der") != 0 && strcmp(enc, "pem") != 0) {
		httpd_resp_error(w, 400, "bad_request",
		    "encoding must be \"der\" or \"pem\"");
		return;
	}
	if (strcmp(ca, "processor") == 0) {
		httpd_resp_error(w, 404, "not_found",
		    "the emulation has no Processor CA: every PCK certificate "
		    "is issued by the Platform CA (ca=platform)");
		return;
	}
	if (set_header(w, HDR_CRL_CHAIN, ad->dcap_ca_chain)) {
		send_crl(ad, w, true, enc != NULL ? enc : "pem");
	}
}

static void
root_ca_crl(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	(void)req;
	/* PCCS serves the root CA CRL as hex of its DER */
	send_crl(ctx, w, false, "hex");
}

/* --- the collateral, in process (qvs.c) --------------------------------- */

static void
sig_of(struct ra_ec256_sig *sig, const uint8_t rs[64])
{
	memcpy(sig->r, rs, 32);
	memcpy(sig->s, rs + 32, 32);
}

enum ra_err
pcs_collateral_get(struct attestd *ad, struct pcs_collateral *c, int64_t now)
{
	struct text tcb = { NULL, 0, TEXT_MAX, false };
	struct text qe = { NULL, 0, 2048, false };
	uint8_t sig[64];
	enum ra_err err = RA_ERR_NOMEM;

	memset(c, 0, sizeof(*c));
	tcb.p = c->tcb_info = malloc(TEXT_MAX);
	qe.p = c->qe_identity = malloc(2048);
	c->root_crl = malloc(sizeof(*c->root_crl));
	c->pck_crl = malloc(sizeof(*c->pck_crl));
	if (tcb.p == NULL || qe.p == NULL || c->root_crl == NULL ||
	    c->pck_crl == NULL) {
		goto fail;
	}
	/* the documents GET tcb and GET qe/identity serve, signed alike */
	if ((err = tcb_info_text(ad, &tcb, &c->eval, now)) != RA_OK ||
	    (err = dcap_sign(ad, &tcb, sig)) != RA_OK) {
		goto fail;
	}
	sig_of(&c->coll.tcb_info_sig, sig);
	if ((err = qe_identity_text(&qe, c->eval, now)) != RA_OK ||
	    (err = dcap_sign(ad, &qe, sig)) != RA_OK) {
		goto fail;
	}
	sig_of(&c->coll.qe_identity_sig, sig);
	/* the CRLs GET rootcacrl and GET pckcrl serve */
	if ((err = crl_current(ad, false, c->root_crl)) != RA_OK ||
	    (err = crl_current(ad, true, c->pck_crl)) != RA_OK) {
		goto fail;
	}
	c->issue_date = now - BACKDATE;
	c->coll.tcb_info = (struct ra_bytes){ (uint8_t *)tcb.p, tcb.len };
	c->coll.qe_identity = (struct ra_bytes){ (uint8_t *)qe.p, qe.len };
	c->coll.root_ca_crl =
	    (struct ra_bytes){ c->root_crl->body, c->root_crl->len };
	c->coll.pck_crl =
	    (struct ra_bytes){ c->pck_crl->body, c->pck_crl->len };
	c->coll.tcb_info_issuer_chain =
	    (struct ra_bytes){ (const uint8_t *)ad->dcap_signer_pem,
		    strlen(ad->dcap_signer_pem) };
	c->coll.qe_identity_issuer_chain = c->coll.tcb_info_issuer_chain;
	c->coll.pck_crl_issuer_chain =
	    (struct ra_bytes){ (const uint8_t *)ad->dcap_ca_pem,
		    strlen(ad->dcap_ca_pem) };
	return RA_OK;
fail:
	pcs_collateral_free(c);
	return err;
}

void
pcs_collateral_free(struct pcs_collateral *c)
{
	free(c->tcb_info);
	free(c->qe_identity);
	free(c->root_crl);
	free(c->pck_crl);
	memset(c, 0, sizeof(*c));
}

/* --- PCK certificates ---------------------------------------------------- */

/* Issue a PCK certificate for p at q's TCB, store it, and return it. */
static enum ra_err
pck_new(struct attestd *ad, const struct store_platform *p,
    const struct pcs_pck_query *q, struct store_pck *c)
{
	uint8_t in[KPROTO_PPID_LEN + 16 + 16 + 2 + 8 + 8];
	struct ra_buf b = ra_buf_init(in, sizeof(in));
	struct ra_bytes part = { in, sizeof(in) };
	bool found = false;
	enum ra_err err;

	memset(c, 0, sizeof(*c));
	c->serial = keys_random_serial();
	c->issued = attestd_now();
	memcpy(c->ppid, p->ppid, sizeof(c->ppid));
	memcpy(c->cpu_svn, q->cpu_svn, sizeof(c->cpu_svn));
	c->pce_svn = q->pce_svn;
	ra_buf_put(&b, p->ppid, sizeof(p->ppid));
	ra_buf_put(&b, p->auth_key, sizeof(p->auth_key));
	RA_BUF_PUT(&b, q->cpu_svn);
	ra_buf_u16be(&b, q->pce_svn);
	ra_buf_u64be(&b, c->serial);
	ra_buf_u64be(&b, (uint64_t)c->issued);
	err = ra_buf_finish(&b);
	if (err == RA_OK && c->serial != 0) {
		err = attestd_keeper(ad, K_PCK_ISSUE, &part, 1, c->der,
		    sizeof(c->der), &c->der_len);
	}
	ra_wipe(in, sizeof(in));
	if (err != RA_OK ||
	    (err = store_pck_put(ad->store, c)) != RA_ERR_POLICY) {
		return err;
	}
	/* another request issued it first */
	err = store_pck_get(
	    ad->store, p->ppid, q->cpu_svn, q->pce_svn, c, &found);
	return err == RA_OK && !found ? RA_ERR_IO : err;
}

static void
send_pck(struct attestd *ad, struct httpd_resp *w, const struct store_pck *c)
{
	char pem[PCK_PEM_MAX], tcbm[RA_HEX_LEN(18) + 1],
	    fmspc[RA_HEX_LEN(RA_FMSPC_LEN) + 1];
	uint8_t raw[18];
	size_t len = 0;

	memcpy(raw, c->cpu_svn, 16);
	raw[16] = (uint8_t)(c->pce_svn & 0xff);
	raw[17] = (uint8_t)(c->pce_svn >> 8);
	if (ra_x509_der_to_pem(pem, sizeof(pem), &len, c->der, c->der_len) !=
	        RA_OK ||
	    ra_hex_encode(tcbm, sizeof(tcbm), raw, sizeof(raw)) != RA_OK ||
	    ra_hex_encode(fmspc, sizeof(fmspc), emu_fmspc, RA_FMSPC_LEN) !=
	        RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "internal error");
		return;
	}
	if (set_header(w, HDR_CERT_CHAIN, ad->dcap_ca_chain) &&
	    set_header(w, "SGX-TCBm", tcbm) &&
	    set_header(w, "SGX-FMSPC", fmspc) &&
	    set_header(w, "SGX-PCK-Certificate-CA-Type", "platform")) {
		send_body(w, CT_PEM, pem, len);
	}
}

static void
pck_cert(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct pcs_pck_query q;
	struct store_platform p;
	struct store_pck c;
	struct ra_bytes part;
	uint8_t ppid[KPROTO_PPID_LEN];
	char why[256];
	size_t len = 0;
	bool enrolled = false, issued = false;

	if (!pcs_pck_query_parse(&q, httpd_req_query(req, "encrypted_ppid"),
	        httpd_req_query(req, "cpusvn"), httpd_req_query(req, "pcesvn"),
	        httpd_req_query(req, "pceid"), why, sizeof(why))) {
		httpd_resp_error(w, 400, "bad_request", "%s", why);
		return;
	}
	if (q.pce_id != RA_EMU_PCE_ID) {
		httpd_resp_error(w, 404, "not_found",
		    "no PCK certificate for this PCE-ID (the emulated PCE's "
		    "is 0000)");
		return;
	}
	part = (struct ra_bytes){ q.encrypted_ppid, sizeof(q.encrypted_ppid) };
	if (attestd_keeper(ad, K_UNWRAP, &part, 1, ppid, sizeof(ppid), &len) !=
	        RA_OK ||
	    len != sizeof(ppid)) {
		httpd_resp_error(w, 400, "bad_request",
		    "encrypted_ppid does not decrypt under the service's "
		    "quote-encryption key");
		return;
	}
	if (store_platform_get(ad->store, ppid, &p, &enrolled) != RA_OK ||
	    (enrolled &&
	        store_pck_get(ad->store, ppid, q.cpu_svn, q.pce_svn, &c,
	            &issued) != RA_OK)) {
		httpd_resp_error(w, 500, "internal_error", "storage failure");
	} else if (!enrolled) {
		httpd_resp_error(w, 404, "not_found",
		    "this platform is not enrolled (no PCK certificate for "
		    "its PPID)");
	} else if (!issued && pck_new(ad, &p, &q, &c) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error",
		    "cannot issue the PCK certificate");
	} else {
		send_pck(ad, w, &c);
	}
	RA_WIPE(p);
}

const struct httpd_route pcs_routes[] = {
	{ "GET", "/sgx/certification/v4/pckcert", pck_cert, 0, "pcs_pckcert" },
	{ "GET", "/sgx/certification/v4/pckcrl", pck_crl, 0, "pcs_pckcrl" },
	{ "GET", "/sgx/certification/v4/tcb", tcb_info, 0, "pcs_tcb" },
	{ "GET", "/sgx/certification/v4/qe/identity", qe_identity, 0,
	    "pcs_qe_identity" },
	{ "GET", "/sgx/certification/v4/rootcacrl", root_ca_crl, 0,
	    "pcs_rootcacrl" },
};
const size_t pcs_nroutes = sizeof(pcs_routes) / sizeof(pcs_routes[0]);

/* --- administration ------------------------------------------------------ */

static json_t *
level_json(const struct store_dcap_level *l, int64_t now)
{
	json_t *comp = json_array(), *adv = json_array();
	char date[ISO_LEN], buf[STORE_ADVISORIES_MAX], *tok, *save = NULL;
	size_t i;

	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		json_array_append_new(comp, json_integer(l->comp_svn[i]));
	}
	snprintf(buf, sizeof(buf), "%s", l->advisories);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		json_array_append_new(adv, json_string(tok));
	}
	iso(date, l->tcb_date != 0 ? l->tcb_date : now - BACKDATE);
	return json_pack("{s:o,s:i,s:s,s:s,s:o}", "sgxtcbcomponents", comp,
	    "pcesvn", (int)l->pce_svn, "tcbStatus", l->status, "tcbDate", date,
	    "advisoryIDs", adv);
}

static void
send_levels(struct attestd *ad, struct httpd_resp *w, int status)
{
	struct level_acc a = { calloc(STORE_TCB_LEVELS_MAX, sizeof(*a.l)), 0 };
	uint64_t eval = 0;
	json_t *arr;
	size_t i;

	if (a.l == NULL || tcb_levels(ad, &a, &eval) != RA_OK) {
		free(a.l);
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return;
	}
	arr = json_array();
	for (i = 0; i < a.n; i++) {
		json_array_append_new(arr, level_json(&a.l[i], attestd_now()));
	}
	free(a.l);
	attestd_send_json(w, status,
	    json_pack("{s:o,s:I}", "levels", arr, "tcbEvaluationDataNumber",
	        (json_int_t)eval));
}

void
pcs_admin_tcb_get(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	if (admin_require(ctx, req, w)) {
		send_levels(ctx, w, 200);
	}
}

static bool
is_sgx_status(const char *s)
{
	size_t i;

	for (i = 0;
	     s != NULL && i < sizeof(sgx_statuses) / sizeof(*sgx_statuses);
	     i++) {
		if (strcmp(s, sgx_statuses[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* advisoryIDs: printable ids without ',' or '"', comma-joined into out. */
static bool
advisories_from_json(json_t *adv, char *out, size_t cap)
{
	size_t i, used = 0, n;
	json_t *a;
	const char *s;

	if (adv != NULL && !json_is_array(adv)) {
		return false;
	}
	json_array_foreach(adv, i, a)
	{
		s = json_string_value(a);
		n = s != NULL ? strlen(s) : 0;
		if (n == 0 || n >= RA_ADVISORY_ID_LEN || strpbrk(s, ",\"\\") ||
		    used + n + 1 >= cap) {
			return false;
		}
		if (used > 0) {
			out[used++] = ',';
		}
		memcpy(out + used, s, n);
		used += n;
		out[used] = '\0';
	}
	return true;
}

/* The 16 SVNs 0..255 of "sgxtcbcomponents". */
static bool
components_from_json(json_t *comp, uint8_t out[RA_TCB_COMP_COUNT])
{
	size_t i;
	json_int_t v;

	if (!json_is_array(comp) ||
	    json_array_size(comp) != RA_TCB_COMP_COUNT) {
		return false;
	}
	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		json_t *c = json_array_get(comp, i);

		if (json_is_object(c)) {
			c = json_object_get(c, "svn");
		}
		v = json_integer_value(c);
		if (!json_is_integer(c) || v < 0 || v > 255) {
			return false;
		}
		out[i] = (uint8_t)v;
	}
	return true;
}

/* One level, in the PCS spelling; false with why. */
static bool
level_from_json(json_t *j, struct store_dcap_level *l, int ord, int64_t now,
    char *why, size_t cap)
{
	json_t *pce = json_object_get(j, "pcesvn");
	const char *status = json_string_value(json_object_get(j, "tcbStatus"));
	json_t *date = json_object_get(j, "tcbDate");

	memset(l, 0, sizeof(*l));
	l->ordinal = ord;
	l->tcb_date = now;
	if (!json_is_object(j) ||
	    !components_from_json(
	        json_object_get(j, "sgxtcbcomponents"), l->comp_svn)) {
		snprintf(why, cap,
		    "level %d: sgxtcbcomponents must be 16 SVNs 0..255", ord);
		return false;
	}
	if (!json_is_integer(pce) || json_integer_value(pce) < 0 ||
	    json_integer_value(pce) > 65535) {
		snprintf(why, cap, "level %d: pcesvn must be 0..65535", ord);
		return false;
	}
	l->pce_svn = (uint16_t)json_integer_value(pce);
	if (!is_sgx_status(status)) {
		snprintf(why, cap,
		    "level %d: tcbStatus must be one of UpToDate, "
		    "SWHardeningNeeded, ConfigurationNeeded, "
		    "ConfigurationAndSWHardeningNeeded, OutOfDate, "
		    "OutOfDateConfigurationNeeded, Revoked",
		    ord);
		return false;
	}
	snprintf(l->status, sizeof(l->status), "%s", status);
	if (date != NULL && !parse_iso(json_string_value(date), &l->tcb_date)) {
		snprintf(why, cap,
		    "level %d: tcbDate must be YYYY-MM-DDThh:mm:ssZ", ord);
		return false;
	}
	if (!advisories_from_json(json_object_get(j, "advisoryIDs"),
	        l->advisories, sizeof(l->advisories))) {
		snprintf(
		    why, cap, "level %d: bad or too many advisoryIDs", ord);
		return false;
	}
	return true;
}

/* No two levels with the same TCB (TCB Info parsers refuse them). */
static bool
levels_distinct(const struct store_dcap_level *l, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (l[i].pce_svn == l[j].pce_svn &&
			    ra_ct_eq(l[i].comp_svn, l[j].comp_svn,
			        sizeof(l[i].comp_svn))) {
				return false;
			}
		}
	}
	return true;
}

static bool
levels_from_body(json_t *body, struct store_dcap_level *levels, size_t *n,
    char *why, size_t cap)
{
	json_t *arr = json_object_get(body, "levels"), *j;
	size_t i;

	*n = json_array_size(arr);
	if (!json_is_array(arr) || *n == 0 || *n > STORE_TCB_LEVELS_MAX) {
		snprintf(why, cap, "levels must be an array of 1 to %d levels",
		    STORE_TCB_LEVELS_MAX);
		return false;
	}
	json_array_foreach(arr, i, j)
	{
		if (!level_from_json(
		        j, &levels[i], (int)i, attestd_now(), why, cap)) {
			return false;
		}
	}
	if (!levels_distinct(levels, *n)) {
		snprintf(why, cap, "two levels have the same TCB");
		return false;
	}
	return true;
}

void
pcs_admin_tcb_put(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_dcap_level *levels;
	char why[512];
	uint64_t eval = 0;
	json_t *body;
	size_t n = 0;
	bool ok;

	if (!admin_require(ad, req, w) ||
	    (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	if ((levels = calloc(STORE_TCB_LEVELS_MAX, sizeof(*levels))) == NULL) {
		json_decref(body);
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	ok = levels_from_body(body, levels, &n, why, sizeof(why));
	json_decref(body);
	if (!ok) {
		free(levels);
		httpd_resp_error(w, 400, "bad_request", "%s", why);
		return;
	}
	if (store_dcap_tcb_set(ad->store, emu_fmspc, levels, n, &eval) !=
	    RA_OK) {
		free(levels);
		log_warnx("request %s: store: %s", req->request_id,
		    store_last_error(ad->store));
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return;
	}
	free(levels);
	log_info("DCAP TCB Info: %zu levels, evaluation data number %llu", n,
	    (unsigned long long)eval);
	send_levels(ad, w, 200);
}

void
pcs_admin_revoke(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	json_t *body, *serial;
	uint8_t ppid[KPROTO_PPID_LEN];
	const char *s;
	int64_t n = 0;
	uint64_t sn = 0;
	bool by_ppid;
	enum ra_err err;

	if (!admin_require(ad, req, w) ||
	    (body = attestd_parse_body(req, w)) == NULL) {
		return;
	}
	serial = json_object_get(body, "serial");
	by_ppid = json_object_get(body, "ppid") != NULL;
	/* the serial as hex, as certificate tools print it */
	s = json_string_value(serial);
	if (by_ppid == (serial != NULL) ||
	    (by_ppid && !attestd_hex_field(body, "ppid", ppid, 16, w))) {
		json_decref(body);
		if (by_ppid == (serial != NULL)) {
			httpd_resp_error(w, 400, "bad_request",
			    "give exactly one of serial (hex) and ppid");
		}
		return;
	}
	if (!by_ppid &&
	    (s == NULL || strlen(s) == 0 || strlen(s) > 16 ||
	        strspn(s, "0123456789abcdefABCDEF") != strlen(s) ||
	        (sn = strtoull(s, NULL, 16)) == 0 || sn > INT64_MAX)) {
		json_decref(body);
		httpd_resp_error(w, 400, "bad_request",
		    "serial must be the certificate's serial number in hex");
		return;
	}
	json_decref(body);
	err = store_pck_revoke(
	    ad->store, sn, by_ppid ? ppid : NULL, attestd_now(), &n);
	if (err != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "storage failure");
		return;
	}
	if (n == 0) {
		httpd_resp_error(w, 404, "not_found",
		    "no PCK certificate to revoke (unknown, or revoked "
		    "already)");
		return;
	}
	log_info("%lld PCK certificate(s) revoked", (long long)n);
	attestd_send_json(w, 200, json_pack("{s:I}", "revoked", (json_int_t)n));
}
