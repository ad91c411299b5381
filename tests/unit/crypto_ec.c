/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * P-256: Wycheproof ECDH (X9.62 points and SubjectPublicKeyInfo) and ECDSA
 * (DER and P1363), differential signing/verification against OpenSSL's
 * EVP interface, point validation, encodings, and the Intel RA sample's
 * little-endian service-provider key.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "sgxra/crypto.h"
#include "test.h"
#include "wycheproof.h"

/* A Wycheproof scalar: hex, possibly with a leading 00, into 32 bytes. */
static bool
scalar32(struct ra_ec256_priv *priv, const uint8_t *b, size_t len)
{
	while (len > 32 && b[0] == 0) {
		b++;
		len--;
	}
	if (len > 32) {
		return false;
	}
	memset(priv->d, 0, sizeof(priv->d));
	memcpy(priv->d + 32 - len, b, len);
	return true;
}

static int
ecdh_case(const struct wp_case *c, void *arg)
{
	bool spki = *(bool *)arg;
	size_t plen, dlen, slen;
	uint8_t *pub = wp_hex(c->test, "public", &plen);
	uint8_t *d = wp_hex(c->test, "private", &dlen);
	uint8_t *sh = wp_hex(c->test, "shared", &slen);
	struct ra_ec256_pub peer;
	struct ra_ec256_priv priv;
	struct ra_ec256_shared out;
	enum ra_err err;
	int ok = 0;

	assert_true(scalar32(&priv, d, dlen));
	err = spki ? ra_ec256_pub_from_spki(&peer, pub, plen)
	           : ra_ec256_pub_from_x962(&peer, pub, plen);
	if (err == RA_OK) {
		err = ra_ecdh(&out, &priv, &peer);
		if (err == RA_OK) {
			assert_int_equal(slen, 32);
			test_assert_bytes(out.x, sh, 32, "ECDH shared x");
			ok = 1;
		} else {
			assert_ra_err(err, RA_ERR_KEY);
		}
	} else {
		assert_true(err == RA_ERR_FORMAT || err == RA_ERR_KEY);
	}
	free(pub);
	free(d);
	free(sh);
	return ok;
}

static void
ecdh_wycheproof_x962(void **state)
{
	bool spki = false;

	(void)state;
	assert_true(wp_run("tests/data/wycheproof/ecdh_secp256r1_ecpoint_"
	                   "test.json",
	                ecdh_case, &spki) > 300);
}

static void
ecdh_wycheproof_spki(void **state)
{
	bool spki = true;

	(void)state;
	assert_true(wp_run("tests/data/wycheproof/ecdh_secp256r1_test.json",
	                ecdh_case, &spki) > 500);
}

struct ecdsa_arg {
	bool p1363;
};

static int
ecdsa_case(const struct wp_case *c, void *arg)
{
	const struct ecdsa_arg *a = arg;
	size_t klen, mlen, slen;
	uint8_t *kder = wp_hex(c->group, "publicKeyDer", &klen);
	uint8_t *msg = wp_hex(c->test, "msg", &mlen);
	uint8_t *sig = wp_hex(c->test, "sig", &slen);
	struct ra_ec256_pub pub;
	struct ra_ec256_sig s;
	struct ra_hash256 h;
	enum ra_err err;
	int ok = 0;

	assert_ra_ok(ra_ec256_pub_from_spki(&pub, kder, klen));
	ra_sha256(&h, msg, mlen);
	if (a->p1363) {
		err = slen == 64 ? RA_OK : RA_ERR_FORMAT;
		if (err == RA_OK) {
			memcpy(s.r, sig, 32);
			memcpy(s.s, sig + 32, 32);
		}
	} else {
		err = ra_ecdsa_sig_from_der(&s, sig, slen);
	}
	if (err == RA_OK) {
		err = ra_ecdsa_verify(&pub, &h, &s);
		assert_true(err == RA_OK || err == RA_ERR_AUTH);
		ok = err == RA_OK;
	} else {
		assert_ra_err(err, RA_ERR_FORMAT);
	}
	free(kder);
	free(msg);
	free(sig);
	return ok;
}

static void
ecdsa_wycheproof_der(void **state)
{
	struct ecdsa_arg a = { false };

	(void)state;
	assert_true(wp_run("tests/data/wycheproof/ecdsa_secp256r1_sha256_"
	                   "test.json",
	                ecdsa_case, &a) > 400);
}

static void
ecdsa_wycheproof_p1363(void **state)
{
	struct ecdsa_arg a = { true };

	(void)state;
	assert_true(wp_run("tests/data/wycheproof/ecdsa_secp256r1_sha256_"
	                   "p1363_test.json",
	                ecdsa_case, &a) > 250);
}

/* An OpenSSL EVP_PKEY for pub, built independently of our code. */
static EVP_PKEY *
ossl_pub(const struct ra_ec256_pub *pub)
{
	uint8_t pt[65];
	OSSL_PARAM p[3];
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pk = NULL;

	pt[0] = 4;
	memcpy(pt + 1, pub->x, 32);
	memcpy(pt + 33, pub->y, 32);
	p[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_PKEY_PARAM_GROUP_NAME, (char *)(uintptr_t) "prime256v1", 0);
	p[1] = OSSL_PARAM_construct_octet_string(
	    OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt));
	p[2] = OSSL_PARAM_construct_end();
	assert_non_null(ctx);
	assert_int_equal(EVP_PKEY_fromdata_init(ctx), 1);
	assert_int_equal(
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, p), 1);
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

/*
 * Our signatures verify under OpenSSL, OpenSSL's verify under ours, a
 * deterministic rng gives the same signature twice, and a flipped digest
 * bit fails.
 */
static void
ecdsa_differential(void **state)
{
	struct ra_drbg d;
	struct ra_rng rng;
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub;
	struct ra_ec256_sig sig, sig2;
	struct ra_hash256 h;
	uint8_t der[80];
	size_t der_len;
	int i;

	(void)state;
	ra_drbg_init(&d, "ecdsa", 5);
	rng = ra_drbg_rng(&d);
	for (i = 0; i < 40; i++) {
		EVP_PKEY *pk;
		EVP_PKEY_CTX *vctx;

		assert_ra_ok(ra_ec256_keygen(&priv, &pub, &rng));
		assert_ra_ok(ra_rng_fill(&rng, h.b, sizeof(h.b)));
		{
			struct ra_drbg d1, d2;
			struct ra_rng r1, r2;

			ra_drbg_init(&d1, &i, sizeof(i));
			ra_drbg_init(&d2, &i, sizeof(i));
			r1 = ra_drbg_rng(&d1);
			r2 = ra_drbg_rng(&d2);
			assert_ra_ok(ra_ecdsa_sign(&sig, &priv, &h, &r1));
			assert_ra_ok(ra_ecdsa_sign(&sig2, &priv, &h, &r2));
			test_assert_bytes(&sig, &sig2, sizeof(sig),
			    "deterministic signature");
		}
		assert_ra_ok(ra_ecdsa_verify(&pub, &h, &sig));
		assert_ra_ok(
		    ra_ecdsa_sig_to_der(der, sizeof(der), &der_len, &sig));
		pk = ossl_pub(&pub);
		vctx = EVP_PKEY_CTX_new(pk, NULL);
		assert_int_equal(EVP_PKEY_verify_init(vctx), 1);
		assert_int_equal(
		    EVP_PKEY_verify(vctx, der, der_len, h.b, 32), 1);
		h.b[i % 32] ^= 0x10;
		assert_ra_err(ra_ecdsa_verify(&pub, &h, &sig), RA_ERR_AUTH);
		assert_int_equal(
		    EVP_PKEY_verify(vctx, der, der_len, h.b, 32), 0);
		EVP_PKEY_CTX_free(vctx);
		EVP_PKEY_free(pk);
	}
	/* system rng: two signatures of one digest differ, both verify */
	assert_ra_ok(ra_ecdsa_sign(&sig, &priv, &h, NULL));
	assert_ra_ok(ra_ecdsa_sign(&sig2, &priv, &h, NULL));
	assert_true(memcmp(&sig, &sig2, sizeof(sig)) != 0);
	assert_ra_ok(ra_ecdsa_verify(&pub, &h, &sig2));
}

/* OpenSSL-made signatures (random nonces) verify under ours. */
static void
ecdsa_openssl_signs(void **state)
{
	EVP_PKEY *pk = EVP_EC_gen("prime256v1");
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pk, NULL);
	uint8_t der[80], pt[65];
	size_t der_len = sizeof(der), plen = 0;
	struct ra_ec256_pub pub;
	struct ra_ec256_sig sig;
	struct ra_hash256 h;
	int i;

	(void)state;
	assert_non_null(pk);
	assert_int_equal(EVP_PKEY_get_octet_string_param(pk,
	                     OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt), &plen),
	    1);
	assert_ra_ok(ra_ec256_pub_from_x962(&pub, pt, plen));
	assert_int_equal(EVP_PKEY_sign_init(ctx), 1);
	for (i = 0; i < 20; i++) {
		memset(h.b, i, sizeof(h.b));
		der_len = sizeof(der);
		assert_int_equal(EVP_PKEY_sign(ctx, der, &der_len, h.b, 32), 1);
		assert_ra_ok(ra_ecdsa_sig_from_der(&sig, der, der_len));
		assert_ra_ok(ra_ecdsa_verify(&pub, &h, &sig));
	}
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
}

static void
point_validation(void **state)
{
	struct ra_ec256_pub pub;
	struct ra_ec256_priv priv;
	struct ra_ec256_shared sh;
	/* the P-256 field prime, big-endian */
	static const char *p_hex = "ffffffff00000001000000000000000000000000"
	                           "ffffffffffffffffffffffff";
	/* the group order */
	static const char *n_hex = "ffffffff00000000ffffffffffffffffbce6faada"
	                           "7179e84f3b9cac2fc632551";

	(void)state;
	memset(&pub, 0, sizeof(pub));
	assert_ra_err(ra_ec256_pub_check(&pub), RA_ERR_KEY); /* (0,0) */
	assert_ra_ok(ra_ec256_keygen(&priv, &pub, NULL));
	assert_ra_ok(ra_ec256_pub_check(&pub));
	pub.y[31] ^= 1; /* off the curve */
	assert_ra_err(ra_ec256_pub_check(&pub), RA_ERR_KEY);
	assert_ra_err(ra_ecdh(&sh, &priv, &pub), RA_ERR_KEY);
	/* x = p (a coordinate not below the prime) */
	test_unhex_into(pub.x, 32, p_hex);
	assert_ra_err(ra_ec256_pub_check(&pub), RA_ERR_KEY);
	/* scalars 0 and n are not private keys */
	memset(&priv, 0, sizeof(priv));
	assert_ra_err(ra_ec256_pub_from_priv(&pub, &priv), RA_ERR_KEY);
	test_unhex_into(priv.d, 32, n_hex);
	assert_ra_err(ra_ec256_pub_from_priv(&pub, &priv), RA_ERR_KEY);
	/* 04 || x || y only */
	uint8_t enc[65] = { 2 };
	assert_ra_err(ra_ec256_pub_from_x962(&pub, enc, 33), RA_ERR_FORMAT);
	assert_ra_err(ra_ec256_pub_from_x962(&pub, enc, 65), RA_ERR_FORMAT);
}

/* Intel's RA sample: the SP key stored little-endian (sgx_ec256_*). */
static void
ra_sample_key(void **state)
{
	size_t dl, pl;
	uint8_t *d = test_load("tests/data/real/ra/intel-linux-sgx-"
	                       "remoteattestation-sample/sp_priv_key.le.bin",
	    &dl);
	uint8_t *p = test_load("tests/data/real/ra/intel-linux-sgx-"
	                       "remoteattestation-sample/sp_pub_key.le.bin",
	    &pl);
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub, want;
	uint8_t le[64], xbe[32];

	(void)state;
	assert_int_equal(dl, 32);
	assert_int_equal(pl, 64);
	ra_ec256_priv_from_sgx(&priv, d);
	assert_ra_ok(ra_ec256_pub_from_priv(&pub, &priv));
	ra_ec256_pub_from_sgx(&want, p);
	test_assert_bytes(&pub, &want, sizeof(pub), "d*G");
	test_unhex_into(xbe, 32,
	    "38eb4b1c62e85bb01d73609ceeaa3d3eadae3037623a"
	    "d085bf6e52177a8a1272");
	test_assert_bytes(pub.x, xbe, 32, "x from expected.json");
	ra_ec256_pub_to_sgx(le, &pub);
	test_assert_bytes(le, p, 64, "LE round trip");
	free(d);
	free(p);
}

static void
pem_round_trip(void **state)
{
	struct ra_ec256_priv priv, priv2;
	struct ra_ec256_pub pub, pub2;
	char pem[1024];
	size_t len;
	struct ra_rsa_key *rsa = NULL;

	(void)state;
	assert_ra_ok(ra_ec256_keygen(&priv, &pub, NULL));
	assert_ra_ok(ra_ec256_priv_to_pem(pem, sizeof(pem), &len, &priv));
	assert_non_null(strstr(pem, "-----BEGIN PRIVATE KEY-----"));
	assert_ra_ok(ra_ec256_priv_from_pem(&priv2, &pub2, pem, len));
	test_assert_bytes(&priv, &priv2, sizeof(priv), "private key");
	test_assert_bytes(&pub, &pub2, sizeof(pub), "public key");
	assert_ra_err(ra_ec256_priv_to_pem(pem, 10, &len, &priv), RA_ERR_SPACE);
	assert_ra_ok(ra_ec256_pub_to_pem(pem, sizeof(pem), &len, &pub));
	assert_non_null(strstr(pem, "-----BEGIN PUBLIC KEY-----"));
	/* an RSA key is not a P-256 key */
	assert_ra_ok(ra_rsa_key_generate(&rsa, 2048, 65537));
	char rpem[4096];
	assert_ra_ok(ra_rsa_key_to_pem(rsa, true, rpem, sizeof(rpem), &len));
	assert_ra_err(
	    ra_ec256_priv_from_pem(&priv2, NULL, rpem, len), RA_ERR_KEY);
	assert_ra_err(
	    ra_ec256_priv_from_pem(&priv2, NULL, "junk", 4), RA_ERR_FORMAT);
	ra_rsa_key_free(rsa);
}

/* ECDH agrees both ways and matches OpenSSL's derive. */
static void
ecdh_agree(void **state)
{
	struct ra_ec256_priv a, b;
	struct ra_ec256_pub ga, gb;
	struct ra_ec256_shared s1, s2;
	int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		assert_ra_ok(ra_ec256_keygen(&a, &ga, NULL));
		assert_ra_ok(ra_ec256_keygen(&b, &gb, NULL));
		assert_ra_ok(ra_ecdh(&s1, &a, &gb));
		assert_ra_ok(ra_ecdh(&s2, &b, &ga));
		test_assert_bytes(&s1, &s2, sizeof(s1), "shared secret");
	}
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(ecdh_wycheproof_x962),
	cmocka_unit_test(ecdh_wycheproof_spki),
	cmocka_unit_test(ecdh_agree),
	cmocka_unit_test(ecdsa_wycheproof_der),
	cmocka_unit_test(ecdsa_wycheproof_p1363),
	cmocka_unit_test(ecdsa_differential),
	cmocka_unit_test(ecdsa_openssl_signs),
	cmocka_unit_test(point_validation),
	cmocka_unit_test(ra_sample_key),
	cmocka_unit_test(pem_round_trip),
};

TEST_MAIN(tests)
