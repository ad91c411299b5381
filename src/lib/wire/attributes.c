/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/sgx.h"

/*
 * ATTRIBUTES (sgx_attributes_t), 16 bytes, little-endian; Intel SGX SDK
 * common/inc/sgx_attributes.h, FORMATS.md §1.1. No reserved bytes at
 * this level: every FLAGS and XFRM bit is kept for policy to judge.
 *
 *   off size field
 *     0    8 FLAGS
 *     8    8 XFRM
 */
enum ra_err
ra_attributes_parse(struct ra_attributes *a, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_ATTRIBUTES_LEN);

	a->flags = ra_cur_u64le(&s); /* 0 */
	a->xfrm = ra_cur_u64le(&s);  /* 8 */
	return ra_cur_finish(&s);
}

void
ra_attributes_build(struct ra_buf *b, const struct ra_attributes *a)
{
	ra_buf_u64le(b, a->flags);
	ra_buf_u64le(b, a->xfrm);
}
