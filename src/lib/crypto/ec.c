/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * P-256: point validation, key generation, ECDH and ECDSA.
 *
 * ECDSA signing uses EC_KEY and ECDSA_do_sign_ex(), deprecated in OpenSSL
 * 3, because it is the only OpenSSL 3.0 interface that accepts a caller's
 * nonce: we need one so that a struct ra_rng decides every random byte of
 * a transcript (STYLE 3.9, "no hidden inputs"). OpenSSL still computes
 * s = k^-1 (e + r d) with its constant-time code. Verification uses the
 * same EC_KEY path: building an EVP_PKEY from raw coordinates costs more
 * than the verification itself (docs/crypto.md).
 */
#include <string.h>

#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/ossl.h"
#include "internal.h"
#include "sgxra/crypto.h"

/* Key generation retries: the chance of 64 rejections is below 2^-2000. */
#define KEYGEN_TRIES 64

/* A point from validated coordinates, or NULL (invalid or no memory). */
static EC_POINT *
point_from(const struct ra_ossl *o, const struct ra_ec256_pub *pub, BN_CTX *bnc)
{
	BIGNUM *x = ra_bn_from_be(pub->x, sizeof(pub->x));
	BIGNUM *y = ra_bn_from_be(pub->y, sizeof(pub->y));
	EC_POINT *pt = EC_POINT_new(o->p256);
	int ok = x != NULL && y != NULL && pt != NULL &&
	    BN_cmp(x, o->p256_p) < 0 && BN_cmp(y, o->p256_p) < 0 &&
	    EC_POINT_set_affine_coordinates(o->p256, pt, x, y, bnc) == 1 &&
	    EC_POINT_is_on_curve(o->p256, pt, bnc) == 1 &&
	    EC_POINT_is_at_infinity(o->p256, pt) == 0;

	BN_free(x);
	BN_free(y);
	if (!ok) {
		EC_POINT_free(pt);
		return NULL;
	}
	return pt;
}

/* Affine coordinates of pt, big-endian; 0 for the point at infinity. */
static int
point_to(const struct ra_ossl *o, struct ra_ec256_pub *pub, const EC_POINT *pt,
    BN_CTX *bnc)
{
	BIGNUM *x = BN_new();
	BIGNUM *y = BN_new();
	int ok = x != NULL && y != NULL &&
	    EC_POINT_get_affine_coordinates(o->p256, pt, x, y, bnc) == 1 &&
	    ra_bn_to_be(x, pub->x, sizeof(pub->x)) &&
	    ra_bn_to_be(y, pub->y, sizeof(pub->y));

	BN_free(x);
	BN_free(y);
	return ok;
}

/* A secret scalar in [1, n-1] as a constant-time BIGNUM, or NULL. */
static BIGNUM *
scalar_from(const struct ra_ossl *o, const struct ra_ec256_priv *priv)
{
	BIGNUM *d = BN_secure_new();

	if (d == NULL) {
		return NULL;
	}
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (BN_bin2bn(priv->d, sizeof(priv->d), d) == NULL || BN_is_zero(d) ||
	    BN_cmp(d, o->p256_n) >= 0) {
		BN_clear_free(d);
		return NULL;
	}
	return d;
}

enum ra_err
ra_ec256_pub_check(const struct ra_ec256_pub *pub)
{
	const struct ra_ossl *o = ra_ossl();
	BN_CTX *bnc;
	EC_POINT *pt;

	if (pub == NULL) {
		return RA_ERR_ARG;
	}
	if (o == NULL || (bnc = BN_CTX_new()) == NULL) {
		return RA_ERR_CRYPTO;
	}
	pt = point_from(o, pub, bnc);
	EC_POINT_free(pt);
	BN_CTX_free(bnc);
	ra_ossl_clear_errors();
	return pt == NULL ? RA_ERR_KEY : RA_OK;
}

enum ra_err
ra_ec256_pub_from_priv(
    struct ra_ec256_pub *pub, const struct ra_ec256_priv *priv)
{
	const struct ra_ossl *o = ra_ossl();
	BN_CTX *bnc = NULL;
	BIGNUM *d = NULL;
	EC_POINT *pt = NULL;
	enum ra_err err = RA_ERR_CRYPTO;

	if (pub == NULL || priv == NULL) {
		return RA_ERR_ARG;
	}
	if (o == NULL || (bnc = BN_CTX_new()) == NULL ||
	    (pt = EC_POINT_new(o->p256)) == NULL) {
		goto out;
	}
	if ((d = scalar_from(o, priv)) == NULL) {
		err = RA_ERR_KEY;
		goto out;
	}
	if (EC_POINT_mul(o->p256, pt, d, NULL, NULL, bnc) != 1 ||
	    !point_to(o, pub, pt, bnc)) {
		goto out;
	}
	err = RA_OK;
out:
	BN_clear_free(d);
	EC_POINT_free(pt);
	BN_CTX_free(bnc);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_ec256_keygen(struct ra_ec256_priv *priv, struct ra_ec256_pub *pub,
    const struct ra_rng *rng)
{
	const struct ra_ossl *o = ra_ossl();
	BIGNUM *d;
	enum ra_err err;
	int i, ok;

	if (priv == NULL || pub == NULL) {
		return RA_ERR_ARG;
	}
	if (o == NULL) {
		return RA_ERR_CRYPTO;
	}
	for (i = 0; i < KEYGEN_TRIES; i++) {
		err = ra_rng_fill(rng, priv->d, sizeof(priv->d));
		if (err != RA_OK) {
			return err;
		}
		/* Rejection sampling: uniform in [1, n-1]. */
		d = scalar_from(o, priv);
		ok = d != NULL;
		BN_clear_free(d);
		if (ok) {
			err = ra_ec256_pub_from_priv(pub, priv);
			if (err != RA_OK) {
				RA_WIPE(*priv);
			}
			return err;
		}
	}
	RA_WIPE(*priv);
	return RA_ERR_RNG;
}

enum ra_err
ra_ecdh(struct ra_ec256_shared *out, const struct ra_ec256_priv *priv,
    const struct ra_ec256_pub *peer)
{
	const struct ra_ossl *o = ra_ossl();
	BN_CTX *bnc = NULL;
	BIGNUM *d = NULL;
	EC_POINT *p = NULL, *r = NULL;
	struct ra_ec256_pub shared;
	enum ra_err err = RA_ERR_CRYPTO;

	if (out == NULL || priv == NULL || peer == NULL) {
		return RA_ERR_ARG;
	}
	if (o == NULL || (bnc = BN_CTX_new()) == NULL ||
	    (r = EC_POINT_new(o->p256)) == NULL) {
		goto out;
	}
	if ((p = point_from(o, peer, bnc)) == NULL ||
	    (d = scalar_from(o, priv)) == NULL) {
		err = RA_ERR_KEY;
		goto out;
	}
	/* Prime order, cofactor 1: a valid point times d in [1, n-1] != O. */
	if (EC_POINT_mul(o->p256, r, NULL, p, d, bnc) != 1 ||
	    !point_to(o, &shared, r, bnc)) {
		goto out;
	}
	memcpy(out->x, shared.x, sizeof(out->x));
	err = RA_OK;
out:
	RA_WIPE(shared);
	BN_clear_free(d);
	EC_POINT_clear_free(r);
	EC_POINT_free(p);
	BN_CTX_free(bnc);
	ra_ossl_clear_errors();
	return err;
}

/*
 * The hedged nonce: k = SHA-512(seed || d || digest || ctr) mod n, with
 * 32 bytes of seed from the rng. 512 bits reduced mod a 256-bit n leave a
 * bias below 2^-256. Also returns kinv = k^(n-2) mod n and r = (kG).x mod
 * n, the two values ECDSA_do_sign_ex takes.
 */
static enum ra_err
nonce(const struct ra_ossl *o, BIGNUM **kinv, BIGNUM **r,
    const struct ra_ec256_priv *priv, const struct ra_hash256 *digest,
    const uint8_t seed[32], uint8_t ctr, BN_CTX *bnc)
{
	uint8_t in[32 + 32 + 32 + 1], h[64];
	unsigned int hlen = 0;
	BIGNUM *k = BN_secure_new(), *e = BN_new(), *x = BN_new();
	EC_POINT *kg = EC_POINT_new(o->p256);
	enum ra_err err = RA_ERR_CRYPTO;

	*kinv = BN_secure_new();
	*r = BN_new();
	memcpy(in, seed, 32);
	memcpy(in + 32, priv->d, 32);
	memcpy(in + 64, digest->b, 32);
	in[96] = ctr;
	if (k == NULL || e == NULL || x == NULL || kg == NULL ||
	    *kinv == NULL || *r == NULL ||
	    EVP_Digest(in, sizeof(in), h, &hlen, o->sha512, NULL) != 1 ||
	    hlen != sizeof(h)) {
		goto out;
	}
	BN_set_flags(k, BN_FLG_CONSTTIME);
	BN_set_flags(*kinv, BN_FLG_CONSTTIME);
	if (BN_bin2bn(h, sizeof(h), k) == NULL ||
	    BN_nnmod(k, k, o->p256_n, bnc) != 1 || BN_is_zero(k) ||
	    BN_sub(e, o->p256_n, BN_value_one()) != 1 ||
	    BN_sub_word(e, 1) != 1 ||
	    BN_mod_exp_mont_consttime(*kinv, k, e, o->p256_n, bnc, NULL) != 1 ||
	    EC_POINT_mul(o->p256, kg, k, NULL, NULL, bnc) != 1 ||
	    EC_POINT_get_affine_coordinates(o->p256, kg, x, NULL, bnc) != 1 ||
	    BN_nnmod(*r, x, o->p256_n, bnc) != 1 || BN_is_zero(*r)) {
		goto out;
	}
	err = RA_OK;
out:
	RA_WIPE(in);
	RA_WIPE(h);
	BN_clear_free(k);
	BN_free(e);
	BN_free(x);
	EC_POINT_clear_free(kg);
	if (err != RA_OK) {
		BN_clear_free(*kinv);
		BN_free(*r);
		*kinv = *r = NULL;
	}
	return err;
}

static EC_KEY *
signing_key(const struct ra_ossl *o, const struct ra_ec256_priv *priv)
{
	EC_KEY *key = EC_KEY_new();
	BIGNUM *d = scalar_from(o, priv);
	int ok = key != NULL && d != NULL && EC_KEY_set_group(key, o->p256) &&
	    EC_KEY_set_private_key(key, d) == 1;

	BN_clear_free(d);
	if (!ok) {
		EC_KEY_free(key);
		return NULL;
	}
	return key;
}

static enum ra_err
sig_out(struct ra_ec256_sig *sig, const ECDSA_SIG *s)
{
	const BIGNUM *r = NULL, *sv = NULL;

	ECDSA_SIG_get0(s, &r, &sv);
	if (!ra_bn_to_be(r, sig->r, sizeof(sig->r)) ||
	    !ra_bn_to_be(sv, sig->s, sizeof(sig->s))) {
		return RA_ERR_CRYPTO;
	}
	return RA_OK;
}

enum ra_err
ra_ecdsa_sign(struct ra_ec256_sig *sig, const struct ra_ec256_priv *priv,
    const struct ra_hash256 *digest, const struct ra_rng *rng)
{
	const struct ra_ossl *o = ra_ossl();
	uint8_t seed[32];
	EC_KEY *key = NULL;
	BN_CTX *bnc = NULL;
	BIGNUM *kinv = NULL, *r = NULL;
	ECDSA_SIG *s = NULL;
	enum ra_err err;
	uint8_t ctr;

	if (sig == NULL || priv == NULL || digest == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = ra_rng_fill(rng, seed, sizeof(seed))) != RA_OK) {
		return err;
	}
	err = RA_ERR_CRYPTO;
	if (o == NULL || (bnc = BN_CTX_new()) == NULL) {
		goto out;
	}
	if ((key = signing_key(o, priv)) == NULL) {
		err = RA_ERR_KEY;
		goto out;
	}
	/* A zero r or s needs a new nonce; ctr makes the next one differ. */
	for (ctr = 0; ctr < 8 && s == NULL; ctr++) {
		if (nonce(o, &kinv, &r, priv, digest, seed, ctr, bnc) !=
		    RA_OK) {
			continue;
		}
		s = ECDSA_do_sign_ex(
		    digest->b, sizeof(digest->b), kinv, r, key);
		BN_clear_free(kinv);
		BN_free(r);
		kinv = r = NULL;
	}
	if (s != NULL) {
		err = sig_out(sig, s);
	}
out:
	RA_WIPE(seed);
	ECDSA_SIG_free(s);
	EC_KEY_free(key);
	BN_CTX_free(bnc);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_ecdsa_verify(const struct ra_ec256_pub *pub, const struct ra_hash256 *digest,
    const struct ra_ec256_sig *sig)
{
	const struct ra_ossl *o = ra_ossl();
	BN_CTX *bnc = NULL;
	EC_POINT *pt = NULL;
	EC_KEY *key = NULL;
	ECDSA_SIG *s = NULL;
	BIGNUM *r, *sv;
	enum ra_err err = RA_ERR_CRYPTO;

	if (pub == NULL || digest == NULL || sig == NULL) {
		return RA_ERR_ARG;
	}
	if (o == NULL || (bnc = BN_CTX_new()) == NULL ||
	    (key = EC_KEY_new()) == NULL || !EC_KEY_set_group(key, o->p256) ||
	    (s = ECDSA_SIG_new()) == NULL) {
		goto out;
	}
	if ((pt = point_from(o, pub, bnc)) == NULL ||
	    EC_KEY_set_public_key(key, pt) != 1) {
		err = RA_ERR_KEY;
		goto out;
	}
	r = ra_bn_from_be(sig->r, sizeof(sig->r));
	sv = ra_bn_from_be(sig->s, sizeof(sig->s));
	if (r == NULL || sv == NULL || ECDSA_SIG_set0(s, r, sv) != 1) {
		BN_free(r);
		BN_free(sv);
		goto out;
	}
	/*
	 * 1 valid, 0 invalid (r or s out of [1, n-1] included), -1 error:
	 * OpenSSL also reports malformed values as errors, so all but 1 is
	 * an authentication failure.
	 */
	err = ECDSA_do_verify(digest->b, sizeof(digest->b), s, key) == 1
	    ? RA_OK
	    : RA_ERR_AUTH;
out:
	ECDSA_SIG_free(s);
	EC_KEY_free(key);
	EC_POINT_free(pt);
	BN_CTX_free(bnc);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_ecdsa_sig_from_der(struct ra_ec256_sig *sig, const uint8_t *der, size_t len)
{
	const uint8_t *p = der;
	ECDSA_SIG *s;
	const BIGNUM *r = NULL, *sv = NULL;
	uint8_t *again = NULL;
	int n;
	enum ra_err err = RA_ERR_FORMAT;

	if (sig == NULL || der == NULL || len > 256) {
		return der == NULL || sig == NULL ? RA_ERR_ARG : RA_ERR_FORMAT;
	}
	if ((s = d2i_ECDSA_SIG(NULL, &p, (long)len)) == NULL ||
	    (size_t)(p - der) != len) {
		goto out;
	}
	/* Strict DER: the unique encoding re-encodes to the same bytes. */
	n = i2d_ECDSA_SIG(s, &again);
	if (n <= 0 || (size_t)n != len || !ra_ct_eq(again, der, len)) {
		goto out;
	}
	ECDSA_SIG_get0(s, &r, &sv);
	if (BN_is_negative(r) || BN_is_negative(sv) ||
	    !ra_bn_to_be(r, sig->r, sizeof(sig->r)) ||
	    !ra_bn_to_be(sv, sig->s, sizeof(sig->s))) {
		goto out;
	}
	err = RA_OK;
out:
	OPENSSL_free(again);
	ECDSA_SIG_free(s);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_ecdsa_sig_to_der(
    uint8_t *out, size_t cap, size_t *out_len, const struct ra_ec256_sig *sig)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = ra_bn_from_be(sig->r, sizeof(sig->r));
	BIGNUM *sv = ra_bn_from_be(sig->s, sizeof(sig->s));
	uint8_t *der = NULL;
	int n;
	enum ra_err err = RA_ERR_CRYPTO;

	*out_len = 0;
	if (s == NULL || r == NULL || sv == NULL ||
	    ECDSA_SIG_set0(s, r, sv) != 1) {
		BN_free(r);
		BN_free(sv);
		goto out;
	}
	if ((n = i2d_ECDSA_SIG(s, &der)) <= 0) {
		goto out;
	}
	if ((size_t)n > cap) {
		err = RA_ERR_SPACE;
		goto out;
	}
	memcpy(out, der, (size_t)n);
	*out_len = (size_t)n;
	err = RA_OK;
out:
	OPENSSL_free(der);
	ECDSA_SIG_free(s);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_ec256_pub_from_x962(struct ra_ec256_pub *pub, const uint8_t *in, size_t len)
{
	if (pub == NULL || (in == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	if (len != 65 || in[0] != 0x04) {
		return RA_ERR_FORMAT;
	}
	memcpy(pub->x, in + 1, 32);
	memcpy(pub->y, in + 33, 32);
	return ra_ec256_pub_check(pub);
}

/* The P-256 key inside an EVP_PKEY, or RA_ERR_KEY for any other key. */
static enum ra_err
pkey_p256(const EVP_PKEY *pkey, const EC_KEY **ec)
{
	const EC_GROUP *g;

	if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC ||
	    (*ec = EVP_PKEY_get0_EC_KEY(pkey)) == NULL ||
	    (g = EC_KEY_get0_group(*ec)) == NULL ||
	    EC_GROUP_get_curve_name(g) != NID_X9_62_prime256v1 ||
	    EC_GROUP_get_asn1_flag(g) != OPENSSL_EC_NAMED_CURVE) {
		return RA_ERR_KEY;
	}
	return RA_OK;
}

enum ra_err
ra_ec256_pub_from_spki(struct ra_ec256_pub *pub, const uint8_t *der, size_t len)
{
	const struct ra_ossl *o = ra_ossl();
	const uint8_t *p = der;
	EVP_PKEY *pkey = NULL;
	const EC_KEY *ec = NULL;
	const EC_POINT *pt;
	BN_CTX *bnc = NULL;
	enum ra_err err = RA_ERR_FORMAT;

	if (pub == NULL || der == NULL) {
		return RA_ERR_ARG;
	}
	if (o == NULL || (bnc = BN_CTX_new()) == NULL) {
		return RA_ERR_CRYPTO;
	}
	if (len > 4096 || (pkey = d2i_PUBKEY(NULL, &p, (long)len)) == NULL ||
	    (size_t)(p - der) != len) {
		goto out;
	}
	if ((err = pkey_p256(pkey, &ec)) != RA_OK) {
		goto out;
	}
	err = RA_ERR_KEY;
	if ((pt = EC_KEY_get0_public_key(ec)) == NULL ||
	    !point_to(o, pub, pt, bnc)) {
		goto out;
	}
	err = ra_ec256_pub_check(pub);
out:
	EVP_PKEY_free(pkey);
	BN_CTX_free(bnc);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_ec256_priv_from_pem(struct ra_ec256_priv *priv, struct ra_ec256_pub *pub,
    const char *pem, size_t len)
{
	BIO *bio;
	EVP_PKEY *pkey = NULL;
	const EC_KEY *ec = NULL;
	const BIGNUM *d;
	struct ra_ec256_pub tmp;
	enum ra_err err = RA_ERR_FORMAT;

	if (priv == NULL || pem == NULL || len > INT32_MAX) {
		return RA_ERR_ARG;
	}
	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		return RA_ERR_NOMEM;
	}
	if ((pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)) == NULL) {
		goto out;
	}
	if ((err = pkey_p256(pkey, &ec)) != RA_OK) {
		goto out;
	}
	err = RA_ERR_KEY;
	if ((d = EC_KEY_get0_private_key(ec)) == NULL ||
	    !ra_bn_to_be(d, priv->d, sizeof(priv->d))) {
		goto out;
	}
	err = ra_ec256_pub_from_priv(pub != NULL ? pub : &tmp, priv);
out:
	if (err != RA_OK) {
		RA_WIPE(*priv);
	}
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	ra_ossl_clear_errors();
	return err;
}

/* An EVP_PKEY for a P-256 key pair (priv may be NULL). */
static EVP_PKEY *
pkey_from(const struct ra_ossl *o, const struct ra_ec256_priv *priv,
    const struct ra_ec256_pub *pub)
{
	EC_KEY *ec = EC_KEY_new();
	EVP_PKEY *pkey = EVP_PKEY_new();
	BN_CTX *bnc = BN_CTX_new();
	EC_POINT *pt = NULL;
	BIGNUM *d = NULL;
	int ok = ec != NULL && pkey != NULL && bnc != NULL &&
	    EC_KEY_set_group(ec, o->p256) == 1 &&
	    (pt = point_from(o, pub, bnc)) != NULL &&
	    EC_KEY_set_public_key(ec, pt) == 1;

	if (ok && priv != NULL) {
		ok = (d = scalar_from(o, priv)) != NULL &&
		    EC_KEY_set_private_key(ec, d) == 1;
	}
	ok = ok && EVP_PKEY_set1_EC_KEY(pkey, ec) == 1;
	BN_clear_free(d);
	EC_POINT_free(pt);
	EC_KEY_free(ec);
	BN_CTX_free(bnc);
	if (!ok) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

EVP_PKEY *
ra_ec256_evp(const struct ra_ec256_priv *priv, const struct ra_ec256_pub *pub)
{
	const struct ra_ossl *o = ra_ossl();
	EVP_PKEY *pk;

	if (o == NULL || pub == NULL) {
		return NULL;
	}
	pk = pkey_from(o, priv, pub);
	ra_ossl_clear_errors();
	return pk;
}

/* Copy the contents of a memory BIO into out with a NUL. */
static enum ra_err
bio_out(BIO *bio, char *out, size_t cap, size_t *out_len)
{
	char *p = NULL;
	long n = BIO_get_mem_data(bio, &p);

	if (n <= 0 || p == NULL) {
		return RA_ERR_CRYPTO;
	}
	if ((size_t)n + 1 > cap) {
		return RA_ERR_SPACE;
	}
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	*out_len = (size_t)n;
	return RA_OK;
}

static enum ra_err
ec_to_pem(const struct ra_ec256_priv *priv, const struct ra_ec256_pub *pub,
    char *out, size_t cap, size_t *out_len)
{
	const struct ra_ossl *o = ra_ossl();
	EVP_PKEY *pkey = NULL;
	BIO *bio = NULL;
	int ok;
	enum ra_err err = RA_ERR_CRYPTO;

	*out_len = 0;
	if (o == NULL || (bio = BIO_new(BIO_s_secmem())) == NULL) {
		goto out;
	}
	if ((pkey = pkey_from(o, priv, pub)) == NULL) {
		err = RA_ERR_KEY;
		goto out;
	}
	ok = priv != NULL
	    ? PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL)
	    : PEM_write_bio_PUBKEY(bio, pkey);
	if (ok == 1) {
		err = bio_out(bio, out, cap, out_len);
	}
out:
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_ec256_priv_to_pem(
    char *out, size_t cap, size_t *out_len, const struct ra_ec256_priv *priv)
{
	struct ra_ec256_pub pub;
	enum ra_err err;

	if (out == NULL || out_len == NULL || priv == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = ra_ec256_pub_from_priv(&pub, priv)) != RA_OK) {
		return err;
	}
	return ec_to_pem(priv, &pub, out, cap, out_len);
}

enum ra_err
ra_ec256_pub_to_pem(
    char *out, size_t cap, size_t *out_len, const struct ra_ec256_pub *pub)
{
	if (out == NULL || out_len == NULL || pub == NULL) {
		return RA_ERR_ARG;
	}
	return ec_to_pem(NULL, pub, out, cap, out_len);
}

void
ra_ec256_pub_to_sgx(
    uint8_t out[RA_SGX_EC256_PUB_LEN], const struct ra_ec256_pub *pub)
{
	ra_reverse(out, pub->x, 32);
	ra_reverse(out + 32, pub->y, 32);
}

void
ra_ec256_pub_from_sgx(
    struct ra_ec256_pub *pub, const uint8_t in[RA_SGX_EC256_PUB_LEN])
{
	ra_reverse(pub->x, in, 32);
	ra_reverse(pub->y, in + 32, 32);
}

void
ra_ec256_sig_to_sgx(
    uint8_t out[RA_SGX_EC256_SIG_LEN], const struct ra_ec256_sig *sig)
{
	ra_reverse(out, sig->r, 32);
	ra_reverse(out + 32, sig->s, 32);
}

void
ra_ec256_sig_from_sgx(
    struct ra_ec256_sig *sig, const uint8_t in[RA_SGX_EC256_SIG_LEN])
{
	ra_reverse(sig->r, in, 32);
	ra_reverse(sig->s, in + 32, 32);
}

void
ra_ec256_priv_from_sgx(struct ra_ec256_priv *priv, const uint8_t in[32])
{
	ra_reverse(priv->d, in, 32);
}
