/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SIGSTRUCT signing and verification (FORMATS.md §2.3-2.5; SDM EINIT; the
 * Intel SDK's sgx_sign). The RSA values are stored little-endian in the
 * structure and handled big-endian by the crypto layer: every crossing is
 * a ra_reverse here.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/arch.h"
#include "sgxra/buf.h"

/* SHA-256 of the 256 signed bytes: bytes 0..127 || 900..1027. */
static enum ra_err
signed_digest(struct ra_hash256 *h, const struct ra_sigstruct *ss)
{
	uint8_t m[RA_SIGSTRUCT_SIGNED_LEN];
	struct ra_buf b = ra_buf_init(m, sizeof(m));

	ra_sigstruct_build_signed(&b, ss);
	if (ra_buf_finish(&b) != RA_OK || b.len != sizeof(m)) {
		return RA_ERR_ARG;
	}
	ra_sha256(h, m, sizeof(m));
	return RA_OK;
}

void
ra_css_mrsigner(struct ra_hash256 *mrsigner, const struct ra_sigstruct *ss)
{
	ra_sha256(mrsigner, ss->modulus_le, sizeof(ss->modulus_le));
}

enum ra_err
ra_css_sign(struct ra_sigstruct *ss, const struct ra_rsa_key *key)
{
	uint8_t n[RA_RSA3072_LEN], s[RA_RSA3072_LEN];
	uint8_t q1[RA_RSA3072_LEN], q2[RA_RSA3072_LEN];
	struct ra_hash256 h;
	uint32_t e = 0;
	enum ra_err err;

	if (ss == NULL || key == NULL) {
		return RA_ERR_ARG;
	}
	/* EINIT knows one algorithm: RSA-3072 with e = 3 (§2.5 step 1). */
	if (ra_rsa_key_len(key) != RA_RSA3072_LEN ||
	    !ra_rsa_key_is_private(key)) {
		return RA_ERR_KEY;
	}
	if ((err = ra_rsa_key_modulus(key, n, sizeof(n), &e)) != RA_OK) {
		return err;
	}
	if (e != RA_SIGSTRUCT_EXPONENT) {
		return RA_ERR_KEY;
	}
	/* The modulus is part of nothing signed, but MRSIGNER hashes it. */
	ra_reverse(ss->modulus_le, n, sizeof(n));
	if ((err = signed_digest(&h, ss)) != RA_OK ||
	    (err = ra_rsa_sign_sha256(key, s, sizeof(s), &h)) != RA_OK ||
	    (err = ra_rsa_sigstruct_q(q1, q2, s, n, sizeof(n))) != RA_OK) {
		return err;
	}
	ra_reverse(ss->signature_le, s, sizeof(s));
	ra_reverse(ss->q1_le, q1, sizeof(q1));
	ra_reverse(ss->q2_le, q2, sizeof(q2));
	return RA_OK;
}

enum ra_err
ra_css_verify(const struct ra_sigstruct *ss)
{
	uint8_t n[RA_RSA3072_LEN], s[RA_RSA3072_LEN];
	uint8_t q1[RA_RSA3072_LEN], q2[RA_RSA3072_LEN];
	uint8_t want1[RA_RSA3072_LEN], want2[RA_RSA3072_LEN];
	struct ra_rsa_key *key = NULL;
	struct ra_hash256 h;
	enum ra_err err;

	if (ss == NULL) {
		return RA_ERR_ARG;
	}
	ra_reverse(n, ss->modulus_le, sizeof(n));
	ra_reverse(s, ss->signature_le, sizeof(s));
	/* A modulus that is not an RSA-3072 key cannot have signed it. */
	if (n[0] < 0x80 ||
	    ra_rsa_key_from_modulus(
	        &key, n, sizeof(n), RA_SIGSTRUCT_EXPONENT) != RA_OK) {
		return RA_ERR_AUTH;
	}
	err = signed_digest(&h, ss);
	if (err == RA_OK) {
		err = ra_rsa_verify_sha256(key, &h, s, sizeof(s));
	}
	ra_rsa_key_free(key);
	if (err != RA_OK) {
		return RA_ERR_AUTH;
	}
	/* S < N holds for a valid signature, so the quotients exist. */
	if (ra_rsa_sigstruct_q(q1, q2, s, n, sizeof(n)) != RA_OK) {
		return RA_ERR_AUTH;
	}
	ra_reverse(want1, ss->q1_le, sizeof(want1));
	ra_reverse(want2, ss->q2_le, sizeof(want2));
	if (!ra_ct_eq(q1, want1, sizeof(q1)) ||
	    !ra_ct_eq(q2, want2, sizeof(q2))) {
		return RA_ERR_AUTH;
	}
	return RA_OK;
}
