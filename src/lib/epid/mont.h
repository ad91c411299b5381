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
	uint64_t s = a + b, c = s < a;

	s += *carry;
	c += s < *carry;
	*carry = c;
	return s;
}

/* lo(a - b - borrow); *borrow = the borrow out (0 or 1). */
static inline uint64_t
mont_sbb(uint64_t a, uint64_t b, uint64_t *borrow)
{
	uint64_t d = a - b, c = a < b;

	c += d < *borrow;
	d -= *borrow;
	*borrow = c;
	return d;
}

/*
 * r = t - m if (hi != 0 or t >= m), else t, for a value hi:t < 2m. This
 * is the final conditional subtraction of every operation. Written out
 * limb by limb: with loops, gcc -O2 keeps the limbs in memory.
 */
static inline void
mont_reduce5(uint64_t r[4], uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3,
    uint64_t hi, const uint64_t m[4])
{
	uint64_t borrow = 0, s0, s1, s2, s3, keep;

	s0 = mont_sbb(t0, m[0], &borrow);
	s1 = mont_sbb(t1, m[1], &borrow);
	s2 = mont_sbb(t2, m[2], &borrow);
	s3 = mont_sbb(t3, m[3], &borrow);
	/* Keep t only if there was a borrow and no fifth word. */
	keep = 0 - (borrow & (hi ^ 1));
	r[0] = (t0 & keep) | (s0 & ~keep);
	r[1] = (t1 & keep) | (s1 & ~keep);
	r[2] = (t2 & keep) | (s2 & ~keep);
	r[3] = (t3 & keep) | (s3 & ~keep);
}

static inline void
mont_reduce_once(
    uint64_t r[4], const uint64_t t[4], uint64_t hi, const uint64_t m[4])
{
	mont_reduce5(r, t[0], t[1], t[2], t[3], hi, m);
}

/* r = a + b mod m, for a, b < m. */
static inline void
mont_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
    const uint64_t m[4])
{
	uint64_t carry = 0, t0, t1, t2, t3;

	t0 = mont_adc(a[0], b[0], &carry);
	t1 = mont_adc(a[1], b[1], &carry);
	t2 = mont_adc(a[2], b[2], &carry);
	t3 = mont_adc(a[3], b[3], &carry);
	mont_reduce5(r, t0, t1, t2, t3, carry, m);
}

/* r = a - b mod m, for a, b < m: add m back if the subtraction borrowed. */
static inline void
mont_sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
    const uint64_t m[4])
{
	uint64_t borrow = 0, carry = 0, mask, t0, t1, t2, t3;

	t0 = mont_sbb(a[0], b[0], &borrow);
	t1 = mont_sbb(a[1], b[1], &borrow);
	t2 = mont_sbb(a[2], b[2], &borrow);
	t3 = mont_sbb(a[3], b[3], &borrow);
	mask = 0 - borrow;
	r[0] = mont_adc(t0, m[0] & mask, &carry);
	r[1] = mont_adc(t1, m[1] & mask, &carry);
	r[2] = mont_adc(t2, m[2] & mask, &carry);
	r[3] = mont_adc(t3, m[3] & mask, &carry);
}

/* r = a / 2 mod m: add m if a is odd (making it even), then shift. */
static inline void
mont_half(uint64_t r[4], const uint64_t a[4], const uint64_t m[4])
{
	uint64_t carry = 0, mask = 0 - (a[0] & 1), t0, t1, t2, t3;

	t0 = mont_adc(a[0], m[0] & mask, &carry);
	t1 = mont_adc(a[1], m[1] & mask, &carry);
	t2 = mont_adc(a[2], m[2] & mask, &carry);
	t3 = mont_adc(a[3], m[3] & mask, &carry);
	r[0] = (t0 >> 1) | (t1 << 63);
	r[1] = (t1 >> 1) | (t2 << 63);
	r[2] = (t2 >> 1) | (t3 << 63);
	r[3] = (t3 >> 1) | (carry << 63);
}

/*
 * lo(a * b + c + d), *hi = the high word. Only the product is 128-bit:
 * the sums are done in 64 bits with the comparison carry idiom, which gcc
 * compiles to fewer instructions than 128-bit additions (it spills their
 * zero-extended halves).
 */
static inline __attribute__((always_inline)) uint64_t
mont_mac2(uint64_t *hi, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	ra_u128 p = (ra_u128)a * b;
	uint64_t l = (uint64_t)p, h = (uint64_t)(p >> 64);

	l += c;
	h += l < c;
	l += d;
	h += l < d;
	*hi = h;
	return l;
}

/*
 * One CIOS round on the five-word accumulator t0..t4: t = (t + a * bi +
 * u * m) / 2^64, with u chosen so that the division is exact. The value
 * stays below 2m, so t4 ends as 0 or 1. No sum overflows: a 64x64-bit
 * product plus two 64-bit words fits in 128 bits.
 */
static inline __attribute__((always_inline)) void
mont_round(uint64_t *t0, uint64_t *t1, uint64_t *t2, uint64_t *t3, uint64_t *t4,
    const uint64_t a[4], uint64_t bi, const uint64_t m[4], uint64_t inv)
{
	uint64_t c, u, c5;

	/* t += a * bi */
	*t0 = mont_mac2(&c, a[0], bi, *t0, 0);
	*t1 = mont_mac2(&c, a[1], bi, *t1, c);
	*t2 = mont_mac2(&c, a[2], bi, *t2, c);
	*t3 = mont_mac2(&c, a[3], bi, *t3, c);
	*t4 += c;
	c5 = *t4 < c;
	/* t = (t + u * m) / 2^64 with t0 + u * m[0] = 0 mod 2^64 */
	u = *t0 * inv;
	(void)mont_mac2(&c, u, m[0], *t0, 0);
	*t0 = mont_mac2(&c, u, m[1], *t1, c);
	*t1 = mont_mac2(&c, u, m[2], *t2, c);
	*t2 = mont_mac2(&c, u, m[3], *t3, c);
	*t3 = *t4 + c;
	*t4 = c5 + (*t3 < c);
}

/*
 * r = a * b * 2^-256 mod m, for a, b < m. r may alias a or b. Always
 * inlined: it is the innermost operation of everything in epid/, and gcc
 * otherwise makes it an out-of-line clone.
 */
static inline __attribute__((always_inline)) void
mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
    const struct ra_mont *md)
{
	uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
	uint64_t b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];

	mont_round(&t0, &t1, &t2, &t3, &t4, a, b0, md->m, md->inv);
	mont_round(&t0, &t1, &t2, &t3, &t4, a, b1, md->m, md->inv);
	mont_round(&t0, &t1, &t2, &t3, &t4, a, b2, md->m, md->inv);
	mont_round(&t0, &t1, &t2, &t3, &t4, a, b3, md->m, md->inv);
	mont_reduce5(r, t0, t1, t2, t3, t4, md->m);
}

/* r = a if mask is all ones, b if it is zero; mask must be one of those. */
static inline void
mont_select(
    uint64_t r[4], const uint64_t a[4], const uint64_t b[4], uint64_t mask)
{
	r[0] = (a[0] & mask) | (b[0] & ~mask);
	r[1] = (a[1] & mask) | (b[1] & ~mask);
	r[2] = (a[2] & mask) | (b[2] & ~mask);
	r[3] = (a[3] & mask) | (b[3] & ~mask);
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
	uint64_t x =
	    (a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]);

	return ((x | (0 - x)) >> 63) - 1;
}

/* All ones if a < m (as integers), else 0. */
static inline uint64_t
mont_lt(const uint64_t a[4], const uint64_t m[4])
{
	uint64_t borrow = 0;

	(void)mont_sbb(a[0], m[0], &borrow);
	(void)mont_sbb(a[1], m[1], &borrow);
	(void)mont_sbb(a[2], m[2], &borrow);
	(void)mont_sbb(a[3], m[3], &borrow);
	return 0 - borrow;
}

#endif
