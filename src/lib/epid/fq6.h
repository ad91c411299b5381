/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_FQ6_H
#define RA_EPID_FQ6_H

/*
 * Fq6 = Fq2[v] / (v^3 - xi), xi = 2 + u (FORMATS.md §7.1): elements
 * c0 + c1 v + c2 v^2, serialized c0 || c1 || c2. Formulas from Devegili,
 * O hEigeartaigh, Scott and Dahab, "Multiplication and squaring on
 * pairing-friendly fields" (ePrint 2006/471). Constant time; outputs may
 * alias inputs.
 */
#include "epid/fq2.h"

struct ra_fq6 {
	struct ra_fq2 c0, c1, c2;
};

void ra_fq6_add(
    struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq6 *b);
void ra_fq6_sub(
    struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq6 *b);
void ra_fq6_neg(struct ra_fq6 *r, const struct ra_fq6 *a);
void ra_fq6_mul(
    struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq6 *b);
void ra_fq6_sqr(struct ra_fq6 *r, const struct ra_fq6 *a);
/* r = a * v. */
void ra_fq6_mul_v(struct ra_fq6 *r, const struct ra_fq6 *a);
/* r = a * s for s in Fq2. */
void ra_fq6_mul_fq2(
    struct ra_fq6 *r, const struct ra_fq6 *a, const struct ra_fq2 *s);
/* r = a * (b0 + b1 v): the sparse product of the Miller loop. */
void ra_fq6_mul_01(struct ra_fq6 *r, const struct ra_fq6 *a,
    const struct ra_fq2 *b0, const struct ra_fq2 *b1);
void ra_fq6_inv(struct ra_fq6 *r, const struct ra_fq6 *a);
void ra_fq6_zero(struct ra_fq6 *r);
void ra_fq6_one(struct ra_fq6 *r);
uint64_t ra_fq6_eq(const struct ra_fq6 *a, const struct ra_fq6 *b);
void ra_fq6_select(struct ra_fq6 *r, const struct ra_fq6 *a,
    const struct ra_fq6 *b, uint64_t mask);

#endif
