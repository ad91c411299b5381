/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The quoting enclave (QE): GET_QUOTE. As Intel's QE does, it checks the
 * application's REPORT with its own report key, checks the SigRL it is
 * given (SGX header, this platform's group, the service's signature),
 * signs the quote with the platform's EPID member key and refuses when
 * the SigRL names this member, then reports to the application enclave
 * with REPORTDATA = SHA-256(nonce || quote) || 32 zero bytes, which binds
 * the quote to the request and to this platform (docs/platform.md
 * "Provisioning and quoting").
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"
#include "sgxra/qe.h"
#include "sgxra/sigrl.h"

static const char not_provisioned[] =
    "platform not provisioned for EPID: run `sgxra platform provision`";

/*
 * Parse and check the SigRL of a request for the group gid, signed by
 * signer. On RA_OK *rl is the list to sign with (views into the request).
 */
static enum ra_err
sigrl_check(struct ra_epid_sigrl *rl, const struct ra_bytes *in, uint32_t gid,
    const struct ra_ec256_pub *signer, struct ra_ipc_error *why)
{
	struct ra_sigrl s;
	struct ra_hash256 h;
	enum ra_err err;

	if ((err = ra_sigrl_parse(&s, in->p, in->len)) != RA_OK) {
		return prov_why(why, err,
		    err == RA_ERR_VERSION
		        ? "the SigRL is not an SGX EPID SigRL (header must be "
		          "00 02 00 0e)"
		        : "the SigRL is malformed (its length does not match "
		          "its entries)");
	}
	if (s.gid != gid) {
		return prov_why(why, RA_ERR_POLICY,
		    "the SigRL is for EPID group %08x, this platform is in "
		    "group %08x",
		    s.gid, gid);
	}
	ra_sha256(&h, s.signed_data.p, s.signed_data.len);
	if (ra_ecdsa_verify(signer, &h, &s.sig) != RA_OK) {
		return prov_why(why, RA_ERR_AUTH,
		    "the SigRL's signature does not verify with the "
		    "provisioned EPID signing key");
	}
	memset(rl, 0, sizeof(*rl));
	rl->gid.width = RA_EPID_GID_SGX;
	rl->gid.b[0] = (uint8_t)(gid >> 24);
	rl->gid.b[1] = (uint8_t)(gid >> 16);
	rl->gid.b[2] = (uint8_t)(gid >> 8);
	rl->gid.b[3] = (uint8_t)gid;
	rl->version = s.rl_ver;
	rl->n2 = s.n2;
	rl->bk = s.entries;
	return RA_OK;
}

/* The TARGETINFO of the enclave that made report (sgx_self_target). */
static void
target_of(struct ra_targetinfo *ti, const struct ra_report_body *rb)
{
	memset(ti, 0, sizeof(*ti));
	ti->mr_enclave = rb->mr_enclave;
	ti->attributes = rb->attributes;
	ti->misc_select = rb->misc_select;
	ti->config_svn = rb->config_svn;
	memcpy(ti->config_id, rb->config_id, sizeof(ti->config_id));
}

/* Sign q into a new buffer (*out); the caller holds epid_lock. */
static enum ra_err
sign(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_epid_quote *q, const struct ra_epid_sigrl *rl,
    struct ra_ipc_error *why)
{
	size_t cap = RA_EPID_QUOTE_MIN_LEN + RA_EPID_SIG_OVERHEAD_LEN +
	    ra_epid_sig_len(rl != NULL ? rl->n2 : 0);
	struct ra_buf b;
	bool revoked = false;
	enum ra_err err;

	if ((*out = malloc(cap)) == NULL) {
		return prov_why(
		    why, RA_ERR_NOMEM, "out of memory for the quote");
	}
	b = ra_buf_init(*out, cap);
	err = ra_epid_quote_sign(
	    &b, q, &p->epid_member, rl, p->quote_key, NULL, &revoked);
	if (err == RA_OK && revoked) {
		err = prov_why(
		    why, RA_ERR_POLICY, "member key revoked by the SigRL");
	} else if (err != RA_OK) {
		prov_why(why, err, "the EPID signature failed (%s)",
		    ra_errname(err));
	}
	if (err != RA_OK) {
		free(*out);
		*out = NULL;
		return err;
	}
	*out_len = b.len;
	return RA_OK;
}

enum ra_err
qe_reply(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_report_body *app, const uint8_t nonce[16],
    const uint8_t *quote, size_t quote_len, struct ra_ipc_error *why)
{
	struct ra_targetinfo ti;
	struct ra_ipc_quote reply;
	struct ra_sha256_ctx h;
	struct ra_hash256 d;
	uint8_t data[RA_REPORT_DATA_LEN];
	struct ra_buf b;
	enum ra_err err;

	*out = NULL;
	*out_len = 0;
	ra_sha256_init(&h);
	ra_sha256_update(&h, nonce, RA_IPC_QUOTE_NONCE_LEN);
	ra_sha256_update(&h, quote, quote_len);
	ra_sha256_final(&h, &d);
	memset(data, 0, sizeof(data));
	memcpy(data, d.b, sizeof(d.b));
	target_of(&ti, app);
	err = ra_ereport(
	    &reply.qe_report, &p->fuses, &p->ae[RA_AE_QE], &ti, data);
	if (err != RA_OK) {
		return prov_why(
		    why, err, "QE EREPORT failed (%s)", ra_errname(err));
	}
	reply.quote = (struct ra_bytes){ quote, quote_len };
	*out_len = RA_IPC_QUOTE_MIN_LEN + quote_len;
	if ((*out = malloc(*out_len)) == NULL) {
		return prov_why(
		    why, RA_ERR_NOMEM, "out of memory for the reply");
	}
	b = ra_buf_init(*out, *out_len);
	ra_ipc_quote_build(&b, &reply);
	if (ra_buf_finish(&b) != RA_OK || b.len != *out_len) {
		free(*out);
		*out = NULL;
		return prov_why(
		    why, RA_ERR_ARG, "internal error building the reply");
	}
	return RA_OK;
}

enum ra_err
qe_quote(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_ipc_get_quote *req, struct ra_ipc_error *why)
{
	struct ra_epid_quote q;
	struct ra_epid_sigrl rl;
	uint8_t *quote = NULL;
	size_t quote_len = 0;
	enum ra_err err;

	*out = NULL;
	*out_len = 0;
	memset(&rl, 0, sizeof(rl));
	if (ra_ereport_verify(&p->fuses, &p->ae[RA_AE_QE], &req->report) !=
	    RA_OK) {
		return prov_why(why, RA_ERR_AUTH,
		    "the application's REPORT does not verify for the quoting "
		    "enclave (MAC mismatch or not targeted at the QE)");
	}
	memset(&q, 0, sizeof(q));
	q.version = 2;
	q.sign_type = req->quote_type == RA_QUOTE_LINKABLE
	    ? RA_QUOTE_LINKABLE
	    : RA_QUOTE_UNLINKABLE;
	q.qe_svn = p->ae[RA_AE_QE].isv_svn;
	q.pce_svn = p->ae[RA_AE_PCE].isv_svn;
	q.report_body = req->report.body;
	/* basename: SPID || 16 zero bytes (linkable) or 16 random bytes */
	memcpy(q.basename, req->spid, sizeof(req->spid));
	if (q.sign_type == RA_QUOTE_UNLINKABLE &&
	    ra_random(q.basename + 16, 16) != RA_OK) {
		return prov_why(
		    why, RA_ERR_RNG, "no randomness for the basename");
	}
	pthread_rwlock_rdlock(&p->epid_lock);
	if (p->epid_gid == 0) {
		pthread_rwlock_unlock(&p->epid_lock);
		return prov_why(why, RA_ERR_STATE, "%s", not_provisioned);
	}
	q.gid = p->epid_gid;
	err = req->sigrl.len == 0
	    ? RA_OK
	    : sigrl_check(&rl, &req->sigrl, p->epid_gid, &p->sigrl_key, why);
	if (err == RA_OK) {
		err = sign(p, &quote, &quote_len, &q,
		    req->sigrl.len != 0 ? &rl : NULL, why);
	}
	pthread_rwlock_unlock(&p->epid_lock);
	if (err != RA_OK) {
		return err;
	}
	err = qe_reply(p, out, out_len, &req->report.body, req->nonce, quote,
	    quote_len, why);
	free(quote);
	if (err != RA_OK) {
		return err;
	}
	log_debug("QE: %s quote for EPID group %08x, %zu bytes",
	    q.sign_type == RA_QUOTE_LINKABLE ? "linkable" : "unlinkable", q.gid,
	    quote_len);
	return RA_OK;
}
