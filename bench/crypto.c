/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/crypto: the cost of libsgxra's crypto layer over raw OpenSSL. Each
 * figure is ours, the floor is the same operation called directly through
 * OpenSSL's EVP interface in this process, and the ratio is ours/floor
 * (1.0 = no overhead). Later benchmarks quote these floors.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "bench.h"
#include "sgxra/crypto.h"

static uint8_t data[1 << 20];

static void
ours_sha(void *arg)
{
	struct ra_hash256 h;

	(void)arg;
	ra_sha256(&h, data, sizeof(data));
	bench_use(&h, sizeof(h));
}

static void
ossl_sha(void *arg)
{
	uint8_t h[32];
	unsigned int n;

	(void)arg;
	EVP_Digest(data, sizeof(data), h, &n, EVP_sha256(), NULL);
	bench_use(h, sizeof(h));
}

struct ec_arg {
	struct ra_ec256_pub pub;
	struct ra_ec256_priv priv;
	struct ra_ec256_sig sig;
	struct ra_hash256 h;
	EVP_PKEY *pk;
	uint8_t der[80];
	size_t der_len;
};

static void
ours_verify(void *arg)
{
	struct ec_arg *a = arg;

	if (ra_ecdsa_verify(&a->pub, &a->h, &a->sig) != RA_OK) {
		abort();
	}
}

static void
ossl_verify(void *arg)
{
	struct ec_arg *a = arg;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(a->pk, NULL);

	if (EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_verify(ctx, a->der, a->der_len, a->h.b, 32) != 1) {
		abort();
	}
	EVP_PKEY_CTX_free(ctx);
}

static void
ours_sign(void *arg)
{
	struct ec_arg *a = arg;
	struct ra_ec256_sig s;

	if (ra_ecdsa_sign(&s, &a->priv, &a->h, NULL) != RA_OK) {
		abort();
	}
}

static void
ours_ecdh(void *arg)
{
	struct ec_arg *a = arg;
	struct ra_ec256_shared s;

	if (ra_ecdh(&s, &a->priv, &a->pub) != RA_OK) {
		abort();
	}
}

static void
ossl_derive(void *arg)
{
	struct ec_arg *a = arg;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(a->pk, NULL);
	uint8_t s[32];
	size_t n = sizeof(s);

	if (EVP_PKEY_derive_init(ctx) != 1 ||
	    EVP_PKEY_derive_set_peer(ctx, a->pk) != 1 ||
	    EVP_PKEY_derive(ctx, s, &n) != 1) {
		abort();
	}
	EVP_PKEY_CTX_free(ctx);
}

static void
ossl_sign(void *arg)
{
	struct ec_arg *a = arg;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(a->pk, NULL);
	uint8_t der[80];
	size_t n = sizeof(der);

	if (EVP_PKEY_sign_init(ctx) != 1 ||
	    EVP_PKEY_sign(ctx, der, &n, a->h.b, 32) != 1) {
		abort();
	}
	EVP_PKEY_CTX_free(ctx);
}

static void
ours_cmac(void *arg)
{
	struct ra_key128 k = { { 1 } };
	struct ra_mac128 m;

	(void)arg;
	if (ra_cmac(&m, &k, data, 64) != RA_OK) {
		abort();
	}
}

static void
ossl_cmac(void *arg)
{
	static EVP_MAC *mac;
	EVP_MAC_CTX *ctx;
	OSSL_PARAM p[2];
	uint8_t k[16] = { 1 }, out[16];
	size_t n;

	(void)arg;
	if (mac == NULL) {
		mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	}
	ctx = EVP_MAC_CTX_new(mac);
	p[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_MAC_PARAM_CIPHER, (char *)(uintptr_t) "AES-128-CBC", 0);
	p[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(ctx, k, 16, p) != 1 ||
	    EVP_MAC_update(ctx, data, 64) != 1 ||
	    EVP_MAC_final(ctx, out, &n, 16) != 1) {
		abort();
	}
	EVP_MAC_CTX_free(ctx);
}

int
main(void)
{
	struct ec_arg a;
	uint8_t pem[1024];
	size_t pem_len;
	BIO *bio;
	double o, f;
	bool ok = true;

	memset(data, 0x5c, sizeof(data));
	if (ra_ec256_keygen(&a.priv, &a.pub, NULL) != RA_OK) {
		return 1;
	}
	memset(a.h.b, 7, 32);
	if (ra_ecdsa_sign(&a.sig, &a.priv, &a.h, NULL) != RA_OK ||
	    ra_ecdsa_sig_to_der(a.der, sizeof(a.der), &a.der_len, &a.sig) !=
	        RA_OK ||
	    ra_ec256_priv_to_pem((char *)pem, sizeof(pem), &pem_len, &a.priv) !=
	        RA_OK) {
		return 1;
	}
	bio = BIO_new_mem_buf(pem, (int)pem_len);
	a.pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (a.pk == NULL) {
		return 1;
	}

	o = bench_rate(ours_sha, NULL, 5, 200, 5) * sizeof(data) / 1e6;
	f = bench_rate(ossl_sha, NULL, 5, 200, 5) * sizeof(data) / 1e6;
	ok &= bench_report("crypto", "sha256", o, "MB/s", "openssl-sha256", f,
	    "MB/s", o / f, 0.9, 0);
	o = bench_rate(ours_cmac, NULL, 5, 100, 100);
	f = bench_rate(ossl_cmac, NULL, 5, 100, 100);
	ok &= bench_report("crypto", "cmac-64B", o, "op/s", "openssl-cmac", f,
	    "op/s", o / f, 0.8, 0);
	o = bench_rate(ours_verify, &a, 5, 200, 20);
	f = bench_rate(ossl_verify, &a, 5, 200, 20);
	ok &= bench_report("crypto", "ecdsa-verify", o, "op/s",
	    "openssl-ecdsa-verify", f, "op/s", o / f, 0.8, 0);
	o = bench_rate(ours_sign, &a, 5, 200, 20);
	f = bench_rate(ossl_sign, &a, 5, 200, 20);
	ok &= bench_report("crypto", "ecdsa-sign", o, "op/s",
	    "openssl-ecdsa-sign", f, "op/s", o / f, 0.5, 0);
	o = bench_rate(ours_ecdh, &a, 5, 200, 20);
	f = bench_rate(ossl_derive, &a, 5, 200, 20);
	ok &= bench_report("crypto", "ecdh", o, "op/s", "openssl-ecdh", f,
	    "op/s", o / f, 0.8, 0);
	EVP_PKEY_free(a.pk);
	return ok ? 0 : 1;
}
