/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/quote.h"
#include "wire/wire.h"

static enum ra_err
check_version(uint16_t version)
{
	switch (version) {
	case 1:
	case 2:
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

static enum ra_err
check_sign_type(uint16_t v, enum ra_quote_sign_type *out)
{
	switch (v) {
	case RA_QUOTE_UNLINKABLE:
	case RA_QUOTE_LINKABLE:
		*out = (enum ra_quote_sign_type)v;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

/*
 * The quote body, bytes 0..431 of sgx_quote_t (what the EPID signature
 * covers and IAS returns as isvEnclaveQuoteBody): Intel SGX SDK
 * common/inc/sgx_quote.h, FORMATS.md §3.1. Little-endian, no reserved
 * fields. Version 1 (early QEs) has the same layout. Unknown version or
 * sign_type: RA_ERR_VERSION, after a truncation check (RA_ERR_FORMAT).
 *
 *   off size field
 *     0    2 version
 *     2    2 sign_type
 *     4    4 epid_group_id (the GID byte-reversed: read as u32 LE)
 *     8    2 qe_svn
 *    10    2 pce_svn
 *    12    4 xeid
 *    16   32 basename
 *    48  384 report_body
 */
static enum ra_err
parse_body(struct ra_epid_quote *q, struct ra_bytes body)
{
	struct ra_cur s = ra_cur_init(body.p, body.len);
	uint16_t version, sign_type;
	enum ra_err err;

	version = ra_cur_u16le(&s);                      /*   0 */
	sign_type = ra_cur_u16le(&s);                    /*   2 */
	q->gid = ra_cur_u32le(&s);                       /*   4 */
	q->qe_svn = ra_cur_u16le(&s);                    /*   8 */
	q->pce_svn = ra_cur_u16le(&s);                   /*  10 */
	q->xeid = ra_cur_u32le(&s);                      /*  12 */
	RA_CUR_COPY(&s, q->basename);                    /*  16 */
	err = ra_report_body_parse(&q->report_body, &s); /*  48 */
	err = first_err(err, ra_cur_finish(&s));
	q->version = version;
	err = first_err(err, check_version(version));
	return first_err(err, check_sign_type(sign_type, &q->sign_type));
}

/*
 * sgx_quote_t: the body above (0..431), then signature_len (u32 LE, 432)
 * and the signature blob (436).
 */
enum ra_err
ra_epid_quote_parse(struct ra_epid_quote *q, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint32_t sig_len;
	enum ra_err err, body_err;

	q->body = ra_cur_bytes(&c, RA_EPID_QUOTE_BODY_LEN);
	body_err = parse_body(q, q->body);
	sig_len = ra_cur_u32le(&c);               /* 432 */
	q->signature = ra_cur_bytes(&c, sig_len); /* 436 */
	/* A truncation is RA_ERR_FORMAT even if the ids read as zeros. */
	err = ra_cur_finish(&c);
	return first_err(err, body_err);
}

enum ra_err
ra_epid_quote_body_parse(
    struct ra_epid_quote *q, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err;

	q->body = ra_cur_bytes(&c, RA_EPID_QUOTE_BODY_LEN);
	q->signature.p = NULL;
	q->signature.len = 0;
	err = ra_cur_finish(&c);
	return first_err(err, parse_body(q, q->body));
}

enum ra_err
ra_epid_quote_build(struct ra_buf *b, const struct ra_epid_quote *q)
{
	if (q->signature.len > UINT32_MAX) {
		return RA_ERR_ARG;
	}
	ra_buf_u16le(b, q->version);
	ra_buf_u16le(b, (uint16_t)q->sign_type);
	ra_buf_u32le(b, q->gid);
	ra_buf_u16le(b, q->qe_svn);
	ra_buf_u16le(b, q->pce_svn);
	ra_buf_u32le(b, q->xeid);
	RA_BUF_PUT(b, q->basename);
	ra_report_body_build(b, &q->report_body);
	ra_buf_u32le(b, (uint32_t)q->signature.len);
	ra_buf_put(b, q->signature.p, q->signature.len);
	return ra_buf_finish(b);
}

/*
 * se_encrypted_sign_t: 320 + payload_size bytes; Intel SGX SDK
 * common/inc/internal/se_quote_internal.h, FORMATS.md §3.2. Integers
 * little-endian; the wrapped key is an RSA ciphertext (big-endian). No
 * reserved fields.
 *
 *   off size field
 *     0  256 wrap_key.encrypted_key (RSA-OAEP-2048)
 *   256   32 wrap_key.key_hash = SHA-256(AES key)
 *   288   12 iv
 *   300    4 payload_size
 *   304    n AES-128-GCM ciphertext of the EPID signature
 * 304+n   16 GCM tag
 */
enum ra_err
ra_epid_quote_sig_parse(
    struct ra_epid_quote_sig *s, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint32_t payload_size;

	RA_CUR_COPY(&c, s->wrapped_key);                /*   0 */
	RA_CUR_COPY(&c, s->key_hash.b);                 /* 256 */
	RA_CUR_COPY(&c, s->iv);                         /* 288 */
	payload_size = ra_cur_u32le(&c);                /* 300 */
	s->ciphertext = ra_cur_bytes(&c, payload_size); /* 304 */
	RA_CUR_COPY(&c, s->tag.b);                      /* 304 + n */
	return ra_cur_finish(&c);
}

enum ra_err
ra_epid_quote_sig_build(struct ra_buf *b, const struct ra_epid_quote_sig *s)
{
	if (s->ciphertext.len > UINT32_MAX) {
		return RA_ERR_ARG;
	}
	RA_BUF_PUT(b, s->wrapped_key);
	RA_BUF_PUT(b, s->key_hash.b);
	RA_BUF_PUT(b, s->iv);
	ra_buf_u32le(b, (uint32_t)s->ciphertext.len);
	ra_buf_put(b, s->ciphertext.p, s->ciphertext.len);
	RA_BUF_PUT(b, s->tag.b);
	return ra_buf_finish(b);
}
