/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signed EPID files: the EPID SDK's issuer-material format (FORMATS.md
 * §7.9; the SDK's epid/util/src/ipp-impl/file_parser.c) and the SGX SigRL
 * that IAS serves (FORMATS.md §5.7). Big-endian:
 *
 *        0  epid_version (2): 02 00 in the SDK, 00 02 in SGX
 *        2  file_type (2): 00 0c group key, 00 0d PrivRL, 00 0e SigRL, ...
 *        4  body (len - 68): GroupPubKey, PrivRl, SigRl or GroupRl
 *   len-64  ECDSA-P256 r || s over SHA-256(bytes 0 .. len-65)
 *
 * and cacert.bin, the issuing CA's self-signed certificate (324 bytes):
 *
 *     0  header 02 00 00 11
 *     4  public key Qx || Qy (64)
 *    68  secp256r1 p, a, b, Gx, Gy, n (32 each; must be exactly P-256's)
 *   260  ECDSA-P256 r || s over SHA-256(bytes 0..259)
 */
#include <string.h>

#include "internal.h"
#include "sgxra/cursor.h"
#include "sgxra/epid.h"

/* The secp256r1 domain parameters, as cacert.bin lists them (SEC 2). */
static const uint8_t p256_params[6][32] = {
	{ 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	{ 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc },
	{ 0x5a, 0xc6, 0x35, 0xd8, 0xaa, 0x3a, 0x93, 0xe7, 0xb3, 0xeb, 0xbd,
	    0x55, 0x76, 0x98, 0x86, 0xbc, 0x65, 0x1d, 0x06, 0xb0, 0xcc, 0x53,
	    0xb0, 0xf6, 0x3b, 0xce, 0x3c, 0x3e, 0x27, 0xd2, 0x60, 0x4b },
	{ 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6,
	    0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb,
	    0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96 },
	{ 0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb,
	    0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31,
	    0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5 },
	{ 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
	    0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51 },
};

/* The u16 epid_version of each form, big-endian. */
static uint16_t
version_of(enum ra_epid_file_form form)
{
	return form == RA_EPID_FORM_SGX ? 0x0002 : 0x0200;
}

static bool
type_known(uint16_t t)
{
	switch (t) {
	case RA_EPID_FILE_PRIVRL_REQ:
	case RA_EPID_FILE_SIGRL_REQ:
	case RA_EPID_FILE_GROUP_PUB:
	case RA_EPID_FILE_PRIVRL:
	case RA_EPID_FILE_SIGRL:
	case RA_EPID_FILE_GROUPRL:
	case RA_EPID_FILE_CA_CERT:
	case RA_EPID_FILE_GROUPRL_REQ:
		return true;
	default:
		return false;
	}
}

static void
sig_read(struct ra_ec256_sig *sig, struct ra_cur *c)
{
	RA_CUR_COPY(c, sig->r);
	RA_CUR_COPY(c, sig->s);
}

enum ra_err
ra_epid_file_parse(struct ra_epid_file *f, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint16_t version, type;

	memset(f, 0, sizeof(*f));
	if (len < RA_EPID_FILE_HEADER_LEN + RA_EPID_FILE_SIG_LEN) {
		return RA_ERR_FORMAT;
	}
	version = ra_cur_u16be(&c); /* 0 */
	type = ra_cur_u16be(&c);    /* 2 */
	if ((version != 0x0200 && version != 0x0002) || !type_known(type)) {
		return RA_ERR_VERSION;
	}
	f->form = version == 0x0002 ? RA_EPID_FORM_SGX : RA_EPID_FORM_SDK;
	f->type = (enum ra_epid_file_type)type;
	/* 4: the body is everything up to the 64-byte signature. */
	f->body = ra_cur_bytes(&c, ra_cur_left(&c) - RA_EPID_FILE_SIG_LEN);
	f->signed_part = (struct ra_bytes){ buf, len - RA_EPID_FILE_SIG_LEN };
	sig_read(&f->sig, &c); /* len - 64 */
	if (ra_cur_finish(&c) != RA_OK) {
		memset(f, 0, sizeof(*f));
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

static void
header_write(struct ra_buf *out, enum ra_epid_file_form form,
    enum ra_epid_file_type type)
{
	ra_buf_u16be(out, version_of(form));
	ra_buf_u16be(out, (uint16_t)type);
}

enum ra_err
ra_epid_file_build(struct ra_buf *out, const struct ra_epid_file *f)
{
	if (!type_known((uint16_t)f->type)) {
		return RA_ERR_ARG;
	}
	header_write(out, f->form, f->type);
	ra_buf_put(out, f->body.p, f->body.len);
	RA_BUF_PUT(out, f->sig.r);
	RA_BUF_PUT(out, f->sig.s);
	return ra_buf_finish(out);
}

enum ra_err
ra_epid_file_verify(
    const struct ra_epid_file *f, const struct ra_ec256_pub *signer)
{
	struct ra_hash256 h;
	enum ra_err err;

	ra_sha256(&h, f->signed_part.p, f->signed_part.len);
	err = ra_ecdsa_verify(signer, &h, &f->sig);
	return err == RA_OK ? RA_OK : RA_ERR_AUTH;
}

enum ra_err
ra_epid_file_sign(struct ra_buf *out, enum ra_epid_file_form form,
    enum ra_epid_file_type type, const uint8_t *body, size_t body_len,
    const struct ra_ec256_priv *key, const struct ra_rng *rng)
{
	struct ra_sha256_ctx h;
	struct ra_hash256 d;
	struct ra_ec256_sig sig;
	enum ra_err err;

	if (!type_known((uint16_t)type)) {
		return RA_ERR_ARG;
	}
	header_write(out, form, type);
	ra_buf_put(out, body, body_len);
	if ((err = ra_buf_finish(out)) != RA_OK) {
		return err;
	}
	/* sign exactly what was written: header || body */
	ra_sha256_init(&h);
	ra_sha256_update(&h,
	    out->p + out->len - RA_EPID_FILE_HEADER_LEN - body_len,
	    RA_EPID_FILE_HEADER_LEN + body_len);
	ra_sha256_final(&h, &d);
	if ((err = ra_ecdsa_sign(&sig, key, &d, rng)) != RA_OK) {
		return err;
	}
	RA_BUF_PUT(out, sig.r);
	RA_BUF_PUT(out, sig.s);
	return ra_buf_finish(out);
}

/* cacert.bin: header, Qx || Qy, the six P-256 parameters, signature. */
enum ra_err
ra_epid_ca_cert_parse(
    struct ra_epid_ca_cert *cert, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint8_t param[32];
	bool params_ok = true;
	uint16_t version, type;
	size_t i;

	memset(cert, 0, sizeof(*cert));
	version = ra_cur_u16be(&c);   /*   0 */
	type = ra_cur_u16be(&c);      /*   2 */
	RA_CUR_COPY(&c, cert->pub.x); /*   4 */
	RA_CUR_COPY(&c, cert->pub.y); /*  36 */
	for (i = 0; i < 6; i++) {     /*  68 p, a, b, Gx, Gy, n */
		RA_CUR_COPY(&c, param);
		params_ok &= ra_ct_eq(param, p256_params[i], sizeof(param));
	}
	sig_read(&cert->sig, &c); /* 260 */
	if (ra_cur_finish(&c) != RA_OK) {
		memset(cert, 0, sizeof(*cert));
		return RA_ERR_FORMAT;
	}
	if (version != 0x0200 || type != RA_EPID_FILE_CA_CERT) {
		return RA_ERR_VERSION;
	}
	if (!params_ok || ra_ec256_pub_check(&cert->pub) != RA_OK) {
		return RA_ERR_KEY;
	}
	return RA_OK;
}

/* header || public key || parameters: the signed part of cacert.bin. */
static void
cert_tbs_write(struct ra_buf *out, const struct ra_epid_ca_cert *cert)
{
	size_t i;

	header_write(out, RA_EPID_FORM_SDK, RA_EPID_FILE_CA_CERT);
	RA_BUF_PUT(out, cert->pub.x);
	RA_BUF_PUT(out, cert->pub.y);
	for (i = 0; i < 6; i++) {
		ra_buf_put(out, p256_params[i], sizeof(p256_params[i]));
	}
}

enum ra_err
ra_epid_ca_cert_build(struct ra_buf *out, const struct ra_epid_ca_cert *cert)
{
	cert_tbs_write(out, cert);
	RA_BUF_PUT(out, cert->sig.r);
	RA_BUF_PUT(out, cert->sig.s);
	return ra_buf_finish(out);
}

static enum ra_err
cert_digest(struct ra_hash256 *d, const struct ra_epid_ca_cert *cert)
{
	uint8_t tbs[RA_EPID_CA_CERT_LEN - RA_EPID_FILE_SIG_LEN];
	struct ra_buf b = ra_buf_init(tbs, sizeof(tbs));
	enum ra_err err;

	cert_tbs_write(&b, cert);
	err = ra_buf_finish(&b);
	if (err == RA_OK) {
		ra_sha256(d, tbs, b.len);
	}
	return err;
}

enum ra_err
ra_epid_ca_cert_make(struct ra_epid_ca_cert *cert,
    const struct ra_ec256_priv *key, const struct ra_rng *rng)
{
	struct ra_hash256 d;
	enum ra_err err;

	memset(cert, 0, sizeof(*cert));
	if ((err = ra_ec256_pub_from_priv(&cert->pub, key)) != RA_OK ||
	    (err = cert_digest(&d, cert)) != RA_OK) {
		return err;
	}
	return ra_ecdsa_sign(&cert->sig, key, &d, rng);
}

enum ra_err
ra_epid_ca_cert_verify_self(const struct ra_epid_ca_cert *cert)
{
	struct ra_hash256 d;
	enum ra_err err = cert_digest(&d, cert);

	if (err != RA_OK) {
		return err;
	}
	return ra_ecdsa_verify(&cert->pub, &d, &cert->sig) == RA_OK
	    ? RA_OK
	    : RA_ERR_AUTH;
}
