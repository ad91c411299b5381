/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/quote.h"
#include "wire/wire.h"

/*
 * DCAP ECDSA quotes v3, v4 and v5; Intel DCAP QuoteGeneration/
 * quote_wrapper/common/inc/sgx_quote_3.h, sgx_quote_4.h, sgx_quote_5.h,
 * QVL QuoteStructures.h; FORMATS.md §6.1 and §6.2; docs/formats.md. All
 * integers little-endian; keys and signatures big-endian (kept as is).
 * No field is reserved except header bytes 8..11 of v4/v5, which the
 * headers call reserved and QVL still reads as qe_svn and pce_svn: they
 * are kept verbatim in those two fields.
 */

/* Size of the fixed part of the QE report certification data. */
#define QE_CERT_FIXED_LEN (RA_REPORT_BODY_LEN + 64 + 2 + 2 + 4)
/* quote_sig and att_key at the start of the signature data. */
#define SIG_KEY_LEN 128
/* The v4/v5 type 6 wrapper: type u16, size u32. */
#define WRAPPER_LEN 6

static enum ra_err
check_version(uint16_t version)
{
	switch (version) {
	case 3:
	case 4:
	case 5:
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

/* tee_type: SGX in every version, TDX from v4 on. */
static enum ra_err
check_tee(uint16_t version, uint32_t tee_type)
{
	switch (tee_type) {
	case RA_DCAP_TEE_SGX:
		return RA_OK;
	case RA_DCAP_TEE_TDX:
		return version >= 4 ? RA_OK : RA_ERR_VERSION;
	default:
		return RA_ERR_VERSION;
	}
}

/* A body type and its length; the TEE must be the body's. */
static enum ra_err
check_body(uint32_t type, uint32_t tee_type, size_t *len)
{
	switch (type) {
	case RA_DCAP_BODY_SGX:
		*len = RA_REPORT_BODY_LEN;
		return tee_type == RA_DCAP_TEE_SGX ? RA_OK : RA_ERR_VERSION;
	case RA_DCAP_BODY_TD10:
		*len = RA_TD_REPORT10_LEN;
		return tee_type == RA_DCAP_TEE_TDX ? RA_OK : RA_ERR_VERSION;
	case RA_DCAP_BODY_TD15:
		*len = RA_TD_REPORT15_LEN;
		return tee_type == RA_DCAP_TEE_TDX ? RA_OK : RA_ERR_VERSION;
	default:
		*len = 0;
		return RA_ERR_VERSION;
	}
}

/* Certification data types that may carry the PCK identity (1..5). */
static enum ra_err
check_cert_type(uint16_t type, enum ra_dcap_cert_type *out)
{
	switch (type) {
	case RA_DCAP_CERT_PPID_CLEAR:
	case RA_DCAP_CERT_PPID_RSA2048:
	case RA_DCAP_CERT_PPID_RSA3072:
	case RA_DCAP_CERT_PCK_LEAF:
	case RA_DCAP_CERT_PCK_CHAIN:
		*out = (enum ra_dcap_cert_type)type;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

/*
 * Header, 48 bytes:
 *
 *   off size field
 *     0    2 version
 *     2    2 att_key_type
 *     4    4 tee_type (v3: att_key_data_0, zero)
 *     8    2 qe_svn  (v4/v5: reserved, kept)
 *    10    2 pce_svn (v4/v5: reserved, kept)
 *    12   16 qe_vendor_id
 *    28   20 user_data
 */
static enum ra_err
parse_header(struct ra_dcap_quote *q, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_DCAP_HEADER_LEN);
	enum ra_err err;

	q->version = ra_cur_u16le(&s);      /*  0 */
	q->att_key_type = ra_cur_u16le(&s); /*  2 */
	q->tee_type = ra_cur_u32le(&s);     /*  4 */
	q->qe_svn = ra_cur_u16le(&s);       /*  8 */
	q->pce_svn = ra_cur_u16le(&s);      /* 10 */
	RA_CUR_COPY(&s, q->qe_vendor_id);   /* 12 */
	RA_CUR_COPY(&s, q->user_data);      /* 28 */
	err = ra_cur_finish(&s);
	err = first_err(err, check_version(q->version));
	if (err == RA_OK && q->att_key_type != RA_DCAP_ATT_KEY_ECDSA_P256) {
		err = RA_ERR_VERSION;
	}
	return first_err(err, check_tee(q->version, q->tee_type));
}

/*
 * The body kind. v3 and v4 imply it from tee_type; v5 has a descriptor
 * after the header: type u16 at 48, size u32 at 50, body at 54.
 */
static enum ra_err
parse_body_type(struct ra_dcap_quote *q, struct ra_cur *c)
{
	uint16_t type;
	uint32_t size;
	size_t want;
	enum ra_err err;

	if (q->version != 5) {
		q->body_type = q->tee_type == RA_DCAP_TEE_TDX
		    ? RA_DCAP_BODY_TD10
		    : RA_DCAP_BODY_SGX;
		return RA_OK;
	}
	type = ra_cur_u16le(c); /* 48 */
	size = ra_cur_u32le(c); /* 50 */
	if (!ra_cur_ok(c)) {
		return RA_ERR_FORMAT;
	}
	err = check_body(type, q->tee_type, &want);
	if (err != RA_OK) {
		return err;
	}
	q->body_type = (enum ra_dcap_body_type)type;
	return size == want ? RA_OK : RA_ERR_FORMAT;
}

static enum ra_err
parse_body(struct ra_dcap_quote *q, struct ra_cur *c)
{
	switch (q->body_type) {
	case RA_DCAP_BODY_SGX:
		return ra_report_body_parse(&q->body.sgx, c);
	case RA_DCAP_BODY_TD10:
		return ra_td_report_parse(&q->body.td, c, false);
	case RA_DCAP_BODY_TD15:
		return ra_td_report_parse(&q->body.td, c, true);
	default:
		return RA_ERR_VERSION;
	}
}

/* Header, descriptor and body: the quote signature's message. */
static enum ra_err
parse_signed(struct ra_dcap_quote *q, struct ra_cur *c)
{
	struct ra_cur start = *c;
	enum ra_err err;

	err = parse_header(q, c);
	if (err != RA_OK) {
		return err;
	}
	err = parse_body_type(q, c);
	if (err != RA_OK) {
		return err;
	}
	err = parse_body(q, c);
	if (err != RA_OK) {
		return err;
	}
	q->signed_data =
	    ra_cur_bytes(&start, ra_cur_left(&start) - ra_cur_left(c));
	return RA_OK;
}

/*
 * QE report certification data: all of the v3 signature data after the
 * key, or the payload of the v4/v5 type 6 certification data. c must be
 * consumed exactly. Offsets from its start:
 *
 *   off size field
 *     0  384 QE report body
 *   384   64 QE report signature (r || s, big-endian)
 *   448    2 QE auth data size A
 *   450    A QE auth data
 * 450+A    2 certification data type (1..5)
 * 452+A    4 certification data size C
 * 456+A    C certification data
 */
static enum ra_err
parse_qe_cert(struct ra_dcap_quote *q, struct ra_cur *c)
{
	struct ra_cur rep;
	uint16_t auth_len, type;
	uint32_t cert_len;
	enum ra_err err;

	q->qe_report_raw = ra_cur_bytes(c, RA_REPORT_BODY_LEN); /* 0 */
	rep = ra_cur_init(q->qe_report_raw.p, q->qe_report_raw.len);
	err = ra_report_body_parse(&q->qe_report, &rep);
	RA_CUR_COPY(c, q->qe_report_sig.r);          /* 384 */
	RA_CUR_COPY(c, q->qe_report_sig.s);          /* 416 */
	auth_len = ra_cur_u16le(c);                  /* 448 */
	q->qe_auth_data = ra_cur_bytes(c, auth_len); /* 450 */
	type = ra_cur_u16le(c);                      /* 450 + A */
	cert_len = ra_cur_u32le(c);                  /* 452 + A */
	q->cert_data = ra_cur_bytes(c, cert_len);    /* 456 + A */
	err = first_err(err, ra_cur_finish(c));
	return first_err(err, check_cert_type(type, &q->cert_type));
}

/*
 * Signature data, exactly sig_data_len bytes:
 *
 *   off size field
 *     0   64 quote signature (r || s, big-endian)
 *    64   64 attestation key (x || y, big-endian)
 *   v3:
 *   128    . QE report certification data
 *   v4, v5:
 *   128    2 certification data type, must be 6
 *   130    4 size S
 *   134    S QE report certification data
 */
static enum ra_err
parse_sig_data(struct ra_dcap_quote *q, struct ra_cur *c)
{
	struct ra_cur qc;
	uint16_t type;
	uint32_t size;
	enum ra_err err;

	RA_CUR_COPY(c, q->quote_sig.r); /*   0 */
	RA_CUR_COPY(c, q->quote_sig.s); /*  32 */
	RA_CUR_COPY(c, q->att_key.x);   /*  64 */
	RA_CUR_COPY(c, q->att_key.y);   /*  96 */
	if (q->version == 3) {
		return parse_qe_cert(q, c); /* 128 */
	}
	type = ra_cur_u16le(c); /* 128 */
	size = ra_cur_u32le(c); /* 130 */
	if (ra_cur_ok(c) && type != RA_DCAP_CERT_QE_REPORT) {
		return RA_ERR_VERSION;
	}
	qc = ra_cur_sub(c, size); /* 134 */
	err = parse_qe_cert(q, &qc);
	return first_err(err, ra_cur_finish(c));
}

/*
 * The quote: signed part, sig_data_len (u32), signature data, then
 * nothing but zero padding (see quote.h for the evidence).
 */
enum ra_err
ra_dcap_quote_parse(struct ra_dcap_quote *q, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	struct ra_cur sd;
	uint32_t sig_len;
	enum ra_err err;

	q->padding_len = 0;
	err = parse_signed(q, &c);
	if (err != RA_OK) {
		return err;
	}
	sig_len = ra_cur_u32le(&c);
	sd = ra_cur_sub(&c, sig_len);
	err = parse_sig_data(q, &sd);
	if (ra_cur_ok(&c)) {
		q->padding_len = ra_cur_left(&c);
		ra_cur_zero(&c, q->padding_len);
	}
	return first_err(err, ra_cur_finish(&c));
}

enum ra_err
ra_dcap_quote_len(size_t *quote_len, const uint8_t *buf, size_t len)
{
	struct ra_dcap_quote q;
	struct ra_cur c = ra_cur_init(buf, len);
	uint32_t sig_len;
	enum ra_err err;

	*quote_len = 0;
	err = parse_signed(&q, &c);
	if (err != RA_OK) {
		return err;
	}
	sig_len = ra_cur_u32le(&c);
	ra_cur_skip(&c, sig_len);
	if (!ra_cur_ok(&c)) {
		return RA_ERR_FORMAT;
	}
	*quote_len = len - ra_cur_left(&c);
	return RA_OK;
}

/*
 * Whether q can be laid out, and its two computed lengths: the QE report
 * certification data and the signature data.
 */
static enum ra_err
check_build(const struct ra_dcap_quote *q, size_t *qe_len, size_t *sig_len)
{
	size_t body_len, head = SIG_KEY_LEN;
	uint32_t body_type = q->body_type;

	if (check_version(q->version) != RA_OK ||
	    check_tee(q->version, q->tee_type) != RA_OK ||
	    check_body(body_type, q->tee_type, &body_len) != RA_OK) {
		return RA_ERR_ARG;
	}
	if ((q->version == 3 && body_type != RA_DCAP_BODY_SGX) ||
	    (q->version == 4 && body_type == RA_DCAP_BODY_TD15) ||
	    (body_type != RA_DCAP_BODY_SGX &&
	        q->body.td.is_v1_5 != (body_type == RA_DCAP_BODY_TD15))) {
		return RA_ERR_ARG;
	}
	if (q->version != 3) {
		head += WRAPPER_LEN;
	}
	if (q->qe_auth_data.len > UINT16_MAX ||
	    q->cert_data.len >
	        UINT32_MAX - head - QE_CERT_FIXED_LEN - q->qe_auth_data.len) {
		return RA_ERR_ARG;
	}
	*qe_len = QE_CERT_FIXED_LEN + q->qe_auth_data.len + q->cert_data.len;
	*sig_len = head + *qe_len;
	return RA_OK;
}

static void
build_signed(struct ra_buf *b, const struct ra_dcap_quote *q)
{
	ra_buf_u16le(b, q->version);
	ra_buf_u16le(b, q->att_key_type);
	ra_buf_u32le(b, q->tee_type);
	ra_buf_u16le(b, q->qe_svn);
	ra_buf_u16le(b, q->pce_svn);
	RA_BUF_PUT(b, q->qe_vendor_id);
	RA_BUF_PUT(b, q->user_data);
	if (q->body_type == RA_DCAP_BODY_SGX) {
		if (q->version == 5) {
			ra_buf_u16le(b, RA_DCAP_BODY_SGX);
			ra_buf_u32le(b, RA_REPORT_BODY_LEN);
		}
		ra_report_body_build(b, &q->body.sgx);
		return;
	}
	if (q->version == 5) {
		ra_buf_u16le(b, (uint16_t)q->body_type);
		ra_buf_u32le(b,
		    q->body.td.is_v1_5 ? RA_TD_REPORT15_LEN
		                       : RA_TD_REPORT10_LEN);
	}
	ra_td_report_build(b, &q->body.td);
}

static void
build_qe_cert(struct ra_buf *b, const struct ra_dcap_quote *q)
{
	ra_report_body_build(b, &q->qe_report);
	RA_BUF_PUT(b, q->qe_report_sig.r);
	RA_BUF_PUT(b, q->qe_report_sig.s);
	ra_buf_u16le(b, (uint16_t)q->qe_auth_data.len);
	ra_buf_put(b, q->qe_auth_data.p, q->qe_auth_data.len);
	ra_buf_u16le(b, (uint16_t)q->cert_type);
	ra_buf_u32le(b, (uint32_t)q->cert_data.len);
	ra_buf_put(b, q->cert_data.p, q->cert_data.len);
}

enum ra_err
ra_dcap_quote_build(struct ra_buf *b, const struct ra_dcap_quote *q)
{
	size_t qe_len, sig_len;
	enum ra_err err;

	err = check_build(q, &qe_len, &sig_len);
	if (err != RA_OK) {
		return err;
	}
	build_signed(b, q);
	ra_buf_u32le(b, (uint32_t)sig_len);
	RA_BUF_PUT(b, q->quote_sig.r);
	RA_BUF_PUT(b, q->quote_sig.s);
	RA_BUF_PUT(b, q->att_key.x);
	RA_BUF_PUT(b, q->att_key.y);
	if (q->version != 3) {
		ra_buf_u16le(b, RA_DCAP_CERT_QE_REPORT);
		ra_buf_u32le(b, (uint32_t)qe_len);
	}
	build_qe_cert(b, q);
	ra_buf_zero(b, q->padding_len);
	return ra_buf_finish(b);
}

/* PPID length of certification data types 1..3. */
static enum ra_err
ppid_len(uint32_t type, size_t *len)
{
	switch (type) {
	case RA_DCAP_CERT_PPID_CLEAR:
		*len = RA_PPID_CLEAR_LEN;
		return RA_OK;
	case RA_DCAP_CERT_PPID_RSA2048:
		*len = RA_PPID_RSA2048_LEN;
		return RA_OK;
	case RA_DCAP_CERT_PPID_RSA3072:
		*len = RA_PPID_RSA3072_LEN;
		return RA_OK;
	default:
		*len = 0;
		return RA_ERR_VERSION;
	}
}

/*
 * PPID certification data (types 1..3), sgx_quote_3.h and QVL:
 *
 *   off size field
 *     0    P PPID (type 1: 16 clear; 2: 256, 3: 384 RSA-OAEP encrypted)
 *     P   16 CPUSVN
 *  P+16    2 PCE SVN
 *  P+18    2 PCE ID (absent in the 34-byte legacy type 1 of QVL's sample)
 */
enum ra_err
ra_dcap_quote_ppid_parse(struct ra_dcap_ppid *p, enum ra_dcap_cert_type type,
    const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	size_t n;
	enum ra_err err;

	err = ppid_len(type, &n);
	if (err != RA_OK) {
		return err;
	}
	p->type = type;
	p->ppid = ra_cur_bytes(&c, n); /* 0 */
	RA_CUR_COPY(&c, p->cpu_svn);   /* P */
	p->pce_svn = ra_cur_u16le(&c); /* P + 16 */
	p->has_pce_id = !(type == RA_DCAP_CERT_PPID_CLEAR && ra_cur_ok(&c) &&
	    ra_cur_left(&c) == 0);
	p->pce_id = 0;
	if (p->has_pce_id) {
		p->pce_id = ra_cur_u16le(&c); /* P + 18 */
	}
	return ra_cur_finish(&c);
}

enum ra_err
ra_dcap_quote_ppid_build(struct ra_buf *b, const struct ra_dcap_ppid *p)
{
	size_t n;

	if (ppid_len(p->type, &n) != RA_OK || p->ppid.len != n ||
	    (!p->has_pce_id && p->type != RA_DCAP_CERT_PPID_CLEAR)) {
		return RA_ERR_ARG;
	}
	ra_buf_put(b, p->ppid.p, p->ppid.len);
	RA_BUF_PUT(b, p->cpu_svn);
	ra_buf_u16le(b, p->pce_svn);
	if (p->has_pce_id) {
		ra_buf_u16le(b, p->pce_id);
	}
	return ra_buf_finish(b);
}
