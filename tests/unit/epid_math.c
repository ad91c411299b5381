/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EPID arithmetic against independent references: Fq and Fp against
 * OpenSSL's BIGNUM (schoolbook modular arithmetic), the tower against its
 * own algebraic laws and against a^(q^k) for Frobenius, the pairing
 * against the values Intel's SDK precomputed (grp_x/precomp.bin,
 * member0/mprecomp.bin) and against bilinearity, G1.hash against the
 * FORMATS.md §7.4 vector, and subgroup checks against a twist point of
 * the wrong order.
 */
#include <string.h>

#include <openssl/bn.h>

#include "epid/fp.h"
#include "epid/fq.h"
#include "epid/fq12.h"
#include "epid/g1.h"
#include "epid/g2.h"
#include "epid/gt.h"
#include "epid/pairing.h"
#include "sgxra/crypto.h"
#include "sgxra/epid.h"
#include "test.h"

#define TV "tests/data/real/epid/intel-epid-sdk/testvectors/testhelper/"

#define Q_HEX "FFFFFFFFFFFCF0CD46E5F25EEE71A49F0CDC65FB12980A82D3292DDBAED33013"
#define P_HEX "FFFFFFFFFFFCF0CD46E5F25EEE71A49E0CDC65FB1299921AF62D536CD10B500D"

/* A point of the twist E'(Fq2) that is not in G2 (found with Python). */
#define TWIST_NOT_G2                                                       \
	"ae97ba94d0eda82f8f6d05584ef8aa38922766581e27a1c08a6a63ec24ede6a4" \
	"18f135d25f557203301850c5a38fd547923a736994e3bf911a61dbe22e44158b" \
	"437c829a066ec53f907e5cfccd362cf3af48c064df9a97af44d78600c6406b62" \
	"18e2f193e6cfba024c4f6d4fa1726eaa2dd8e779886ef0c00c0b7f04255fcb12"

static struct ra_drbg drbg;

/* Four little-endian limbs as 32 big-endian bytes. */
static void
limbs_be(uint8_t out[32], const uint64_t v[4])
{
	int i, j;

	for (i = 0; i < 4; i++) {
		for (j = 0; j < 8; j++) {
			out[8 * (3 - i) + j] = (uint8_t)(v[i] >> (56 - 8 * j));
		}
	}
}

static int
setup(void **state)
{
	(void)state;
	ra_drbg_init(&drbg, "epid_math", 9);
	return 0;
}

static void
rnd(void *p, size_t n)
{
	struct ra_rng r = ra_drbg_rng(&drbg);

	assert_ra_ok(ra_rng_fill(&r, p, n));
}

static BIGNUM *
bn_hex(const char *hex)
{
	BIGNUM *b = NULL;

	assert_true(BN_hex2bn(&b, hex) > 0);
	return b;
}

static BIGNUM *
bn_bytes(const uint8_t *b, size_t n)
{
	BIGNUM *r = BN_bin2bn(b, (int)n, NULL);

	assert_non_null(r);
	return r;
}

static void
bn_to32(uint8_t out[32], const BIGNUM *b)
{
	assert_int_equal(BN_bn2binpad(b, out, 32), 32);
}

/* A random element of Fq and its integer. */
static void
rand_fq(struct ra_fq *a, uint8_t b[32])
{
	do {
		rnd(b, 32);
	} while (!ra_fq_from_bytes(a, b));
}

static void
rand_fq12(struct ra_fq12 *a)
{
	uint8_t b[RA_FQ12_LEN];
	int i;

	for (i = 0; i < 12; i++) {
		struct ra_fq t;

		rand_fq(&t, b + (size_t)32 * (size_t)i);
	}
	assert_true(ra_fq12_from_bytes(a, b));
}

/* The Montgomery constants match q and p (R = 2^256). */
static void
mont_constants(void **state)
{
	const struct ra_mont *m[2] = { &ra_fq_mod, &ra_fp_mod };
	const char *hex[2] = { Q_HEX, P_HEX };
	BN_CTX *ctx = BN_CTX_new();
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		BIGNUM *mod = bn_hex(hex[i]), *r = BN_new(), *t = BN_new();
		uint8_t want[32], got[32];

		limbs_be(got, m[i]->m);
		bn_to32(want, mod);
		test_assert_bytes(got, want, 32, "modulus");
		/* inv * m = -1 mod 2^64 */
		assert_true(m[i]->inv * m[i]->m[0] == UINT64_MAX);
		BN_zero(r);
		BN_set_bit(r, 256);
		BN_mod(t, r, mod, ctx);
		bn_to32(want, t);
		limbs_be(got, m[i]->one);
		test_assert_bytes(got, want, 32, "R mod m");
		BN_mod_mul(t, t, t, mod, ctx);
		bn_to32(want, t);
		limbs_be(got, m[i]->r2);
		test_assert_bytes(got, want, 32, "R^2 mod m");
		BN_free(mod);
		BN_free(r);
		BN_free(t);
	}
	BN_CTX_free(ctx);
}

/* Fq operations against BIGNUM on random and edge values. */
static void
fq_vs_bignum(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *q = bn_hex(Q_HEX), *x, *y, *z = BN_new();
	uint8_t ab[32], bb[32], got[32], want[32];
	struct ra_fq a, b, r;
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		rand_fq(&a, ab);
		rand_fq(&b, bb);
		if (i < 4) { /* edges: 0, 1, q-1 */
			memset(ab, 0, 32);
			ab[31] = (uint8_t)(i & 1);
			if (i >= 2) {
				bn_to32(ab, q);
				ab[31] -= 1;
			}
			assert_true(ra_fq_from_bytes(&a, ab));
		}
		x = bn_bytes(ab, 32);
		y = bn_bytes(bb, 32);
		ra_fq_mul(&r, &a, &b);
		ra_fq_to_bytes(got, &r);
		BN_mod_mul(z, x, y, q, ctx);
		bn_to32(want, z);
		test_assert_bytes(got, want, 32, "fq mul");
		ra_fq_add(&r, &a, &b);
		ra_fq_to_bytes(got, &r);
		BN_mod_add(z, x, y, q, ctx);
		bn_to32(want, z);
		test_assert_bytes(got, want, 32, "fq add");
		ra_fq_sub(&r, &a, &b);
		ra_fq_to_bytes(got, &r);
		BN_mod_sub(z, x, y, q, ctx);
		bn_to32(want, z);
		test_assert_bytes(got, want, 32, "fq sub");
		ra_fq_half(&r, &a);
		ra_fq_dbl(&r, &r);
		ra_fq_to_bytes(got, &r);
		test_assert_bytes(got, ab, 32, "fq half");
		if (!BN_is_zero(x)) {
			ra_fq_inv(&r, &a);
			ra_fq_to_bytes(got, &r);
			assert_non_null(BN_mod_inverse(z, x, q, ctx));
			bn_to32(want, z);
			test_assert_bytes(got, want, 32, "fq inv");
		}
		ra_fq_sqr(&r, &a);
		assert_true(ra_fq_sqrt(&b, &r) != 0);
		ra_fq_sqr(&b, &b);
		assert_true(ra_fq_eq(&b, &r) != 0);
		BN_free(x);
		BN_free(y);
	}
	/* -1 is not a square (q = 3 mod 4) */
	ra_fq_one(&a);
	ra_fq_neg(&a, &a);
	assert_true(ra_fq_sqrt(&b, &a) == 0);
	/* range: q and 2^256 - 1 are refused, q - 1 accepted */
	bn_to32(ab, q);
	assert_false(ra_fq_from_bytes(&a, ab));
	ab[31] -= 1;
	assert_true(ra_fq_from_bytes(&a, ab));
	memset(ab, 0xff, 32);
	assert_false(ra_fq_from_bytes(&a, ab));
	BN_free(q);
	BN_free(z);
	BN_CTX_free(ctx);
}

/* Fp: multiplication, inversion, digest reduction against BIGNUM. */
static void
fp_vs_bignum(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *p = bn_hex(P_HEX), *x, *y, *z = BN_new();
	uint8_t ab[32], bb[32], d[64], got[32], want[32];
	struct ra_fp a, b, r;
	size_t n;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		do {
			rnd(ab, 32);
		} while (!ra_fp_from_bytes(&a, ab));
		do {
			rnd(bb, 32);
		} while (!ra_fp_from_bytes(&b, bb));
		x = bn_bytes(ab, 32);
		y = bn_bytes(bb, 32);
		ra_fp_mul(&r, &a, &b);
		ra_fp_to_bytes(got, &r);
		BN_mod_mul(z, x, y, p, ctx);
		bn_to32(want, z);
		test_assert_bytes(got, want, 32, "fp mul");
		ra_fp_inv(&r, &a);
		ra_fp_to_bytes(got, &r);
		assert_non_null(BN_mod_inverse(z, x, p, ctx));
		bn_to32(want, z);
		test_assert_bytes(got, want, 32, "fp inv");
		/* Fp.hash reduction of 32-, 48- and 64-byte digests */
		for (n = 32; n <= 64; n += 16) {
			rnd(d, n);
			ra_fp_from_digest(&r, d, n);
			ra_fp_to_bytes(got, &r);
			BN_free(x);
			x = bn_bytes(d, n);
			BN_mod(z, x, p, ctx);
			bn_to32(want, z);
			test_assert_bytes(got, want, 32, "fp from digest");
		}
		BN_free(x);
		BN_free(y);
	}
	bn_to32(ab, p);
	assert_false(ra_fp_from_bytes(&a, ab));
	BN_free(p);
	BN_free(z);
	BN_CTX_free(ctx);
}

/* Field laws of Fq12 (and so of Fq2 and Fq6 inside it). */
static void
tower_laws(void **state)
{
	struct ra_fq12 a, b, c, x, y, one;
	int i;

	(void)state;
	ra_fq12_one(&one);
	for (i = 0; i < 50; i++) {
		rand_fq12(&a);
		rand_fq12(&b);
		rand_fq12(&c);
		/* (ab)c = a(bc), ab = ba */
		ra_fq12_mul(&x, &a, &b);
		ra_fq12_mul(&x, &x, &c);
		ra_fq12_mul(&y, &b, &c);
		ra_fq12_mul(&y, &a, &y);
		assert_true(ra_fq12_eq(&x, &y) != 0);
		ra_fq12_mul(&x, &a, &b);
		ra_fq12_mul(&y, &b, &a);
		assert_true(ra_fq12_eq(&x, &y) != 0);
		/* a(b + c) = ab + ac */
		ra_fq6_add(&x.c0, &b.c0, &c.c0);
		ra_fq6_add(&x.c1, &b.c1, &c.c1);
		ra_fq12_mul(&x, &a, &x);
		ra_fq12_mul(&y, &a, &b);
		ra_fq12_mul(&c, &a, &c);
		ra_fq6_add(&y.c0, &y.c0, &c.c0);
		ra_fq6_add(&y.c1, &y.c1, &c.c1);
		assert_true(ra_fq12_eq(&x, &y) != 0);
		/* a^2 = a a, a a^-1 = 1 */
		ra_fq12_sqr(&x, &a);
		ra_fq12_mul(&y, &a, &a);
		assert_true(ra_fq12_eq(&x, &y) != 0);
		ra_fq12_inv(&x, &a);
		ra_fq12_mul(&x, &x, &a);
		assert_true(ra_fq12_eq(&x, &one) != 0);
		/* the sparse line product equals the full product */
		memset(&c, 0, sizeof(c));
		c.c0.c0 = b.c0.c0;
		c.c1.c0 = b.c1.c0;
		c.c1.c1 = b.c1.c1;
		ra_fq12_mul(&x, &a, &c);
		ra_fq12_mul_line(&y, &a, &b.c0.c0, &b.c1.c0, &b.c1.c1);
		assert_true(ra_fq12_eq(&x, &y) != 0);
	}
}

/* r = a^e for a big-endian exponent (square and multiply, generic). */
static void
fq12_pow_bytes(
    struct ra_fq12 *r, const struct ra_fq12 *a, const uint8_t *e, size_t n)
{
	struct ra_fq12 acc;
	size_t i;
	int bit;

	ra_fq12_one(&acc);
	for (i = 0; i < n; i++) {
		for (bit = 7; bit >= 0; bit--) {
			ra_fq12_sqr(&acc, &acc);
			if ((e[i] >> bit) & 1) {
				ra_fq12_mul(&acc, &acc, a);
			}
		}
	}
	*r = acc;
}

/* Frobenius maps equal a^(q^k); cyclotomic squaring equals squaring. */
static void
frobenius_and_cyclotomic(void **state)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *q = bn_hex(Q_HEX), *e = BN_new(), *k = BN_new();
	uint8_t buf[160];
	struct ra_fq12 a, x, y, t;
	int i, n;

	(void)state;
	rand_fq12(&a);
	for (i = 1; i <= 3; i++) {
		BN_set_word(k, (BN_ULONG)i);
		BN_exp(e, q, k, ctx);
		n = BN_bn2bin(e, buf);
		fq12_pow_bytes(&x, &a, buf, (size_t)n);
		ra_fq12_frob(&y, &a, i);
		assert_true(ra_fq12_eq(&x, &y) != 0);
	}
	/* m = a^((q^6 - 1)(q^2 + 1)) is cyclotomic */
	ra_fq12_inv(&t, &a);
	ra_fq12_conj(&x, &a);
	ra_fq12_mul(&x, &x, &t);
	ra_fq12_frob(&t, &x, 2);
	ra_fq12_mul(&x, &x, &t);
	for (i = 0; i < 10; i++) {
		ra_fq12_sqr(&y, &x);
		ra_fq12_cyclo_sqr(&t, &x);
		assert_true(ra_fq12_eq(&y, &t) != 0);
		/* and its inverse is its conjugate */
		ra_fq12_conj(&t, &x);
		ra_fq12_mul(&t, &t, &x);
		assert_true(ra_fq12_is_one(&t) != 0);
		x = y;
	}
	BN_free(q);
	BN_free(e);
	BN_free(k);
	BN_CTX_free(ctx);
}

static void
load_pub_points(struct ra_g1 *h1, struct ra_g1 *h2, struct ra_g2 *w)
{
	size_t len;
	uint8_t *pk = test_load(TV "grp_x/pubkey.bin", &len);

	assert_int_equal(len, 272);
	assert_true(ra_g1_from_bytes(h1, pk + 16));
	assert_true(ra_g1_from_bytes(h2, pk + 80));
	assert_true(ra_g2_from_bytes(w, pk + 144));
	free(pk);
}

/*
 * The SDK's own precomputed pairings: grp_x/precomp.bin is gid || e12 ||
 * e22 || e2w || eg12, member0/mprecomp.bin is e12 || e22 || e2w || ea2.
 */
static void
pairing_sdk_values(void **state)
{
	struct ra_g1 h1, h2, g1, a;
	struct ra_g2 w, g2;
	struct ra_fq12 e;
	uint8_t got[RA_FQ12_LEN], *pre, *mpre, *key;
	size_t len, mlen, klen;

	(void)state;
	load_pub_points(&h1, &h2, &w);
	ra_g1_generator(&g1);
	ra_g2_generator(&g2);
	pre = test_load(TV "grp_x/precomp.bin", &len);
	mpre = test_load(TV "grp_x/member0/mprecomp.bin", &mlen);
	key = test_load(TV "grp_x/member0/mprivkey.bin", &klen);
	assert_int_equal(len, 16 + 4 * RA_FQ12_LEN);
	assert_int_equal(mlen, 4 * RA_FQ12_LEN);
	ra_pairing(&e, &h1, &g2);
	ra_fq12_to_bytes(got, &e);
	test_assert_bytes(got, pre + 16, RA_FQ12_LEN, "e12");
	test_assert_bytes(got, mpre, RA_FQ12_LEN, "member e12");
	ra_pairing(&e, &h2, &g2);
	ra_fq12_to_bytes(got, &e);
	test_assert_bytes(got, pre + 16 + RA_FQ12_LEN, RA_FQ12_LEN, "e22");
	ra_pairing(&e, &h2, &w);
	ra_fq12_to_bytes(got, &e);
	test_assert_bytes(
	    got, pre + 16 + (size_t)2 * RA_FQ12_LEN, RA_FQ12_LEN, "e2w");
	ra_pairing(&e, &g1, &g2);
	ra_fq12_to_bytes(got, &e);
	test_assert_bytes(
	    got, pre + 16 + (size_t)3 * RA_FQ12_LEN, RA_FQ12_LEN, "eg12");
	assert_true(ra_g1_from_bytes(&a, key + 16));
	ra_pairing(&e, &a, &g2);
	ra_fq12_to_bytes(got, &e);
	test_assert_bytes(
	    got, mpre + (size_t)3 * RA_FQ12_LEN, RA_FQ12_LEN, "ea2");
	/* a decoded SDK value is in GT */
	assert_true(ra_gt_from_bytes(&e, pre + 16));
	free(pre);
	free(mpre);
	free(key);
}

static void
rand_scalar(struct ra_scalar *k, struct ra_fp *f)
{
	struct ra_rng r = ra_drbg_rng(&drbg);

	assert_ra_ok(ra_fp_random(f, &r));
	ra_fp_to_scalar(k, f);
}

/* e(aP, bQ) = e(P, Q)^(ab); e(g1, g2) != 1; e(P, Q)^p = 1; e(O, Q) = 1. */
static void
pairing_bilinear(void **state)
{
	struct ra_g1 p, ap, o;
	struct ra_g2 q, bq;
	struct ra_fp a, b, ab;
	struct ra_scalar ka, kb, kab;
	struct ra_fq12 e, l, r;
	int i;

	(void)state;
	ra_g1_generator(&p);
	ra_g2_generator(&q);
	ra_pairing(&e, &p, &q);
	assert_true(ra_fq12_is_one(&e) == 0);
	assert_true(ra_gt_in_group(&e) != 0);
	for (i = 0; i < 3; i++) {
		rand_scalar(&ka, &a);
		rand_scalar(&kb, &b);
		ra_fp_mul(&ab, &a, &b);
		ra_fp_to_scalar(&kab, &ab);
		ra_g1_mul(&ap, &p, &ka);
		ra_g2_mul(&bq, &q, &kb);
		ra_pairing(&l, &ap, &bq);
		ra_gt_exp(&r, &e, &kab);
		assert_true(ra_fq12_eq(&l, &r) != 0);
	}
	ra_g1_identity(&o);
	ra_pairing(&l, &o, &q);
	assert_true(ra_fq12_is_one(&l) != 0);
	/* a product of two pairings is the product of the pairings, and a
	 * pair with the identity contributes 1 */
	{
		struct ra_g1 ps[2] = { ap, p };
		struct ra_g2 qs[2] = { q, bq };

		ra_pairing(&l, &ap, &q);
		ra_pairing(&r, &p, &bq);
		ra_fq12_mul(&l, &l, &r);
		ra_pairing_product(&r, ps, qs, 2);
		assert_true(ra_fq12_eq(&l, &r) != 0);
		ps[1] = o;
		ra_pairing(&l, &ap, &q);
		ra_pairing_product(&r, ps, qs, 2);
		assert_true(ra_fq12_eq(&l, &r) != 0);
	}
	rand_fq12(&l);
	assert_true(ra_gt_in_group(&l) == 0);
}

/* FORMATS.md §7.4: G1.hash("abc") with SHA-256, found at counter 4. */
static void
g1_hash_abc(void **state)
{
	uint8_t want[64], got[64];
	struct ra_g1 h;
	uint32_t ctr;

	(void)state;
	test_unhex_into(want, 64,
	    "2EBB504D88FF2562F3716581ADBE836E54F5A62A70E6186BD54A103C8008953D"
	    "8A43A104B13F3CB4BD6738B107F07A327ECDF02E623E2C1F48AA0D6CDC48F9F7");
	assert_ra_ok(ra_g1_hash(&h, &ctr, RA_HASH_SHA256, "abc", 3));
	ra_g1_to_bytes(got, &h);
	test_assert_bytes(got, want, 64, "G1.hash(abc)");
	assert_int_equal(ctr, 4);
	assert_ra_err(
	    ra_g1_hash(&h, &ctr, (enum ra_hash_alg)7, "abc", 3), RA_ERR_ARG);
}

/* Group laws with the complete formulas, scalar and multi-scalar mults. */
static void
g1_group(void **state)
{
	struct ra_g1 p, q, r, s, o, pts[4];
	struct ra_scalar k[4], small = { { 13, 0, 0, 0 } };
	struct ra_scalar order = { { 0xf62d536cd10b500dULL,
	    0x0cdc65fb1299921aULL, 0x46e5f25eee71a49eULL,
	    0xfffffffffffcf0cdULL } };
	struct ra_fp f;
	uint8_t b[64];
	int i;

	(void)state;
	ra_g1_generator(&p);
	ra_g1_identity(&o);
	ra_g1_add(&r, &p, &o);
	assert_true(ra_g1_eq(&r, &p) != 0);
	ra_g1_neg(&q, &p);
	ra_g1_add(&r, &p, &q);
	assert_true(ra_g1_is_identity(&r) != 0);
	ra_g1_add(&r, &p, &p);
	ra_g1_dbl(&s, &p);
	assert_true(ra_g1_eq(&r, &s) != 0);
	r = o;
	for (i = 0; i < 13; i++) {
		ra_g1_add(&r, &r, &p);
	}
	ra_g1_mul(&s, &p, &small);
	assert_true(ra_g1_eq(&r, &s) != 0);
	ra_g1_mul(&s, &p, &order);
	assert_true(ra_g1_is_identity(&s) != 0);
	/* multi_mul = sum of single mults */
	r = o;
	for (i = 0; i < 4; i++) {
		rand_scalar(&k[i], &f);
		ra_g1_mul(&pts[i], &p, &k[i]);
	}
	for (i = 0; i < 4; i++) {
		rand_scalar(&k[i], &f);
		ra_g1_mul(&s, &pts[i], &k[i]);
		ra_g1_add(&r, &r, &s);
	}
	ra_g1_multi_mul(&s, pts, k, 4);
	assert_true(ra_g1_eq(&r, &s) != 0);
	/* the variable-time version agrees, for 1 to 4 points */
	for (i = 1; i <= 4; i++) {
		ra_g1_multi_mul(&r, pts, k, (size_t)i);
		ra_g1_multi_mul_vartime(&s, pts, k, (size_t)i);
		assert_true(ra_g1_eq(&r, &s) != 0);
	}
	/* edge scalars: 0, 1, 2^255, p - 1 */
	memset(k, 0, sizeof(k));
	ra_g1_multi_mul_vartime(&s, pts, k, 1);
	assert_true(ra_g1_is_identity(&s) != 0);
	k[0].v[0] = 1;
	ra_g1_multi_mul_vartime(&s, pts, k, 1);
	assert_true(ra_g1_eq(&s, &pts[0]) != 0);
	k[0] = order;
	k[0].v[0] -= 1;
	k[1].v[3] = 1ULL << 63;
	ra_g1_multi_mul(&r, pts, k, 2);
	ra_g1_multi_mul_vartime(&s, pts, k, 2);
	assert_true(ra_g1_eq(&r, &s) != 0);
	/* decoding: the round trip, (1, 3) off the curve, zeros, x >= q */
	ra_g1_to_bytes(b, &s);
	assert_true(ra_g1_from_bytes(&r, b));
	assert_true(ra_g1_eq(&r, &s) != 0);
	{
		struct ra_epid_g1 e;

		memcpy(e.b, b, sizeof(e.b));
		assert_true(ra_epid_g1_valid(&e));
		e.b[63] ^= 1;
		assert_false(ra_epid_g1_valid(&e));
		memset(e.b, 0, sizeof(e.b));
		assert_false(ra_epid_g1_valid(&e));
	}
	memset(b, 0, 64);
	assert_false(ra_g1_from_bytes(&r, b));
	b[31] = 1;
	b[63] = 3;
	assert_false(ra_g1_from_bytes(&r, b));
	memset(b, 0xff, 32);
	assert_false(ra_g1_from_bytes(&r, b));
}

/* G2: laws, and a twist point outside G2 refused by decoding. */
static void
g2_group(void **state)
{
	struct ra_g2 p, q, r, s, o;
	struct ra_fq2 x, y;
	struct ra_scalar k1, k2;
	struct ra_fp f;
	uint8_t b[128];

	(void)state;
	ra_g2_generator(&p);
	ra_g2_identity(&o);
	ra_g2_neg(&q, &p);
	ra_g2_add(&r, &p, &q);
	assert_true(ra_g2_is_identity(&r) != 0);
	ra_g2_add(&r, &p, &o);
	assert_true(ra_g2_eq(&r, &p) != 0);
	ra_g2_dbl(&r, &p);
	ra_g2_add(&s, &p, &p);
	assert_true(ra_g2_eq(&r, &s) != 0);
	assert_true(ra_g2_in_group(&p) != 0);
	rand_scalar(&k1, &f);
	rand_scalar(&k2, &f);
	ra_g2_mul(&r, &p, &k1);
	ra_g2_mul(&s, &r, &k2);
	ra_g2_mul2(&q, &p, &k1, &r, &k2);
	ra_g2_mul(&o, &p, &k1);
	ra_g2_add(&o, &o, &s);
	assert_true(ra_g2_eq(&q, &o) != 0);
	ra_g2_to_bytes(b, &q);
	assert_true(ra_g2_from_bytes(&r, b));
	assert_true(ra_g2_eq(&r, &q) != 0);
	/* on the twist, wrong order */
	test_unhex_into(b, 128, TWIST_NOT_G2);
	assert_true(ra_fq2_from_bytes(&x, b));
	assert_true(ra_fq2_from_bytes(&y, b + 64));
	assert_true(ra_g2_on_curve(&x, &y) != 0);
	ra_g2_from_affine(&r, &x, &y);
	assert_true(ra_g2_in_group(&r) == 0);
	assert_false(ra_g2_from_bytes(&r, b));
	/* off the twist */
	b[127] ^= 1;
	assert_false(ra_g2_from_bytes(&r, b));
}

/* GT exponentiation against repeated multiplication and products. */
static void
gt_exponentiation(void **state)
{
	struct ra_g1 g1;
	struct ra_g2 g2;
	struct ra_fq12 e, r, s, bases[4], t;
	struct ra_scalar k[4], small = { { 21, 0, 0, 0 } };
	struct ra_fp f;
	int i;

	(void)state;
	ra_g1_generator(&g1);
	ra_g2_generator(&g2);
	ra_pairing(&e, &g1, &g2);
	ra_fq12_one(&r);
	for (i = 0; i < 21; i++) {
		ra_fq12_mul(&r, &r, &e);
	}
	ra_gt_exp(&s, &e, &small);
	assert_true(ra_fq12_eq(&r, &s) != 0);
	ra_fq12_one(&r);
	for (i = 0; i < 4; i++) {
		rand_scalar(&k[i], &f);
		ra_gt_exp(&bases[i], &e, &k[i]);
	}
	for (i = 0; i < 4; i++) {
		rand_scalar(&k[i], &f);
		ra_gt_exp(&t, &bases[i], &k[i]);
		ra_fq12_mul(&r, &r, &t);
	}
	ra_gt_multi_exp(&s, bases, k, 4);
	assert_true(ra_fq12_eq(&r, &s) != 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(mont_constants),
	cmocka_unit_test_setup(fq_vs_bignum, setup),
	cmocka_unit_test_setup(fp_vs_bignum, setup),
	cmocka_unit_test_setup(tower_laws, setup),
	cmocka_unit_test_setup(frobenius_and_cyclotomic, setup),
	cmocka_unit_test(pairing_sdk_values),
	cmocka_unit_test_setup(pairing_bilinear, setup),
	cmocka_unit_test(g1_hash_abc),
	cmocka_unit_test_setup(g1_group, setup),
	cmocka_unit_test_setup(g2_group, setup),
	cmocka_unit_test_setup(gt_exponentiation, setup),
};

TEST_MAIN(tests)
