/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/ra: full msg0..msg4 handshakes per second through the protocol
 * engines (sgxra/ra.h), one side at a time, in process.
 *
 * SP side, per handshake: ra_sp_new, msg0||msg1 -> msg2 (g_a check, key
 * pair, ECDH, KDF, ECDSA sign, CMAC), msg3 -> msg4 (CMAC, quote parse,
 * the AVR verified by ra_avr_verify - percent-decoding, PEM, the chain
 * to the anchor, RSA-2048 over the body, JSON - and checked, policy,
 * AES-GCM of a 32-byte secret), ra_sp_free. Excluded: the attestation
 * service's own work: post_report returns a report signed once, before
 * the clock starts (the SP's generator is reseeded for every handshake,
 * so the nonce, and hence the canned report, is the same each time).
 *
 * Enclave side, per handshake: ra_init (key pair), msg1, msg2 (ECDH, KDF,
 * CMAC, ECDSA verify, an EREPORT by an in-process platform: one CMAC),
 * msg3 (QE REPORT check: one CMAC, quote parse, CMAC), msg4 (CMAC, GCM),
 * ra_close. Excluded: the quoting enclave (the quote is precomputed).
 *
 * Floors, measured in the same run with the same library calls: SP =
 * keygen + ECDH + ECDSA sign + ra_avr_verify of the same report; enclave
 * = keygen + ECDH + ECDSA verify. Target: each side at >= 50% of its
 * floor's rate. The ECDH and ECDSA-sign rates are printed as yardsticks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/msg.h"
#include "sgxra/quote.h"
#include "sgxra/ra.h"
#include "sgxra/x509.h"
#include "sgxra/x509_issue.h"

#define NOW      ((int64_t)1700000000)
#define GID      0x00000b2aU
#define SECRET   "thirty-two bytes of the secret.."
#define E_SEED   "bench enclave"
#define S_SEED   "bench sp"
#define SIG_LEN  680 /* an EPID signature without SigRL, encrypted */
#define TARGET   0.5
#define CAP      4096
#define BODY_CAP 2048

#define CHECK(e)                                                               \
	do {                                                                   \
		if ((e) != RA_OK) {                                            \
			fprintf(stderr, "bench/ra: %s failed (line %d)\n", #e, \
			    __LINE__);                                         \
			exit(1);                                               \
		}                                                              \
	} while (0)

static const uint8_t app_mr[32] = { 0xa1 };
static const uint8_t qe_mr[32] = { 0x9e };
static const uint8_t spid[RA_SPID_LEN] = { 0x5b, 0x1d };

struct bench {
	/* keys */
	struct ra_ec256_priv sp_priv;
	struct ra_ec256_pub sp_pub;
	struct ra_rsa_key *avr_key;
	struct ra_x509 *anchor;
	char certs[12288];
	size_t certs_len;
	struct ra_key128 root;
	/* engines' configuration */
	struct ra_drbg e_drbg, s_drbg;
	struct ra_rng e_rng, s_rng;
	struct ra_enclave_ops ops;
	struct ra_sp_service svc;
	struct ra_sp_config cfg;
	struct ra_hash256 allowed;
	struct ra_targetinfo qe_ti;
	/* the canned report */
	char body[BODY_CAP];
	size_t body_len;
	char sig[RA_BASE64_LEN(256) + 1];
	char nonce[33];
	/* the transcript */
	uint8_t msg01[RA_MSG01_LEN];
	uint8_t msg2[CAP], msg3[CAP], msg4[CAP], quote[CAP];
	size_t msg2_len, msg3_len, msg4_len, quote_len;
	struct ra_report qe_report;
	/* floors */
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub;
	struct ra_ec256_sig esig;
	struct ra_hash256 h;
};

/* --- the in-process platform and service --------------------------------- */

static void
report_mac(
    const struct ra_key128 *root, struct ra_report *r, const uint8_t target[32])
{
	uint8_t body[RA_REPORT_BODY_LEN];
	struct ra_buf b = ra_buf_init(body, sizeof(body));
	struct ra_mac128 k;
	struct ra_key128 key;

	ra_report_body_build(&b, &r->body);
	CHECK(ra_cmac(&k, root, target, 32));
	memcpy(key.b, k.b, sizeof(key.b));
	CHECK(ra_cmac(&r->mac, &key, body, sizeof(body)));
}

static enum ra_err
plat_report(void *ctx, struct ra_report *out, const struct ra_targetinfo *ti,
    const uint8_t rd[RA_REPORT_DATA_LEN])
{
	const struct bench *b = ctx;

	memset(out, 0, sizeof(*out));
	out->body.attributes.flags = RA_ATTR_INIT | RA_ATTR_MODE64BIT;
	memcpy(out->body.mr_enclave.b, app_mr, 32);
	memcpy(out->body.report_data, rd, RA_REPORT_DATA_LEN);
	report_mac(&b->root, out, ti->mr_enclave.b);
	return RA_OK;
}

static enum ra_err
plat_verify(void *ctx, const struct ra_report *r)
{
	const struct bench *b = ctx;
	uint8_t body[RA_REPORT_BODY_LEN];
	struct ra_buf bb = ra_buf_init(body, sizeof(body));
	struct ra_mac128 k;
	struct ra_key128 key;

	ra_report_body_build(&bb, &r->body);
	if (ra_cmac(&k, &b->root, app_mr, 32) != RA_OK) {
		return RA_ERR_CRYPTO;
	}
	memcpy(key.b, k.b, sizeof(key.b));
	return ra_cmac_verify(&r->mac, &key, body, sizeof(body));
}

static enum ra_err
svc_sigrl(void *ctx, uint32_t gid, struct ra_buf *sigrl)
{
	(void)ctx;
	(void)gid;
	(void)sigrl;
	return RA_OK;
}

/* Sign a report for (quote, nonce) the first time; answer it thereafter. */
static enum ra_err
svc_report(void *ctx, struct ra_sp_avr *avr, const uint8_t *quote,
    size_t quote_len, const char *nonce)
{
	struct bench *b = ctx;
	char qb[RA_BASE64_LEN(RA_EPID_QUOTE_BODY_LEN) + 1], ts[32];
	uint8_t sig[256];
	struct ra_hash256 h;
	time_t t = (time_t)(NOW - 5);
	struct tm tm;
	int n;

	(void)quote_len;
	if (b->body_len == 0) {
		CHECK(ra_base64_encode(
		    qb, sizeof(qb), quote, RA_EPID_QUOTE_BODY_LEN));
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S.000001", &tm);
		n = snprintf(b->body, sizeof(b->body),
		    "{\"id\":\"1\",\"timestamp\":\"%s\",\"version\":4,"
		    "\"isvEnclaveQuoteStatus\":\"OK\",\"isvEnclaveQuoteBody\":"
		    "\"%s\",\"nonce\":\"%s\"}",
		    ts, qb, nonce);
		if (n <= 0 || (size_t)n >= sizeof(b->body)) {
			return RA_ERR_SPACE;
		}
		b->body_len = (size_t)n;
		snprintf(b->nonce, sizeof(b->nonce), "%s", nonce);
		ra_sha256(&h, b->body, b->body_len);
		CHECK(ra_rsa_sign_sha256(b->avr_key, sig, sizeof(sig), &h));
		CHECK(ra_base64_encode(b->sig, sizeof(b->sig), sig, 256));
	}
	if (strcmp(nonce, b->nonce) != 0) {
		fprintf(stderr, "bench/ra: the nonce changed\n");
		exit(1);
	}
	avr->body = (const uint8_t *)b->body;
	avr->body_len = b->body_len;
	avr->sig = b->sig;
	avr->sig_len = strlen(b->sig);
	avr->certs = b->certs;
	avr->certs_len = b->certs_len;
	return RA_OK;
}

/* --- setup: keys, a test CA, and one handshake to record ----------------- */

static void
setup_pki(struct bench *b)
{
	struct ra_rsa_key *ca_key = NULL;
	struct ra_x509_issue_args a;
	uint8_t ca[4096], leaf[4096], both[12288];
	char pem[2][6000];
	size_t ca_len, leaf_len, pl[2];

	CHECK(ra_rsa_key_generate(&ca_key, 2048, 65537));
	CHECK(ra_rsa_key_generate(&b->avr_key, 2048, 65537));
	memset(&a, 0, sizeof(a));
	a.subject = "CN=Bench Report Signing CA";
	a.rsa = ca_key;
	a.sign_rsa = ca_key;
	a.serial = 1;
	a.not_before = NOW - 86400;
	a.not_after = NOW + 86400;
	a.ca = true;
	a.path_len = -1;
	a.key_usage = RA_X509_KU_KEY_CERT_SIGN;
	CHECK(ra_x509_issue(ca, sizeof(ca), &ca_len, &a));
	a.subject = "CN=Bench Report Signing";
	a.rsa = b->avr_key;
	a.issuer_der = ca;
	a.issuer_der_len = ca_len;
	a.serial = 2;
	a.ca = false;
	a.key_usage = RA_X509_KU_DIGITAL_SIGNATURE;
	CHECK(ra_x509_issue(leaf, sizeof(leaf), &leaf_len, &a));
	CHECK(ra_x509_from_der(&b->anchor, ca, ca_len));
	CHECK(
	    ra_x509_der_to_pem(pem[0], sizeof(pem[0]), &pl[0], leaf, leaf_len));
	CHECK(ra_x509_der_to_pem(pem[1], sizeof(pem[1]), &pl[1], ca, ca_len));
	memcpy(both, pem[0], pl[0]);
	memcpy(both + pl[0], pem[1], pl[1]);
	CHECK(ra_pct_encode(
	    b->certs, sizeof(b->certs), &b->certs_len, both, pl[0] + pl[1]));
	ra_rsa_key_free(ca_key);
}

static void
setup_config(struct bench *b)
{
	struct ra_drbg d;
	struct ra_rng rng;

	ra_drbg_init(&d, "bench keys", 10);
	rng = ra_drbg_rng(&d);
	CHECK(ra_ec256_keygen(&b->sp_priv, &b->sp_pub, &rng));
	memset(b->root.b, 0x3c, sizeof(b->root.b));
	b->ops.report = plat_report;
	b->ops.verify_report = plat_verify;
	b->ops.ctx = b;
	b->svc.get_sigrl = svc_sigrl;
	b->svc.post_report = svc_report;
	b->svc.ctx = b;
	memcpy(b->allowed.b, app_mr, 32);
	memcpy(b->qe_ti.mr_enclave.b, qe_mr, 32);
	b->cfg.sp_priv = b->sp_priv;
	memcpy(b->cfg.spid, spid, sizeof(spid));
	b->cfg.quote_type = RA_QUOTE_LINKABLE;
	b->cfg.avr_anchor = b->anchor;
	b->cfg.allow_emulated = true;
	b->cfg.avr_max_age = 300;
	b->cfg.policy.mrenclave = &b->allowed;
	b->cfg.policy.mrenclave_count = 1;
	b->cfg.policy.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK);
	b->cfg.secret = (const uint8_t *)SECRET;
	b->cfg.secret_len = sizeof(SECRET) - 1;
	b->e_rng = ra_drbg_rng(&b->e_drbg);
	b->s_rng = ra_drbg_rng(&b->s_drbg);
}

/* The quote (structure only: the SP does not verify EPID) and QE REPORT. */
static void
make_quote(struct bench *b, const struct ra_report *app, const uint8_t *nonce)
{
	static uint8_t sig[SIG_LEN];
	struct ra_epid_quote q;
	struct ra_buf qb = ra_buf_init(b->quote, sizeof(b->quote));
	struct ra_sha256_ctx h;
	struct ra_hash256 d;

	memset(&q, 0, sizeof(q));
	q.version = 2;
	q.sign_type = RA_QUOTE_LINKABLE;
	q.gid = GID;
	memcpy(q.basename, spid, sizeof(spid));
	q.report_body = app->body;
	q.signature.p = sig;
	q.signature.len = sizeof(sig);
	CHECK(ra_epid_quote_build(&qb, &q));
	b->quote_len = qb.len;
	memset(&b->qe_report, 0, sizeof(b->qe_report));
	memcpy(b->qe_report.body.mr_enclave.b, qe_mr, 32);
	ra_sha256_init(&h);
	ra_sha256_update(&h, nonce, 16);
	ra_sha256_update(&h, b->quote, b->quote_len);
	ra_sha256_final(&h, &d);
	memcpy(b->qe_report.body.report_data, d.b, 32);
	report_mac(&b->root, &b->qe_report, app_mr);
}

static void
record(struct bench *b)
{
	struct ra_ctx *c = NULL;
	struct ra_sp_session *s = NULL;
	struct ra_msg0 m0 = { 0 };
	struct ra_buf o = ra_buf_init(b->msg01, sizeof(b->msg01));
	struct ra_report app;
	enum ra_sp_reason why;
	uint8_t nonce[16];

	ra_drbg_init(&b->e_drbg, E_SEED, strlen(E_SEED));
	ra_drbg_init(&b->s_drbg, S_SEED, strlen(S_SEED));
	CHECK(ra_init(&c, &b->sp_pub, &b->ops, &b->e_rng));
	CHECK(ra_sp_new(&s, &b->cfg, &b->svc, &b->s_rng));
	ra_msg0_build(&o, &m0);
	CHECK(ra_get_msg1(c, &o, GID));
	o = ra_buf_init(b->msg2, sizeof(b->msg2));
	CHECK(ra_sp_proc_msg01(s, &o, b->msg01, sizeof(b->msg01)));
	b->msg2_len = o.len;
	CHECK(ra_proc_msg2(
	    c, &app, nonce, NULL, b->msg2, b->msg2_len, &b->qe_ti));
	make_quote(b, &app, nonce);
	o = ra_buf_init(b->msg3, sizeof(b->msg3));
	CHECK(ra_get_msg3(c, &o, &b->qe_report, b->quote, b->quote_len));
	b->msg3_len = o.len;
	o = ra_buf_init(b->msg4, sizeof(b->msg4));
	CHECK(ra_sp_proc_msg3(s, &o, &why, b->msg3, b->msg3_len, NOW));
	b->msg4_len = o.len;
	if (why != RA_SP_REASON_NONE) {
		fprintf(
		    stderr, "bench/ra: refused: %s\n", ra_sp_reason_name(why));
		exit(1);
	}
	ra_close(c);
	ra_sp_free(s);
}

/* --- the measured operations ---------------------------------------------- */

static void
sp_handshake(void *arg)
{
	struct bench *b = arg;
	struct ra_sp_session *s = NULL;
	uint8_t out[CAP];
	struct ra_buf o = ra_buf_init(out, sizeof(out));
	enum ra_sp_reason why;

	ra_drbg_init(&b->s_drbg, S_SEED, strlen(S_SEED));
	CHECK(ra_sp_new(&s, &b->cfg, &b->svc, &b->s_rng));
	CHECK(ra_sp_proc_msg01(s, &o, b->msg01, sizeof(b->msg01)));
	o = ra_buf_init(out, sizeof(out));
	CHECK(ra_sp_proc_msg3(s, &o, &why, b->msg3, b->msg3_len, NOW));
	if (why != RA_SP_REASON_NONE || o.len != b->msg4_len) {
		abort();
	}
	ra_sp_free(s);
}

static void
enclave_handshake(void *arg)
{
	struct bench *b = arg;
	struct ra_ctx *c = NULL;
	uint8_t out[CAP], secret[64];
	struct ra_buf o = ra_buf_init(out, sizeof(out));
	struct ra_report app;
	uint8_t nonce[16];
	enum ra_att_status st;
	size_t n;

	ra_drbg_init(&b->e_drbg, E_SEED, strlen(E_SEED));
	CHECK(ra_init(&c, &b->sp_pub, &b->ops, &b->e_rng));
	CHECK(ra_get_msg1(c, &o, GID));
	CHECK(ra_proc_msg2(
	    c, &app, nonce, NULL, b->msg2, b->msg2_len, &b->qe_ti));
	o = ra_buf_init(out, sizeof(out));
	CHECK(ra_get_msg3(c, &o, &b->qe_report, b->quote, b->quote_len));
	CHECK(ra_proc_msg4(
	    c, &st, NULL, secret, sizeof(secret), &n, b->msg4, b->msg4_len));
	if (st != RA_ATT_TRUSTED || n != sizeof(SECRET) - 1) {
		abort();
	}
	ra_close(c);
}

static void
op_keygen(void *arg)
{
	struct bench *b = arg;
	struct ra_ec256_priv d;
	struct ra_ec256_pub p;

	CHECK(ra_ec256_keygen(&d, &p, &b->e_rng));
	bench_use(&p, sizeof(p));
}

static void
op_ecdh(void *arg)
{
	struct bench *b = arg;
	struct ra_ec256_shared x;

	CHECK(ra_ecdh(&x, &b->priv, &b->sp_pub));
	bench_use(&x, sizeof(x));
}

static void
op_sign(void *arg)
{
	struct bench *b = arg;
	struct ra_ec256_sig s;

	CHECK(ra_ecdsa_sign(&s, &b->priv, &b->h, &b->s_rng));
	bench_use(&s, sizeof(s));
}

static void
op_verify(void *arg)
{
	struct bench *b = arg;

	CHECK(ra_ecdsa_verify(&b->pub, &b->h, &b->esig));
}

static void
op_avr_verify(void *arg)
{
	struct bench *b = arg;
	struct ra_avr avr;

	CHECK(ra_avr_verify(&avr, NULL, (const uint8_t *)b->body, b->body_len,
	    b->sig, strlen(b->sig), b->certs, b->certs_len, b->anchor, NOW));
	bench_use(&avr, sizeof(avr));
}

int
main(void)
{
	struct bench *b = calloc(1, sizeof(*b));
	double keygen, ecdh, sign, verify, avr, sp, enc, floor;
	bool ok = true;

	if (b == NULL) {
		return 1;
	}
	setup_pki(b);
	setup_config(b);
	record(b);
	CHECK(ra_ec256_keygen(&b->priv, &b->pub, &b->e_rng));
	ra_sha256(&b->h, "bench", 5);
	CHECK(ra_ecdsa_sign(&b->esig, &b->priv, &b->h, NULL));
	keygen = bench_rate(op_keygen, b, 5, 200, 50);
	ecdh = bench_rate(op_ecdh, b, 5, 200, 50);
	sign = bench_rate(op_sign, b, 5, 200, 50);
	verify = bench_rate(op_verify, b, 5, 200, 50);
	avr = bench_rate(op_avr_verify, b, 5, 200, 20);
	sp = bench_rate(sp_handshake, b, 5, 300, 20);
	enc = bench_rate(enclave_handshake, b, 5, 300, 20);
	ok &= bench_report(
	    "ra", "yardstick-ecdh", ecdh, "op/s", NULL, 0, NULL, 0, 0, 0);
	ok &= bench_report(
	    "ra", "yardstick-ecdsa-sign", sign, "op/s", NULL, 0, NULL, 0, 0, 0);
	/* SP: keygen + ECDH + sign + the AVR verification it must do */
	floor = 1.0 / (1.0 / keygen + 1.0 / ecdh + 1.0 / sign + 1.0 / avr);
	ok &= bench_report("ra", "sp-handshake", sp, "hs/s",
	    "keygen+ecdh+sign+avr-verify", floor, "hs/s", sp / floor, TARGET,
	    0);
	floor = 1.0 / (1.0 / keygen + 1.0 / ecdh + 1.0 / sign);
	ok &= bench_report("ra", "sp-handshake-vs-ec-only", sp, "hs/s",
	    "keygen+ecdh+sign", floor, "hs/s", sp / floor, 0, 0);
	/* enclave: keygen + ECDH + verify */
	floor = 1.0 / (1.0 / keygen + 1.0 / ecdh + 1.0 / verify);
	ok &= bench_report("ra", "enclave-handshake", enc, "hs/s",
	    "keygen+ecdh+verify", floor, "hs/s", enc / floor, TARGET, 0);
	ra_rsa_key_free(b->avr_key);
	ra_x509_free(b->anchor);
	free(b);
	return ok ? 0 : 1;
}
