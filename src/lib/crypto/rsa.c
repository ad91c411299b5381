/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSA through OpenSSL's EVP_PKEY: PKCS#1 v1.5 signatures with SHA-256
 * (SIGSTRUCT, IAS reports), OAEP with SHA-256 (the EPID quote's wrapped
 * key), and the SIGSTRUCT Q1/Q2 helper values.
 *
 * OAEP encryption is the one place where we encode ourselves (RFC 8017
 * §7.1.1) and call raw RSA: OpenSSL 3.0 draws the OAEP seed from its own
 * DRBG with no way to pass ours, and a quote must be reproducible under a
 * deterministic struct ra_rng (STYLE 3.9). Decryption, where side channels
 * matter, is OpenSSL's own constant-time OAEP.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto/ossl.h"
#include "internal.h"
#include "sgxra/crypto.h"

/* Largest modulus we accept, in bytes (RSA-8192). */
#define RSA_MAX_LEN ((size_t)1024)
#define HLEN        ((size_t)32)

struct ra_rsa_key {
	EVP_PKEY *pkey;
};

EVP_PKEY *
ra_rsa_key_evp(const struct ra_rsa_key *key)
{
	return key == NULL ? NULL : key->pkey;
}

static enum ra_err
wrap(struct ra_rsa_key **key, EVP_PKEY *pkey)
{
	int bits;

	if (pkey == NULL) {
		return RA_ERR_FORMAT;
	}
	bits = EVP_PKEY_get_bits(pkey);
	if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA || bits < 1024 ||
	    (size_t)bits > RSA_MAX_LEN * 8) {
		EVP_PKEY_free(pkey);
		return RA_ERR_KEY;
	}
	if ((*key = calloc(1, sizeof(**key))) == NULL) {
		EVP_PKEY_free(pkey);
		return RA_ERR_NOMEM;
	}
	(*key)->pkey = pkey;
	return RA_OK;
}

enum ra_err
ra_rsa_key_from_pem(struct ra_rsa_key **key, const char *pem, size_t len)
{
	BIO *bio;
	EVP_PKEY *pkey;
	enum ra_err err;

	if (key == NULL || pem == NULL || len > INT32_MAX) {
		return RA_ERR_ARG;
	}
	*key = NULL;
	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		return RA_ERR_NOMEM;
	}
	pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	if (pkey == NULL) {
		(void)BIO_reset(bio);
		pkey = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	}
	if (pkey == NULL) {
		(void)BIO_reset(bio);
		RSA *rsa = PEM_read_bio_RSAPublicKey(bio, NULL, NULL, NULL);

		if (rsa != NULL && (pkey = EVP_PKEY_new()) != NULL &&
		    EVP_PKEY_assign_RSA(pkey, rsa) != 1) {
			EVP_PKEY_free(pkey);
			pkey = NULL;
		} else if (pkey == NULL) {
			RSA_free(rsa);
		}
	}
	err = wrap(key, pkey);
	BIO_free(bio);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_rsa_key_from_der(struct ra_rsa_key **key, const uint8_t *der, size_t len)
{
	const uint8_t *p = der;
	EVP_PKEY *pkey;
	enum ra_err err;

	if (key == NULL || der == NULL || len > INT32_MAX) {
		return RA_ERR_ARG;
	}
	*key = NULL;
	pkey = d2i_AutoPrivateKey(NULL, &p, (long)len);
	if (pkey != NULL && (size_t)(p - der) != len) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	if (pkey == NULL) {
		p = der;
		pkey = d2i_PUBKEY(NULL, &p, (long)len);
		if (pkey != NULL && (size_t)(p - der) != len) {
			EVP_PKEY_free(pkey);
			pkey = NULL;
		}
	}
	err = wrap(key, pkey);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_rsa_key_from_modulus(
    struct ra_rsa_key **key, const uint8_t *n, size_t n_len, uint32_t e)
{
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *bn = NULL, *be = NULL;
	enum ra_err err = RA_ERR_CRYPTO;

	if (key == NULL || n == NULL || n_len == 0 || n_len > RSA_MAX_LEN) {
		return RA_ERR_ARG;
	}
	*key = NULL;
	if ((bn = ra_bn_from_be(n, n_len)) == NULL || (be = BN_new()) == NULL ||
	    BN_set_word(be, e) != 1 || (bld = OSSL_PARAM_BLD_new()) == NULL ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) != 1 ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) != 1 ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1) {
		goto out;
	}
	if (EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1 ||
	    BN_is_odd(bn) == 0 || e < 3 || (e & 1) == 0) {
		err = RA_ERR_KEY;
		goto out;
	}
	err = wrap(key, pkey);
	pkey = NULL;
out:
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_rsa_key_generate(struct ra_rsa_key **key, unsigned int bits, uint32_t e)
{
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *be = NULL;
	enum ra_err err = RA_ERR_CRYPTO;

	if (key == NULL || bits < 2048 || bits > RSA_MAX_LEN * 8 || e < 3 ||
	    (e & 1) == 0) {
		return RA_ERR_ARG;
	}
	*key = NULL;
	if ((be = BN_new()) == NULL || BN_set_word(be, e) != 1 ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, (int)bits) != 1 ||
	    EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, be) != 1 ||
	    EVP_PKEY_generate(ctx, &pkey) != 1) {
		goto out;
	}
	err = wrap(key, pkey);
out:
	EVP_PKEY_CTX_free(ctx);
	BN_free(be);
	ra_ossl_clear_errors();
	return err;
}

void
ra_rsa_key_free(struct ra_rsa_key *key)
{
	if (key == NULL) {
		return;
	}
	/* EVP_PKEY_free clears private components (BN_clear_free). */
	EVP_PKEY_free(key->pkey);
	RA_WIPE(*key);
	free(key);
}

size_t
ra_rsa_key_len(const struct ra_rsa_key *key)
{
	int n = EVP_PKEY_get_size(key->pkey);

	return n > 0 ? (size_t)n : 0;
}

bool
ra_rsa_key_is_private(const struct ra_rsa_key *key)
{
	BIGNUM *d = NULL;
	bool has =
	    EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_D, &d) == 1 &&
	    d != NULL;

	BN_clear_free(d);
	ra_ossl_clear_errors();
	return has;
}

enum ra_err
ra_rsa_key_modulus(
    const struct ra_rsa_key *key, uint8_t *n, size_t n_len, uint32_t *e)
{
	BIGNUM *bn = NULL, *be = NULL;
	enum ra_err err = RA_ERR_CRYPTO;

	if (key == NULL || n == NULL || e == NULL) {
		return RA_ERR_ARG;
	}
	if (n_len != ra_rsa_key_len(key)) {
		return RA_ERR_SPACE;
	}
	if (EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_N, &bn) != 1 ||
	    EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_E, &be) != 1 ||
	    !ra_bn_to_be(bn, n, n_len)) {
		goto out;
	}
	if (BN_num_bits(be) > 32) {
		err = RA_ERR_KEY;
		goto out;
	}
	*e = (uint32_t)BN_get_word(be);
	err = RA_OK;
out:
	BN_free(bn);
	BN_free(be);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_rsa_key_to_pem(const struct ra_rsa_key *key, bool private_part, char *out,
    size_t cap, size_t *out_len)
{
	BIO *bio;
	char *p = NULL;
	long n;
	int ok;
	enum ra_err err = RA_ERR_CRYPTO;

	if (key == NULL || out == NULL || out_len == NULL) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	if (private_part && !ra_rsa_key_is_private(key)) {
		return RA_ERR_KEY;
	}
	if ((bio = BIO_new(BIO_s_secmem())) == NULL) {
		return RA_ERR_NOMEM;
	}
	ok = private_part ? PEM_write_bio_PrivateKey(
	                        bio, key->pkey, NULL, NULL, 0, NULL, NULL)
	                  : PEM_write_bio_PUBKEY(bio, key->pkey);
	n = BIO_get_mem_data(bio, &p);
	if (ok == 1 && n > 0 && p != NULL) {
		if ((size_t)n + 1 > cap) {
			err = RA_ERR_SPACE;
		} else {
			memcpy(out, p, (size_t)n);
			out[n] = '\0';
			*out_len = (size_t)n;
			err = RA_OK;
		}
	}
	BIO_free(bio);
	ra_ossl_clear_errors();
	return err;
}

/* A context for key with PKCS#1 v1.5 + SHA-256, for sign or verify. */
static EVP_PKEY_CTX *
pkcs1_ctx(const struct ra_rsa_key *key, int sign)
{
	const struct ra_ossl *o = ra_ossl();
	EVP_PKEY_CTX *ctx;

	if (o == NULL || (ctx = EVP_PKEY_CTX_new(key->pkey, NULL)) == NULL) {
		return NULL;
	}
	if ((sign ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx)) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, o->sha256) != 1) {
		EVP_PKEY_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

enum ra_err
ra_rsa_sign_sha256(const struct ra_rsa_key *key, uint8_t *sig, size_t sig_len,
    const struct ra_hash256 *digest)
{
	EVP_PKEY_CTX *ctx;
	size_t n = sig_len;
	enum ra_err err = RA_ERR_CRYPTO;

	if (key == NULL || sig == NULL || digest == NULL) {
		return RA_ERR_ARG;
	}
	if (sig_len != ra_rsa_key_len(key)) {
		return RA_ERR_SPACE;
	}
	if (!ra_rsa_key_is_private(key)) {
		return RA_ERR_KEY;
	}
	if ((ctx = pkcs1_ctx(key, 1)) == NULL) {
		ra_ossl_clear_errors();
		return RA_ERR_CRYPTO;
	}
	if (EVP_PKEY_sign(ctx, sig, &n, digest->b, sizeof(digest->b)) == 1 &&
	    n == sig_len) {
		err = RA_OK;
	}
	EVP_PKEY_CTX_free(ctx);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_rsa_verify_sha256(const struct ra_rsa_key *key,
    const struct ra_hash256 *digest, const uint8_t *sig, size_t sig_len)
{
	EVP_PKEY_CTX *ctx;
	enum ra_err err = RA_ERR_AUTH;

	if (key == NULL || digest == NULL || (sig == NULL && sig_len != 0)) {
		return RA_ERR_ARG;
	}
	/* OpenSSL checks this too; we refuse before it parses anything. */
	if (sig_len != ra_rsa_key_len(key)) {
		return RA_ERR_AUTH;
	}
	if ((ctx = pkcs1_ctx(key, 0)) == NULL) {
		ra_ossl_clear_errors();
		return RA_ERR_CRYPTO;
	}
	/* OpenSSL re-encodes the DigestInfo and compares: strict. */
	if (EVP_PKEY_verify(ctx, sig, sig_len, digest->b, sizeof(digest->b)) ==
	    1) {
		err = RA_OK;
	}
	EVP_PKEY_CTX_free(ctx);
	ra_ossl_clear_errors();
	return err;
}

/* out[0..len) ^= MGF1-SHA-256(seed) (RFC 8017 §B.2.1). */
static void
mgf1_xor(uint8_t *out, size_t len, const uint8_t *seed, size_t seed_len)
{
	struct ra_sha256_ctx ctx;
	struct ra_hash256 h;
	uint8_t c[4];
	uint32_t counter = 0;
	size_t i, done = 0;

	while (done < len) {
		ra_enc32be(c, counter++);
		ra_sha256_init(&ctx);
		ra_sha256_update(&ctx, seed, seed_len);
		ra_sha256_update(&ctx, c, sizeof(c));
		ra_sha256_final(&ctx, &h);
		for (i = 0; i < HLEN && done < len; i++) {
			out[done++] ^= h.b[i];
		}
	}
	RA_WIPE(h);
}

/* EM = 0x00 || maskedSeed || maskedDB (RFC 8017 §7.1.1 step 2). */
static enum ra_err
oaep_encode(uint8_t *em, size_t k, const uint8_t *msg, size_t len,
    const struct ra_rng *rng)
{
	struct ra_hash256 lhash;
	uint8_t *seed = em + 1, *db = em + 1 + HLEN;
	size_t db_len = k - HLEN - 1;
	enum ra_err err;

	if (k < 2 * HLEN + 2 || len > k - 2 * HLEN - 2) {
		return RA_ERR_ARG;
	}
	/* DB = lHash || PS || 0x01 || M, with lHash = SHA-256 of "" */
	ra_sha256(&lhash, NULL, 0);
	memset(em, 0, k);
	memcpy(db, lhash.b, HLEN);
	db[db_len - len - 1] = 0x01;
	if (len != 0) {
		memcpy(db + db_len - len, msg, len);
	}
	if ((err = ra_rng_fill(rng, seed, HLEN)) != RA_OK) {
		ra_wipe(em, k);
		return err;
	}
	mgf1_xor(db, db_len, seed, HLEN);
	mgf1_xor(seed, HLEN, db, db_len);
	return RA_OK;
}

enum ra_err
ra_rsa_oaep_encrypt(const struct ra_rsa_key *key, uint8_t *out, size_t out_len,
    const void *in, size_t in_len, const struct ra_rng *rng)
{
	uint8_t em[RSA_MAX_LEN];
	EVP_PKEY_CTX *ctx = NULL;
	size_t k, n;
	enum ra_err err;

	if (key == NULL || out == NULL || (in == NULL && in_len != 0)) {
		return RA_ERR_ARG;
	}
	k = ra_rsa_key_len(key);
	if (out_len != k || k > sizeof(em)) {
		return RA_ERR_SPACE;
	}
	if ((err = oaep_encode(em, k, in, in_len, rng)) != RA_OK) {
		return err;
	}
	err = RA_ERR_CRYPTO;
	n = out_len;
	/* EM < N because its first byte is zero. */
	if ((ctx = EVP_PKEY_CTX_new(key->pkey, NULL)) != NULL &&
	    EVP_PKEY_encrypt_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
	    EVP_PKEY_encrypt(ctx, out, &n, em, k) == 1 && n == k) {
		err = RA_OK;
	}
	RA_WIPE(em);
	EVP_PKEY_CTX_free(ctx);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_rsa_oaep_decrypt(const struct ra_rsa_key *key, uint8_t *out, size_t cap,
    size_t *out_len, const uint8_t *in, size_t in_len)
{
	const struct ra_ossl *o = ra_ossl();
	uint8_t tmp[RSA_MAX_LEN];
	EVP_PKEY_CTX *ctx = NULL;
	size_t n = sizeof(tmp);
	enum ra_err err = RA_ERR_AUTH;

	if (key == NULL || out_len == NULL || (out == NULL && cap != 0) ||
	    in == NULL) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	if (o == NULL || !ra_rsa_key_is_private(key)) {
		return o == NULL ? RA_ERR_CRYPTO : RA_ERR_KEY;
	}
	if (in_len != ra_rsa_key_len(key)) {
		return RA_ERR_AUTH;
	}
	if ((ctx = EVP_PKEY_CTX_new(key->pkey, NULL)) == NULL ||
	    EVP_PKEY_decrypt_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, o->sha256) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, o->sha256) != 1) {
		err = RA_ERR_CRYPTO;
		goto out;
	}
	if (EVP_PKEY_decrypt(ctx, tmp, &n, in, in_len) != 1) {
		goto out;
	}
	if (n > cap) {
		err = RA_ERR_SPACE;
		goto out;
	}
	if (n != 0) {
		memcpy(out, tmp, n);
	}
	*out_len = n;
	err = RA_OK;
out:
	RA_WIPE(tmp);
	EVP_PKEY_CTX_free(ctx);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_rsa_sigstruct_q(
    uint8_t *q1, uint8_t *q2, const uint8_t *s, const uint8_t *n, size_t len)
{
	BN_CTX *bnc = BN_CTX_new();
	BIGNUM *bs = ra_bn_from_be(s, len), *bn = ra_bn_from_be(n, len);
	BIGNUM *sq = BN_new(), *bq1 = BN_new(), *r1 = BN_new();
	BIGNUM *t = BN_new(), *bq2 = BN_new(), *r2 = BN_new();
	enum ra_err err = RA_ERR_CRYPTO;

	if (q1 == NULL || q2 == NULL || s == NULL || n == NULL || len == 0 ||
	    len > RSA_MAX_LEN) {
		err = RA_ERR_ARG;
		goto out;
	}
	if (bnc == NULL || bs == NULL || bn == NULL || sq == NULL ||
	    bq1 == NULL || r1 == NULL || t == NULL || bq2 == NULL ||
	    r2 == NULL) {
		goto out;
	}
	if (BN_is_zero(bn) || BN_cmp(bs, bn) >= 0) {
		err = RA_ERR_ARG;
		goto out;
	}
	/* Q1 = floor(S^2 / N), R1 = S^2 mod N; Q2 = floor(S * R1 / N) */
	if (BN_sqr(sq, bs, bnc) != 1 || BN_div(bq1, r1, sq, bn, bnc) != 1 ||
	    BN_mul(t, bs, r1, bnc) != 1 || BN_div(bq2, r2, t, bn, bnc) != 1 ||
	    !ra_bn_to_be(bq1, q1, len) || !ra_bn_to_be(bq2, q2, len)) {
		goto out;
	}
	err = RA_OK;
out:
	BN_CTX_free(bnc);
	BN_free(bs);
	BN_free(bn);
	BN_free(sq);
	BN_free(bq1);
	BN_free(r1);
	BN_free(t);
	BN_free(bq2);
	BN_free(r2);
	ra_ossl_clear_errors();
	return err;
}
