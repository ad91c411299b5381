/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_GT_H
#define RA_EPID_GT_H

/*
 * GT: the order-p subgroup of Fq12* (FORMATS.md §7.1), the pairing's
 * target. Exponentiations use cyclotomic squaring (fq12.h), so their
 * inputs must be in GT: pairing outputs are, and decoded elements are
 * checked with ra_gt_in_group first.
 *
 * ra_gt_exp and ra_gt_multi_exp are constant time in the elements and
 * the exponents (fixed 4-bit windows, tables read in full).
 */
#include <stdbool.h>
#include <stddef.h>

#include "epid/fp.h"
#include "epid/fq12.h"

/* The most bases ra_gt_multi_exp takes. */
#define RA_GT_MULTI_MAX 4

/* r = a^k. */
void ra_gt_exp(
    struct ra_fq12 *r, const struct ra_fq12 *a, const struct ra_scalar *k);

/* r = prod a[i]^k[i] for n <= RA_GT_MULTI_MAX (shared squarings). */
void ra_gt_multi_exp(struct ra_fq12 *r, const struct ra_fq12 *a,
    const struct ra_scalar *k, size_t n);

/*
 * All ones if a^p = 1, i.e. a is in GT (computed with generic
 * squarings, since a is not yet known to be cyclotomic). Variable time:
 * for public elements only.
 */
uint64_t ra_gt_in_group(const struct ra_fq12 *a);

/* Decode 384 bytes and check membership; false (r = 1) otherwise. */
bool ra_gt_from_bytes(struct ra_fq12 *r, const uint8_t b[RA_FQ12_LEN]);

#endif
