/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/sgx.h"
#include "wire/wire.h"

static enum ra_err
check_keyname(uint16_t v, enum ra_keyname *out)
{
	switch (v) {
	case RA_KEYNAME_EINITTOKEN:
	case RA_KEYNAME_PROVISION:
	case RA_KEYNAME_PROVISION_SEAL:
	case RA_KEYNAME_REPORT:
	case RA_KEYNAME_SEAL:
		*out = (enum ra_keyname)v;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

/*
 * sgx_key_request_t: 512 bytes, little-endian; Intel SGX SDK
 * common/inc/sgx_key.h, SDM "KEYREQUEST", FORMATS.md §1.4. Reserved
 * bytes and reserved KEYPOLICY bits must be zero (EGETKEY faults
 * otherwise): RA_ERR_FORMAT. An unknown KEYNAME is RA_ERR_VERSION.
 *
 *   off size field
 *     0    2 KEYNAME
 *     2    2 KEYPOLICY
 *     4    2 ISVSVN
 *     6    1 CET_ATTRIBUTES_MASK (SDM; SDK: reserved1[0])
 *     7    1 reserved, zero
 *     8   16 CPUSVN
 *    24   16 ATTRIBUTEMASK
 *    40   32 KEYID
 *    72    4 MISCMASK
 *    76    2 CONFIGSVN
 *    78  434 reserved, zero
 */
enum ra_err
ra_keyrequest_parse(struct ra_keyrequest *kr, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_KEYREQUEST_LEN);
	enum ra_err err;
	uint16_t name;

	name = ra_cur_u16le(&s);                            /*  0 */
	kr->key_policy = ra_cur_u16le(&s);                  /*  2 */
	kr->isv_svn = ra_cur_u16le(&s);                     /*  4 */
	kr->cet_attributes_mask = ra_cur_u8(&s);            /*  6 */
	ra_cur_zero(&s, 1);                                 /*  7 */
	RA_CUR_COPY(&s, kr->cpu_svn);                       /*  8 */
	err = ra_attributes_parse(&kr->attribute_mask, &s); /* 24 */
	RA_CUR_COPY(&s, kr->key_id);                        /* 40 */
	kr->misc_mask = ra_cur_u32le(&s);                   /* 72 */
	kr->config_svn = ra_cur_u16le(&s);                  /* 76 */
	ra_cur_zero(&s, 434);                               /* 78 */
	if ((kr->key_policy & ~RA_KEYPOLICY_ALL) != 0) {
		ra_cur_fail(&s);
	}
	err = first_err(err, ra_cur_finish(&s));
	return first_err(err, check_keyname(name, &kr->key_name));
}

void
ra_keyrequest_build(struct ra_buf *b, const struct ra_keyrequest *kr)
{
	ra_buf_u16le(b, (uint16_t)kr->key_name);
	ra_buf_u16le(b, kr->key_policy);
	ra_buf_u16le(b, kr->isv_svn);
	ra_buf_u8(b, kr->cet_attributes_mask);
	ra_buf_zero(b, 1);
	RA_BUF_PUT(b, kr->cpu_svn);
	ra_attributes_build(b, &kr->attribute_mask);
	RA_BUF_PUT(b, kr->key_id);
	ra_buf_u32le(b, kr->misc_mask);
	ra_buf_u16le(b, kr->config_svn);
	ra_buf_zero(b, 434);
}
