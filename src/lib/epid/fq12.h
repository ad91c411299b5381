/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_FQ12_H
#define RA_EPID_FQ12_H

/*
 * Fq12 = Fq6[w] / (w^2 - v) (FORMATS.md §7.1): elements c0 + c1 w,
 * serialized c0 || c1, twelve Fq values (§7.2, GtElemStr). GT is the
 * order-p subgroup; it lies in the cyclotomic subgroup (the elements whose
 * order divides q^4 - q^2 + 1), where squaring is cheaper and the inverse
 * is the conjugate.
 *
 * Constant time except where a name says vartime. Outputs may alias
 * inputs.
 */
#include <stdbool.h>

#include "epid/fq6.h"

#define RA_FQ12_LEN 384

struct ra_fq12 {
	struct ra_fq6 c0, c1;
};

/*
 * gamma_j[k] = xi^(k (q^j - 1) / 6), the Frobenius constants (gamma_2 is
 * in Fq). The pairing also uses them to apply Frobenius to twist points.
 */
extern const struct ra_fq2 ra_fq12_gamma1[6];
extern const struct ra_fq ra_fq12_gamma2[6];
extern const struct ra_fq2 ra_fq12_gamma3[6];

void ra_fq12_mul(
    struct ra_fq12 *r, const struct ra_fq12 *a, const struct ra_fq12 *b);
void ra_fq12_sqr(struct ra_fq12 *r, const struct ra_fq12 *a);
/* r = c0 - c1 w: a^(q^6), the inverse of a cyclotomic element. */
void ra_fq12_conj(struct ra_fq12 *r, const struct ra_fq12 *a);
void ra_fq12_inv(struct ra_fq12 *r, const struct ra_fq12 *a);
/* r = a^(q^k) for k = 1, 2, 3. */
void ra_fq12_frob(struct ra_fq12 *r, const struct ra_fq12 *a, int k);
/*
 * r = a^2 for a in the cyclotomic subgroup (Granger and Scott, "Faster
 * squaring in the cyclotomic subgroup of sixth degree extensions", PKC
 * 2010). Wrong for other elements.
 */
void ra_fq12_cyclo_sqr(struct ra_fq12 *r, const struct ra_fq12 *a);
/*
 * r = a * (l0 + l1 w + l3 w^3): multiplication by a Miller-loop line,
 * whose other coefficients are zero.
 */
void ra_fq12_mul_line(struct ra_fq12 *r, const struct ra_fq12 *a,
    const struct ra_fq2 *l0, const struct ra_fq2 *l1, const struct ra_fq2 *l3);
void ra_fq12_one(struct ra_fq12 *r);
uint64_t ra_fq12_eq(const struct ra_fq12 *a, const struct ra_fq12 *b);
uint64_t ra_fq12_is_one(const struct ra_fq12 *a);
void ra_fq12_select(struct ra_fq12 *r, const struct ra_fq12 *a,
    const struct ra_fq12 *b, uint64_t mask);

/* 384 bytes; from_bytes is false if a coefficient is >= q. */
bool ra_fq12_from_bytes(struct ra_fq12 *r, const uint8_t b[RA_FQ12_LEN]);
void ra_fq12_to_bytes(uint8_t b[RA_FQ12_LEN], const struct ra_fq12 *a);

#endif
