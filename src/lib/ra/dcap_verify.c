/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ra/dcap_internal.h"
#include "sgxra/crypto.h"
/* last */
#include "internal.h"

/*
 * DCAP quote verification: one table of steps in the order of Intel's
 * QVL (FORMATS.md §6.7; QVL AttestationLibrary QuoteVerification.cpp,
 * Verifiers/PckCertVerifier.cpp, TCBInfoVerifier.cpp,
 * EnclaveIdentityVerifier.cpp, QuoteVerifier.cpp, Checks). Each step
 * either passes or refuses with the step's failure code, the item and
 * field at fault and one sentence; nothing runs outside the table.
 * docs/dcap.md describes every step, the time rules and the caches.
 *
 * Time (docs/dcap.md "Time"): an item issued after the verification time
 * (notBefore, thisUpdate, issueDate) refuses; an item expired at it
 * (notAfter, nextUpdate <= now) only sets collateral_expired, as Intel's
 * QvE sets collateral_expiration_status, unless RA_DCAP_OPT_REFUSE_EXPIRED.
 */

#include "intel_root.inc"

struct ra_dcap_verifier {
	struct ra_x509 *anchor;
	struct ra_hash256 anchor_id; /* SHA-256 of its DER */
	struct dcap_window anchor_win;
	unsigned int options;
};

/* The state of one verification. */
struct vctx {
	const struct ra_dcap_verifier *vf;
	struct ra_dcap_cache *cache;
	const struct ra_dcap_collateral *coll;
	int64_t now;
	struct ra_dcap_verdict *v;
	const uint8_t *quote;
	size_t quote_len;
	struct ra_dcap_quote q;
	struct dcap_checked *chk;
	struct dcap_pck pck;
	struct ra_tcb_qe_result qe;
	enum ra_err err; /* the environment failed: no verdict */
};

static const char *const fail_names[] = {
	[RA_DCAP_FAIL_NONE] = "verified",
	[RA_DCAP_FAIL_QUOTE_FORMAT] = "malformed quote",
	[RA_DCAP_FAIL_QUOTE_UNSUPPORTED] = "unsupported quote",
	[RA_DCAP_FAIL_COLLATERAL_MISSING] = "missing collateral",
	[RA_DCAP_FAIL_COLLATERAL_FORMAT] = "malformed collateral",
	[RA_DCAP_FAIL_NOT_YET_VALID] = "not yet valid",
	[RA_DCAP_FAIL_PCK_CHAIN] = "PCK certificate chain invalid",
	[RA_DCAP_FAIL_PCK_EXTENSION] = "PCK SGX extension invalid",
	[RA_DCAP_FAIL_PCK_MISMATCH] = "PCK certificate not the quote's",
	[RA_DCAP_FAIL_CRL_INVALID] = "CRL invalid",
	[RA_DCAP_FAIL_PCK_CA_REVOKED] = "PCK CA revoked",
	[RA_DCAP_FAIL_PCK_REVOKED] = "PCK certificate revoked",
	[RA_DCAP_FAIL_TCB_SIGNING_CHAIN] = "TCB signing chain invalid",
	[RA_DCAP_FAIL_TCB_SIGNING_REVOKED] = "TCB signing certificate revoked",
	[RA_DCAP_FAIL_TCB_INFO_SIGNATURE] = "TCB Info signature invalid",
	[RA_DCAP_FAIL_QE_IDENTITY_SIGNATURE] = "QE Identity signature invalid",
	[RA_DCAP_FAIL_TCB_INFO_MISMATCH] = "TCB Info does not match",
	[RA_DCAP_FAIL_TDX_MODULE_MISMATCH] = "TDX module does not match",
	[RA_DCAP_FAIL_QE_REPORT_SIGNATURE] = "QE report signature invalid",
	[RA_DCAP_FAIL_QE_REPORT_DATA] = "QE report data binding invalid",
	[RA_DCAP_FAIL_QE_IDENTITY_MISMATCH] = "QE identity mismatch",
	[RA_DCAP_FAIL_ATT_KEY] = "attestation key invalid",
	[RA_DCAP_FAIL_QUOTE_SIGNATURE] = "quote signature invalid",
	[RA_DCAP_FAIL_TCB_NOT_SUPPORTED] = "TCB level not supported",
	[RA_DCAP_FAIL_COLLATERAL_EXPIRED] = "collateral expired",
};

static const char *const item_names[] = {
	[RA_DCAP_ITEM_NONE] = "",
	[RA_DCAP_ITEM_QUOTE] = "quote",
	[RA_DCAP_ITEM_PCK_CERT] = "PCK certificate",
	[RA_DCAP_ITEM_PCK_CA] = "PCK CA certificate",
	[RA_DCAP_ITEM_ROOT_CA] = "root CA certificate",
	[RA_DCAP_ITEM_PCK_CHAIN] = "PCK certificate chain (collateral)",
	[RA_DCAP_ITEM_PCK_CRL] = "PCK CRL",
	[RA_DCAP_ITEM_PCK_CRL_ISSUER_CHAIN] = "PCK CRL issuer chain",
	[RA_DCAP_ITEM_ROOT_CA_CRL] = "Root CA CRL",
	[RA_DCAP_ITEM_TCB_INFO] = "TCB Info",
	[RA_DCAP_ITEM_TCB_INFO_ISSUER_CHAIN] = "TCB Info issuer chain",
	[RA_DCAP_ITEM_QE_IDENTITY] = "QE Identity",
	[RA_DCAP_ITEM_QE_IDENTITY_ISSUER_CHAIN] = "QE Identity issuer chain",
	[RA_DCAP_ITEM_TCB_SIGNING_CERT] = "TCB signing certificate",
	[RA_DCAP_ITEM_QE_REPORT] = "QE report",
};

const char *
ra_dcap_verify_fail_name(enum ra_dcap_fail f)
{
	if ((size_t)f >= sizeof(fail_names) / sizeof(fail_names[0])) {
		return "unknown failure";
	}
	return fail_names[f];
}

const char *
ra_dcap_verify_item_name(enum ra_dcap_item item)
{
	if ((size_t)item >= sizeof(item_names) / sizeof(item_names[0])) {
		return "?";
	}
	return item_names[item];
}

bool
ra_dcap_verify_accepts(
    const struct ra_dcap_verdict *v, unsigned int allowed, bool allow_expired)
{
	return v->fail == RA_DCAP_FAIL_NONE &&
	    (allowed & (1U << v->status)) != 0 &&
	    (allow_expired || !v->collateral_expired);
}

/* ---- refusing ----------------------------------------------------------- */

static void
fmt_time(char *out, size_t cap, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		(void)snprintf(out, cap, "%lld", (long long)t);
	}
}

/* Fill the verdict's failure; always false (the step refused). */
static bool refuse(struct vctx *x, enum ra_dcap_fail f, enum ra_dcap_item item,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool
refuse(struct vctx *x, enum ra_dcap_fail f, enum ra_dcap_item item,
    const char *field, const char *fmt, ...)
{
	struct ra_dcap_verdict *v = x->v;
	char why[RA_VERDICT_MSG_LEN];
	va_list ap;

	v->fail = f;
	v->item = item;
	(void)snprintf(v->field, sizeof(v->field), "%s", field);
	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	(void)snprintf(v->msg, sizeof(v->msg), "%s: %s%s%s%s%s%s",
	    ra_dcap_verify_fail_name(f), ra_dcap_verify_item_name(item),
	    field[0] != '\0' ? ", field " : "", field,
	    v->x509.subject[0] != '\0' ? " (" : "", v->x509.subject,
	    v->x509.subject[0] != '\0' ? ")" : "");
	if (why[0] != '\0') {
		size_t n = strlen(v->msg);

		(void)snprintf(v->msg + n, sizeof(v->msg) - n, ": %s", why);
	}
	return false;
}

static bool
refuse_part(struct vctx *x, const struct dcap_part *p)
{
	x->v->x509 = p->x509;
	return refuse(x, p->fail, p->item, p->field, "%s", p->why);
}

/*
 * Judge item's window at the verification time: refuse if it is not yet
 * valid; if it has expired, refuse under RA_DCAP_OPT_REFUSE_EXPIRED (at
 * this step, as QVL's own API does), else note it (the earliest expiry
 * wins), as QvE's collateral_expiration_status.
 */
static bool
judge(struct vctx *x, enum ra_dcap_item item, const struct dcap_window *w)
{
	struct ra_dcap_verdict *v = x->v;
	char a[32], b[32];

	if (!w->set) {
		return true;
	}
	if (x->now < w->nb) {
		fmt_time(a, sizeof(a), w->nb);
		fmt_time(b, sizeof(b), x->now);
		return refuse(x, RA_DCAP_FAIL_NOT_YET_VALID, item, "",
		    "valid from %s; the verification time is %s", a, b);
	}
	if (x->now >= w->na &&
	    (x->vf->options & RA_DCAP_OPT_REFUSE_EXPIRED) != 0) {
		fmt_time(a, sizeof(a), w->na);
		return refuse(x, RA_DCAP_FAIL_COLLATERAL_EXPIRED, item, "",
		    "expired at %s", a);
	}
	if (x->now >= w->na &&
	    (!v->collateral_expired || w->na < v->earliest_expiry)) {
		v->collateral_expired = true;
		v->expired_item = item;
		v->earliest_expiry = w->na;
	}
	return true;
}

/* ---- the steps ---------------------------------------------------------- */

/* Which header field makes a quote unsupported (for the message). */
static const char *
unsupported_field(const uint8_t *b, size_t len)
{
	unsigned int version = ra_dec16le(b), key = ra_dec16le(b + 2);
	uint32_t tee = ra_dec32le(b + 4);

	if (version < 3 || version > 5) {
		return "version";
	}
	if (key != RA_DCAP_ATT_KEY_ECDSA_P256) {
		return "att_key_type";
	}
	if ((tee != RA_DCAP_TEE_SGX && tee != RA_DCAP_TEE_TDX) ||
	    (version == 3 && tee != RA_DCAP_TEE_SGX)) {
		return "tee_type";
	}
	if (version == 5 && len >= RA_DCAP_HEADER_LEN + 2) {
		unsigned int bt = ra_dec16le(b + RA_DCAP_HEADER_LEN);

		if (bt < RA_DCAP_BODY_SGX || bt > RA_DCAP_BODY_TD15 ||
		    (bt == RA_DCAP_BODY_SGX) != (tee == RA_DCAP_TEE_SGX)) {
			return "body type";
		}
	}
	return "certification data type";
}

/* 4.1.2.4.1: parse; version, key type, TEE, types; the QE vendor. */
static bool
step_quote(struct vctx *x)
{
	static const uint8_t intel[RA_QE_VENDOR_ID_LEN] =
	    RA_DCAP_INTEL_QE_VENDOR_ID;
	struct ra_dcap_verdict *v = x->v;
	size_t n = 0;
	enum ra_err e = ra_dcap_quote_len(&n, x->quote, x->quote_len);

	if (e == RA_OK) {
		e = ra_dcap_quote_parse(&x->q, x->quote, n);
	}
	if (e == RA_ERR_VERSION) {
		return refuse(x, RA_DCAP_FAIL_QUOTE_UNSUPPORTED,
		    RA_DCAP_ITEM_QUOTE,
		    unsupported_field(x->quote, x->quote_len),
		    "value not defined for DCAP quotes v3..v5");
	}
	if (e != RA_OK) {
		return refuse(x, RA_DCAP_FAIL_QUOTE_FORMAT, RA_DCAP_ITEM_QUOTE,
		    "",
		    "%zu bytes: truncated, or a length field disagrees "
		    "with the data",
		    x->quote_len);
	}
	v->trailing_len = x->quote_len - n;
	v->version = x->q.version;
	v->tee_type = x->q.tee_type;
	v->body_type = x->q.body_type;
	v->cert_type = x->q.cert_type;
	if (!ra_ct_eq(x->q.qe_vendor_id, intel, sizeof(intel))) {
		return refuse(x, RA_DCAP_FAIL_QUOTE_UNSUPPORTED,
		    RA_DCAP_ITEM_QUOTE, "qe_vendor_id",
		    "not the Intel QE vendor id");
	}
	return true;
}

static bool
present(struct ra_bytes b)
{
	return b.p != NULL && b.len != 0;
}

/* Which required item is absent, if any. */
static enum ra_dcap_item
missing_item(const struct ra_dcap_collateral *c, unsigned int options)
{
	bool crls = (options & RA_DCAP_OPT_NO_CRL) == 0;

	if (crls && !present(c->root_ca_crl)) {
		return RA_DCAP_ITEM_ROOT_CA_CRL;
	}
	if (crls && !present(c->pck_crl)) {
		return RA_DCAP_ITEM_PCK_CRL;
	}
	if (!present(c->tcb_info_issuer_chain)) {
		return RA_DCAP_ITEM_TCB_INFO_ISSUER_CHAIN;
	}
	if (!present(c->tcb_info)) {
		return RA_DCAP_ITEM_TCB_INFO;
	}
	if (!present(c->qe_identity_issuer_chain)) {
		return RA_DCAP_ITEM_QE_IDENTITY_ISSUER_CHAIN;
	}
	return present(c->qe_identity) ? RA_DCAP_ITEM_NONE
	                               : RA_DCAP_ITEM_QE_IDENTITY;
}

/* Every required item present; the checked collateral (cache or new). */
static bool
step_collateral(struct vctx *x)
{
	const struct ra_dcap_verifier *vf = x->vf;
	enum ra_dcap_item m = missing_item(x->coll, vf->options);
	uint64_t fp;

	if (m != RA_DCAP_ITEM_NONE) {
		return refuse(x, RA_DCAP_FAIL_COLLATERAL_MISSING, m, "",
		    "required to verify the quote");
	}
	fp = ra_dcap_check_fingerprint(&vf->anchor_id, vf->options, x->coll);
	if (x->cache != NULL) {
		x->chk = ra_dcap_cache_find_checked(
		    x->cache, fp, &vf->anchor_id, vf->options, x->coll);
	}
	if (x->chk == NULL) {
		x->err = ra_dcap_check_collateral(
		    &x->chk, vf->anchor, &vf->anchor_id, vf->options, x->coll);
		if (x->err != RA_OK) {
			return false;
		}
		if (x->cache != NULL && x->chk->ok) {
			ra_dcap_cache_put_checked(x->cache, x->chk, x->coll);
		}
	}
	x->v->revocation_checked =
	    x->chk->root_crl != NULL && x->chk->pck_crl != NULL;
	return true;
}

/* Certification data type 1 carries the PPID the certificate must have. */
static bool
check_ppid(struct vctx *x)
{
	struct ra_dcap_ppid pp;

	if (x->q.cert_type != RA_DCAP_CERT_PPID_CLEAR) {
		return true;
	}
	if (ra_dcap_quote_ppid_parse(&pp, x->q.cert_type, x->q.cert_data.p,
	        x->q.cert_data.len) != RA_OK) {
		return refuse(x, RA_DCAP_FAIL_QUOTE_FORMAT, RA_DCAP_ITEM_QUOTE,
		    "certification data", "malformed type 1 PPID data");
	}
	if (!ra_ct_eq(pp.ppid.p, x->pck.ext.ppid, sizeof(x->pck.ext.ppid))) {
		return refuse(x, RA_DCAP_FAIL_PCK_MISMATCH,
		    RA_DCAP_ITEM_PCK_CERT, "PPID",
		    "the certificate's PPID is not the quote's");
	}
	return true;
}

/* The verified chain: from the cache, or checked now. */
static bool
get_pck(struct vctx *x)
{
	struct dcap_part part;

	if (x->cache != NULL && x->chk->ok &&
	    ra_dcap_cache_find_pck(x->cache, x->chk->serial, x->q.cert_type,
	        x->q.cert_data, &x->pck)) {
		return true;
	}
	x->err = ra_dcap_check_pck(
	    &x->pck, &part, x->vf->anchor, x->chk, &x->q, x->coll);
	if (x->err != RA_OK) {
		return false;
	}
	if (part.fail != RA_DCAP_FAIL_NONE) {
		return refuse_part(x, &part);
	}
	if (x->cache != NULL && x->chk->ok) {
		ra_dcap_cache_put_pck(x->cache, x->chk->serial, x->q.cert_type,
		    x->q.cert_data, &x->pck);
	}
	return true;
}

/* QVL PckCertVerifier: the chain, both CRLs, revocation, extensions. */
static bool
step_pck_chain(struct vctx *x)
{
	const struct dcap_checked *k = x->chk;
	struct ra_dcap_verdict *v = x->v;

	if (x->q.cert_type < RA_DCAP_CERT_PCK_LEAF &&
	    !present(x->coll->pck_chain)) {
		return refuse(x, RA_DCAP_FAIL_COLLATERAL_MISSING,
		    RA_DCAP_ITEM_PCK_CHAIN, "",
		    "certification data type %u carries no PCK certificate",
		    (unsigned int)x->q.cert_type);
	}
	if (!get_pck(x) || !check_ppid(x) ||
	    !judge(x, RA_DCAP_ITEM_PCK_CERT, &x->pck.win_leaf) ||
	    !judge(x, RA_DCAP_ITEM_PCK_CA, &x->pck.win_ca) ||
	    !judge(x, RA_DCAP_ITEM_ROOT_CA, &x->vf->anchor_win) ||
	    !judge(x, RA_DCAP_ITEM_ROOT_CA_CRL,
	        &k->win[RA_DCAP_ITEM_ROOT_CA_CRL]) ||
	    !judge(x, RA_DCAP_ITEM_PCK_CRL, &k->win[RA_DCAP_ITEM_PCK_CRL])) {
		return false;
	}
	memcpy(v->fmspc, x->pck.ext.fmspc, sizeof(v->fmspc));
	memcpy(v->pce_id, x->pck.ext.pce_id, sizeof(v->pce_id));
	v->sgx_type = x->pck.ext.sgx_type;
	return true;
}

/* QVL TCBInfoVerifier: signing chain, signature, then the content. */
static bool
step_tcb_info(struct vctx *x)
{
	const struct dcap_checked *k = x->chk;

	if (k->tcb_part.fail != RA_DCAP_FAIL_NONE) {
		return refuse_part(x, &k->tcb_part);
	}
	x->v->tcb_eval_num = k->tcb.tcb_eval_num;
	return judge(x, RA_DCAP_ITEM_TCB_SIGNING_CERT,
	           &k->win[RA_DCAP_ITEM_TCB_SIGNING_CERT]) &&
	    judge(x, RA_DCAP_ITEM_TCB_INFO, &k->win[RA_DCAP_ITEM_TCB_INFO]);
}

/* QVL EnclaveIdentityVerifier. */
static bool
step_qe_identity(struct vctx *x)
{
	const struct dcap_checked *k = x->chk;

	if (k->qe_part.fail != RA_DCAP_FAIL_NONE) {
		return refuse_part(x, &k->qe_part);
	}
	return judge(
	    x, RA_DCAP_ITEM_QE_IDENTITY, &k->win[RA_DCAP_ITEM_QE_IDENTITY]);
}

/* QVL QuoteVerifier 4.1.2.4.9 to 4.1.2.4.11. */
static bool
step_tcb_match(struct vctx *x)
{
	const struct ra_tcb_info *ti = &x->chk->tcb;
	bool tdx = x->q.tee_type == RA_DCAP_TEE_TDX;
	struct ra_tcb_result r;

	if (ti->version >= 3 && (ti->id == RA_TCB_ID_TDX) != tdx) {
		return refuse(x, RA_DCAP_FAIL_TCB_INFO_MISMATCH,
		    RA_DCAP_ITEM_TCB_INFO, "id",
		    "TCB Info for %s, quote from %s",
		    ti->id == RA_TCB_ID_TDX ? "TDX" : "SGX",
		    tdx ? "TDX" : "SGX");
	}
	if (ti->version < 3 && tdx) {
		return refuse(x, RA_DCAP_FAIL_TCB_INFO_MISMATCH,
		    RA_DCAP_ITEM_TCB_INFO, "version",
		    "TCB Info v2 cannot describe a TDX platform");
	}
	if (!ra_ct_eq(ti->fmspc, x->pck.ext.fmspc, RA_FMSPC_LEN)) {
		return refuse(x, RA_DCAP_FAIL_TCB_INFO_MISMATCH,
		    RA_DCAP_ITEM_TCB_INFO, "fmspc",
		    "the PCK certificate's FMSPC differs");
	}
	if (!ra_ct_eq(ti->pce_id, x->pck.ext.pce_id, RA_PCE_ID_LEN)) {
		return refuse(x, RA_DCAP_FAIL_TCB_INFO_MISMATCH,
		    RA_DCAP_ITEM_TCB_INFO, "pceId",
		    "the PCK certificate's PCE-ID differs");
	}
	if (!tdx) {
		return true;
	}
	memset(&r, 0, sizeof(r));
	ra_tcb_check_tdx_module(&r, ti, &x->q.body.td, x->q.version);
	if (r.fail != RA_DCAP_FAIL_NONE) {
		return refuse(x, r.fail, RA_DCAP_ITEM_TCB_INFO, r.field,
		    "the TD report's SEAM module is not the one TCB Info "
		    "names");
	}
	return true;
}

/* 4.1.2.4.12: the QE report, signed by the PCK key. */
static bool
step_qe_report_sig(struct vctx *x)
{
	struct ra_hash256 h;

	ra_sha256(&h, x->q.qe_report_raw.p, x->q.qe_report_raw.len);
	if (ra_ecdsa_verify(&x->pck.pub, &h, &x->q.qe_report_sig) != RA_OK) {
		return refuse(x, RA_DCAP_FAIL_QE_REPORT_SIGNATURE,
		    RA_DCAP_ITEM_QE_REPORT, "",
		    "does not verify under the PCK certificate's key");
	}
	return true;
}

/* 4.1.2.4.13: REPORTDATA = SHA-256(attestation key || auth data) || 0^32. */
static bool
step_qe_report_data(struct vctx *x)
{
	const uint8_t *rd = x->q.qe_report.report_data;
	struct ra_sha256_ctx c;
	struct ra_hash256 h;

	ra_sha256_init(&c);
	ra_sha256_update(&c, x->q.att_key.x, sizeof(x->q.att_key.x));
	ra_sha256_update(&c, x->q.att_key.y, sizeof(x->q.att_key.y));
	ra_sha256_update(&c, x->q.qe_auth_data.p, x->q.qe_auth_data.len);
	ra_sha256_final(&c, &h);
	if (!ra_ct_eq(rd, h.b, sizeof(h.b)) ||
	    !ra_ct_is_zero(
	        rd + sizeof(h.b), RA_REPORT_DATA_LEN - sizeof(h.b))) {
		return refuse(x, RA_DCAP_FAIL_QE_REPORT_DATA,
		    RA_DCAP_ITEM_QE_REPORT, "report_data",
		    "not SHA-256(attestation key || QE authentication data) "
		    "followed by 32 zero bytes");
	}
	return true;
}

/* 4.1.2.4.14-15: the right identity, then EnclaveReportVerifier. */
static bool
step_qe_match(struct vctx *x)
{
	const struct ra_qe_identity *qi = &x->chk->qe;
	enum ra_qe_id want =
	    x->q.tee_type == RA_DCAP_TEE_TDX ? RA_QE_ID_TD_QE : RA_QE_ID_QE;

	if (qi->id != want) {
		return refuse(x, RA_DCAP_FAIL_QE_IDENTITY_MISMATCH,
		    RA_DCAP_ITEM_QE_IDENTITY, "id",
		    "%s quotes need the %s identity",
		    want == RA_QE_ID_QE ? "SGX" : "TDX",
		    want == RA_QE_ID_QE ? "QE" : "TD_QE");
	}
	ra_tcb_qe_check(&x->qe, qi, &x->q.qe_report);
	if (x->qe.fail != RA_DCAP_FAIL_NONE) {
		return refuse(x, x->qe.fail, RA_DCAP_ITEM_QE_REPORT,
		    x->qe.field,
		    "the QE report does not match the QE Identity");
	}
	if (x->qe.level >= 0) {
		x->v->qe_status = x->qe.status;
		x->v->qe_tcb_date = qi->levels[x->qe.level].tcb_date;
	}
	return true;
}

/* 4.1.2.4.16: header and body, signed by the attestation key. */
static bool
step_quote_sig(struct vctx *x)
{
	struct ra_dcap_verdict *v = x->v;
	struct ra_hash256 h;

	if (ra_ec256_pub_check(&x->q.att_key) != RA_OK) {
		return refuse(x, RA_DCAP_FAIL_ATT_KEY, RA_DCAP_ITEM_QUOTE,
		    "attestation key", "not a point of P-256");
	}
	ra_sha256(&h, x->q.signed_data.p, x->q.signed_data.len);
	if (ra_ecdsa_verify(&x->q.att_key, &h, &x->q.quote_sig) != RA_OK) {
		return refuse(x, RA_DCAP_FAIL_QUOTE_SIGNATURE,
		    RA_DCAP_ITEM_QUOTE, "",
		    "does not verify under the attestation key");
	}
	v->has_body = true;
	if (x->q.body_type == RA_DCAP_BODY_SGX) {
		v->body.sgx = x->q.body.sgx;
	} else {
		v->body.td = x->q.body.td;
	}
	return true;
}

static void
copy_advisories(struct ra_dcap_verdict *v, const struct ra_tcb_info *ti,
    const struct ra_advisory_refs *adv)
{
	size_t i;

	v->n_advisories = 0;
	for (i = 0; i < adv->n && i < RA_VERDICT_ADVISORIES_MAX; i++) {
		memcpy(
		    v->advisories[i], ti->adv[adv->idx[i]], RA_ADVISORY_ID_LEN);
		v->n_advisories++;
	}
}

/* 4.1.2.4.17: the TCB level and the merged status. */
static bool
step_tcb_level(struct vctx *x)
{
	const struct ra_tcb_info *ti = &x->chk->tcb;
	const struct ra_td_report *td =
	    x->q.tee_type == RA_DCAP_TEE_TDX ? &x->q.body.td : NULL;
	struct ra_dcap_verdict *v = x->v;
	const struct ra_tcb_level *l;
	struct ra_tcb_result r;

	ra_tcb_evaluate(&r, ti, &x->pck.ext, td, x->q.version, &x->qe);
	if (r.fail != RA_DCAP_FAIL_NONE) {
		return refuse(x, r.fail, RA_DCAP_ITEM_TCB_INFO, r.field,
		    "no level of the TCB Info applies to this platform");
	}
	l = &ti->levels[td != NULL ? r.tdx_level : r.sgx_level];
	v->status = r.status;
	v->platform_status = l->status;
	v->tcb_date = l->tcb_date;
	copy_advisories(v, ti, &l->adv);
	return true;
}

static const struct step {
	const char *name;
	bool (*run)(struct vctx *x);
} steps[] = {
	{ "quote format", step_quote },
	{ "collateral", step_collateral },
	{ "PCK chain and CRLs", step_pck_chain },
	{ "TCB Info", step_tcb_info },
	{ "QE Identity", step_qe_identity },
	{ "TCB Info match", step_tcb_match },
	{ "QE report signature", step_qe_report_sig },
	{ "QE report data", step_qe_report_data },
	{ "QE identity match", step_qe_match },
	{ "quote signature", step_quote_sig },
	{ "TCB level", step_tcb_level },
};

enum ra_err
ra_dcap_verify_quote(struct ra_dcap_verdict *v,
    const struct ra_dcap_verifier *vf, struct ra_dcap_cache *cache,
    const uint8_t *quote, size_t len, const struct ra_dcap_collateral *coll,
    int64_t now)
{
	struct vctx *x;
	size_t i;
	enum ra_err err;

	if (v == NULL || vf == NULL || (quote == NULL && len != 0) ||
	    coll == NULL) {
		return RA_ERR_ARG;
	}
	memset(v, 0, sizeof(*v));
	/* the context holds a parsed quote: keep it off the stack */
	if ((x = calloc(1, sizeof(*x))) == NULL) {
		return RA_ERR_NOMEM;
	}
	x->vf = vf;
	x->cache = cache;
	x->coll = coll;
	x->now = now;
	x->v = v;
	x->quote = quote;
	x->quote_len = len;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (!steps[i].run(x)) {
			break;
		}
	}
	if (v->fail == RA_DCAP_FAIL_NONE && x->err == RA_OK) {
		(void)snprintf(v->msg, sizeof(v->msg), "verified: %s%s%s%s",
		    ra_tcb_info_status_name(v->status),
		    v->collateral_expired ? " (collateral expired: " : "",
		    v->collateral_expired
		        ? ra_dcap_verify_item_name(v->expired_item)
		        : "",
		    v->collateral_expired ? ")" : "");
	}
	err = x->err;
	ra_dcap_cache_checked_release(x->chk);
	free(x);
	return err;
}

/* ---- the verifier ------------------------------------------------------- */

enum ra_err
ra_dcap_verify_new(struct ra_dcap_verifier **out, const uint8_t *anchor,
    size_t len, unsigned int options)
{
	struct ra_dcap_verifier *vf;
	struct ra_bytes der;
	int64_t nb, na;
	enum ra_err err;

	if (out == NULL || (anchor == NULL && len != 0) ||
	    (options &
	        ~(unsigned int)(RA_DCAP_OPT_NO_CRL |
	            RA_DCAP_OPT_REFUSE_EXPIRED)) != 0) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (anchor == NULL) {
		anchor = intel_sgx_root_ca;
		len = sizeof(intel_sgx_root_ca);
	}
	if ((vf = calloc(1, sizeof(*vf))) == NULL) {
		return RA_ERR_NOMEM;
	}
	err = len > 0 && anchor[0] == 0x30
	    ? ra_x509_from_der(&vf->anchor, anchor, len)
	    : ra_x509_from_pem(&vf->anchor, (const char *)anchor, len);
	if (err == RA_OK && !ra_x509_is_self_signed(vf->anchor)) {
		err = RA_ERR_CERT;
	}
	if (err != RA_OK) {
		ra_dcap_verify_free(vf);
		return err;
	}
	der = ra_x509_der(vf->anchor);
	ra_sha256(&vf->anchor_id, der.p, der.len);
	if (ra_x509_validity(vf->anchor, &nb, &na) == RA_OK) {
		vf->anchor_win = (struct dcap_window){ true, nb, na };
	}
	vf->options = options;
	*out = vf;
	return RA_OK;
}

void
ra_dcap_verify_free(struct ra_dcap_verifier *vf)
{
	if (vf == NULL) {
		return;
	}
	ra_x509_free(vf->anchor);
	free(vf);
}

const struct ra_x509 *
ra_dcap_verify_anchor(const struct ra_dcap_verifier *vf)
{
	return vf->anchor;
}
