/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SGXS records (Fortanix doc/SGXS.md, FORMATS.md §2.2). Layouts in
 * sgxra/sgxs.h. The tags are compared as little-endian u64 words.
 */
#include "sgxra/sgxs.h"
#include "internal.h"

#define TAG_ECREATE  0x0045544145524345ULL /* "ECREATE\0" */
#define TAG_UNSIZED  0x0044455a49534e55ULL /* "UNSIZED\0" */
#define TAG_EADD     0x0000000044444145ULL /* "EADD\0\0\0\0" */
#define TAG_EEXTEND  0x00444e4554584545ULL /* "EEXTEND\0" */
#define TAG_UNMEASRD 0x44525341454d4e55ULL /* "UNMEASRD" */

static enum ra_err
tag_of(uint64_t word, enum ra_sgxs_tag *tag)
{
	switch (word) {
	case TAG_ECREATE:
		*tag = RA_SGXS_ECREATE;
		return RA_OK;
	case TAG_UNSIZED:
		*tag = RA_SGXS_UNSIZED;
		return RA_OK;
	case TAG_EADD:
		*tag = RA_SGXS_EADD;
		return RA_OK;
	case TAG_EEXTEND:
		*tag = RA_SGXS_EEXTEND;
		return RA_OK;
	case TAG_UNMEASRD:
		*tag = RA_SGXS_UNMEASRD;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

/*
 * EADD bytes 16..63: SECINFO bytes 0..47. The record holds only the first
 * 48 bytes of the 64-byte SECINFO; bytes 48..63 are reserved zeros, so
 * the SECINFO parser sees them as such.
 */
static enum ra_err
parse_eadd_secinfo(struct ra_secinfo *si, struct ra_cur *h)
{
	uint8_t full[RA_SECINFO_LEN] = { 0 };
	struct ra_cur fc;

	ra_cur_copy(h, full, 48);
	if (!ra_cur_ok(h)) {
		return RA_ERR_FORMAT;
	}
	fc = ra_cur_init(full, sizeof(full));
	return ra_secinfo_parse(si, &fc);
}

/* Bytes 8..63 of a header, per tag. */
static enum ra_err
parse_fields(struct ra_sgxs_record *r, struct ra_cur *h)
{
	enum ra_err err;

	switch (r->tag) {
	case RA_SGXS_ECREATE:
	case RA_SGXS_UNSIZED:
		r->ssa_frame_size = ra_cur_u32le(h); /*  8 */
		r->size = ra_cur_u64le(h);           /* 12 */
		ra_cur_zero(h, 44);                  /* 20 */
		return ra_cur_finish(h);
	case RA_SGXS_EADD:
		r->offset = ra_cur_u64le(h);              /*  8 */
		err = parse_eadd_secinfo(&r->secinfo, h); /* 16 */
		return err != RA_OK ? err : ra_cur_finish(h);
	case RA_SGXS_EEXTEND:
	case RA_SGXS_UNMEASRD:
		r->offset = ra_cur_u64le(h); /*  8 */
		ra_cur_zero(h, 48);          /* 16 */
		return ra_cur_finish(h);
	default:
		return RA_ERR_VERSION;
	}
}

enum ra_err
ra_sgxs_record_parse(struct ra_sgxs_record *r, struct ra_cur *c)
{
	struct ra_cur h;
	enum ra_err err;

	r->header = ra_cur_bytes(c, RA_SGXS_HEADER_LEN);
	if (r->header.p == NULL) {
		return RA_ERR_FORMAT;
	}
	h = ra_cur_init(r->header.p, r->header.len);
	if ((err = tag_of(ra_cur_u64le(&h), &r->tag)) != RA_OK) {
		return err;
	}
	if ((err = parse_fields(r, &h)) != RA_OK) {
		return err;
	}
	r->data.p = NULL;
	r->data.len = 0;
	if (r->tag == RA_SGXS_EEXTEND || r->tag == RA_SGXS_UNMEASRD) {
		r->data = ra_cur_bytes(c, 256);
		if (r->data.p == NULL) {
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}
