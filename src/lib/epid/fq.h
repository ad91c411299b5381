/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_FQ_H
#define RA_EPID_FQ_H

/*
 * Fq, the base field of the EPID 2.0 curve Fp256BN (FORMATS.md §7.1; EPID
 * names the field prime q and the group order p). Elements are kept in
 * Montgomery form, four 64-bit limbs, always fully reduced (< q), so that
 * equality is equality of limbs.
 *
 * Constant time: every function here and in fq.c runs in time independent
 * of the element values. ra_fq_pow_vartime is the exception in its name:
 * its time depends on the exponent, which must be public.
 *
 * Outputs may alias inputs everywhere.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "epid/mont.h"

#define RA_FQ_LEN 32

struct ra_fq {
	uint64_t v[4];
};

/* q with its Montgomery constants. */
extern const struct ra_mont ra_fq_mod;

static inline void
ra_fq_add(struct ra_fq *r, const struct ra_fq *a, const struct ra_fq *b)
{
	mont_add(r->v, a->v, b->v, ra_fq_mod.m);
}

static inline void
ra_fq_sub(struct ra_fq *r, const struct ra_fq *a, const struct ra_fq *b)
{
	mont_sub(r->v, a->v, b->v, ra_fq_mod.m);
}

static inline void
ra_fq_dbl(struct ra_fq *r, const struct ra_fq *a)
{
	mont_add(r->v, a->v, a->v, ra_fq_mod.m);
}

static inline void
ra_fq_half(struct ra_fq *r, const struct ra_fq *a)
{
	mont_half(r->v, a->v, ra_fq_mod.m);
}

static inline void
ra_fq_neg(struct ra_fq *r, const struct ra_fq *a)
{
	static const uint64_t zero[4] = { 0, 0, 0, 0 };

	mont_sub(r->v, zero, a->v, ra_fq_mod.m);
}

static inline void
ra_fq_mul(struct ra_fq *r, const struct ra_fq *a, const struct ra_fq *b)
{
	mont_mul(r->v, a->v, b->v, &ra_fq_mod);
}

static inline void
ra_fq_sqr(struct ra_fq *r, const struct ra_fq *a)
{
	mont_mul(r->v, a->v, a->v, &ra_fq_mod);
}

static inline void
ra_fq_zero(struct ra_fq *r)
{
	r->v[0] = r->v[1] = r->v[2] = r->v[3] = 0;
}

static inline void
ra_fq_one(struct ra_fq *r)
{
	memcpy(r->v, ra_fq_mod.one, sizeof(r->v));
}

/* All ones if a == 0, else 0. */
static inline uint64_t
ra_fq_is_zero(const struct ra_fq *a)
{
	return mont_is_zero(a->v);
}

/* All ones if a == b, else 0. */
static inline uint64_t
ra_fq_eq(const struct ra_fq *a, const struct ra_fq *b)
{
	return mont_eq(a->v, b->v);
}

/* r = mask ? a : b, mask all ones or zero. */
static inline void
ra_fq_select(struct ra_fq *r, const struct ra_fq *a, const struct ra_fq *b,
    uint64_t mask)
{
	mont_select(r->v, a->v, b->v, mask);
}

/* r = a * 2^-256, i.e. leave the Montgomery domain (or enter R^-1). */
void ra_fq_from_mont(uint64_t r[4], const struct ra_fq *a);

/* r = the small integer n (n < q). */
void ra_fq_set_u64(struct ra_fq *r, uint64_t n);

/* r = a^-1 by Fermat (a^(q-2)); r = 0 for a = 0. */
void ra_fq_inv(struct ra_fq *r, const struct ra_fq *a);

/*
 * r = a square root of a, a^((q+1)/4) since q = 3 mod 4. Returns all ones
 * if a is a square (r^2 = a), else 0 and r is garbage.
 */
uint64_t ra_fq_sqrt(struct ra_fq *r, const struct ra_fq *a);

/* r = a^e for a public exponent e (four limbs, least significant first). */
void ra_fq_pow_vartime(
    struct ra_fq *r, const struct ra_fq *a, const uint64_t e[4]);

/*
 * Decode 32 big-endian bytes. Returns false (r = 0) if the integer is not
 * below q: serialized elements are never reduced silently.
 */
bool ra_fq_from_bytes(struct ra_fq *r, const uint8_t b[RA_FQ_LEN]);
void ra_fq_to_bytes(uint8_t b[RA_FQ_LEN], const struct ra_fq *a);

/*
 * r = (the big-endian integer b[0..len)) mod q, for len <= 64: the EPID
 * "Fq.hash" reduction of a digest (FORMATS.md §7.4).
 */
void ra_fq_from_digest(struct ra_fq *r, const uint8_t *b, size_t len);

/* The parity of the Montgomery form of a (the G1.hash sign rule). */
static inline uint64_t
ra_fq_mont_parity(const struct ra_fq *a)
{
	return a->v[0] & 1;
}

#endif
