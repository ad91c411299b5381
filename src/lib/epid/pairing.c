/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The optimal ate pairing on Fp256BN (FORMATS.md §7.5):
 *
 *   e(P, Q) = (f_{s,Q}(P) l_{[s]Q, pi(Q)}(P) l_{[s]Q + pi(Q), -pi^2(Q)}(P))
 *             ^ ((q^12 - 1) / p),      s = 6z + 2, z = -t.
 *
 * Miller loop: the loop runs over |s| = 6t - 2 in non-adjacent form, with
 * T in homogeneous projective coordinates on the twist and the line
 * formulas of Aranha, Karabina, Longa, Gebotys and Lopez, "Faster
 * explicit formulas for computing pairings over ordinary curves"
 * (EUROCRYPT 2011, §4): a line is l0 + l1 w + l3 w^3, with l0 = (Fq2
 * factor) * yP and l1 = (Fq2 factor) * xP. Lines are scaled by Fq2
 * factors, which the final exponentiation removes. Because s < 0, the
 * loop's f is conjugated (f^(q^6), equal to 1/f after the final
 * exponentiation) and T negated before the two Frobenius lines.
 *
 * Final exponentiation: (q^6 - 1)(q^2 + 1) by conjugation, one inversion
 * and a Frobenius; then (q^4 - q^2 + 1) / p = l0 + l1 q + l2 q^2 + q^3
 * with l0 = -36z^3 - 30z^2 - 18z - 2, l1 = -36z^3 - 18z^2 - 12z + 1,
 * l2 = 6z^2 + 1, evaluated with the addition chain of Scott, Benger,
 * Charlemagne, Dominguez Perez and Kachisa, "On the final exponentiation
 * for calculating pairings on ordinary elliptic curves" (Pairing 2009),
 * which computes that exponent exactly (checked with Python's integers).
 */
#include "epid/pairing.h"
#include "internal.h"

/* t of §7.1 (z = -t). */
#define EPID_T 0x6882F5C030B0A801ULL

/*
 * 6t - 2 = 0x27311c2812423f004 in non-adjacent form, most significant
 * digit first (computed with Python; tests/unit/epid_math.c re-derives
 * the value from the digits).
 */
static const char loop_naf[] =
    "+0+00-0+0-000+00+00-0000+0+000000+00+00+0000+00+00000-000000000+00";

/*
 * Doubling step: T = 2T and the tangent line at T evaluated at P, with
 * A = XY/2, B = Y^2, C = Z^2, E = 3b'C, F = 3E, H = (Y + Z)^2 - B - C:
 *   X3 = A (B - F), Y3 = ((B + F)/2)^2 - 3E^2, Z3 = B H,
 *   line = -H yP + 3X^2 xP w + (E - B) w^3.
 */
static void
dbl_step(struct ra_g2 *t, struct ra_fq2 *l0, struct ra_fq2 *l1,
    struct ra_fq2 *l3, const struct ra_fq *xp, const struct ra_fq *yp)
{
	struct ra_fq2 a, b, c, e, f, h, x2, u;

	ra_fq2_mul(&a, &t->x, &t->y);
	ra_fq2_half(&a, &a);
	ra_fq2_sqr(&b, &t->y);
	ra_fq2_sqr(&c, &t->z);
	ra_g2_mul_b3(&e, &c);
	ra_fq2_dbl(&f, &e);
	ra_fq2_add(&f, &f, &e);
	ra_fq2_add(&h, &t->y, &t->z);
	ra_fq2_sqr(&h, &h);
	ra_fq2_sub(&h, &h, &b);
	ra_fq2_sub(&h, &h, &c);
	ra_fq2_sqr(&x2, &t->x);

	/* the line */
	ra_fq2_mul_fq(l0, &h, yp);
	ra_fq2_neg(l0, l0);
	ra_fq2_dbl(l1, &x2);
	ra_fq2_add(l1, l1, &x2);
	ra_fq2_mul_fq(l1, l1, xp);
	ra_fq2_sub(l3, &e, &b);

	/* the point */
	ra_fq2_sub(&u, &b, &f);
	ra_fq2_mul(&t->x, &a, &u);
	ra_fq2_add(&u, &b, &f);
	ra_fq2_half(&u, &u);
	ra_fq2_sqr(&u, &u);
	ra_fq2_sqr(&e, &e);
	ra_fq2_dbl(&f, &e);
	ra_fq2_add(&f, &f, &e);
	ra_fq2_sub(&t->y, &u, &f);
	ra_fq2_mul(&t->z, &b, &h);
}

/*
 * Mixed addition step: T = T + Q for Q = (x2, y2) affine, and the line
 * through them at P, with theta = Y - y2 Z, lambda = X - x2 Z,
 * C = theta^2, D = lambda^2, E = lambda^3, F = Z C, G = X D,
 * H = E + F - 2G:
 *   X3 = lambda H, Y3 = theta (G - H) - Y E, Z3 = Z E,
 *   line = lambda yP - theta xP w + (theta x2 - lambda y2) w^3.
 */
static void
add_step(struct ra_g2 *t, struct ra_fq2 *l0, struct ra_fq2 *l1,
    struct ra_fq2 *l3, const struct ra_fq2 *x2, const struct ra_fq2 *y2,
    const struct ra_fq *xp, const struct ra_fq *yp)
{
	struct ra_fq2 th, la, c, d, e, f, g, h, u;

	ra_fq2_mul(&th, y2, &t->z);
	ra_fq2_sub(&th, &t->y, &th);
	ra_fq2_mul(&la, x2, &t->z);
	ra_fq2_sub(&la, &t->x, &la);
	ra_fq2_sqr(&c, &th);
	ra_fq2_sqr(&d, &la);
	ra_fq2_mul(&e, &d, &la);
	ra_fq2_mul(&f, &t->z, &c);
	ra_fq2_mul(&g, &t->x, &d);
	ra_fq2_add(&h, &e, &f);
	ra_fq2_sub(&h, &h, &g);
	ra_fq2_sub(&h, &h, &g);

	/* the line */
	ra_fq2_mul_fq(l0, &la, yp);
	ra_fq2_mul_fq(l1, &th, xp);
	ra_fq2_neg(l1, l1);
	ra_fq2_mul(l3, &th, x2);
	ra_fq2_mul(&u, &la, y2);
	ra_fq2_sub(l3, l3, &u);

	/* the point */
	ra_fq2_mul(&t->x, &la, &h);
	ra_fq2_sub(&u, &g, &h);
	ra_fq2_mul(&u, &u, &th);
	ra_fq2_mul(&g, &t->y, &e);
	ra_fq2_sub(&t->y, &u, &g);
	ra_fq2_mul(&t->z, &t->z, &e);
}

/*
 * pi(Q) on the twist: (conj(x) gamma1[2], conj(y) gamma1[3]), and
 * pi^2(Q) = (x gamma2[2], y gamma2[3]), since untwisting multiplies x by
 * w^2 and y by w^3 (FORMATS.md §7.1).
 */
static void
frob_twist(struct ra_fq2 *rx, struct ra_fq2 *ry, const struct ra_fq2 *x,
    const struct ra_fq2 *y, int k)
{
	if (k == 1) {
		ra_fq2_conj(rx, x);
		ra_fq2_mul(rx, rx, &ra_fq12_gamma1[2]);
		ra_fq2_conj(ry, y);
		ra_fq2_mul(ry, ry, &ra_fq12_gamma1[3]);
	} else {
		ra_fq2_mul_fq(rx, x, &ra_fq12_gamma2[2]);
		ra_fq2_mul_fq(ry, y, &ra_fq12_gamma2[3]);
	}
}

/* One pair's state in the Miller loop. */
struct miller_pair {
	struct ra_fq xp, yp;
	struct ra_fq2 xq, yq, nyq;
	struct ra_g2 t;
	uint64_t trivial; /* all ones if P or Q is the identity */
};

/*
 * f = f * line, or f unchanged for a trivial pair: its line is replaced,
 * in constant time, by the constant 1.
 */
static void
mul_line(struct ra_fq12 *f, const struct miller_pair *m, struct ra_fq2 *l0,
    struct ra_fq2 *l1, struct ra_fq2 *l3)
{
	struct ra_fq2 one, zero;

	ra_fq2_one(&one);
	ra_fq2_zero(&zero);
	ra_fq2_select(l0, &one, l0, m->trivial);
	ra_fq2_select(l1, &zero, l1, m->trivial);
	ra_fq2_select(l3, &zero, l3, m->trivial);
	ra_fq12_mul_line(f, f, l0, l1, l3);
}

static void
pair_init(struct miller_pair *m, const struct ra_g1 *p, const struct ra_g2 *q)
{
	m->trivial = ra_g1_is_identity(p) | ra_g2_is_identity(q);
	ra_g1_to_affine(&m->xp, &m->yp, p);
	ra_g2_to_affine(&m->xq, &m->yq, q);
	ra_fq2_neg(&m->nyq, &m->yq);
	ra_g2_from_affine(&m->t, &m->xq, &m->yq);
}

/* The two Frobenius lines after the loop, for one pair. */
static void
final_lines(struct ra_fq12 *f, struct miller_pair *m)
{
	struct ra_fq2 x1, y1, l0, l1, l3;

	/* s = -(6t - 2): [s]Q = -T (f was conjugated by the caller) */
	ra_g2_neg(&m->t, &m->t);
	frob_twist(&x1, &y1, &m->xq, &m->yq, 1);
	add_step(&m->t, &l0, &l1, &l3, &x1, &y1, &m->xp, &m->yp);
	mul_line(f, m, &l0, &l1, &l3);
	frob_twist(&x1, &y1, &m->xq, &m->yq, 2);
	ra_fq2_neg(&y1, &y1);
	add_step(&m->t, &l0, &l1, &l3, &x1, &y1, &m->xp, &m->yp);
	mul_line(f, m, &l0, &l1, &l3);
}

/*
 * The Miller loop of the product of n pairings: the squarings of f are
 * shared, each pair contributes its lines.
 */
static void
miller(struct ra_fq12 *f, struct miller_pair *m, size_t n)
{
	struct ra_fq2 l0, l1, l3;
	size_t i, j;

	ra_fq12_one(f);
	/* The leading digit is +1: T = Q, f = 1. */
	for (i = 1; i < sizeof(loop_naf) - 1; i++) {
		ra_fq12_sqr(f, f);
		for (j = 0; j < n; j++) {
			dbl_step(&m[j].t, &l0, &l1, &l3, &m[j].xp, &m[j].yp);
			mul_line(f, &m[j], &l0, &l1, &l3);
		}
		if (loop_naf[i] == '0') {
			continue;
		}
		for (j = 0; j < n; j++) {
			add_step(&m[j].t, &l0, &l1, &l3, &m[j].xq,
			    loop_naf[i] == '+' ? &m[j].yq : &m[j].nyq, &m[j].xp,
			    &m[j].yp);
			mul_line(f, &m[j], &l0, &l1, &l3);
		}
	}
	/* s < 0: f_s = 1 / f_{|s|}, which is the conjugate after the final
	 * exponentiation */
	ra_fq12_conj(f, f);
	for (j = 0; j < n; j++) {
		final_lines(f, &m[j]);
	}
}

void
ra_pairing_miller(
    struct ra_fq12 *f, const struct ra_g1 *p, const struct ra_g2 *q)
{
	struct miller_pair m;

	pair_init(&m, p, q);
	miller(f, &m, 1);
}

/* r = a^t for a cyclotomic a (t public, non-adjacent form on the fly). */
static void
pow_t(struct ra_fq12 *r, const struct ra_fq12 *a)
{
	struct ra_fq12 acc, inv;
	int8_t naf[66];
	uint64_t n = EPID_T;
	int len = 0, i;

	while (n != 0) {
		int8_t d = 0;

		if (n & 1) {
			d = (int8_t)(2 - (int)(n & 3));
			n = d > 0 ? n - 1 : n + 1;
		}
		naf[len++] = d;
		n >>= 1;
	}
	ra_fq12_conj(&inv, a);
	acc = *a; /* the top digit is +1 */
	for (i = len - 2; i >= 0; i--) {
		ra_fq12_cyclo_sqr(&acc, &acc);
		if (naf[i] > 0) {
			ra_fq12_mul(&acc, &acc, a);
		} else if (naf[i] < 0) {
			ra_fq12_mul(&acc, &acc, &inv);
		}
	}
	*r = acc;
}

/* r = a^z = conj(a^t), z = -t. */
static void
pow_z(struct ra_fq12 *r, const struct ra_fq12 *a)
{
	pow_t(r, a);
	ra_fq12_conj(r, r);
}

void
ra_pairing_final_exp(struct ra_fq12 *r, const struct ra_fq12 *f)
{
	struct ra_fq12 m, fz, fz2, fz3, y0, y1, y2, y3, y4, y5, y6, t0, t1;

	/* easy part: m = f^((q^6 - 1)(q^2 + 1)) */
	ra_fq12_inv(&t0, f);
	ra_fq12_conj(&m, f);
	ra_fq12_mul(&m, &m, &t0);
	ra_fq12_frob(&t0, &m, 2);
	ra_fq12_mul(&m, &m, &t0);

	/* hard part (Scott et al.), m cyclotomic from here on */
	pow_z(&fz, &m);
	pow_z(&fz2, &fz);
	pow_z(&fz3, &fz2);
	ra_fq12_frob(&y0, &m, 1);
	ra_fq12_frob(&t0, &m, 2);
	ra_fq12_mul(&y0, &y0, &t0);
	ra_fq12_frob(&t0, &m, 3);
	ra_fq12_mul(&y0, &y0, &t0);
	ra_fq12_conj(&y1, &m);
	ra_fq12_frob(&y2, &fz2, 2);
	ra_fq12_frob(&y3, &fz, 1);
	ra_fq12_conj(&y3, &y3);
	ra_fq12_frob(&y4, &fz2, 1);
	ra_fq12_mul(&y4, &y4, &fz);
	ra_fq12_conj(&y4, &y4);
	ra_fq12_conj(&y5, &fz2);
	ra_fq12_frob(&y6, &fz3, 1);
	ra_fq12_mul(&y6, &y6, &fz3);
	ra_fq12_conj(&y6, &y6);

	ra_fq12_cyclo_sqr(&t0, &y6);
	ra_fq12_mul(&t0, &t0, &y4);
	ra_fq12_mul(&t0, &t0, &y5);
	ra_fq12_mul(&t1, &y3, &y5);
	ra_fq12_mul(&t1, &t1, &t0);
	ra_fq12_mul(&t0, &t0, &y2);
	ra_fq12_cyclo_sqr(&t1, &t1);
	ra_fq12_mul(&t1, &t1, &t0);
	ra_fq12_cyclo_sqr(&t1, &t1);
	ra_fq12_mul(&t0, &t1, &y1);
	ra_fq12_mul(&t1, &t1, &y0);
	ra_fq12_cyclo_sqr(&t0, &t0);
	ra_fq12_mul(r, &t1, &t0);
}

void
ra_pairing(struct ra_fq12 *r, const struct ra_g1 *p, const struct ra_g2 *q)
{
	ra_pairing_product(r, p, q, 1);
}

void
ra_pairing_product(
    struct ra_fq12 *r, const struct ra_g1 *p, const struct ra_g2 *q, size_t n)
{
	struct miller_pair m[RA_PAIRING_MAX];
	struct ra_fq12 f;
	size_t j;

	n = n > RA_PAIRING_MAX ? RA_PAIRING_MAX : n;
	for (j = 0; j < n; j++) {
		pair_init(&m[j], &p[j], &q[j]);
	}
	miller(&f, m, n);
	ra_pairing_final_exp(r, &f);
	RA_WIPE(m);
	RA_WIPE(f);
}
