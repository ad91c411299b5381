/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AES-128 over batches of independent blocks (ECB) and AES-128-XTS, for the
 * memory encryption engine (src/lib/mee/). Thin wrappers over EVP: the key
 * schedule is set once per engine, and each call is one EVP update.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/ossl.h"
#include "internal.h"
#include "sgxra/crypto.h"

struct ra_aes128_ecb {
	EVP_CIPHER_CTX *ctx;
};

struct ra_aes128_xts {
	EVP_CIPHER_CTX *enc;
	EVP_CIPHER_CTX *dec;
};

enum ra_err
ra_aes128_ecb_new(struct ra_aes128_ecb **out, const struct ra_key128 *key)
{
	struct ra_aes128_ecb *e;

	if (out == NULL || key == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		return RA_ERR_NOMEM;
	}
	e->ctx = EVP_CIPHER_CTX_new();
	if (e->ctx == NULL ||
	    EVP_EncryptInit_ex2(
	        e->ctx, EVP_aes_128_ecb(), key->b, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(e->ctx, 0) != 1) {
		ra_aes128_ecb_free(e);
		ra_ossl_clear_errors();
		return RA_ERR_CRYPTO;
	}
	*out = e;
	return RA_OK;
}

enum ra_err
ra_aes128_ecb_encrypt(
    struct ra_aes128_ecb *e, uint8_t *out, const uint8_t *in, size_t n)
{
	int len = 0;

	if (e == NULL || (n > 0 && (out == NULL || in == NULL))) {
		return RA_ERR_ARG;
	}
	if (n > (size_t)INT_MAX / 16) {
		return RA_ERR_ARG;
	}
	if (n == 0) {
		return RA_OK;
	}
	if (EVP_EncryptUpdate(e->ctx, out, &len, in, (int)(n * 16)) != 1 ||
	    (size_t)len != n * 16) {
		ra_ossl_clear_errors();
		return RA_ERR_CRYPTO;
	}
	return RA_OK;
}

void
ra_aes128_ecb_free(struct ra_aes128_ecb *e)
{
	if (e == NULL) {
		return;
	}
	/* EVP_CIPHER_CTX_free cleanses the key schedule. */
	EVP_CIPHER_CTX_free(e->ctx);
	free(e);
}

enum ra_err
ra_aes128_xts_new(struct ra_aes128_xts **out, const struct ra_key128 *k1,
    const struct ra_key128 *k2)
{
	struct ra_aes128_xts *x;
	uint8_t key[32];
	enum ra_err err = RA_ERR_CRYPTO;

	if (out == NULL || k1 == NULL || k2 == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (ra_ct_eq(k1->b, k2->b, sizeof(k1->b))) {
		return RA_ERR_KEY;
	}
	if ((x = calloc(1, sizeof(*x))) == NULL) {
		return RA_ERR_NOMEM;
	}
	memcpy(key, k1->b, 16);
	memcpy(key + 16, k2->b, 16);
	x->enc = EVP_CIPHER_CTX_new();
	x->dec = EVP_CIPHER_CTX_new();
	if (x->enc == NULL || x->dec == NULL ||
	    EVP_EncryptInit_ex2(x->enc, EVP_aes_128_xts(), key, NULL, NULL) !=
	        1 ||
	    EVP_DecryptInit_ex2(x->dec, EVP_aes_128_xts(), key, NULL, NULL) !=
	        1) {
		ra_aes128_xts_free(x);
		ra_ossl_clear_errors();
		goto out;
	}
	*out = x;
	err = RA_OK;
out:
	RA_WIPE(key);
	return err;
}

enum ra_err
ra_aes128_xts_crypt(struct ra_aes128_xts *x, uint8_t *out, const uint8_t *in,
    size_t len, const uint8_t tweak[16], bool encrypt)
{
	EVP_CIPHER_CTX *ctx;
	int n = 0;

	if (x == NULL || out == NULL || in == NULL || tweak == NULL ||
	    len < 16 || len > (size_t)INT_MAX) {
		return RA_ERR_ARG;
	}
	ctx = encrypt ? x->enc : x->dec;
	/* A new IV (the tweak) keeps the key schedule. */
	if (EVP_CipherInit_ex2(ctx, NULL, NULL, tweak, encrypt ? 1 : 0, NULL) !=
	        1 ||
	    EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1 ||
	    (size_t)n != len) {
		ra_ossl_clear_errors();
		return RA_ERR_CRYPTO;
	}
	return RA_OK;
}

void
ra_aes128_xts_free(struct ra_aes128_xts *x)
{
	if (x == NULL) {
		return;
	}
	EVP_CIPHER_CTX_free(x->enc);
	EVP_CIPHER_CTX_free(x->dec);
	free(x);
}
