/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPID 2.0 issuer and join (FORMATS.md §7.3; the member side follows
 * the SDK's EpidCreateJoinRequest, epid/member/tiny/src/join.c, whose
 * hash input order the issuer must reproduce):
 *
 *   keygen:   gamma, h1, h2 random; w = g2^gamma
 *   join:     member: f, r random; F = h1^f, R = h1^r,
 *             c = Fp.hash(p || g1 || g2 || h1 || h2 || w || F || R || NI),
 *             s = r + c f; JoinRequest = (F, c, s)
 *   issue:    issuer: R = h1^s F^-c, check c; x random,
 *             A = (g1 F)^(1 / (x + gamma)); credential = (gid, A, x)
 *
 * Constant time in gamma, f, r and x.
 */
#include <string.h>

#include "epid/keys.h"
#include "internal.h"

/* h1 = g1^k for a random k: a uniformly random point of G1. */
static enum ra_err
random_point(struct ra_epid_g1 *out, const struct ra_rng *rng)
{
	struct ra_fp k;
	struct ra_scalar e;
	struct ra_g1 g, r;
	enum ra_err err = ra_fp_random(&k, rng);

	if (err == RA_OK) {
		ra_g1_generator(&g);
		ra_fp_to_scalar(&e, &k);
		ra_g1_mul(&r, &g, &e);
		ra_epid_g1_encode(out, &r);
	}
	RA_WIPE(k);
	RA_WIPE(e);
	return err;
}

enum ra_err
ra_epid_issuer_keygen(struct ra_epid_issuer_key *isk,
    struct ra_epid_group_pub *pub, const struct ra_epid_gid *gid,
    const struct ra_rng *rng)
{
	struct ra_fp gamma;
	struct ra_scalar e;
	struct ra_g2 g2, w;
	enum ra_hash_alg alg;
	enum ra_err err;

	memset(pub, 0, sizeof(*pub));
	memset(isk, 0, sizeof(*isk));
	if (!ra_epid_gid_width_ok(gid->width)) {
		return RA_ERR_ARG;
	}
	if ((err = ra_epid_gid_hash_alg(&alg, gid)) != RA_OK ||
	    (err = ra_fp_random(&gamma, rng)) != RA_OK ||
	    (err = random_point(&pub->h1, rng)) != RA_OK ||
	    (err = random_point(&pub->h2, rng)) != RA_OK) {
		goto out;
	}
	ra_g2_generator(&g2);
	ra_fp_to_scalar(&e, &gamma);
	ra_g2_mul(&w, &g2, &e); /* w = g2^gamma */
	ra_g2_to_bytes(pub->w.b, &w);
	pub->gid = *gid;
	isk->gid = *gid;
	ra_epid_fp_encode(&isk->gamma, &gamma);
out:
	if (err != RA_OK) {
		RA_WIPE(*isk);
		memset(pub, 0, sizeof(*pub));
	}
	RA_WIPE(gamma);
	RA_WIPE(e);
	return err;
}

/* c = Fp.hash(p || g1 || g2 || h1 || h2 || w || F || R || NI) */
static enum ra_err
join_commit(struct ra_fp *c, const struct ra_epid_group_pub *pub,
    const struct ra_epid_g1 *big_f, const struct ra_g1 *r,
    const struct ra_epid_nonce *ni)
{
	struct ra_hash_ctx h;
	enum ra_hash_alg alg;
	uint8_t d[RA_HASH_MAX_LEN], rb[RA_G1_LEN];
	size_t n;
	enum ra_err err = ra_epid_gid_hash_alg(&alg, &pub->gid);

	if (err != RA_OK || (err = ra_hash_init(&h, alg)) != RA_OK) {
		return err;
	}
	ra_g1_to_bytes(rb, r);
	ra_hash_update(&h, ra_epid_p_bytes, sizeof(ra_epid_p_bytes));
	ra_hash_update(&h, ra_epid_g1_bytes, sizeof(ra_epid_g1_bytes));
	ra_hash_update(&h, ra_epid_g2_bytes, sizeof(ra_epid_g2_bytes));
	ra_hash_update(&h, pub->h1.b, sizeof(pub->h1.b));
	ra_hash_update(&h, pub->h2.b, sizeof(pub->h2.b));
	ra_hash_update(&h, pub->w.b, sizeof(pub->w.b));
	ra_hash_update(&h, big_f->b, sizeof(big_f->b));
	ra_hash_update(&h, rb, sizeof(rb));
	ra_hash_update(&h, ni->b, sizeof(ni->b));
	n = ra_hash_final(&h, d);
	ra_fp_from_digest(c, d, n);
	RA_WIPE(rb);
	return RA_OK;
}

enum ra_err
ra_epid_join_request_make(struct ra_epid_join_request *req,
    struct ra_epid_fp *f_out, const struct ra_epid_fp *f_in,
    const struct ra_epid_group_pub *pub, const struct ra_epid_nonce *ni,
    const struct ra_rng *rng)
{
	struct ra_fp f, r, c, s;
	struct ra_scalar e;
	struct ra_g1 h1, big_f, big_r;
	enum ra_err err = RA_ERR_KEY;

	memset(req, 0, sizeof(*req));
	if (!ra_epid_g1_decode(&h1, &pub->h1) ||
	    (f_in != NULL && !ra_epid_fp_decode(&f, f_in))) {
		goto out;
	}
	if ((f_in == NULL && (err = ra_fp_random(&f, rng)) != RA_OK) ||
	    (err = ra_fp_random(&r, rng)) != RA_OK) {
		goto out;
	}
	ra_fp_to_scalar(&e, &f);
	ra_g1_mul(&big_f, &h1, &e); /* F = h1^f */
	ra_fp_to_scalar(&e, &r);
	ra_g1_mul(&big_r, &h1, &e); /* R = h1^r */
	ra_epid_g1_encode(&req->big_f, &big_f);
	err = join_commit(&c, pub, &req->big_f, &big_r, ni);
	if (err != RA_OK) {
		goto out;
	}
	ra_fp_mul(&s, &c, &f); /* s = r + c f */
	ra_fp_add(&s, &s, &r);
	ra_epid_fp_encode(&req->c, &c);
	ra_epid_fp_encode(&req->s, &s);
	if (f_out != NULL) {
		ra_epid_fp_encode(f_out, &f);
	}
out:
	if (err != RA_OK) {
		memset(req, 0, sizeof(*req));
	}
	RA_WIPE(f);
	RA_WIPE(r);
	RA_WIPE(s);
	RA_WIPE(e);
	RA_WIPE(big_r);
	return err;
}

enum ra_err
ra_epid_join_request_verify(const struct ra_epid_group_pub *pub,
    const struct ra_epid_nonce *ni, const struct ra_epid_join_request *req)
{
	struct ra_g1 pts[2], big_r;
	struct ra_fp c, s, nc, c2;
	struct ra_scalar k[2];
	enum ra_err err;

	if (!ra_epid_g1_decode(&pts[0], &pub->h1) ||
	    !ra_epid_g1_decode(&pts[1], &req->big_f) ||
	    !ra_epid_fp_decode(&c, &req->c) ||
	    !ra_epid_fp_decode(&s, &req->s)) {
		return RA_ERR_KEY;
	}
	/* R = h1^s F^-c */
	ra_fp_neg(&nc, &c);
	ra_fp_to_scalar(&k[0], &s);
	ra_fp_to_scalar(&k[1], &nc);
	ra_g1_multi_mul(&big_r, pts, k, 2);
	err = join_commit(&c2, pub, &req->big_f, &big_r, ni);
	if (err != RA_OK) {
		return err;
	}
	return ra_fp_eq(&c, &c2) != 0 ? RA_OK : RA_ERR_AUTH;
}

enum ra_err
ra_epid_credential_issue(struct ra_epid_credential *cred,
    const struct ra_epid_issuer_key *isk, const struct ra_epid_group_pub *pub,
    const struct ra_epid_nonce *ni, const struct ra_epid_join_request *req,
    const struct ra_rng *rng)
{
	struct ra_fp gamma, x, t;
	struct ra_scalar e;
	struct ra_g1 g1, big_f, a;
	enum ra_err err;

	memset(cred, 0, sizeof(*cred));
	if (!ra_epid_gid_eq(&isk->gid, &pub->gid)) {
		return RA_ERR_ARG;
	}
	if ((err = ra_epid_join_request_verify(pub, ni, req)) != RA_OK) {
		return err;
	}
	err = RA_ERR_KEY;
	if (!ra_epid_fp_decode(&gamma, &isk->gamma) ||
	    !ra_epid_g1_decode(&big_f, &req->big_f) ||
	    (err = ra_fp_random(&x, rng)) != RA_OK) {
		goto out;
	}
	/* A = (g1 F)^(1 / (x + gamma)); x + gamma = 0 has probability 1/p
	 * and is refused rather than branched around. */
	ra_fp_add(&t, &x, &gamma);
	if (ra_fp_is_zero(&t) != 0) {
		err = RA_ERR_RNG;
		goto out;
	}
	ra_fp_inv(&t, &t);
	ra_fp_to_scalar(&e, &t);
	ra_g1_generator(&g1);
	ra_g1_add(&a, &g1, &big_f);
	ra_g1_mul(&a, &a, &e);
	cred->gid = pub->gid;
	ra_epid_g1_encode(&cred->a, &a);
	ra_epid_fp_encode(&cred->x, &x);
out:
	RA_WIPE(gamma);
	RA_WIPE(x);
	RA_WIPE(t);
	RA_WIPE(e);
	RA_WIPE(a);
	return err;
}
