/* SPDX-License-Identifier: BSD-3-Clause */
/* Fq2 = Fq[u] / (u^2 + 1): Karatsuba multiplication, complex squaring. */
#include "epid/fq2.h"
#include "internal.h"

/* (a0 + a1 u)(b0 + b1 u) = (a0 b0 - a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0
 * - a1 b1) u: three multiplications. */
void
ra_fq2_mul(struct ra_fq2 *r, const struct ra_fq2 *a, const struct ra_fq2 *b)
{
	struct ra_fq t0, t1, s0, s1;

	ra_fq_mul(&t0, &a->c0, &b->c0);
	ra_fq_mul(&t1, &a->c1, &b->c1);
	ra_fq_add(&s0, &a->c0, &a->c1);
	ra_fq_add(&s1, &b->c0, &b->c1);
	ra_fq_mul(&s0, &s0, &s1);
	ra_fq_sub(&r->c0, &t0, &t1);
	ra_fq_sub(&s0, &s0, &t0);
	ra_fq_sub(&r->c1, &s0, &t1);
}

/* (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u. */
void
ra_fq2_sqr(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	struct ra_fq s, d, m;

	ra_fq_add(&s, &a->c0, &a->c1);
	ra_fq_sub(&d, &a->c0, &a->c1);
	ra_fq_mul(&m, &a->c0, &a->c1);
	ra_fq_mul(&r->c0, &s, &d);
	ra_fq_dbl(&r->c1, &m);
}

/* (a0 + a1 u)^-1 = (a0 - a1 u) / (a0^2 + a1^2). */
void
ra_fq2_inv(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	struct ra_fq n, t;

	ra_fq_sqr(&n, &a->c0);
	ra_fq_sqr(&t, &a->c1);
	ra_fq_add(&n, &n, &t);
	ra_fq_inv(&n, &n);
	ra_fq_mul(&r->c0, &a->c0, &n);
	ra_fq_mul(&t, &a->c1, &n);
	ra_fq_neg(&r->c1, &t);
}

void
ra_fq2_zero(struct ra_fq2 *r)
{
	ra_fq_zero(&r->c0);
	ra_fq_zero(&r->c1);
}

void
ra_fq2_one(struct ra_fq2 *r)
{
	ra_fq_one(&r->c0);
	ra_fq_zero(&r->c1);
}

uint64_t
ra_fq2_is_zero(const struct ra_fq2 *a)
{
	return ra_fq_is_zero(&a->c0) & ra_fq_is_zero(&a->c1);
}

uint64_t
ra_fq2_eq(const struct ra_fq2 *a, const struct ra_fq2 *b)
{
	return ra_fq_eq(&a->c0, &b->c0) & ra_fq_eq(&a->c1, &b->c1);
}

bool
ra_fq2_from_bytes(struct ra_fq2 *r, const uint8_t b[2 * RA_FQ_LEN])
{
	bool ok0 = ra_fq_from_bytes(&r->c0, b);
	bool ok1 = ra_fq_from_bytes(&r->c1, b + RA_FQ_LEN);

	return ok0 && ok1;
}

void
ra_fq2_to_bytes(uint8_t b[2 * RA_FQ_LEN], const struct ra_fq2 *a)
{
	ra_fq_to_bytes(b, &a->c0);
	ra_fq_to_bytes(b + RA_FQ_LEN, &a->c1);
}
