/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verification of an IAS Attestation Verification Report and the service
 * provider's acceptance checks. FORMATS.md §5.4 (the signature headers)
 * and §5.5; docs/ias-client.md. The body is parsed by wire/avr_json.c,
 * and only after its signature has verified.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/x509.h"

/* RSA-2048: the only key IAS signs reports with (FORMATS.md §5.4). */
#define AVR_SIG_LEN 256

static void
set_detail(struct ra_x509_verify_detail *d, int depth, const char *reason,
    const struct ra_x509 *cert)
{
	if (d == NULL) {
		return;
	}
	memset(d, 0, sizeof(*d));
	d->depth = depth;
	snprintf(d->reason, sizeof(d->reason), "%s", reason);
	if (cert == NULL ||
	    ra_x509_subject(cert, d->subject, sizeof(d->subject)) != RA_OK) {
		d->subject[0] = '\0';
	}
}

/*
 * X-IASReport-Signature: strict base64, no whitespace. A well-formed
 * value of the wrong length is left for the signature check to refuse.
 */
static enum ra_err
decode_signature(
    uint8_t *sig, size_t cap, size_t *sig_len, const char *b64, size_t b64_len)
{
	if (b64_len > RA_IAS_SIG_HEADER_MAX_LEN ||
	    ra_base64_decode(sig, cap, sig_len, b64, b64_len) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/*
 * X-IASReport-Signing-Certificate: percent-encoded PEM of the signing
 * certificate, then its CA.
 */
static enum ra_err
decode_chain(struct ra_x509_list **chain, const char *certs, size_t len)
{
	uint8_t pem[RA_IAS_CERTS_HEADER_MAX_LEN];
	size_t pem_len;

	if (len > sizeof(pem) ||
	    ra_pct_decode(pem, sizeof(pem), &pem_len, certs, len) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	return ra_x509_list_from_pem(chain, (const char *)pem, pem_len);
}

/* The leaf's key, which must be RSA-2048: RA_ERR_CERT otherwise. */
static enum ra_err
leaf_key(struct ra_rsa_key **key, const struct ra_x509_list *chain,
    struct ra_x509_verify_detail *detail)
{
	const struct ra_x509 *leaf = ra_x509_list_get(chain, 0);
	enum ra_err err = ra_x509_pub_rsa(leaf, key);

	if (err == RA_ERR_NOMEM || err == RA_ERR_CRYPTO) {
		return err;
	}
	if (err != RA_OK || ra_rsa_key_len(*key) != AVR_SIG_LEN) {
		set_detail(
		    detail, 0, "report signing key is not RSA-2048", leaf);
		return RA_ERR_CERT;
	}
	return RA_OK;
}

/*
 * Steps 1-3 of a signed report, the same for IAS AVRs and QVS reports
 * (both carry X-IASReport-Signature and X-IASReport-Signing-Certificate):
 * decode and bound, the chain to the anchor at now with an RSA-2048
 * leaf, the signature over the exact body bytes. RA_OK only when all
 * passed: then the caller may read the body.
 */
static enum ra_err
verify_signed(struct ra_x509_verify_detail *detail, const uint8_t *body,
    size_t body_len, const char *sig, size_t sig_len, const char *certs,
    size_t certs_len, const struct ra_x509 *anchor, int64_t now)
{
	struct ra_x509_list *chain = NULL;
	struct ra_rsa_key *key = NULL;
	struct ra_hash256 h;
	uint8_t s[RA_IAS_SIG_HEADER_MAX_LEN];
	size_t s_len = 0;
	enum ra_err err;

	set_detail(detail, -1, "", NULL);
	/* 1. decode and bound */
	if (body_len > RA_AVR_BODY_MAX_LEN) {
		return RA_ERR_FORMAT;
	}
	if ((err = decode_signature(s, sizeof(s), &s_len, sig, sig_len)) !=
	        RA_OK ||
	    (err = decode_chain(&chain, certs, certs_len)) != RA_OK) {
		goto out;
	}
	/* 2. the chain, at now, up to the pinned anchor; an RSA-2048 leaf */
	if ((err = ra_x509_verify(chain, anchor, NULL, 0, now, detail)) !=
	        RA_OK ||
	    (err = leaf_key(&key, chain, detail)) != RA_OK) {
		goto out;
	}
	/* 3. RSASSA-PKCS1-v1_5 SHA-256 over the exact body bytes */
	ra_sha256(&h, body, body_len);
	err = ra_rsa_verify_sha256(key, &h, s, s_len);
out:
	ra_rsa_key_free(key);
	ra_x509_list_free(chain);
	return err;
}

enum ra_err
ra_avr_verify(struct ra_avr *avr, struct ra_x509_verify_detail *detail,
    const uint8_t *body, size_t body_len, const char *sig, size_t sig_len,
    const char *certs, size_t certs_len, const struct ra_x509 *anchor,
    int64_t now)
{
	enum ra_err err;

	if (avr == NULL || body == NULL || sig == NULL || certs == NULL ||
	    anchor == NULL) {
		return RA_ERR_ARG;
	}
	memset(avr, 0, sizeof(*avr));
	err = verify_signed(detail, body, body_len, sig, sig_len, certs,
	    certs_len, anchor, now);
	/* 4. only now read the body */
	if (err == RA_OK) {
		err = ra_avr_json_parse(avr, body, body_len);
	}
	if (err != RA_OK) {
		memset(avr, 0, sizeof(*avr));
	}
	return err;
}

enum ra_err
ra_qvs_verify(struct ra_qvs_report *r, struct ra_x509_verify_detail *detail,
    const uint8_t *body, size_t body_len, const char *sig, size_t sig_len,
    const char *certs, size_t certs_len, const struct ra_x509 *anchor,
    int64_t now)
{
	enum ra_err err;

	if (r == NULL || body == NULL || sig == NULL || certs == NULL ||
	    anchor == NULL) {
		return RA_ERR_ARG;
	}
	memset(r, 0, sizeof(*r));
	err = verify_signed(detail, body, body_len, sig, sig_len, certs,
	    certs_len, anchor, now);
	/* 4. only now read the body */
	if (err == RA_OK) {
		err = ra_qvs_json_parse(r, body, body_len);
	}
	if (err != RA_OK) {
		memset(r, 0, sizeof(*r));
	}
	return err;
}

/* --- policy -------------------------------------------------------------- */

/* 9999-12-31T23:59:59Z: the last second a timestamp can name. */
#define AVR_TIME_MAX ((int64_t)253402300799)

static const char *const reason_names[] = {
	[RA_AVR_REASON_NONE] = "accepted",
	[RA_AVR_REASON_VERSION] = "report version is not the required one",
	[RA_AVR_REASON_QUOTE] = "quote body is not the quote submitted",
	[RA_AVR_REASON_NONCE] = "nonce mismatch",
	[RA_AVR_REASON_STALE] = "report is too old",
	[RA_AVR_REASON_FUTURE] = "report timestamp is in the future",
	[RA_AVR_REASON_STATUS] = "quote status is not accepted",
};

const char *
ra_avr_reason_name(enum ra_avr_reason reason)
{
	size_t i = (size_t)reason;

	return i < sizeof(reason_names) / sizeof(reason_names[0])
	    ? reason_names[i]
	    : "unknown reason";
}

static bool
expect_is_valid(const struct ra_avr_expect *exp)
{
	return (exp->quote != NULL || exp->quote_len == 0) &&
	    exp->quote_len >= RA_EPID_QUOTE_BODY_LEN && exp->now >= 0 &&
	    exp->now <= AVR_TIME_MAX && exp->max_age >= 0 &&
	    exp->max_age <= RA_AVR_MAX_WINDOW && exp->max_future >= 0 &&
	    exp->max_future <= RA_AVR_MAX_WINDOW;
}

/* What the checks read of either kind of report. */
struct checked {
	uint32_t version;
	const uint8_t *quote_body;
	size_t quote_body_len;
	bool has_nonce;
	const char *nonce;
	int64_t time;
	enum ra_avr_status status;
};

/* Both absent, or both present and equal (lengths are public). */
static bool
nonce_matches(const struct checked *r, const char *want)
{
	size_t n;

	if (want == NULL || !r->has_nonce) {
		return want == NULL && !r->has_nonce;
	}
	n = strlen(want);
	return n == strlen(r->nonce) && ra_ct_eq(r->nonce, want, n);
}

static enum ra_avr_reason
first_failure(const struct checked *r, const struct ra_avr_expect *exp)
{
	if (r->version != exp->version) {
		return RA_AVR_REASON_VERSION;
	}
	if (r->quote_body_len < RA_EPID_QUOTE_BODY_LEN ||
	    r->quote_body_len > exp->quote_len ||
	    !ra_ct_eq(r->quote_body, exp->quote, r->quote_body_len)) {
		return RA_AVR_REASON_QUOTE;
	}
	if (!nonce_matches(r, exp->nonce)) {
		return RA_AVR_REASON_NONCE;
	}
	/* Whole seconds; no overflow: every term is bounded (ias.h). */
	if (r->time < exp->now - exp->max_age) {
		return RA_AVR_REASON_STALE;
	}
	if (r->time > exp->now + exp->max_future) {
		return RA_AVR_REASON_FUTURE;
	}
	if (r->status == RA_AVR_STATUS_UNKNOWN ||
	    (unsigned int)r->status >= 32 ||
	    (exp->accept & RA_AVR_STATUS_BIT(r->status)) == 0) {
		return RA_AVR_REASON_STATUS;
	}
	return RA_AVR_REASON_NONE;
}

static enum ra_err
check(const struct checked *r, enum ra_avr_reason *reason,
    const struct ra_avr_expect *exp)
{
	*reason = first_failure(r, exp);
	return *reason == RA_AVR_REASON_NONE ? RA_OK : RA_ERR_POLICY;
}

enum ra_err
ra_avr_check(const struct ra_avr *avr, enum ra_avr_reason *reason,
    const struct ra_avr_expect *exp)
{
	struct checked c;

	if (reason != NULL) {
		*reason = RA_AVR_REASON_NONE;
	}
	if (avr == NULL || reason == NULL || exp == NULL ||
	    !expect_is_valid(exp)) {
		return RA_ERR_ARG;
	}
	c = (struct checked){ avr->version, avr->quote_body,
		RA_EPID_QUOTE_BODY_LEN, avr->has_nonce, avr->nonce, avr->time,
		avr->status };
	return check(&c, reason, exp);
}

enum ra_err
ra_qvs_check(const struct ra_qvs_report *r, enum ra_avr_reason *reason,
    const struct ra_avr_expect *exp)
{
	struct checked c;

	if (reason != NULL) {
		*reason = RA_AVR_REASON_NONE;
	}
	if (r == NULL || reason == NULL || exp == NULL ||
	    !expect_is_valid(exp)) {
		return RA_ERR_ARG;
	}
	c = (struct checked){ r->version, r->quote_body, r->quote_body_len,
		r->has_nonce, r->nonce, r->time, r->status };
	return check(&c, reason, exp);
}
