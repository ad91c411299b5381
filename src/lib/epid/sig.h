/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_SIG_H
#define RA_EPID_SIG_H

/*
 * The two Fiat-Shamir challenges of EPID, shared by the member (which
 * computes them) and the verifier (which recomputes them).
 */
#include "epid/fq12.h"
#include "epid/keys.h"

/*
 * Basic signature (FORMATS.md §7.6 steps 7-8, §7.8 step 5):
 *   t3 = Fp.hash(p || g1 || g2 || h1 || h2 || w || B || K || T || R1 || R2)
 *   c  = Fp.hash(t3 || m)
 * RA_ERR_ARG for an unknown alg.
 */
RA_MUST_CHECK enum ra_err ra_epid_sig_commit(struct ra_fp *c,
    enum ra_hash_alg alg, const struct ra_epid_group_pub *pub,
    const struct ra_epid_basic_sig *sig, const struct ra_g1 *r1,
    const struct ra_fq12 *r2, const void *msg, size_t msg_len);

/*
 * Non-revoked proof (§7.7 step 4):
 *   c = Fp.hash(p || g1 || B || K || B' || K' || T || R1 || R2 || m)
 */
RA_MUST_CHECK enum ra_err ra_epid_nr_commit(struct ra_fp *c,
    enum ra_hash_alg alg, const struct ra_epid_basic_sig *sig,
    const struct ra_epid_g1 *bp, const struct ra_epid_g1 *kp,
    const struct ra_epid_g1 *t, const struct ra_g1 *r1, const struct ra_g1 *r2,
    const void *msg, size_t msg_len);

#endif
