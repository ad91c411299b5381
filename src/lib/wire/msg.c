/* SPDX-License-Identifier: BSD-3-Clause */
#include "sgxra/msg.h"
#include "internal.h"
#include "wire/wire.h"

/*
 * RA messages; Intel SGX SDK common/inc/sgx_key_exchange.h, sgx-ra-sample
 * protocol.h, SDK RemoteAttestation sample remote_attestation_result.h;
 * FORMATS.md §4.3; docs/protocol.md. Integers little-endian; SDK EC
 * values little-endian on the wire, big-endian in our structs.
 */

/* msg2 quote_type: 0, 1, or 2 = DCAP (an sgxra extension, msg.h). */
static enum ra_err
check_sign_type(uint16_t v, enum ra_quote_sign_type *out)
{
	switch (v) {
	case RA_QUOTE_UNLINKABLE:
	case RA_QUOTE_LINKABLE:
	case RA_QUOTE_DCAP:
		*out = (enum ra_quote_sign_type)v;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

static enum ra_err
check_status(uint32_t v, enum ra_att_status *out)
{
	switch (v) {
	case RA_ATT_NOT_TRUSTED:
	case RA_ATT_NOT_TRUSTED_COMPLICATED:
	case RA_ATT_TRUSTED_COMPLICATED:
	case RA_ATT_TRUSTED:
		*out = (enum ra_att_status)v;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

/* sgx_ec256_public_t: gx, gy, each 32 bytes little-endian. */
static void
read_point(struct ra_cur *c, struct ra_ec256_pub *p)
{
	ra_cur_copy_reversed(c, p->x, sizeof(p->x));
	ra_cur_copy_reversed(c, p->y, sizeof(p->y));
}

static void
write_point(struct ra_buf *b, const struct ra_ec256_pub *p)
{
	ra_buf_put_reversed(b, p->x, sizeof(p->x));
	ra_buf_put_reversed(b, p->y, sizeof(p->y));
}

/* msg0: 4 bytes, extended_epid_group_id u32 LE at 0. */
static void
read_msg0(struct ra_cur *c, struct ra_msg0 *m)
{
	m->extended_gid = ra_cur_u32le(c); /* 0 */
}

/* msg1: 68 bytes; g_a (LE coordinates) at 0, gid u32 LE at 64. */
static void
read_msg1(struct ra_cur *c, struct ra_msg1 *m)
{
	read_point(c, &m->g_a);   /*  0: LE -> BE */
	m->gid = ra_cur_u32le(c); /* 64 */
}

enum ra_err
ra_msg0_parse(struct ra_msg0 *m, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	read_msg0(&c, m);
	return ra_cur_finish(&c);
}

void
ra_msg0_build(struct ra_buf *b, const struct ra_msg0 *m)
{
	ra_buf_u32le(b, m->extended_gid);
}

enum ra_err
ra_msg1_parse(struct ra_msg1 *m, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	read_msg1(&c, m);
	return ra_cur_finish(&c);
}

void
ra_msg1_build(struct ra_buf *b, const struct ra_msg1 *m)
{
	write_point(b, &m->g_a);
	ra_buf_u32le(b, m->gid);
}

/* msg0 || msg1: 72 bytes, msg0 at 0, msg1 at 4. */
enum ra_err
ra_msg01_parse(struct ra_msg01 *m, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	read_msg0(&c, &m->msg0); /* 0 */
	read_msg1(&c, &m->msg1); /* 4 */
	return ra_cur_finish(&c);
}

void
ra_msg01_build(struct ra_buf *b, const struct ra_msg01 *m)
{
	ra_msg0_build(b, &m->msg0);
	ra_msg1_build(b, &m->msg1);
}

/* msg2: layout in msg.h. */
enum ra_err
ra_msg2_parse(struct ra_msg2 *m, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	struct ra_cur s;
	uint16_t quote_type;
	uint32_t sig_rl_len;
	enum ra_err err;

	m->mac_data = ra_cur_bytes(&c, RA_MSG2_MAC_DATA_LEN);
	s = ra_cur_init(m->mac_data.p, m->mac_data.len);
	read_point(&s, &m->g_b);       /*   0: LE -> BE */
	RA_CUR_COPY(&s, m->spid);      /*  64 */
	quote_type = ra_cur_u16le(&s); /*  80 */
	m->kdf_id = ra_cur_u16le(&s);  /*  82 */
	/* 84: r then s, each a little-endian 256-bit integer */
	ra_cur_copy_reversed(&s, m->sign_gb_ga.r, RA_EC256_LEN);
	ra_cur_copy_reversed(&s, m->sign_gb_ga.s, RA_EC256_LEN);
	err = ra_cur_finish(&s);
	RA_CUR_COPY(&c, m->mac.b);                /* 148 */
	sig_rl_len = ra_cur_u32le(&c);            /* 164 */
	m->sig_rl = ra_cur_bytes(&c, sig_rl_len); /* 168 */
	err = first_err(err, ra_cur_finish(&c));
	return first_err(err, check_sign_type(quote_type, &m->quote_type));
}

enum ra_err
ra_msg2_build(struct ra_buf *b, const struct ra_msg2 *m)
{
	if (m->sig_rl.len > UINT32_MAX) {
		return RA_ERR_ARG;
	}
	write_point(b, &m->g_b);
	RA_BUF_PUT(b, m->spid);
	ra_buf_u16le(b, (uint16_t)m->quote_type);
	ra_buf_u16le(b, m->kdf_id);
	ra_buf_put_reversed(b, m->sign_gb_ga.r, RA_EC256_LEN);
	ra_buf_put_reversed(b, m->sign_gb_ga.s, RA_EC256_LEN);
	RA_BUF_PUT(b, m->mac.b);
	ra_buf_u32le(b, (uint32_t)m->sig_rl.len);
	ra_buf_put(b, m->sig_rl.p, m->sig_rl.len);
	return ra_buf_finish(b);
}

/* msg3: layout in msg.h. */
enum ra_err
ra_msg3_parse(struct ra_msg3 *m, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	struct ra_cur s;

	RA_CUR_COPY(&c, m->mac.b);     /*   0 */
	m->mac_data = ra_cur_rest(&c); /*  16 .. end */
	s = ra_cur_init(m->mac_data.p, m->mac_data.len);
	read_point(&s, &m->g_a);         /*  16: LE -> BE */
	RA_CUR_COPY(&s, m->ps_sec_prop); /*  80 */
	m->quote = ra_cur_rest(&s);      /* 336 */
	if (m->quote.len == 0) {
		ra_cur_fail(&s); /* a msg3 must carry a quote */
	}
	return first_err(ra_cur_finish(&s), ra_cur_finish(&c));
}

enum ra_err
ra_msg3_build(struct ra_buf *b, const struct ra_msg3 *m)
{
	if (m->quote.len == 0) {
		return RA_ERR_ARG;
	}
	RA_BUF_PUT(b, m->mac.b);
	write_point(b, &m->g_a);
	RA_BUF_PUT(b, m->ps_sec_prop);
	ra_buf_put(b, m->quote.p, m->quote.len);
	return ra_buf_finish(b);
}

/* msg4 bytes 0..104: status and PIB payload (both msg4 forms). */
static enum ra_err
read_status_pib(struct ra_cur *c, enum ra_att_status *status,
    struct ra_pib *pib, enum ra_err *status_err)
{
	uint32_t v = ra_cur_u32le(c); /* 0 */

	*status_err = check_status(v, status);
	return ra_pib_parse(pib, c); /* 4 */
}

const char *
ra_att_status_name(uint32_t status)
{
	static const char *const names[] = {
		[RA_ATT_NOT_TRUSTED] = "NotTrusted",
		[RA_ATT_NOT_TRUSTED_COMPLICATED] = "NotTrusted_ItsComplicated",
		[RA_ATT_TRUSTED_COMPLICATED] = "Trusted_ItsComplicated",
		[RA_ATT_TRUSTED] = "Trusted",
	};

	return status < sizeof(names) / sizeof(names[0]) ? names[status]
	                                                 : "unknown";
}

/* msg4, this project's layout: see msg.h and docs/protocol.md. */
enum ra_err
ra_msg4_parse(struct ra_msg4 *m, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	struct ra_cur s;
	uint32_t secret_len;
	enum ra_err err, status_err;

	m->mac_data = ra_cur_bytes(&c, RA_MSG4_MAC_DATA_LEN);
	s = ra_cur_init(m->mac_data.p, m->mac_data.len);
	err = read_status_pib(&s, &m->status, &m->pib, &status_err); /* 0 */
	err = first_err(err, ra_cur_finish(&s));
	RA_CUR_COPY(&c, m->mac.b);                /* 105 */
	secret_len = ra_cur_u32le(&c);            /* 121 */
	ra_cur_zero(&c, 12);                      /* 125 reserved */
	RA_CUR_COPY(&c, m->tag.b);                /* 137 */
	m->secret = ra_cur_bytes(&c, secret_len); /* 153 */
	err = first_err(err, ra_cur_finish(&c));
	return first_err(err, status_err);
}

enum ra_err
ra_msg4_build(struct ra_buf *b, const struct ra_msg4 *m)
{
	if (m->secret.len > UINT32_MAX) {
		return RA_ERR_ARG;
	}
	ra_buf_u32le(b, (uint32_t)m->status);
	ra_pib_build(b, &m->pib);
	RA_BUF_PUT(b, m->mac.b);
	ra_buf_u32le(b, (uint32_t)m->secret.len);
	ra_buf_zero(b, 12);
	RA_BUF_PUT(b, m->tag.b);
	ra_buf_put(b, m->secret.p, m->secret.len);
	return ra_buf_finish(b);
}

/* sgx-ra-sample ra_msg4_t: status u32 LE at 0, PIB payload at 4. */
enum ra_err
ra_msg4_ras_parse(struct ra_msg4_ras *m, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err, status_err;

	err = read_status_pib(&c, &m->status, &m->pib, &status_err);
	err = first_err(err, ra_cur_finish(&c));
	return first_err(err, status_err);
}

void
ra_msg4_ras_build(struct ra_buf *b, const struct ra_msg4_ras *m)
{
	ra_buf_u32le(b, (uint32_t)m->status);
	ra_pib_build(b, &m->pib);
}
