/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The quoting enclave's EPID quote: sign the body, encrypt the signature
 * for the attestation service (FORMATS.md §3.2). See sgxra/qe.h.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sgxra/ct.h"
#include "sgxra/qe.h"

#define IAS_KEY_LEN 256

enum ra_err
ra_epid_quote_sign(struct ra_buf *out, const struct ra_epid_quote *q,
    const struct ra_epid_member *m, const struct ra_epid_sigrl *sigrl,
    const struct ra_rsa_key *ias_key, const struct ra_rng *rng, bool *revoked)
{
	uint8_t body[RA_EPID_QUOTE_MIN_LEN];
	struct ra_epid_quote_sig blob;
	struct ra_epid_quote full;
	struct ra_epid_sign_args a;
	struct ra_key128 key;
	struct ra_buf b;
	uint8_t *sig = NULL, *ct = NULL, *sblob = NULL;
	size_t sig_cap, sig_len = 0, blob_len = 0;
	bool rev = false;
	enum ra_err err;

	if (out == NULL || q == NULL || m == NULL || ias_key == NULL) {
		return RA_ERR_ARG;
	}
	if (revoked != NULL) {
		*revoked = false;
	}
	if (ra_rsa_key_len(ias_key) != IAS_KEY_LEN) {
		return RA_ERR_KEY;
	}
	/* the body: the quote with an empty signature, minus its length */
	full = *q;
	full.signature.p = NULL;
	full.signature.len = 0;
	b = ra_buf_init(body, sizeof(body));
	if ((err = ra_epid_quote_build(&b, &full)) != RA_OK) {
		return err;
	}
	sig_cap = ra_epid_sig_len(sigrl != NULL ? sigrl->n2 : 0);
	blob_len = RA_EPID_SIG_OVERHEAD_LEN + sig_cap;
	sig = malloc(sig_cap);
	ct = malloc(sig_cap);
	sblob = malloc(blob_len);
	if (sig == NULL || ct == NULL || sblob == NULL) {
		err = RA_ERR_NOMEM;
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.msg = body;
	a.msg_len = RA_EPID_QUOTE_BODY_LEN;
	a.bsn = q->basename;
	a.bsn_len = sizeof(q->basename);
	a.sigrl = sigrl;
	if ((err = ra_epid_sign(m, sig, sig_cap, &sig_len, &rev, &a, rng)) !=
	    RA_OK) {
		goto out;
	}
	memset(&blob, 0, sizeof(blob));
	if ((err = ra_rng_fill(rng, key.b, sizeof(key.b))) != RA_OK ||
	    (err = ra_rng_fill(rng, blob.iv, sizeof(blob.iv))) != RA_OK ||
	    (err = ra_gcm_encrypt(ct, &blob.tag, &key, blob.iv, NULL, 0, sig,
	         sig_len)) != RA_OK ||
	    (err = ra_rsa_oaep_encrypt(ias_key, blob.wrapped_key,
	         sizeof(blob.wrapped_key), key.b, sizeof(key.b), rng)) !=
	        RA_OK) {
		goto out;
	}
	ra_sha256(&blob.key_hash, key.b, sizeof(key.b));
	blob.ciphertext.p = ct;
	blob.ciphertext.len = sig_len;
	b = ra_buf_init(sblob, blob_len);
	if ((err = ra_epid_quote_sig_build(&b, &blob)) != RA_OK) {
		goto out;
	}
	full.signature.p = sblob;
	full.signature.len = b.len;
	err = ra_epid_quote_build(out, &full);
	if (err == RA_OK && revoked != NULL) {
		*revoked = rev;
	}
out:
	RA_WIPE(key);
	if (sig != NULL) {
		ra_wipe(sig, sig_cap);
	}
	free(sig);
	free(ct);
	free(sblob);
	return err;
}
