/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dcap_synth.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "test.h"

#define DAY         ((int64_t)86400)
#define SERIAL_CA   77
#define SERIAL_SIGN 88
#define SERIAL_PCK  4242
#define TEXT_MAX    8192

static const uint8_t qe_mrsigner[32] = { 0x8c, 0x4f, 0x57, 0x75, 0xd7, 0x96,
	0x50, 0x3e, 0x96, 0x13, 0x7f, 0x77, 0xc6, 0x8a, 0x82, 0x9a, 0x00, 0x56,
	0xac, 0x8d, 0xed, 0x70, 0x14, 0x0b, 0x08, 0x1b, 0x09, 0x44, 0x90, 0xc5,
	0x7b, 0xff };

void
test_synth_defaults(struct test_synth_opts *o, int64_t now)
{
	static const uint8_t fmspc[RA_FMSPC_LEN] = { 0x00, 0x60, 0x6a, 0, 0,
		0 };

	memset(o, 0, sizeof(*o));
	o->now = now;
	o->quote_version = 3;
	o->cert_type = RA_DCAP_CERT_PCK_CHAIN;
	memset(o->pck_comp, 5, sizeof(o->pck_comp));
	o->pck_pce_svn = 10;
	memcpy(o->pck_fmspc, fmspc, sizeof(fmspc));
	memcpy(o->tcb_fmspc, fmspc, sizeof(fmspc));
	o->tcb_pce_id = "0000";
	o->tcb_id = "SGX";
	o->qe_id = "QE";
	o->qe_isv_svn = 8;
	o->qe_isv_prod_id = 1;
}

static void
iso(char *out, size_t cap, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	assert_non_null(gmtime_r(&tt, &tm));
	assert_true(strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0);
}

static char *
cat_pem(const struct test_pki_cert *const *certs, size_t n)
{
	char *out = calloc(1, 16384), *pem;
	size_t i, len;

	assert_non_null(out);
	for (i = 0; i < n; i++) {
		pem = test_pki_pem(certs[i], &len);
		assert_true(strlen(out) + len < 16384);
		memcpy(out + strlen(out), pem, len + 1);
		free(pem);
	}
	return out;
}

static void
make_pki(struct test_synth *s, const struct test_synth_opts *o)
{
	int64_t nb = o->now - DAY, na = o->now + 365 * DAY;
	struct ra_pck_ext e;
	uint8_t der[1024];
	struct ra_buf b = ra_buf_init(der, sizeof(der));

	memset(&e, 0, sizeof(e));
	memset(e.ppid, 0x42, sizeof(e.ppid));
	memcpy(e.comp_svn, o->pck_comp, sizeof(e.comp_svn));
	memcpy(e.cpu_svn, o->pck_comp, sizeof(e.cpu_svn));
	e.pce_svn = o->pck_pce_svn;
	memcpy(e.fmspc, o->pck_fmspc, sizeof(e.fmspc));
	e.is_platform = o->platform;
	memset(e.instance_id, 0x17, sizeof(e.instance_id));
	e.dynamic_platform = true;
	assert_ra_ok(ra_pck_ext_build(&b, &e));
	test_pki_ca(&s->root, "Test SGX Root CA", nb, na);
	test_pki_issue(&s->ca, &s->root,
	    o->platform ? "Test SGX PCK Platform CA"
	                : "Test SGX PCK Processor CA",
	    SERIAL_CA, 1, nb, na);
	test_pki_issue(&s->signer, &s->root, "Test SGX TCB Signing",
	    SERIAL_SIGN, 0, nb, na);
	test_pki_issue_ext(&s->leaf, &s->ca, "Test SGX PCK Certificate",
	    SERIAL_PCK, 0, nb, na, RA_SGX_EXT_OID, o->no_sgx_ext ? NULL : der,
	    b.len);
	{
		const struct test_pki_cert *full[] = { &s->leaf, &s->ca,
			&s->root };
		const struct test_pki_cert *ca[] = { &s->ca, &s->root };
		const struct test_pki_cert *sig[] = { &s->signer, &s->root };
		const struct test_pki_cert *leaf[] = { &s->leaf };

		s->pck_chain = cat_pem(full, 3);
		s->ca_chain = cat_pem(ca, 2);
		s->signer_chain = cat_pem(sig, 2);
		s->leaf_pem = cat_pem(leaf, 1);
	}
}

static void
make_crls(struct test_synth *s, const struct test_synth_opts *o)
{
	long root_rev[2], pck_rev[1];
	size_t nr = 0, np = 0;
	uint8_t *(*crl)(const struct test_pki_cert *, const long *, size_t,
	    int64_t, int64_t, size_t *) =
	    o->bare_crls ? test_pki_crl_bare : test_pki_crl;

	if (o->revoke_ca) {
		root_rev[nr++] = SERIAL_CA;
	}
	if (o->revoke_signer) {
		root_rev[nr++] = SERIAL_SIGN;
	}
	if (o->revoke_pck) {
		pck_rev[np++] = SERIAL_PCK;
	}
	s->root_crl = crl(&s->root, root_rev, nr, o->now - 3600,
	    o->now + 30 * DAY, &s->root_crl_len);
	s->pck_crl = crl(&s->ca, pck_rev, np, o->now - 3600, o->now + 30 * DAY,
	    &s->pck_crl_len);
}

/* {"svn":n} x 16, for a TCB level. */
static void
components(char *out, size_t cap, unsigned int svn)
{
	size_t i, n = 0;

	n += (size_t)snprintf(out + n, cap - n, "[");
	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		n += (size_t)snprintf(
		    out + n, cap - n, "%s{\"svn\":%u}", i == 0 ? "" : ",", svn);
	}
	(void)snprintf(out + n, cap - n, "]");
}

static char *
tcb_text(const struct test_synth_opts *o, const char *issue, const char *next)
{
	bool tdx = strcmp(o->tcb_id, "TDX") == 0;
	char *t = malloc(TEXT_MAX), hi[400], lo[400], fm[13];
	const char *mod = "\"tdxModule\":{\"mrsigner\":\"000000000000000000000"
	                  "000000000000000000000000000000000000000000000000000"
	                  "000000000000000000000000\",\"attributes\":"
	                  "\"0000000000000000\",\"attributesMask\":"
	                  "\"FFFFFFFFFFFFFFFF\"},";

	assert_non_null(t);
	components(hi, sizeof(hi), 5);
	components(lo, sizeof(lo), 3);
	assert_ra_ok(ra_hex_encode(fm, sizeof(fm), o->tcb_fmspc, RA_FMSPC_LEN));
	(void)snprintf(t, TEXT_MAX,
	    "{\"id\":\"%s\",\"version\":3,\"issueDate\":\"%s\",\"nextUpdate\":"
	    "\"%s\",\"fmspc\":\"%s\",\"pceId\":\"%s\",\"tcbType\":0,"
	    "\"tcbEvaluationDataNumber\":17,%s\"tcbLevels\":["
	    "{\"tcb\":{\"sgxtcbcomponents\":%s,%s%s%s\"pcesvn\":10},"
	    "\"tcbDate\":\"2024-01-01T00:00:00Z\",\"tcbStatus\":\"UpToDate\"},"
	    "{\"tcb\":{\"sgxtcbcomponents\":%s,%s%s%s\"pcesvn\":8},"
	    "\"tcbDate\":\"2023-01-01T00:00:00Z\",\"tcbStatus\":\"OutOfDate\","
	    "\"advisoryIDs\":[\"INTEL-SA-00001\",\"INTEL-SA-00002\"]}]}",
	    o->tcb_id, issue, next, fm, o->tcb_pce_id, tdx ? mod : "", hi,
	    tdx ? "\"tdxtcbcomponents\":" : "", tdx ? hi : "", tdx ? "," : "",
	    lo, tdx ? "\"tdxtcbcomponents\":" : "", tdx ? lo : "",
	    tdx ? "," : "");
	return t;
}

static char *
qe_text(const struct test_synth_opts *o, const char *issue, const char *next)
{
	char *t = malloc(TEXT_MAX), mrs[65];

	assert_non_null(t);
	assert_ra_ok(ra_hex_encode(mrs, sizeof(mrs), qe_mrsigner, 32));
	(void)snprintf(t, TEXT_MAX,
	    "{\"id\":\"%s\",\"version\":2,\"issueDate\":\"%s\",\"nextUpdate\":"
	    "\"%s\",\"tcbEvaluationDataNumber\":17,\"miscselect\":\"00000000\","
	    "\"miscselectMask\":\"FFFFFFFF\",\"attributes\":"
	    "\"11000000000000000000000000000000\",\"attributesMask\":"
	    "\"FBFFFFFFFFFFFFFF0000000000000000\",\"mrsigner\":\"%s\","
	    "\"isvprodid\":1,\"tcbLevels\":["
	    "{\"tcb\":{\"isvsvn\":8},\"tcbDate\":\"2024-01-01T00:00:00Z\","
	    "\"tcbStatus\":\"UpToDate\"},"
	    "{\"tcb\":{\"isvsvn\":6},\"tcbDate\":\"2023-01-01T00:00:00Z\","
	    "\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00615\"]},"
	    "{\"tcb\":{\"isvsvn\":3},\"tcbDate\":\"2022-01-01T00:00:00Z\","
	    "\"tcbStatus\":\"Revoked\"}]}",
	    o->qe_id, issue, next, mrs);
	return t;
}

static void
sign_text(
    struct ra_ec256_sig *sig, const struct test_pki_cert *by, const char *text)
{
	struct ra_ec256_priv priv;
	struct ra_hash256 h;

	test_pki_priv(by, &priv);
	ra_sha256(&h, text, strlen(text));
	assert_ra_ok(ra_ecdsa_sign(sig, &priv, &h, NULL));
}

/* The QE report of the synthetic QE, bound to the attestation key. */
static void
qe_report(struct ra_report_body *r, const struct test_synth_opts *o,
    const struct ra_ec256_pub *att, const uint8_t *auth, size_t auth_len)
{
	struct ra_sha256_ctx c;
	struct ra_hash256 h;

	memset(r, 0, sizeof(*r));
	r->misc_select = o->qe_misc_select;
	r->attributes.flags = 0x11;
	memcpy(r->mr_signer.b, qe_mrsigner, 32);
	r->mr_signer.b[0] ^= o->qe_mrsigner_xor;
	memset(r->mr_enclave.b, 0x3e, 32);
	r->isv_prod_id = o->qe_isv_prod_id;
	r->isv_svn = o->qe_isv_svn;
	ra_sha256_init(&c);
	ra_sha256_update(&c, att, sizeof(*att));
	ra_sha256_update(&c, auth, auth_len);
	ra_sha256_final(&c, &h);
	memcpy(r->report_data, h.b, 32);
	if (o->bad_report_data) {
		r->report_data[0] ^= 0x80;
	}
}

/* PPID certification data of type 1 or 3 for the leaf's PPID. */
static size_t
ppid_data(uint8_t *out, const struct test_synth_opts *o)
{
	size_t n = o->cert_type == RA_DCAP_CERT_PPID_CLEAR ? 16 : 384;

	memset(out, 0x42, n);
	memcpy(out + n, o->pck_comp, 16);
	out[n + 16] = (uint8_t)o->pck_pce_svn;
	out[n + 17] = (uint8_t)(o->pck_pce_svn >> 8);
	out[n + 18] = 0;
	out[n + 19] = 0;
	return n + 20;
}

static void
make_quote(struct test_synth *s, const struct test_synth_opts *o)
{
	static const uint8_t intel[] = RA_DCAP_INTEL_QE_VENDOR_ID;
	static uint8_t auth[32], ppid[404];
	struct ra_dcap_quote q;
	struct ra_ec256_priv att, pck;
	struct ra_drbg d;
	struct ra_rng rng;
	struct ra_hash256 h;
	uint8_t rep[RA_REPORT_BODY_LEN], *buf = malloc(16384);
	struct ra_buf b;
	size_t i;

	assert_non_null(buf);
	for (i = 0; i < sizeof(auth); i++) {
		auth[i] = (uint8_t)i;
	}
	memset(&q, 0, sizeof(q));
	q.version = o->quote_version;
	q.att_key_type = RA_DCAP_ATT_KEY_ECDSA_P256;
	q.qe_svn = 8;
	q.pce_svn = 10;
	memcpy(q.qe_vendor_id, intel, sizeof(intel));
	q.body_type = RA_DCAP_BODY_SGX;
	memset(q.body.sgx.mr_enclave.b, 0xaa, 32);
	memset(q.body.sgx.mr_signer.b, 0xbb, 32);
	q.body.sgx.attributes.flags = 0x5;
	memset(q.body.sgx.report_data, 0x01, 64);
	ra_drbg_init(&d, "sgxra synthetic attestation key", 31);
	rng = ra_drbg_rng(&d);
	assert_ra_ok(ra_ec256_keygen(&att, &q.att_key, &rng));
	if (o->att_key_off_curve) {
		memset(&q.att_key, 0, sizeof(q.att_key));
		q.att_key.x[31] = 1;
		q.att_key.y[31] = 1;
	}
	qe_report(&q.qe_report, o, &q.att_key, auth, sizeof(auth));
	b = ra_buf_init(rep, sizeof(rep));
	ra_report_body_build(&b, &q.qe_report);
	assert_ra_ok(ra_buf_finish(&b));
	ra_sha256(&h, rep, sizeof(rep));
	test_pki_priv(&s->leaf, &pck);
	assert_ra_ok(ra_ecdsa_sign(&q.qe_report_sig, &pck, &h, NULL));
	q.qe_auth_data = (struct ra_bytes){ auth, sizeof(auth) };
	q.cert_type = o->cert_type;
	if (o->cert_type == RA_DCAP_CERT_PCK_CHAIN) {
		q.cert_data = (struct ra_bytes){ (const uint8_t *)s->pck_chain,
			strlen(s->pck_chain) };
	} else if (o->cert_type == RA_DCAP_CERT_PCK_LEAF) {
		q.cert_data = (struct ra_bytes){ (const uint8_t *)s->leaf_pem,
			strlen(s->leaf_pem) };
	} else {
		q.cert_data = (struct ra_bytes){ ppid, ppid_data(ppid, o) };
	}
	/* sign the header and body, then build the final bytes */
	b = ra_buf_init(buf, 16384);
	assert_ra_ok(ra_dcap_quote_build(&b, &q));
	ra_sha256(&h, buf, RA_DCAP_HEADER_LEN + RA_REPORT_BODY_LEN);
	assert_ra_ok(ra_ecdsa_sign(&q.quote_sig, &att, &h, NULL));
	b = ra_buf_init(buf, 16384);
	assert_ra_ok(ra_dcap_quote_build(&b, &q));
	s->quote = buf;
	s->quote_len = b.len;
}

void
test_synth_make(struct test_synth *s, const struct test_synth_opts *o)
{
	char issue[32], next[32];
	struct ra_dcap_collateral *c = &s->coll;

	memset(s, 0, sizeof(*s));
	make_pki(s, o);
	make_crls(s, o);
	make_quote(s, o);
	iso(issue, sizeof(issue), o->now - 3600);
	iso(next, sizeof(next), o->now + 30 * DAY);
	s->tcb_text = tcb_text(o, issue, next);
	s->qe_text = qe_text(o, issue, next);
	sign_text(&c->tcb_info_sig,
	    o->tcb_signed_by_pck ? &s->leaf : &s->signer, s->tcb_text);
	sign_text(&c->qe_identity_sig, &s->signer, s->qe_text);
	c->pck_crl_issuer_chain =
	    (struct ra_bytes){ (const uint8_t *)s->ca_chain,
		    strlen(s->ca_chain) };
	c->root_ca_crl = (struct ra_bytes){ s->root_crl, s->root_crl_len };
	c->pck_crl = (struct ra_bytes){ s->pck_crl, s->pck_crl_len };
	c->tcb_info_issuer_chain = o->tcb_signed_by_pck
	    ? (struct ra_bytes){ (const uint8_t *)s->pck_chain,
		      strlen(s->pck_chain) }
	    : (struct ra_bytes){ (const uint8_t *)s->signer_chain,
		      strlen(s->signer_chain) };
	c->tcb_info = (struct ra_bytes){ (const uint8_t *)s->tcb_text,
		strlen(s->tcb_text) };
	c->qe_identity_issuer_chain =
	    (struct ra_bytes){ (const uint8_t *)s->signer_chain,
		    strlen(s->signer_chain) };
	c->qe_identity = (struct ra_bytes){ (const uint8_t *)s->qe_text,
		strlen(s->qe_text) };
	if (o->cert_type != RA_DCAP_CERT_PCK_CHAIN) {
		c->pck_chain = (struct ra_bytes){ (const uint8_t *)s->pck_chain,
			strlen(s->pck_chain) };
	}
}

void
test_synth_free(struct test_synth *s)
{
	test_pki_free(&s->root);
	test_pki_free(&s->ca);
	test_pki_free(&s->signer);
	test_pki_free(&s->leaf);
	free(s->quote);
	free(s->pck_chain);
	free(s->ca_chain);
	free(s->signer_chain);
	free(s->leaf_pem);
	free(s->tcb_text);
	free(s->qe_text);
	free(s->root_crl);
	free(s->pck_crl);
	memset(s, 0, sizeof(*s));
}

void
test_synth_verify(struct ra_dcap_verdict *v, const struct test_synth *s,
    int64_t now, unsigned int options)
{
	struct ra_dcap_verifier *vf = NULL;

	assert_ra_ok(
	    ra_dcap_verify_new(&vf, s->root.der, s->root.len, options));
	assert_ra_ok(ra_dcap_verify_quote(
	    v, vf, NULL, s->quote, s->quote_len, &s->coll, now));
	ra_dcap_verify_free(vf);
}
