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
/* A CRL by issuer revoking the given serials, valid [tu, nu]. */
uint8_t *test_pki_crl(const struct test_pki_cert *issuer, const long *serials,
    size_t n, int64_t tu, int64_t nu, size_t *len);
void test_pki_free(struct test_pki_cert *c);

#endif
