/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fp: scalars modulo the group order p (FORMATS.md §7.1). Montgomery
 * constants computed with Python's integers, as for fq.c, and checked
 * again by tests/unit/epid_math.c.
 */
#include <string.h>

#include "epid/fp.h"
#include "internal.h"

const struct ra_mont ra_fp_mod = {
	.m = { 0xf62d536cd10b500dULL, 0x0cdc65fb1299921aULL,
	    0x46e5f25eee71a49eULL, 0xfffffffffffcf0cdULL },
	.inv = 0x09826627c9c6813bULL,
	.r2 = { 0xaf948aa38f4c4808ULL, 0xbd789efd26123232ULL,
	    0x117fd17ceb526be7ULL, 0x2bfc4998fb8f407aULL },
	.one = { 0x09d2ac932ef4aff3ULL, 0xf3239a04ed666de5ULL,
	    0xb91a0da1118e5b61ULL, 0x0000000000030f32ULL },
};

static const uint64_t p_minus_2[4] = { 0xf62d536cd10b500bULL,
	0x0cdc65fb1299921aULL, 0x46e5f25eee71a49eULL, 0xfffffffffffcf0cdULL };

/* A candidate is drawn this many times at most; see ra_fp_random. */
#define RANDOM_TRIES 64

void
ra_fp_set_u64(struct ra_fp *r, uint64_t n)
{
	uint64_t t[4] = { n, 0, 0, 0 };

	mont_mul(r->v, t, ra_fp_mod.r2, &ra_fp_mod);
}

void
ra_fp_to_scalar(struct ra_scalar *s, const struct ra_fp *a)
{
	static const uint64_t one[4] = { 1, 0, 0, 0 };

	mont_mul(s->v, a->v, one, &ra_fp_mod);
}

/*
 * Square and multiply over the public exponent p - 2: the branch follows
 * the public bits, the multiplications are constant time in a.
 */
void
ra_fp_inv(struct ra_fp *r, const struct ra_fp *a)
{
	uint64_t acc[4], base[4];
	int i;

	memcpy(acc, ra_fp_mod.one, sizeof(acc));
	memcpy(base, a->v, sizeof(base));
	for (i = 255; i >= 0; i--) {
		mont_mul(acc, acc, acc, &ra_fp_mod);
		if ((p_minus_2[i / 64] >> (i % 64)) & 1) {
			mont_mul(acc, acc, base, &ra_fp_mod);
		}
	}
	memcpy(r->v, acc, sizeof(acc));
	RA_WIPE(acc);
	RA_WIPE(base);
}

static void
limbs_from_be(uint64_t r[4], const uint8_t b[32])
{
	size_t i;

	for (i = 0; i < 4; i++) {
		r[i] = ra_dec64be(b + 8 * (3 - i));
	}
}

bool
ra_fp_from_bytes(struct ra_fp *r, const uint8_t b[RA_FP_LEN])
{
	static const uint64_t zero[4] = { 0, 0, 0, 0 };
	uint64_t t[4], ok;

	limbs_from_be(t, b);
	ok = mont_lt(t, ra_fp_mod.m);
	mont_select(t, t, zero, ok);
	mont_mul(r->v, t, ra_fp_mod.r2, &ra_fp_mod);
	RA_WIPE(t);
	return ok != 0;
}

void
ra_fp_to_bytes(uint8_t b[RA_FP_LEN], const struct ra_fp *a)
{
	struct ra_scalar s;
	size_t i;

	ra_fp_to_scalar(&s, a);
	for (i = 0; i < 4; i++) {
		ra_enc64be(b + 8 * (3 - i), s.v[i]);
	}
	RA_WIPE(s);
}

void
ra_fp_from_digest(struct ra_fp *r, const uint8_t *b, size_t len)
{
	uint8_t buf[64] = { 0 };
	uint64_t hi[4], lo[4], r3[4];

	/* Callers pass digests of 32, 48 or 64 bytes; never more. */
	len = len > 64 ? 64 : len;
	memcpy(buf + 64 - len, b, len);
	limbs_from_be(hi, buf);
	limbs_from_be(lo, buf + 32);
	/* value = hi * 2^256 + lo; each half < 2^256 < 2p. */
	mont_reduce_once(hi, hi, 0, ra_fp_mod.m);
	mont_reduce_once(lo, lo, 0, ra_fp_mod.m);
	/* Montgomery form: hi * R^2 + lo * R mod p. */
	mont_mul(r3, ra_fp_mod.r2, ra_fp_mod.r2, &ra_fp_mod);
	mont_mul(hi, hi, r3, &ra_fp_mod);
	mont_mul(lo, lo, ra_fp_mod.r2, &ra_fp_mod);
	mont_add(r->v, hi, lo, ra_fp_mod.m);
	RA_WIPE(buf);
	RA_WIPE(hi);
	RA_WIPE(lo);
}

enum ra_err
ra_fp_random(struct ra_fp *r, const struct ra_rng *rng)
{
	uint8_t b[RA_FP_LEN];
	enum ra_err err = RA_ERR_RNG;
	int i;

	for (i = 0; i < RANDOM_TRIES; i++) {
		if (ra_rng_fill(rng, b, sizeof(b)) != RA_OK) {
			err = RA_ERR_RNG;
			break;
		}
		/* Accept 0 < b < p; the loop branches only on a rejection. */
		if (ra_fp_from_bytes(r, b) && ra_fp_is_zero(r) == 0) {
			err = RA_OK;
			break;
		}
	}
	RA_WIPE(b);
	if (err != RA_OK) {
		memset(r, 0, sizeof(*r));
	}
	return err;
}

enum ra_err
ra_fp_hash(struct ra_fp *r, enum ra_hash_alg alg, const void *msg, size_t len)
{
	uint8_t d[RA_HASH_MAX_LEN];
	size_t n = ra_hash(alg, d, msg, len);

	if (n == 0) {
		return RA_ERR_ARG;
	}
	ra_fp_from_digest(r, d, n);
	return RA_OK;
}
