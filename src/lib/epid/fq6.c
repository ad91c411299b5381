/* SPDX-License-Identifier: BSD-3-Clause */
/* Fq6 = Fq2[v] / (v^3 - xi): Karatsuba multiplication, CH-SQR2 squaring. */
#include "epid/fq6.h"
#include "internal.h"

void
ra_fq6_add(struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq6 *b)
{
	ra_fq2_add(&r->c0, &a->c0, &b->c0);
	ra_fq2_add(&r->c1, &a->c1, &b->c1);
	ra_fq2_add(&r->c2, &a->c2, &b->c2);
}

void
ra_fq6_sub(struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq6 *b)
{
	ra_fq2_sub(&r->c0, &a->c0, &b->c0);
	ra_fq2_sub(&r->c1, &a->c1, &b->c1);
	ra_fq2_sub(&r->c2, &a->c2, &b->c2);
}

void
ra_fq6_neg(struct ra_fq6 *r, const struct ra_fq6 *a)
{
	ra_fq2_neg(&r->c0, &a->c0);
	ra_fq2_neg(&r->c1, &a->c1);
	ra_fq2_neg(&r->c2, &a->c2);
}

/*
 * Karatsuba over three coefficients, with ti = ai bi:
 *   c0 = t0 + xi ((a1 + a2)(b1 + b2) - t1 - t2)
 *   c1 = (a0 + a1)(b0 + b1) - t0 - t1 + xi t2
 *   c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1
 */
void
ra_fq6_mul(struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq6 *b)
{
	struct ra_fq2 t0, t1, t2, x, y, c0, c1, c2;

	ra_fq2_mul(&t0, &a->c0, &b->c0);
	ra_fq2_mul(&t1, &a->c1, &b->c1);
	ra_fq2_mul(&t2, &a->c2, &b->c2);

	ra_fq2_add(&x, &a->c1, &a->c2);
	ra_fq2_add(&y, &b->c1, &b->c2);
	ra_fq2_mul(&x, &x, &y);
	ra_fq2_sub(&x, &x, &t1);
	ra_fq2_sub(&x, &x, &t2);
	ra_fq2_mul_xi(&x, &x);
	ra_fq2_add(&c0, &x, &t0);

	ra_fq2_add(&x, &a->c0, &a->c1);
	ra_fq2_add(&y, &b->c0, &b->c1);
	ra_fq2_mul(&x, &x, &y);
	ra_fq2_sub(&x, &x, &t0);
	ra_fq2_sub(&x, &x, &t1);
	ra_fq2_mul_xi(&y, &t2);
	ra_fq2_add(&c1, &x, &y);

	ra_fq2_add(&x, &a->c0, &a->c2);
	ra_fq2_add(&y, &b->c0, &b->c2);
	ra_fq2_mul(&x, &x, &y);
	ra_fq2_sub(&x, &x, &t0);
	ra_fq2_sub(&x, &x, &t2);
	ra_fq2_add(&c2, &x, &t1);

	r->c0 = c0;
	r->c1 = c1;
	r->c2 = c2;
}

/*
 * CH-SQR2: s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2,
 * s4 = a2^2; c0 = s0 + xi s3, c1 = s1 + xi s4, c2 = s1 + s2 + s3 - s0 - s4.
 */
void
ra_fq6_sqr(struct ra_fq6 *r, const struct ra_fq6 *a)
{
	struct ra_fq2 s0, s1, s2, s3, s4, t;

	ra_fq2_sqr(&s0, &a->c0);
	ra_fq2_mul(&s1, &a->c0, &a->c1);
	ra_fq2_dbl(&s1, &s1);
	ra_fq2_sub(&s2, &a->c0, &a->c1);
	ra_fq2_add(&s2, &s2, &a->c2);
	ra_fq2_sqr(&s2, &s2);
	ra_fq2_mul(&s3, &a->c1, &a->c2);
	ra_fq2_dbl(&s3, &s3);
	ra_fq2_sqr(&s4, &a->c2);

	ra_fq2_add(&t, &s1, &s2);
	ra_fq2_add(&t, &t, &s3);
	ra_fq2_sub(&t, &t, &s0);
	ra_fq2_sub(&r->c2, &t, &s4);
	ra_fq2_mul_xi(&t, &s3);
	ra_fq2_add(&r->c0, &s0, &t);
	ra_fq2_mul_xi(&t, &s4);
	ra_fq2_add(&r->c1, &s1, &t);
}

/* (a0 + a1 v + a2 v^2) v = xi a2 + a0 v + a1 v^2. */
void
ra_fq6_mul_v(struct ra_fq6 *r, const struct ra_fq6 *a)
{
	struct ra_fq2 t;

	ra_fq2_mul_xi(&t, &a->c2);
	r->c2 = a->c1;
	r->c1 = a->c0;
	r->c0 = t;
}

void
ra_fq6_mul_fq2(struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq2 *s)
{
	ra_fq2_mul(&r->c0, &a->c0, s);
	ra_fq2_mul(&r->c1, &a->c1, s);
	ra_fq2_mul(&r->c2, &a->c2, s);
}

/* ra_fq6_mul with b2 = 0: five multiplications instead of six. */
void
ra_fq6_mul_01(struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq2 *b0,
    const struct ra_fq2 *b1)
{
	struct ra_fq2 t0, t1, x, y, c0, c1, c2;

	ra_fq2_mul(&t0, &a->c0, b0);
	ra_fq2_mul(&t1, &a->c1, b1);

	ra_fq2_add(&x, &a->c1, &a->c2);
	ra_fq2_mul(&x, &x, b1);
	ra_fq2_sub(&x, &x, &t1);
	ra_fq2_mul_xi(&x, &x);
	ra_fq2_add(&c0, &x, &t0);

	ra_fq2_add(&x, &a->c0, &a->c1);
	ra_fq2_add(&y, b0, b1);
	ra_fq2_mul(&x, &x, &y);
	ra_fq2_sub(&x, &x, &t0);
	ra_fq2_sub(&c1, &x, &t1);

	ra_fq2_add(&x, &a->c0, &a->c2);
	ra_fq2_mul(&x, &x, b0);
	ra_fq2_sub(&x, &x, &t0);
	ra_fq2_add(&c2, &x, &t1);

	r->c0 = c0;
	r->c1 = c1;
	r->c2 = c2;
}

/*
 * A = a0^2 - xi a1 a2, B = xi a2^2 - a0 a1, C = a1^2 - a0 a2,
 * F = a0 A + xi (a2 B + a1 C); a^-1 = (A + B v + C v^2) / F.
 */
void
ra_fq6_inv(struct ra_fq6 *r, const struct ra_fq6 *a)
{
	struct ra_fq2 ca, cb, cc, f, t;

	ra_fq2_sqr(&ca, &a->c0);
	ra_fq2_mul(&t, &a->c1, &a->c2);
	ra_fq2_mul_xi(&t, &t);
	ra_fq2_sub(&ca, &ca, &t);

	ra_fq2_sqr(&cb, &a->c2);
	ra_fq2_mul_xi(&cb, &cb);
	ra_fq2_mul(&t, &a->c0, &a->c1);
	ra_fq2_sub(&cb, &cb, &t);

	ra_fq2_sqr(&cc, &a->c1);
	ra_fq2_mul(&t, &a->c0, &a->c2);
	ra_fq2_sub(&cc, &cc, &t);

	ra_fq2_mul(&f, &a->c2, &cb);
	ra_fq2_mul(&t, &a->c1, &cc);
	ra_fq2_add(&f, &f, &t);
	ra_fq2_mul_xi(&f, &f);
	ra_fq2_mul(&t, &a->c0, &ca);
	ra_fq2_add(&f, &f, &t);
	ra_fq2_inv(&f, &f);

	ra_fq2_mul(&r->c0, &ca, &f);
	ra_fq2_mul(&r->c1, &cb, &f);
	ra_fq2_mul(&r->c2, &cc, &f);
}

void
ra_fq6_zero(struct ra_fq6 *r)
{
	ra_fq2_zero(&r->c0);
	ra_fq2_zero(&r->c1);
	ra_fq2_zero(&r->c2);
}

void
ra_fq6_one(struct ra_fq6 *r)
{
	ra_fq2_one(&r->c0);
	ra_fq2_zero(&r->c1);
	ra_fq2_zero(&r->c2);
}

uint64_t
ra_fq6_eq(const struct ra_fq6 *a, const struct ra_fq6 *b)
{
	return ra_fq2_eq(&a->c0, &b->c0) & ra_fq2_eq(&a->c1, &b->c1) &
	    ra_fq2_eq(&a->c2, &b->c2);
}

void
ra_fq6_select(struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq6 *b,
    uint64_t mask)
{
	ra_fq2_select(&r->c0, &a->c0, &b->c0, mask);
	ra_fq2_select(&r->c1, &a->c1, &b->c1, mask);
	ra_fq2_select(&r->c2, &a->c2, &b->c2, mask);
}
