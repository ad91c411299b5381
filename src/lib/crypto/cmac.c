/* SPDX-License-Identifier: BSD-3-Clause */
/* AES-128-CMAC (RFC 4493) through OpenSSL's EVP_MAC "CMAC". */
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "crypto/ossl.h"
#include "internal.h"
#include "sgxra/crypto.h"

enum ra_err
ra_cmac(struct ra_mac128 *out, const struct ra_key128 *key, const void *msg,
    size_t len)
{
	const struct ra_ossl *o = ra_ossl();
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	size_t out_len = 0;
	enum ra_err err = RA_ERR_CRYPTO;

	if (out == NULL || key == NULL || (msg == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	if (o == NULL) {
		return RA_ERR_CRYPTO;
	}
	if ((ctx = EVP_MAC_CTX_new(o->cmac)) == NULL) {
		return RA_ERR_NOMEM;
	}
	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_MAC_PARAM_CIPHER, (char *)(uintptr_t) "AES-128-CBC", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(ctx, key->b, sizeof(key->b), params) != 1 ||
	    (len != 0 && EVP_MAC_update(ctx, msg, len) != 1) ||
	    EVP_MAC_final(ctx, out->b, &out_len, sizeof(out->b)) != 1 ||
	    out_len != sizeof(out->b)) {
		RA_WIPE(*out);
		goto out;
	}
	err = RA_OK;
out:
	EVP_MAC_CTX_free(ctx);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_cmac_verify(const struct ra_mac128 *want, const struct ra_key128 *key,
    const void *msg, size_t len)
{
	struct ra_mac128 got;
	enum ra_err err;

	if (want == NULL) {
		return RA_ERR_ARG;
	}
	err = ra_cmac(&got, key, msg, len);
	if (err == RA_OK && !ra_ct_eq(got.b, want->b, sizeof(got.b))) {
		err = RA_ERR_AUTH;
	}
	RA_WIPE(got);
	return err;
}
