/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_CRYPTO_H
#define RA_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/random.h"
#include "sgxra/types.h"

/*
 * The cryptographic primitives of SGX attestation: SHA-256, AES-128-CMAC,
 * AES-128-GCM, P-256 (ECDH, ECDSA), RSA (PKCS#1 v1.5 with SHA-256, OAEP
 * with SHA-256), the SGX RA key derivation, and a deterministic generator
 * for tests. OpenSSL 3 is the backend; src/lib/crypto/ is the only place
 * that includes it, and it owns the constant-time property of its
 * primitives. Our code around it wipes every secret it copies and compares
 * with ra_ct_eq() only.
 *
 * Unless a function says otherwise: pointers are borrowed for the duration
 * of the call, outputs may not alias inputs, and on failure outputs hold
 * no secret (they are wiped).
 */

/* --- SHA-256 (FIPS 180-4) ------------------------------------------------ */

/*
 * An incremental SHA-256 context. Plain data: it may be copied (to hash a
 * common prefix once) and lives on the stack. Do not rely on the size or
 * contents of this type.
 */
struct ra_sha256_ctx {
	uint64_t opaque[16];
};

void ra_sha256_init(struct ra_sha256_ctx *ctx);
void ra_sha256_update(struct ra_sha256_ctx *ctx, const void *data, size_t len);
/* Write the digest and wipe the context. */
void ra_sha256_final(struct ra_sha256_ctx *ctx, struct ra_hash256 *out);
/* One-shot SHA-256 of data[0..len). */
void ra_sha256(struct ra_hash256 *out, const void *data, size_t len);

/* --- SHA-2 family, incremental (FIPS 180-4) ----------------------------- */

/*
 * The hash algorithms of EPID 2.0, numbered as Intel's EPID SDK numbers
 * them (the value sits in the low nibble of a group id's byte 1).
 */
enum ra_hash_alg {
	RA_HASH_SHA256 = 0,
	RA_HASH_SHA384 = 1,
	RA_HASH_SHA512 = 2,
	RA_HASH_SHA512_256 = 3,
};

/* The longest digest of the family (SHA-512), in bytes. */
#define RA_HASH_MAX_LEN 64

/*
 * An incremental context for any enum ra_hash_alg. Plain data: it may be
 * copied (to hash a common prefix once) and lives on the stack. Do not
 * rely on the size or contents of this type.
 */
struct ra_hash_ctx {
	uint64_t opaque[28];
	enum ra_hash_alg alg;
};

/* Digest length of alg in bytes (32, 48 or 64); 0 for an unknown alg. */
size_t ra_hash_len(enum ra_hash_alg alg);

/* Start a hash; RA_ERR_ARG for an unknown alg (the context is unusable). */
RA_MUST_CHECK enum ra_err ra_hash_init(
    struct ra_hash_ctx *ctx, enum ra_hash_alg alg);
void ra_hash_update(struct ra_hash_ctx *ctx, const void *data, size_t len);
/*
 * Write the digest to out (ra_hash_len bytes of the RA_HASH_MAX_LEN),
 * wipe the context and return the digest length.
 */
size_t ra_hash_final(struct ra_hash_ctx *ctx, uint8_t out[RA_HASH_MAX_LEN]);
/* One-shot; returns the digest length, 0 for an unknown alg. */
size_t ra_hash(enum ra_hash_alg alg, uint8_t out[RA_HASH_MAX_LEN],
    const void *data, size_t len);

/* --- AES-128-CMAC (RFC 4493) --------------------------------------------- */

/*
 * out = AES-CMAC(key, msg[0..len)). RA_ERR_NOMEM or RA_ERR_CRYPTO if the
 * backend fails. Constant-time in key and msg.
 */
RA_MUST_CHECK enum ra_err ra_cmac(struct ra_mac128 *out,
    const struct ra_key128 *key, const void *msg, size_t len);

/*
 * Recompute AES-CMAC(key, msg) and compare it with want in constant time:
 * RA_OK or RA_ERR_AUTH.
 */
RA_MUST_CHECK enum ra_err ra_cmac_verify(const struct ra_mac128 *want,
    const struct ra_key128 *key, const void *msg, size_t len);

/* --- AES-128-GCM (SP 800-38D), 96-bit IV, 128-bit tag ------------------- */

#define RA_GCM_IV_LEN 12

/*
 * Encrypt pt[0..len) into ct[0..len) (ct may equal pt) and write the tag.
 * aad may be NULL when aad_len is 0. The caller must never reuse (key, iv).
 */
RA_MUST_CHECK enum ra_err ra_gcm_encrypt(uint8_t *ct, struct ra_mac128 *tag,
    const struct ra_key128 *key, const uint8_t iv[RA_GCM_IV_LEN],
    const void *aad, size_t aad_len, const void *pt, size_t len);

/*
 * Decrypt and authenticate: RA_OK, or RA_ERR_AUTH with pt[0..len) wiped
 * (no unauthenticated plaintext is ever released). pt may equal ct.
 */
RA_MUST_CHECK enum ra_err ra_gcm_decrypt(uint8_t *pt,
    const struct ra_key128 *key, const uint8_t iv[RA_GCM_IV_LEN],
    const void *aad, size_t aad_len, const void *ct, size_t len,
    const struct ra_mac128 *tag);

/* --- AES-128 block batches and XTS (memory encryption engine) ----------- */

/*
 * An AES-128 key schedule for many independent blocks: ECB over n whole
 * blocks, for the MEE's counter-mode keystreams and MAC pads (the caller
 * builds the counter blocks). Heap-allocated because OpenSSL's cipher
 * context is; ra_aes128_ecb_free() accepts NULL and wipes the schedule.
 */
struct ra_aes128_ecb;

RA_MUST_CHECK enum ra_err ra_aes128_ecb_new(
    struct ra_aes128_ecb **out, const struct ra_key128 *key);
/* out[0..16n) = AES-128-Enc(key, in[0..16n)); out may equal in. */
RA_MUST_CHECK enum ra_err ra_aes128_ecb_encrypt(
    struct ra_aes128_ecb *e, uint8_t *out, const uint8_t *in, size_t n);
void ra_aes128_ecb_free(struct ra_aes128_ecb *e);

/*
 * AES-128-XTS (IEEE 1619) with data key k1 and tweak key k2 (they must
 * differ: RA_ERR_KEY), one data unit per call (len >= 16).
 */
struct ra_aes128_xts;

RA_MUST_CHECK enum ra_err ra_aes128_xts_new(struct ra_aes128_xts **out,
    const struct ra_key128 *k1, const struct ra_key128 *k2);
RA_MUST_CHECK enum ra_err ra_aes128_xts_crypt(struct ra_aes128_xts *x,
    uint8_t *out, const uint8_t *in, size_t len, const uint8_t tweak[16],
    bool encrypt);
void ra_aes128_xts_free(struct ra_aes128_xts *x);

/* --- GF(2^64) multilinear hash (MEE Carter-Wegman MACs) ------------------ */

/*
 * a * b in GF(2^64) = GF(2)[x] / (x^64 + x^4 + x^3 + x + 1), bit i of a
 * word being the coefficient of x^i. Constant time.
 */
uint64_t ra_gf64_mul(uint64_t a, uint64_t b);

/*
 * U(M) = XOR over i of M_i * H_i, for the eight 64-bit little-endian words
 * M_i of msg and H_i of key (MEE.md 3.2). Uses PCLMULQDQ when the CPU has
 * it, else ra_gf64_mul; both give the same result. Constant time.
 */
uint64_t ra_uhash64(const uint8_t key[64], const uint8_t msg[64]);
/* The portable path of ra_uhash64, for tests of the fast one. */
uint64_t ra_uhash64_ref(const uint8_t key[64], const uint8_t msg[64]);

/* --- P-256 --------------------------------------------------------------- */

/*
 * Check that pub is a point of P-256: both coordinates below the field
 * prime and on the curve (the identity has no affine form). RA_OK or
 * RA_ERR_KEY.
 */
RA_MUST_CHECK enum ra_err ra_ec256_pub_check(const struct ra_ec256_pub *pub);

/*
 * Draw a private scalar uniformly in [1, n-1] from rng (NULL: the system
 * source) by rejection sampling, and compute its public key. With a
 * deterministic rng the key pair is reproducible.
 */
RA_MUST_CHECK enum ra_err ra_ec256_keygen(struct ra_ec256_priv *priv,
    struct ra_ec256_pub *pub, const struct ra_rng *rng);

/* pub = priv * G; RA_ERR_KEY if priv is 0 or not below the group order. */
RA_MUST_CHECK enum ra_err ra_ec256_pub_from_priv(
    struct ra_ec256_pub *pub, const struct ra_ec256_priv *priv);

/*
 * ECDH: out = x coordinate of priv * peer. The peer point is validated
 * first (RA_ERR_KEY); an all-zero result cannot occur on a prime-order
 * curve with a valid point. Constant-time in priv.
 */
RA_MUST_CHECK enum ra_err ra_ecdh(struct ra_ec256_shared *out,
    const struct ra_ec256_priv *priv, const struct ra_ec256_pub *peer);

/*
 * ECDSA-P256 signature of a SHA-256 digest. The nonce is hedged: k is
 * derived from 32 bytes of rng output, the private key and the digest
 * (SHA-512, reduced mod n), so a weak rng alone does not leak the key and
 * a deterministic rng gives reproducible signatures (test transcripts).
 * rng NULL: the system source.
 */
RA_MUST_CHECK enum ra_err ra_ecdsa_sign(struct ra_ec256_sig *sig,
    const struct ra_ec256_priv *priv, const struct ra_hash256 *digest,
    const struct ra_rng *rng);

/*
 * Verify an ECDSA-P256 signature over a SHA-256 digest: RA_OK, RA_ERR_AUTH
 * (bad signature, including r or s out of [1, n-1]) or RA_ERR_KEY (pub is
 * not a valid point).
 */
RA_MUST_CHECK enum ra_err ra_ecdsa_verify(const struct ra_ec256_pub *pub,
    const struct ra_hash256 *digest, const struct ra_ec256_sig *sig);

/*
 * Strict DER (X9.62 Ecdsa-Sig-Value) to r, s: anything that is not the
 * unique DER encoding of two integers in [0, 2^256) is RA_ERR_FORMAT.
 */
RA_MUST_CHECK enum ra_err ra_ecdsa_sig_from_der(
    struct ra_ec256_sig *sig, const uint8_t *der, size_t len);

/* r, s to DER; at most 72 bytes. */
RA_MUST_CHECK enum ra_err ra_ecdsa_sig_to_der(
    uint8_t *out, size_t cap, size_t *out_len, const struct ra_ec256_sig *sig);

/*
 * An X9.62 point encoding: only the uncompressed form 04 || x || y (65
 * bytes) is accepted (RA_ERR_FORMAT otherwise), and the point is checked
 * (RA_ERR_KEY).
 */
RA_MUST_CHECK enum ra_err ra_ec256_pub_from_x962(
    struct ra_ec256_pub *pub, const uint8_t *in, size_t len);

/*
 * A DER SubjectPublicKeyInfo that must name P-256 (prime256v1) by OID:
 * RA_ERR_FORMAT for bad DER, RA_ERR_KEY for another curve, explicit
 * parameters or a point not on the curve.
 */
RA_MUST_CHECK enum ra_err ra_ec256_pub_from_spki(
    struct ra_ec256_pub *pub, const uint8_t *der, size_t len);

/*
 * A PEM private key (PKCS#8 or SEC 1 "EC PRIVATE KEY") on P-256; pub may
 * be NULL. RA_ERR_KEY if it is not a P-256 key.
 */
RA_MUST_CHECK enum ra_err ra_ec256_priv_from_pem(struct ra_ec256_priv *priv,
    struct ra_ec256_pub *pub, const char *pem, size_t len);

/*
 * Write priv as an unencrypted PKCS#8 PEM ("PRIVATE KEY") with a NUL;
 * *out_len excludes the NUL. The output is secret.
 */
RA_MUST_CHECK enum ra_err ra_ec256_priv_to_pem(
    char *out, size_t cap, size_t *out_len, const struct ra_ec256_priv *priv);

/* Write pub as a PEM SubjectPublicKeyInfo ("PUBLIC KEY") with a NUL. */
RA_MUST_CHECK enum ra_err ra_ec256_pub_to_pem(
    char *out, size_t cap, size_t *out_len, const struct ra_ec256_pub *pub);

/*
 * The SGX SDK encodings (sgx_ec256_public_t, sgx_ec256_signature_t,
 * sgx_ec256_private_t): each 32-byte value little-endian. Pure byte
 * reversal, no validation.
 */
#define RA_SGX_EC256_PUB_LEN 64
#define RA_SGX_EC256_SIG_LEN 64
void ra_ec256_pub_to_sgx(
    uint8_t out[RA_SGX_EC256_PUB_LEN], const struct ra_ec256_pub *pub);
void ra_ec256_pub_from_sgx(
    struct ra_ec256_pub *pub, const uint8_t in[RA_SGX_EC256_PUB_LEN]);
void ra_ec256_sig_to_sgx(
    uint8_t out[RA_SGX_EC256_SIG_LEN], const struct ra_ec256_sig *sig);
void ra_ec256_sig_from_sgx(
    struct ra_ec256_sig *sig, const uint8_t in[RA_SGX_EC256_SIG_LEN]);
void ra_ec256_priv_from_sgx(struct ra_ec256_priv *priv, const uint8_t in[32]);

/* --- RSA ----------------------------------------------------------------- */

/*
 * An RSA key, public or private. Allocated by the ra_rsa_key_* constructors
 * and released (and wiped) by ra_rsa_key_free(), which accepts NULL.
 */
struct ra_rsa_key;

/* A PEM key: "PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY" or "RSA PUBLIC
 * KEY". */
RA_MUST_CHECK enum ra_err ra_rsa_key_from_pem(
    struct ra_rsa_key **key, const char *pem, size_t len);
/* A DER PKCS#8 private key or SubjectPublicKeyInfo public key. */
RA_MUST_CHECK enum ra_err ra_rsa_key_from_der(
    struct ra_rsa_key **key, const uint8_t *der, size_t len);
/* A public key from its big-endian modulus and exponent. */
RA_MUST_CHECK enum ra_err ra_rsa_key_from_modulus(
    struct ra_rsa_key **key, const uint8_t *n, size_t n_len, uint32_t e);
/*
 * Generate a key of bits bits with public exponent e (3 for SIGSTRUCT
 * keys, 65537 otherwise). Uses OpenSSL's DRBG, not a struct ra_rng: key
 * generation is never part of a reproducible transcript.
 */
RA_MUST_CHECK enum ra_err ra_rsa_key_generate(
    struct ra_rsa_key **key, unsigned int bits, uint32_t e);
void ra_rsa_key_free(struct ra_rsa_key *key);

/* Modulus length in bytes (256 for RSA-2048, 384 for RSA-3072). */
size_t ra_rsa_key_len(const struct ra_rsa_key *key);
bool ra_rsa_key_is_private(const struct ra_rsa_key *key);
/* The big-endian modulus (exactly ra_rsa_key_len bytes) and exponent. */
RA_MUST_CHECK enum ra_err ra_rsa_key_modulus(
    const struct ra_rsa_key *key, uint8_t *n, size_t n_len, uint32_t *e);
/* PEM of the private key (PKCS#8) or of the public key, with a NUL. */
RA_MUST_CHECK enum ra_err ra_rsa_key_to_pem(const struct ra_rsa_key *key,
    bool private_part, char *out, size_t cap, size_t *out_len);

/*
 * RSASSA-PKCS1-v1_5 with SHA-256 over a digest; sig_len must equal the
 * modulus length. Deterministic.
 */
RA_MUST_CHECK enum ra_err ra_rsa_sign_sha256(const struct ra_rsa_key *key,
    uint8_t *sig, size_t sig_len, const struct ra_hash256 *digest);
/* RA_OK or RA_ERR_AUTH (any length, encoding or value mismatch). */
RA_MUST_CHECK enum ra_err ra_rsa_verify_sha256(const struct ra_rsa_key *key,
    const struct ra_hash256 *digest, const uint8_t *sig, size_t sig_len);

/*
 * RSAES-OAEP with SHA-256 and MGF1-SHA-256, empty label (the EPID quote's
 * wrapped key, FORMATS.md §3.2). Encryption draws its seed from rng (NULL:
 * the system source), so a deterministic rng gives reproducible quotes;
 * out_len must equal the modulus length. Decryption writes at most cap
 * bytes; every failure is RA_ERR_AUTH (no padding oracle detail).
 */
RA_MUST_CHECK enum ra_err ra_rsa_oaep_encrypt(const struct ra_rsa_key *key,
    uint8_t *out, size_t out_len, const void *in, size_t in_len,
    const struct ra_rng *rng);
RA_MUST_CHECK enum ra_err ra_rsa_oaep_decrypt(const struct ra_rsa_key *key,
    uint8_t *out, size_t cap, size_t *out_len, const uint8_t *in,
    size_t in_len);

/*
 * The SIGSTRUCT helper values (FORMATS.md §2.4): with S the signature and
 * N the modulus as big-endian integers of len bytes, q1 = floor(S^2 / N)
 * and q2 = floor(S * (S^2 mod N) / N), written big-endian in len bytes.
 * RA_ERR_ARG if S >= N.
 */
RA_MUST_CHECK enum ra_err ra_rsa_sigstruct_q(
    uint8_t *q1, uint8_t *q2, const uint8_t *s, const uint8_t *n, size_t len);

/* --- SGX RA key derivation (FORMATS.md §4.2, kdf_id 1) ------------------ */

enum ra_kdf_label {
	RA_KDF_SMK = 1,
	RA_KDF_SK = 2,
	RA_KDF_MK = 3,
	RA_KDF_VK = 4,
};

/*
 * KDK = AES-CMAC(0^16, shared.x as 32 little-endian bytes). The shared
 * value is big-endian in its struct; the reversal is done here.
 */
RA_MUST_CHECK enum ra_err ra_kdf_kdk(
    struct ra_key128 *kdk, const struct ra_ec256_shared *shared);

/* key = AES-CMAC(KDK, 0x01 || label || 0x00 || 0x80 0x00). */
RA_MUST_CHECK enum ra_err ra_kdf_derive(struct ra_key128 *key,
    const struct ra_key128 *kdk, enum ra_kdf_label label);

/* --- deterministic generator (tests and golden transcripts only) --------- */

/*
 * A deterministic byte stream: block i = SHA-256(seed || i as u64 LE).
 * Never use it for real keys: its only purpose is to make transcripts and
 * test vectors reproducible. Plain data; do not rely on its layout.
 */
struct ra_drbg {
	struct ra_hash256 seed;
	uint64_t counter;
	uint8_t block[32];
	size_t used;
};

void ra_drbg_init(struct ra_drbg *d, const void *seed, size_t len);
/* A struct ra_rng reading from d; d must outlive it. */
struct ra_rng ra_drbg_rng(struct ra_drbg *d);

#endif
