/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_TEST_PKI_H
#define RA_TEST_PKI_H

/*
 * A throwaway P-256 PKI built with OpenSSL directly (test code only), for
 * the cases real data cannot show: a revoked leaf, an expired CRL, a
 * wrong issuer. Every object comes back as malloc'd DER.
 */
#include <stddef.h>
#include <stdint.h>

#include "sgxra/types.h"

struct test_pki_cert {
	uint8_t *der;
	size_t len;
	void *key; /* EVP_PKEY *, owned */
};

/* A self-signed CA valid [nb, na] (Unix seconds). */
void test_pki_ca(
    struct test_pki_cert *out, const char *cn, int64_t nb, int64_t na);
/* A certificate signed by issuer; is_ca makes it an intermediate CA. */
void test_pki_issue(struct test_pki_cert *out,
    const struct test_pki_cert *issuer, const char *cn, long serial, int is_ca,
    int64_t nb, int64_t na);
/*
 * As test_pki_issue, with one more non-critical extension: OID (dotted)
 * with the DER value ext[0..ext_len) (ext NULL: none). A PCK-like
 * certificate carries the SGX extension (1.2.840.113741.1.13.1).
 * is_ca 2 makes a leaf without digitalSignature (a wrong-usage test).
 */
void test_pki_issue_ext(struct test_pki_cert *out,
    const struct test_pki_cert *issuer, const char *cn, long serial, int is_ca,
    int64_t nb, int64_t na, const char *oid, const uint8_t *ext,
    size_t ext_len);
/*
 * A CRL by issuer revoking the given serials, valid [tu, nu], with the
 * CRL Number and Authority Key Identifier extensions (RFC 5280 §5.2).
 */
uint8_t *test_pki_crl(const struct test_pki_cert *issuer, const long *serials,
    size_t n, int64_t tu, int64_t nu, size_t *len);
/* The same without any extension (a CRL DCAP verifiers must refuse). */
uint8_t *test_pki_crl_bare(const struct test_pki_cert *issuer,
    const long *serials, size_t n, int64_t tu, int64_t nu, size_t *len);
/* The certificate's private key as a P-256 scalar. */
void test_pki_priv(const struct test_pki_cert *c, struct ra_ec256_priv *priv);
/* The certificate as one PEM block, malloc'd with a NUL; *len excludes it. */
char *test_pki_pem(const struct test_pki_cert *c, size_t *len);
void test_pki_free(struct test_pki_cert *c);

#endif
