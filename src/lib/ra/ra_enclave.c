/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The enclave side of the SGX remote-attestation key exchange (sgxra/ra.h,
 * docs/protocol.md "Engines"): what the Intel SGX SDK's trusted key
 * exchange does (sdk/tkey_exchange/tkey_exchange.cpp: sgx_ra_init,
 * sgx_ra_get_ga, sgx_ra_proc_msg2_trusted, sgx_ra_get_msg3_trusted,
 * sgx_ra_get_keys), plus msg4 in this project's layout.
 *
 * One table of steps (STYLE.md §3.9): each public call is an event; the
 * step for (state, event) runs its handler, and only a handler that
 * returns RA_OK moves the session to the step's next state. Nothing of
 * the protocol runs outside the table.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ra/ra_kx.h"
#include "sgxra/crypto.h"
#include "sgxra/msg.h"
#include "sgxra/quote.h"
#include "sgxra/ra.h"

#define QE_NONCE_LEN 16

enum state {
	ST_INIT,      /* g_a drawn */
	ST_MSG1_SENT, /* msg1 written */
	ST_MSG2_DONE, /* msg2 verified, keys derived, REPORT for the QE */
	ST_MSG3_SENT, /* msg3 written */
	ST_DONE,      /* msg4 verified */
	ST_FAILED,    /* keys wiped; every call is RA_ERR_STATE */
};

enum event {
	EV_GET_MSG1,
	EV_PROC_MSG2,
	EV_GET_MSG3,
	EV_PROC_MSG4,
	EV_GET_KEYS,
};

struct ra_ctx {
	enum state state;
	struct ra_ec256_pub sp_pub;
	const struct ra_enclave_ops *ops;
	const struct ra_rng *rng;
	struct ra_ec256_priv a; /* secret */
	struct ra_ec256_pub g_a;
	struct ra_ec256_pub g_b;
	struct ra_kx_keys keys;  /* secret */
	struct ra_report report; /* the application REPORT for the QE */
	uint8_t qe_nonce[QE_NONCE_LEN];
};

/* The arguments of one call, by event. */
struct call {
	struct ra_buf *out;
	uint32_t gid;
	/* msg2 */
	struct ra_report *report;
	uint8_t *nonce;
	struct ra_quote_req *req;
	const uint8_t *msg;
	size_t msg_len;
	const struct ra_targetinfo *qe_ti;
	/* msg3 */
	const struct ra_report *qe_report;
	/* msg4 */
	enum ra_att_status *status;
	struct ra_pib *pib;
	uint8_t *secret;
	size_t cap;
	size_t *secret_len;
	/* keys */
	enum ra_key_type key_type;
	struct ra_key128 *key;
};

static bool
has_room(const struct ra_buf *b, size_t n)
{
	return !b->overflow && b->cap - b->len >= n;
}

/* --- handlers ------------------------------------------------------------ */

/* sgx_ra_get_msg1: msg1 = g_a || GID. */
static enum ra_err
get_msg1(struct ra_ctx *c, const struct call *a)
{
	struct ra_msg1 m;

	if (!has_room(a->out, RA_MSG1_LEN)) {
		return RA_ERR_SPACE;
	}
	m.g_a = c->g_a;
	m.gid = a->gid;
	ra_msg1_build(a->out, &m);
	return ra_buf_finish(a->out);
}

/* verify sign_gb_ga: ECDSA-SHA256 by the SP's key over g_b || g_a */
static enum ra_err
verify_gb_ga(const struct ra_ctx *c, const struct ra_msg2 *m)
{
	struct ra_hash256 h;

	ra_kx_gb_ga_digest(&h, &m->g_b, &c->g_a);
	return ra_ecdsa_verify(&c->sp_pub, &h, &m->sign_gb_ga) == RA_OK
	    ? RA_OK
	    : RA_ERR_AUTH;
}

/*
 * sgx_ra_proc_msg2_trusted. Verify before use: the MAC (under SMK, which
 * needs only g_b) and the SP's signature are checked before any other
 * field of msg2 is acted on; the SigRL and SPID are only passed on.
 */
static enum ra_err
proc_msg2(struct ra_ctx *c, const struct call *a)
{
	struct ra_msg2 m;
	struct ra_kx_keys k;
	uint8_t rd[RA_REPORT_DATA_LEN];
	enum ra_err err;

	memset(&k, 0, sizeof(k));
	/* 1. length and format; kdf_id = 1 */
	if ((err = ra_msg2_parse(&m, a->msg, a->msg_len)) != RA_OK) {
		goto out;
	}
	if (m.kdf_id != 1) {
		err = RA_ERR_VERSION;
		goto out;
	}
	/* g_b on the curve; Gab = ECDH(a, g_b); KDK; SMK, SK, MK, VK */
	if ((err = ra_ec256_pub_check(&m.g_b)) != RA_OK ||
	    (err = ra_kx_derive(&k, &c->a, &m.g_b)) != RA_OK) {
		goto out;
	}
	/* 2. verify mac_smk(g_b||spid||quote_type||kdf_id||sign_gb_ga) */
	if ((err = ra_cmac_verify(
	         &m.mac, &k.smk, m.mac_data.p, m.mac_data.len)) != RA_OK ||
	    (err = verify_gb_ga(c, &m)) != RA_OK) {
		goto out;
	}
	/* 3. REPORTDATA = SHA-256(g_a || g_b || VK) || 0^32, for the QE */
	ra_kx_report_data(rd, &c->g_a, &m.g_b, &k.vk);
	if ((err = c->ops->report(c->ops->ctx, &c->report, a->qe_ti, rd)) !=
	    RA_OK) {
		goto out;
	}
	/* the QE nonce: 16 fresh bytes */
	if ((err = ra_rng_fill(c->rng, c->qe_nonce, sizeof(c->qe_nonce))) !=
	    RA_OK) {
		goto out;
	}
	c->g_b = m.g_b;
	c->keys = k;
	*a->report = c->report;
	memcpy(a->nonce, c->qe_nonce, sizeof(c->qe_nonce));
	if (a->req != NULL) {
		memcpy(a->req->spid, m.spid, sizeof(m.spid));
		a->req->quote_type = m.quote_type;
		a->req->sig_rl = m.sig_rl;
	}
out:
	RA_WIPE(k);
	return err;
}

/*
 * The report body a quote carries: an EPID quote (msg2 quote_type 0 or
 * 1) or a DCAP ECDSA quote with an SGX body (quote_type 2). Both put the
 * application's report body at offset 48 (FORMATS.md §3.1, §6.1), but
 * the EPID parser refuses the DCAP header (att_key_type 2 where the sign
 * type is), so each is parsed as what it is.
 */
static enum ra_err
quoted_body(struct ra_report_body *rb, const uint8_t *quote, size_t len)
{
	struct ra_epid_quote q;
	struct ra_dcap_quote d;
	enum ra_err err;

	/* the version, u16 LE at 0: 1 or 2 EPID, 3 and above DCAP */
	if (len < 2 || (quote[0] | quote[1] << 8) < 3) {
		if ((err = ra_epid_quote_parse(&q, quote, len)) == RA_OK) {
			*rb = q.report_body;
		}
		return err;
	}
	if ((err = ra_dcap_quote_parse(&d, quote, len)) != RA_OK) {
		return err;
	}
	if (d.body_type != RA_DCAP_BODY_SGX) {
		return RA_ERR_VERSION;
	}
	*rb = d.body.sgx;
	return RA_OK;
}

/*
 * The QE's answer is bound to this session: its REPORT targets us and
 * carries SHA-256(nonce || quote) || 0^32, and the quote's report body
 * is the REPORT made in proc_msg2 (the QE quoted us, this session).
 */
static enum ra_err
check_qe_answer(const struct ra_ctx *c, const struct ra_report *qe,
    const uint8_t *quote, size_t quote_len)
{
	uint8_t want[RA_REPORT_DATA_LEN];
	uint8_t ours[RA_REPORT_BODY_LEN], quoted[RA_REPORT_BODY_LEN];
	struct ra_buf bo = ra_buf_init(ours, sizeof(ours));
	struct ra_buf bq = ra_buf_init(quoted, sizeof(quoted));
	struct ra_sha256_ctx h;
	struct ra_hash256 d;
	struct ra_report_body q;
	enum ra_err err;

	/* verify the QE REPORT (its MAC, by the platform) */
	if (c->ops->verify_report(c->ops->ctx, qe) != RA_OK) {
		return RA_ERR_AUTH;
	}
	/* qe_report.report_data == SHA-256(nonce || quote) || 0^32 */
	ra_sha256_init(&h);
	ra_sha256_update(&h, c->qe_nonce, sizeof(c->qe_nonce));
	ra_sha256_update(&h, quote, quote_len);
	ra_sha256_final(&h, &d);
	memset(want, 0, sizeof(want));
	memcpy(want, d.b, sizeof(d.b));
	if (!ra_ct_eq(want, qe->body.report_data, sizeof(want))) {
		return RA_ERR_AUTH;
	}
	/* the quote parses, and its report body is our REPORT's, every byte
	 * (reserved fields included: both sides re-encoded by wire/) */
	if ((err = quoted_body(&q, quote, quote_len)) != RA_OK) {
		return err;
	}
	ra_report_body_build(&bo, &c->report.body);
	ra_report_body_build(&bq, &q);
	if ((err = ra_buf_finish(&bo)) != RA_OK ||
	    (err = ra_buf_finish(&bq)) != RA_OK) {
		return err;
	}
	return ra_ct_eq(ours, quoted, sizeof(ours)) ? RA_OK : RA_ERR_AUTH;
}

/* sgx_ra_get_msg3_trusted: msg3 = MAC_SMK || g_a || ps_sec_prop || quote */
static enum ra_err
get_msg3(struct ra_ctx *c, const struct call *a)
{
	struct ra_msg3 m;
	struct ra_mac128 mac;
	size_t start = a->out->len;
	enum ra_err err;

	if (a->msg == NULL || a->qe_report == NULL) {
		return RA_ERR_ARG;
	}
	if (a->msg_len > SIZE_MAX - RA_MSG3_MIN_LEN ||
	    !has_room(a->out, RA_MSG3_MIN_LEN + a->msg_len)) {
		return RA_ERR_SPACE;
	}
	if ((err = check_qe_answer(c, a->qe_report, a->msg, a->msg_len)) !=
	    RA_OK) {
		return err;
	}
	memset(&m, 0, sizeof(m));
	m.g_a = c->g_a;
	m.quote.p = a->msg;
	m.quote.len = a->msg_len;
	if ((err = ra_msg3_build(a->out, &m)) != RA_OK) {
		return err;
	}
	/* mac = AES-CMAC(SMK, msg3 bytes 16..end), stored at offset 0 */
	if ((err = ra_cmac(&mac, &c->keys.smk,
	         a->out->p + start + RA_MAC128_LEN,
	         a->out->len - start - RA_MAC128_LEN)) != RA_OK) {
		return err;
	}
	memcpy(a->out->p + start, mac.b, sizeof(mac.b));
	return RA_OK;
}

/*
 * msg4 (this project's layout): the MAC under MK is verified before the
 * status, the PIB or the secret are read.
 */
static enum ra_err
proc_msg4(struct ra_ctx *c, const struct call *a)
{
	static const uint8_t zero_iv[RA_GCM_IV_LEN];
	struct ra_msg4 m;
	enum ra_err err;

	/* 1. length and format */
	if ((err = ra_msg4_parse(&m, a->msg, a->msg_len)) != RA_OK) {
		return err;
	}
	/* 2. verify mac_mk(status || pib) */
	if ((err = ra_cmac_verify(
	         &m.mac, &c->keys.mk, m.mac_data.p, m.mac_data.len)) != RA_OK) {
		return err;
	}
	/* 3. a secret only with a trusted verdict */
	if (m.secret.len > 0 && m.status != RA_ATT_TRUSTED &&
	    m.status != RA_ATT_TRUSTED_COMPLICATED) {
		return RA_ERR_FORMAT;
	}
	if (m.secret.len > a->cap) {
		return RA_ERR_SPACE;
	}
	/* secret = AES-128-GCM-Decrypt(SK, IV = 0^12, ct, tag) */
	if (m.secret.len > 0 &&
	    (err = ra_gcm_decrypt(a->secret, &c->keys.sk, zero_iv, NULL, 0,
	         m.secret.p, m.secret.len, &m.tag)) != RA_OK) {
		return err;
	}
	*a->status = m.status;
	*a->secret_len = m.secret.len;
	if (a->pib != NULL) {
		*a->pib = m.pib;
	}
	return RA_OK;
}

/* sgx_ra_get_keys */
static enum ra_err
get_keys(struct ra_ctx *c, const struct call *a)
{
	switch (a->key_type) {
	case RA_KEY_SK:
		*a->key = c->keys.sk;
		return RA_OK;
	case RA_KEY_MK:
		*a->key = c->keys.mk;
		return RA_OK;
	default:
		return RA_ERR_ARG;
	}
}

/* --- the table ----------------------------------------------------------- */

struct step {
	enum state state;
	enum event event;
	enum ra_err (*handler)(struct ra_ctx *c, const struct call *a);
	enum state next;
};

static const struct step steps[] = {
	{ ST_INIT, EV_GET_MSG1, get_msg1, ST_MSG1_SENT },
	{ ST_MSG1_SENT, EV_PROC_MSG2, proc_msg2, ST_MSG2_DONE },
	{ ST_MSG2_DONE, EV_GET_MSG3, get_msg3, ST_MSG3_SENT },
	{ ST_MSG3_SENT, EV_PROC_MSG4, proc_msg4, ST_DONE },
	{ ST_MSG2_DONE, EV_GET_KEYS, get_keys, ST_MSG2_DONE },
	{ ST_MSG3_SENT, EV_GET_KEYS, get_keys, ST_MSG3_SENT },
	{ ST_DONE, EV_GET_KEYS, get_keys, ST_DONE },
};

/* End the session: wipe every secret; later calls are RA_ERR_STATE. */
static void
fail(struct ra_ctx *c)
{
	RA_WIPE(c->a);
	RA_WIPE(c->keys);
	RA_WIPE(c->qe_nonce);
	c->state = ST_FAILED;
}

/*
 * Run the step for (c->state, ev). A caller's mistake (RA_ERR_ARG,
 * RA_ERR_SPACE) leaves the session as it was; any other failure ends it.
 */
static enum ra_err
run(struct ra_ctx *c, enum event ev, const struct call *a)
{
	const struct step *s = NULL;
	enum ra_err err;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i].state == c->state && steps[i].event == ev) {
			s = &steps[i];
			break;
		}
	}
	if (s == NULL) {
		return RA_ERR_STATE;
	}
	err = s->handler(c, a);
	if (err == RA_OK) {
		c->state = s->next;
	} else if (err != RA_ERR_ARG && err != RA_ERR_SPACE) {
		fail(c);
	}
	return err;
}

/* --- the interface ------------------------------------------------------- */

enum ra_err
ra_init(struct ra_ctx **out, const struct ra_ec256_pub *sp_pub,
    const struct ra_enclave_ops *ops, const struct ra_rng *rng)
{
	struct ra_ctx *c;
	enum ra_err err;

	if (out == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (sp_pub == NULL || ops == NULL || ops->report == NULL ||
	    ops->verify_report == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = ra_ec256_pub_check(sp_pub)) != RA_OK) {
		return err;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		return RA_ERR_NOMEM;
	}
	c->state = ST_INIT;
	c->sp_pub = *sp_pub;
	c->ops = ops;
	c->rng = rng;
	/* a, g_a = a G: the session's ephemeral key pair */
	if ((err = ra_ec256_keygen(&c->a, &c->g_a, rng)) != RA_OK) {
		ra_close(c);
		return err;
	}
	*out = c;
	return RA_OK;
}

void
ra_close(struct ra_ctx *c)
{
	if (c == NULL) {
		return;
	}
	ra_wipe(c, sizeof(*c));
	free(c);
}

enum ra_err
ra_get_msg1(struct ra_ctx *c, struct ra_buf *out, uint32_t gid)
{
	struct call a;

	if (c == NULL || out == NULL) {
		return RA_ERR_ARG;
	}
	memset(&a, 0, sizeof(a));
	a.out = out;
	a.gid = gid;
	return run(c, EV_GET_MSG1, &a);
}

enum ra_err
ra_proc_msg2(struct ra_ctx *c, struct ra_report *report, uint8_t nonce[16],
    struct ra_quote_req *req, const uint8_t *msg2, size_t msg2_len,
    const struct ra_targetinfo *qe_ti)
{
	struct call a;
	enum ra_err err;

	if (c == NULL || report == NULL || nonce == NULL || msg2 == NULL ||
	    qe_ti == NULL) {
		return RA_ERR_ARG;
	}
	memset(&a, 0, sizeof(a));
	a.report = report;
	a.nonce = nonce;
	a.req = req;
	a.msg = msg2;
	a.msg_len = msg2_len;
	a.qe_ti = qe_ti;
	if ((err = run(c, EV_PROC_MSG2, &a)) != RA_OK) {
		memset(report, 0, sizeof(*report));
		memset(nonce, 0, QE_NONCE_LEN);
		if (req != NULL) {
			memset(req, 0, sizeof(*req));
		}
	}
	return err;
}

enum ra_err
ra_get_msg3(struct ra_ctx *c, struct ra_buf *out,
    const struct ra_report *qe_report, const uint8_t *quote, size_t quote_len)
{
	struct call a;

	if (c == NULL || out == NULL || qe_report == NULL || quote == NULL) {
		return RA_ERR_ARG;
	}
	memset(&a, 0, sizeof(a));
	a.out = out;
	a.qe_report = qe_report;
	a.msg = quote;
	a.msg_len = quote_len;
	return run(c, EV_GET_MSG3, &a);
}

enum ra_err
ra_proc_msg4(struct ra_ctx *c, enum ra_att_status *status, struct ra_pib *pib,
    uint8_t *secret, size_t cap, size_t *secret_len, const uint8_t *msg4,
    size_t msg4_len)
{
	struct call a;
	enum ra_err err;

	if (c == NULL || status == NULL || secret_len == NULL || msg4 == NULL ||
	    (secret == NULL && cap != 0)) {
		return RA_ERR_ARG;
	}
	*status = RA_ATT_NOT_TRUSTED;
	*secret_len = 0;
	memset(&a, 0, sizeof(a));
	a.status = status;
	a.pib = pib;
	a.secret = secret;
	a.cap = cap;
	a.secret_len = secret_len;
	a.msg = msg4;
	a.msg_len = msg4_len;
	if ((err = run(c, EV_PROC_MSG4, &a)) != RA_OK) {
		*status = RA_ATT_NOT_TRUSTED;
		*secret_len = 0;
		if (pib != NULL) {
			memset(pib, 0, sizeof(*pib));
		}
	}
	return err;
}

enum ra_err
ra_get_keys(struct ra_ctx *c, enum ra_key_type type, struct ra_key128 *key)
{
	struct call a;

	if (c == NULL || key == NULL) {
		return RA_ERR_ARG;
	}
	memset(&a, 0, sizeof(a));
	a.key_type = type;
	a.key = key;
	return run(c, EV_GET_KEYS, &a);
}
