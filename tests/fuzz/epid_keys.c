/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the EPID key parsers. Byte 0 selects the format (bits 1-3) and the
 * group-id width (bit 0); the rest is the input. Properties: a parse that
 * succeeds rebuilds the exact input; a failure is a format or key error.
 */
#include <string.h>

#include "fuzz_epid.h"
#include "sgxra/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum ra_err
parse_build(unsigned sel, const uint8_t *b, size_t n, struct ra_buf *out)
{
	enum ra_epid_gid_width w = fuzz_width(sel);
	union {
		struct ra_epid_group_pub pub;
		struct ra_epid_issuer_key ik;
		struct ra_epid_member_key mk;
		struct ra_epid_credential cr;
		struct ra_epid_join_request jr;
	} u;
	enum ra_err e;

	switch ((sel >> 1) % 5) {
	case 0:
		e = ra_epid_group_pub_parse(&u.pub, b, n, w);
		return e != RA_OK ? e : ra_epid_group_pub_build(out, &u.pub);
	case 1:
		e = ra_epid_issuer_key_parse(&u.ik, b, n, w);
		return e != RA_OK ? e : ra_epid_issuer_key_build(out, &u.ik);
	case 2:
		e = ra_epid_member_key_parse(&u.mk, b, n, w);
		return e != RA_OK ? e : ra_epid_member_key_build(out, &u.mk);
	case 3:
		e = ra_epid_credential_parse(&u.cr, b, n, w);
		return e != RA_OK ? e : ra_epid_credential_build(out, &u.cr);
	default:
		e = ra_epid_join_request_parse(&u.jr, b, n);
		return e != RA_OK ? e : ra_epid_join_request_build(out, &u.jr);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[512];
	struct ra_buf ob = ra_buf_init(out, sizeof(out));
	enum ra_err e;

	if (size < 1) {
		return 0;
	}
	e = parse_build(data[0], data + 1, size - 1, &ob);
	if (e == RA_OK) {
		FUZZ_ASSERT(ob.len == size - 1);
		FUZZ_ASSERT(memcmp(out, data + 1, ob.len) == 0);
	} else {
		FUZZ_ASSERT(e == RA_ERR_FORMAT || e == RA_ERR_KEY);
	}
	return 0;
}
