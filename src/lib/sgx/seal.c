/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sealing as the Intel SDK does it (sdk/tseal: sgx_seal_data_ex and
 * sgx_seal_data_iv): AES-128-GCM under the seal key, an all-zero 12-byte
 * IV (the key is unique per blob: its KEYREQUEST has a random KEYID), the
 * additional MAC text as AAD and stored in the clear after the
 * ciphertext.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/crypto.h"
#include "sgxra/seal.h"

static const uint8_t zero_iv[RA_GCM_IV_LEN];

size_t
ra_seal_len(size_t text_len, size_t aad_len)
{
	if (text_len > SIZE_MAX - RA_SEALED_HEADER_LEN - aad_len ||
	    aad_len > SIZE_MAX - RA_SEALED_HEADER_LEN) {
		return SIZE_MAX;
	}
	return RA_SEALED_HEADER_LEN + text_len + aad_len;
}

enum ra_err
ra_seal(uint8_t *out, size_t cap, size_t *out_len, const struct ra_key128 *key,
    const struct ra_keyrequest *kr, const void *text, size_t text_len,
    const void *aad, size_t aad_len)
{
	struct ra_mac128 tag;
	struct ra_buf b;
	size_t need = ra_seal_len(text_len, aad_len);
	enum ra_err err;

	if (out == NULL || out_len == NULL || key == NULL || kr == NULL ||
	    text == NULL || text_len == 0 || (aad == NULL && aad_len != 0)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	if (need == SIZE_MAX || need - RA_SEALED_HEADER_LEN > UINT32_MAX) {
		return RA_ERR_ARG;
	}
	if (cap < need) {
		return RA_ERR_SPACE;
	}
	/* Encrypt straight into the payload area of out. */
	err = ra_gcm_encrypt(out + RA_SEALED_HEADER_LEN, &tag, key, zero_iv,
	    aad, aad_len, text, text_len);
	if (err != RA_OK) {
		return err;
	}
	if (aad_len != 0) {
		memmove(out + RA_SEALED_HEADER_LEN + text_len, aad, aad_len);
	}
	/* The header (sgxra/seal.h) goes in front of the payload. */
	b = ra_buf_init(out, RA_SEALED_HEADER_LEN);
	ra_keyrequest_build(&b, kr);
	ra_buf_u32le(&b, (uint32_t)text_len);
	ra_buf_zero(&b, 12);
	ra_buf_u32le(&b, (uint32_t)(text_len + aad_len));
	ra_buf_zero(&b, 12);
	RA_BUF_PUT(&b, tag.b);
	if ((err = ra_buf_finish(&b)) != RA_OK) {
		ra_wipe(out, need);
		return err;
	}
	*out_len = need;
	return RA_OK;
}

enum ra_err
ra_unseal(uint8_t *text, size_t cap, const struct ra_key128 *key,
    const struct ra_sealed *s)
{
	if (text == NULL || key == NULL || s == NULL) {
		return RA_ERR_ARG;
	}
	if (cap < s->ciphertext.len) {
		return RA_ERR_SPACE;
	}
	return ra_gcm_decrypt(text, key, zero_iv, s->aad.p, s->aad.len,
	    s->ciphertext.p, s->ciphertext.len, &s->tag);
}
