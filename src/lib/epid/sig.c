/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPID signature format (FORMATS.md §7.6-7.8; the SDK's
 * EpidNonSplitSignature), big-endian:
 *
 *     0  BasicSignature (352): B, K, T (64 each), c, sx, sf, sa, sb (32 each)
 *   352  RLver (4)
 *   356  n2 (4)
 *   360  n2 NrProofs (160 each): T (64), c, smu, snu (32 each)
 *
 * and the challenge hashes that sign and verify share.
 */
#include <stdint.h>
#include <string.h>

#include "epid/sig.h"
#include "internal.h"
#include "sgxra/buf.h"
#include "sgxra/cursor.h"

size_t
ra_epid_sig_len(uint32_t n2)
{
	return RA_EPID_SIG_MIN_LEN + (size_t)n2 * RA_EPID_NR_PROOF_LEN;
}

static void
basic_read(struct ra_epid_basic_sig *s, struct ra_cur *c, bool *bad)
{
	ra_epid_g1_read(&s->b, c, bad);  /*   0 */
	ra_epid_g1_read(&s->k, c, bad);  /*  64 */
	ra_epid_g1_read(&s->t, c, bad);  /* 128 */
	ra_epid_fp_read(&s->c, c, bad);  /* 192 */
	ra_epid_fp_read(&s->sx, c, bad); /* 224 */
	ra_epid_fp_read(&s->sf, c, bad); /* 256 */
	ra_epid_fp_read(&s->sa, c, bad); /* 288 */
	ra_epid_fp_read(&s->sb, c, bad); /* 320 */
}

enum ra_err
ra_epid_sig_parse(struct ra_epid_sig *sig, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	struct ra_cur proofs;
	bool bad = false;
	enum ra_err err;

	basic_read(&sig->sigma0, &c, &bad);
	sig->rl_ver = ra_cur_u32be(&c); /* 352 */
	sig->n2 = ra_cur_u32be(&c);     /* 356 */
	/* n2 came off the wire: compare it with what is left, by division,
	 * before any multiplication. */
	if (sig->n2 > ra_cur_left(&c) / RA_EPID_NR_PROOF_LEN) {
		ra_cur_fail(&c);
	}
	proofs = ra_cur_sub(&c, (size_t)sig->n2 * RA_EPID_NR_PROOF_LEN);
	sig->proofs = ra_cur_rest(&proofs);
	err = ra_epid_parse_end(&c, bad);
	if (err != RA_OK) {
		memset(sig, 0, sizeof(*sig));
	}
	return err;
}

enum ra_err
ra_epid_sig_build(struct ra_buf *out, const struct ra_epid_sig *sig)
{
	const struct ra_epid_basic_sig *s = &sig->sigma0;

	if (sig->proofs.len / RA_EPID_NR_PROOF_LEN != sig->n2 ||
	    sig->proofs.len % RA_EPID_NR_PROOF_LEN != 0) {
		return RA_ERR_ARG;
	}
	RA_BUF_PUT(out, s->b.b);        /*   0 */
	RA_BUF_PUT(out, s->k.b);        /*  64 */
	RA_BUF_PUT(out, s->t.b);        /* 128 */
	RA_BUF_PUT(out, s->c.b);        /* 192 */
	RA_BUF_PUT(out, s->sx.b);       /* 224 */
	RA_BUF_PUT(out, s->sf.b);       /* 256 */
	RA_BUF_PUT(out, s->sa.b);       /* 288 */
	RA_BUF_PUT(out, s->sb.b);       /* 320 */
	ra_buf_u32be(out, sig->rl_ver); /* 352 */
	ra_buf_u32be(out, sig->n2);     /* 356 */
	ra_buf_put(out, sig->proofs.p, sig->proofs.len);
	return ra_buf_finish(out);
}

void
ra_epid_sig_proof(
    struct ra_epid_nr_proof *proof, const struct ra_epid_sig *sig, uint32_t i)
{
	const uint8_t *p;

	memset(proof, 0, sizeof(*proof));
	if (i >= sig->n2 ||
	    sig->proofs.len / RA_EPID_NR_PROOF_LEN <= (size_t)i) {
		return;
	}
	p = sig->proofs.p + (size_t)i * RA_EPID_NR_PROOF_LEN;
	memcpy(proof->t.b, p, RA_EPID_G1_LEN);
	memcpy(proof->c.b, p + 64, RA_EPID_FP_LEN);
	memcpy(proof->smu.b, p + 96, RA_EPID_FP_LEN);
	memcpy(proof->snu.b, p + 128, RA_EPID_FP_LEN);
}

bool
ra_epid_sig_linked(const struct ra_epid_sig *a, const struct ra_epid_sig *b)
{
	return ra_ct_eq(a->sigma0.b.b, b->sigma0.b.b, RA_EPID_G1_LEN) &&
	    ra_ct_eq(a->sigma0.k.b, b->sigma0.k.b, RA_EPID_G1_LEN);
}

enum ra_err
ra_epid_sig_commit(struct ra_fp *c, enum ra_hash_alg alg,
    const struct ra_epid_group_pub *pub, const struct ra_epid_basic_sig *sig,
    const struct ra_g1 *r1, const struct ra_fq12 *r2, const void *msg,
    size_t msg_len)
{
	struct ra_hash_ctx h;
	uint8_t d[RA_HASH_MAX_LEN], r1b[RA_G1_LEN], r2b[RA_FQ12_LEN];
	uint8_t t3[RA_EPID_FP_LEN];
	struct ra_fp t;
	size_t n;

	if (ra_hash_init(&h, alg) != RA_OK) {
		return RA_ERR_ARG;
	}
	ra_g1_to_bytes(r1b, r1);
	ra_fq12_to_bytes(r2b, r2);
	/* t3 = Fp.hash(p || g1 || g2 || h1 || h2 || w || B || K || T || R1
	 * || R2), 1120 bytes */
	ra_hash_update(&h, ra_epid_p_bytes, sizeof(ra_epid_p_bytes));
	ra_hash_update(&h, ra_epid_g1_bytes, sizeof(ra_epid_g1_bytes));
	ra_hash_update(&h, ra_epid_g2_bytes, sizeof(ra_epid_g2_bytes));
	ra_hash_update(&h, pub->h1.b, sizeof(pub->h1.b));
	ra_hash_update(&h, pub->h2.b, sizeof(pub->h2.b));
	ra_hash_update(&h, pub->w.b, sizeof(pub->w.b));
	ra_hash_update(&h, sig->b.b, sizeof(sig->b.b));
	ra_hash_update(&h, sig->k.b, sizeof(sig->k.b));
	ra_hash_update(&h, sig->t.b, sizeof(sig->t.b));
	ra_hash_update(&h, r1b, sizeof(r1b));
	ra_hash_update(&h, r2b, sizeof(r2b));
	n = ra_hash_final(&h, d);
	ra_fp_from_digest(&t, d, n);
	ra_fp_to_bytes(t3, &t);
	/* c = Fp.hash(t3 || m); alg was accepted above */
	if (ra_hash_init(&h, alg) != RA_OK) {
		return RA_ERR_ARG;
	}
	ra_hash_update(&h, t3, sizeof(t3));
	ra_hash_update(&h, msg, msg_len);
	n = ra_hash_final(&h, d);
	ra_fp_from_digest(c, d, n);
	/* R1 and R2 carry the signer's randomness r: wipe them. */
	RA_WIPE(r1b);
	RA_WIPE(r2b);
	return RA_OK;
}

enum ra_err
ra_epid_nr_commit(struct ra_fp *c, enum ra_hash_alg alg,
    const struct ra_epid_basic_sig *sig, const struct ra_epid_g1 *bp,
    const struct ra_epid_g1 *kp, const struct ra_epid_g1 *t,
    const struct ra_g1 *r1, const struct ra_g1 *r2, const void *msg,
    size_t msg_len)
{
	struct ra_hash_ctx h;
	uint8_t d[RA_HASH_MAX_LEN], r1b[RA_G1_LEN], r2b[RA_G1_LEN];
	size_t n;

	if (ra_hash_init(&h, alg) != RA_OK) {
		return RA_ERR_ARG;
	}
	ra_g1_to_bytes(r1b, r1);
	ra_g1_to_bytes(r2b, r2);
	/* p || g1 || B || K || B' || K' || T || R1 || R2 || m */
	ra_hash_update(&h, ra_epid_p_bytes, sizeof(ra_epid_p_bytes));
	ra_hash_update(&h, ra_epid_g1_bytes, sizeof(ra_epid_g1_bytes));
	ra_hash_update(&h, sig->b.b, sizeof(sig->b.b));
	ra_hash_update(&h, sig->k.b, sizeof(sig->k.b));
	ra_hash_update(&h, bp->b, sizeof(bp->b));
	ra_hash_update(&h, kp->b, sizeof(kp->b));
	ra_hash_update(&h, t->b, sizeof(t->b));
	ra_hash_update(&h, r1b, sizeof(r1b));
	ra_hash_update(&h, r2b, sizeof(r2b));
	ra_hash_update(&h, msg, msg_len);
	n = ra_hash_final(&h, d);
	ra_fp_from_digest(c, d, n);
	RA_WIPE(r1b);
	RA_WIPE(r2b);
	return RA_OK;
}
