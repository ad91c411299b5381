/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * G2 arithmetic on the twist, with the complete projective formulas of
 * Renes, Costello and Batina (EUROCRYPT 2016) for a = 0, b3 = 3 b'. Step
 * numbers are the lines of the paper's Algorithms 7 and 9; the code is the
 * same as g1.c over Fq2.
 */
#include <string.h>

#include "epid/g2.h"
#include "internal.h"

/*
 * b' = 3 / xi and 3 b', in Montgomery form (computed with Python's
 * integers; tests/unit/epid_math.c checks b' xi = 3).
 */
static const struct ra_fq2 twist_b = {
	{ { 0xdebc540e86deb992ULL, 0xc7a7d7352bc32efeULL, 0x4a0a6bda0705be26ULL,
	    0xccccccccccce0614ULL } },
	{ { 0x63cb03d46b63d34aULL, 0xa9087a607cb67303ULL, 0x21e0bc71eaeec58bULL,
	    0x999999999995edc3ULL } },
};
static const struct ra_fq2 twist_b3 = {
	{ { 0xf5e2a07436f5cc90ULL, 0x3d3eb9a95e1977f6ULL, 0x50535ed0382df136ULL,
	    0x66666666667030a2ULL } },
	{ { 0x5837dda1935849cbULL, 0xee3d0926638b4e87ULL, 0x1ebc42f6d25aac03ULL,
	    0xccccccccccc4d87cULL } },
};

/* g2 of FORMATS.md §7.1, Montgomery form. */
static const struct ra_fq2 gen_x = {
	{ { 0xeaf723d242a26ae7ULL, 0x31d44cbfd4228c62ULL, 0x3b9fb68d310d014eULL,
	    0xe5dab48416c3a8adULL } },
	{ { 0x0600f5cc5ef8168eULL, 0x28f3859e86dadb75ULL, 0x89aa480e73666756ULL,
	    0x8b24b934b792cef0ULL } },
};
static const struct ra_fq2 gen_y = {
	{ { 0x9d11a25857674a45ULL, 0x67c33492d762049fULL, 0xdf1f5b58c7acceb4ULL,
	    0x8c5dd6ee3270c76bULL } },
	{ { 0x025c95b09ae498c9ULL, 0xa331305b7ef3a5baULL, 0x95ae9b8ddfa65c8fULL,
	    0x033372da4a28b8a5ULL } },
};

/* The group order p, as an exponent. */
static const struct ra_scalar order_p = { { 0xf62d536cd10b500dULL,
    0x0cdc65fb1299921aULL, 0x46e5f25eee71a49eULL, 0xfffffffffffcf0cdULL } };

void
ra_g2_mul_b3(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	ra_fq2_mul(r, &twist_b3, a);
}

void
ra_g2_identity(struct ra_g2 *r)
{
	ra_fq2_zero(&r->x);
	ra_fq2_one(&r->y);
	ra_fq2_zero(&r->z);
}

void
ra_g2_generator(struct ra_g2 *r)
{
	ra_g2_from_affine(r, &gen_x, &gen_y);
}

void
ra_g2_add(struct ra_g2 *r, const struct ra_g2 *p, const struct ra_g2 *q)
{
	struct ra_fq2 t0, t1, t2, t3, t4, x3, y3, z3;

	ra_fq2_mul(&t0, &p->x, &q->x);   /*  1 */
	ra_fq2_mul(&t1, &p->y, &q->y);   /*  2 */
	ra_fq2_mul(&t2, &p->z, &q->z);   /*  3 */
	ra_fq2_add(&t3, &p->x, &p->y);   /*  4 */
	ra_fq2_add(&t4, &q->x, &q->y);   /*  5 */
	ra_fq2_mul(&t3, &t3, &t4);       /*  6 */
	ra_fq2_add(&t4, &t0, &t1);       /*  7 */
	ra_fq2_sub(&t3, &t3, &t4);       /*  8 */
	ra_fq2_add(&t4, &p->y, &p->z);   /*  9 */
	ra_fq2_add(&x3, &q->y, &q->z);   /* 10 */
	ra_fq2_mul(&t4, &t4, &x3);       /* 11 */
	ra_fq2_add(&x3, &t1, &t2);       /* 12 */
	ra_fq2_sub(&t4, &t4, &x3);       /* 13 */
	ra_fq2_add(&x3, &p->x, &p->z);   /* 14 */
	ra_fq2_add(&y3, &q->x, &q->z);   /* 15 */
	ra_fq2_mul(&x3, &x3, &y3);       /* 16 */
	ra_fq2_add(&y3, &t0, &t2);       /* 17 */
	ra_fq2_sub(&y3, &x3, &y3);       /* 18 */
	ra_fq2_add(&x3, &t0, &t0);       /* 19 */
	ra_fq2_add(&t0, &x3, &t0);       /* 20 */
	ra_fq2_mul(&t2, &twist_b3, &t2); /* 21 */
	ra_fq2_add(&z3, &t1, &t2);       /* 22 */
	ra_fq2_sub(&t1, &t1, &t2);       /* 23 */
	ra_fq2_mul(&y3, &twist_b3, &y3); /* 24 */
	ra_fq2_mul(&x3, &t4, &y3);       /* 25 */
	ra_fq2_mul(&t2, &t3, &t1);       /* 26 */
	ra_fq2_sub(&x3, &t2, &x3);       /* 27 */
	ra_fq2_mul(&y3, &y3, &t0);       /* 28 */
	ra_fq2_mul(&t1, &t1, &z3);       /* 29 */
	ra_fq2_add(&y3, &t1, &y3);       /* 30 */
	ra_fq2_mul(&t0, &t0, &t3);       /* 31 */
	ra_fq2_mul(&z3, &z3, &t4);       /* 32 */
	ra_fq2_add(&z3, &z3, &t0);       /* 33 */
	r->x = x3;
	r->y = y3;
	r->z = z3;
}

void
ra_g2_dbl(struct ra_g2 *r, const struct ra_g2 *p)
{
	struct ra_fq2 t0, t1, t2, x3, y3, z3;

	ra_fq2_sqr(&t0, &p->y);          /*  1 */
	ra_fq2_add(&z3, &t0, &t0);       /*  2 */
	ra_fq2_add(&z3, &z3, &z3);       /*  3 */
	ra_fq2_add(&z3, &z3, &z3);       /*  4 */
	ra_fq2_mul(&t1, &p->y, &p->z);   /*  5 */
	ra_fq2_sqr(&t2, &p->z);          /*  6 */
	ra_fq2_mul(&t2, &twist_b3, &t2); /*  7 */
	ra_fq2_mul(&x3, &t2, &z3);       /*  8 */
	ra_fq2_add(&y3, &t0, &t2);       /*  9 */
	ra_fq2_mul(&z3, &t1, &z3);       /* 10 */
	ra_fq2_add(&t1, &t2, &t2);       /* 11 */
	ra_fq2_add(&t2, &t1, &t2);       /* 12 */
	ra_fq2_sub(&t0, &t0, &t2);       /* 13 */
	ra_fq2_mul(&y3, &t0, &y3);       /* 14 */
	ra_fq2_add(&y3, &x3, &y3);       /* 15 */
	ra_fq2_mul(&t1, &p->x, &p->y);   /* 16 */
	ra_fq2_mul(&x3, &t0, &t1);       /* 17 */
	ra_fq2_add(&x3, &x3, &x3);       /* 18 */
	r->x = x3;
	r->y = y3;
	r->z = z3;
}

void
ra_g2_neg(struct ra_g2 *r, const struct ra_g2 *a)
{
	r->x = a->x;
	ra_fq2_neg(&r->y, &a->y);
	r->z = a->z;
}

uint64_t
ra_g2_is_identity(const struct ra_g2 *a)
{
	return ra_fq2_is_zero(&a->z);
}

uint64_t
ra_g2_eq(const struct ra_g2 *a, const struct ra_g2 *b)
{
	struct ra_fq2 l, r;
	uint64_t ia = ra_g2_is_identity(a), ib = ra_g2_is_identity(b), same;

	ra_fq2_mul(&l, &a->x, &b->z);
	ra_fq2_mul(&r, &b->x, &a->z);
	same = ra_fq2_eq(&l, &r);
	ra_fq2_mul(&l, &a->y, &b->z);
	ra_fq2_mul(&r, &b->y, &a->z);
	same &= ra_fq2_eq(&l, &r);
	return (ia & ib) | (~ia & ~ib & same);
}

uint64_t
ra_g2_on_curve(const struct ra_fq2 *x, const struct ra_fq2 *y)
{
	struct ra_fq2 l, r;

	ra_fq2_sqr(&l, y);
	ra_fq2_sqr(&r, x);
	ra_fq2_mul(&r, &r, x);
	ra_fq2_add(&r, &r, &twist_b);
	return ra_fq2_eq(&l, &r);
}

uint64_t
ra_g2_in_group(const struct ra_g2 *a)
{
	struct ra_g2 t;

	ra_g2_mul(&t, a, &order_p);
	return ra_g2_is_identity(&t);
}

void
ra_g2_from_affine(
    struct ra_g2 *r, const struct ra_fq2 *x, const struct ra_fq2 *y)
{
	r->x = *x;
	r->y = *y;
	ra_fq2_one(&r->z);
}

void
ra_g2_to_affine(struct ra_fq2 *x, struct ra_fq2 *y, const struct ra_g2 *a)
{
	struct ra_fq2 zi;

	ra_fq2_inv(&zi, &a->z);
	ra_fq2_mul(x, &a->x, &zi);
	ra_fq2_mul(y, &a->y, &zi);
}

bool
ra_g2_from_bytes(struct ra_g2 *r, const uint8_t b[RA_G2_LEN])
{
	struct ra_fq2 x, y;
	bool ok = ra_fq2_from_bytes(&x, b);

	ok &= ra_fq2_from_bytes(&y, b + (size_t)2 * RA_FQ_LEN);
	ok &= ra_g2_on_curve(&x, &y) != 0;
	if (!ok) {
		ra_g2_identity(r);
		return false;
	}
	ra_g2_from_affine(r, &x, &y);
	if (ra_g2_in_group(r) == 0) {
		ra_g2_identity(r);
		return false;
	}
	return true;
}

void
ra_g2_to_bytes(uint8_t b[RA_G2_LEN], const struct ra_g2 *a)
{
	struct ra_fq2 x, y;

	ra_g2_to_affine(&x, &y, a);
	ra_fq2_to_bytes(b, &x);
	ra_fq2_to_bytes(b + (size_t)2 * RA_FQ_LEN, &y);
}

static void
lookup(struct ra_g2 *r, const struct ra_g2 table[16], uint64_t idx)
{
	uint64_t i, mask;

	*r = table[0];
	for (i = 1; i < 16; i++) {
		mask = 0 - (((i ^ idx) - 1) >> 63);
		ra_fq2_select(&r->x, &table[i].x, &r->x, mask);
		ra_fq2_select(&r->y, &table[i].y, &r->y, mask);
		ra_fq2_select(&r->z, &table[i].z, &r->z, mask);
	}
}

static void
build_table(struct ra_g2 table[16], const struct ra_g2 *a)
{
	int i;

	ra_g2_identity(&table[0]);
	table[1] = *a;
	for (i = 2; i < 16; i += 2) {
		ra_g2_dbl(&table[i], &table[i / 2]);
		ra_g2_add(&table[i + 1], &table[i], a);
	}
}

static uint64_t
window(const struct ra_scalar *k, int w)
{
	return (k->v[w / 16] >> (4 * (w % 16))) & 15;
}

/* Straus over n (1 or 2) points, shared doublings. */
static void
multi_mul(struct ra_g2 *r, const struct ra_g2 *a[2],
    const struct ra_scalar *k[2], int n)
{
	struct ra_g2 table[2][16], acc, t;
	int j, w;

	for (j = 0; j < n; j++) {
		build_table(table[j], a[j]);
	}
	ra_g2_identity(&acc);
	for (w = 63; w >= 0; w--) {
		ra_g2_dbl(&acc, &acc);
		ra_g2_dbl(&acc, &acc);
		ra_g2_dbl(&acc, &acc);
		ra_g2_dbl(&acc, &acc);
		for (j = 0; j < n; j++) {
			lookup(&t, table[j], window(k[j], w));
			ra_g2_add(&acc, &acc, &t);
		}
	}
	*r = acc;
	ra_wipe(table, sizeof(table));
	RA_WIPE(t);
}

void
ra_g2_mul(struct ra_g2 *r, const struct ra_g2 *a, const struct ra_scalar *k)
{
	const struct ra_g2 *pa[2] = { a, a };
	const struct ra_scalar *pk[2] = { k, k };

	multi_mul(r, pa, pk, 1);
}

void
ra_g2_mul2(struct ra_g2 *r, const struct ra_g2 *a1, const struct ra_scalar *k1,
    const struct ra_g2 *a2, const struct ra_scalar *k2)
{
	const struct ra_g2 *pa[2] = { a1, a2 };
	const struct ra_scalar *pk[2] = { k1, k2 };

	multi_mul(r, pa, pk, 2);
}
