/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_TEST_PKI_RSA_H
#define RA_TEST_PKI_RSA_H

/*
 * RSA certificates for the throwaway test PKI of pki.h (same struct,
 * released with test_pki_free): an IAS-like report-signing chain whose
 * leaf signs synthetic bodies, and TLS server certificates for the HTTP
 * client tests. Kept apart from pki.c, which is P-256 only.
 */
#include <stddef.h>
#include <stdint.h>

#include "pki.h"

/* A self-signed RSA CA of bits bits, valid [nb, na]. */
void test_pki_rsa_ca(struct test_pki_cert *out, const char *cn,
    unsigned int bits, int64_t nb, int64_t na);
/*
 * An RSA end-entity certificate of bits bits signed by issuer (RSA or
 * P-256), valid [nb, na]. san: NULL or a subjectAltName value in OpenSSL
 * syntax ("IP:127.0.0.1"); with one the key usage also allows TLS.
 */
void test_pki_rsa_issue(struct test_pki_cert *out,
    const struct test_pki_cert *issuer, const char *cn, unsigned int bits,
    long serial, int64_t nb, int64_t na, const char *san);
/* RSASSA-PKCS1-v1_5 SHA-256 of msg with c's key; malloc'd, *sig_len set. */
uint8_t *test_pki_rsa_sign(const struct test_pki_cert *c, const void *msg,
    size_t len, size_t *sig_len);
/* The certificate (or its private key, PKCS#8) as PEM, malloc'd with a
 * NUL; *len excludes the NUL. */
char *test_pki_rsa_cert_pem(const struct test_pki_cert *c, size_t *len);
char *test_pki_rsa_key_pem(const struct test_pki_cert *c, size_t *len);

#endif
