/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The msg0..msg4 protocol engines (sgxra/ra.h) end to end, in one
 * process: an in-process platform (REPORTs MACed with keys derived from
 * a root the test holds), an in-process quoting enclave (an EPID group
 * and member from our issuer, ra_epid_quote_sign, a QE REPORT binding
 * nonce and quote) and an in-process attestation service (an IAS v4
 * report signed with an RSA-2048 key under a test CA, at a pinned
 * time). The honest exchange delivers exactly the secret; every attack
 * below is refused with its error and reason, and the enclave never
 * receives a secret. With fixed keys and seeded generators the four
 * messages are byte-identical to the files of tests/golden/ra/
 * (SGXRA_GOLDEN_WRITE=1, or `make golden`, rewrites them).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/epid.h"
#include "sgxra/ias.h"
#include "sgxra/msg.h"
#include "sgxra/qe.h"
#include "sgxra/ra.h"
#include "sgxra/x509.h"
#include "sgxra/x509_issue.h"
#include "test.h"

/* 2023-11-14T22:13:20Z: every check of this file runs at this time. */
#define NOW        ((int64_t)1700000000)
#define MAX_AGE    300
#define GID        0x00000b2aU
#define SECRET     "the secret the SP provisions: 42"
#define SECRET_LEN (sizeof(SECRET) - 1)
#define SP_KEY                                                         \
	"tests/data/real/ra/intel-linux-sgx-remoteattestation-sample/" \
	"sp_priv_key.le.bin"
#define INTEL_ROOT "tests/data/real/roots/ias_attestation_report_signing_ca.pem"
#define GOLDEN     "tests/golden/ra/"

#define MSG2_CAP  1024
#define MSG3_CAP  4096
#define MSG4_CAP  512
#define QUOTE_CAP 2048
#define BODY_CAP  2048

/* --- the world: keys shared by every session ------------------------------ */

struct world {
	bool ready;
	struct ra_ec256_priv sp_priv;
	struct ra_ec256_pub sp_pub;
	struct ra_epid_member member;
	struct ra_rsa_key *quote_key; /* the service's quote-encryption key */
	struct ra_rsa_key *avr_key;   /* signs AVRs */
	struct ra_x509 *anchor;       /* the test CA above avr_key */
	struct ra_x509 *intel;        /* Intel's real report-signing CA */
	char *certs;                  /* X-IASReport-Signing-Certificate */
	size_t certs_len;
	struct ra_key128 platform_root; /* the platform's report-key root */
};

static struct world w;

static const uint8_t app_mr[32] = { 0xa1, 0xa2, 0xa3, 0xa4 };
static const uint8_t qe_mr[32] = { 0x9e, 0x9e, 0x9e };
static const uint8_t app_signer[32] = { 0x51, 0x61 };
static const uint8_t spid[RA_SPID_LEN] = { 0x5b, 0x1d, 0x00, 0x01, 0x02, 0x03,
	0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d };

static void
world_epid(void)
{
	struct ra_drbg d;
	struct ra_rng rng;
	struct ra_epid_gid gid = { RA_EPID_GID_SGX,
		{ 0x00, 0x00, 0x0b, 0x2a } };
	struct ra_epid_issuer_key isk;
	struct ra_epid_group_pub pub;
	struct ra_epid_nonce ni;
	struct ra_epid_join_request req;
	struct ra_epid_credential cred;
	struct ra_epid_member_key key;
	struct ra_epid_fp f;

	ra_drbg_init(&d, "ra_proto epid", 13);
	rng = ra_drbg_rng(&d);
	assert_ra_ok(ra_epid_issuer_keygen(&isk, &pub, &gid, &rng));
	assert_ra_ok(ra_rng_fill(&rng, ni.b, sizeof(ni.b)));
	assert_ra_ok(
	    ra_epid_join_request_make(&req, &f, NULL, &pub, &ni, &rng));
	assert_ra_ok(
	    ra_epid_credential_issue(&cred, &isk, &pub, &ni, &req, &rng));
	key.gid = cred.gid;
	key.a = cred.a;
	key.x = cred.x;
	key.f = f;
	assert_ra_ok(ra_epid_member_init(&w.member, &pub, &key));
	RA_WIPE(isk);
	RA_WIPE(key);
}

static uint8_t *
issue(size_t *len, const struct ra_x509_issue_args *a)
{
	uint8_t *der = malloc(4096);

	assert_non_null(der);
	assert_ra_ok(ra_x509_issue(der, 4096, len, a));
	return der;
}

static char *
pem_of(const uint8_t *der, size_t len, size_t *pem_len)
{
	char *pem = malloc(8192);

	assert_non_null(pem);
	assert_ra_ok(ra_x509_der_to_pem(pem, 8192, pem_len, der, len));
	return pem;
}

/* A test report-signing CA (RSA-2048) and its RSA-2048 signing leaf. */
static void
world_pki(void)
{
	struct ra_rsa_key *ca_key = NULL;
	struct ra_x509_issue_args a;
	uint8_t *ca, *leaf, *both;
	char *ca_pem, *leaf_pem;
	size_t ca_len, leaf_len, cp, lp;

	assert_ra_ok(ra_rsa_key_generate(&ca_key, 2048, 65537));
	assert_ra_ok(ra_rsa_key_generate(&w.avr_key, 2048, 65537));
	memset(&a, 0, sizeof(a));
	a.subject = "CN=Test Attestation Report Signing CA,O=sgxra tests";
	a.rsa = ca_key;
	a.sign_rsa = ca_key;
	a.serial = 1;
	a.not_before = NOW - 86400;
	a.not_after = NOW + (int64_t)86400 * 3650;
	a.ca = true;
	a.path_len = -1;
	a.key_usage = RA_X509_KU_KEY_CERT_SIGN | RA_X509_KU_CRL_SIGN;
	ca = issue(&ca_len, &a);
	a.subject = "CN=Test Attestation Report Signing,O=sgxra tests";
	a.rsa = w.avr_key;
	a.issuer_der = ca;
	a.issuer_der_len = ca_len;
	a.serial = 2;
	a.ca = false;
	a.key_usage = RA_X509_KU_DIGITAL_SIGNATURE | RA_X509_KU_NON_REPUDIATION;
	leaf = issue(&leaf_len, &a);
	assert_ra_ok(ra_x509_from_der(&w.anchor, ca, ca_len));
	ca_pem = pem_of(ca, ca_len, &cp);
	leaf_pem = pem_of(leaf, leaf_len, &lp);
	both = malloc(cp + lp);
	assert_non_null(both);
	memcpy(both, leaf_pem, lp);
	memcpy(both + lp, ca_pem, cp);
	w.certs = malloc(RA_PCT_MAX_LEN(cp + lp) + 1);
	assert_non_null(w.certs);
	assert_ra_ok(ra_pct_encode(
	    w.certs, RA_PCT_MAX_LEN(cp + lp) + 1, &w.certs_len, both, cp + lp));
	free(both);
	free(ca_pem);
	free(leaf_pem);
	free(ca);
	free(leaf);
	ra_rsa_key_free(ca_key);
}

static void
world_init(void)
{
	uint8_t *b;
	size_t len;

	if (w.ready) {
		return;
	}
	/* the Intel RemoteAttestation sample's SP key (SDK encoding, LE) */
	b = test_load(SP_KEY, &len);
	assert_int_equal(len, 32);
	ra_ec256_priv_from_sgx(&w.sp_priv, b);
	free(b);
	assert_ra_ok(ra_ec256_pub_from_priv(&w.sp_pub, &w.sp_priv));
	/* a fixed quote-encryption key: golden transcripts need it fixed */
	b = test_load(GOLDEN "quote_key.pem", &len);
	assert_ra_ok(ra_rsa_key_from_pem(&w.quote_key, (const char *)b, len));
	free(b);
	b = test_load(INTEL_ROOT, &len);
	assert_ra_ok(ra_x509_from_pem(&w.intel, (const char *)b, len));
	free(b);
	memset(w.platform_root.b, 0x3c, sizeof(w.platform_root.b));
	world_epid();
	world_pki();
	w.ready = true;
}

/* --- the platform: REPORTs MACed with a key per target ------------------- */

struct platform {
	bool debug;            /* the application enclave is a debug one */
	bool bad_report_data;  /* EREPORT writes other REPORTDATA */
	struct ra_report last; /* the last REPORT made for the QE */
};

/* The report key of the enclave with measurement mr: CMAC(root, mr). */
static void
report_key(struct ra_key128 *k, const uint8_t mr[32])
{
	struct ra_mac128 m;

	assert_ra_ok(ra_cmac(&m, &w.platform_root, mr, 32));
	memcpy(k->b, m.b, sizeof(k->b));
}

static void
report_mac(struct ra_report *r, const uint8_t target_mr[32])
{
	uint8_t body[RA_REPORT_BODY_LEN];
	struct ra_buf b = ra_buf_init(body, sizeof(body));
	struct ra_key128 k;

	ra_report_body_build(&b, &r->body);
	assert_ra_ok(ra_buf_finish(&b));
	report_key(&k, target_mr);
	assert_ra_ok(ra_cmac(&r->mac, &k, body, sizeof(body)));
}

static enum ra_err
report_check(const struct ra_report *r, const uint8_t target_mr[32])
{
	uint8_t body[RA_REPORT_BODY_LEN];
	struct ra_buf b = ra_buf_init(body, sizeof(body));
	struct ra_key128 k;

	ra_report_body_build(&b, &r->body);
	assert_ra_ok(ra_buf_finish(&b));
	report_key(&k, target_mr);
	return ra_cmac_verify(&r->mac, &k, body, sizeof(body));
}

static enum ra_err
plat_report(void *ctx, struct ra_report *out, const struct ra_targetinfo *ti,
    const uint8_t report_data[RA_REPORT_DATA_LEN])
{
	struct platform *p = ctx;

	memset(out, 0, sizeof(*out));
	memset(out->body.cpu_svn, 0x02, sizeof(out->body.cpu_svn));
	out->body.attributes.flags =
	    RA_ATTR_INIT | RA_ATTR_MODE64BIT | (p->debug ? RA_ATTR_DEBUG : 0);
	out->body.attributes.xfrm = 3;
	memcpy(out->body.mr_enclave.b, app_mr, 32);
	memcpy(out->body.mr_signer.b, app_signer, 32);
	out->body.isv_prod_id = 1;
	out->body.isv_svn = 2;
	memcpy(out->body.report_data, report_data, RA_REPORT_DATA_LEN);
	if (p->bad_report_data) {
		out->body.report_data[0] ^= 0x80;
	}
	report_mac(out, ti->mr_enclave.b);
	p->last = *out;
	return RA_OK;
}

/* A REPORT targeting the application enclave: the platform checks it. */
static enum ra_err
plat_verify(void *ctx, const struct ra_report *r)
{
	(void)ctx;
	return report_check(r, app_mr);
}

/* --- the attestation service -------------------------------------------- */

struct ias {
	const char *status; /* isvEnclaveQuoteStatus */
	bool wrong_nonce;
	bool other_quote_body;
	bool bad_signature;
	bool with_pib;
	bool sigrl_unknown; /* get_sigrl: 404 */
	size_t sigrl_len;   /* bytes of SigRL to serve */
	int64_t age;        /* the report's age at NOW, seconds */
	char body[BODY_CAP];
	char sig[RA_BASE64_LEN(256) + 1];
	unsigned int posts;
};

static enum ra_err
ias_sigrl(void *ctx, uint32_t gid, struct ra_buf *sigrl)
{
	struct ias *s = ctx;

	uint8_t *p;

	assert_int_equal(gid, GID);
	if (s->sigrl_unknown) {
		return RA_ERR_NOT_FOUND;
	}
	/* the engines pass the SigRL on without reading it */
	if (s->sigrl_len > 0 &&
	    (p = ra_buf_reserve(sigrl, s->sigrl_len)) != NULL) {
		memset(p, 0xa5, s->sigrl_len);
	}
	return RA_OK;
}

static void
ias_timestamp(char *out, size_t cap, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	assert_non_null(gmtime_r(&tt, &tm));
	assert_true(strftime(out, cap, "%Y-%m-%dT%H:%M:%S.123456", &tm) > 0);
}

/* A 105-byte PIB TLV in hex, as IAS sends platformInfoBlob. */
static const char pib_hex[] =
    "150200650b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2"
    "173c6186abd0f51a3f6489aed3f81d42678cb1d6fb20456a8fb4d9fe23486d92"
    "b7dc01264b7095badf04294e7398bde2072c51769bc0e50a2f54799ec3e80d32"
    "577ca1c6eb10355a7f";

static enum ra_err
ias_report(void *ctx, struct ra_sp_avr *avr, const uint8_t *quote,
    size_t quote_len, const char *nonce)
{
	struct ias *s = ctx;
	uint8_t qb[RA_EPID_QUOTE_BODY_LEN], sig[256];
	char b64[RA_BASE64_LEN(RA_EPID_QUOTE_BODY_LEN) + 1], ts[40], pib[300];
	char n[RA_AVR_NONCE_MAX_LEN + 1];
	struct ra_hash256 h;
	int len;

	assert_true(quote_len >= RA_EPID_QUOTE_BODY_LEN);
	assert_int_equal(strlen(nonce), 32);
	snprintf(n, sizeof(n), "%s", nonce);
	if (s->wrong_nonce) {
		n[0] = n[0] == 'f' ? 'e' : 'f';
	}
	s->posts++;
	memcpy(qb, quote, sizeof(qb));
	if (s->other_quote_body) {
		qb[100] ^= 1;
	}
	assert_ra_ok(ra_base64_encode(b64, sizeof(b64), qb, sizeof(qb)));
	ias_timestamp(ts, sizeof(ts), NOW - s->age);
	pib[0] = '\0';
	if (s->with_pib) {
		snprintf(
		    pib, sizeof(pib), "\"platformInfoBlob\":\"%s\",", pib_hex);
	}
	len = snprintf(s->body, sizeof(s->body),
	    "{\"id\":\"1234567890\",\"timestamp\":\"%s\",\"version\":4,"
	    "\"isvEnclaveQuoteStatus\":\"%s\",%s\"isvEnclaveQuoteBody\":"
	    "\"%s\",\"nonce\":\"%s\"}",
	    ts, s->status != NULL ? s->status : "OK", pib, b64, n);
	assert_true(len > 0 && (size_t)len < sizeof(s->body));
	ra_sha256(&h, s->body, (size_t)len);
	assert_ra_ok(ra_rsa_sign_sha256(w.avr_key, sig, sizeof(sig), &h));
	if (s->bad_signature) {
		sig[17] ^= 0x04;
	}
	assert_ra_ok(
	    ra_base64_encode(s->sig, sizeof(s->sig), sig, sizeof(sig)));
	avr->body = (const uint8_t *)s->body;
	avr->body_len = (size_t)len;
	avr->sig = s->sig;
	avr->sig_len = strlen(s->sig);
	avr->certs = w.certs;
	avr->certs_len = w.certs_len;
	return RA_OK;
}

/* --- one exchange --------------------------------------------------------- */

struct party {
	struct ra_drbg e_drbg, s_drbg, q_drbg;
	struct ra_rng e_rng, s_rng, q_rng;
	struct platform plat;
	int qe_variant; /* 1: basename, 2: GID, 3: sign type not the SP's */
	struct ra_enclave_ops ops;
	struct ias ias;
	struct ra_sp_service svc;
	struct ra_sp_config cfg;
	struct ra_hash256 allowed[2];
	struct ra_targetinfo qe_ti;
	struct ra_ctx *enc;
	struct ra_sp_session *sp;
	uint8_t msg01[RA_MSG01_LEN];
	uint8_t msg2[MSG2_CAP];
	size_t msg2_len;
	struct ra_report app_report;
	uint8_t nonce[16];
	struct ra_quote_req req;
	uint8_t quote[QUOTE_CAP];
	size_t quote_len;
	struct ra_report qe_report;
	uint8_t msg3[MSG3_CAP];
	size_t msg3_len;
	uint8_t msg4[MSG4_CAP];
	size_t msg4_len;
	enum ra_sp_reason reason;
	enum ra_att_status status;
	uint8_t secret[64];
	size_t secret_len;
};

/* Seeds: each party has its own generator, so a test may redo one side. */
static void
party_rngs(struct party *p, const char *e_seed, const char *s_seed)
{
	ra_drbg_init(&p->e_drbg, e_seed, strlen(e_seed));
	ra_drbg_init(&p->s_drbg, s_seed, strlen(s_seed));
	ra_drbg_init(&p->q_drbg, "qe", 2);
	p->e_rng = ra_drbg_rng(&p->e_drbg);
	p->s_rng = ra_drbg_rng(&p->s_drbg);
	p->q_rng = ra_drbg_rng(&p->q_drbg);
}

/* A party in its default configuration; no session yet. */
static struct party *
party_new(const char *e_seed, const char *s_seed)
{
	struct party *p = calloc(1, sizeof(*p));

	world_init();
	assert_non_null(p);
	party_rngs(p, e_seed, s_seed);
	p->ops.report = plat_report;
	p->ops.verify_report = plat_verify;
	p->ops.ctx = &p->plat;
	p->svc.get_sigrl = ias_sigrl;
	p->svc.post_report = ias_report;
	p->svc.ctx = &p->ias;
	p->ias.age = 10;
	memcpy(p->qe_ti.mr_enclave.b, qe_mr, 32);
	memcpy(p->allowed[0].b, app_mr, 32);
	memset(p->allowed[1].b, 0x77, 32);
	p->cfg.sp_priv = w.sp_priv;
	memcpy(p->cfg.spid, spid, sizeof(spid));
	p->cfg.quote_type = RA_QUOTE_LINKABLE;
	p->cfg.avr_anchor = w.anchor;
	p->cfg.allow_emulated = true;
	p->cfg.avr_max_age = MAX_AGE;
	p->cfg.policy.mrenclave = p->allowed;
	p->cfg.policy.mrenclave_count = 2;
	p->cfg.policy.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK);
	p->cfg.secret = (const uint8_t *)SECRET;
	p->cfg.secret_len = SECRET_LEN;
	return p;
}

/* Start both engines (after any change to the configuration). */
static void
party_start(struct party *p)
{
	assert_ra_ok(ra_init(&p->enc, &w.sp_pub, &p->ops, &p->e_rng));
	assert_ra_ok(ra_sp_new(&p->sp, &p->cfg, &p->svc, &p->s_rng));
}

static void
party_free(struct party *p)
{
	ra_close(p->enc);
	ra_sp_free(p->sp);
	free(p);
}

/* Enclave: msg0 || msg1. */
static void
do_msg01(struct party *p)
{
	struct ra_buf b = ra_buf_init(p->msg01, sizeof(p->msg01));
	struct ra_msg0 m0 = { 0 };

	ra_msg0_build(&b, &m0);
	assert_ra_ok(ra_get_msg1(p->enc, &b, GID));
	assert_int_equal(b.len, RA_MSG01_LEN);
}

/* SP: msg0 || msg1 -> msg2. */
static enum ra_err
do_msg2(struct party *p)
{
	struct ra_buf b = ra_buf_init(p->msg2, sizeof(p->msg2));
	enum ra_err err = ra_sp_proc_msg01(p->sp, &b, p->msg01, RA_MSG01_LEN);

	p->msg2_len = b.len;
	return err;
}

static enum ra_err
do_proc_msg2(struct party *p)
{
	return ra_proc_msg2(p->enc, &p->app_report, p->nonce, &p->req, p->msg2,
	    p->msg2_len, &p->qe_ti);
}

/*
 * The quoting enclave: check the application REPORT (it targets the QE),
 * quote it with basename SPID || 0, and answer with a REPORT for the
 * application that binds SHA-256(nonce || quote).
 */
static void
do_quote(struct party *p, const struct ra_report *app)
{
	struct ra_epid_quote q;
	struct ra_buf b = ra_buf_init(p->quote, sizeof(p->quote));
	struct ra_sha256_ctx h;
	struct ra_hash256 d;

	assert_ra_ok(report_check(app, qe_mr));
	memset(&q, 0, sizeof(q));
	q.version = 2;
	q.sign_type = p->req.quote_type;
	q.gid = GID;
	q.qe_svn = 11;
	q.pce_svn = 10;
	memcpy(q.basename, p->req.spid, RA_SPID_LEN);
	q.report_body = app->body;
	if (p->qe_variant == 1) {
		q.basename[15] ^= 1;
	} else if (p->qe_variant == 2) {
		q.gid = GID + 1;
	} else if (p->qe_variant == 3) {
		q.sign_type = RA_QUOTE_UNLINKABLE;
	}
	assert_ra_ok(ra_epid_quote_sign(
	    &b, &q, &w.member, NULL, w.quote_key, &p->q_rng, NULL));
	p->quote_len = b.len;
	memset(&p->qe_report, 0, sizeof(p->qe_report));
	memcpy(p->qe_report.body.mr_enclave.b, qe_mr, 32);
	p->qe_report.body.attributes.flags = RA_ATTR_INIT | RA_ATTR_MODE64BIT;
	ra_sha256_init(&h);
	ra_sha256_update(&h, p->nonce, sizeof(p->nonce));
	ra_sha256_update(&h, p->quote, p->quote_len);
	ra_sha256_final(&h, &d);
	memcpy(p->qe_report.body.report_data, d.b, sizeof(d.b));
	report_mac(&p->qe_report, app_mr);
}

/* The QE REPORT for the current quote bytes (after a test changed them). */
static void
do_quote_rebind(struct party *p)
{
	struct ra_sha256_ctx h;
	struct ra_hash256 d;

	ra_sha256_init(&h);
	ra_sha256_update(&h, p->nonce, sizeof(p->nonce));
	ra_sha256_update(&h, p->quote, p->quote_len);
	ra_sha256_final(&h, &d);
	memcpy(p->qe_report.body.report_data, d.b, sizeof(d.b));
	report_mac(&p->qe_report, app_mr);
}

static enum ra_err
do_msg3(struct party *p)
{
	struct ra_buf b = ra_buf_init(p->msg3, sizeof(p->msg3));
	enum ra_err err =
	    ra_get_msg3(p->enc, &b, &p->qe_report, p->quote, p->quote_len);

	p->msg3_len = b.len;
	return err;
}

static enum ra_err
do_msg4(struct party *p)
{
	struct ra_buf b = ra_buf_init(p->msg4, sizeof(p->msg4));
	enum ra_err err =
	    ra_sp_proc_msg3(p->sp, &b, &p->reason, p->msg3, p->msg3_len, NOW);

	p->msg4_len = b.len;
	return err;
}

static enum ra_err
do_proc_msg4(struct party *p)
{
	memset(p->secret, 0, sizeof(p->secret));
	return ra_proc_msg4(p->enc, &p->status, NULL, p->secret,
	    sizeof(p->secret), &p->secret_len, p->msg4, p->msg4_len);
}

/* msg01, msg2, the QE, msg3: everything up to the SP's verdict. */
static void
run_to_msg3(struct party *p)
{
	party_start(p);
	do_msg01(p);
	assert_ra_ok(do_msg2(p));
	assert_ra_ok(do_proc_msg2(p));
	do_quote(p, &p->app_report);
	assert_ra_ok(do_msg3(p));
}

static bool
no_secret(const struct party *p)
{
	return p->secret_len == 0 &&
	    ra_ct_is_zero(p->secret, sizeof(p->secret));
}

/* Once failed, the enclave session answers RA_ERR_STATE to everything. */
static void
assert_enclave_dead(struct party *p)
{
	struct ra_key128 k;

	assert_ra_err(ra_get_keys(p->enc, RA_KEY_SK, &k), RA_ERR_STATE);
	assert_ra_err(do_proc_msg4(p), RA_ERR_STATE);
	assert_true(no_secret(p));
}

/*
 * The SP refused after the msg3 MAC: RA_OK, msg4 NOT_TRUSTED with the
 * reason, and the enclave verifies msg4 but receives no secret.
 */
static void
assert_refused(struct party *p, enum ra_sp_reason want)
{
	assert_ra_ok(do_msg4(p));
	if (p->reason != want) {
		fail_msg("reason %s, want %s", ra_sp_reason_name(p->reason),
		    ra_sp_reason_name(want));
	}
	assert_int_equal(ra_sp_last_reason(p->sp), want);
	assert_int_equal(p->msg4_len, RA_MSG4_MIN_LEN);
	assert_ra_ok(do_proc_msg4(p));
	assert_int_equal(p->status, RA_ATT_NOT_TRUSTED);
	assert_true(no_secret(p));
}

/* --- the honest exchange -------------------------------------------------- */

/*
 * msg3 checked from the wire bytes and the primitives alone, with a
 * recomputed from the enclave's seed: the MAC is CMAC(SMK, msg3[16..]),
 * and the quote's REPORTDATA is SHA-256(msg1[0..64) || msg2[0..64) ||
 * VK) || 0^32.
 */
static void
check_msg3_alone(const struct party *p)
{
	struct ra_drbg d;
	struct ra_rng rng;
	struct ra_ec256_priv a;
	struct ra_ec256_pub g_a, g_b;
	struct ra_ec256_shared gab;
	struct ra_key128 kdk, smk, vk;
	struct ra_mac128 mac;
	uint8_t in[64 + 64 + 16];
	struct ra_hash256 h;
	const uint8_t *rd = p->msg3 + RA_MSG3_MIN_LEN + 48 + 320;

	ra_drbg_init(&d, "enclave", 7);
	rng = ra_drbg_rng(&d);
	assert_ra_ok(ra_ec256_keygen(&a, &g_a, &rng));
	ra_ec256_pub_from_sgx(&g_b, p->msg2);
	assert_ra_ok(ra_ecdh(&gab, &a, &g_b));
	assert_ra_ok(ra_kdf_kdk(&kdk, &gab));
	assert_ra_ok(ra_kdf_derive(&smk, &kdk, RA_KDF_SMK));
	assert_ra_ok(ra_kdf_derive(&vk, &kdk, RA_KDF_VK));
	assert_ra_ok(ra_cmac(&mac, &smk, p->msg3 + 16, p->msg3_len - 16));
	test_assert_bytes(mac.b, p->msg3, 16, "msg3 MAC");
	memcpy(in, p->msg01 + RA_MSG0_LEN, 64);
	memcpy(in + 64, p->msg2, 64);
	memcpy(in + 128, vk.b, 16);
	ra_sha256(&h, in, sizeof(in));
	test_assert_bytes(rd, h.b, 32, "REPORTDATA");
	assert_true(ra_ct_is_zero(rd + 32, 32));
}

static void
exchange_ok(void **state)
{
	struct party *p = party_new("enclave", "sp");
	const struct ra_avr *avr;
	struct ra_key128 sk, mk;
	struct ra_mac128 mac;
	uint8_t pt[SECRET_LEN];
	static const uint8_t iv[RA_GCM_IV_LEN];
	struct ra_mac128 tag;
	uint8_t wire[128];
	struct ra_hash256 h;
	struct ra_ec256_sig sig;

	(void)state;
	run_to_msg3(p);
	assert_null(ra_sp_avr(p->sp));
	assert_ra_ok(do_msg4(p));
	assert_int_equal(p->reason, RA_SP_REASON_NONE);
	assert_int_equal(p->msg4_len, RA_MSG4_MIN_LEN + SECRET_LEN);
	assert_int_equal(p->ias.posts, 1);
	avr = ra_sp_avr(p->sp);
	assert_non_null(avr);
	assert_int_equal(avr->status, RA_AVR_STATUS_OK);
	assert_ra_ok(do_proc_msg4(p));
	assert_int_equal(p->status, RA_ATT_TRUSTED);
	assert_int_equal(p->secret_len, SECRET_LEN);
	test_assert_bytes(p->secret, SECRET, SECRET_LEN, "secret");
	/* SK and MK agree: the enclave's keys open the SP's msg4 alone */
	assert_ra_ok(ra_get_keys(p->enc, RA_KEY_SK, &sk));
	assert_ra_ok(ra_get_keys(p->enc, RA_KEY_MK, &mk));
	assert_ra_ok(ra_cmac(&mac, &mk, p->msg4, RA_MSG4_MAC_DATA_LEN));
	test_assert_bytes(mac.b, p->msg4 + RA_MSG4_MAC_DATA_LEN, 16, "MK");
	memcpy(tag.b, p->msg4 + 137, sizeof(tag.b));
	assert_ra_ok(ra_gcm_decrypt(
	    pt, &sk, iv, NULL, 0, p->msg4 + RA_MSG4_MIN_LEN, SECRET_LEN, &tag));
	test_assert_bytes(pt, SECRET, SECRET_LEN, "SK");
	assert_false(ra_ct_eq(sk.b, mk.b, 16));
	/*
	 * sign_gb_ga, checked from the wire bytes alone: ECDSA-SHA256 by the
	 * SP key over msg2[0..64) || msg1[0..64), r and s little-endian
	 */
	memcpy(wire, p->msg2, 64);
	memcpy(wire + 64, p->msg01 + RA_MSG0_LEN, 64);
	ra_sha256(&h, wire, sizeof(wire));
	ra_ec256_sig_from_sgx(&sig, p->msg2 + 84);
	assert_ra_ok(ra_ecdsa_verify(&w.sp_pub, &h, &sig));
	check_msg3_alone(p);
	/* the request the host needs for get-quote */
	test_assert_bytes(p->req.spid, spid, RA_SPID_LEN, "spid");
	assert_int_equal(p->req.sig_rl.len, 0);
	assert_ra_err(
	    ra_get_keys(p->enc, (enum ra_key_type)3, &sk), RA_ERR_ARG);
	party_free(p);
}

/* With a PIB in the AVR, msg4 forwards it; the enclave reads it. */
static void
exchange_pib(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ra_pib pib, want;
	uint8_t tlv[RA_PIB_TLV_LEN], got[RA_PIB_LEN];
	struct ra_buf gb = ra_buf_init(got, sizeof(got));

	(void)state;
	p->ias.with_pib = true;
	run_to_msg3(p);
	assert_ra_ok(do_msg4(p));
	assert_int_equal(p->reason, RA_SP_REASON_NONE);
	assert_ra_ok(ra_proc_msg4(p->enc, &p->status, &pib, p->secret,
	    sizeof(p->secret), &p->secret_len, p->msg4, p->msg4_len));
	assert_ra_ok(
	    ra_hex_decode_exact(tlv, sizeof(tlv), pib_hex, strlen(pib_hex)));
	assert_ra_ok(ra_pib_tlv_parse(&want, tlv, sizeof(tlv)));
	ra_pib_build(&gb, &pib);
	assert_ra_ok(ra_buf_finish(&gb));
	test_assert_bytes(got, tlv + RA_PIB_TLV_HDR_LEN, RA_PIB_LEN, "PIB");
	assert_int_equal(p->status, RA_ATT_TRUSTED);
	party_free(p);
}

/* --- golden transcript ---------------------------------------------------- */

static void
golden_one(const char *name, const uint8_t *got, size_t len)
{
	char rel[128];
	const char *wr = getenv("SGXRA_GOLDEN_WRITE");
	uint8_t *want, *hex;
	char *t;
	size_t want_len, i, n;
	FILE *f;

	snprintf(rel, sizeof(rel), GOLDEN "%s.hex", name);
	if (wr != NULL && strcmp(wr, "1") == 0) {
		f = fopen(test_path(rel), "w");
		assert_non_null(f);
		for (i = 0; i < len; i++) {
			fprintf(f, "%02x%s", got[i],
			    (i % 32 == 31 || i + 1 == len) ? "\n" : "");
		}
		assert_int_equal(fclose(f), 0);
		return;
	}
	hex = test_read_file(test_path(rel), &n);
	if (hex == NULL) {
		fail_msg("%s missing: run make golden", rel);
		return;
	}
	t = malloc(n + 1);
	assert_non_null(t);
	memcpy(t, hex, n);
	t[n] = '\0';
	want = test_unhex(t, &want_len);
	free(t);
	free(hex);
	assert_int_equal(want_len, len);
	test_assert_bytes(got, want, len, name);
	free(want);
}

/*
 * Fixed keys (the SDK sample's SP key, quote_key.pem, the EPID member from
 * a seeded issuer) and seeded generators: the four messages are exactly
 * the recorded ones.
 */
static void
golden(void **state)
{
	struct party *p = party_new("golden enclave", "golden sp");

	(void)state;
	run_to_msg3(p);
	assert_ra_ok(do_msg4(p));
	assert_int_equal(p->reason, RA_SP_REASON_NONE);
	assert_ra_ok(do_proc_msg4(p));
	assert_int_equal(p->status, RA_ATT_TRUSTED);
	golden_one("msg01", p->msg01, RA_MSG01_LEN);
	golden_one("msg2", p->msg2, p->msg2_len);
	golden_one("msg3", p->msg3, p->msg3_len);
	golden_one("msg4", p->msg4, p->msg4_len);
	party_free(p);
}

/* --- man in the middle and wrong keys ------------------------------------ */

/* A MITM replaces g_b with its own key and re-MACs msg2 with its SMK. */
static void
mitm_gb(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ra_ec256_priv b;
	struct ra_ec256_pub g_b;
	struct ra_msg1 m1;
	struct ra_msg2 m2;
	struct ra_kx_smk {
		struct ra_ec256_shared gab;
		struct ra_key128 kdk, smk;
	} k;
	struct ra_buf out;
	uint8_t copy[MSG2_CAP];
	struct ra_drbg d;
	struct ra_rng rng;

	(void)state;
	party_start(p);
	do_msg01(p);
	assert_ra_ok(do_msg2(p));
	ra_drbg_init(&d, "mitm", 4);
	rng = ra_drbg_rng(&d);
	assert_ra_ok(ra_ec256_keygen(&b, &g_b, &rng));
	assert_ra_ok(ra_msg1_parse(&m1, p->msg01 + 4, RA_MSG1_LEN));
	assert_ra_ok(ra_ecdh(&k.gab, &b, &m1.g_a));
	assert_ra_ok(ra_kdf_kdk(&k.kdk, &k.gab));
	assert_ra_ok(ra_kdf_derive(&k.smk, &k.kdk, RA_KDF_SMK));
	memcpy(copy, p->msg2, p->msg2_len);
	assert_ra_ok(ra_msg2_parse(&m2, copy, p->msg2_len));
	m2.g_b = g_b;
	out = ra_buf_init(p->msg2, sizeof(p->msg2));
	assert_ra_ok(ra_msg2_build(&out, &m2));
	assert_ra_ok(ra_cmac(&m2.mac, &k.smk, p->msg2, RA_MSG2_MAC_DATA_LEN));
	memcpy(p->msg2 + RA_MSG2_MAC_DATA_LEN, m2.mac.b, 16);
	/* the MAC now verifies; sign_gb_ga does not */
	assert_ra_err(do_proc_msg2(p), RA_ERR_AUTH);
	assert_ra_err(do_msg3(p), RA_ERR_STATE);
	assert_enclave_dead(p);
	party_free(p);
}

/* A MITM replaces g_a in msg1: the SP signs the MITM's g_a, and the
 * enclave's msg2 check refuses. */
static void
mitm_ga_msg1(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ra_ec256_priv a;
	struct ra_ec256_pub g_a;
	struct ra_msg1 m1;
	struct ra_buf b;
	struct ra_drbg d;
	struct ra_rng rng;

	(void)state;
	party_start(p);
	do_msg01(p);
	ra_drbg_init(&d, "mitm", 4);
	rng = ra_drbg_rng(&d);
	assert_ra_ok(ra_ec256_keygen(&a, &g_a, &rng));
	assert_ra_ok(ra_msg1_parse(&m1, p->msg01 + 4, RA_MSG1_LEN));
	m1.g_a = g_a;
	b = ra_buf_init(p->msg01 + 4, RA_MSG1_LEN);
	ra_msg1_build(&b, &m1);
	assert_ra_ok(ra_buf_finish(&b));
	assert_ra_ok(do_msg2(p));
	assert_ra_err(do_proc_msg2(p), RA_ERR_AUTH);
	assert_enclave_dead(p);
	party_free(p);
}

/* g_a replaced in msg3 only: the SP refuses before its MAC, no msg4. */
static void
mitm_ga_msg3(void **state)
{
	struct party *p = party_new("enclave", "sp");

	(void)state;
	run_to_msg3(p);
	p->msg3[16 + 5] ^= 0x01;
	assert_ra_err(do_msg4(p), RA_ERR_AUTH);
	assert_int_equal(p->reason, RA_SP_REASON_GA);
	assert_int_equal(p->msg4_len, 0);
	assert_int_equal(p->ias.posts, 0);
	/* the session is over */
	assert_ra_err(do_msg4(p), RA_ERR_STATE);
	party_free(p);
}

/* The enclave was built with another SP's key. */
static void
wrong_sp_key(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ra_ec256_priv other;
	struct ra_ec256_pub other_pub;
	struct ra_drbg d;
	struct ra_rng rng;

	(void)state;
	ra_drbg_init(&d, "other sp", 8);
	rng = ra_drbg_rng(&d);
	assert_ra_ok(ra_ec256_keygen(&other, &other_pub, &rng));
	assert_ra_ok(ra_init(&p->enc, &other_pub, &p->ops, &p->e_rng));
	assert_ra_ok(ra_sp_new(&p->sp, &p->cfg, &p->svc, &p->s_rng));
	do_msg01(p);
	assert_ra_ok(do_msg2(p));
	assert_ra_err(do_proc_msg2(p), RA_ERR_AUTH);
	assert_enclave_dead(p);
	party_free(p);
}

/* A signer in "another process": here, the key in its own context. */
struct ext_signer {
	const struct ra_ec256_priv *key;
	unsigned int calls;
	enum ra_err fail; /* RA_OK: sign */
};

static enum ra_err
ext_sign(void *ctx, struct ra_ec256_sig *sig, const struct ra_ec256_pub *g_b,
    const struct ra_ec256_pub *g_a)
{
	struct ext_signer *x = ctx;

	x->calls++;
	if (x->fail != RA_OK) {
		return x->fail;
	}
	return ra_sp_sign_gb_ga(sig, x->key, g_b, g_a, NULL);
}

/* sign_gb_ga made by a signer callback: the enclave accepts it; the
 * config's own key is not used (zero). */
static void
external_signer(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ext_signer x = { &w.sp_priv, 0, RA_OK };
	const struct ra_sp_signer signer = { ext_sign, &x };

	(void)state;
	memset(&p->cfg.sp_priv, 0, sizeof(p->cfg.sp_priv));
	p->cfg.signer = &signer;
	run_to_msg3(p);
	assert_ra_ok(do_msg4(p));
	assert_ra_ok(do_proc_msg4(p));
	assert_int_equal(p->status, RA_ATT_TRUSTED);
	assert_int_equal(x.calls, 1);
	party_free(p);
}

/* A signer that fails: no msg2, the session is over. */
static void
external_signer_fails(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ext_signer x = { &w.sp_priv, 0, RA_ERR_IO };
	const struct ra_sp_signer signer = { ext_sign, &x };

	(void)state;
	p->cfg.signer = &signer;
	party_start(p);
	do_msg01(p);
	assert_ra_err(do_msg2(p), RA_ERR_IO);
	assert_int_equal(x.calls, 1);
	party_free(p);
}

/* The key's holder signs transcripts of two curve points only. */
static void
sign_gb_ga_points(void **state)
{
	struct ra_ec256_pub g, bad;
	struct ra_ec256_sig sig;
	struct ra_hash256 h;
	uint8_t wire[128];

	(void)state;
	world_init();
	assert_ra_ok(ra_ec256_pub_from_priv(&g, &w.sp_priv));
	bad = g;
	bad.y[31] ^= 1;
	assert_ra_err(
	    ra_sp_sign_gb_ga(&sig, &w.sp_priv, &bad, &g, NULL), RA_ERR_KEY);
	assert_ra_err(
	    ra_sp_sign_gb_ga(&sig, &w.sp_priv, &g, &bad, NULL), RA_ERR_KEY);
	assert_ra_err(
	    ra_sp_sign_gb_ga(NULL, &w.sp_priv, &g, &g, NULL), RA_ERR_ARG);
	/* what it signs: SHA-256 of both points in SGX (LE) form */
	assert_ra_ok(ra_sp_sign_gb_ga(&sig, &w.sp_priv, &g, &g, NULL));
	ra_ec256_pub_to_sgx(wire, &g);
	ra_ec256_pub_to_sgx(wire + 64, &g);
	ra_sha256(&h, wire, sizeof(wire));
	assert_ra_ok(ra_ecdsa_verify(&w.sp_pub, &h, &sig));
}

/* --- bit flips, truncations, one extra byte ------------------------------ */

/* A fresh enclave session with p's seed (same a, g_a) at MSG1_SENT. */
static struct ra_ctx *
enclave_at_msg1(struct party *p)
{
	struct ra_ctx *c = NULL;
	uint8_t m1[RA_MSG1_LEN];
	struct ra_buf b = ra_buf_init(m1, sizeof(m1));

	ra_drbg_init(&p->e_drbg, "enclave", 7);
	assert_ra_ok(ra_init(&c, &w.sp_pub, &p->ops, &p->e_rng));
	assert_ra_ok(ra_get_msg1(c, &b, GID));
	assert_memory_equal(m1, p->msg01 + 4, RA_MSG1_LEN);
	return c;
}

static enum ra_err
enclave_msg2(struct party *p, struct ra_ctx *c, const uint8_t *m, size_t n)
{
	struct ra_report r;
	uint8_t nonce[16];

	return ra_proc_msg2(c, &r, nonce, NULL, m, n, &p->qe_ti);
}

static void
flip_msg2(void **state)
{
	struct party *p = party_new("enclave", "sp");
	uint8_t m[MSG2_CAP];
	size_t bit;
	enum ra_err err;
	struct ra_ctx *c;

	(void)state;
	party_start(p);
	do_msg01(p);
	assert_ra_ok(do_msg2(p));
	assert_int_equal(p->msg2_len, RA_MSG2_MIN_LEN);
	for (bit = 0; bit < (size_t)RA_MSG2_MIN_LEN * 8; bit++) {
		size_t off = bit / 8;

		memcpy(m, p->msg2, p->msg2_len);
		m[off] ^= (uint8_t)(1U << (bit % 8));
		c = enclave_at_msg1(p);
		err = enclave_msg2(p, c, m, p->msg2_len);
		if (off < 64) { /* g_b: off the curve, or another key */
			assert_true(err == RA_ERR_KEY || err == RA_ERR_AUTH);
		} else if (off >= 80 && off < 84) { /* quote_type, kdf_id */
			assert_true(
			    err == RA_ERR_VERSION || err == RA_ERR_AUTH);
		} else if (off >= 164) { /* sig_rl_size */
			assert_ra_err(err, RA_ERR_FORMAT);
		} else { /* spid, sign_gb_ga, mac */
			assert_ra_err(err, RA_ERR_AUTH);
		}
		assert_ra_err(
		    enclave_msg2(p, c, p->msg2, p->msg2_len), RA_ERR_STATE);
		ra_close(c);
	}
	/* and the unchanged message passes */
	c = enclave_at_msg1(p);
	assert_ra_ok(enclave_msg2(p, c, p->msg2, p->msg2_len));
	ra_close(c);
	party_free(p);
}

static void
cut_msg2(void **state)
{
	struct party *p = party_new("enclave", "sp");
	uint8_t m[MSG2_CAP];
	size_t n;
	struct ra_ctx *c;

	(void)state;
	party_start(p);
	do_msg01(p);
	assert_ra_ok(do_msg2(p));
	memcpy(m, p->msg2, p->msg2_len);
	for (n = 0; n <= p->msg2_len + 1; n++) {
		if (n == p->msg2_len) {
			continue;
		}
		c = enclave_at_msg1(p);
		assert_ra_err(enclave_msg2(p, c, m, n), RA_ERR_FORMAT);
		ra_close(c);
	}
	party_free(p);
}

/* The SP's msg01: truncated or one byte longer is RA_ERR_FORMAT. */
static void
cut_msg01(void **state)
{
	struct party *p = party_new("enclave", "sp");
	uint8_t m[RA_MSG01_LEN + 1];
	uint8_t out[MSG2_CAP];
	struct ra_sp_session *s;
	struct ra_buf b;
	size_t n;

	(void)state;
	party_start(p);
	do_msg01(p);
	memcpy(m, p->msg01, RA_MSG01_LEN);
	m[RA_MSG01_LEN] = 0;
	for (n = 0; n <= RA_MSG01_LEN + 1; n++) {
		if (n == RA_MSG01_LEN) {
			continue;
		}
		assert_ra_ok(ra_sp_new(&s, &p->cfg, &p->svc, &p->s_rng));
		b = ra_buf_init(out, sizeof(out));
		assert_ra_err(ra_sp_proc_msg01(s, &b, m, n), RA_ERR_FORMAT);
		assert_int_equal(ra_sp_last_reason(s), RA_SP_REASON_FORMAT);
		ra_sp_free(s);
	}
	/* extended GID 1 and an off-curve g_a */
	m[0] = 1;
	assert_ra_ok(ra_sp_new(&s, &p->cfg, &p->svc, &p->s_rng));
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_sp_proc_msg01(s, &b, m, RA_MSG01_LEN), RA_ERR_VERSION);
	assert_int_equal(ra_sp_last_reason(s), RA_SP_REASON_EGID);
	ra_sp_free(s);
	m[0] = 0;
	m[4] ^= 1;
	assert_ra_ok(ra_sp_new(&s, &p->cfg, &p->svc, &p->s_rng));
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_sp_proc_msg01(s, &b, m, RA_MSG01_LEN), RA_ERR_KEY);
	assert_int_equal(ra_sp_last_reason(s), RA_SP_REASON_KEY);
	ra_sp_free(s);
	party_free(p);
}

/* A fresh SP session with p's seed (same b, g_b, keys) at MSG2_SENT. */
static struct ra_sp_session *
sp_at_msg2(struct party *p)
{
	struct ra_sp_session *s = NULL;
	uint8_t out[MSG2_CAP];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	ra_drbg_init(&p->s_drbg, "sp", 2);
	assert_ra_ok(ra_sp_new(&s, &p->cfg, &p->svc, &p->s_rng));
	assert_ra_ok(ra_sp_proc_msg01(s, &b, p->msg01, RA_MSG01_LEN));
	assert_memory_equal(out, p->msg2, p->msg2_len);
	return s;
}

static enum ra_err
sp_msg3(struct ra_sp_session *s, enum ra_sp_reason *reason, const uint8_t *m,
    size_t n, size_t *msg4_len)
{
	uint8_t out[MSG4_CAP];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	enum ra_err err = ra_sp_proc_msg3(s, &b, reason, m, n, NOW);

	*msg4_len = b.len;
	return err;
}

/*
 * msg3 bit flips: every bit of the MAC, g_a and the quote's header, and
 * every 13th bit elsewhere. All refused before the MAC passes: no msg4,
 * no call to the service.
 */
static void
flip_msg3(void **state)
{
	struct party *p = party_new("enclave", "sp");
	uint8_t *m = malloc(MSG3_CAP);
	enum ra_sp_reason reason;
	struct ra_sp_session *s;
	size_t bit, n4, tried = 0;

	(void)state;
	assert_non_null(m);
	run_to_msg3(p);
	for (bit = 0; bit < p->msg3_len * 8; bit++) {
		size_t off = bit / 8;

		if (!(off < 80 || (off >= 336 && off < 384) || bit % 13 == 0)) {
			continue;
		}
		memcpy(m, p->msg3, p->msg3_len);
		m[off] ^= (uint8_t)(1U << (bit % 8));
		s = sp_at_msg2(p);
		assert_ra_err(
		    sp_msg3(s, &reason, m, p->msg3_len, &n4), RA_ERR_AUTH);
		assert_int_equal(reason,
		    off >= 16 && off < 80 ? RA_SP_REASON_GA : RA_SP_REASON_MAC);
		assert_int_equal(n4, 0);
		assert_null(ra_sp_avr(s));
		ra_sp_free(s);
		tried++;
	}
	assert_true(tried > 1000);
	assert_int_equal(p->ias.posts, 0);
	s = sp_at_msg2(p);
	assert_ra_ok(sp_msg3(s, &reason, p->msg3, p->msg3_len, &n4));
	assert_int_equal(reason, RA_SP_REASON_NONE);
	ra_sp_free(s);
	free(m);
	party_free(p);
}

/* msg3 cut at every length, and one byte longer: no msg4. */
static void
cut_msg3(void **state)
{
	struct party *p = party_new("enclave", "sp");
	uint8_t *m = calloc(1, MSG3_CAP);
	enum ra_sp_reason reason;
	struct ra_sp_session *s;
	enum ra_err err;
	size_t n, n4;

	(void)state;
	assert_non_null(m);
	run_to_msg3(p);
	memcpy(m, p->msg3, p->msg3_len);
	for (n = 0; n <= p->msg3_len + 1; n++) {
		if (n == p->msg3_len) {
			continue;
		}
		s = sp_at_msg2(p);
		err = sp_msg3(s, &reason, m, n, &n4);
		if (n <= RA_MSG3_MIN_LEN) {
			assert_ra_err(err, RA_ERR_FORMAT);
			assert_int_equal(reason, RA_SP_REASON_FORMAT);
		} else { /* parses with another quote: the MAC catches it */
			assert_ra_err(err, RA_ERR_AUTH);
			assert_int_equal(reason, RA_SP_REASON_MAC);
		}
		assert_int_equal(n4, 0);
		ra_sp_free(s);
	}
	assert_int_equal(p->ias.posts, 0);
	free(m);
	party_free(p);
}

/* A fresh enclave session with p's seed at MSG3_SENT (same keys). */
static struct ra_ctx *
enclave_at_msg3(struct party *p)
{
	struct ra_ctx *c = enclave_at_msg1(p);
	struct ra_report r;
	uint8_t nonce[16], out[MSG3_CAP];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	assert_ra_ok(
	    ra_proc_msg2(c, &r, nonce, NULL, p->msg2, p->msg2_len, &p->qe_ti));
	assert_ra_ok(ra_get_msg3(c, &b, &p->qe_report, p->quote, p->quote_len));
	assert_memory_equal(out, p->msg3, p->msg3_len);
	return c;
}

static enum ra_err
enclave_msg4(
    struct ra_ctx *c, uint8_t *secret, size_t *len, const uint8_t *m, size_t n)
{
	enum ra_att_status st = RA_ATT_TRUSTED;
	enum ra_err err;

	memset(secret, 0, 64);
	err = ra_proc_msg4(c, &st, NULL, secret, 64, len, m, n);
	if (err != RA_OK) {
		assert_int_equal(st, RA_ATT_NOT_TRUSTED);
	}
	return err;
}

/* Every bit of msg4, and every length: never a secret. */
static void
flip_cut_msg4(void **state)
{
	struct party *p = party_new("enclave", "sp");
	uint8_t m[MSG4_CAP], secret[64];
	struct ra_ctx *c;
	size_t bit, n, len;
	enum ra_err err;

	(void)state;
	run_to_msg3(p);
	assert_ra_ok(do_msg4(p));
	for (bit = 0; bit < p->msg4_len * 8; bit++) {
		size_t off = bit / 8;

		memcpy(m, p->msg4, p->msg4_len);
		m[off] ^= (uint8_t)(1U << (bit % 8));
		c = enclave_at_msg3(p);
		err = enclave_msg4(c, secret, &len, m, p->msg4_len);
		if (off < 4) {
			assert_true(
			    err == RA_ERR_VERSION || err == RA_ERR_AUTH);
		} else if (off >= 121 && off < 137) { /* N, reserved */
			assert_ra_err(err, RA_ERR_FORMAT);
		} else {
			assert_ra_err(err, RA_ERR_AUTH);
		}
		assert_int_equal(len, 0);
		assert_true(ra_ct_is_zero(secret, sizeof(secret)));
		assert_ra_err(
		    enclave_msg4(c, secret, &len, p->msg4, p->msg4_len),
		    RA_ERR_STATE);
		ra_close(c);
	}
	memcpy(m, p->msg4, p->msg4_len);
	m[p->msg4_len] = 0;
	for (n = 0; n <= p->msg4_len + 1; n++) {
		if (n == p->msg4_len) {
			continue;
		}
		c = enclave_at_msg3(p);
		assert_ra_err(
		    enclave_msg4(c, secret, &len, m, n), RA_ERR_FORMAT);
		assert_true(ra_ct_is_zero(secret, sizeof(secret)));
		ra_close(c);
	}
	c = enclave_at_msg3(p);
	assert_ra_ok(enclave_msg4(c, secret, &len, p->msg4, p->msg4_len));
	test_assert_bytes(secret, SECRET, SECRET_LEN, "secret");
	ra_close(c);
	party_free(p);
}

/*
 * A well-MACed msg4 that carries a secret under a NOT_TRUSTED status (an
 * SP bug): the enclave refuses it (RA_ERR_FORMAT), keys in hand or not.
 */
static void
msg4_secret_untrusted(void **state)
{
	struct party *p = party_new("enclave", "sp");
	static const uint8_t iv[RA_GCM_IV_LEN];
	struct ra_key128 sk, mk;
	struct ra_msg4 m;
	uint8_t ct[SECRET_LEN], head[RA_MSG4_MAC_DATA_LEN];
	struct ra_buf b;

	(void)state;
	run_to_msg3(p);
	assert_ra_ok(ra_get_keys(p->enc, RA_KEY_SK, &sk));
	assert_ra_ok(ra_get_keys(p->enc, RA_KEY_MK, &mk));
	memset(&m, 0, sizeof(m));
	m.status = RA_ATT_NOT_TRUSTED;
	assert_ra_ok(
	    ra_gcm_encrypt(ct, &m.tag, &sk, iv, NULL, 0, SECRET, SECRET_LEN));
	m.secret.p = ct;
	m.secret.len = SECRET_LEN;
	b = ra_buf_init(head, sizeof(head));
	ra_msg4_ras_build(&b, &(struct ra_msg4_ras){ m.status, m.pib });
	assert_ra_ok(ra_buf_finish(&b));
	assert_ra_ok(ra_cmac(&m.mac, &mk, head, sizeof(head)));
	b = ra_buf_init(p->msg4, sizeof(p->msg4));
	assert_ra_ok(ra_msg4_build(&b, &m));
	p->msg4_len = b.len;
	assert_ra_err(do_proc_msg4(p), RA_ERR_FORMAT);
	assert_true(no_secret(p));
	assert_enclave_dead(p);
	party_free(p);
}

/* --- replay --------------------------------------------------------------- */

static void
replay_msg3(void **state)
{
	struct party *a = party_new("enclave", "sp");
	struct party *b = party_new("enclave B", "sp B");
	struct party *c = party_new("enclave", "sp C");

	(void)state;
	run_to_msg3(a);
	assert_ra_ok(do_msg4(a));
	/* the same msg3 again: the session is over */
	assert_ra_err(do_msg4(a), RA_ERR_STATE);
	/* session A's msg3 to session B (another g_a) */
	run_to_msg3(b);
	memcpy(b->msg3, a->msg3, a->msg3_len);
	b->msg3_len = a->msg3_len;
	assert_ra_err(do_msg4(b), RA_ERR_AUTH);
	assert_int_equal(b->reason, RA_SP_REASON_GA);
	assert_int_equal(b->msg4_len, 0);
	/* to session C (same g_a, another g_b: another SMK) */
	run_to_msg3(c);
	memcpy(c->msg3, a->msg3, a->msg3_len);
	c->msg3_len = a->msg3_len;
	assert_ra_err(do_msg4(c), RA_ERR_AUTH);
	assert_int_equal(c->reason, RA_SP_REASON_MAC);
	assert_int_equal(b->ias.posts + c->ias.posts, 0);
	party_free(a);
	party_free(b);
	party_free(c);
}

/* --- the SP's policy ------------------------------------------------------ */

static void
mrenclave_refused(void **state)
{
	struct party *p = party_new("enclave", "sp");

	(void)state;
	p->cfg.policy.mrenclave = &p->allowed[1];
	p->cfg.policy.mrenclave_count = 1;
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_MRENCLAVE);
	assert_non_null(ra_sp_avr(p->sp)); /* the report itself verified */
	party_free(p);
}

static void
signer_rule(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct party *q = party_new("enclave", "sp");

	(void)state;
	/* MRSIGNER + ISVPRODID + ISVSVN >= 2, no MRENCLAVE list: trusted */
	p->cfg.policy.mrenclave_count = 0;
	p->cfg.policy.mrenclave = NULL;
	p->cfg.policy.has_signer = true;
	memcpy(p->cfg.policy.mrsigner.b, app_signer, 32);
	p->cfg.policy.isv_prod_id = 1;
	p->cfg.policy.min_isv_svn = 2;
	run_to_msg3(p);
	assert_ra_ok(do_msg4(p));
	assert_int_equal(p->reason, RA_SP_REASON_NONE);
	/* ISVSVN 2 below the minimum 3 */
	q->cfg.policy = p->cfg.policy;
	q->cfg.policy.min_isv_svn = 3;
	run_to_msg3(q);
	assert_refused(q, RA_SP_REASON_SIGNER);
	party_free(p);
	party_free(q);
}

static void
debug_refused(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct party *q = party_new("enclave", "sp");

	(void)state;
	p->plat.debug = true;
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_DEBUG);
	/* allowed on purpose */
	q->plat.debug = true;
	q->cfg.policy.allow_debug = true;
	run_to_msg3(q);
	assert_ra_ok(do_msg4(q));
	assert_int_equal(q->reason, RA_SP_REASON_NONE);
	assert_ra_ok(do_proc_msg4(q));
	assert_int_equal(q->status, RA_ATT_TRUSTED);
	party_free(p);
	party_free(q);
}

/*
 * REPORTDATA not bound. In the enclave: the QE quotes a REPORT with other
 * report data, and ra_get_msg3 refuses. At the SP: an enclave that holds
 * SMK (we recompute it from the seeded a) sends such a quote in a
 * well-MACed msg3, and the SP refuses it after the AVR.
 */
static void
report_data_unbound(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct party *q = party_new("enclave", "sp");
	struct ra_report other;
	struct ra_ec256_priv a;
	struct ra_ec256_pub g_a;
	struct ra_ec256_shared gab;
	struct ra_key128 kdk, smk;
	struct ra_msg2 m2;
	struct ra_msg3 m3;
	struct ra_drbg d;
	struct ra_rng rng;
	struct ra_buf b;
	static uint8_t honest[MSG3_CAP];

	(void)state;
	/* the enclave's view */
	party_start(p);
	do_msg01(p);
	assert_ra_ok(do_msg2(p));
	assert_ra_ok(do_proc_msg2(p));
	other = p->app_report;
	other.body.report_data[3] ^= 1;
	report_mac(&other, qe_mr);
	do_quote(p, &other);
	assert_ra_err(do_msg3(p), RA_ERR_AUTH);
	assert_int_equal(p->msg3_len, 0);
	assert_enclave_dead(p);
	/* the SP's view */
	q->plat.bad_report_data = true;
	party_start(q);
	do_msg01(q);
	assert_ra_ok(do_msg2(q));
	assert_ra_ok(do_proc_msg2(q));
	do_quote(q, &q->app_report);
	/* its platform wrote the REPORT: the enclave itself sends it on */
	assert_ra_ok(do_msg3(q));
	memcpy(honest, q->msg3, q->msg3_len);
	ra_drbg_init(&d, "enclave", 7);
	rng = ra_drbg_rng(&d);
	assert_ra_ok(ra_ec256_keygen(&a, &g_a, &rng));
	assert_ra_ok(ra_msg2_parse(&m2, q->msg2, q->msg2_len));
	assert_ra_ok(ra_ecdh(&gab, &a, &m2.g_b));
	assert_ra_ok(ra_kdf_kdk(&kdk, &gab));
	assert_ra_ok(ra_kdf_derive(&smk, &kdk, RA_KDF_SMK));
	memset(&m3, 0, sizeof(m3));
	m3.g_a = g_a;
	m3.quote.p = q->quote;
	m3.quote.len = q->quote_len;
	b = ra_buf_init(q->msg3, sizeof(q->msg3));
	assert_ra_ok(ra_msg3_build(&b, &m3));
	assert_ra_ok(ra_cmac(&m3.mac, &smk, q->msg3 + 16, b.len - 16));
	memcpy(q->msg3, m3.mac.b, 16);
	q->msg3_len = b.len;
	/* an SMK holder makes the same msg3: SMK is what the MAC proves */
	test_assert_bytes(q->msg3, honest, q->msg3_len, "msg3");
	assert_refused(q, RA_SP_REASON_REPORT_DATA);
	party_free(p);
	party_free(q);
}

/*
 * The QE's answer must be bound to this session: its REPORT must verify
 * (target us) and carry SHA-256(nonce || quote); the quote must parse.
 */
static void
qe_answer_unbound(void **state)
{
	static const char *const what[] = { "report data", "nonce", "mac",
		"quote" };
	struct party *p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		p = party_new("enclave", "sp");
		party_start(p);
		do_msg01(p);
		assert_ra_ok(do_msg2(p));
		assert_ra_ok(do_proc_msg2(p));
		if (i == 1) { /* a QE answering another request */
			p->nonce[0] ^= 1;
		}
		do_quote(p, &p->app_report);
		if (i == 0) {
			p->qe_report.body.report_data[40] ^= 1;
			report_mac(&p->qe_report, app_mr);
		} else if (i == 2) {
			p->qe_report.mac.b[0] ^= 1;
		} else if (i == 3) { /* bound, but no quote */
			p->quote_len = 100;
			do_quote_rebind(p);
		}
		if (i == 3) {
			assert_ra_err(do_msg3(p), RA_ERR_FORMAT);
		} else {
			assert_ra_err(do_msg3(p), RA_ERR_AUTH);
		}
		assert_int_equal(p->msg3_len, 0);
		assert_enclave_dead(p);
		party_free(p);
	}
}

/* A quote for another SPID, GID or sign type: refused, never submitted. */
static void
quote_mismatch(void **state)
{
	struct party *p;
	int v;

	(void)state;
	for (v = 1; v <= 3; v++) {
		p = party_new("enclave", "sp");
		p->qe_variant = v;
		run_to_msg3(p);
		assert_refused(p, RA_SP_REASON_QUOTE);
		assert_int_equal(p->ias.posts, 0);
		party_free(p);
	}
}

/* --- the attestation report ---------------------------------------------- */

static void
avr_bad_signature(void **state)
{
	struct party *p = party_new("enclave", "sp");

	(void)state;
	p->ias.bad_signature = true;
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_AVR);
	assert_null(ra_sp_avr(p->sp));
	party_free(p);
}

static void
avr_wrong_nonce(void **state)
{
	struct party *p = party_new("enclave", "sp");

	(void)state;
	p->ias.wrong_nonce = true;
	p->ias.with_pib = true; /* not forwarded: the report is not ours */
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_AVR_CHECK);
	assert_true(ra_ct_is_zero(p->msg4 + 4, RA_PIB_LEN));
	party_free(p);
}

static void
avr_other_quote(void **state)
{
	struct party *p = party_new("enclave", "sp");

	(void)state;
	p->ias.other_quote_body = true;
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_AVR_CHECK);
	party_free(p);
}

static void
avr_stale(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct party *q = party_new("enclave", "sp");

	(void)state;
	p->ias.age = MAX_AGE + 1;
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_AVR_CHECK);
	/* exactly max_age old is still fresh */
	q->ias.age = MAX_AGE;
	run_to_msg3(q);
	assert_ra_ok(do_msg4(q));
	assert_int_equal(q->reason, RA_SP_REASON_NONE);
	party_free(p);
	party_free(q);
}

static void
status_out_of_date(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct party *q = party_new("enclave", "sp");
	struct party *r = party_new("enclave", "sp");

	(void)state;
	/* default accept: OK only */
	p->ias.status = "GROUP_OUT_OF_DATE";
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_STATUS);
	/* accepted, not provisioned: complicated, no secret */
	q->ias.status = "GROUP_OUT_OF_DATE";
	q->cfg.policy.accept |=
	    RA_AVR_STATUS_BIT(RA_AVR_STATUS_GROUP_OUT_OF_DATE);
	run_to_msg3(q);
	assert_ra_ok(do_msg4(q));
	assert_int_equal(q->reason, RA_SP_REASON_NONE);
	assert_ra_ok(do_proc_msg4(q));
	assert_int_equal(q->status, RA_ATT_TRUSTED_COMPLICATED);
	assert_true(no_secret(q));
	/* accepted and provisioned: complicated, with the secret */
	r->ias.status = "GROUP_OUT_OF_DATE";
	r->cfg.policy.accept = q->cfg.policy.accept;
	r->cfg.policy.provision =
	    RA_AVR_STATUS_BIT(RA_AVR_STATUS_GROUP_OUT_OF_DATE);
	run_to_msg3(r);
	assert_ra_ok(do_msg4(r));
	assert_ra_ok(do_proc_msg4(r));
	assert_int_equal(r->status, RA_ATT_TRUSTED_COMPLICATED);
	assert_int_equal(r->secret_len, SECRET_LEN);
	test_assert_bytes(r->secret, SECRET, SECRET_LEN, "secret");
	party_free(p);
	party_free(q);
	party_free(r);
}

static void
anchor_emulated(void **state)
{
	struct party *p = party_new("enclave", "sp");

	(void)state;
	assert_true(ra_sp_anchor_is_intel(w.intel));
	assert_false(ra_sp_anchor_is_intel(w.anchor));
	assert_false(ra_sp_anchor_is_intel(NULL));
	p->cfg.allow_emulated = false;
	run_to_msg3(p);
	assert_refused(p, RA_SP_REASON_ANCHOR);
	party_free(p);
}

/* The service knows no such group: the session ends, no msg2. */
static void
sigrl_refused(void **state)
{
	struct party *p = party_new("enclave", "sp");

	(void)state;
	p->ias.sigrl_unknown = true;
	party_start(p);
	do_msg01(p);
	assert_ra_err(do_msg2(p), RA_ERR_NOT_FOUND);
	assert_int_equal(ra_sp_last_reason(p->sp), RA_SP_REASON_SIGRL);
	assert_ra_err(do_msg2(p), RA_ERR_STATE);
	party_free(p);
}

/* A SigRL travels in msg2 (outside the MAC) to the host's get-quote. */
static void
sigrl_passed(void **state)
{
	struct party *p = party_new("enclave", "sp");
	uint8_t small[RA_MSG2_MIN_LEN + 10];
	struct ra_buf b = ra_buf_init(small, sizeof(small));
	size_t i;

	(void)state;
	p->ias.sigrl_len = 200;
	party_start(p);
	do_msg01(p);
	/* no room for the SigRL: the caller's to fix, the session lives */
	assert_ra_err(
	    ra_sp_proc_msg01(p->sp, &b, p->msg01, RA_MSG01_LEN), RA_ERR_SPACE);
	assert_ra_ok(do_msg2(p));
	assert_int_equal(p->msg2_len, RA_MSG2_MIN_LEN + 200);
	assert_ra_ok(do_proc_msg2(p));
	assert_int_equal(p->req.sig_rl.len, 200);
	assert_ptr_equal(p->req.sig_rl.p, p->msg2 + RA_MSG2_MIN_LEN);
	for (i = 0; i < 200; i++) {
		assert_int_equal(p->req.sig_rl.p[i], 0xa5);
	}
	do_quote(p, &p->app_report);
	assert_ra_ok(do_msg3(p));
	assert_ra_ok(do_msg4(p));
	assert_int_equal(p->reason, RA_SP_REASON_NONE);
	party_free(p);
}

/* --- protocol order ------------------------------------------------------- */

static void
out_of_order(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ra_key128 k;
	uint8_t small[10], nonce[16];
	static uint8_t big[MSG3_CAP];
	struct ra_buf scratch = ra_buf_init(big, sizeof(big));
	struct ra_report r;
	struct ra_buf b;

	(void)state;
	party_start(p);
	/* enclave at INIT */
	assert_ra_err(ra_get_keys(p->enc, RA_KEY_SK, &k), RA_ERR_STATE);
	assert_ra_err(do_proc_msg2(p), RA_ERR_STATE);
	assert_ra_err(do_msg3(p), RA_ERR_STATE);
	assert_ra_err(do_proc_msg4(p), RA_ERR_STATE);
	/* SP at START */
	assert_ra_err(do_msg4(p), RA_ERR_STATE);
	/* too small a buffer is the caller's to fix: the session lives on */
	b = ra_buf_init(small, sizeof(small));
	assert_ra_err(ra_get_msg1(p->enc, &b, GID), RA_ERR_SPACE);
	do_msg01(p);
	b = ra_buf_init(small, sizeof(small));
	assert_ra_err(ra_get_msg1(p->enc, &b, GID), RA_ERR_STATE);
	b = ra_buf_init(small, sizeof(small));
	assert_ra_err(
	    ra_sp_proc_msg01(p->sp, &b, p->msg01, RA_MSG01_LEN), RA_ERR_SPACE);
	assert_ra_ok(do_msg2(p));
	assert_ra_err(ra_sp_proc_msg01(p->sp, &scratch, p->msg01, RA_MSG01_LEN),
	    RA_ERR_STATE);
	assert_ra_err(ra_get_msg3(p->enc, &scratch, &p->qe_report, p->quote,
	                  sizeof(p->quote)),
	    RA_ERR_STATE);
	assert_ra_err(do_proc_msg4(p), RA_ERR_STATE);
	assert_ra_ok(do_proc_msg2(p));
	assert_ra_err(ra_proc_msg2(p->enc, &r, nonce, NULL, p->msg2,
	                  p->msg2_len, &p->qe_ti),
	    RA_ERR_STATE);
	assert_ra_err(do_proc_msg4(p), RA_ERR_STATE);
	do_quote(p, &p->app_report);
	assert_ra_ok(do_msg3(p));
	assert_ra_err(ra_get_msg3(p->enc, &scratch, &p->qe_report, p->quote,
	                  p->quote_len),
	    RA_ERR_STATE);
	assert_ra_ok(do_msg4(p));
	assert_ra_ok(do_proc_msg4(p));
	assert_int_equal(p->status, RA_ATT_TRUSTED);
	assert_ra_err(do_proc_msg4(p), RA_ERR_STATE);
	assert_ra_ok(ra_get_keys(p->enc, RA_KEY_MK, &k));
	party_free(p);
}

static void
bad_config(void **state)
{
	struct party *p = party_new("enclave", "sp");
	struct ra_sp_session *s = NULL;
	struct ra_ctx *c = NULL;
	struct ra_ec256_pub off = w.sp_pub;

	(void)state;
	/* neither an MRENCLAVE list nor a signer rule */
	p->cfg.policy.mrenclave_count = 0;
	assert_ra_err(ra_sp_new(&s, &p->cfg, &p->svc, NULL), RA_ERR_ARG);
	assert_null(s);
	off.y[31] ^= 1;
	assert_ra_err(ra_init(&c, &off, &p->ops, NULL), RA_ERR_KEY);
	assert_null(c);
	assert_string_equal(
	    ra_sp_reason_name(RA_SP_REASON_MRENCLAVE), "MRENCLAVE not allowed");
	assert_string_equal(
	    ra_sp_reason_name((enum ra_sp_reason)99), "unknown reason");
	ra_close(NULL);
	ra_sp_free(NULL);
	party_free(p);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(exchange_ok),
	cmocka_unit_test(exchange_pib),
	cmocka_unit_test(golden),
	cmocka_unit_test(mitm_gb),
	cmocka_unit_test(mitm_ga_msg1),
	cmocka_unit_test(mitm_ga_msg3),
	cmocka_unit_test(wrong_sp_key),
	cmocka_unit_test(external_signer),
	cmocka_unit_test(external_signer_fails),
	cmocka_unit_test(sign_gb_ga_points),
	cmocka_unit_test(flip_msg2),
	cmocka_unit_test(cut_msg2),
	cmocka_unit_test(cut_msg01),
	cmocka_unit_test(flip_msg3),
	cmocka_unit_test(cut_msg3),
	cmocka_unit_test(flip_cut_msg4),
	cmocka_unit_test(msg4_secret_untrusted),
	cmocka_unit_test(replay_msg3),
	cmocka_unit_test(mrenclave_refused),
	cmocka_unit_test(signer_rule),
	cmocka_unit_test(debug_refused),
	cmocka_unit_test(report_data_unbound),
	cmocka_unit_test(qe_answer_unbound),
	cmocka_unit_test(quote_mismatch),
	cmocka_unit_test(avr_bad_signature),
	cmocka_unit_test(avr_wrong_nonce),
	cmocka_unit_test(avr_other_quote),
	cmocka_unit_test(avr_stale),
	cmocka_unit_test(status_out_of_date),
	cmocka_unit_test(anchor_emulated),
	cmocka_unit_test(sigrl_refused),
	cmocka_unit_test(sigrl_passed),
	cmocka_unit_test(out_of_order),
	cmocka_unit_test(bad_config),
};

TEST_MAIN(tests)
