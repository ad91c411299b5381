/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/sgx.h"
#include "wire/wire.h"

/* SDM SIGSTRUCT: the two fixed headers (FORMATS.md §2.3). */
static const uint8_t header1[12] = { 0x06, 0x00, 0x00, 0x00, 0xe1, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00 };
static const uint8_t header2[16] = { 0x01, 0x01, 0x00, 0x00, 0x60, 0x00, 0x00,
	0x00, 0x60, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 };

/* A constant field: RA_ERR_VERSION if it is not the expected value. */
static enum ra_err
expect(struct ra_cur *s, const uint8_t *want, size_t n)
{
	const uint8_t *p = ra_cur_take(s, n);

	if (p == NULL || ra_ct_eq(p, want, n)) {
		return RA_OK; /* a truncation is reported by the cursor */
	}
	return RA_ERR_VERSION;
}

/* Bytes 0..127: HEADER .. reserved (first half of the signed region). */
static enum ra_err
parse_head(struct ra_sigstruct *ss, struct ra_cur *s)
{
	enum ra_err err;

	err = expect(s, header1, sizeof(header1)); /*  0 HEADER */
	ss->type = ra_cur_u32le(s);                /* 12 */
	ss->vendor = ra_cur_u32le(s);              /* 16 */
	ss->date = ra_cur_u32le(s);                /* 20 */
	err = first_err(err, expect(s, header2, sizeof(header2))); /* 24 */
	ss->sw_defined = ra_cur_u32le(s);                          /* 40 */
	ra_cur_zero(s, 84); /* 44 reserved */
	if ((ss->type & ~RA_SIGSTRUCT_TYPE_DEBUG) != 0) {
		ra_cur_fail(s); /* TYPE bits 0..30 are reserved */
	}
	return err;
}

/* Bytes 900..1027: the body (second half of the signed region). */
static enum ra_err
parse_body(struct ra_sigstruct *ss, struct ra_cur *s)
{
	enum ra_err err;

	ss->misc_select = ra_cur_u32le(s);             /*  900 */
	ss->misc_mask = ra_cur_u32le(s);               /*  904 */
	ss->cet_attributes = ra_cur_u8(s);             /*  908 */
	ss->cet_attributes_mask = ra_cur_u8(s);        /*  909 */
	ra_cur_zero(s, 2);                             /*  910 */
	RA_CUR_COPY(s, ss->isv_family_id);             /*  912 */
	err = ra_attributes_parse(&ss->attributes, s); /*  928 */
	err = first_err(err, ra_attributes_parse(&ss->attribute_mask, s));
	RA_CUR_COPY(s, ss->enclave_hash.b);  /*  960 */
	ra_cur_zero(s, 16);                  /*  992 */
	RA_CUR_COPY(s, ss->isv_ext_prod_id); /* 1008 */
	ss->isv_prod_id = ra_cur_u16le(s);   /* 1024 */
	ss->isv_svn = ra_cur_u16le(s);       /* 1026 */
	return err;
}

/*
 * enclave_css_t: 1808 bytes, little-endian; Intel SGX SDK common/inc/
 * internal/arch.h, SDM "SIGSTRUCT", FORMATS.md §2.3. HEADER, HEADER2 and
 * EXPONENT are constants (RA_ERR_VERSION otherwise); reserved bytes and
 * TYPE bits 0..30 must be zero (RA_ERR_FORMAT). RSA values stay
 * little-endian, as stored.
 *
 *   off size field                  off size field
 *     0   12 HEADER                 904    4 MISCMASK
 *    12    4 TYPE                   908    1 CET_ATTRIBUTES
 *    16    4 VENDOR                 909    1 CET_ATTRIBUTES_MASK
 *    20    4 DATE                   910    2 reserved, zero
 *    24   16 HEADER2                912   16 ISVFAMILYID
 *    40    4 SWDEFINED              928   16 ATTRIBUTES
 *    44   84 reserved, zero         944   16 ATTRIBUTEMASK
 *   128  384 MODULUS (LE)           960   32 ENCLAVEHASH
 *   512    4 EXPONENT = 3           992   16 reserved, zero
 *   516  384 SIGNATURE (LE)        1008   16 ISVEXTPRODID
 *   900    4 MISCSELECT            1024    2 ISVPRODID
 *                                  1026    2 ISVSVN
 *                                  1028   12 reserved, zero
 *                                  1040  384 Q1 (LE)
 *                                  1424  384 Q2 (LE)
 */
enum ra_err
ra_sigstruct_parse(struct ra_sigstruct *ss, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_SIGSTRUCT_LEN);
	enum ra_err err;
	uint32_t exponent;

	err = parse_head(ss, &s);                 /*    0 */
	RA_CUR_COPY(&s, ss->modulus_le);          /*  128 */
	exponent = ra_cur_u32le(&s);              /*  512 */
	RA_CUR_COPY(&s, ss->signature_le);        /*  516 */
	err = first_err(err, parse_body(ss, &s)); /* 900 */
	ra_cur_zero(&s, 12);                      /* 1028 */
	RA_CUR_COPY(&s, ss->q1_le);               /* 1040 */
	RA_CUR_COPY(&s, ss->q2_le);               /* 1424 */
	if (ra_cur_ok(&s) && exponent != RA_SIGSTRUCT_EXPONENT) {
		err = first_err(err, RA_ERR_VERSION);
	}
	return first_err(err, ra_cur_finish(&s));
}

static void
build_head(struct ra_buf *b, const struct ra_sigstruct *ss)
{
	ra_buf_put(b, header1, sizeof(header1));
	ra_buf_u32le(b, ss->type);
	ra_buf_u32le(b, ss->vendor);
	ra_buf_u32le(b, ss->date);
	ra_buf_put(b, header2, sizeof(header2));
	ra_buf_u32le(b, ss->sw_defined);
	ra_buf_zero(b, 84);
}

static void
build_body(struct ra_buf *b, const struct ra_sigstruct *ss)
{
	ra_buf_u32le(b, ss->misc_select);
	ra_buf_u32le(b, ss->misc_mask);
	ra_buf_u8(b, ss->cet_attributes);
	ra_buf_u8(b, ss->cet_attributes_mask);
	ra_buf_zero(b, 2);
	RA_BUF_PUT(b, ss->isv_family_id);
	ra_attributes_build(b, &ss->attributes);
	ra_attributes_build(b, &ss->attribute_mask);
	RA_BUF_PUT(b, ss->enclave_hash.b);
	ra_buf_zero(b, 16);
	RA_BUF_PUT(b, ss->isv_ext_prod_id);
	ra_buf_u16le(b, ss->isv_prod_id);
	ra_buf_u16le(b, ss->isv_svn);
}

void
ra_sigstruct_build(struct ra_buf *b, const struct ra_sigstruct *ss)
{
	build_head(b, ss);
	RA_BUF_PUT(b, ss->modulus_le);
	ra_buf_u32le(b, RA_SIGSTRUCT_EXPONENT);
	RA_BUF_PUT(b, ss->signature_le);
	build_body(b, ss);
	ra_buf_zero(b, 12);
	RA_BUF_PUT(b, ss->q1_le);
	RA_BUF_PUT(b, ss->q2_le);
}

/* SDM EINIT: the signed message is bytes 0..127 || bytes 900..1027. */
void
ra_sigstruct_build_signed(struct ra_buf *b, const struct ra_sigstruct *ss)
{
	build_head(b, ss);
	build_body(b, ss);
}
