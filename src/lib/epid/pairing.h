/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_PAIRING_H
#define RA_EPID_PAIRING_H

/*
 * The reduced optimal ate pairing e: G1 x G2 -> GT of FORMATS.md §7.5,
 * bit-exact with Intel's EPID SDK (the result is the unique value
 * f^((q^12 - 1) / p), so any correct evaluation agrees).
 *
 * Constant time in both points: the Miller loop follows the public loop
 * constant and the final exponentiation public exponents; the member
 * pairs its secret credential A this way.
 */
#include "epid/fq12.h"
#include "epid/g1.h"
#include "epid/g2.h"

/* The most pairs ra_pairing_product takes. */
#define RA_PAIRING_MAX 2

/* r = e(p, q); 1 if either is the identity. */
void ra_pairing(
    struct ra_fq12 *r, const struct ra_g1 *p, const struct ra_g2 *q);

/*
 * r = prod e(p[i], q[i]) for n <= RA_PAIRING_MAX pairs, with one Miller
 * loop (shared squarings) and one final exponentiation. A pair with an
 * identity contributes 1.
 */
void ra_pairing_product(
    struct ra_fq12 *r, const struct ra_g1 *p, const struct ra_g2 *q, size_t n);

/* The two halves, exposed for tests. */
void ra_pairing_miller(
    struct ra_fq12 *f, const struct ra_g1 *p, const struct ra_g2 *q);
void ra_pairing_final_exp(struct ra_fq12 *r, const struct ra_fq12 *f);

#endif
