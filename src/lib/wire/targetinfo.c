/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/sgx.h"
#include "wire/wire.h"

/*
 * sgx_target_info_t: 512 bytes, little-endian; Intel SGX SDK
 * common/inc/sgx_report.h, SDM "TARGETINFO", FORMATS.md §1.3. Reserved
 * bytes must be zero: the SDM makes EREPORT fault on a TARGETINFO whose
 * reserved fields are not, so such a structure is malformed.
 *
 *   off size field
 *     0   32 MEASUREMENT (MRENCLAVE of the target)
 *    32   16 ATTRIBUTES
 *    48    1 CET_ATTRIBUTES (SDM; SDK: reserved1[0])
 *    49    1 reserved, zero
 *    50    2 CONFIGSVN
 *    52    4 MISCSELECT
 *    56    8 reserved, zero
 *    64   64 CONFIGID
 *   128  384 reserved, zero
 */
enum ra_err
ra_targetinfo_parse(struct ra_targetinfo *ti, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_TARGETINFO_LEN);
	enum ra_err err;

	RA_CUR_COPY(&s, ti->mr_enclave.b);              /*   0 */
	err = ra_attributes_parse(&ti->attributes, &s); /*  32 */
	ti->cet_attributes = ra_cur_u8(&s);             /*  48 */
	ra_cur_zero(&s, 1);                             /*  49 */
	ti->config_svn = ra_cur_u16le(&s);              /*  50 */
	ti->misc_select = ra_cur_u32le(&s);             /*  52 */
	ra_cur_zero(&s, 8);                             /*  56 */
	RA_CUR_COPY(&s, ti->config_id);                 /*  64 */
	ra_cur_zero(&s, 384);                           /* 128 */
	return first_err(err, ra_cur_finish(&s));
}

void
ra_targetinfo_build(struct ra_buf *b, const struct ra_targetinfo *ti)
{
	RA_BUF_PUT(b, ti->mr_enclave.b);
	ra_attributes_build(b, &ti->attributes);
	ra_buf_u8(b, ti->cet_attributes);
	ra_buf_zero(b, 1);
	ra_buf_u16le(b, ti->config_svn);
	ra_buf_u32le(b, ti->misc_select);
	ra_buf_zero(b, 8);
	RA_BUF_PUT(b, ti->config_id);
	ra_buf_zero(b, 384);
}
