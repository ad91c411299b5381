/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_CRYPTO_OSSL_H
#define RA_CRYPTO_OSSL_H

/*
 * Shared plumbing of the OpenSSL backend, private to src/lib/crypto/.
 *
 * Algorithms are fetched once (OpenSSL 3 "explicit fetch") and kept for
 * the life of the process: an implicit fetch on every call costs more than
 * a CMAC of a short message. The P-256 group is built once for the same
 * reason. All of it is initialised under pthread_once and is read-only
 * afterwards, so the functions are safe to call from several threads.
 */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "sgxra/types.h"

struct ra_ossl {
	EVP_MAC *cmac;
	EVP_CIPHER *aes128_cbc;
	EVP_CIPHER *aes128_gcm;
	EVP_MD *sha256;
	EVP_MD *sha512;
	EC_GROUP *p256;
	BIGNUM *p256_p; /* field prime */
	BIGNUM *p256_n; /* group order */
};

/* The fetched algorithms, or NULL if OpenSSL could not provide them. */
const struct ra_ossl *ra_ossl(void);

/* Big-endian bytes <-> BIGNUM; NULL / 0 on failure. */
BIGNUM *ra_bn_from_be(const uint8_t *b, size_t len);
int ra_bn_to_be(const BIGNUM *bn, uint8_t *b, size_t len);

/*
 * EVP_PKEY views of our key types, for code in crypto/ that needs one
 * (certificate issuing). ra_ec256_evp returns a new reference (free it);
 * priv may be NULL for a public key. ra_rsa_key_evp borrows the key's own.
 */
struct ra_rsa_key;
EVP_PKEY *ra_ec256_evp(
    const struct ra_ec256_priv *priv, const struct ra_ec256_pub *pub);
EVP_PKEY *ra_rsa_key_evp(const struct ra_rsa_key *key);

/* Drain OpenSSL's thread error queue (we report our own codes). */
void ra_ossl_clear_errors(void);

#endif
