/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"
#include "sgxra/sgx.h"
#include "wire/wire.h"

static enum ra_err
check_page_type(uint64_t v, enum ra_page_type *out)
{
	switch (v) {
	case RA_PT_SECS:
	case RA_PT_TCS:
	case RA_PT_REG:
	case RA_PT_VA:
	case RA_PT_TRIM:
	case RA_PT_SS_FIRST:
	case RA_PT_SS_REST:
		*out = (enum ra_page_type)v;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

/*
 * SECINFO: 64 bytes, little-endian; SDK common/inc/internal/arch.h, SDM
 * "SECINFO", FORMATS.md §1.6. Reserved FLAGS bits and reserved bytes must
 * be zero (EADD/EACCEPT fault otherwise): RA_ERR_FORMAT. A page type the
 * SDM does not define is RA_ERR_VERSION.
 *
 *   off size field
 *     0    8 FLAGS: bits 0..5 R W X PENDING MODIFIED PR,
 *                   bits 8..15 PAGE_TYPE, others reserved
 *     8   56 reserved, zero
 */
enum ra_err
ra_secinfo_parse(struct ra_secinfo *si, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_SECINFO_LEN);
	uint64_t flags;
	enum ra_err err;

	flags = ra_cur_u64le(&s); /* 0 */
	ra_cur_zero(&s, 56);      /* 8 */
	if ((flags & ~RA_SECINFO_FLAGS_ALL) != 0) {
		ra_cur_fail(&s);
	}
	si->perms = (uint8_t)(flags & 0xff);
	err = ra_cur_finish(&s);
	return first_err(err,
	    check_page_type(
	        flags >> RA_SECINFO_PT_SHIFT & 0xff, &si->page_type));
}

void
ra_secinfo_build(struct ra_buf *b, const struct ra_secinfo *si)
{
	uint64_t pt = (uint64_t)si->page_type & 0xff;

	ra_buf_u64le(b, (uint64_t)si->perms | pt << RA_SECINFO_PT_SHIFT);
	ra_buf_zero(b, 56);
}
