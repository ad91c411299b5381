/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_G2_H
#define RA_EPID_G2_H

/*
 * G2: the order-p subgroup of the sextic twist E': y^2 = x^3 + b' over
 * Fq2, b' = 3 / xi (FORMATS.md §7.1; D-type twist). The twist has order
 * p (2q - p), so a point on E' need not be in G2: decoding checks both
 * the equation and the order. Projective coordinates and the complete
 * formulas of Renes, Costello and Batina as in g1.h (the twist has odd
 * order, so they are complete there too).
 *
 * Serialization (§7.2, G2ElemStr): x0 || x1 || y0 || y1, 128 bytes.
 *
 * Constant time in every input. Outputs may alias inputs.
 */
#include <stdbool.h>

#include "epid/fp.h"
#include "epid/fq2.h"

#define RA_G2_LEN 128

struct ra_g2 {
	struct ra_fq2 x, y, z;
};

void ra_g2_identity(struct ra_g2 *r);
/* g2 of §7.1. */
void ra_g2_generator(struct ra_g2 *r);
void ra_g2_add(struct ra_g2 *r, const struct ra_g2 *p, const struct ra_g2 *q);
void ra_g2_dbl(struct ra_g2 *r, const struct ra_g2 *p);
void ra_g2_neg(struct ra_g2 *r, const struct ra_g2 *a);
/* r = 3 b' a, the twist constant of the formulas (also the pairing's). */
void ra_g2_mul_b3(struct ra_fq2 *r, const struct ra_fq2 *a);
uint64_t ra_g2_is_identity(const struct ra_g2 *a);
uint64_t ra_g2_eq(const struct ra_g2 *a, const struct ra_g2 *b);
/* All ones if (x, y) is on the twist (not a subgroup check). */
uint64_t ra_g2_on_curve(const struct ra_fq2 *x, const struct ra_fq2 *y);
/* All ones if p a is the identity: a is in G2 (or is the identity). */
uint64_t ra_g2_in_group(const struct ra_g2 *a);
void ra_g2_from_affine(
    struct ra_g2 *r, const struct ra_fq2 *x, const struct ra_fq2 *y);
void ra_g2_to_affine(struct ra_fq2 *x, struct ra_fq2 *y, const struct ra_g2 *a);

/*
 * Decode x0 || x1 || y0 || y1. False if a coordinate is >= q, the point
 * is not on the twist, or it is not of order p; r is then the identity.
 */
bool ra_g2_from_bytes(struct ra_g2 *r, const uint8_t b[RA_G2_LEN]);
void ra_g2_to_bytes(uint8_t b[RA_G2_LEN], const struct ra_g2 *a);

/* r = k a: fixed 4-bit window, constant-time table reads. */
void ra_g2_mul(
    struct ra_g2 *r, const struct ra_g2 *a, const struct ra_scalar *k);
/* r = k1 a1 + k2 a2 with shared doublings; constant time. */
void ra_g2_mul2(struct ra_g2 *r, const struct ra_g2 *a1,
    const struct ra_scalar *k1, const struct ra_g2 *a2,
    const struct ra_scalar *k2);

#endif
