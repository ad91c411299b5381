/* SPDX-License-Identifier: BSD-3-Clause */
#include <pthread.h>

#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include "crypto/ossl.h"
#include "internal.h"

static struct ra_ossl algs;
static const struct ra_ossl *algs_ok;
static pthread_once_t algs_once = PTHREAD_ONCE_INIT;

static void
fetch_all(void)
{
	algs.cmac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	algs.aes128_cbc = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
	algs.aes128_gcm = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
	algs.sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	algs.sha512 = EVP_MD_fetch(NULL, "SHA512", NULL);
	algs.p256 = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	algs.p256_p = BN_new();
	if (algs.p256 != NULL && algs.p256_p != NULL &&
	    EC_GROUP_get_curve(algs.p256, algs.p256_p, NULL, NULL, NULL) != 1) {
		BN_free(algs.p256_p);
		algs.p256_p = NULL;
	}
	if (algs.p256 != NULL) {
		algs.p256_n = BN_dup(EC_GROUP_get0_order(algs.p256));
	}
	if (algs.cmac != NULL && algs.aes128_cbc != NULL &&
	    algs.aes128_gcm != NULL && algs.sha256 != NULL &&
	    algs.sha512 != NULL && algs.p256 != NULL && algs.p256_p != NULL &&
	    algs.p256_n != NULL) {
		algs_ok = &algs;
	}
	ra_ossl_clear_errors();
}

const struct ra_ossl *
ra_ossl(void)
{
	if (pthread_once(&algs_once, fetch_all) != 0) {
		return NULL;
	}
	return algs_ok;
}

BIGNUM *
ra_bn_from_be(const uint8_t *b, size_t len)
{
	if (len > INT32_MAX) {
		return NULL;
	}
	return BN_bin2bn(b, (int)len, NULL);
}

int
ra_bn_to_be(const BIGNUM *bn, uint8_t *b, size_t len)
{
	if (len > INT32_MAX) {
		return 0;
	}
	return BN_bn2binpad(bn, b, (int)len) == (int)len;
}

void
ra_ossl_clear_errors(void)
{
	ERR_clear_error();
}
