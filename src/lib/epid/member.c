/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPID 2.0 member: "Sign" and "nrProve" (EPID 2.0 specification
 * §4.1.1 as Intel's SDK implements them in epid/member/tiny/src/
 * signbasic.c, presig_compute.c, sign.c and nrprove.c), described in
 * FORMATS.md §7.6 and §7.7, whose step numbers the comments use.
 *
 * Constant time: f, x, A, ea2 and every random value only meet
 * constant-time arithmetic (fixed-window exponentiations with full table
 * scans, Montgomery arithmetic with masks). The one visible branch is on
 * whether a non-revoked proof came out as the identity, which is the
 * public outcome "this member is revoked".
 */
#include <string.h>

#include "epid/gt.h"
#include "epid/pairing.h"
#include "epid/sig.h"
#include "internal.h"

/* Bytes of a random basename (the SGX basename is 32 bytes too). */
#define RANDOM_BSN_LEN 32

struct member_state {
	enum ra_hash_alg alg;
	struct ra_epid_group_pub pub;
	struct ra_g1 a, h2;
	struct ra_fp x, f;
	struct ra_fq12 e12, e22, e2w, ea2;
};

_Static_assert(
    sizeof(struct member_state) <= sizeof(((struct ra_epid_member *)0)->opaque),
    "ra_epid_member too small");

static const struct member_state *
state_of(const struct ra_epid_member *m)
{
	return (const struct member_state *)(const void *)m->opaque;
}

/*
 * The key belongs to the group iff e(A, w g2^x) = e(g1 h1^f, g2) (the
 * SDK's EpidIsPrivKeyInGroup), i.e. iff e(A, w g2^x) e(-(g1 h1^f), g2)
 * = 1: one product of two pairings. Constant time in A, x and f.
 */
static bool
key_in_group(
    const struct member_state *s, const struct ra_g1 *h1, const struct ra_g2 *w)
{
	struct ra_g2 q[2];
	struct ra_g1 p[2], g1;
	struct ra_scalar k;
	struct ra_fq12 e;
	bool ok;

	ra_g2_generator(&q[1]);
	ra_fp_to_scalar(&k, &s->x);
	ra_g2_mul(&q[0], &q[1], &k);
	ra_g2_add(&q[0], &q[0], w);
	p[0] = s->a;
	ra_fp_to_scalar(&k, &s->f);
	ra_g1_mul(&p[1], h1, &k);
	ra_g1_generator(&g1);
	ra_g1_add(&p[1], &p[1], &g1);
	ra_g1_neg(&p[1], &p[1]);
	ra_pairing_product(&e, p, q, 2);
	ok = ra_fq12_is_one(&e) != 0;
	RA_WIPE(k);
	RA_WIPE(q);
	RA_WIPE(p);
	RA_WIPE(e);
	return ok;
}

enum ra_err
ra_epid_member_init(struct ra_epid_member *m,
    const struct ra_epid_group_pub *pub, const struct ra_epid_member_key *key)
{
	struct member_state *s = (struct member_state *)(void *)m->opaque;
	struct ra_g1 h1;
	struct ra_g2 g2, w;
	enum ra_err err;

	memset(m, 0, sizeof(*m));
	if (!ra_epid_gid_eq(&pub->gid, &key->gid)) {
		return RA_ERR_ARG;
	}
	err = ra_epid_gid_hash_alg(&s->alg, &pub->gid);
	if (err != RA_OK) {
		goto out;
	}
	err = RA_ERR_KEY;
	if (!ra_epid_g1_decode(&h1, &pub->h1) ||
	    !ra_epid_g1_decode(&s->h2, &pub->h2) ||
	    !ra_epid_g2_decode(&w, &pub->w) ||
	    !ra_epid_g1_decode(&s->a, &key->a) ||
	    !ra_epid_fp_decode(&s->x, &key->x) ||
	    !ra_epid_fp_decode(&s->f, &key->f) || !key_in_group(s, &h1, &w)) {
		goto out;
	}
	s->pub = *pub;
	/* the member's precomputation: e12, e22, e2w, ea2 (SDK precomp.c) */
	ra_g2_generator(&g2);
	ra_pairing(&s->e12, &h1, &g2);
	ra_pairing(&s->e22, &s->h2, &g2);
	ra_pairing(&s->e2w, &s->h2, &w);
	ra_pairing(&s->ea2, &s->a, &g2);
	err = RA_OK;
out:
	if (err != RA_OK) {
		RA_WIPE(*m);
	}
	return err;
}

/* The random values of one basic signature (all secret). */
struct sign_rand {
	struct ra_fp a, b, rx, rf, ra, rb;
};

static enum ra_err
draw_sign_rand(
    struct sign_rand *r, const struct member_state *s, const struct ra_rng *rng)
{
	enum ra_err err;

	/* 3. a random, b = a x; 4. rx, rf, ra, rb random */
	if ((err = ra_fp_random(&r->a, rng)) != RA_OK ||
	    (err = ra_fp_random(&r->rx, rng)) != RA_OK ||
	    (err = ra_fp_random(&r->rf, rng)) != RA_OK ||
	    (err = ra_fp_random(&r->ra, rng)) != RA_OK ||
	    (err = ra_fp_random(&r->rb, rng)) != RA_OK) {
		return err;
	}
	ra_fp_mul(&r->b, &r->a, &s->x);
	return RA_OK;
}

/* 1. B = G1.hash(bsn), or of 32 random bytes when there is no basename. */
static enum ra_err
make_b(struct ra_g1 *b, const struct member_state *s,
    const struct ra_epid_sign_args *args, const struct ra_rng *rng)
{
	uint8_t rnd[RANDOM_BSN_LEN];
	enum ra_err err;

	if (args->bsn != NULL) {
		return ra_g1_hash(b, NULL, s->alg, args->bsn, args->bsn_len);
	}
	err = ra_rng_fill(rng, rnd, sizeof(rnd));
	if (err == RA_OK) {
		err = ra_g1_hash(b, NULL, s->alg, rnd, sizeof(rnd));
	}
	RA_WIPE(rnd);
	return err;
}

/*
 * 6. R2 = ea2^(-rx) e12^rf e22^(rb - a rx) e2w^ra, which equals
 * e(T, g2)^(-rx) e12^rf e22^rb e2w^ra without a pairing per signature.
 */
static void
make_r2(
    struct ra_fq12 *r2, const struct member_state *s, const struct sign_rand *r)
{
	struct ra_fq12 bases[4];
	struct ra_scalar k[4];
	struct ra_fp t;

	bases[0] = s->ea2;
	bases[1] = s->e12;
	bases[2] = s->e22;
	bases[3] = s->e2w;
	ra_fp_neg(&t, &r->rx);
	ra_fp_to_scalar(&k[0], &t);
	ra_fp_to_scalar(&k[1], &r->rf);
	ra_fp_mul(&t, &r->a, &r->rx);
	ra_fp_sub(&t, &r->rb, &t);
	ra_fp_to_scalar(&k[2], &t);
	ra_fp_to_scalar(&k[3], &r->ra);
	ra_gt_multi_exp(r2, bases, k, 4);
	RA_WIPE(bases[0]);
	RA_WIPE(k);
	RA_WIPE(t);
}

/* s = r + c v (step 9). */
static void
response(struct ra_epid_fp *out, const struct ra_fp *r, const struct ra_fp *c,
    const struct ra_fp *v)
{
	struct ra_fp t;

	ra_fp_mul(&t, c, v);
	ra_fp_add(&t, &t, r);
	ra_epid_fp_encode(out, &t);
	RA_WIPE(t);
}

/* Steps 1-10 of the basic signature; sig0 and the point B, K out. */
static enum ra_err
sign_basic(const struct member_state *s, struct ra_epid_basic_sig *sig0,
    const struct ra_epid_sign_args *args, const struct ra_rng *rng)
{
	struct sign_rand r;
	struct ra_g1 b, k, t, r1;
	struct ra_fq12 r2;
	struct ra_scalar e;
	struct ra_fp c;
	enum ra_err err;

	if ((err = make_b(&b, s, args, rng)) != RA_OK ||
	    (err = draw_sign_rand(&r, s, rng)) != RA_OK) {
		goto out;
	}
	ra_fp_to_scalar(&e, &s->f);
	ra_g1_mul(&k, &b, &e); /* 2. K = B^f */
	ra_fp_to_scalar(&e, &r.a);
	ra_g1_mul(&t, &s->h2, &e); /* 3. T = A h2^a */
	ra_g1_add(&t, &t, &s->a);
	ra_fp_to_scalar(&e, &r.rf);
	ra_g1_mul(&r1, &b, &e); /* 5. R1 = B^rf */
	make_r2(&r2, s, &r);
	ra_epid_g1_encode(&sig0->b, &b);
	ra_epid_g1_encode(&sig0->k, &k);
	ra_epid_g1_encode(&sig0->t, &t);
	/* 7, 8. c = Fp.hash(t3 || m) */
	err = ra_epid_sig_commit(
	    &c, s->alg, &s->pub, sig0, &r1, &r2, args->msg, args->msg_len);
	if (err != RA_OK) {
		goto out;
	}
	ra_epid_fp_encode(&sig0->c, &c);
	response(&sig0->sx, &r.rx, &c, &s->x); /* 9. */
	response(&sig0->sf, &r.rf, &c, &s->f);
	response(&sig0->sa, &r.ra, &c, &r.a);
	response(&sig0->sb, &r.rb, &c, &r.b);
out:
	RA_WIPE(r);
	RA_WIPE(e);
	RA_WIPE(t);
	RA_WIPE(r1);
	RA_WIPE(r2);
	return err;
}

/* The random values of one non-revoked proof. */
struct nr_rand {
	struct ra_fp mu, nu, rmu, rnu;
};

/*
 * nrProve for SigRL entry (B', K') (§7.7): T = K'^mu B'^nu with
 * nu = -mu f, R1 = K^rmu B^rnu, R2 = K'^rmu B'^rnu, c = Fp.hash(...),
 * smu = rmu + c mu, snu = rnu + c nu. *revoked is set if T is the
 * identity, i.e. K' = B'^f.
 */
static enum ra_err
nr_prove(const struct member_state *s, uint8_t out[RA_EPID_NR_PROOF_LEN],
    bool *revoked, const struct ra_epid_basic_sig *sig0,
    const struct ra_epid_g1 *bp, const struct ra_epid_g1 *kp,
    const struct ra_epid_sign_args *args, const struct ra_rng *rng)
{
	struct nr_rand r;
	struct ra_g1 pts[2], t, r1, r2;
	struct ra_scalar k[2];
	struct ra_epid_nr_proof pr;
	struct ra_fp c;
	enum ra_err err;

	if (!ra_epid_g1_decode(&pts[0], kp) ||
	    !ra_epid_g1_decode(&pts[1], bp)) {
		return RA_ERR_KEY;
	}
	if ((err = ra_fp_random(&r.mu, rng)) != RA_OK ||
	    (err = ra_fp_random(&r.rmu, rng)) != RA_OK ||
	    (err = ra_fp_random(&r.rnu, rng)) != RA_OK) {
		goto out;
	}
	ra_fp_mul(&r.nu, &r.mu, &s->f); /* 1. nu = -mu f */
	ra_fp_neg(&r.nu, &r.nu);
	ra_fp_to_scalar(&k[0], &r.mu); /* 2. T = K'^mu B'^nu */
	ra_fp_to_scalar(&k[1], &r.nu);
	ra_g1_multi_mul(&t, pts, k, 2);
	*revoked |= ra_g1_is_identity(&t) != 0;
	ra_fp_to_scalar(&k[0], &r.rmu); /* 3. R2 = K'^rmu B'^rnu */
	ra_fp_to_scalar(&k[1], &r.rnu);
	ra_g1_multi_mul(&r2, pts, k, 2);
	if (!ra_epid_g1_decode(&pts[0], &sig0->k) ||
	    !ra_epid_g1_decode(&pts[1], &sig0->b)) {
		err = RA_ERR_KEY;
		goto out;
	}
	ra_g1_multi_mul(&r1, pts, k, 2); /* R1 = K^rmu B^rnu */
	ra_epid_g1_encode(&pr.t, &t);    /* the identity encodes as zeros */
	err = ra_epid_nr_commit(&c, s->alg, sig0, bp, kp, &pr.t, &r1, &r2,
	    args->msg, args->msg_len); /* 4. */
	if (err != RA_OK) {
		goto out;
	}
	ra_epid_fp_encode(&pr.c, &c);
	response(&pr.smu, &r.rmu, &c, &r.mu); /* 5. */
	response(&pr.snu, &r.rnu, &c, &r.nu);
	memcpy(out, pr.t.b, RA_EPID_G1_LEN); /* 6. T || c || smu || snu */
	memcpy(out + 64, pr.c.b, RA_EPID_FP_LEN);
	memcpy(out + 96, pr.smu.b, RA_EPID_FP_LEN);
	memcpy(out + 128, pr.snu.b, RA_EPID_FP_LEN);
out:
	RA_WIPE(r);
	RA_WIPE(k);
	RA_WIPE(r1);
	RA_WIPE(r2);
	return err;
}

static void
write_basic(uint8_t *p, const struct ra_epid_basic_sig *s0)
{
	memcpy(p, s0->b.b, 64);
	memcpy(p + 64, s0->k.b, 64);
	memcpy(p + 128, s0->t.b, 64);
	memcpy(p + 192, s0->c.b, 32);
	memcpy(p + 224, s0->sx.b, 32);
	memcpy(p + 256, s0->sf.b, 32);
	memcpy(p + 288, s0->sa.b, 32);
	memcpy(p + 320, s0->sb.b, 32);
}

/* Steps 12-13 of Sign: RLver, n2 and one proof per SigRL entry. */
static enum ra_err
sign_proofs(const struct member_state *s, uint8_t *sig, bool *revoked,
    const struct ra_epid_basic_sig *sig0, const struct ra_epid_sign_args *a,
    const struct ra_rng *rng)
{
	struct ra_epid_g1 bp, kp;
	uint32_t n2 = a->sigrl == NULL ? 0 : a->sigrl->n2, i;
	enum ra_err err;

	ra_enc32be(sig + RA_EPID_BASIC_SIG_LEN,
	    a->sigrl == NULL ? 0 : a->sigrl->version);
	ra_enc32be(sig + RA_EPID_BASIC_SIG_LEN + 4, n2);
	for (i = 0; i < n2; i++) {
		ra_epid_sigrl_entry(&bp, &kp, a->sigrl, i);
		err = nr_prove(s, sig + ra_epid_sig_len(i), revoked, sig0, &bp,
		    &kp, a, rng);
		if (err != RA_OK) {
			return err;
		}
	}
	return RA_OK;
}

enum ra_err
ra_epid_sign(const struct ra_epid_member *m, uint8_t *sig, size_t cap,
    size_t *sig_len, bool *revoked, const struct ra_epid_sign_args *args,
    const struct ra_rng *rng)
{
	const struct member_state *s = state_of(m);
	struct ra_epid_basic_sig sig0;
	size_t need;
	enum ra_err err;

	*sig_len = 0;
	*revoked = false;
	if ((args->msg == NULL && args->msg_len != 0) ||
	    (args->sigrl != NULL &&
	        (!ra_epid_gid_eq(&args->sigrl->gid, &s->pub.gid) ||
	            args->sigrl->bk.len / RA_EPID_SIGRL_ENTRY_LEN !=
	                args->sigrl->n2))) {
		return RA_ERR_ARG;
	}
	need = ra_epid_sig_len(args->sigrl == NULL ? 0 : args->sigrl->n2);
	if (cap < need) {
		return RA_ERR_SPACE;
	}
	err = sign_basic(s, &sig0, args, rng);
	if (err == RA_OK) {
		write_basic(sig, &sig0);
		err = sign_proofs(s, sig, revoked, &sig0, args, rng);
	}
	if (err != RA_OK) {
		ra_wipe(sig, need);
		*revoked = false;
		return err;
	}
	*sig_len = need;
	return RA_OK;
}
