/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SHA-256, AES-CMAC, AES-GCM and the RA KDF on vectors from independent
 * sources: FIPS 180-4, RFC 4493, Wycheproof, and the OpenSSL command line.
 */
#include <string.h>

#include <openssl/evp.h>

#include "sgxra/crypto.h"
#include "test.h"
#include "wycheproof.h"

static void
sha256_fips(void **state)
{
	size_t n, len, dlen;
	char **l = test_vector_lines("tests/vectors/sha256_fips180.txt", &n);
	struct ra_hash256 got;
	uint8_t *msg, *want;

	(void)state;
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i += 2) {
		if (strcmp(l[i], "million-a") == 0) {
			len = 1000000;
			msg = malloc(len);
			assert_non_null(msg);
			memset(msg, 'a', len);
		} else {
			msg = test_unhex(l[i], &len);
		}
		want = test_unhex(l[i + 1], &dlen);
		assert_int_equal(dlen, 32);
		ra_sha256(&got, msg, len);
		test_assert_bytes(got.b, want, 32, "SHA-256 one-shot");
		free(msg);
		free(want);
	}
	test_free_lines(l, n);
}

/* Incremental hashing in every split of a message equals one-shot. */
static void
sha256_incremental(void **state)
{
	uint8_t msg[200];
	struct ra_hash256 one, inc, copy_out;
	struct ra_sha256_ctx ctx, copy;
	size_t i, a;

	(void)state;
	for (i = 0; i < sizeof(msg); i++) {
		msg[i] = (uint8_t)(i * 7 + 3);
	}
	ra_sha256(&one, msg, sizeof(msg));
	for (a = 0; a <= sizeof(msg); a++) {
		ra_sha256_init(&ctx);
		ra_sha256_update(&ctx, msg, a);
		copy = ctx; /* contexts are plain data */
		ra_sha256_update(&ctx, msg + a, sizeof(msg) - a);
		ra_sha256_final(&ctx, &inc);
		test_assert_bytes(inc.b, one.b, 32, "split hash");
		ra_sha256_update(&copy, msg + a, sizeof(msg) - a);
		ra_sha256_final(&copy, &copy_out);
		test_assert_bytes(copy_out.b, one.b, 32, "copied context");
	}
	/* the empty message */
	ra_sha256(&one, NULL, 0);
	assert_int_equal(one.b[0], 0xe3);
	assert_int_equal(one.b[31], 0x55);
}

static void
cmac_rfc4493(void **state)
{
	size_t n, klen, mlen, tlen;
	char **l = test_vector_lines("tests/vectors/cmac_rfc4493.txt", &n);
	struct ra_key128 key;
	struct ra_mac128 got;
	uint8_t *msg, *tag;

	(void)state;
	assert_int_equal(n, 10);
	uint8_t *k = test_unhex(l[0], &klen);
	assert_int_equal(klen, 16);
	memcpy(key.b, k, 16);
	free(k);
	msg = test_unhex(l[1], &mlen);
	for (size_t i = 2; i + 1 < n; i += 2) {
		size_t len = strtoul(l[i], NULL, 10);

		tag = test_unhex(l[i + 1], &tlen);
		assert_true(len <= mlen && tlen == 16);
		assert_ra_ok(ra_cmac(&got, &key, msg, len));
		test_assert_bytes(got.b, tag, 16, "RFC 4493 CMAC");
		assert_ra_ok(ra_cmac_verify(&got, &key, msg, len));
		got.b[15] ^= 1;
		assert_ra_err(
		    ra_cmac_verify(&got, &key, msg, len), RA_ERR_AUTH);
		free(tag);
	}
	free(msg);
	test_free_lines(l, n);
}

static int
wp_cmac(const struct wp_case *c, void *arg)
{
	size_t klen, mlen, tlen;
	uint8_t *k, *m, *t;
	struct ra_key128 key;
	struct ra_mac128 got;
	int ok = 0;

	(void)arg;
	/* only AES-128 with full 16-byte tags exists in SGX */
	if (wp_int(c->group, "keySize") != 128 ||
	    wp_int(c->group, "tagSize") != 128) {
		return -1;
	}
	k = wp_hex(c->test, "key", &klen);
	m = wp_hex(c->test, "msg", &mlen);
	t = wp_hex(c->test, "tag", &tlen);
	if (klen == 16 && tlen == 16) {
		memcpy(key.b, k, 16);
		assert_ra_ok(ra_cmac(&got, &key, m, mlen));
		ok = memcmp(got.b, t, 16) == 0;
		assert_int_equal(ra_cmac_verify((struct ra_mac128 *)(void *)t,
		                     &key, m, mlen) == RA_OK,
		    ok);
	}
	free(k);
	free(m);
	free(t);
	return ok;
}

static void
cmac_wycheproof(void **state)
{
	(void)state;
	assert_true(wp_run("tests/data/wycheproof/aes_cmac_test.json", wp_cmac,
	                NULL) > 20);
}

static int
wp_gcm(const struct wp_case *c, void *arg)
{
	size_t klen, ivlen, alen, mlen, clen, tlen;
	uint8_t *k, *iv, *aad, *msg, *ct, *tag, *out;
	struct ra_key128 key;
	struct ra_mac128 t, got;
	int ok = 0;

	(void)arg;
	if (wp_int(c->group, "keySize") != 128 ||
	    wp_int(c->group, "ivSize") != 96 ||
	    wp_int(c->group, "tagSize") != 128) {
		return -1;
	}
	k = wp_hex(c->test, "key", &klen);
	iv = wp_hex(c->test, "iv", &ivlen);
	aad = wp_hex(c->test, "aad", &alen);
	msg = wp_hex(c->test, "msg", &mlen);
	ct = wp_hex(c->test, "ct", &clen);
	tag = wp_hex(c->test, "tag", &tlen);
	out = malloc(clen + 1);
	assert_non_null(out);
	assert_int_equal(klen, 16);
	assert_int_equal(ivlen, 12);
	memcpy(key.b, k, 16);
	if (tlen == 16) {
		memcpy(t.b, tag, 16);
		ok = ra_gcm_decrypt(out, &key, iv, aad, alen, ct, clen, &t) ==
		    RA_OK;
		if (ok) {
			assert_int_equal(clen, mlen);
			test_assert_bytes(out, msg, mlen, "GCM plaintext");
			/* and encryption reproduces the vector */
			assert_ra_ok(ra_gcm_encrypt(
			    out, &got, &key, iv, aad, alen, msg, mlen));
			test_assert_bytes(out, ct, clen, "GCM ciphertext");
			test_assert_bytes(got.b, t.b, 16, "GCM tag");
		} else {
			/* refused: nothing of the plaintext is released */
			for (size_t i = 0; i < clen; i++) {
				assert_int_equal(out[i], 0);
			}
		}
	}
	free(k);
	free(iv);
	free(aad);
	free(msg);
	free(ct);
	free(tag);
	free(out);
	return ok;
}

static void
gcm_wycheproof(void **state)
{
	(void)state;
	assert_true(wp_run("tests/data/wycheproof/aes_gcm_test.json", wp_gcm,
	                NULL) > 20);
}

/* Every bit of ciphertext, tag and AAD matters; in-place works. */
static void
gcm_tamper(void **state)
{
	struct ra_key128 key = { { 1, 2, 3 } };
	uint8_t iv[RA_GCM_IV_LEN] = { 9 };
	uint8_t aad[5] = { 'h', 'e', 'l', 'l', 'o' };
	uint8_t buf[37], orig[37], work[37];
	struct ra_mac128 tag, t2;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(buf); i++) {
		buf[i] = orig[i] = (uint8_t)i;
	}
	assert_ra_ok(ra_gcm_encrypt(
	    buf, &tag, &key, iv, aad, sizeof(aad), buf, sizeof(buf)));
	for (i = 0; i < sizeof(buf) * 8; i++) {
		memcpy(work, buf, sizeof(buf));
		work[i / 8] ^= (uint8_t)(1U << (i % 8));
		assert_ra_err(ra_gcm_decrypt(work, &key, iv, aad, sizeof(aad),
		                  work, sizeof(work), &tag),
		    RA_ERR_AUTH);
	}
	for (i = 0; i < 128; i++) {
		t2 = tag;
		t2.b[i / 8] ^= (uint8_t)(1U << (i % 8));
		memcpy(work, buf, sizeof(buf));
		assert_ra_err(ra_gcm_decrypt(work, &key, iv, aad, sizeof(aad),
		                  work, sizeof(work), &t2),
		    RA_ERR_AUTH);
	}
	aad[0] ^= 1;
	memcpy(work, buf, sizeof(buf));
	assert_ra_err(ra_gcm_decrypt(work, &key, iv, aad, sizeof(aad), work,
	                  sizeof(work), &tag),
	    RA_ERR_AUTH);
	aad[0] ^= 1;
	assert_ra_ok(ra_gcm_decrypt(
	    buf, &key, iv, aad, sizeof(aad), buf, sizeof(buf), &tag));
	test_assert_bytes(buf, orig, sizeof(buf), "in-place round trip");
}

static void
kdf_vectors(void **state)
{
	size_t n;
	char **l = test_vector_lines("tests/vectors/ra_kdf.txt", &n);
	static const enum ra_kdf_label labels[] = { RA_KDF_SMK, RA_KDF_SK,
		RA_KDF_MK, RA_KDF_VK };
	struct ra_ec256_shared shared;
	struct ra_key128 kdk, key, want;

	(void)state;
	assert_int_equal(n, 6);
	test_unhex_into(shared.x, 32, l[0]);
	test_unhex_into(want.b, 16, l[1]);
	assert_ra_ok(ra_kdf_kdk(&kdk, &shared));
	test_assert_bytes(kdk.b, want.b, 16, "KDK");
	for (size_t i = 0; i < 4; i++) {
		test_unhex_into(want.b, 16, l[2 + i]);
		assert_ra_ok(ra_kdf_derive(&key, &kdk, labels[i]));
		test_assert_bytes(key.b, want.b, 16, "derived key");
	}
	assert_ra_err(
	    ra_kdf_derive(&key, &kdk, (enum ra_kdf_label)9), RA_ERR_ARG);
	test_free_lines(l, n);
}

/* Differential: our CMAC against OpenSSL's EVP_MAC on random inputs. */
static void
cmac_differential(void **state)
{
	struct ra_drbg d;
	struct ra_rng rng;
	uint8_t msg[300];
	struct ra_key128 key;
	struct ra_mac128 ours;
	uint8_t theirs[16];
	size_t len, i, outl;
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	OSSL_PARAM p[2];

	(void)state;
	assert_non_null(mac);
	ra_drbg_init(&d, "cmac-diff", 9);
	rng = ra_drbg_rng(&d);
	for (i = 0; i < 200; i++) {
		EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);

		len = i % sizeof(msg);
		assert_ra_ok(ra_rng_fill(&rng, key.b, sizeof(key.b)));
		assert_ra_ok(ra_rng_fill(&rng, msg, len));
		assert_ra_ok(ra_cmac(&ours, &key, msg, len));
		p[0] = OSSL_PARAM_construct_utf8_string(
		    "cipher", (char *)(uintptr_t) "AES-128-CBC", 0);
		p[1] = OSSL_PARAM_construct_end();
		assert_int_equal(EVP_MAC_init(ctx, key.b, 16, p), 1);
		assert_int_equal(EVP_MAC_update(ctx, msg, len), 1);
		assert_int_equal(EVP_MAC_final(ctx, theirs, &outl, 16), 1);
		test_assert_bytes(ours.b, theirs, 16, "CMAC vs OpenSSL");
		EVP_MAC_CTX_free(ctx);
	}
	EVP_MAC_free(mac);
}

static void
drbg_deterministic(void **state)
{
	struct ra_drbg a, b;
	struct ra_rng ra, rb;
	uint8_t x[100], y[100];

	(void)state;
	ra_drbg_init(&a, "seed", 4);
	ra_drbg_init(&b, "seed", 4);
	ra = ra_drbg_rng(&a);
	rb = ra_drbg_rng(&b);
	assert_ra_ok(ra_rng_fill(&ra, x, 7));
	assert_ra_ok(ra_rng_fill(&ra, x + 7, 93));
	assert_ra_ok(ra_rng_fill(&rb, y, 100));
	test_assert_bytes(x, y, 100, "same seed, any split");
	ra_drbg_init(&b, "seed2", 5);
	assert_ra_ok(ra_rng_fill(&rb, y, 100));
	assert_true(memcmp(x, y, 100) != 0);
	/* the system source produces bytes too */
	assert_ra_ok(ra_rng_fill(NULL, y, sizeof(y)));
	assert_ra_ok(ra_random(y, 0));
}

/*
 * FIPS 180-4 "abc" digests of the SHA-2 family (values from the NIST
 * examples document SHA_All.pdf, as printed by `printf abc | openssl dgst
 * -sha384` etc.), then every algorithm against OpenSSL's EVP on every
 * split of a message: the incremental interface equals the one-shot.
 */
static void
hash_family(void **state)
{
	static const struct {
		enum ra_hash_alg alg;
		const char *evp;
		const char *abc;
	} v[] = {
		{ RA_HASH_SHA256, "SHA256",
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2"
		    "0015ad" },
		{ RA_HASH_SHA384, "SHA384",
		    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43"
		    "ff5bed"
		    "8086072ba1e7cc2358baeca134c825a7" },
		{ RA_HASH_SHA512, "SHA512",
		    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b"
		    "55d39a"
		    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa5"
		    "4ca49f" },
		{ RA_HASH_SHA512_256, "SHA512-256",
		    "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107"
		    "e7af23" },
	};
	uint8_t msg[300], got[RA_HASH_MAX_LEN], want[RA_HASH_MAX_LEN], *abc;
	uint8_t full[RA_HASH_MAX_LEN];
	size_t i, a, n, len;
	unsigned int wl;
	struct ra_hash_ctx ctx;

	(void)state;
	for (i = 0; i < sizeof(msg); i++) {
		msg[i] = (uint8_t)(i * 13 + 1);
	}
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		EVP_MD *md = EVP_MD_fetch(NULL, v[i].evp, NULL);

		assert_non_null(md);
		abc = test_unhex(v[i].abc, &len);
		n = ra_hash(v[i].alg, got, "abc", 3);
		assert_int_equal(n, len);
		assert_int_equal(ra_hash_len(v[i].alg), len);
		test_assert_bytes(got, abc, len, v[i].evp);
		free(abc);
		assert_int_equal(
		    EVP_Digest(msg, sizeof(msg), full, &wl, md, NULL), 1);
		for (a = 0; a <= sizeof(msg); a += 7) {
			assert_ra_ok(ra_hash_init(&ctx, v[i].alg));
			ra_hash_update(&ctx, msg, a);
			ra_hash_update(&ctx, msg + a, sizeof(msg) - a);
			assert_int_equal(ra_hash_final(&ctx, got), len);
			test_assert_bytes(got, full, len, "split vs EVP");
			assert_int_equal(
			    EVP_Digest(msg, a, want, &wl, md, NULL), 1);
			n = ra_hash(v[i].alg, got + 0, msg, a);
			assert_int_equal(n, wl);
			test_assert_bytes(got, want, wl, "prefix vs EVP");
		}
		EVP_MD_free(md);
	}
	assert_int_equal(ra_hash_len((enum ra_hash_alg)9), 0);
	assert_ra_err(ra_hash_init(&ctx, (enum ra_hash_alg)9), RA_ERR_ARG);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(sha256_fips),
	cmocka_unit_test(sha256_incremental),
	cmocka_unit_test(hash_family),
	cmocka_unit_test(cmac_rfc4493),
	cmocka_unit_test(cmac_wycheproof),
	cmocka_unit_test(cmac_differential),
	cmocka_unit_test(gcm_wycheproof),
	cmocka_unit_test(gcm_tamper),
	cmocka_unit_test(kdf_vectors),
	cmocka_unit_test(drbg_deterministic),
};

TEST_MAIN(tests)
