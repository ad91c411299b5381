/* SPDX-License-Identifier: BSD-3-Clause */
/* sgx_sealed_data_t; layout in sgxra/seal.h (SDK common/inc/sgx_tseal.h). */
#include "internal.h"
#include "sgxra/seal.h"

enum ra_err
ra_sealed_parse(struct ra_sealed *s, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	struct ra_cur payload;
	uint32_t text_len, payload_size;
	enum ra_err err;

	err = ra_keyrequest_parse(&s->key_request, &c); /*   0 */
	if (err != RA_OK) {
		return err;
	}
	text_len = ra_cur_u32le(&c);            /* 512 plain_text_offset */
	ra_cur_zero(&c, 12);                    /* 516 reserved */
	payload_size = ra_cur_u32le(&c);        /* 528 */
	ra_cur_zero(&c, 12);                    /* 532 reserved */
	RA_CUR_COPY(&c, s->tag.b);              /* 544 */
	payload = ra_cur_sub(&c, payload_size); /* 560 */
	if (!ra_cur_ok(&c) || text_len > payload_size) {
		return RA_ERR_FORMAT;
	}
	s->ciphertext = ra_cur_bytes(&payload, text_len);
	s->aad = ra_cur_rest(&payload);
	return ra_cur_finish(&c);
}

enum ra_err
ra_sealed_build(struct ra_buf *b, const struct ra_sealed *s)
{
	if (s->ciphertext.len > UINT32_MAX ||
	    s->aad.len > UINT32_MAX - s->ciphertext.len) {
		return RA_ERR_ARG;
	}
	ra_keyrequest_build(b, &s->key_request);
	ra_buf_u32le(b, (uint32_t)s->ciphertext.len);
	ra_buf_zero(b, 12);
	ra_buf_u32le(b, (uint32_t)(s->ciphertext.len + s->aad.len));
	ra_buf_zero(b, 12);
	RA_BUF_PUT(b, s->tag.b);
	ra_buf_put(b, s->ciphertext.p, s->ciphertext.len);
	ra_buf_put(b, s->aad.p, s->aad.len);
	return ra_buf_finish(b);
}
