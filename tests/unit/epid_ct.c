/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Constant time of the EPID arithmetic that touches secrets (STYLE 3.8):
 * the secret inputs are marked undefined for valgrind's memcheck, which
 * then reports any branch or memory index that depends on them. Run
 * under valgrind (`make V=vg check`, or `valgrind --error-exitcode=99
 * build/release/tests/unit/epid_ct`); outside valgrind the client
 * requests do nothing and the test only runs the operations.
 *
 * Covered: Fq and Fp multiplication, inversion and square root; G1 and
 * G2 scalar multiplication (single and multi); GT multi-exponentiation;
 * the pairing of a secret G1 point (the member's ea2 = e(A, g2)).
 * Results are marked defined again before the test looks at them.
 */
#include <string.h>

#include <valgrind/memcheck.h>

#include "epid/fp.h"
#include "epid/fq.h"
#include "epid/g1.h"
#include "epid/g2.h"
#include "epid/gt.h"
#include "epid/pairing.h"
#include "sgxra/crypto.h"
#include "test.h"

#define SECRET(x) VALGRIND_MAKE_MEM_UNDEFINED(&(x), sizeof(x))
#define PUBLIC(x) VALGRIND_MAKE_MEM_DEFINED(&(x), sizeof(x))

static struct ra_drbg drbg;

static void
rand_fp(struct ra_fp *f)
{
	struct ra_rng r = ra_drbg_rng(&drbg);

	assert_ra_ok(ra_fp_random(f, &r));
}

static void
fields(void **state)
{
	struct ra_fq a, b, r;
	struct ra_fp x, y, z;
	uint64_t ok;

	(void)state;
	ra_drbg_init(&drbg, "ct", 2);
	ra_fq_set_u64(&a, 12345);
	ra_fq_set_u64(&b, 67890);
	rand_fp(&x);
	rand_fp(&y);
	SECRET(a);
	SECRET(b);
	SECRET(x);
	SECRET(y);
	ra_fq_mul(&r, &a, &b);
	ra_fq_add(&r, &r, &a);
	ra_fq_sub(&r, &r, &b);
	ra_fq_half(&r, &r);
	ra_fq_inv(&r, &r);
	ok = ra_fq_sqrt(&r, &r);
	ra_fp_mul(&z, &x, &y);
	ra_fp_inv(&z, &z);
	ra_fp_add(&z, &z, &x);
	PUBLIC(r);
	PUBLIC(z);
	PUBLIC(ok);
	assert_true(ok == 0 || ok == UINT64_MAX);
}

static void
groups(void **state)
{
	struct ra_g1 p, pts[2], r;
	struct ra_g2 q, rq;
	struct ra_fp f[2];
	struct ra_scalar k[2];
	struct ra_fq12 e, bases[2], t;
	uint8_t out[64];

	(void)state;
	ra_drbg_init(&drbg, "ct groups", 9);
	rand_fp(&f[0]);
	rand_fp(&f[1]);
	ra_fp_to_scalar(&k[0], &f[0]);
	ra_fp_to_scalar(&k[1], &f[1]);
	ra_g1_generator(&p);
	ra_g1_mul(&pts[0], &p, &k[0]);
	ra_g1_mul(&pts[1], &p, &k[1]);
	ra_g2_generator(&q);
	ra_pairing(&e, &p, &q);
	bases[0] = e;
	ra_gt_exp(&bases[1], &e, &k[0]);
	/* from here on the scalars and one point are secret */
	SECRET(k);
	SECRET(pts[0]);
	ra_g1_mul(&r, &pts[0], &k[0]);
	ra_g1_multi_mul(&r, pts, k, 2);
	ra_g1_to_bytes(out, &r);
	ra_g2_mul(&rq, &q, &k[1]);
	ra_gt_multi_exp(&t, bases, k, 2);
	ra_pairing(&e, &pts[0], &q); /* ea2 = e(A, g2) with A secret */
	PUBLIC(out);
	PUBLIC(rq);
	PUBLIC(t);
	PUBLIC(e);
	assert_true(ra_fq12_is_one(&e) == 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(fields),
	cmocka_unit_test(groups),
};

TEST_MAIN(tests)
