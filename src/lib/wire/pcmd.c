/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/sgx.h"
#include "wire/wire.h"

/*
 * PCMD: 128 bytes, little-endian; SDM "Paging Crypto MetaData", Linux
 * struct sgx_pcmd, MEE.md 7.1. EWB writes the reserved bytes as zero and
 * ELDU feeds them into the MAC: a non-zero reserved byte is RA_ERR_FORMAT.
 *
 *   off size field
 *     0   64 SECINFO
 *    64    8 ENCLAVEID
 *    72   40 reserved, zero
 *   112   16 MAC (AES-GCM tag)
 */
enum ra_err
ra_pcmd_parse(struct ra_pcmd *p, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_PCMD_LEN);
	enum ra_err err;

	err = ra_secinfo_parse(&p->secinfo, &s); /* 0 */
	p->enclave_id = ra_cur_u64le(&s);        /* 64 */
	ra_cur_zero(&s, 40);                     /* 72 */
	RA_CUR_COPY(&s, p->mac.b);               /* 112 */
	return first_err(err, ra_cur_finish(&s));
}

void
ra_pcmd_build(struct ra_buf *b, const struct ra_pcmd *p)
{
	ra_secinfo_build(b, &p->secinfo);
	ra_buf_u64le(b, p->enclave_id);
	ra_buf_zero(b, 40);
	ra_buf_put(b, p->mac.b, sizeof(p->mac.b));
}
