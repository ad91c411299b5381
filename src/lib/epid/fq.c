/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fq: the non-inline half (fq.h has the rest). Constants come from
 * FORMATS.md §7.1; the Montgomery constants were computed with Python's
 * integers (R = 2^256; inv = -q^-1 mod 2^64; r2 = R^2 mod q; one = R mod
 * q) and are checked again by tests/unit/epid_math.c.
 */
#include <stddef.h>
#include <string.h>

#include "epid/fq.h"
#include "internal.h"

const struct ra_mont ra_fq_mod = {
	.m = { 0xd3292ddbaed33013ULL, 0x0cdc65fb12980a82ULL,
	    0x46e5f25eee71a49fULL, 0xfffffffffffcf0cdULL },
	.inv = 0xad6c964e0537e5e5ULL,
	.r2 = { 0xfac8c6101092b98fULL, 0xdb90d49cd7f91154ULL,
	    0x4f325fc732bf3141ULL, 0x4de578ea0e56a005ULL },
	.one = { 0x2cd6d224512ccfedULL, 0xf3239a04ed67f57dULL,
	    0xb91a0da1118e5b60ULL, 0x0000000000030f32ULL },
};

/* q - 2 and (q + 1) / 4, the exponents of inversion and square root. */
static const uint64_t q_minus_2[4] = { 0xd3292ddbaed33011ULL,
	0x0cdc65fb12980a82ULL, 0x46e5f25eee71a49fULL, 0xfffffffffffcf0cdULL };
static const uint64_t q_plus_1_div_4[4] = { 0xb4ca4b76ebb4cc05ULL,
	0xc337197ec4a602a0ULL, 0x51b97c97bb9c6927ULL, 0x3fffffffffff3c33ULL };

void
ra_fq_from_mont(uint64_t r[4], const struct ra_fq *a)
{
	static const uint64_t one[4] = { 1, 0, 0, 0 };

	mont_mul(r, a->v, one, &ra_fq_mod);
}

void
ra_fq_set_u64(struct ra_fq *r, uint64_t n)
{
	uint64_t t[4] = { n, 0, 0, 0 };

	mont_mul(r->v, t, ra_fq_mod.r2, &ra_fq_mod);
}

/*
 * Left-to-right square and multiply. The exponent is public (q - 2,
 * (q + 1) / 4, or a caller's public value): the branch on its bits leaks
 * nothing, and the multiplications themselves are constant time.
 */
void
ra_fq_pow_vartime(struct ra_fq *r, const struct ra_fq *a, const uint64_t e[4])
{
	struct ra_fq acc, base = *a;
	int i;

	ra_fq_one(&acc);
	for (i = 255; i >= 0; i--) {
		ra_fq_sqr(&acc, &acc);
		if ((e[i / 64] >> (i % 64)) & 1) {
			ra_fq_mul(&acc, &acc, &base);
		}
	}
	*r = acc;
}

void
ra_fq_inv(struct ra_fq *r, const struct ra_fq *a)
{
	ra_fq_pow_vartime(r, a, q_minus_2);
}

uint64_t
ra_fq_sqrt(struct ra_fq *r, const struct ra_fq *a)
{
	struct ra_fq s, c;

	ra_fq_pow_vartime(&s, a, q_plus_1_div_4);
	ra_fq_sqr(&c, &s);
	*r = s;
	return ra_fq_eq(&c, a);
}

/* Big-endian bytes to limbs (least significant limb first). */
static void
limbs_from_be(uint64_t r[4], const uint8_t b[32])
{
	size_t i;

	for (i = 0; i < 4; i++) {
		r[i] = ra_dec64be(b + 8 * (3 - i));
	}
}

bool
ra_fq_from_bytes(struct ra_fq *r, const uint8_t b[RA_FQ_LEN])
{
	uint64_t t[4], ok;

	limbs_from_be(t, b);
	ok = mont_lt(t, ra_fq_mod.m);
	/* An out-of-range value becomes 0 before it is converted. */
	mont_select(t, t, (const uint64_t[4]){ 0, 0, 0, 0 }, ok);
	mont_mul(r->v, t, ra_fq_mod.r2, &ra_fq_mod);
	return ok != 0;
}

void
ra_fq_to_bytes(uint8_t b[RA_FQ_LEN], const struct ra_fq *a)
{
	uint64_t t[4];
	size_t i;

	ra_fq_from_mont(t, a);
	for (i = 0; i < 4; i++) {
		ra_enc64be(b + 8 * (3 - i), t[i]);
	}
}

void
ra_fq_from_digest(struct ra_fq *r, const uint8_t *b, size_t len)
{
	/* Callers pass digests of 32, 48 or 64 bytes; never more. */
	len = len > 64 ? 64 : len;
	uint8_t buf[64] = { 0 };
	uint64_t hi[4], lo[4];
	uint64_t r3[4];

	/* Right-align into 64 bytes: value = hi * 2^256 + lo. */
	memcpy(buf + 64 - len, b, len);
	limbs_from_be(hi, buf);
	limbs_from_be(lo, buf + 32);
	/* Both halves are below 2^256 < 2q: one subtraction reduces them. */
	mont_reduce_once(hi, hi, 0, ra_fq_mod.m);
	mont_reduce_once(lo, lo, 0, ra_fq_mod.m);
	/* Montgomery form of the value: hi * R^2 + lo * R (mod q). */
	mont_mul(r3, ra_fq_mod.r2, ra_fq_mod.r2, &ra_fq_mod); /* R^3 */
	mont_mul(hi, hi, r3, &ra_fq_mod);
	mont_mul(lo, lo, ra_fq_mod.r2, &ra_fq_mod);
	mont_add(r->v, hi, lo, ra_fq_mod.m);
	RA_WIPE(buf);
}
