/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EPID revocation lists (FORMATS.md §7.9; the SDK's PrivRl, SigRl, GroupRl
 * and VerifierRl in epid/types.h). All integers big-endian; "gid" is 16
 * bytes in the SDK's files and 4 in SGX.
 *
 *   PrivRl      gid || RLver (4) || n1 (4) || n1 x f (32)
 *   SigRl       gid || RLver (4) || n2 (4) || n2 x (B (64) || K (64))
 *   GroupRl     RLver (4) || n3 (4) || n3 x gid
 *   VerifierRl  gid || B (64) || RLver (4) || n4 (4) || n4 x K (64)
 *
 * The count must describe the rest of the buffer exactly. Entries are kept
 * as views and not validated here: the verifier fails closed on an invalid
 * one (sgxra/epid.h).
 */
#include <stdint.h>
#include <string.h>

#include "epid/keys.h"
#include "internal.h"
#include "sgxra/cursor.h"

#define PRIVRL_ENTRY_LEN     RA_EPID_FP_LEN
#define SIGRL_ENTRY_LEN      RA_EPID_SIGRL_ENTRY_LEN
#define VERIFIERRL_ENTRY_LEN RA_EPID_G1_LEN

/*
 * The n entries of entry_len bytes that must make up the rest of c. The
 * count is compared with the bytes left by division, so n * entry_len is
 * only computed once it is known to fit.
 */
static struct ra_bytes
read_entries(struct ra_cur *c, uint32_t n, size_t entry_len)
{
	struct ra_cur sub;

	if (n > ra_cur_left(c) / entry_len) {
		ra_cur_fail(c);
	}
	sub = ra_cur_sub(c, (size_t)n * entry_len);
	return ra_cur_rest(&sub);
}

/* Write a view that must hold exactly n entries of entry_len bytes. */
static void
write_entries(
    struct ra_buf *b, const struct ra_bytes *v, uint32_t n, size_t entry_len)
{
	if (v->len / entry_len != n || v->len % entry_len != 0) {
		b->overflow = true;
		return;
	}
	ra_buf_put(b, v->p, v->len);
}

/* RA_ERR_ARG for a view/count mismatch, else the writer's verdict. */
static enum ra_err
build_end(const struct ra_buf *b, const struct ra_bytes *v, uint32_t n,
    size_t entry_len)
{
	if (v->len / entry_len != n || v->len % entry_len != 0) {
		return RA_ERR_ARG;
	}
	return ra_buf_finish(b);
}

/* Copy entry i of a view, or zeros if it is not there. */
static void
entry(void *dst, const struct ra_bytes *v, uint32_t n, uint32_t i,
    size_t entry_len)
{
	memset(dst, 0, entry_len);
	if (i < n && (size_t)i < v->len / entry_len) {
		memcpy(dst, v->p + (size_t)i * entry_len, entry_len);
	}
}

static enum ra_err
parse_end(struct ra_cur *c, void *rl, size_t size)
{
	if (ra_cur_finish(c) != RA_OK) {
		memset(rl, 0, size);
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/* --- PrivRl -------------------------------------------------------------- */

enum ra_err
ra_epid_privrl_parse(struct ra_epid_privrl *rl, const uint8_t *buf, size_t len,
    enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	ra_epid_gid_read(&rl->gid, &c, width);              /* 0 */
	rl->version = ra_cur_u32be(&c);                     /* width */
	rl->n1 = ra_cur_u32be(&c);                          /* width + 4 */
	rl->f = read_entries(&c, rl->n1, PRIVRL_ENTRY_LEN); /* width + 8 */
	return parse_end(&c, rl, sizeof(*rl));
}

static void
privrl_write(struct ra_buf *out, const struct ra_epid_privrl *rl,
    uint32_t version, uint32_t n1)
{
	ra_epid_gid_write(out, &rl->gid);
	ra_buf_u32be(out, version);
	ra_buf_u32be(out, n1);
	write_entries(out, &rl->f, rl->n1, PRIVRL_ENTRY_LEN);
}

enum ra_err
ra_epid_privrl_build(struct ra_buf *out, const struct ra_epid_privrl *rl)
{
	privrl_write(out, rl, rl->version, rl->n1);
	return build_end(out, &rl->f, rl->n1, PRIVRL_ENTRY_LEN);
}

enum ra_err
ra_epid_privrl_add(struct ra_buf *out, const struct ra_epid_privrl *rl,
    const struct ra_epid_fp *f)
{
	if (rl->version == UINT32_MAX || rl->n1 == UINT32_MAX) {
		return RA_ERR_ARG;
	}
	privrl_write(out, rl, rl->version + 1, rl->n1 + 1);
	RA_BUF_PUT(out, f->b);
	return build_end(out, &rl->f, rl->n1, PRIVRL_ENTRY_LEN);
}

void
ra_epid_privrl_entry(
    struct ra_epid_fp *f, const struct ra_epid_privrl *rl, uint32_t i)
{
	entry(f->b, &rl->f, rl->n1, i, PRIVRL_ENTRY_LEN);
}

/* --- SigRl --------------------------------------------------------------- */

enum ra_err
ra_epid_sigrl_parse(struct ra_epid_sigrl *rl, const uint8_t *buf, size_t len,
    enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	ra_epid_gid_read(&rl->gid, &c, width);              /* 0 */
	rl->version = ra_cur_u32be(&c);                     /* width */
	rl->n2 = ra_cur_u32be(&c);                          /* width + 4 */
	rl->bk = read_entries(&c, rl->n2, SIGRL_ENTRY_LEN); /* width + 8 */
	return parse_end(&c, rl, sizeof(*rl));
}

static void
sigrl_write(struct ra_buf *out, const struct ra_epid_sigrl *rl,
    uint32_t version, uint32_t n2)
{
	ra_epid_gid_write(out, &rl->gid);
	ra_buf_u32be(out, version);
	ra_buf_u32be(out, n2);
	write_entries(out, &rl->bk, rl->n2, SIGRL_ENTRY_LEN);
}

enum ra_err
ra_epid_sigrl_build(struct ra_buf *out, const struct ra_epid_sigrl *rl)
{
	sigrl_write(out, rl, rl->version, rl->n2);
	return build_end(out, &rl->bk, rl->n2, SIGRL_ENTRY_LEN);
}

enum ra_err
ra_epid_sigrl_add(struct ra_buf *out, const struct ra_epid_sigrl *rl,
    const struct ra_epid_basic_sig *sig)
{
	if (rl->version == UINT32_MAX || rl->n2 == UINT32_MAX) {
		return RA_ERR_ARG;
	}
	sigrl_write(out, rl, rl->version + 1, rl->n2 + 1);
	RA_BUF_PUT(out, sig->b.b);
	RA_BUF_PUT(out, sig->k.b);
	return build_end(out, &rl->bk, rl->n2, SIGRL_ENTRY_LEN);
}

void
ra_epid_sigrl_entry(struct ra_epid_g1 *b, struct ra_epid_g1 *k,
    const struct ra_epid_sigrl *rl, uint32_t i)
{
	uint8_t e[SIGRL_ENTRY_LEN];

	entry(e, &rl->bk, rl->n2, i, SIGRL_ENTRY_LEN);
	memcpy(b->b, e, RA_EPID_G1_LEN);
	memcpy(k->b, e + RA_EPID_G1_LEN, RA_EPID_G1_LEN);
}

/* --- GroupRl ------------------------------------------------------------- */

enum ra_err
ra_epid_grouprl_parse(struct ra_epid_grouprl *rl, const uint8_t *buf,
    size_t len, enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	rl->width = width;
	rl->version = ra_cur_u32be(&c);                     /* 0 */
	rl->n3 = ra_cur_u32be(&c);                          /* 4 */
	rl->gids = read_entries(&c, rl->n3, (size_t)width); /* 8 */
	return parse_end(&c, rl, sizeof(*rl));
}

static void
grouprl_write(struct ra_buf *out, const struct ra_epid_grouprl *rl,
    uint32_t version, uint32_t n3)
{
	if (!ra_epid_gid_width_ok(rl->width)) {
		out->overflow = true;
		return;
	}
	ra_buf_u32be(out, version);
	ra_buf_u32be(out, n3);
	write_entries(out, &rl->gids, rl->n3, (size_t)rl->width);
}

enum ra_err
ra_epid_grouprl_build(struct ra_buf *out, const struct ra_epid_grouprl *rl)
{
	if (!ra_epid_gid_width_ok(rl->width)) {
		return RA_ERR_ARG;
	}
	grouprl_write(out, rl, rl->version, rl->n3);
	return build_end(out, &rl->gids, rl->n3, (size_t)rl->width);
}

enum ra_err
ra_epid_grouprl_add(struct ra_buf *out, const struct ra_epid_grouprl *rl,
    const struct ra_epid_gid *gid)
{
	if (!ra_epid_gid_width_ok(rl->width) || gid->width != rl->width ||
	    rl->version == UINT32_MAX || rl->n3 == UINT32_MAX) {
		return RA_ERR_ARG;
	}
	grouprl_write(out, rl, rl->version + 1, rl->n3 + 1);
	ra_epid_gid_write(out, gid);
	return build_end(out, &rl->gids, rl->n3, (size_t)rl->width);
}

void
ra_epid_grouprl_entry(
    struct ra_epid_gid *gid, const struct ra_epid_grouprl *rl, uint32_t i)
{
	memset(gid, 0, sizeof(*gid));
	gid->width = rl->width;
	if (ra_epid_gid_width_ok(rl->width)) {
		entry(gid->b, &rl->gids, rl->n3, i, (size_t)rl->width);
	}
}

/* --- VerifierRl ---------------------------------------------------------- */

enum ra_err
ra_epid_verifierrl_parse(struct ra_epid_verifierrl *rl, const uint8_t *buf,
    size_t len, enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	ra_epid_gid_read(&rl->gid, &c, width);                  /* 0 */
	RA_CUR_COPY(&c, rl->b.b);                               /* width */
	rl->version = ra_cur_u32be(&c);                         /* width + 64 */
	rl->n4 = ra_cur_u32be(&c);                              /* width + 68 */
	rl->k = read_entries(&c, rl->n4, VERIFIERRL_ENTRY_LEN); /* width + 72 */
	return parse_end(&c, rl, sizeof(*rl));
}

static void
verifierrl_write(struct ra_buf *out, const struct ra_epid_verifierrl *rl,
    uint32_t version, uint32_t n4)
{
	ra_epid_gid_write(out, &rl->gid);
	RA_BUF_PUT(out, rl->b.b);
	ra_buf_u32be(out, version);
	ra_buf_u32be(out, n4);
	write_entries(out, &rl->k, rl->n4, VERIFIERRL_ENTRY_LEN);
}

enum ra_err
ra_epid_verifierrl_build(
    struct ra_buf *out, const struct ra_epid_verifierrl *rl)
{
	verifierrl_write(out, rl, rl->version, rl->n4);
	return build_end(out, &rl->k, rl->n4, VERIFIERRL_ENTRY_LEN);
}

enum ra_err
ra_epid_verifierrl_add(struct ra_buf *out, const struct ra_epid_verifierrl *rl,
    const struct ra_epid_g1 *k)
{
	if (rl->version == UINT32_MAX || rl->n4 == UINT32_MAX) {
		return RA_ERR_ARG;
	}
	verifierrl_write(out, rl, rl->version + 1, rl->n4 + 1);
	RA_BUF_PUT(out, k->b);
	return build_end(out, &rl->k, rl->n4, VERIFIERRL_ENTRY_LEN);
}

void
ra_epid_verifierrl_entry(
    struct ra_epid_g1 *k, const struct ra_epid_verifierrl *rl, uint32_t i)
{
	entry(k->b, &rl->k, rl->n4, i, VERIFIERRL_ENTRY_LEN);
}
