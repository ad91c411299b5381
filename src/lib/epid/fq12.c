/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fq12 = Fq6[w] / (w^2 - v). An element is sum e_k w^k (k = 0..5) with
 * e_0 = c0.c0, e_1 = c1.c0, e_2 = c0.c1, e_3 = c1.c1, e_4 = c0.c2,
 * e_5 = c1.c2 in Fq2, since w^2 = v and w^6 = xi.
 *
 * Frobenius: (e w^k)^(q^j) = e^(q^j) w^k xi^(k (q^j - 1) / 6), so each
 * coefficient is conjugated (odd j) and scaled by gamma_j[k] =
 * xi^(k (q^j - 1) / 6). The tables below are those constants in
 * Montgomery form, computed with Python's integers; gamma_2 lies in Fq.
 * tests/unit/epid_math.c checks every Frobenius map against a^(q^j).
 */
#include "epid/fq12.h"
#include "internal.h"

const struct ra_fq2 ra_fq12_gamma1[6] = {
	{ { { 0x2cd6d224512ccfedULL, 0xf3239a04ed67f57dULL,
	      0xb91a0da1118e5b60ULL, 0x0000000000030f32ULL } },
	    { { 0x0000000000000000ULL, 0x0000000000000000ULL,
	        0x0000000000000000ULL, 0x0000000000000000ULL } } },
	{ { { 0x42829ff25907497cULL, 0x4185347fc4646523ULL,
	      0xcd6ab10e1d76caf4ULL, 0xb6eb443aea11d05fULL } },
	    { { 0xe838a3ed044e9867ULL, 0x879608d2abe28077ULL,
	        0x006c6ce02b5f25e9ULL, 0x532ff73213a0645aULL } } },
	{ { { 0x3c369186a339e47fULL, 0x946de9fd68f77f46ULL,
	      0x8b499e185e4bd147ULL, 0xf0288ffb6cead27cULL } },
	    { { 0x4299fb1b955b3bccULL, 0x52ef82807800fd9cULL,
	        0xfff219498846a2d0ULL, 0xf0325820c38be834ULL } } },
	{ { { 0x9e007a7e0919f782ULL, 0xe4cd2de0abf5c895ULL,
	      0xb6944fa55d9219f5ULL, 0xa601d3a722ab8f81ULL } },
	    { { 0x68d7c7206360bef1ULL, 0xbcbdf5c6455386a8ULL,
	        0x2642acebccb28f4cULL, 0x4c03a74e455a2e36ULL } } },
	{ { { 0x441e33cadb1f73edULL, 0xdbd045966b71a7c9ULL,
	      0xa41406a1c7520352ULL, 0xb3ff5b7fd832462fULL } },
	    { { 0x921881b5b01462fcULL, 0x3146c1d404c54f45ULL,
	        0x64b1a6e38287c050ULL, 0xa4ca8f451a40ea3eULL } } },
	{ { { 0x3e5e3c05578a9d18ULL, 0xb1b0536bd8c6a885ULL,
	      0xa944cbc866765cacULL, 0x9dad003f2ffdd862ULL } },
	    { { 0x6ed01ba53a405278ULL, 0x7129962b002a0aebULL,
	        0x1015c86d1241573bULL, 0x904b954480d1b7a1ULL } } },
};
const struct ra_fq2 ra_fq12_gamma3[6] = {
	{ { { 0x2cd6d224512ccfedULL, 0xf3239a04ed67f57dULL,
	      0xb91a0da1118e5b60ULL, 0x0000000000030f32ULL } },
	    { { 0x0000000000000000ULL, 0x0000000000000000ULL,
	        0x0000000000000000ULL, 0x0000000000000000ULL } } },
	{ { { 0x065f34d27611d06bULL, 0x67358efa12fa0addULL,
	      0x4fb40799b7e12d42ULL, 0xfef321e56787119bULL } },
	    { { 0xaab4fc3704655deaULL, 0xb8516878e7d90787ULL,
	        0x008cf6bc2c6da804ULL, 0x8e4e1dc0edb7ef28ULL } } },
	{ { { 0x257b701c6da61545ULL, 0x8ca73ee2af0d6e64ULL,
	      0xaf3ccae772ef554bULL, 0xf479deef2658a370ULL } },
	    { { 0xfd7264778615ac61ULL, 0x4eff66a7525ebe7cULL,
	        0x83df47f95af702ceULL, 0x9c46ad6ef927d35eULL } } },
	{ { { 0x3528b35da5b93891ULL, 0x280f381a66a241edULL,
	      0x9051a2b990df8aa9ULL, 0x59fe2c58dd51614bULL } },
	    { { 0x6a5166bb4b727122ULL, 0x501e7034cd4483daULL,
	        0x20a3457321bf1552ULL, 0xb3fc58b1baa2c297ULL } } },
	{ { { 0xfda0db353f6a9fb4ULL, 0xb682aa6598b1168cULL,
	      0xf6fbd195f1a7c6e7ULL, 0xaf43c7d04fad163fULL } },
	    { { 0xadbd3aa9299ec13fULL, 0xa2b63dad25a60eceULL,
	        0x135d55565867e606ULL, 0x11da7f314bd0b8fdULL } } },
	{ { { 0xaef9800cdfa3d7b2ULL, 0x8b4d12301836019bULL,
	      0xdecc57b3b1b425c8ULL, 0x0c13037719a7e4ebULL } },
	    { { 0xecd33fabf832c23dULL, 0x1fd773e05bef06e6ULL,
	        0x158dd57fb84b5972ULL, 0x87be2cf814a90d19ULL } } },
};
const struct ra_fq ra_fq12_gamma2[6] = {
	{ { 0x2cd6d224512ccfedULL, 0xf3239a04ed67f57dULL, 0xb91a0da1118e5b60ULL,
	    0x0000000000030f32ULL } },
	{ { 0xd91ae25cd52d5c19ULL, 0x1a0b010be28cd0feULL, 0x02e65bc8c6ad0b59ULL,
	    0x266648723c42ac32ULL } },
	{ { 0xac44103884008c2cULL, 0x26e76706f524db81ULL, 0x49cc4e27b51eaff8ULL,
	    0x266648723c3f9cffULL } },
	{ { 0xa6525bb75da66026ULL, 0x19b8cbf625301505ULL, 0x8dcbe4bddce3493eULL,
	    0xfffffffffff9e19aULL } },
	{ { 0xfa0e4b7ed9a5d3faULL, 0xf2d164ef300b3983ULL, 0x43ff969627c49945ULL,
	    0xd999b78dc3ba449bULL } },
	{ { 0x26e51da32ad2a3e7ULL, 0xe5f4fef41d732f01ULL, 0xfd19a4373952f4a6ULL,
	    0xd999b78dc3bd53cdULL } },
};

void
ra_fq12_mul(struct ra_fq12 *r, const struct ra_fq12 *a, const struct ra_fq12 *b)
{
	struct ra_fq6 t0, t1, x, y;

	/* Karatsuba: c0 = t0 + v t1, c1 = (a0 + a1)(b0 + b1) - t0 - t1. */
	ra_fq6_mul(&t0, &a->c0, &b->c0);
	ra_fq6_mul(&t1, &a->c1, &b->c1);
	ra_fq6_add(&x, &a->c0, &a->c1);
	ra_fq6_add(&y, &b->c0, &b->c1);
	ra_fq6_mul(&x, &x, &y);
	ra_fq6_sub(&x, &x, &t0);
	ra_fq6_sub(&r->c1, &x, &t1);
	ra_fq6_mul_v(&t1, &t1);
	ra_fq6_add(&r->c0, &t0, &t1);
}

void
ra_fq12_sqr(struct ra_fq12 *r, const struct ra_fq12 *a)
{
	struct ra_fq6 t, x, y;

	/* Complex squaring: c0 = (a0 + a1)(a0 + v a1) - t - v t, c1 = 2t. */
	ra_fq6_mul(&t, &a->c0, &a->c1);
	ra_fq6_add(&x, &a->c0, &a->c1);
	ra_fq6_mul_v(&y, &a->c1);
	ra_fq6_add(&y, &y, &a->c0);
	ra_fq6_mul(&x, &x, &y);
	ra_fq6_sub(&x, &x, &t);
	ra_fq6_mul_v(&y, &t);
	ra_fq6_sub(&r->c0, &x, &y);
	ra_fq6_add(&r->c1, &t, &t);
}

void
ra_fq12_conj(struct ra_fq12 *r, const struct ra_fq12 *a)
{
	r->c0 = a->c0;
	ra_fq6_neg(&r->c1, &a->c1);
}

/* (a0 + a1 w)^-1 = (a0 - a1 w) / (a0^2 - v a1^2). */
void
ra_fq12_inv(struct ra_fq12 *r, const struct ra_fq12 *a)
{
	struct ra_fq6 t0, t1;

	ra_fq6_sqr(&t0, &a->c0);
	ra_fq6_sqr(&t1, &a->c1);
	ra_fq6_mul_v(&t1, &t1);
	ra_fq6_sub(&t0, &t0, &t1);
	ra_fq6_inv(&t0, &t0);
	ra_fq6_mul(&r->c0, &a->c0, &t0);
	ra_fq6_mul(&t1, &a->c1, &t0);
	ra_fq6_neg(&r->c1, &t1);
}

/* The coefficients e_0..e_5 of a, as pointers into the struct. */
static void
coeffs(struct ra_fq2 *e[6], struct ra_fq12 *a)
{
	e[0] = &a->c0.c0;
	e[1] = &a->c1.c0;
	e[2] = &a->c0.c1;
	e[3] = &a->c1.c1;
	e[4] = &a->c0.c2;
	e[5] = &a->c1.c2;
}

void
ra_fq12_frob(struct ra_fq12 *r, const struct ra_fq12 *a, int k)
{
	struct ra_fq2 *e[6];
	int i;

	*r = *a;
	coeffs(e, r);
	for (i = 0; i < 6; i++) {
		if (k == 2) {
			ra_fq2_mul_fq(e[i], e[i], &ra_fq12_gamma2[i]);
		} else {
			ra_fq2_conj(e[i], e[i]);
			ra_fq2_mul(e[i], e[i],
			    k == 1 ? &ra_fq12_gamma1[i] : &ra_fq12_gamma3[i]);
		}
	}
}

/* A square in Fq4 = Fq2[s] / (s^2 - xi): (x + y s)^2 = (x^2 + xi y^2) +
 * 2 x y s, with 2 x y = (x + y)^2 - x^2 - y^2. */
static void
fq4_sqr(struct ra_fq2 *rx, struct ra_fq2 *ry, const struct ra_fq2 *x,
    const struct ra_fq2 *y)
{
	struct ra_fq2 x2, y2, s;

	ra_fq2_sqr(&x2, x);
	ra_fq2_sqr(&y2, y);
	ra_fq2_add(&s, x, y);
	ra_fq2_sqr(&s, &s);
	ra_fq2_sub(&s, &s, &x2);
	ra_fq2_sub(ry, &s, &y2);
	ra_fq2_mul_xi(&y2, &y2);
	ra_fq2_add(rx, &x2, &y2);
}

/*
 * r = 3 s - 2 a = 2 (s - a) + s (sign = -1), or 3 s + 2 a = 2 (s + a) + s
 * (sign = +1): three additions.
 */
static void
three_two(
    struct ra_fq2 *r, const struct ra_fq2 *s, const struct ra_fq2 *a, int sign)
{
	struct ra_fq2 t;

	if (sign < 0) {
		ra_fq2_sub(&t, s, a);
	} else {
		ra_fq2_add(&t, s, a);
	}
	ra_fq2_dbl(&t, &t);
	ra_fq2_add(r, &t, s);
}

/*
 * With s = w^3 (s^2 = xi), a = A + B w + C w^2 over Fq4 = Fq2[s], where
 * A = e0 + e3 s, B = e1 + e4 s, C = e2 + e5 s. For a cyclotomic a:
 *   A' = 3 A^2 - 2 conj(A), B' = 3 s C^2 + 2 conj(B),
 *   C' = 3 B^2 - 2 conj(C), with conj(x + y s) = x - y s.
 * The sign argument of three_two is public (it is a constant of the
 * formula), so the branch in it is not secret-dependent.
 */
void
ra_fq12_cyclo_sqr(struct ra_fq12 *r, const struct ra_fq12 *a)
{
	struct ra_fq2 ax, ay, bx, by, cx, cy, t;
	struct ra_fq12 in = *a;
	struct ra_fq2 *e[6], *o[6];

	coeffs(e, &in);
	coeffs(o, r);
	fq4_sqr(&ax, &ay, e[0], e[3]);
	fq4_sqr(&bx, &by, e[1], e[4]);
	fq4_sqr(&cx, &cy, e[2], e[5]);
	/* A' */
	three_two(o[0], &ax, e[0], -1);
	three_two(o[3], &ay, e[3], +1);
	/* B' = 3 (xi cy + cx s) + 2 (e1 - e4 s) */
	ra_fq2_mul_xi(&t, &cy);
	three_two(o[1], &t, e[1], +1);
	three_two(o[4], &cx, e[4], -1);
	/* C' */
	three_two(o[2], &bx, e[2], -1);
	three_two(o[5], &by, e[5], +1);
}

void
ra_fq12_mul_line(struct ra_fq12 *r, const struct ra_fq12 *a,
    const struct ra_fq2 *l0, const struct ra_fq2 *l1, const struct ra_fq2 *l3)
{
	struct ra_fq6 t0, t1, x;
	struct ra_fq2 s;

	/* l = L0 + L1 w with L0 = l0, L1 = l1 + l3 v. */
	ra_fq6_mul_fq2(&t0, &a->c0, l0);
	ra_fq6_mul_01(&t1, &a->c1, l1, l3);
	ra_fq6_add(&x, &a->c0, &a->c1);
	ra_fq2_add(&s, l0, l1);
	ra_fq6_mul_01(&x, &x, &s, l3);
	ra_fq6_sub(&x, &x, &t0);
	ra_fq6_sub(&r->c1, &x, &t1);
	ra_fq6_mul_v(&t1, &t1);
	ra_fq6_add(&r->c0, &t0, &t1);
}

void
ra_fq12_one(struct ra_fq12 *r)
{
	ra_fq6_one(&r->c0);
	ra_fq6_zero(&r->c1);
}

uint64_t
ra_fq12_eq(const struct ra_fq12 *a, const struct ra_fq12 *b)
{
	return ra_fq6_eq(&a->c0, &b->c0) & ra_fq6_eq(&a->c1, &b->c1);
}

uint64_t
ra_fq12_is_one(const struct ra_fq12 *a)
{
	struct ra_fq12 one;

	ra_fq12_one(&one);
	return ra_fq12_eq(a, &one);
}

void
ra_fq12_select(struct ra_fq12 *r, const struct ra_fq12 *a,
    const struct ra_fq12 *b, uint64_t mask)
{
	ra_fq6_select(&r->c0, &a->c0, &b->c0, mask);
	ra_fq6_select(&r->c1, &a->c1, &b->c1, mask);
}

/* The twelve Fq values in serialization order: c0.c0.c0 ... c1.c2.c1. */
static void
all_fq(struct ra_fq *f[12], struct ra_fq12 *a)
{
	struct ra_fq6 *six[2] = { &a->c0, &a->c1 };
	int i;

	for (i = 0; i < 2; i++) {
		f[6 * i + 0] = &six[i]->c0.c0;
		f[6 * i + 1] = &six[i]->c0.c1;
		f[6 * i + 2] = &six[i]->c1.c0;
		f[6 * i + 3] = &six[i]->c1.c1;
		f[6 * i + 4] = &six[i]->c2.c0;
		f[6 * i + 5] = &six[i]->c2.c1;
	}
}

bool
ra_fq12_from_bytes(struct ra_fq12 *r, const uint8_t b[RA_FQ12_LEN])
{
	struct ra_fq *f[12];
	bool ok = true;
	int i;

	all_fq(f, r);
	for (i = 0; i < 12; i++) {
		ok &= ra_fq_from_bytes(f[i], b + RA_FQ_LEN * (size_t)i);
	}
	return ok;
}

void
ra_fq12_to_bytes(uint8_t b[RA_FQ12_LEN], const struct ra_fq12 *a)
{
	struct ra_fq12 t = *a;
	struct ra_fq *f[12];
	int i;

	all_fq(f, &t);
	for (i = 0; i < 12; i++) {
		ra_fq_to_bytes(b + RA_FQ_LEN * (size_t)i, f[i]);
	}
}
