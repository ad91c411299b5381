/* SPDX-License-Identifier: BSD-3-Clause */
#include "sgxra/sigrl.h"
#include "internal.h"
#include "sgxra/cursor.h"
#include "wire/wire.h"

/*
 * Whether a SigRL of n entries has a size_t length: 128 * n + 80 must not
 * wrap. Always true with a 64-bit size_t, but checked, not assumed.
 */
static bool
entries_fit(uint32_t n)
{
	size_t m = (size_t)n * RA_SIGRL_ENTRY_LEN;

	return m / RA_SIGRL_ENTRY_LEN == n && m <= SIZE_MAX - RA_SIGRL_MIN_LEN;
}

/*
 * SigRL (SGX/IAS form): 16 + 128 * n2 + 64 bytes, big-endian; SDK
 * psw/ae/inc/se_sig_rl.h, FORMATS.md §5.7. Offsets in sigrl.h. No
 * reserved fields. The header must be 00 02 00 0E (RA_ERR_VERSION); the
 * entries are a sub-cursor of exactly 128 * n2 bytes, and nothing may
 * follow the signature (RA_ERR_FORMAT).
 */
enum ra_err
ra_sigrl_parse(struct ra_sigrl *rl, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	struct ra_cur start = c;
	uint16_t version, type;

	version = ra_cur_u16be(&c);    /*  0 */
	type = ra_cur_u16be(&c);       /*  2 */
	rl->gid = ra_cur_u32be(&c);    /*  4 */
	rl->rl_ver = ra_cur_u32be(&c); /* 8 */
	rl->n2 = ra_cur_u32be(&c);     /* 12 */
	if (ra_cur_ok(&c) &&
	    (version != RA_SIGRL_EPID_VERSION || type != RA_SIGRL_FILE_TYPE)) {
		return RA_ERR_VERSION;
	}
	if (!entries_fit(rl->n2)) {
		ra_cur_fail(&c);
	}
	/* 16: n2 entries; a count that lies fails the cursor cleanly */
	rl->entries = ra_cur_bytes(
	    &c, ra_cur_ok(&c) ? (size_t)rl->n2 * RA_SIGRL_ENTRY_LEN : 0);
	rl->signed_data =
	    ra_cur_bytes(&start, ra_cur_ok(&c) ? len - ra_cur_left(&c) : 0);
	RA_CUR_COPY(&c, rl->sig.r); /* 16 + 128 n2 */
	RA_CUR_COPY(&c, rl->sig.s);
	return ra_cur_finish(&c);
}

enum ra_err
ra_sigrl_entry_parse(
    struct ra_sigrl_entry *e, const struct ra_sigrl *rl, uint32_t i)
{
	struct ra_cur c;

	if (i >= rl->n2 || !entries_fit(rl->n2) ||
	    rl->entries.len != (size_t)rl->n2 * RA_SIGRL_ENTRY_LEN) {
		return RA_ERR_ARG;
	}
	c = ra_cur_init(rl->entries.p, rl->entries.len);
	ra_cur_skip(&c, (size_t)i * RA_SIGRL_ENTRY_LEN);
	RA_CUR_COPY(&c, e->b);
	RA_CUR_COPY(&c, e->k);
	return ra_cur_ok(&c) ? RA_OK : RA_ERR_ARG;
}

enum ra_err
ra_sigrl_build_signed(struct ra_buf *b, const struct ra_sigrl *rl)
{
	if (!entries_fit(rl->n2) ||
	    rl->entries.len != (size_t)rl->n2 * RA_SIGRL_ENTRY_LEN) {
		return RA_ERR_ARG;
	}
	ra_buf_u16be(b, RA_SIGRL_EPID_VERSION);
	ra_buf_u16be(b, RA_SIGRL_FILE_TYPE);
	ra_buf_u32be(b, rl->gid);
	ra_buf_u32be(b, rl->rl_ver);
	ra_buf_u32be(b, rl->n2);
	ra_buf_put(b, rl->entries.p, rl->entries.len);
	return ra_buf_finish(b);
}

enum ra_err
ra_sigrl_build(struct ra_buf *b, const struct ra_sigrl *rl)
{
	enum ra_err err = ra_sigrl_build_signed(b, rl);

	if (err == RA_ERR_ARG) {
		return err;
	}
	RA_BUF_PUT(b, rl->sig.r);
	RA_BUF_PUT(b, rl->sig.s);
	return ra_buf_finish(b);
}
