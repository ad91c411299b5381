/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_X509_ISSUE_H
#define RA_X509_ISSUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/crypto.h"
#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * Issuing X.509 v3 certificates, for the emulated services' own
 * hierarchies (the attestation report-signing CA, the PCK CA): never used
 * to check anything. Subject names are written as RFC 2253 strings, as
 * ra_x509_subject() prints them: "CN=...,O=...,L=...,ST=...,C=...", most
 * specific first (attributes CN, O, OU, L, ST, C only; no escapes: a ','
 * or '=' inside a value is RA_ERR_ARG).
 */

/* Key usage bits (RFC 5280 §4.2.1.3). */
enum ra_x509_key_usage {
	RA_X509_KU_DIGITAL_SIGNATURE = 0x1,
	RA_X509_KU_NON_REPUDIATION = 0x2,
	RA_X509_KU_KEY_CERT_SIGN = 0x4,
	RA_X509_KU_CRL_SIGN = 0x8,
};

/* An extra extension: OID in dotted form and its DER value. */
struct ra_x509_ext {
	const char *oid;
	bool critical;
	const uint8_t *der;
	size_t der_len;
};

/*
 * The certificate to issue. The subject key is ec_pub or rsa (its public
 * half); the signing key is sign_ec or sign_rsa (private), the issuer
 * issuer_der (NULL: self-signed, then the signing key must be the
 * subject's). Serial: a positive integer. Validity in Unix seconds.
 * Basic constraints: CA or not (critical), path length when ca and
 * path_len >= 0. Subject and authority key identifiers are always added.
 */
struct ra_x509_issue_args {
	const char *subject;
	const struct ra_ec256_pub *ec_pub;
	const struct ra_rsa_key *rsa;
	const uint8_t *issuer_der;
	size_t issuer_der_len;
	const struct ra_ec256_priv *sign_ec;
	const struct ra_rsa_key *sign_rsa;
	uint64_t serial;
	int64_t not_before;
	int64_t not_after;
	bool ca;
	int path_len;
	unsigned int key_usage; /* enum ra_x509_key_usage bits */
	const struct ra_x509_ext *exts;
	size_t n_exts;
};

/*
 * Write the DER certificate to out (capacity cap), *out_len its length.
 * RA_ERR_ARG for inconsistent arguments, RA_ERR_SPACE if out is too small,
 * RA_ERR_KEY for a key that cannot sign.
 */
RA_MUST_CHECK enum ra_err ra_x509_issue(uint8_t *out, size_t cap,
    size_t *out_len, const struct ra_x509_issue_args *a);

/* DER to PEM ("CERTIFICATE" block, with a NUL; *out_len without it). */
RA_MUST_CHECK enum ra_err ra_x509_der_to_pem(
    char *out, size_t cap, size_t *out_len, const uint8_t *der, size_t der_len);

/* One revoked certificate of a CRL: its serial and revocation time. */
struct ra_x509_revoked {
	uint64_t serial;
	int64_t when; /* Unix seconds */
};

/*
 * The CRL to issue (RFC 5280 §5), version 2, signed with ECDSA-SHA256 by
 * sign_ec, the private key of the CA certificate issuer_der. It carries
 * the two extensions DCAP verifiers require (FORMATS.md §6.3): CRL Number
 * (number, non-critical) and Authority Key Identifier (the issuer's
 * subject key identifier). thisUpdate < nextUpdate, in Unix seconds;
 * revoked[0..n_revoked) with positive serials (n_revoked 0: an empty
 * list, revoked may be NULL).
 */
struct ra_x509_crl_args {
	const uint8_t *issuer_der;
	size_t issuer_der_len;
	const struct ra_ec256_priv *sign_ec;
	uint64_t number;
	int64_t this_update;
	int64_t next_update;
	const struct ra_x509_revoked *revoked;
	size_t n_revoked;
};

/*
 * Write the DER CRL to out (capacity cap), *out_len its length.
 * RA_ERR_ARG for inconsistent arguments or an issuer that does not parse,
 * RA_ERR_KEY if sign_ec is not the issuer's key, RA_ERR_SPACE if out is
 * too small, RA_ERR_CRYPTO if OpenSSL fails.
 */
RA_MUST_CHECK enum ra_err ra_x509_crl_issue(uint8_t *out, size_t cap,
    size_t *out_len, const struct ra_x509_crl_args *a);

/* DER to PEM ("X509 CRL" block, with a NUL; *out_len without it). */
RA_MUST_CHECK enum ra_err ra_x509_crl_der_to_pem(
    char *out, size_t cap, size_t *out_len, const uint8_t *der, size_t der_len);

#endif
