/* SPDX-License-Identifier: BSD-3-Clause */
#include "sgxra/pib.h"
#include "internal.h"
#include "wire/wire.h"

/*
 * sgx_platform_info_t: 101 bytes; Intel SGX SDK platform_info_blob.h,
 * FORMATS.md §3.4. Flags and signature big-endian (IAS writes them);
 * other multi-byte fields kept as bytes (see pib.h). No reserved fields.
 *
 *   off size field
 *     0    1 sgx_epid_group_flags
 *     1    2 sgx_tcb_evaluation_flags (BE)
 *     3    2 pse_evaluation_flags (BE)
 *     5   18 latest_equivalent_tcb_psvn
 *    23    2 latest_pse_isvsvn
 *    25    4 latest_psda_svn
 *    29    4 xeid
 *    33    4 gid
 *    37   64 signature r || s (BE), over SHA-256 of bytes 0..36
 */
enum ra_err
ra_pib_parse(struct ra_pib *p, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_PIB_LEN);

	p->epid_group_flags = ra_cur_u8(&s);        /*  0 */
	p->tcb_evaluation_flags = ra_cur_u16be(&s); /*  1 */
	p->pse_evaluation_flags = ra_cur_u16be(&s); /*  3 */
	RA_CUR_COPY(&s, p->latest_psvn);            /*  5 */
	RA_CUR_COPY(&s, p->latest_pse_isvsvn);      /* 23 */
	RA_CUR_COPY(&s, p->latest_psda_svn);        /* 25 */
	RA_CUR_COPY(&s, p->xeid);                   /* 29 */
	RA_CUR_COPY(&s, p->gid);                    /* 33 */
	RA_CUR_COPY(&s, p->signature.r);            /* 37 */
	RA_CUR_COPY(&s, p->signature.s);            /* 69 */
	return ra_cur_finish(&s);
}

void
ra_pib_build(struct ra_buf *b, const struct ra_pib *p)
{
	ra_buf_u8(b, p->epid_group_flags);
	ra_buf_u16be(b, p->tcb_evaluation_flags);
	ra_buf_u16be(b, p->pse_evaluation_flags);
	RA_BUF_PUT(b, p->latest_psvn);
	RA_BUF_PUT(b, p->latest_pse_isvsvn);
	RA_BUF_PUT(b, p->latest_psda_svn);
	RA_BUF_PUT(b, p->xeid);
	RA_BUF_PUT(b, p->gid);
	RA_BUF_PUT(b, p->signature.r);
	RA_BUF_PUT(b, p->signature.s);
}

/*
 * The TLV form: 105 bytes; SDK tlv_common.h (small TLV header), FORMATS.md
 * §3.4.
 *
 *   off size field
 *     0    1 type = 0x15 (TLV_PLATFORM_INFO_BLOB)
 *     1    1 version = 2
 *     2    2 size = 0x0065, big-endian
 *     4  101 payload
 */
enum ra_err
ra_pib_tlv_parse(struct ra_pib *p, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint8_t type, version;
	uint16_t size;
	enum ra_err err;

	type = ra_cur_u8(&c);      /* 0 */
	version = ra_cur_u8(&c);   /* 1 */
	size = ra_cur_u16be(&c);   /* 2 */
	err = ra_pib_parse(p, &c); /* 4 */
	err = first_err(err, ra_cur_finish(&c));
	if (err == RA_OK &&
	    (type != RA_PIB_TLV_TYPE || version != RA_PIB_TLV_VERSION)) {
		err = RA_ERR_VERSION;
	}
	if (err == RA_OK && size != RA_PIB_LEN) {
		err = RA_ERR_FORMAT;
	}
	return err;
}

void
ra_pib_tlv_build(struct ra_buf *b, const struct ra_pib *p)
{
	ra_buf_u8(b, RA_PIB_TLV_TYPE);
	ra_buf_u8(b, RA_PIB_TLV_VERSION);
	ra_buf_u16be(b, RA_PIB_LEN);
	ra_pib_build(b, p);
}
