/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_MONT_H
#define RA_EPID_MONT_H

/*
 * 256-bit Montgomery arithmetic on four 64-bit limbs (least significant
 * first), shared by Fq (fq.h) and Fp (fp.h). Every function here runs in
 * time independent of the values: no branch and no memory index depends
 * on a limb, conditional results are chosen with masks.
 *
 * The moduli of EPID 2.0 (FORMATS.md §7.1) are both just below 2^256, so
 * there is no spare bit: sums carry out of the top limb and every
 * operation keeps a fifth carry word.
 *
 * Montgomery multiplication is the CIOS method of Koç, Acar and Kaliski,
 * "Analyzing and comparing Montgomery multiplication algorithms" (IEEE
 * Micro 1996): with R = 2^256, mont_mul(a, b) = a b R^-1 mod m for a, b < m.
 */
#include <stdint.h>

/*
 * The only way in C to get the 128-bit product of two 64-bit limbs. gcc
 * and clang both provide unsigned __int128 on 64-bit targets; __extension__
 * keeps -Wpedantic quiet about it. This is the one place it is named.
 */
__extension__ typedef unsigned __int128 ra_u128;

/* A modulus with its Montgomery constants. */
struct ra_mont {
	uint64_t m[4];   /* the odd modulus, m > 2^255 */
	uint64_t inv;    /* -m^-1 mod 2^64 */
	uint64_t r2[4];  /* R^2 mod m */
	uint64_t one[4]; /* R mod m: 1 in Montgomery form */
};

/* lo(a * b + c + d); *hi = hi(...). Never overflows 128 bits. */
static inline uint64_t
mont_mac(uint64_t *hi, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	ra_u128 t = (ra_u128)a * b + c + d;

	*hi = (uint64_t)(t >> 64);
	return (uint64_t)t;
}

/* lo(a + b + carry); *carry = the carry out (0 or 1). */
static inline uint64_t
mont_adc(uint64_t a, uint64_t b, uint64_t *carry)
{
	ra_u128 t = (ra_u128)a + b + *carry;

	*carry = (uint64_t)(t >> 64);
	return (uint64_t)t;
}

/* lo(a - b - borrow); *borrow = the borrow out (0 or 1). */
static inline uint64_t
mont_sbb(uint64_t a, uint64_t b, uint64_t *borrow)
{
	ra_u128 t = (ra_u128)a - b - *borrow;

	*borrow = (uint64_t)(t >> 64) & 1;
	return (uint64_t)t;
}

/*
 * r = t - m if (hi != 0 or t >= m), else t, for a value hi:t < 2m. This
 * is the final conditional subtraction of every operation.
 */
static inline void
mont_reduce_once(
    uint64_t r[4], const uint64_t t[4], uint64_t hi, const uint64_t m[4])
{
	uint64_t s[4], borrow = 0, keep;
	int i;

	for (i = 0; i < 4; i++) {
		s[i] = mont_sbb(t[i], m[i], &borrow);
	}
	/* Keep t only if there was a borrow and no fifth word. */
	keep = 0 - (borrow & (hi ^ 1));
	for (i = 0; i < 4; i++) {
		r[i] = (t[i] & keep) | (s[i] & ~keep);
	}
}

/* r = a + b mod m, for a, b < m. */
static inline void
mont_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
    const uint64_t m[4])
{
	uint64_t t[4], carry = 0;
	int i;

	for (i = 0; i < 4; i++) {
		t[i] = mont_adc(a[i], b[i], &carry);
	}
	mont_reduce_once(r, t, carry, m);
}

/* r = a - b mod m, for a, b < m. */
static inline void
mont_sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
    const uint64_t m[4])
{
	uint64_t t[4], borrow = 0, carry = 0, mask;
	int i;

	for (i = 0; i < 4; i++) {
		t[i] = mont_sbb(a[i], b[i], &borrow);
	}
	/* Add m back if the subtraction borrowed. */
	mask = 0 - borrow;
	for (i = 0; i < 4; i++) {
		r[i] = mont_adc(t[i], m[i] & mask, &carry);
	}
}

/* r = a / 2 mod m: add m if a is odd (making it even), then shift. */
static inline void
mont_half(uint64_t r[4], const uint64_t a[4], const uint64_t m[4])
{
	uint64_t t[4], carry = 0, mask = 0 - (a[0] & 1);
	int i;

	for (i = 0; i < 4; i++) {
		t[i] = mont_adc(a[i], m[i] & mask, &carry);
	}
	for (i = 0; i < 3; i++) {
		r[i] = (t[i] >> 1) | (t[i + 1] << 63);
	}
	r[3] = (t[3] >> 1) | (carry << 63);
}

/*
 * One CIOS round: t = (t + a * bi + u * m) / 2^64 with u chosen so the
 * division is exact. t has five words; t[4] is the carry word.
 */
static inline void
mont_round(uint64_t t[5], const uint64_t a[4], uint64_t bi, const uint64_t m[4],
    uint64_t inv)
{
	uint64_t c, u, c5 = 0, c4 = 0;

	/* t += a * bi: five words and a carry c5. */
	t[0] = mont_mac(&c, a[0], bi, t[0], 0);
	t[1] = mont_mac(&c, a[1], bi, t[1], c);
	t[2] = mont_mac(&c, a[2], bi, t[2], c);
	t[3] = mont_mac(&c, a[3], bi, t[3], c);
	t[4] = mont_adc(t[4], c, &c5);
	/* t = (t + u * m) / 2^64, with t[0] + u * m[0] = 0 mod 2^64. */
	u = t[0] * inv;
	(void)mont_mac(&c, u, m[0], t[0], 0);
	t[0] = mont_mac(&c, u, m[1], t[1], c);
	t[1] = mont_mac(&c, u, m[2], t[2], c);
	t[2] = mont_mac(&c, u, m[3], t[3], c);
	t[3] = mont_adc(t[4], c, &c4);
	t[4] = c5 + c4; /* the value stays below 2m, so this is 0 or 1 */
}

/* r = a * b * 2^-256 mod m, for a, b < m. r may alias a or b. */
static inline void
mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
    const struct ra_mont *md)
{
	uint64_t t[5] = { 0, 0, 0, 0, 0 };

	mont_round(t, a, b[0], md->m, md->inv);
	mont_round(t, a, b[1], md->m, md->inv);
	mont_round(t, a, b[2], md->m, md->inv);
	mont_round(t, a, b[3], md->m, md->inv);
	mont_reduce_once(r, t, t[4], md->m);
}

/* r = a if mask is all ones, b if it is zero; mask must be one of those. */
static inline void
mont_select(
    uint64_t r[4], const uint64_t a[4], const uint64_t b[4], uint64_t mask)
{
	int i;

	for (i = 0; i < 4; i++) {
		r[i] = (a[i] & mask) | (b[i] & ~mask);
	}
}

/* All ones if a == 0, else 0. */
static inline uint64_t
mont_is_zero(const uint64_t a[4])
{
	uint64_t x = a[0] | a[1] | a[2] | a[3];

	/* (x | -x) has its top bit set iff x != 0. */
	return ((x | (0 - x)) >> 63) - 1;
}

/* All ones if a == b, else 0. */
static inline uint64_t
mont_eq(const uint64_t a[4], const uint64_t b[4])
{
	uint64_t d[4];
	int i;

	for (i = 0; i < 4; i++) {
		d[i] = a[i] ^ b[i];
	}
	return mont_is_zero(d);
}

/* All ones if a < m (as integers), else 0. */
static inline uint64_t
mont_lt(const uint64_t a[4], const uint64_t m[4])
{
	uint64_t borrow = 0;
	int i;

	for (i = 0; i < 4; i++) {
		(void)mont_sbb(a[i], m[i], &borrow);
	}
	return 0 - borrow;
}

#endif
