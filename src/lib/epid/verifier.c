/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPID 2.0 verifier: "Verify algorithm" (EPID 2.0 specification
 * §4.1.2) and "nrVerify" as Intel's SDK implements them
 * (epid/verifier/src/verify.c, verifybasic.c, nrverify.c), described in
 * FORMATS.md §7.8. Step names in the comments are the SDK's (2.a-2.p for
 * the basic signature, 3-7 for the lists). Everything here is public, so
 * nothing needs to be constant time.
 */
#include <string.h>

#include "epid/pairing.h"
#include "epid/sig.h"
#include "internal.h"

struct verifier_state {
	enum ra_hash_alg alg;
	struct ra_epid_group_pub pub;
	struct ra_g1 h1, h2;
	struct ra_g2 w;
};

_Static_assert(sizeof(struct verifier_state) <=
        sizeof(((struct ra_epid_verifier *)0)->opaque),
    "ra_epid_verifier too small");

static const struct verifier_state *
state_of(const struct ra_epid_verifier *v)
{
	return (const struct verifier_state *)(const void *)v->opaque;
}

const char *
ra_epid_verdict_name(enum ra_epid_verdict verdict)
{
	switch (verdict) {
	case RA_EPID_VALID:
		return "valid";
	case RA_EPID_INVALID:
		return "invalid";
	case RA_EPID_REVOKED_GROUP:
		return "revoked in GroupRL";
	case RA_EPID_REVOKED_PRIV:
		return "revoked in PrivRL";
	case RA_EPID_REVOKED_SIG:
		return "revoked in SigRL";
	case RA_EPID_REVOKED_VERIFIER:
		return "revoked in VerifierRL";
	default:
		return "unknown verdict";
	}
}

enum ra_err
ra_epid_verifier_init(
    struct ra_epid_verifier *v, const struct ra_epid_group_pub *pub)
{
	struct verifier_state *s = (struct verifier_state *)(void *)v->opaque;
	enum ra_err err;

	memset(v, 0, sizeof(*v));
	err = ra_epid_gid_hash_alg(&s->alg, &pub->gid);
	if (err != RA_OK) {
		return err;
	}
	if (!ra_epid_g1_decode(&s->h1, &pub->h1) ||
	    !ra_epid_g1_decode(&s->h2, &pub->h2) ||
	    !ra_epid_g2_decode(&s->w, &pub->w)) {
		memset(v, 0, sizeof(*v));
		return RA_ERR_KEY;
	}
	s->pub = *pub;
	return RA_OK;
}

/* 2.c: if a basename is given, B must be G1.hash(bsn); *ok false if not. */
static enum ra_err
check_basename(const struct verifier_state *s, bool *ok,
    const struct ra_epid_basic_sig *sig, const struct ra_epid_verify_args *a)
{
	struct ra_g1 hb;
	struct ra_epid_g1 hbb;
	enum ra_err err;

	*ok = true;
	if (a->bsn == NULL) {
		return RA_OK;
	}
	err = ra_g1_hash(&hb, NULL, s->alg, a->bsn, a->bsn_len);
	if (err != RA_OK) {
		return err;
	}
	ra_epid_g1_encode(&hbb, &hb);
	*ok = ra_ct_eq(hbb.b, sig->b.b, sizeof(hbb.b));
	return RA_OK;
}

/*
 * 2.j-2.m: R2 = e(T, g2^-sx w^-c) e12^sf e22^sb e2w^sa eg12^c. By
 * bilinearity, with e12 = e(h1, g2), e22 = e(h2, g2), e2w = e(h2, w),
 * eg12 = e(g1, g2), this is
 *   e(T^-sx h1^sf h2^sb g1^c, g2) e(T^-c h2^sa, w),
 * one product of two pairings against the fixed g2 and w after two
 * multi-exponentiations in G1: cheaper than the SDK's pairing, G2
 * exponentiation and four GT exponentiations (docs/epid.md).
 */
static void
compute_r2(struct ra_fq12 *r2, const struct verifier_state *s,
    const struct ra_g1 *t, const struct ra_fp *c, const struct ra_fp *nsx,
    const struct ra_fp *sf, const struct ra_fp *sa, const struct ra_fp *sb)
{
	struct ra_g1 pts[4], p[2];
	struct ra_g2 q[2];
	struct ra_scalar k[4];
	struct ra_fp nc;

	ra_fp_neg(&nc, c);
	pts[0] = *t;
	pts[1] = s->h1;
	pts[2] = s->h2;
	ra_g1_generator(&pts[3]);
	ra_fp_to_scalar(&k[0], nsx);
	ra_fp_to_scalar(&k[1], sf);
	ra_fp_to_scalar(&k[2], sb);
	ra_fp_to_scalar(&k[3], c);
	ra_g1_multi_mul_vartime(&p[0], pts, k, 4);
	ra_fp_to_scalar(&k[0], &nc);
	ra_fp_to_scalar(&k[1], sa);
	pts[1] = s->h2;
	ra_g1_multi_mul_vartime(&p[1], pts, k, 2);
	ra_g2_generator(&q[0]);
	q[1] = s->w;
	ra_pairing_product(r2, p, q, 2);
}

/* The basic signature, steps 2.a-2.p; *ok is false for "invalid". */
static enum ra_err
verify_basic(const struct verifier_state *s, bool *ok,
    const struct ra_epid_basic_sig *sig, const struct ra_epid_verify_args *a)
{
	struct ra_g1 pts[2], r1, t;
	struct ra_fp c, sx, sf, sa, sb, nc, nsx, c2;
	struct ra_scalar k[2];
	struct ra_fq12 r2;
	enum ra_err err;

	*ok = false;
	/* 2.a-2.f were done by ra_epid_sig_parse: B, K, T in G1 (B is never
	 * the identity, which has no encoding), c .. sb below p. */
	if (!ra_epid_g1_decode(&pts[0], &sig->b) ||
	    !ra_epid_g1_decode(&pts[1], &sig->k) ||
	    !ra_epid_g1_decode(&t, &sig->t) ||
	    !ra_epid_fp_decode(&c, &sig->c) ||
	    !ra_epid_fp_decode(&sx, &sig->sx) ||
	    !ra_epid_fp_decode(&sf, &sig->sf) ||
	    !ra_epid_fp_decode(&sa, &sig->sa) ||
	    !ra_epid_fp_decode(&sb, &sig->sb)) {
		return RA_OK;
	}
	err = check_basename(s, ok, sig, a);
	if (err != RA_OK || !*ok) {
		*ok = false;
		return err;
	}
	/* 2.g, 2.h: nc = -c, nsx = -sx */
	ra_fp_neg(&nc, &c);
	ra_fp_neg(&nsx, &sx);
	/* 2.i: R1 = B^sf K^nc */
	ra_fp_to_scalar(&k[0], &sf);
	ra_fp_to_scalar(&k[1], &nc);
	ra_g1_multi_mul_vartime(&r1, pts, k, 2);
	/* 2.j-2.m: R2 */
	compute_r2(&r2, s, &t, &c, &nsx, &sf, &sa, &sb);
	/* 2.n, 2.o: c = Fp.hash(Fp.hash(p || ... || R2) || m) */
	err = ra_epid_sig_commit(
	    &c2, s->alg, &s->pub, sig, &r1, &r2, a->msg, a->msg_len);
	if (err != RA_OK) {
		return err;
	}
	*ok = ra_fp_eq(&c, &c2) != 0;
	return RA_OK;
}

/*
 * nrVerify for SigRL entry (B', K'), proof (T, c, smu, snu). Any invalid
 * element fails the proof, as in the SDK (a failure means "revoked").
 */
static enum ra_err
nr_verify(const struct verifier_state *s, bool *ok,
    const struct ra_epid_basic_sig *sig, const struct ra_epid_g1 *bp,
    const struct ra_epid_g1 *kp, const struct ra_epid_nr_proof *pr,
    const struct ra_epid_verify_args *a)
{
	struct ra_g1 pts[3], r1, r2;
	struct ra_fp c, smu, snu, nc, c2;
	struct ra_scalar k[3];
	enum ra_err err;

	*ok = false;
	/* 1-3: T in G1 and not the identity; c, smu, snu below p */
	if (!ra_epid_g1_decode(&pts[2], &pr->t) ||
	    !ra_epid_fp_decode(&c, &pr->c) ||
	    !ra_epid_fp_decode(&smu, &pr->smu) ||
	    !ra_epid_fp_decode(&snu, &pr->snu)) {
		return RA_OK;
	}
	/* 4: nc = -c */
	ra_fp_neg(&nc, &c);
	ra_fp_to_scalar(&k[0], &smu);
	ra_fp_to_scalar(&k[1], &snu);
	ra_fp_to_scalar(&k[2], &nc);
	/* 5: R1 = K^smu B^snu */
	if (!ra_epid_g1_decode(&pts[0], &sig->k) ||
	    !ra_epid_g1_decode(&pts[1], &sig->b)) {
		return RA_OK;
	}
	ra_g1_multi_mul_vartime(&r1, pts, k, 2);
	/* 6: R2 = K'^smu B'^snu T^nc */
	if (!ra_epid_g1_decode(&pts[0], kp) ||
	    !ra_epid_g1_decode(&pts[1], bp)) {
		return RA_OK;
	}
	ra_g1_multi_mul_vartime(&r2, pts, k, 3);
	/* 7: c = Fp.hash(p || g1 || B || K || B' || K' || T || R1 || R2 || m)
	 */
	err = ra_epid_nr_commit(
	    &c2, s->alg, sig, bp, kp, &pr->t, &r1, &r2, a->msg, a->msg_len);
	if (err != RA_OK) {
		return err;
	}
	*ok = ra_fp_eq(&c, &c2) != 0;
	return RA_OK;
}

/* Step 3: the group's gid must not be in GroupRL. */
static bool
group_revoked(const struct verifier_state *s, const struct ra_epid_grouprl *rl)
{
	struct ra_epid_gid g;
	uint32_t i;

	for (i = 0; i < rl->n3; i++) {
		ra_epid_grouprl_entry(&g, rl, i);
		if (ra_epid_gid_eq(&g, &s->pub.gid)) {
			return true;
		}
	}
	return false;
}

/*
 * Step 4: for every f in PrivRL, B^f != K. An entry that is not below p
 * counts as a match: it cannot be a member's f, and the SDK fails closed
 * on it too (EpidCheckPrivRlEntry).
 */
static bool
priv_revoked(
    const struct ra_epid_basic_sig *sig, const struct ra_epid_privrl *rl)
{
	struct ra_epid_fp fe;
	struct ra_fp f;
	struct ra_scalar k;
	struct ra_g1 b, kk, t;
	uint32_t i;

	if (!ra_epid_g1_decode(&b, &sig->b) ||
	    !ra_epid_g1_decode(&kk, &sig->k)) {
		return true;
	}
	for (i = 0; i < rl->n1; i++) {
		ra_epid_privrl_entry(&fe, rl, i);
		if (!ra_epid_fp_decode(&f, &fe)) {
			return true;
		}
		ra_fp_to_scalar(&k, &f);
		ra_g1_multi_mul_vartime(&t, &b, &k, 1);
		if (ra_g1_eq(&t, &kk) != 0) {
			return true;
		}
	}
	return false;
}

/* Step 5.d: every entry needs a valid non-revoked proof. */
static enum ra_err
sig_revoked(const struct verifier_state *s, bool *revoked,
    const struct ra_epid_sig *sig, const struct ra_epid_verify_args *a)
{
	struct ra_epid_g1 bp, kp;
	struct ra_epid_nr_proof pr;
	uint32_t i;
	bool ok;
	enum ra_err err;

	*revoked = false;
	for (i = 0; i < a->sigrl->n2; i++) {
		ra_epid_sigrl_entry(&bp, &kp, a->sigrl, i);
		ra_epid_sig_proof(&pr, sig, i);
		err = nr_verify(s, &ok, &sig->sigma0, &bp, &kp, &pr, a);
		if (err != RA_OK) {
			return err;
		}
		if (!ok) {
			*revoked = true;
			return RA_OK;
		}
	}
	return RA_OK;
}

/* Step 6: K must not be listed for this basename. */
static bool
verifier_revoked(
    const struct ra_epid_basic_sig *sig, const struct ra_epid_verifierrl *rl)
{
	struct ra_epid_g1 k;
	uint32_t i;

	if (!ra_ct_eq(rl->b.b, sig->b.b, sizeof(rl->b.b))) {
		return false;
	}
	for (i = 0; i < rl->n4; i++) {
		ra_epid_verifierrl_entry(&k, rl, i);
		if (ra_ct_eq(k.b, sig->k.b, sizeof(k.b))) {
			return true;
		}
	}
	return false;
}

/*
 * What the SDK refuses when the lists are set (EpidVerifierSetPrivRl, ...
 * SetVerifierRl): lists of another group, and a VerifierRL without the
 * basename it was made for.
 */
static enum ra_err
check_lists(const struct verifier_state *s, const struct ra_epid_verify_args *a)
{
	const struct ra_epid_gid *gid = &s->pub.gid;
	struct ra_g1 hb;
	struct ra_epid_g1 hbb;
	enum ra_err err;

	if ((a->privrl != NULL && !ra_epid_gid_eq(&a->privrl->gid, gid)) ||
	    (a->sigrl != NULL && !ra_epid_gid_eq(&a->sigrl->gid, gid)) ||
	    (a->grouprl != NULL && a->grouprl->width != gid->width)) {
		return RA_ERR_ARG;
	}
	if (a->verifierrl == NULL) {
		return RA_OK;
	}
	if (!ra_epid_gid_eq(&a->verifierrl->gid, gid) || a->bsn == NULL) {
		return RA_ERR_ARG;
	}
	err = ra_g1_hash(&hb, NULL, s->alg, a->bsn, a->bsn_len);
	if (err != RA_OK) {
		return err;
	}
	ra_epid_g1_encode(&hbb, &hb);
	if (!ra_ct_eq(hbb.b, a->verifierrl->b.b, sizeof(hbb.b))) {
		return RA_ERR_ARG;
	}
	return RA_OK;
}

static enum ra_err
verify_lists(const struct verifier_state *s, enum ra_epid_verdict *verdict,
    const struct ra_epid_sig *sig, const struct ra_epid_verify_args *a)
{
	bool revoked;
	enum ra_err err;

	/* 3. GroupRL */
	if (a->grouprl != NULL && group_revoked(s, a->grouprl)) {
		*verdict = RA_EPID_REVOKED_GROUP;
		return RA_OK;
	}
	/* 4. PrivRL */
	if (a->privrl != NULL && priv_revoked(&sig->sigma0, a->privrl)) {
		*verdict = RA_EPID_REVOKED_PRIV;
		return RA_OK;
	}
	/* 5. SigRL: 5.b RLver, 5.c n2, 5.d the proofs */
	if (a->sigrl != NULL) {
		if (a->sigrl->version != sig->rl_ver) {
			return RA_ERR_VERSION;
		}
		if (a->sigrl->n2 != sig->n2) {
			return RA_ERR_FORMAT;
		}
		err = sig_revoked(s, &revoked, sig, a);
		if (err != RA_OK || revoked) {
			*verdict = RA_EPID_REVOKED_SIG;
			return err;
		}
	}
	/* 6. VerifierRL */
	if (a->verifierrl != NULL &&
	    verifier_revoked(&sig->sigma0, a->verifierrl)) {
		*verdict = RA_EPID_REVOKED_VERIFIER;
		return RA_OK;
	}
	/* 7. */
	*verdict = RA_EPID_VALID;
	return RA_OK;
}

enum ra_err
ra_epid_verify(const struct ra_epid_verifier *v, enum ra_epid_verdict *verdict,
    const struct ra_epid_sig *sig, const struct ra_epid_verify_args *args)
{
	const struct verifier_state *s = state_of(v);
	bool ok;
	enum ra_err err;

	*verdict = RA_EPID_INVALID;
	if (args->msg == NULL && args->msg_len != 0) {
		return RA_ERR_ARG;
	}
	err = check_lists(s, args);
	if (err != RA_OK) {
		return err;
	}
	/* 2. the basic signature */
	err = verify_basic(s, &ok, &sig->sigma0, args);
	if (err != RA_OK || !ok) {
		return err;
	}
	err = verify_lists(s, verdict, sig, args);
	if (err != RA_OK) {
		*verdict = RA_EPID_INVALID;
	}
	return err;
}
