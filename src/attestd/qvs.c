/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DCAP Quote Verification Service endpoint (docs/attestd.md "DCAP
 * reports"): POST /attestation/sgx/dcap/v1/report, Intel's QVS API
 * (intel/SGX-TDX-DCAP-QuoteVerificationService @3218f2e,
 * src/handlers/verifyAttestationEvidence.js, read for the contract
 * only). The quote is verified by the library's DCAP verifier
 * (src/lib/ra/dcap_verify.c) against the collateral this service serves
 * under /sgx/certification/v4 (pcs_collateral_get, made in process) and
 * the emulated DCAP root, at the service's time; the report is signed
 * by the report-signing key, as the IAS reports are (ias.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "attestd.h"
#include "log.h"
#include "sgxra/encode.h"
#include "sgxra/quote.h"
#include "sgxra/random.h"

#define QVS_REPORT_VERSION 5
#define QVS_TIME_LEN       21 /* "2026-01-01T00:00:00Z" and its NUL */

/* A completed verdict's status, QVS's getIsvQuoteStatus names. */
static const char *
tcb_status(enum ra_tcb_status s)
{
	switch (s) {
	case RA_TCB_UP_TO_DATE:
		return "OK";
	case RA_TCB_SW_HARDENING_NEEDED:
		return "SW_HARDENING_NEEDED";
	case RA_TCB_CONFIGURATION_NEEDED:
		return "CONFIGURATION_NEEDED";
	case RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED:
		return "CONFIGURATION_AND_SW_HARDENING_NEEDED";
	case RA_TCB_OUT_OF_DATE:
		return "TCB_OUT_OF_DATE";
	case RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED:
		return "TCB_OUT_OF_DATE_AND_CONFIGURATION_NEEDED";
	case RA_TCB_REVOKED:
		return "REVOKED";
	case RA_TCB_TD_RELAUNCH_ADVISED:
		return "TD_RELAUNCH_ADVISED";
	case RA_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED:
		return "TD_RELAUNCH_ADVISED_AND_CONFIGURATION_NEEDED";
	default:
		return NULL;
	}
}

/*
 * A refusal about the quote: QVS's SIGNATURE_INVALID and REVOKED, and,
 * where QVS answers 400 without a report, the name of QVL's status
 * (STATUS_SGX_PCK_CERT_CHAIN_UNTRUSTED, STATUS_QE_IDENTITY_MISMATCH,
 * STATUS_TCB_NOT_SUPPORTED, STATUS_TCB_INFO_MISMATCH), so that the
 * relying party gets a signed refusal it can log. NULL: the failure is
 * this service's own collateral (a 500).
 */
static const char *
fail_status(const struct ra_dcap_verdict *v)
{
	switch (v->fail) {
	case RA_DCAP_FAIL_QUOTE_SIGNATURE:
	case RA_DCAP_FAIL_QE_REPORT_SIGNATURE:
	case RA_DCAP_FAIL_QE_REPORT_DATA:
	case RA_DCAP_FAIL_ATT_KEY:
		return "SIGNATURE_INVALID";
	case RA_DCAP_FAIL_PCK_REVOKED:
	case RA_DCAP_FAIL_PCK_CA_REVOKED:
		return "REVOKED";
	case RA_DCAP_FAIL_PCK_CHAIN:
	case RA_DCAP_FAIL_PCK_EXTENSION:
	case RA_DCAP_FAIL_PCK_MISMATCH:
		return "PCK_CERT_CHAIN_UNTRUSTED";
	case RA_DCAP_FAIL_NOT_YET_VALID:
		return v->item == RA_DCAP_ITEM_PCK_CERT ||
		        v->item == RA_DCAP_ITEM_PCK_CA
		    ? "PCK_CERT_CHAIN_UNTRUSTED"
		    : NULL;
	case RA_DCAP_FAIL_QE_IDENTITY_MISMATCH:
		return "QE_IDENTITY_MISMATCH";
	case RA_DCAP_FAIL_TCB_NOT_SUPPORTED:
		return "TCB_NOT_SUPPORTED";
	case RA_DCAP_FAIL_TCB_INFO_MISMATCH:
	case RA_DCAP_FAIL_TDX_MODULE_MISMATCH:
		return "TCB_INFO_MISMATCH";
	default:
		return NULL;
	}
}

/* QVS teeTypeForReport: TDX, or SGX_ and the PCK certificate's type. */
static const char *
tee_type(const struct ra_dcap_verdict *v)
{
	if (v->tee_type == RA_DCAP_TEE_TDX) {
		return "TDX";
	}
	if (v->fail != RA_DCAP_FAIL_NONE) {
		return "SGX"; /* the PCK certificate may not have been read */
	}
	switch (v->sgx_type) {
	case RA_SGX_TYPE_SCALABLE:
		return "SGX_SCALABLE";
	case RA_SGX_TYPE_SCALABLE_WITH_INTEGRITY:
		return "SGX_SCALABLE_WITH_INTEGRITY";
	default:
		return "SGX_STANDARD";
	}
}

enum ra_err
qvs_verify_quote(struct attestd *ad, const uint8_t *quote, size_t len,
    int64_t now, struct qvs_verdict *out, char *why, size_t cap)
{
	struct ra_dcap_quote q;
	struct pcs_collateral c;
	size_t qlen = 0;
	enum ra_err err;

	memset(out, 0, sizeof(*out));
	/* 1. a DCAP quote (what QVS's QVL parse refuses is a 400) */
	if ((err = ra_dcap_quote_len(&qlen, quote, len)) != RA_OK ||
	    (err = ra_dcap_quote_parse(&q, quote, qlen)) != RA_OK) {
		snprintf(why, cap, "isvQuote is not a DCAP quote (%s)",
		    ra_errname(err));
		return err == RA_ERR_VERSION ? err : RA_ERR_FORMAT;
	}
	if (q.cert_type != RA_DCAP_CERT_PCK_CHAIN) {
		snprintf(why, cap,
		    "certification data type %d is not supported: the "
		    "quote must carry its PCK certificate chain (type 5)",
		    (int)q.cert_type);
		return RA_ERR_VERSION;
	}
	out->body_len = q.signed_data.len;
	/* 2. the collateral this service serves, made now */
	if ((err = pcs_collateral_get(ad, &c, now)) != RA_OK) {
		snprintf(why, cap, "cannot make the DCAP collateral (%s)",
		    ra_errname(err));
		return RA_ERR_IO;
	}
	out->tcb_eval = c.eval;
	out->tcb_date = c.issue_date;
	/* 3. the library's verifier, under the emulated root, at now */
	err = ra_dcap_verify_quote(
	    &out->v, ad->dcap_vf, NULL, quote, len, &c.coll, now);
	pcs_collateral_free(&c);
	if (err != RA_OK) {
		snprintf(
		    why, cap, "the DCAP verifier failed (%s)", ra_errname(err));
		return RA_ERR_IO;
	}
	out->tee_type = tee_type(&out->v);
	switch (out->v.fail) {
	case RA_DCAP_FAIL_NONE:
		out->completed = true;
		out->status = tcb_status(out->v.status);
		break;
	case RA_DCAP_FAIL_QUOTE_FORMAT:
	case RA_DCAP_FAIL_QUOTE_UNSUPPORTED:
		snprintf(why, cap, "%s", out->v.msg);
		return RA_ERR_VERSION;
	default:
		out->status = fail_status(&out->v);
		break;
	}
	if (out->status == NULL) {
		snprintf(why, cap,
		    "this service's DCAP collateral is refused: %s",
		    out->v.msg);
		return RA_ERR_IO;
	}
	return RA_OK;
}

static void
iso_time(char out[QVS_TIME_LEN], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, QVS_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		snprintf(out, QVS_TIME_LEN, "1970-01-01T00:00:00Z");
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * advisoryURL and advisoryIDs (sorted, each once, as QVS's
 * collectAdvisoryIds) when the matched TCB level names advisories.
 */
static int
set_advisories(json_t *o, const struct ra_dcap_verdict *v)
{
	char ids[RA_VERDICT_ADVISORIES_MAX][RA_ADVISORY_ID_LEN];
	json_t *a;
	size_t i, n = v->n_advisories;
	int bad;

	if (n == 0) {
		return 0;
	}
	memcpy(ids, v->advisories, sizeof(ids));
	qsort(ids, n, sizeof(ids[0]), cmp_str);
	bad = json_object_set_new(
	    o, "advisoryURL", json_string(ATTESTD_ADVISORY_URL));
	a = json_array();
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0) {
			bad |= json_array_append_new(a, json_string(ids[i]));
		}
	}
	return bad | json_object_set_new(o, "advisoryIDs", a);
}

char *
qvs_report_body(const struct qvs_verdict *v, const uint8_t *quote,
    const char *nonce, int64_t now, const uint8_t id[16])
{
	char idbuf[40], ts[QVS_TIME_LEN], tcb_date[QVS_TIME_LEN];
	json_t *o = json_object();
	char *out = NULL;
	int bad = 0;

	if (o == NULL) {
		return NULL;
	}
	ias_report_id(idbuf, id);
	iso_time(ts, now);
	iso_time(tcb_date, v->tcb_date);
	/* verifyAttestationEvidence.js: the mandatory fields, in order */
	bad |= json_object_set_new(o, "id", json_string(idbuf));
	bad |= json_object_set_new(o, "timestamp", json_string(ts));
	bad |=
	    json_object_set_new(o, "version", json_integer(QVS_REPORT_VERSION));
	bad |= json_object_set_new(o, "attestationType", json_string("ECDSA"));
	bad |= json_object_set_new(o, "teeType", json_string(v->tee_type));
	bad |= json_object_set_new(o, "isvQuoteStatus", json_string(v->status));
	bad |= json_object_set_new(
	    o, "isvQuoteBody", attestd_b64_json(quote, v->body_len));
	bad |= json_object_set_new(o, "tcbEvaluationDataNumber",
	    json_integer((json_int_t)v->tcb_eval));
	bad |= json_object_set_new(o, "tcbDate", json_string(tcb_date));
	/* then the optional ones */
	if (nonce != NULL) {
		bad |= json_object_set_new(o, "nonce", json_string(nonce));
	}
	if (v->completed) {
		bad |= set_advisories(o, &v->v);
	}
	if (bad == 0) {
		out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	json_decref(o);
	return out;
}

void
qvs_report_handler(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct attestd *ad = ctx;
	struct store_tenant t;
	struct ias_report_req r;
	struct qvs_verdict *v = malloc(sizeof(*v));
	uint8_t id[16];
	char why[RA_VERDICT_MSG_LEN + 64], *body = NULL;
	int64_t now = attestd_now();
	enum ra_err err;

	if (v == NULL) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	if (!ias_report_begin(ad, req, w, true, &t, &r)) {
		free(v);
		return;
	}
	err = qvs_verify_quote(
	    ad, r.quote, r.quote_len, now, v, why, sizeof(why));
	if (err != RA_OK) {
		ias_report_refuse(ad, req, w, t.id, &r, err, why);
		goto out;
	}
	if (!v->completed) {
		log_info("request %s: DCAP quote refused: %s", req->request_id,
		    v->v.msg);
	}
	if (ra_random(id, sizeof(id)) == RA_OK) {
		body = qvs_report_body(v, r.quote, r.nonce, now, id);
	}
	if (ias_report_send(ad, req, w, t.id, &r, v->status, body)) {
		httpd_resp_status(w, 200);
	}
out:
	free(body);
	free(v);
	ias_report_req_free(&r);
}
