/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSA: Wycheproof RSA-3072 PKCS#1 v1.5 SHA-256 verification and RSA-OAEP
 * (SHA-256, MGF1-SHA-256) decryption, OAEP encryption checked by OpenSSL,
 * and the SIGSTRUCT signature and Q1/Q2 values of Fortanix's test key.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "sgxra/crypto.h"
#include "test.h"
#include "wycheproof.h"

#define SIG1 "tests/data/real/enclave/fortanix-sigstruct-sig1/"

static int
rsa_sig_case(const struct wp_case *c, void *arg)
{
	size_t klen, mlen, slen;
	uint8_t *kder = wp_hex(c->group, "publicKeyDer", &klen);
	uint8_t *msg = wp_hex(c->test, "msg", &mlen);
	uint8_t *sig = wp_hex(c->test, "sig", &slen);
	struct ra_rsa_key *key = NULL;
	struct ra_hash256 h;
	enum ra_err err;

	(void)arg;
	assert_ra_ok(ra_rsa_key_from_der(&key, kder, klen));
	assert_false(ra_rsa_key_is_private(key));
	ra_sha256(&h, msg, mlen);
	err = ra_rsa_verify_sha256(key, &h, sig, slen);
	assert_true(err == RA_OK || err == RA_ERR_AUTH);
	ra_rsa_key_free(key);
	free(kder);
	free(msg);
	free(sig);
	return err == RA_OK;
}

static void
rsa3072_wycheproof(void **state)
{
	(void)state;
	assert_true(wp_run("tests/data/wycheproof/rsa_signature_3072_sha256_"
	                   "test.json",
	                rsa_sig_case, NULL) > 250);
}

static int
oaep_case(const struct wp_case *c, void *arg)
{
	size_t klen, mlen, clen, llen, olen = 0;
	uint8_t *kder = wp_hex(c->group, "privateKeyPkcs8", &klen);
	uint8_t *msg = wp_hex(c->test, "msg", &mlen);
	uint8_t *ct = wp_hex(c->test, "ct", &clen);
	uint8_t *label = wp_hex(c->test, "label", &llen);
	uint8_t out[512];
	struct ra_rsa_key *key = NULL;
	enum ra_err err;
	int ok;

	(void)arg;
	assert_ra_ok(ra_rsa_key_from_der(&key, kder, klen));
	assert_true(ra_rsa_key_is_private(key));
	err = ra_rsa_oaep_decrypt(key, out, sizeof(out), &olen, ct, clen);
	ok = err == RA_OK;
	if (ok) {
		assert_int_equal(olen, mlen);
		test_assert_bytes(out, msg, mlen, "OAEP plaintext");
	} else {
		assert_ra_err(err, RA_ERR_AUTH);
	}
	ra_rsa_key_free(key);
	free(kder);
	free(msg);
	free(ct);
	free(label);
	/*
	 * SGX uses the empty label only: a ciphertext made with another label
	 * must be refused by our decryption, whatever its Wycheproof verdict.
	 */
	if (llen != 0) {
		assert_false(ok);
		return -1;
	}
	return ok;
}

static void
oaep_wycheproof(void **state)
{
	(void)state;
	assert_true(wp_run("tests/data/wycheproof/rsa_oaep_2048_sha256_"
	                   "mgf1sha256_test.json",
	                oaep_case, NULL) >= 20);
}

/* Our OAEP encoding, decrypted by OpenSSL's own OAEP. */
static void
oaep_encrypt_differential(void **state)
{
	struct ra_rsa_key *key = NULL;
	char pem[4096];
	size_t pem_len, n, olen;
	uint8_t ct[256], ct2[256], msg[190], out[256];
	struct ra_drbg d1, d2;
	struct ra_rng r1, r2;
	EVP_PKEY *pk;
	EVP_PKEY_CTX *ctx;
	BIO *bio;
	int i;

	(void)state;
	assert_ra_ok(ra_rsa_key_generate(&key, 2048, 65537));
	assert_int_equal(ra_rsa_key_len(key), 256);
	assert_ra_ok(ra_rsa_key_to_pem(key, true, pem, sizeof(pem), &pem_len));
	bio = BIO_new_mem_buf(pem, (int)pem_len);
	pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	assert_non_null(pk);
	for (i = 0; i < 30; i++) {
		n = (size_t)i * 190 / 29; /* 0 .. 190 = k - 2*32 - 2 */
		memset(msg, i, n);
		ra_drbg_init(&d1, &i, sizeof(i));
		ra_drbg_init(&d2, &i, sizeof(i));
		r1 = ra_drbg_rng(&d1);
		r2 = ra_drbg_rng(&d2);
		assert_ra_ok(
		    ra_rsa_oaep_encrypt(key, ct, sizeof(ct), msg, n, &r1));
		assert_ra_ok(
		    ra_rsa_oaep_encrypt(key, ct2, sizeof(ct2), msg, n, &r2));
		test_assert_bytes(ct, ct2, sizeof(ct), "deterministic OAEP");
		ctx = EVP_PKEY_CTX_new(pk, NULL);
		assert_int_equal(EVP_PKEY_decrypt_init(ctx), 1);
		assert_int_equal(
		    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING),
		    1);
		assert_int_equal(
		    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()), 1);
		assert_int_equal(
		    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()), 1);
		olen = sizeof(out);
		assert_int_equal(EVP_PKEY_decrypt(ctx, out, &olen, ct, 256), 1);
		assert_int_equal(olen, n);
		test_assert_bytes(out, msg, n, "OpenSSL decrypts ours");
		EVP_PKEY_CTX_free(ctx);
		assert_ra_ok(ra_rsa_oaep_decrypt(
		    key, out, sizeof(out), &olen, ct, sizeof(ct)));
		assert_int_equal(olen, n);
		ct[i % 256] ^= 4;
		assert_ra_err(ra_rsa_oaep_decrypt(
		                  key, out, sizeof(out), &olen, ct, sizeof(ct)),
		    RA_ERR_AUTH);
	}
	/* too long for the modulus */
	assert_ra_err(ra_rsa_oaep_encrypt(key, ct, sizeof(ct), msg, 191, NULL),
	    RA_ERR_ARG);
	/* decryption needs the private key */
	{
		struct ra_rsa_key *pub = NULL;

		assert_ra_ok(
		    ra_rsa_key_to_pem(key, false, pem, sizeof(pem), &pem_len));
		assert_ra_ok(ra_rsa_key_from_pem(&pub, pem, pem_len));
		assert_false(ra_rsa_key_is_private(pub));
		assert_ra_ok(
		    ra_rsa_oaep_encrypt(pub, ct, sizeof(ct), msg, 16, NULL));
		assert_ra_err(ra_rsa_oaep_decrypt(
		                  pub, out, sizeof(out), &olen, ct, sizeof(ct)),
		    RA_ERR_KEY);
		ra_rsa_key_free(pub);
	}
	EVP_PKEY_free(pk);
	BIO_free(bio);
	ra_rsa_key_free(key);
}

/*
 * Fortanix's SIGSTRUCT test key (RSA-3072, e = 3): signing the 32-byte
 * digest of sig1.data.bin gives sig1.sig.bin, and Q1/Q2 match. The .bin
 * files are little-endian, as inside a SIGSTRUCT.
 */
static void
sigstruct_key(void **state)
{
	size_t len, n_len, s_len, q1_len, q2_len, d_len;
	uint8_t *pem = test_load(SIG1 "sig1.key.pem", &len);
	uint8_t *n_le = test_load(SIG1 "sig1.key_n.bin", &n_len);
	uint8_t *s_le = test_load(SIG1 "sig1.sig.bin", &s_len);
	uint8_t *q1_le = test_load(SIG1 "sig1.q1.bin", &q1_len);
	uint8_t *q2_le = test_load(SIG1 "sig1.q2.bin", &q2_len);
	uint8_t *data = test_load(SIG1 "sig1.data.bin", &d_len);
	uint8_t n[384], s[384], sig[384], q1[384], q2[384], want[384];
	struct ra_rsa_key *key = NULL, *pub = NULL;
	struct ra_hash256 h;
	uint32_t e = 0;

	(void)state;
	assert_int_equal(d_len, 32);
	assert_ra_ok(ra_rsa_key_from_pem(&key, (char *)pem, len));
	assert_int_equal(ra_rsa_key_len(key), 384);
	assert_ra_ok(ra_rsa_key_modulus(key, n, sizeof(n), &e));
	assert_int_equal(e, 3);
	for (size_t i = 0; i < 384; i++) {
		want[i] = n_le[383 - i];
		s[i] = s_le[383 - i];
	}
	test_assert_bytes(n, want, 384, "modulus");
	memcpy(h.b, data, 32);
	assert_ra_ok(ra_rsa_sign_sha256(key, sig, sizeof(sig), &h));
	test_assert_bytes(sig, s, 384, "PKCS#1 v1.5 signature");
	assert_ra_ok(ra_rsa_key_from_modulus(&pub, n, sizeof(n), 3));
	assert_ra_ok(ra_rsa_verify_sha256(pub, &h, sig, sizeof(sig)));
	sig[100] ^= 1;
	assert_ra_err(
	    ra_rsa_verify_sha256(pub, &h, sig, sizeof(sig)), RA_ERR_AUTH);
	assert_ra_err(ra_rsa_verify_sha256(pub, &h, sig, 383), RA_ERR_AUTH);
	assert_ra_ok(ra_rsa_sigstruct_q(q1, q2, s, n, 384));
	for (size_t i = 0; i < 384; i++) {
		want[i] = q1_le[383 - i];
	}
	test_assert_bytes(q1, want, 384, "Q1");
	for (size_t i = 0; i < 384; i++) {
		want[i] = q2_le[383 - i];
	}
	test_assert_bytes(q2, want, 384, "Q2");
	/* S >= N is refused */
	assert_ra_err(ra_rsa_sigstruct_q(q1, q2, n, n, 384), RA_ERR_ARG);
	ra_rsa_key_free(key);
	ra_rsa_key_free(pub);
	free(pem);
	free(n_le);
	free(s_le);
	free(q1_le);
	free(q2_le);
	free(data);
}

static void
bad_keys(void **state)
{
	struct ra_rsa_key *key = NULL;
	uint8_t n[256];

	(void)state;
	assert_ra_err(ra_rsa_key_from_pem(&key, "nope", 4), RA_ERR_FORMAT);
	assert_null(key);
	assert_ra_err(ra_rsa_key_from_der(&key, (const uint8_t *)"\x30\x00", 2),
	    RA_ERR_FORMAT);
	memset(n, 0xff, sizeof(n));
	n[255] = 0xfe; /* even modulus */
	assert_ra_err(
	    ra_rsa_key_from_modulus(&key, n, sizeof(n), 65537), RA_ERR_KEY);
	n[255] = 0xff;
	assert_ra_err(
	    ra_rsa_key_from_modulus(&key, n, sizeof(n), 4), RA_ERR_KEY);
	assert_ra_ok(ra_rsa_key_from_modulus(&key, n, sizeof(n), 65537));
	ra_rsa_key_free(key);
	ra_rsa_key_free(NULL);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(rsa3072_wycheproof),
	cmocka_unit_test(oaep_wycheproof),
	cmocka_unit_test(oaep_encrypt_differential),
	cmocka_unit_test(sigstruct_key),
	cmocka_unit_test(bad_keys),
};

TEST_MAIN(tests)
