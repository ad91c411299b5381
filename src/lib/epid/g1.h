/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_G1_H
#define RA_EPID_G1_H

/*
 * G1: the points of E: y^2 = x^3 + 3 over Fq (FORMATS.md §7.1), a group
 * of prime order p (cofactor 1). Points are in homogeneous projective
 * coordinates (X : Y : Z), x = X/Z, y = Y/Z, the identity being (0 : 1 :
 * 0). Addition and doubling are the complete formulas of Renes, Costello
 * and Batina, "Complete addition formulas for prime order elliptic
 * curves" (EUROCRYPT 2016), Algorithms 7 and 9 for a = 0: one formula
 * for every input, identity and doubling included, so scalar
 * multiplication needs no branch on the scalar or the points.
 *
 * Serialization (§7.2, G1ElemStr): x || y, 64 bytes big-endian. The
 * identity has no affine form; it is written as 64 zero bytes, as Intel's
 * SDK writes it, and (0, 0) is not on the curve, so decoding rejects it.
 *
 * Constant time in every input, including the scalars. Outputs may alias
 * inputs.
 */
#include <stdbool.h>
#include <stddef.h>

#include "epid/fp.h"
#include "epid/fq.h"
#include "sgxra/crypto.h"

#define RA_G1_LEN 64

/* The most points ra_g1_multi_mul takes. */
#define RA_G1_MULTI_MAX 4

struct ra_g1 {
	struct ra_fq x, y, z;
};

void ra_g1_identity(struct ra_g1 *r);
/* g1 = (1, 2), the generator of §7.1. */
void ra_g1_generator(struct ra_g1 *r);
void ra_g1_add(struct ra_g1 *r, const struct ra_g1 *p, const struct ra_g1 *q);
void ra_g1_dbl(struct ra_g1 *r, const struct ra_g1 *p);
void ra_g1_neg(struct ra_g1 *r, const struct ra_g1 *a);
/* All ones if a is the identity (resp. a == b), else 0. */
uint64_t ra_g1_is_identity(const struct ra_g1 *a);
uint64_t ra_g1_eq(const struct ra_g1 *a, const struct ra_g1 *b);
/* All ones if the affine point (x, y) satisfies the curve equation. */
uint64_t ra_g1_on_curve(const struct ra_fq *x, const struct ra_fq *y);
void ra_g1_from_affine(
    struct ra_g1 *r, const struct ra_fq *x, const struct ra_fq *y);
/* Affine coordinates; (0, 0) for the identity. One inversion. */
void ra_g1_to_affine(struct ra_fq *x, struct ra_fq *y, const struct ra_g1 *a);

/*
 * Decode x || y. False if a coordinate is >= q or the point is not on the
 * curve (which includes the all-zero identity encoding); r is then the
 * identity.
 */
bool ra_g1_from_bytes(struct ra_g1 *r, const uint8_t b[RA_G1_LEN]);
void ra_g1_to_bytes(uint8_t b[RA_G1_LEN], const struct ra_g1 *a);

/*
 * G1.hash (FORMATS.md §7.4; the SDK's EcHash, IPP's
 * SetPointHashBackCompatible): for i = 0, 1, ...: x = H(i as 4 bytes
 * big-endian || msg) mod q; if x^3 + 3 is a square with root y, return
 * (x, y) with y chosen so that its Montgomery form (y 2^256 mod q) is
 * even. At most RA_G1_HASH_TRIES counters are tried, as in the SDK; then
 * RA_ERR_CRYPTO (probability 2^-51). RA_ERR_ARG for an unknown alg.
 * Variable time in msg, which is public (a basename). *counter may be
 * NULL.
 */
#define RA_G1_HASH_TRIES 51
RA_MUST_CHECK enum ra_err ra_g1_hash(struct ra_g1 *r, uint32_t *counter,
    enum ra_hash_alg alg, const void *msg, size_t len);

/* r = k a, with a fixed 4-bit window and constant-time table reads. */
void ra_g1_mul(
    struct ra_g1 *r, const struct ra_g1 *a, const struct ra_scalar *k);
/*
 * r = sum k[i] a[i] for n <= RA_G1_MULTI_MAX points (Straus: the
 * doublings are shared). Constant time in the points and the scalars.
 */
void ra_g1_multi_mul(struct ra_g1 *r, const struct ra_g1 *a,
    const struct ra_scalar *k, size_t n);

/*
 * The same sum for public points and scalars, in variable time: width-5
 * non-adjacent forms (odd multiples up to 15, negated for negative
 * digits), zero digits skipped. For verification only.
 */
void ra_g1_multi_mul_vartime(struct ra_g1 *r, const struct ra_g1 *a,
    const struct ra_scalar *k, size_t n);

#endif
