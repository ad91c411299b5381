/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_X509_H
#define RA_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/crypto.h"
#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * X.509 certificates, certificate lists and CRLs, and chain verification
 * at a caller-given time. OpenSSL parses and verifies; these functions
 * add the strictness attestation needs (exact DER, only CERTIFICATE PEM
 * blocks, no system trust store, no partial chains) and report which
 * certificate failed and why.
 *
 * Objects are allocated by their constructors and released by the
 * matching _free, which accepts NULL. Views returned by accessors point
 * into the object and are valid while it is.
 */
struct ra_x509;
struct ra_x509_list;
struct ra_x509_crl;

/* Most certificates a PEM list may hold. */
#define RA_X509_LIST_MAX 16

/* One certificate from DER; trailing bytes are RA_ERR_FORMAT. */
RA_MUST_CHECK enum ra_err ra_x509_from_der(
    struct ra_x509 **out, const uint8_t *der, size_t len);
/* Exactly one CERTIFICATE block of PEM. */
RA_MUST_CHECK enum ra_err ra_x509_from_pem(
    struct ra_x509 **out, const char *pem, size_t len);
void ra_x509_free(struct ra_x509 *cert);

/*
 * A list of 1..RA_X509_LIST_MAX CERTIFICATE blocks in order. Any other PEM
 * block type is RA_ERR_FORMAT; text outside blocks (and a trailing NUL, as
 * in DCAP certification data) is ignored.
 */
RA_MUST_CHECK enum ra_err ra_x509_list_from_pem(
    struct ra_x509_list **out, const char *pem, size_t len);
/*
 * A list from certification data as it appears in DCAP quotes: PEM text
 * (as ra_x509_list_from_pem) or, when the first byte is 0x30, 1..
 * RA_X509_LIST_MAX DER certificates back to back, consumed exactly.
 */
RA_MUST_CHECK enum ra_err ra_x509_list_from_bytes(
    struct ra_x509_list **out, const uint8_t *p, size_t len);

/*
 * ra_x509_list_from_bytes(), except that a certificate whose DER is
 * byte-identical to one of known[0..nknown) (entries may be NULL) becomes
 * a new reference to that one instead of being parsed again: chains that
 * repeat the trust anchor or a CA cost no second parse (OpenSSL 3.0's
 * d2i_X509 costs more than an ECDSA verification). The result does not
 * depend on known.
 */
RA_MUST_CHECK enum ra_err ra_x509_list_from_known(struct ra_x509_list **out,
    const uint8_t *p, size_t len, const struct ra_x509 *const *known,
    size_t nknown);

/* A list holding copies of n certificates (n may be 0). */
RA_MUST_CHECK enum ra_err ra_x509_list_from(
    struct ra_x509_list **out, const struct ra_x509 *const *certs, size_t n);
size_t ra_x509_list_len(const struct ra_x509_list *list);
/* The i-th certificate, owned by the list; NULL if i is out of range. */
const struct ra_x509 *ra_x509_list_get(
    const struct ra_x509_list *list, size_t i);
void ra_x509_list_free(struct ra_x509_list *list);

/* A CRL from DER (trailing bytes refused) or from one X509 CRL PEM block. */
RA_MUST_CHECK enum ra_err ra_x509_crl_from_der(
    struct ra_x509_crl **out, const uint8_t *der, size_t len);
RA_MUST_CHECK enum ra_err ra_x509_crl_from_pem(
    struct ra_x509_crl **out, const char *pem, size_t len);
void ra_x509_crl_free(struct ra_x509_crl *crl);

/* --- inspection ---------------------------------------------------------- */

/* The DER encoding of the certificate. */
struct ra_bytes ra_x509_der(const struct ra_x509 *cert);
/* Subject / issuer as an RFC 2253 string ("CN=...,O=...") with a NUL. */
RA_MUST_CHECK enum ra_err ra_x509_subject(
    const struct ra_x509 *cert, char *out, size_t cap);
RA_MUST_CHECK enum ra_err ra_x509_issuer(
    const struct ra_x509 *cert, char *out, size_t cap);
/* The subject's common name; RA_ERR_FORMAT if it has none. */
RA_MUST_CHECK enum ra_err ra_x509_subject_cn(
    const struct ra_x509 *cert, char *out, size_t cap);
/* notBefore / notAfter as Unix seconds. */
RA_MUST_CHECK enum ra_err ra_x509_validity(
    const struct ra_x509 *cert, int64_t *not_before, int64_t *not_after);
/* The serial number in lowercase hex with a NUL. */
RA_MUST_CHECK enum ra_err ra_x509_serial(
    const struct ra_x509 *cert, char *out, size_t cap);
/* True iff subject == issuer and the certificate verifies under its own key. */
bool ra_x509_is_self_signed(const struct ra_x509 *cert);
/* True iff a and b have identical DER. */
bool ra_x509_equal(const struct ra_x509 *a, const struct ra_x509 *b);

/* The subject public key if it is P-256 (named curve), else RA_ERR_KEY. */
RA_MUST_CHECK enum ra_err ra_x509_pub_ec256(
    const struct ra_x509 *cert, struct ra_ec256_pub *pub);
/* The subject public key if it is RSA (new key; caller frees). */
RA_MUST_CHECK enum ra_err ra_x509_pub_rsa(
    const struct ra_x509 *cert, struct ra_rsa_key **key);

/*
 * The value (contents of the extnValue OCTET STRING) of the extension
 * whose OID is given in dotted form ("1.2.840.113741.1.13.1"). *found is
 * false when the certificate has no such extension; a duplicate is
 * RA_ERR_FORMAT. critical may be NULL.
 */
RA_MUST_CHECK enum ra_err ra_x509_extension(const struct ra_x509 *cert,
    const char *oid, struct ra_bytes *value, bool *critical, bool *found);

/* CRL thisUpdate / nextUpdate as Unix seconds (nextUpdate is required). */
RA_MUST_CHECK enum ra_err ra_x509_crl_validity(
    const struct ra_x509_crl *crl, int64_t *this_update, int64_t *next_update);
RA_MUST_CHECK enum ra_err ra_x509_crl_issuer(
    const struct ra_x509_crl *crl, char *out, size_t cap);
/* The number of revoked entries. */
size_t ra_x509_crl_count(const struct ra_x509_crl *crl);

/* --- verification -------------------------------------------------------- */

/* Why a verification failed: filled on RA_ERR_CERT. */
struct ra_x509_verify_detail {
	int depth;         /* 0 = leaf; -1 when not about one cert */
	int code;          /* OpenSSL X509_V_ERR_* value, 0 if ours */
	char reason[128];  /* "certificate has expired", ... */
	char subject[256]; /* the certificate concerned, RFC 2253 */
};

/*
 * Verify chain (leaf first; intermediates after it; it may end with a
 * copy of the root) up to anchor, which must be a self-signed certificate,
 * at time now (Unix seconds): every signature, validity window (OpenSSL's
 * convention: valid for notBefore <= now < notAfter), basic
 * constraints and key usage as OpenSSL checks them, with no system trust
 * store and no partial chain. If the chain ends in a self-signed
 * certificate, it must have anchor's subject and public key (a re-issue of
 * the anchor is accepted; another key under the same name is not).
 *
 * With ncrls > 0, revocation is checked for every certificate of the
 * chain, and each issuer must have a CRL among crls that verifies and is
 * current at now ("unable to get certificate CRL" otherwise).
 *
 * RA_OK, RA_ERR_CERT with detail filled (detail may be NULL), or
 * RA_ERR_NOMEM / RA_ERR_CRYPTO.
 */
RA_MUST_CHECK enum ra_err ra_x509_verify(const struct ra_x509_list *chain,
    const struct ra_x509 *anchor, const struct ra_x509_crl *const *crls,
    size_t ncrls, int64_t now, struct ra_x509_verify_detail *detail);

/* Options of ra_x509_verify_ex(). */
enum ra_x509_verify_flag {
	/*
	 * Check no validity window (neither notBefore/notAfter nor CRL
	 * thisUpdate/nextUpdate): the caller applies its own time rules, as
	 * the DCAP verifier does (docs/dcap.md, "Time").
	 */
	RA_X509_NO_TIME = 0x1,
	/*
	 * The caller has already checked, once, that anchor is self-signed
	 * (ra_x509_is_self_signed): a verifier that holds one anchor for
	 * many verifications saves one signature check per call.
	 */
	RA_X509_ANCHOR_CHECKED = 0x2,
};

/*
 * ra_x509_verify() with options (flags: a set of enum ra_x509_verify_flag;
 * 0 is ra_x509_verify). With RA_X509_NO_TIME, now is ignored. A chain
 * that ends in a byte-identical copy of anchor costs no signature check
 * for that copy.
 */
RA_MUST_CHECK enum ra_err ra_x509_verify_ex(const struct ra_x509_list *chain,
    const struct ra_x509 *anchor, const struct ra_x509_crl *const *crls,
    size_t ncrls, int64_t now, unsigned int flags,
    struct ra_x509_verify_detail *detail);

/*
 * Check crl against issuer without looking at the time: the CRL's issuer
 * name must be issuer's subject; it must carry the CRL Number and the
 * Authority Key Identifier extensions (RFC 5280 §5.2.1 and §5.2.3; Intel's
 * QVL requires both on DCAP CRLs), and a key identifier there must match
 * issuer's subject key identifier; and its signature must verify under
 * issuer's key. RA_OK; RA_ERR_CERT with detail->reason naming the failed
 * rule (detail may be NULL); RA_ERR_AUTH for the signature.
 */
RA_MUST_CHECK enum ra_err ra_x509_crl_check(const struct ra_x509_crl *crl,
    const struct ra_x509 *issuer, struct ra_x509_verify_detail *detail);

/*
 * Verify that crl is signed by issuer's key and current at now:
 * RA_OK, RA_ERR_AUTH (signature) or RA_ERR_CERT (time; detail filled).
 */
RA_MUST_CHECK enum ra_err ra_x509_crl_verify(const struct ra_x509_crl *crl,
    const struct ra_x509 *issuer, int64_t now,
    struct ra_x509_verify_detail *detail);

/* True iff cert's serial is listed in crl (caller checks the issuer). */
bool ra_x509_crl_revokes(
    const struct ra_x509_crl *crl, const struct ra_x509 *cert);

#endif
