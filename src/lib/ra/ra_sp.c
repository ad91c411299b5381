/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The service-provider side of the SGX remote-attestation key exchange
 * (sgxra/ra.h, docs/protocol.md "Engines"): what the Intel SDK's
 * SampleCode/RemoteAttestation service_provider and intel/sgx-ra-sample's
 * sp.cpp do, with the attestation service behind struct ra_sp_service
 * and the report verified by ra_avr_verify() and ra_avr_check().
 *
 * One table of steps (STYLE.md §3.9): msg0||msg1 -> msg2, msg3 -> msg4.
 * Nothing of the protocol runs outside the table. Verify before use:
 * format, then MAC or signature, then freshness and binding, then policy.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ra/ra_kx.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/msg.h"
#include "sgxra/quote.h"
#include "sgxra/ra.h"
#include "sgxra/x509.h"

/*
 * SHA-256 of the DER of Intel's "Intel SGX Attestation Report Signing
 * CA" (RSA-3072, notBefore 2016-11-14, notAfter 2049-12-31): the file
 * tests/data/real/roots/ias_attestation_report_signing_ca.pem, whose
 * fingerprint tests/data/real/PROVENANCE.md records ("IAS trust
 * anchor ... DER SHA-256 7b42e41e..."); recomputed with
 * `openssl x509 -outform der | sha256sum`.
 */
static const uint8_t intel_avr_ca_sha256[RA_HASH256_LEN] = {
	0x7b,
	0x42,
	0xe4,
	0x1e,
	0xc4,
	0x3b,
	0x91,
	0xdb,
	0x83,
	0x4a,
	0x06,
	0x5d,
	0xe4,
	0xf9,
	0x8a,
	0x13,
	0xc4,
	0x4d,
	0x69,
	0x55,
	0x70,
	0xe8,
	0x39,
	0xcf,
	0xa8,
	0x92,
	0x1e,
	0x58,
	0x4e,
	0x40,
	0x73,
	0x5d,
};

/* The AVR version this engine speaks (IAS API v4); QVS reports' (5). */
#define AVR_VERSION 4
#define QVS_VERSION 5
/* How far an AVR timestamp may lie ahead of now: clock skew, seconds. */
#define AVR_MAX_FUTURE 60
/* The nonce sent with the quote: 16 random bytes as 32 hex characters. */
#define SP_NONCE_LEN 16

enum state {
	ST_START,     /* waiting for msg0 || msg1 */
	ST_MSG2_SENT, /* keys derived, msg2 written */
	ST_DONE,      /* msg4 written */
	ST_FAILED,    /* keys wiped; every call is RA_ERR_STATE */
};

enum event {
	EV_MSG01,
	EV_MSG3,
};

struct ra_sp_session {
	enum state state;
	const struct ra_sp_config *cfg;
	const struct ra_sp_service *svc;
	const struct ra_rng *rng;
	struct ra_ec256_pub g_a, g_b;
	uint32_t gid;
	struct ra_kx_keys keys; /* secret */
	enum ra_sp_reason reason;
	bool has_avr;     /* the AVR verified under the anchor */
	bool is_avr_good; /* ... and the anchor and its checks passed */
	struct ra_avr avr;
	bool has_qvs; /* DCAP: the QVS report verified (avr mirrors it) */
	struct ra_qvs_report qvs;
};

static bool
is_dcap(const struct ra_sp_session *s)
{
	return s->cfg->quote_type == RA_QUOTE_DCAP;
}

struct call {
	struct ra_buf *out;
	const uint8_t *msg;
	size_t len;
	int64_t now;
};

static bool
has_room(const struct ra_buf *b, size_t n)
{
	return !b->overflow && b->cap - b->len >= n;
}

/* --- msg0 || msg1 -> msg2 ------------------------------------------------- */

/* The group's SigRL from the service, into a buffer of its own (malloc). */
static enum ra_err
fetch_sigrl(struct ra_sp_session *s, const struct ra_buf *msg2, uint8_t **sigrl,
    size_t *sigrl_len)
{
	size_t cap = msg2->cap - msg2->len - RA_MSG2_MIN_LEN;
	struct ra_buf b;
	enum ra_err err;

	*sigrl = NULL;
	*sigrl_len = 0;
	/* the SigRL lands in msg2's tail first: it may be no longer */
	b = ra_buf_init(msg2->p + msg2->len + RA_MSG2_MIN_LEN, cap);
	if ((err = s->svc->get_sigrl(s->svc->ctx, s->gid, &b)) != RA_OK) {
		return err;
	}
	if ((err = ra_buf_finish(&b)) != RA_OK || b.len == 0) {
		return err;
	}
	if ((*sigrl = malloc(b.len)) == NULL) {
		return RA_ERR_NOMEM;
	}
	memcpy(*sigrl, b.p, b.len);
	*sigrl_len = b.len;
	return RA_OK;
}

enum ra_err
ra_sp_sign_gb_ga(struct ra_ec256_sig *sig, const struct ra_ec256_priv *sp_priv,
    const struct ra_ec256_pub *g_b, const struct ra_ec256_pub *g_a,
    const struct ra_rng *rng)
{
	struct ra_hash256 h;

	if (sig == NULL || sp_priv == NULL || g_b == NULL || g_a == NULL) {
		return RA_ERR_ARG;
	}
	if (ra_ec256_pub_check(g_b) != RA_OK ||
	    ra_ec256_pub_check(g_a) != RA_OK) {
		return RA_ERR_KEY;
	}
	ra_kx_gb_ga_digest(&h, g_b, g_a);
	return ra_ecdsa_sign(sig, sp_priv, &h, rng);
}

/* msg2 = g_b || SPID || quote_type || kdf_id || sign_gb_ga || MAC || SigRL */
static enum ra_err
write_msg2(struct ra_sp_session *s, struct ra_buf *out, const uint8_t *sigrl,
    size_t sigrl_len)
{
	struct ra_msg2 m;
	size_t start = out->len;
	enum ra_err err;

	memset(&m, 0, sizeof(m));
	m.g_b = s->g_b;
	memcpy(m.spid, s->cfg->spid, sizeof(m.spid));
	m.quote_type = s->cfg->quote_type;
	m.kdf_id = 1;
	/* sign_gb_ga = ECDSA-SHA256(sp_priv, g_b || g_a), here or by the
	 * key's holder */
	err = s->cfg->signer != NULL
	    ? s->cfg->signer->sign(
	          s->cfg->signer->ctx, &m.sign_gb_ga, &s->g_b, &s->g_a)
	    : ra_sp_sign_gb_ga(
	          &m.sign_gb_ga, &s->cfg->sp_priv, &s->g_b, &s->g_a, s->rng);
	if (err != RA_OK) {
		return err;
	}
	m.sig_rl.p = sigrl;
	m.sig_rl.len = sigrl_len;
	if ((err = ra_msg2_build(out, &m)) != RA_OK) {
		return err;
	}
	/* mac = AES-CMAC(SMK, msg2 bytes 0..147), stored at offset 148 */
	if ((err = ra_cmac(&m.mac, &s->keys.smk, out->p + start,
	         RA_MSG2_MAC_DATA_LEN)) != RA_OK) {
		return err;
	}
	memcpy(out->p + start + RA_MSG2_MAC_DATA_LEN, m.mac.b, sizeof(m.mac.b));
	return RA_OK;
}

/*
 * msg0 || msg1 -> msg2 (sgx-ra-sample sp.cpp process_msg01; the SDK
 * sample's sp_ra_proc_msg1_req). msg0 and msg1 carry no MAC: g_a is
 * authenticated later, by the enclave's MAC over msg3 and the quote's
 * REPORTDATA.
 */
static enum ra_err
proc_msg01(struct ra_sp_session *s, const struct call *a)
{
	struct ra_msg01 m;
	struct ra_ec256_priv b;
	uint8_t *sigrl = NULL;
	size_t sigrl_len = 0;
	enum ra_err err;

	if (!has_room(a->out, RA_MSG2_MIN_LEN)) {
		return RA_ERR_SPACE;
	}
	/* 1. length and format; msg0: extended GID 0 (Intel's) */
	if ((err = ra_msg01_parse(&m, a->msg, a->len)) != RA_OK) {
		s->reason = RA_SP_REASON_FORMAT;
		return err;
	}
	if (m.msg0.extended_gid != 0) {
		s->reason = RA_SP_REASON_EGID;
		return RA_ERR_VERSION;
	}
	/* g_a on the curve */
	if ((err = ra_ec256_pub_check(&m.msg1.g_a)) != RA_OK) {
		s->reason = RA_SP_REASON_KEY;
		return err;
	}
	s->g_a = m.msg1.g_a;
	s->gid = m.msg1.gid;
	/* SigRL for the GID (EPID only: DCAP has no SigRL) */
	if (!is_dcap(s) &&
	    (err = fetch_sigrl(s, a->out, &sigrl, &sigrl_len)) != RA_OK) {
		s->reason = RA_SP_REASON_SIGRL;
		return err;
	}
	/* b, g_b = b G; Gab = ECDH(b, g_a); KDK; SMK, SK, MK, VK */
	if ((err = ra_ec256_keygen(&b, &s->g_b, s->rng)) != RA_OK ||
	    (err = ra_kx_derive(&s->keys, &b, &s->g_a)) != RA_OK) {
		goto out;
	}
	err = write_msg2(s, a->out, sigrl, sigrl_len);
out:
	RA_WIPE(b);
	free(sigrl);
	return err;
}

/* --- msg3 -> msg4 --------------------------------------------------------- */

/* What was decided, and what goes into msg4. */
struct verdict {
	enum ra_att_status status;
	enum ra_sp_reason reason;
	bool provision;
};

/* The quote: parses; msg1's GID; the configured type; basename = SPID... */
static enum ra_sp_reason
check_quote(const struct ra_sp_session *s, const struct ra_bytes *quote)
{
	struct ra_epid_quote q;
	struct ra_dcap_quote d;

	/* DCAP: a v3 quote of an SGX enclave (what ra_host_get_quote_dcap
	 * makes); the verification service judges the rest */
	if (is_dcap(s)) {
		return ra_dcap_quote_parse(&d, quote->p, quote->len) == RA_OK &&
		        d.version == 3 && d.body_type == RA_DCAP_BODY_SGX
		    ? RA_SP_REASON_NONE
		    : RA_SP_REASON_QUOTE;
	}

	if (ra_epid_quote_parse(&q, quote->p, quote->len) != RA_OK ||
	    q.gid != s->gid || q.sign_type != s->cfg->quote_type ||
	    !ra_ct_eq(q.basename, s->cfg->spid, RA_SPID_LEN)) {
		return RA_SP_REASON_QUOTE;
	}
	return RA_SP_REASON_NONE;
}

/*
 * DCAP: the QVS report, verified (ra_qvs_verify, the AVR's code path),
 * then mirrored into s->avr for the checks and policy that follow, which
 * are the EPID ones.
 */
static enum ra_err
verify_qvs(struct ra_sp_session *s, const struct ra_sp_avr *rep, int64_t now)
{
	struct ra_report_body *rb = &s->avr.quote.report_body;
	enum ra_err err;

	err = ra_qvs_verify(&s->qvs, NULL, rep->body, rep->body_len, rep->sig,
	    rep->sig_len, rep->certs, rep->certs_len, s->cfg->avr_anchor, now);
	if (err != RA_OK || !s->qvs.has_sgx_body) {
		return err != RA_OK ? err : RA_ERR_FORMAT;
	}
	s->has_qvs = true;
	memset(&s->avr, 0, sizeof(s->avr));
	memcpy(s->avr.id, s->qvs.id, sizeof(s->avr.id));
	memcpy(s->avr.timestamp, s->qvs.timestamp, sizeof(s->avr.timestamp));
	s->avr.time = s->qvs.time;
	s->avr.version = s->qvs.version;
	s->avr.status = s->qvs.status;
	memcpy(
	    s->avr.status_text, s->qvs.status_text, sizeof(s->avr.status_text));
	s->avr.has_nonce = s->qvs.has_nonce;
	memcpy(s->avr.nonce, s->qvs.nonce, sizeof(s->avr.nonce));
	*rb = s->qvs.sgx_body;
	return RA_OK;
}

/* Submit the quote with a fresh nonce and verify the AVR that returns. */
static enum ra_err
attest(struct ra_sp_session *s, enum ra_sp_reason *reason,
    const struct ra_bytes *quote, int64_t now)
{
	const struct ra_sp_config *cfg = s->cfg;
	uint8_t r[SP_NONCE_LEN];
	char nonce[RA_HEX_LEN(SP_NONCE_LEN) + 1];
	struct ra_sp_avr avr;
	struct ra_avr_expect exp;
	enum ra_avr_reason why;
	enum ra_err err;

	/* nonce: 32 lowercase hex characters from the rng */
	if ((err = ra_rng_fill(s->rng, r, sizeof(r))) != RA_OK ||
	    (err = ra_hex_encode(nonce, sizeof(nonce), r, sizeof(r))) !=
	        RA_OK) {
		return err;
	}
	memset(&avr, 0, sizeof(avr));
	err = is_dcap(s) ? s->svc->post_dcap_report(
	                       s->svc->ctx, &avr, quote->p, quote->len, nonce)
	                 : s->svc->post_report(
	                       s->svc->ctx, &avr, quote->p, quote->len, nonce);
	if (err != RA_OK) {
		*reason = RA_SP_REASON_SERVICE;
		return err;
	}
	/* the report: chain to the anchor at now, RSA signature, then JSON */
	if ((is_dcap(s) ? verify_qvs(s, &avr, now)
	                : ra_avr_verify(&s->avr, NULL, avr.body, avr.body_len,
	                      avr.sig, avr.sig_len, avr.certs, avr.certs_len,
	                      cfg->avr_anchor, now)) != RA_OK) {
		*reason = RA_SP_REASON_AVR;
		return RA_OK;
	}
	s->has_avr = true;
	if (!cfg->allow_emulated && !ra_sp_anchor_is_intel(cfg->avr_anchor)) {
		*reason = RA_SP_REASON_ANCHOR;
		return RA_OK;
	}
	/* version 4, nonce, quote body, max age; the status comes last */
	memset(&exp, 0, sizeof(exp));
	exp.version = is_dcap(s) ? QVS_VERSION : AVR_VERSION;
	exp.nonce = nonce;
	exp.quote = quote->p;
	exp.quote_len = quote->len;
	exp.now = now;
	exp.max_age = cfg->avr_max_age;
	exp.max_future = AVR_MAX_FUTURE;
	exp.accept = ~RA_AVR_STATUS_BIT(RA_AVR_STATUS_UNKNOWN);
	err = is_dcap(s) ? ra_qvs_check(&s->qvs, &why, &exp)
	                 : ra_avr_check(&s->avr, &why, &exp);
	if (err != RA_OK) {
		*reason = why == RA_AVR_REASON_STATUS ? RA_SP_REASON_STATUS
		                                      : RA_SP_REASON_AVR_CHECK;
		return err == RA_ERR_POLICY ? RA_OK : err;
	}
	s->is_avr_good = true;
	return RA_OK;
}

static bool
mrenclave_allowed(const struct ra_sp_policy *p, const struct ra_hash256 *mr)
{
	bool ok = false;
	size_t i;

	for (i = 0; i < p->mrenclave_count; i++) {
		ok |= ra_ct_eq(p->mrenclave[i].b, mr->b, sizeof(mr->b));
	}
	return ok;
}

/* The enclave policy on the verified quote body; then the status. */
static enum ra_sp_reason
check_policy(const struct ra_sp_session *s)
{
	const struct ra_sp_policy *p = &s->cfg->policy;
	const struct ra_report_body *rb = &s->avr.quote.report_body;
	uint32_t accept = p->accept | RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK);
	uint8_t want[RA_REPORT_DATA_LEN];

	/* REPORTDATA = SHA-256(g_a || g_b || VK) || 0^32 */
	ra_kx_report_data(want, &s->g_a, &s->g_b, &s->keys.vk);
	if (!ra_ct_eq(want, rb->report_data, sizeof(want))) {
		return RA_SP_REASON_REPORT_DATA;
	}
	if ((rb->attributes.flags & RA_ATTR_DEBUG) != 0 && !p->allow_debug) {
		return RA_SP_REASON_DEBUG;
	}
	if (p->mrenclave_count > 0 && !mrenclave_allowed(p, &rb->mr_enclave)) {
		return RA_SP_REASON_MRENCLAVE;
	}
	if (p->has_signer &&
	    (!ra_ct_eq(p->mrsigner.b, rb->mr_signer.b, RA_HASH256_LEN) ||
	        rb->isv_prod_id != p->isv_prod_id ||
	        rb->isv_svn < p->min_isv_svn)) {
		return RA_SP_REASON_SIGNER;
	}
	if ((unsigned int)s->avr.status >= 32 ||
	    (accept & RA_AVR_STATUS_BIT(s->avr.status)) == 0) {
		return RA_SP_REASON_STATUS;
	}
	return RA_SP_REASON_NONE;
}

static void
decide(const struct ra_sp_session *s, struct verdict *v)
{
	uint32_t provision;

	v->status = RA_ATT_NOT_TRUSTED;
	v->provision = false;
	if (v->reason != RA_SP_REASON_NONE) {
		return;
	}
	if (s->avr.status == RA_AVR_STATUS_OK) {
		v->status = RA_ATT_TRUSTED;
		v->provision = true;
		return;
	}
	provision = s->cfg->policy.provision &
	    (s->cfg->policy.accept | RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK));
	v->status = RA_ATT_TRUSTED_COMPLICATED;
	v->provision = (provision & RA_AVR_STATUS_BIT(s->avr.status)) != 0;
}

/*
 * msg4 = status || PIB || MAC_MK(status || PIB) || N || 0^12 || tag ||
 * AES-128-GCM(SK, IV = 0^12, secret)
 */
static enum ra_err
write_msg4(struct ra_sp_session *s, struct ra_buf *out, const struct verdict *v)
{
	static const uint8_t zero_iv[RA_GCM_IV_LEN];
	uint8_t head[RA_MSG4_MAC_DATA_LEN];
	struct ra_buf hb = ra_buf_init(head, sizeof(head));
	struct ra_msg4_ras r;
	struct ra_msg4 m;
	uint8_t *ct = NULL;
	size_t n = v->provision ? s->cfg->secret_len : 0;
	enum ra_err err;

	if (n > SIZE_MAX - RA_MSG4_MIN_LEN ||
	    !has_room(out, RA_MSG4_MIN_LEN + n)) {
		return RA_ERR_SPACE;
	}
	memset(&m, 0, sizeof(m));
	m.status = v->status;
	/* the PIB of a report that is about this quote, now */
	if (s->is_avr_good && s->avr.has_pib) {
		m.pib = s->avr.pib;
	}
	/* mac = AES-CMAC(MK, status || PIB): bytes 0..104 */
	r.status = m.status;
	r.pib = m.pib;
	ra_msg4_ras_build(&hb, &r);
	if ((err = ra_buf_finish(&hb)) != RA_OK ||
	    (err = ra_cmac(&m.mac, &s->keys.mk, head, hb.len)) != RA_OK) {
		return err;
	}
	if (n > 0) {
		if ((ct = malloc(n)) == NULL) {
			return RA_ERR_NOMEM;
		}
		if ((err = ra_gcm_encrypt(ct, &m.tag, &s->keys.sk, zero_iv,
		         NULL, 0, s->cfg->secret, n)) != RA_OK) {
			goto out;
		}
	}
	m.secret.p = ct;
	m.secret.len = n;
	err = ra_msg4_build(out, &m);
out:
	free(ct);
	return err;
}

/*
 * msg3 -> msg4 (sgx-ra-sample sp.cpp process_msg3; the SDK sample's
 * sp_ra_proc_msg3_req). Until the MAC over msg3 has verified, a refusal
 * writes nothing; after it, every verdict is a msg4 under MK.
 */
static enum ra_err
proc_msg3(struct ra_sp_session *s, const struct call *a)
{
	struct ra_msg3 m;
	struct verdict v = { RA_ATT_NOT_TRUSTED, RA_SP_REASON_NONE, false };
	enum ra_err err;

	/* msg4 must fit whatever the verdict: no second submission */
	if (s->cfg->secret_len > SIZE_MAX - RA_MSG4_MIN_LEN ||
	    !has_room(a->out, RA_MSG4_MIN_LEN + s->cfg->secret_len)) {
		return RA_ERR_SPACE;
	}
	/* 1. length and format */
	if ((err = ra_msg3_parse(&m, a->msg, a->len)) != RA_OK) {
		s->reason = RA_SP_REASON_FORMAT;
		return err;
	}
	/* g_a == msg1's g_a (the key that finds SMK) */
	if (!ra_ct_eq(&m.g_a, &s->g_a, sizeof(m.g_a))) {
		s->reason = RA_SP_REASON_GA;
		return RA_ERR_AUTH;
	}
	/* 2. verify mac_smk(g_a || ps_sec_prop || quote) */
	if ((err = ra_cmac_verify(&m.mac, &s->keys.smk, m.mac_data.p,
	         m.mac_data.len)) != RA_OK) {
		s->reason = RA_SP_REASON_MAC;
		return err;
	}
	/* 3. the quote, the AVR (signature, freshness); 4. policy */
	v.reason = check_quote(s, &m.quote);
	if (v.reason == RA_SP_REASON_NONE &&
	    (err = attest(s, &v.reason, &m.quote, a->now)) != RA_OK) {
		s->reason = v.reason;
		return err;
	}
	if (v.reason == RA_SP_REASON_NONE) {
		v.reason = check_policy(s);
	}
	decide(s, &v);
	s->reason = v.reason;
	return write_msg4(s, a->out, &v);
}

/* --- the table ----------------------------------------------------------- */

struct step {
	enum state state;
	enum event event;
	enum ra_err (*handler)(struct ra_sp_session *s, const struct call *a);
	enum state next;
};

static const struct step steps[] = {
	{ ST_START, EV_MSG01, proc_msg01, ST_MSG2_SENT },
	{ ST_MSG2_SENT, EV_MSG3, proc_msg3, ST_DONE },
};

static void
wipe_keys(struct ra_sp_session *s)
{
	RA_WIPE(s->keys);
}

/*
 * Run the step for (s->state, ev). RA_ERR_ARG and RA_ERR_SPACE leave the
 * session as it was; any other failure ends it. The keys are wiped as
 * soon as the session is over, whichever way.
 */
static enum ra_err
run(struct ra_sp_session *s, enum event ev, const struct call *a)
{
	const struct step *st = NULL;
	enum ra_err err;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i].state == s->state && steps[i].event == ev) {
			st = &steps[i];
			break;
		}
	}
	if (st == NULL) {
		return RA_ERR_STATE;
	}
	s->reason = RA_SP_REASON_NONE;
	err = st->handler(s, a);
	if (err == RA_OK) {
		s->state = st->next;
	} else if (err != RA_ERR_ARG && err != RA_ERR_SPACE) {
		s->state = ST_FAILED;
		s->has_avr = false;
		s->has_qvs = false;
		s->is_avr_good = false;
	}
	if (s->state == ST_DONE || s->state == ST_FAILED) {
		wipe_keys(s);
	}
	return err;
}

/* --- the interface ------------------------------------------------------- */

static const char *const reason_names[] = {
	[RA_SP_REASON_NONE] = "none",
	[RA_SP_REASON_FORMAT] = "malformed message",
	[RA_SP_REASON_EGID] = "extended EPID group id not 0",
	[RA_SP_REASON_KEY] = "g_a not on the curve",
	[RA_SP_REASON_SIGRL] = "SigRL not available",
	[RA_SP_REASON_GA] = "msg3 g_a differs from msg1's",
	[RA_SP_REASON_MAC] = "msg3 MAC does not verify",
	[RA_SP_REASON_QUOTE] = "quote malformed or wrong GID, type or SPID",
	[RA_SP_REASON_SERVICE] = "attestation service failed",
	[RA_SP_REASON_AVR] = "attestation report does not verify",
	[RA_SP_REASON_ANCHOR] = "emulated attestation service refused",
	[RA_SP_REASON_AVR_CHECK] = "attestation report nonce, quote or age",
	[RA_SP_REASON_STATUS] = "quote status not accepted",
	[RA_SP_REASON_REPORT_DATA] = "REPORTDATA not bound to the session",
	[RA_SP_REASON_DEBUG] = "debug enclave refused",
	[RA_SP_REASON_MRENCLAVE] = "MRENCLAVE not allowed",
	[RA_SP_REASON_SIGNER] = "MRSIGNER, ISVPRODID or ISVSVN not allowed",
};

const char *
ra_sp_reason_name(enum ra_sp_reason r)
{
	size_t i = (size_t)r;

	return i < sizeof(reason_names) / sizeof(reason_names[0])
	    ? reason_names[i]
	    : "unknown reason";
}

bool
ra_sp_anchor_is_intel(const struct ra_x509 *anchor)
{
	struct ra_bytes der;
	struct ra_hash256 h;

	if (anchor == NULL) {
		return false;
	}
	der = ra_x509_der(anchor);
	ra_sha256(&h, der.p, der.len);
	return ra_ct_eq(h.b, intel_avr_ca_sha256, sizeof(h.b));
}

static bool
config_is_valid(const struct ra_sp_config *cfg)
{
	const struct ra_sp_policy *p = &cfg->policy;

	return cfg->avr_anchor != NULL &&
	    (cfg->secret != NULL || cfg->secret_len == 0) &&
	    (p->mrenclave != NULL || p->mrenclave_count == 0) &&
	    (p->mrenclave_count > 0 || p->has_signer) &&
	    (cfg->quote_type == RA_QUOTE_UNLINKABLE ||
	        cfg->quote_type == RA_QUOTE_LINKABLE ||
	        cfg->quote_type == RA_QUOTE_DCAP) &&
	    cfg->avr_max_age >= 0 && cfg->avr_max_age <= RA_AVR_MAX_WINDOW;
}

enum ra_err
ra_sp_new(struct ra_sp_session **out, const struct ra_sp_config *cfg,
    const struct ra_sp_service *svc, const struct ra_rng *rng)
{
	struct ra_sp_session *s;

	if (out == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (cfg == NULL || svc == NULL || svc->get_sigrl == NULL ||
	    svc->post_report == NULL || !config_is_valid(cfg) ||
	    (cfg->quote_type == RA_QUOTE_DCAP &&
	        svc->post_dcap_report == NULL)) {
		return RA_ERR_ARG;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		return RA_ERR_NOMEM;
	}
	s->state = ST_START;
	s->cfg = cfg;
	s->svc = svc;
	s->rng = rng;
	*out = s;
	return RA_OK;
}

void
ra_sp_free(struct ra_sp_session *s)
{
	if (s == NULL) {
		return;
	}
	ra_wipe(s, sizeof(*s));
	free(s);
}

enum ra_err
ra_sp_proc_msg01(struct ra_sp_session *s, struct ra_buf *msg2,
    const uint8_t *msg01, size_t len)
{
	struct call a;

	if (s == NULL || msg2 == NULL || (msg01 == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	memset(&a, 0, sizeof(a));
	a.out = msg2;
	a.msg = msg01;
	a.len = len;
	return run(s, EV_MSG01, &a);
}

enum ra_err
ra_sp_proc_msg3(struct ra_sp_session *s, struct ra_buf *msg4,
    enum ra_sp_reason *reason, const uint8_t *msg3, size_t len, int64_t now)
{
	struct call a;
	enum ra_err err;

	if (reason != NULL) {
		*reason = RA_SP_REASON_NONE;
	}
	if (s == NULL || msg4 == NULL || reason == NULL ||
	    (msg3 == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	memset(&a, 0, sizeof(a));
	a.out = msg4;
	a.msg = msg3;
	a.len = len;
	a.now = now;
	err = run(s, EV_MSG3, &a);
	*reason = s->reason;
	return err;
}

const struct ra_avr *
ra_sp_avr(const struct ra_sp_session *s)
{
	return s != NULL && s->has_avr ? &s->avr : NULL;
}

const struct ra_qvs_report *
ra_sp_qvs(const struct ra_sp_session *s)
{
	return s != NULL && s->has_avr && s->has_qvs ? &s->qvs : NULL;
}

enum ra_sp_reason
ra_sp_last_reason(const struct ra_sp_session *s)
{
	return s != NULL ? s->reason : RA_SP_REASON_NONE;
}
