/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EPID key formats (FORMATS.md §7.2, §7.3; the SDK's epid/types.h) and the
 * helpers they share. All fields big-endian. The group id is 16 bytes in
 * the SDK's files and 4 bytes in SGX; the caller says which.
 *
 *   GroupPubKey   gid || h1 (64) || h2 (64) || w (128)
 *   IPrivKey      gid || gamma (32)
 *   PrivKey       gid || A (64) || x (32) || f (32)
 *   MembershipCredential  gid || A (64) || x (32)
 *   JoinRequest   F (64) || c (32) || s (32)
 *
 * Every point is checked on its curve (and G2 points in the order-p
 * subgroup), every scalar below p; nothing is reserved.
 */
#include <string.h>

#include "epid/keys.h"
#include "internal.h"
#include "sgxra/buf.h"
#include "sgxra/cursor.h"

const uint8_t ra_epid_p_bytes[RA_EPID_FP_LEN] = {
	0xff,
	0xff,
	0xff,
	0xff,
	0xff,
	0xfc,
	0xf0,
	0xcd,
	0x46,
	0xe5,
	0xf2,
	0x5e,
	0xee,
	0x71,
	0xa4,
	0x9e,
	0x0c,
	0xdc,
	0x65,
	0xfb,
	0x12,
	0x99,
	0x92,
	0x1a,
	0xf6,
	0x2d,
	0x53,
	0x6c,
	0xd1,
	0x0b,
	0x50,
	0x0d,
};

const uint8_t ra_epid_g1_bytes[RA_EPID_G1_LEN] = {
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x01,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0x02,
};

const uint8_t ra_epid_g2_bytes[RA_EPID_G2_LEN] = {
	0xe2,
	0x01,
	0x71,
	0xc5,
	0x4a,
	0xa3,
	0xda,
	0x05,
	0x21,
	0x67,
	0x04,
	0x13,
	0x74,
	0x3c,
	0xcf,
	0x22,
	0xd2,
	0x5d,
	0x52,
	0x68,
	0x3d,
	0x32,
	0x47,
	0x0e,
	0xf6,
	0x02,
	0x13,
	0x43,
	0xbf,
	0x28,
	0x23,
	0x94,
	0x59,
	0x2d,
	0x1e,
	0xf6,
	0x53,
	0xa8,
	0x5a,
	0x80,
	0x46,
	0xcc,
	0xdc,
	0x25,
	0x4f,
	0xbb,
	0x56,
	0x56,
	0x43,
	0x43,
	0x3b,
	0xf6,
	0x28,
	0x96,
	0x53,
	0xe2,
	0x7d,
	0xf7,
	0xb2,
	0x12,
	0xba,
	0xa1,
	0x89,
	0xbe,
	0xae,
	0x60,
	0xa4,
	0xe7,
	0x51,
	0xff,
	0xd3,
	0x50,
	0xc6,
	0x21,
	0xe7,
	0x03,
	0x31,
	0x28,
	0x26,
	0xbd,
	0x55,
	0xe8,
	0xb5,
	0x9a,
	0x4d,
	0x91,
	0x68,
	0x38,
	0x41,
	0x4d,
	0xb8,
	0x22,
	0xdd,
	0x23,
	0x35,
	0xae,
	0x1a,
	0xb4,
	0x42,
	0xf9,
	0x89,
	0xaf,
	0xe5,
	0xad,
	0xf8,
	0x02,
	0x74,
	0xf8,
	0x76,
	0x45,
	0xe2,
	0x53,
	0x2c,
	0xdc,
	0x61,
	0x81,
	0x90,
	0x93,
	0xd6,
	0x13,
	0x2c,
	0x90,
	0xfe,
	0x89,
	0x51,
	0xb9,
	0x24,
	0x21,
};

bool
ra_epid_gid_width_ok(enum ra_epid_gid_width width)
{
	return width == RA_EPID_GID_SGX || width == RA_EPID_GID_SDK;
}

enum ra_err
ra_epid_gid_hash_alg(enum ra_hash_alg *alg, const struct ra_epid_gid *gid)
{
	/* Byte 0, high nibble: schema version 0. Byte 1, low nibble: alg. */
	if ((gid->b[0] >> 4) != 0) {
		return RA_ERR_VERSION;
	}
	switch (gid->b[1] & 0x0f) {
	case 0:
		*alg = RA_HASH_SHA256;
		return RA_OK;
	case 1:
		*alg = RA_HASH_SHA384;
		return RA_OK;
	case 2:
		*alg = RA_HASH_SHA512;
		return RA_OK;
	case 3:
		*alg = RA_HASH_SHA512_256;
		return RA_OK;
	default:
		return RA_ERR_VERSION; /* the SHA-3 ids 4-6 and the rest */
	}
}

bool
ra_epid_g1_valid(const struct ra_epid_g1 *p)
{
	struct ra_g1 g;

	return ra_g1_from_bytes(&g, p->b);
}

bool
ra_epid_gid_eq(const struct ra_epid_gid *a, const struct ra_epid_gid *b)
{
	return a->width == b->width && ra_ct_eq(a->b, b->b, sizeof(a->b));
}

void
ra_epid_gid_read(
    struct ra_epid_gid *gid, struct ra_cur *c, enum ra_epid_gid_width width)
{
	memset(gid, 0, sizeof(*gid));
	gid->width = width;
	ra_cur_copy(c, gid->b, (size_t)width);
}

void
ra_epid_gid_write(struct ra_buf *b, const struct ra_epid_gid *gid)
{
	if (!ra_epid_gid_width_ok(gid->width)) {
		b->overflow = true; /* a corrupt struct: refuse to write */
		return;
	}
	ra_buf_put(b, gid->b, (size_t)gid->width);
}

bool
ra_epid_g1_decode(struct ra_g1 *r, const struct ra_epid_g1 *e)
{
	return ra_g1_from_bytes(r, e->b);
}

bool
ra_epid_g2_decode(struct ra_g2 *r, const struct ra_epid_g2 *e)
{
	return ra_g2_from_bytes(r, e->b);
}

bool
ra_epid_fp_decode(struct ra_fp *r, const struct ra_epid_fp *e)
{
	return ra_fp_from_bytes(r, e->b);
}

void
ra_epid_g1_encode(struct ra_epid_g1 *e, const struct ra_g1 *a)
{
	ra_g1_to_bytes(e->b, a);
}

void
ra_epid_fp_encode(struct ra_epid_fp *e, const struct ra_fp *a)
{
	ra_fp_to_bytes(e->b, a);
}

void
ra_epid_g1_read(struct ra_epid_g1 *e, struct ra_cur *c, bool *bad)
{
	struct ra_g1 t;

	RA_CUR_COPY(c, e->b);
	if (ra_cur_ok(c) && !ra_epid_g1_decode(&t, e)) {
		*bad = true;
	}
}

void
ra_epid_g2_read(struct ra_epid_g2 *e, struct ra_cur *c, bool *bad)
{
	struct ra_g2 t;

	RA_CUR_COPY(c, e->b);
	/* The subgroup check costs a scalar multiplication: only when the
	 * bytes are there and nothing failed before. */
	if (ra_cur_ok(c) && !*bad && !ra_epid_g2_decode(&t, e)) {
		*bad = true;
	}
}

void
ra_epid_fp_read(struct ra_epid_fp *e, struct ra_cur *c, bool *bad)
{
	struct ra_fp t;

	RA_CUR_COPY(c, e->b);
	if (ra_cur_ok(c) && !ra_epid_fp_decode(&t, e)) {
		*bad = true;
	}
	RA_WIPE(t);
}

enum ra_err
ra_epid_parse_end(const struct ra_cur *c, bool bad)
{
	if (ra_cur_finish(c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	return bad ? RA_ERR_KEY : RA_OK;
}

/* GroupPubKey: gid || h1 || h2 || w. */
enum ra_err
ra_epid_group_pub_parse(struct ra_epid_group_pub *pub, const uint8_t *buf,
    size_t len, enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);
	bool bad = false;
	enum ra_err err;

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	ra_epid_gid_read(&pub->gid, &c, width); /* 0 */
	ra_epid_g1_read(&pub->h1, &c, &bad);    /* width */
	ra_epid_g1_read(&pub->h2, &c, &bad);    /* width + 64 */
	ra_epid_g2_read(&pub->w, &c, &bad);     /* width + 128 */
	err = ra_epid_parse_end(&c, bad);
	if (err != RA_OK) {
		RA_WIPE(*pub);
	}
	return err;
}

enum ra_err
ra_epid_group_pub_build(struct ra_buf *out, const struct ra_epid_group_pub *pub)
{
	ra_epid_gid_write(out, &pub->gid);
	RA_BUF_PUT(out, pub->h1.b);
	RA_BUF_PUT(out, pub->h2.b);
	RA_BUF_PUT(out, pub->w.b);
	return ra_buf_finish(out);
}

/* IPrivKey: gid || gamma. */
enum ra_err
ra_epid_issuer_key_parse(struct ra_epid_issuer_key *key, const uint8_t *buf,
    size_t len, enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);
	bool bad = false;
	enum ra_err err;

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	ra_epid_gid_read(&key->gid, &c, width); /* 0 */
	ra_epid_fp_read(&key->gamma, &c, &bad); /* width */
	err = ra_epid_parse_end(&c, bad);
	if (err != RA_OK) {
		RA_WIPE(*key);
	}
	return err;
}

enum ra_err
ra_epid_issuer_key_build(
    struct ra_buf *out, const struct ra_epid_issuer_key *key)
{
	ra_epid_gid_write(out, &key->gid);
	RA_BUF_PUT(out, key->gamma.b);
	return ra_buf_finish(out);
}

/* PrivKey: gid || A || x || f. */
enum ra_err
ra_epid_member_key_parse(struct ra_epid_member_key *key, const uint8_t *buf,
    size_t len, enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);
	bool bad = false;
	enum ra_err err;

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	ra_epid_gid_read(&key->gid, &c, width); /* 0 */
	ra_epid_g1_read(&key->a, &c, &bad);     /* width */
	ra_epid_fp_read(&key->x, &c, &bad);     /* width + 64 */
	ra_epid_fp_read(&key->f, &c, &bad);     /* width + 96 */
	err = ra_epid_parse_end(&c, bad);
	if (err != RA_OK) {
		RA_WIPE(*key);
	}
	return err;
}

enum ra_err
ra_epid_member_key_build(
    struct ra_buf *out, const struct ra_epid_member_key *key)
{
	ra_epid_gid_write(out, &key->gid);
	RA_BUF_PUT(out, key->a.b);
	RA_BUF_PUT(out, key->x.b);
	RA_BUF_PUT(out, key->f.b);
	return ra_buf_finish(out);
}

/* MembershipCredential: gid || A || x. */
enum ra_err
ra_epid_credential_parse(struct ra_epid_credential *cred, const uint8_t *buf,
    size_t len, enum ra_epid_gid_width width)
{
	struct ra_cur c = ra_cur_init(buf, len);
	bool bad = false;
	enum ra_err err;

	if (!ra_epid_gid_width_ok(width)) {
		return RA_ERR_ARG;
	}
	ra_epid_gid_read(&cred->gid, &c, width); /* 0 */
	ra_epid_g1_read(&cred->a, &c, &bad);     /* width */
	ra_epid_fp_read(&cred->x, &c, &bad);     /* width + 64 */
	err = ra_epid_parse_end(&c, bad);
	if (err != RA_OK) {
		RA_WIPE(*cred);
	}
	return err;
}

enum ra_err
ra_epid_credential_build(
    struct ra_buf *out, const struct ra_epid_credential *cred)
{
	ra_epid_gid_write(out, &cred->gid);
	RA_BUF_PUT(out, cred->a.b);
	RA_BUF_PUT(out, cred->x.b);
	return ra_buf_finish(out);
}

/* JoinRequest: F || c || s, 128 bytes. */
enum ra_err
ra_epid_join_request_parse(
    struct ra_epid_join_request *req, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	bool bad = false;
	enum ra_err err;

	ra_epid_g1_read(&req->big_f, &c, &bad); /*  0 */
	ra_epid_fp_read(&req->c, &c, &bad);     /* 64 */
	ra_epid_fp_read(&req->s, &c, &bad);     /* 96 */
	err = ra_epid_parse_end(&c, bad);
	if (err != RA_OK) {
		RA_WIPE(*req);
	}
	return err;
}

enum ra_err
ra_epid_join_request_build(
    struct ra_buf *out, const struct ra_epid_join_request *req)
{
	RA_BUF_PUT(out, req->big_f.b);
	RA_BUF_PUT(out, req->c.b);
	RA_BUF_PUT(out, req->s.b);
	return ra_buf_finish(out);
}
