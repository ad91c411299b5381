/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_FQ2_H
#define RA_EPID_FQ2_H

/*
 * Fq2 = Fq[u] / (u^2 - beta) with beta = -1 (FORMATS.md §7.1): elements
 * c0 + c1 u. Serialized as c0 || c1 (§7.2). Constant time throughout;
 * outputs may alias inputs. The additive operations are inline: out of
 * line, their calls cost as much as their work.
 */
#include <stdint.h>

#include "epid/fq.h"

struct ra_fq2 {
	struct ra_fq c0, c1;
};

static inline void
ra_fq2_add(struct ra_fq2 *r, const struct ra_fq2 *a, const struct ra_fq2 *b)
{
	ra_fq_add(&r->c0, &a->c0, &b->c0);
	ra_fq_add(&r->c1, &a->c1, &b->c1);
}

static inline void
ra_fq2_sub(struct ra_fq2 *r, const struct ra_fq2 *a, const struct ra_fq2 *b)
{
	ra_fq_sub(&r->c0, &a->c0, &b->c0);
	ra_fq_sub(&r->c1, &a->c1, &b->c1);
}

static inline void
ra_fq2_dbl(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	ra_fq_dbl(&r->c0, &a->c0);
	ra_fq_dbl(&r->c1, &a->c1);
}

static inline void
ra_fq2_half(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	ra_fq_half(&r->c0, &a->c0);
	ra_fq_half(&r->c1, &a->c1);
}

static inline void
ra_fq2_neg(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	ra_fq_neg(&r->c0, &a->c0);
	ra_fq_neg(&r->c1, &a->c1);
}

/* r = c0 - c1 u, the q-power Frobenius of a. */
static inline void
ra_fq2_conj(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	r->c0 = a->c0;
	ra_fq_neg(&r->c1, &a->c1);
}

/* r = a * s for s in Fq. */
static inline void
ra_fq2_mul_fq(struct ra_fq2 *r, const struct ra_fq2 *a, const struct ra_fq *s)
{
	ra_fq_mul(&r->c0, &a->c0, s);
	ra_fq_mul(&r->c1, &a->c1, s);
}

/* r = a xi, xi = 2 + u, the non-residue of the Fq6 tower:
 * (a0 + a1 u)(2 + u) = (2 a0 - a1) + (a0 + 2 a1) u. */
static inline void
ra_fq2_mul_xi(struct ra_fq2 *r, const struct ra_fq2 *a)
{
	struct ra_fq t0, t1;

	ra_fq_dbl(&t0, &a->c0);
	ra_fq_sub(&t0, &t0, &a->c1);
	ra_fq_dbl(&t1, &a->c1);
	ra_fq_add(&r->c1, &t1, &a->c0);
	r->c0 = t0;
}

/* r = mask ? a : b. */
static inline void
ra_fq2_select(struct ra_fq2 *r, const struct ra_fq2 *a, const struct ra_fq2 *b,
    uint64_t mask)
{
	ra_fq_select(&r->c0, &a->c0, &b->c0, mask);
	ra_fq_select(&r->c1, &a->c1, &b->c1, mask);
}

/* Karatsuba (3 multiplications) and complex squaring (2). */
void ra_fq2_mul(
    struct ra_fq2 *r, const struct ra_fq2 *a, const struct ra_fq2 *b);
void ra_fq2_sqr(struct ra_fq2 *r, const struct ra_fq2 *a);
/* r = a^-1; 0 for 0. */
void ra_fq2_inv(struct ra_fq2 *r, const struct ra_fq2 *a);
void ra_fq2_zero(struct ra_fq2 *r);
void ra_fq2_one(struct ra_fq2 *r);
/* All ones if a == 0 (resp. a == b), else 0. */
uint64_t ra_fq2_is_zero(const struct ra_fq2 *a);
uint64_t ra_fq2_eq(const struct ra_fq2 *a, const struct ra_fq2 *b);

/* c0 || c1, 64 bytes big-endian; from_bytes is false if one is >= q. */
bool ra_fq2_from_bytes(struct ra_fq2 *r, const uint8_t b[2 * RA_FQ_LEN]);
void ra_fq2_to_bytes(uint8_t b[2 * RA_FQ_LEN], const struct ra_fq2 *a);

#endif
