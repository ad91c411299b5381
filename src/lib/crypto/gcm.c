/* SPDX-License-Identifier: BSD-3-Clause */
/* AES-128-GCM (NIST SP 800-38D) with a 96-bit IV and a 128-bit tag. */
#include <limits.h>

#include "crypto/ossl.h"
#include "internal.h"
#include "sgxra/crypto.h"

/* EVP takes int lengths: feed long inputs in chunks below INT_MAX. */
#define GCM_CHUNK ((size_t)1 << 30)

static EVP_CIPHER_CTX *
gcm_start(const struct ra_key128 *key, const uint8_t *iv, int enc)
{
	const struct ra_ossl *o = ra_ossl();
	EVP_CIPHER_CTX *ctx;

	if (o == NULL || (ctx = EVP_CIPHER_CTX_new()) == NULL) {
		return NULL;
	}
	/* The default IV length of AES-GCM in OpenSSL is 12 bytes. */
	if (EVP_CipherInit_ex2(ctx, o->aes128_gcm, key->b, iv, enc, NULL) !=
	    1) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Run out = cipher(in) over len bytes, or authenticate aad when out NULL. */
static int
gcm_update(EVP_CIPHER_CTX *ctx, uint8_t *out, const uint8_t *in, size_t len)
{
	int n;
	size_t step;

	while (len > 0) {
		step = len < GCM_CHUNK ? len : GCM_CHUNK;
		/* For AAD (out NULL) OpenSSL also reports step bytes. */
		if (EVP_CipherUpdate(ctx, out, &n, in, (int)step) != 1 ||
		    (size_t)n != step) {
			return 0;
		}
		in += step;
		if (out != NULL) {
			out += step;
		}
		len -= step;
	}
	return 1;
}

enum ra_err
ra_gcm_encrypt(uint8_t *ct, struct ra_mac128 *tag, const struct ra_key128 *key,
    const uint8_t iv[RA_GCM_IV_LEN], const void *aad, size_t aad_len,
    const void *pt, size_t len)
{
	EVP_CIPHER_CTX *ctx;
	uint8_t last[16];
	int n = 0;
	enum ra_err err = RA_ERR_CRYPTO;

	if (tag == NULL || key == NULL || iv == NULL ||
	    (aad == NULL && aad_len != 0) ||
	    ((pt == NULL || ct == NULL) && len != 0)) {
		return RA_ERR_ARG;
	}
	if ((ctx = gcm_start(key, iv, 1)) == NULL) {
		ra_ossl_clear_errors();
		return RA_ERR_CRYPTO;
	}
	if (!gcm_update(ctx, NULL, aad, aad_len) ||
	    !gcm_update(ctx, ct, pt, len) ||
	    EVP_EncryptFinal_ex(ctx, last, &n) != 1 || n != 0 ||
	    EVP_CIPHER_CTX_ctrl(
	        ctx, EVP_CTRL_AEAD_GET_TAG, sizeof(tag->b), tag->b) != 1) {
		if (len != 0) {
			ra_wipe(ct, len);
		}
		RA_WIPE(*tag);
		goto out;
	}
	err = RA_OK;
out:
	EVP_CIPHER_CTX_free(ctx);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_gcm_decrypt(uint8_t *pt, const struct ra_key128 *key,
    const uint8_t iv[RA_GCM_IV_LEN], const void *aad, size_t aad_len,
    const void *ct, size_t len, const struct ra_mac128 *tag)
{
	EVP_CIPHER_CTX *ctx;
	struct ra_mac128 t;
	uint8_t last[16];
	int n = 0;
	enum ra_err err = RA_ERR_AUTH;

	if (tag == NULL || key == NULL || iv == NULL ||
	    (aad == NULL && aad_len != 0) ||
	    ((pt == NULL || ct == NULL) && len != 0)) {
		return RA_ERR_ARG;
	}
	if ((ctx = gcm_start(key, iv, 0)) == NULL) {
		ra_ossl_clear_errors();
		return RA_ERR_CRYPTO;
	}
	t = *tag;
	/* OpenSSL compares the tag in constant time in EVP_DecryptFinal_ex. */
	if (!gcm_update(ctx, NULL, aad, aad_len) ||
	    !gcm_update(ctx, pt, ct, len) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, sizeof(t.b), t.b) !=
	        1 ||
	    EVP_DecryptFinal_ex(ctx, last, &n) != 1 || n != 0) {
		if (len != 0) {
			ra_wipe(pt, len);
		}
		goto out;
	}
	err = RA_OK;
out:
	EVP_CIPHER_CTX_free(ctx);
	ra_ossl_clear_errors();
	return err;
}
