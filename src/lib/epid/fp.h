/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_FP_H
#define RA_EPID_FP_H

/*
 * Fp, the integers modulo the group order p of G1, G2 and GT (FORMATS.md
 * §7.1): the exponents, challenges and responses of EPID. Elements are in
 * Montgomery form, fully reduced. A struct ra_scalar is the plain integer
 * an exponentiation takes.
 *
 * Constant time: every function runs in time independent of the values,
 * except ra_fp_random, whose number of draws depends on rejected (never
 * on accepted) candidates. Outputs may alias inputs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "epid/mont.h"
#include "sgxra/crypto.h"
#include "sgxra/err.h"
#include "sgxra/random.h"

#define RA_FP_LEN 32

struct ra_fp {
	uint64_t v[4];
};

/* A plain 256-bit integer, least significant limb first: an exponent. */
struct ra_scalar {
	uint64_t v[4];
};

/* p with its Montgomery constants. */
extern const struct ra_mont ra_fp_mod;

static inline void
ra_fp_add(struct ra_fp *r, const struct ra_fp *a, const struct ra_fp *b)
{
	mont_add(r->v, a->v, b->v, ra_fp_mod.m);
}

static inline void
ra_fp_sub(struct ra_fp *r, const struct ra_fp *a, const struct ra_fp *b)
{
	mont_sub(r->v, a->v, b->v, ra_fp_mod.m);
}

static inline void
ra_fp_neg(struct ra_fp *r, const struct ra_fp *a)
{
	static const uint64_t zero[4] = { 0, 0, 0, 0 };

	mont_sub(r->v, zero, a->v, ra_fp_mod.m);
}

static inline void
ra_fp_mul(struct ra_fp *r, const struct ra_fp *a, const struct ra_fp *b)
{
	mont_mul(r->v, a->v, b->v, &ra_fp_mod);
}

/* All ones if a == 0, else 0. */
static inline uint64_t
ra_fp_is_zero(const struct ra_fp *a)
{
	return mont_is_zero(a->v);
}

/* All ones if a == b, else 0. */
static inline uint64_t
ra_fp_eq(const struct ra_fp *a, const struct ra_fp *b)
{
	return mont_eq(a->v, b->v);
}

/* r = a^-1 (Fermat, a^(p-2)); r = 0 for a = 0. */
void ra_fp_inv(struct ra_fp *r, const struct ra_fp *a);

/* r = the small integer n. */
void ra_fp_set_u64(struct ra_fp *r, uint64_t n);

/* The plain integer value of a, for exponentiation. */
void ra_fp_to_scalar(struct ra_scalar *s, const struct ra_fp *a);

/* Decode 32 big-endian bytes; false (r = 0) if the value is not below p. */
bool ra_fp_from_bytes(struct ra_fp *r, const uint8_t b[RA_FP_LEN]);
void ra_fp_to_bytes(uint8_t b[RA_FP_LEN], const struct ra_fp *a);

/* r = big-endian b[0..len) mod p, len <= 64 (EPID "Fp.hash"). */
void ra_fp_from_digest(struct ra_fp *r, const uint8_t *b, size_t len);

/*
 * Fp.hash (FORMATS.md §7.4): r = H(msg) mod p, the digest read as a
 * big-endian integer. RA_ERR_ARG for an unknown alg.
 */
RA_MUST_CHECK enum ra_err ra_fp_hash(
    struct ra_fp *r, enum ra_hash_alg alg, const void *msg, size_t len);

/*
 * A uniform element of [1, p-1], by rejection sampling of 32-byte
 * candidates from rng (NULL: the system source). With a deterministic rng
 * the result is reproducible. RA_ERR_RNG if the source fails (or, with a
 * broken source, after 64 rejections).
 */
RA_MUST_CHECK enum ra_err ra_fp_random(
    struct ra_fp *r, const struct ra_rng *rng);

#endif
