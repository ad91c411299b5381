/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/sgx.h"
#include "wire/wire.h"

/*
 * sgx_report_body_t: 384 bytes, little-endian; Intel SGX SDK
 * common/inc/sgx_report.h, SDM "Layout of REPORT", FORMATS.md §1.2.
 * Reserved fields are kept verbatim, not checked: the CPU writes them,
 * the REPORT MAC and the quote signatures cover them, and keeping them
 * makes parse -> build exact. Right-hand column: offset.
 */
enum ra_err
ra_report_body_parse(struct ra_report_body *rb, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_REPORT_BODY_LEN);
	enum ra_err err;

	RA_CUR_COPY(&s, rb->cpu_svn);                   /*   0 */
	rb->misc_select = ra_cur_u32le(&s);             /*  16 */
	RA_CUR_COPY(&s, rb->reserved1);                 /*  20 (SDM: 20 CET) */
	RA_CUR_COPY(&s, rb->isv_ext_prod_id);           /*  32 */
	err = ra_attributes_parse(&rb->attributes, &s); /*  48 */
	RA_CUR_COPY(&s, rb->mr_enclave.b);              /*  64 */
	RA_CUR_COPY(&s, rb->reserved2);                 /*  96 */
	RA_CUR_COPY(&s, rb->mr_signer.b);               /* 128 */
	RA_CUR_COPY(&s, rb->reserved3);                 /* 160 */
	RA_CUR_COPY(&s, rb->config_id);                 /* 192 */
	rb->isv_prod_id = ra_cur_u16le(&s);             /* 256 */
	rb->isv_svn = ra_cur_u16le(&s);                 /* 258 */
	rb->config_svn = ra_cur_u16le(&s);              /* 260 */
	RA_CUR_COPY(&s, rb->reserved4);                 /* 262 */
	RA_CUR_COPY(&s, rb->isv_family_id);             /* 304 */
	RA_CUR_COPY(&s, rb->report_data);               /* 320 */
	return first_err(err, ra_cur_finish(&s));
}

void
ra_report_body_build(struct ra_buf *b, const struct ra_report_body *rb)
{
	RA_BUF_PUT(b, rb->cpu_svn);
	ra_buf_u32le(b, rb->misc_select);
	RA_BUF_PUT(b, rb->reserved1);
	RA_BUF_PUT(b, rb->isv_ext_prod_id);
	ra_attributes_build(b, &rb->attributes);
	RA_BUF_PUT(b, rb->mr_enclave.b);
	RA_BUF_PUT(b, rb->reserved2);
	RA_BUF_PUT(b, rb->mr_signer.b);
	RA_BUF_PUT(b, rb->reserved3);
	RA_BUF_PUT(b, rb->config_id);
	ra_buf_u16le(b, rb->isv_prod_id);
	ra_buf_u16le(b, rb->isv_svn);
	ra_buf_u16le(b, rb->config_svn);
	RA_BUF_PUT(b, rb->reserved4);
	RA_BUF_PUT(b, rb->isv_family_id);
	RA_BUF_PUT(b, rb->report_data);
}

/*
 * sgx_report_t: 432 bytes, little-endian; sgx_report.h, FORMATS.md §1.2.
 * KEYID and MAC are not covered by the MAC; nothing is reserved.
 *
 *   off size field
 *     0  384 body
 *   384   32 KEYID
 *   416   16 MAC = AES-128-CMAC(target's report key, bytes 0..383)
 */
enum ra_err
ra_report_parse(struct ra_report *r, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_REPORT_LEN);
	enum ra_err err;

	err = ra_report_body_parse(&r->body, &s); /*   0 */
	RA_CUR_COPY(&s, r->key_id);               /* 384 */
	RA_CUR_COPY(&s, r->mac.b);                /* 416 */
	return first_err(err, ra_cur_finish(&s));
}

void
ra_report_build(struct ra_buf *b, const struct ra_report *r)
{
	ra_report_body_build(b, &r->body);
	RA_BUF_PUT(b, r->key_id);
	RA_BUF_PUT(b, r->mac.b);
}
