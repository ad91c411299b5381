/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * G1 arithmetic with the complete projective formulas of Renes, Costello
 * and Batina (EUROCRYPT 2016), specialised to a = 0, b = 3: b3 = 3b = 9.
 * The step numbers in the comments are the lines of the paper's
 * Algorithms 7 (addition) and 9 (doubling).
 */
#include <string.h>

#include "epid/g1.h"
#include "internal.h"

/* r = 9 a = 3b a, by additions (cheaper than a multiplication). */
static void
mul_b3(struct ra_fq *r, const struct ra_fq *a)
{
	struct ra_fq t;

	ra_fq_dbl(&t, a);
	ra_fq_dbl(&t, &t);
	ra_fq_dbl(&t, &t);
	ra_fq_add(r, &t, a);
}

void
ra_g1_identity(struct ra_g1 *r)
{
	ra_fq_zero(&r->x);
	ra_fq_one(&r->y);
	ra_fq_zero(&r->z);
}

void
ra_g1_generator(struct ra_g1 *r)
{
	ra_fq_set_u64(&r->x, 1);
	ra_fq_set_u64(&r->y, 2);
	ra_fq_one(&r->z);
}

void
ra_g1_add(struct ra_g1 *r, const struct ra_g1 *p, const struct ra_g1 *q)
{
	struct ra_fq t0, t1, t2, t3, t4, x3, y3, z3;

	ra_fq_mul(&t0, &p->x, &q->x); /*  1 */
	ra_fq_mul(&t1, &p->y, &q->y); /*  2 */
	ra_fq_mul(&t2, &p->z, &q->z); /*  3 */
	ra_fq_add(&t3, &p->x, &p->y); /*  4 */
	ra_fq_add(&t4, &q->x, &q->y); /*  5 */
	ra_fq_mul(&t3, &t3, &t4);     /*  6 */
	ra_fq_add(&t4, &t0, &t1);     /*  7 */
	ra_fq_sub(&t3, &t3, &t4);     /*  8 */
	ra_fq_add(&t4, &p->y, &p->z); /*  9 */
	ra_fq_add(&x3, &q->y, &q->z); /* 10 */
	ra_fq_mul(&t4, &t4, &x3);     /* 11 */
	ra_fq_add(&x3, &t1, &t2);     /* 12 */
	ra_fq_sub(&t4, &t4, &x3);     /* 13 */
	ra_fq_add(&x3, &p->x, &p->z); /* 14 */
	ra_fq_add(&y3, &q->x, &q->z); /* 15 */
	ra_fq_mul(&x3, &x3, &y3);     /* 16 */
	ra_fq_add(&y3, &t0, &t2);     /* 17 */
	ra_fq_sub(&y3, &x3, &y3);     /* 18 */
	ra_fq_add(&x3, &t0, &t0);     /* 19 */
	ra_fq_add(&t0, &x3, &t0);     /* 20 */
	mul_b3(&t2, &t2);             /* 21 */
	ra_fq_add(&z3, &t1, &t2);     /* 22 */
	ra_fq_sub(&t1, &t1, &t2);     /* 23 */
	mul_b3(&y3, &y3);             /* 24 */
	ra_fq_mul(&x3, &t4, &y3);     /* 25 */
	ra_fq_mul(&t2, &t3, &t1);     /* 26 */
	ra_fq_sub(&x3, &t2, &x3);     /* 27 */
	ra_fq_mul(&y3, &y3, &t0);     /* 28 */
	ra_fq_mul(&t1, &t1, &z3);     /* 29 */
	ra_fq_add(&y3, &t1, &y3);     /* 30 */
	ra_fq_mul(&t0, &t0, &t3);     /* 31 */
	ra_fq_mul(&z3, &z3, &t4);     /* 32 */
	ra_fq_add(&z3, &z3, &t0);     /* 33 */
	r->x = x3;
	r->y = y3;
	r->z = z3;
}

void
ra_g1_dbl(struct ra_g1 *r, const struct ra_g1 *p)
{
	struct ra_fq t0, t1, t2, x3, y3, z3;

	ra_fq_sqr(&t0, &p->y);        /*  1 */
	ra_fq_add(&z3, &t0, &t0);     /*  2 */
	ra_fq_add(&z3, &z3, &z3);     /*  3 */
	ra_fq_add(&z3, &z3, &z3);     /*  4 */
	ra_fq_mul(&t1, &p->y, &p->z); /*  5 */
	ra_fq_sqr(&t2, &p->z);        /*  6 */
	mul_b3(&t2, &t2);             /*  7 */
	ra_fq_mul(&x3, &t2, &z3);     /*  8 */
	ra_fq_add(&y3, &t0, &t2);     /*  9 */
	ra_fq_mul(&z3, &t1, &z3);     /* 10 */
	ra_fq_add(&t1, &t2, &t2);     /* 11 */
	ra_fq_add(&t2, &t1, &t2);     /* 12 */
	ra_fq_sub(&t0, &t0, &t2);     /* 13 */
	ra_fq_mul(&y3, &t0, &y3);     /* 14 */
	ra_fq_add(&y3, &x3, &y3);     /* 15 */
	ra_fq_mul(&t1, &p->x, &p->y); /* 16 */
	ra_fq_mul(&x3, &t0, &t1);     /* 17 */
	ra_fq_add(&x3, &x3, &x3);     /* 18 */
	r->x = x3;
	r->y = y3;
	r->z = z3;
}

void
ra_g1_neg(struct ra_g1 *r, const struct ra_g1 *a)
{
	r->x = a->x;
	ra_fq_neg(&r->y, &a->y);
	r->z = a->z;
}

uint64_t
ra_g1_is_identity(const struct ra_g1 *a)
{
	return ra_fq_is_zero(&a->z);
}

/* X1 Z2 = X2 Z1 and Y1 Z2 = Y2 Z1, or both are the identity. */
uint64_t
ra_g1_eq(const struct ra_g1 *a, const struct ra_g1 *b)
{
	struct ra_fq l, r;
	uint64_t ia = ra_g1_is_identity(a), ib = ra_g1_is_identity(b), same;

	ra_fq_mul(&l, &a->x, &b->z);
	ra_fq_mul(&r, &b->x, &a->z);
	same = ra_fq_eq(&l, &r);
	ra_fq_mul(&l, &a->y, &b->z);
	ra_fq_mul(&r, &b->y, &a->z);
	same &= ra_fq_eq(&l, &r);
	return (ia & ib) | (~ia & ~ib & same);
}

uint64_t
ra_g1_on_curve(const struct ra_fq *x, const struct ra_fq *y)
{
	struct ra_fq l, r, b;

	ra_fq_set_u64(&b, 3);
	ra_fq_sqr(&l, y);
	ra_fq_sqr(&r, x);
	ra_fq_mul(&r, &r, x);
	ra_fq_add(&r, &r, &b);
	return ra_fq_eq(&l, &r);
}

void
ra_g1_from_affine(struct ra_g1 *r, const struct ra_fq *x, const struct ra_fq *y)
{
	r->x = *x;
	r->y = *y;
	ra_fq_one(&r->z);
}

void
ra_g1_to_affine(struct ra_fq *x, struct ra_fq *y, const struct ra_g1 *a)
{
	struct ra_fq zi;

	/* The inverse of Z = 0 is 0, so the identity becomes (0, 0). */
	ra_fq_inv(&zi, &a->z);
	ra_fq_mul(x, &a->x, &zi);
	ra_fq_mul(y, &a->y, &zi);
}

bool
ra_g1_from_bytes(struct ra_g1 *r, const uint8_t b[RA_G1_LEN])
{
	struct ra_fq x, y;
	bool ok = ra_fq_from_bytes(&x, b);

	ok &= ra_fq_from_bytes(&y, b + RA_FQ_LEN);
	ok &= ra_g1_on_curve(&x, &y) != 0;
	if (!ok) {
		ra_g1_identity(r);
		return false;
	}
	ra_g1_from_affine(r, &x, &y);
	return true;
}

void
ra_g1_to_bytes(uint8_t b[RA_G1_LEN], const struct ra_g1 *a)
{
	struct ra_fq x, y;

	ra_g1_to_affine(&x, &y, a);
	ra_fq_to_bytes(b, &x);
	ra_fq_to_bytes(b + RA_FQ_LEN, &y);
}

/* r = table[idx] for idx in [0, 16), reading every entry (no secret index). */
static void
lookup(struct ra_g1 *r, const struct ra_g1 table[16], uint64_t idx)
{
	uint64_t i, mask;

	*r = table[0];
	for (i = 1; i < 16; i++) {
		/* mask = all ones iff i == idx */
		mask = ((i ^ idx) - 1) >> 63;
		mask = 0 - mask;
		ra_fq_select(&r->x, &table[i].x, &r->x, mask);
		ra_fq_select(&r->y, &table[i].y, &r->y, mask);
		ra_fq_select(&r->z, &table[i].z, &r->z, mask);
	}
}

/* table[i] = i a for i in [0, 16). */
static void
build_table(struct ra_g1 table[16], const struct ra_g1 *a)
{
	int i;

	ra_g1_identity(&table[0]);
	table[1] = *a;
	for (i = 2; i < 16; i += 2) {
		ra_g1_dbl(&table[i], &table[i / 2]);
		ra_g1_add(&table[i + 1], &table[i], a);
	}
}

/* The 4-bit window number w (0 = least significant) of k. */
static uint64_t
window(const struct ra_scalar *k, int w)
{
	return (k->v[w / 16] >> (4 * (w % 16))) & 15;
}

void
ra_g1_multi_mul(
    struct ra_g1 *r, const struct ra_g1 *a, const struct ra_scalar *k, size_t n)
{
	struct ra_g1 table[RA_G1_MULTI_MAX][16], acc, t;
	size_t j;
	int w;

	n = n > RA_G1_MULTI_MAX ? RA_G1_MULTI_MAX : n;
	for (j = 0; j < n; j++) {
		build_table(table[j], &a[j]);
	}
	ra_g1_identity(&acc);
	for (w = 63; w >= 0; w--) {
		ra_g1_dbl(&acc, &acc);
		ra_g1_dbl(&acc, &acc);
		ra_g1_dbl(&acc, &acc);
		ra_g1_dbl(&acc, &acc);
		for (j = 0; j < n; j++) {
			lookup(&t, table[j], window(&k[j], w));
			ra_g1_add(&acc, &acc, &t);
		}
	}
	*r = acc;
	ra_wipe(table, sizeof(table));
	RA_WIPE(t);
}

void
ra_g1_mul(struct ra_g1 *r, const struct ra_g1 *a, const struct ra_scalar *k)
{
	ra_g1_multi_mul(r, a, k, 1);
}

enum ra_err
ra_g1_hash(struct ra_g1 *r, uint32_t *counter, enum ra_hash_alg alg,
    const void *msg, size_t len)
{
	struct ra_hash_ctx h;
	uint8_t d[RA_HASH_MAX_LEN], ctr[4];
	struct ra_fq x, y, z, ny;
	size_t n;
	uint32_t i;

	ra_g1_identity(r);
	for (i = 0; i < RA_G1_HASH_TRIES; i++) {
		if (ra_hash_init(&h, alg) != RA_OK) {
			return RA_ERR_ARG;
		}
		ra_enc32be(ctr, i);
		ra_hash_update(&h, ctr, sizeof(ctr));
		ra_hash_update(&h, msg, len);
		n = ra_hash_final(&h, d);
		/* x = H(i || msg) mod q; z = x^3 + 3 */
		ra_fq_from_digest(&x, d, n);
		ra_fq_set_u64(&z, 3);
		ra_fq_sqr(&y, &x);
		ra_fq_mul(&y, &y, &x);
		ra_fq_add(&z, &z, &y);
		if (ra_fq_sqrt(&y, &z) == 0) {
			continue;
		}
		/* Of y and -y, keep the one with an even Montgomery form. */
		ra_fq_neg(&ny, &y);
		ra_fq_select(&y, &ny, &y, 0 - ra_fq_mont_parity(&y));
		ra_g1_from_affine(r, &x, &y);
		if (counter != NULL) {
			*counter = i;
		}
		return RA_OK;
	}
	return RA_ERR_CRYPTO;
}

/* wNAF window: digits are odd, |d| < 2^(WNAF_W - 1). */
#define WNAF_W     5
#define WNAF_TABLE (1 << (WNAF_W - 2)) /* P, 3P, ..., 15P */
#define WNAF_LEN   257

/*
 * The width-5 non-adjacent form of k: d[i] in {0, +-1, +-3, ..., +-15},
 * k = sum d[i] 2^i, nonzero digits at least 5 apart. Returns the length.
 * Variable time (public scalars only).
 */
static int
wnaf(int d[WNAF_LEN], const struct ra_scalar *k)
{
	uint64_t v[5] = { k->v[0], k->v[1], k->v[2], k->v[3], 0 };
	int i, len = 0, j;

	memset(d, 0, WNAF_LEN * sizeof(d[0]));
	while ((v[0] | v[1] | v[2] | v[3] | v[4]) != 0) {
		int digit = 0;

		if (v[0] & 1) {
			digit = (int)(v[0] & ((1U << WNAF_W) - 1));
			if (digit >= 1 << (WNAF_W - 1)) {
				digit -= 1 << WNAF_W;
			}
			/* v -= digit, as a 320-bit integer */
			if (digit > 0) {
				uint64_t b = (uint64_t)digit;

				for (j = 0; j < 5 && b != 0; j++) {
					uint64_t o = v[j];

					v[j] -= b;
					b = o < b;
				}
			} else {
				uint64_t c = (uint64_t)-digit;

				for (j = 0; j < 5 && c != 0; j++) {
					v[j] += c;
					c = v[j] < c;
				}
			}
		}
		d[len++] = digit;
		for (i = 0; i < 4; i++) {
			v[i] = (v[i] >> 1) | (v[i + 1] << 63);
		}
		v[4] >>= 1;
	}
	return len;
}

void
ra_g1_multi_mul_vartime(
    struct ra_g1 *r, const struct ra_g1 *a, const struct ra_scalar *k, size_t n)
{
	struct ra_g1 table[RA_G1_MULTI_MAX][WNAF_TABLE], twice, acc, t;
	int d[RA_G1_MULTI_MAX][WNAF_LEN];
	int len = 0, l, i;
	size_t j;

	n = n > RA_G1_MULTI_MAX ? RA_G1_MULTI_MAX : n;
	for (j = 0; j < n; j++) {
		table[j][0] = a[j];
		ra_g1_dbl(&twice, &a[j]);
		for (i = 1; i < WNAF_TABLE; i++) {
			ra_g1_add(&table[j][i], &table[j][i - 1], &twice);
		}
		l = wnaf(d[j], &k[j]);
		len = l > len ? l : len;
	}
	ra_g1_identity(&acc);
	for (i = len - 1; i >= 0; i--) {
		ra_g1_dbl(&acc, &acc);
		for (j = 0; j < n; j++) {
			int v = d[j][i];

			if (v > 0) {
				ra_g1_add(&acc, &acc, &table[j][v / 2]);
			} else if (v < 0) {
				ra_g1_neg(&t, &table[j][-v / 2]);
				ra_g1_add(&acc, &acc, &t);
			}
		}
	}
	*r = acc;
}
