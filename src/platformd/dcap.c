/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DCAP on the emulated platform (docs/platform.md "DCAP quotes"): the
 * provisioning certification enclave (PCE) and the quoting enclave's
 * ECDSA side.
 *
 * The PCE's PCK key is derived from the platform's provisioning
 * authentication key at the current TCB (CPUSVN, PCE ISVSVN) as
 * sgxra/pck.h defines, which the attestation service, holding the same
 * enrolled key, certifies (GET pckcert). DCAP_ID tells the application
 * what that request names; DCAP_CERT installs the chain the service
 * returned, after checking that it certifies this very key; it is kept
 * in STATE/pck.pem and reloaded at start.
 *
 * The quoting enclave makes an ECDSA P-256 attestation key once per run
 * of the platform, asks the PCE to certify it as on real parts: a QE
 * REPORT targeting the PCE with REPORTDATA = SHA-256(attestation key ||
 * authentication data) || 0, checked by the PCE with its report key and
 * signed with the PCK key. A quote is then: the v3 header, the
 * application's REPORT body (checked first with the QE's report key),
 * the attestation key's signature over both, the certified QE report,
 * and the PCK chain as certification data type 5. The QE's REPORT back
 * to the application binds SHA-256(nonce || quote), as for EPID.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/pck.h"
#include "sgxra/quote.h"
#include "sgxra/x509.h"

#define PCK_NAME "pck.pem"
/* Intel's QE vendor ID, which the emulated QE uses as Intel's QE3 does. */
static const uint8_t qe_vendor[] = RA_DCAP_INTEL_QE_VENDOR_ID;
static const char qe_id_label[] = "sgxra QE ID";

static const char no_cert[] =
    "platform has no PCK certificate: run `sgxra platform provision`";

/* The PCK key of the current TCB (secret). */
static enum ra_err
pck_key(struct platform *p, struct ra_ec256_priv *priv,
    struct ra_ec256_pub *pub, struct ra_ipc_error *why)
{
	struct ra_ipc_prov_id id;
	enum ra_err err;

	if ((err = pve_prov_id(p, &id, why)) != RA_OK) {
		return err;
	}
	err = ra_pck_key_derive(priv, pub, &id.auth_key, p->fuses.cpu_svn,
	    p->ae[RA_AE_PCE].isv_svn);
	RA_WIPE(id);
	return err != RA_OK
	    ? prov_why(
	          why, err, "cannot derive the PCK key (%s)", ra_errname(err))
	    : RA_OK;
}

enum ra_err
pce_dcap_id(
    struct platform *p, struct ra_ipc_dcap_id *out, struct ra_ipc_error *why)
{
	struct ra_ipc_prov_id id;
	enum ra_err err;

	memset(out, 0, sizeof(*out));
	if ((err = pve_prov_id(p, &id, why)) != RA_OK) {
		return err;
	}
	pthread_rwlock_rdlock(&p->epid_lock);
	err = p->quote_key == NULL
	    ? RA_ERR_STATE
	    : ra_rsa_oaep_encrypt(p->quote_key, out->enc_ppid,
	          sizeof(out->enc_ppid), id.ppid, sizeof(id.ppid), NULL);
	pthread_rwlock_unlock(&p->epid_lock);
	RA_WIPE(id);
	if (err == RA_ERR_STATE) {
		return prov_why(why, err,
		    "the platform has no key of the attestation service to "
		    "encrypt its PPID for: provision it first "
		    "(`sgxra platform provision`)");
	}
	if (err != RA_OK) {
		return prov_why(
		    why, err, "cannot encrypt the PPID (%s)", ra_errname(err));
	}
	memcpy(out->cpu_svn, p->fuses.cpu_svn, sizeof(out->cpu_svn));
	out->pce_svn = p->ae[RA_AE_PCE].isv_svn;
	out->pce_id = RA_EMU_PCE_ID;
	return RA_OK;
}

/* RA_OK if pem's first certificate certifies the PCE's current key. */
static enum ra_err
chain_check(struct platform *p, const uint8_t *pem, size_t len,
    struct ra_ipc_error *why)
{
	struct ra_x509_list *l = NULL;
	struct ra_ec256_priv priv;
	struct ra_ec256_pub mine, theirs;
	enum ra_err err;

	if (ra_x509_list_from_pem(&l, (const char *)pem, len) != RA_OK ||
	    ra_x509_list_len(l) < 2) {
		ra_x509_list_free(l);
		return prov_why(why, RA_ERR_FORMAT,
		    "not a PEM certificate chain (the PCK certificate, then "
		    "its issuers)");
	}
	err = ra_x509_pub_ec256(ra_x509_list_get(l, 0), &theirs);
	ra_x509_list_free(l);
	if (err != RA_OK) {
		return prov_why(why, RA_ERR_KEY,
		    "the PCK certificate's key is not a P-256 key");
	}
	if ((err = pck_key(p, &priv, &mine, why)) != RA_OK) {
		return err;
	}
	RA_WIPE(priv);
	if (!ra_ct_eq(&mine, &theirs, sizeof(mine))) {
		return prov_why(why, RA_ERR_KEY,
		    "the PCK certificate is not for this platform's PCK key at "
		    "its current TCB");
	}
	return RA_OK;
}

/* Replace the chain in memory (under dcap_lock); takes pem. */
static void
chain_set(struct platform *p, uint8_t *pem, size_t len)
{
	pthread_mutex_lock(&p->dcap_lock);
	free(p->pck_chain);
	p->pck_chain = pem;
	p->pck_chain_len = len;
	pthread_mutex_unlock(&p->dcap_lock);
}

enum ra_err
pce_set_cert(struct platform *p, const uint8_t *pem, size_t len,
    struct ra_ipc_error *why)
{
	uint8_t *copy;
	enum ra_err err;

	if (len == 0 || len > RA_IPC_PCK_CHAIN_MAX) {
		return prov_why(why, RA_ERR_FORMAT,
		    "the PCK certificate chain is 1 to %zu bytes",
		    RA_IPC_PCK_CHAIN_MAX);
	}
	if ((err = chain_check(p, pem, len, why)) != RA_OK) {
		return err;
	}
	if ((err = platform_state_write(p, PCK_NAME, pem, len, 0644, why)) !=
	    RA_OK) {
		return err;
	}
	if ((copy = malloc(len)) == NULL) {
		return prov_why(why, RA_ERR_NOMEM, "out of memory");
	}
	memcpy(copy, pem, len);
	chain_set(p, copy, len);
	log_info("PCE: PCK certificate installed for CPUSVN/PCESVN %u",
	    (unsigned int)p->ae[RA_AE_PCE].isv_svn);
	return RA_OK;
}

void
pce_load(struct platform *p)
{
	char path[PATH_MAX], msg[256];
	struct ra_ipc_error why;
	uint8_t *pem = NULL, *copy;
	size_t len = 0;

	if (files_join(path, sizeof(path), p->state_dir, PCK_NAME) != RA_OK ||
	    access(path, F_OK) != 0) {
		return; /* not provisioned for DCAP */
	}
	if (files_read(path, RA_IPC_PCK_CHAIN_MAX, false, &pem, &len, msg,
	        sizeof(msg)) != RA_OK) {
		log_warnx("DCAP: %s", msg);
		return;
	}
	if (chain_check(p, pem, len, &why) != RA_OK) {
		log_warnx("DCAP: %s: %s; provision again", path, why.msg);
	} else if ((copy = malloc(len)) != NULL) {
		memcpy(copy, pem, len);
		chain_set(p, copy, len);
		log_info("DCAP: PCK certificate chain loaded from %s", path);
	}
	files_free(pem, len);
}

/*
 * The attestation key and its certification, made once (under
 * dcap_lock): the QE reports to the PCE, the PCE checks the REPORT and
 * signs its body with the PCK key.
 */
static enum ra_err
att_key_ready(struct platform *p, struct ra_ipc_error *why)
{
	struct ra_targetinfo pce_ti;
	struct ra_report rep;
	struct ra_sha256_ctx c;
	struct ra_hash256 h;
	struct ra_ec256_priv pck;
	struct ra_ec256_pub pck_pub;
	uint8_t data[RA_REPORT_DATA_LEN], body[RA_REPORT_BODY_LEN];
	struct ra_buf b;
	enum ra_err err;

	if (p->att.ready) {
		return RA_OK;
	}
	if ((err = ra_ec256_keygen(&p->att.priv, &p->att.pub, NULL)) != RA_OK) {
		return prov_why(why, err, "cannot make the attestation key");
	}
	memset(p->att.auth, 0, sizeof(p->att.auth));
	ra_sha256_init(&c);
	ra_sha256_update(&c, &p->att.pub, sizeof(p->att.pub));
	ra_sha256_update(&c, p->att.auth, sizeof(p->att.auth));
	ra_sha256_final(&c, &h);
	memset(data, 0, sizeof(data));
	memcpy(data, h.b, sizeof(h.b));
	ra_secs_targetinfo(&pce_ti, &p->ae[RA_AE_PCE]);
	err = ra_ereport(&rep, &p->fuses, &p->ae[RA_AE_QE], &pce_ti, data);
	/* the PCE: the REPORT is from an enclave on this platform */
	if (err == RA_OK) {
		err = ra_ereport_verify(&p->fuses, &p->ae[RA_AE_PCE], &rep);
	}
	if (err != RA_OK) {
		return prov_why(why, err, "the PCE refused the QE's REPORT");
	}
	b = ra_buf_init(body, sizeof(body));
	ra_report_body_build(&b, &rep.body);
	if ((err = ra_buf_finish(&b)) != RA_OK ||
	    (err = pck_key(p, &pck, &pck_pub, why)) != RA_OK) {
		return err;
	}
	ra_sha256(&h, body, sizeof(body));
	err = ra_ecdsa_sign(&p->att.qe_report_sig, &pck, &h, NULL);
	RA_WIPE(pck);
	if (err != RA_OK) {
		return prov_why(why, err, "the PCE could not sign");
	}
	p->att.qe_report = rep.body;
	p->att.ready = true;
	log_info("QE: ECDSA attestation key made and certified by the PCE");
	return RA_OK;
}

/* The QE ID of the header's user data: 16 bytes of SHA-256(label||PPID). */
static enum ra_err
qe_id(struct platform *p, uint8_t out[16], struct ra_ipc_error *why)
{
	struct ra_ipc_prov_id id;
	struct ra_sha256_ctx c;
	struct ra_hash256 h;
	enum ra_err err;

	if ((err = pve_prov_id(p, &id, why)) != RA_OK) {
		return err;
	}
	ra_sha256_init(&c);
	ra_sha256_update(&c, qe_id_label, sizeof(qe_id_label) - 1);
	ra_sha256_update(&c, id.ppid, sizeof(id.ppid));
	ra_sha256_final(&c, &h);
	RA_WIPE(id);
	memcpy(out, h.b, 16);
	return RA_OK;
}

/* The v3 quote of body into a new buffer; the caller holds dcap_lock. */
static enum ra_err
make_quote(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_report_body *body, struct ra_ipc_error *why)
{
	struct ra_dcap_quote q;
	struct ra_hash256 h;
	size_t cap = (size_t)4096 + p->pck_chain_len;
	struct ra_buf b;
	enum ra_err err;

	memset(&q, 0, sizeof(q));
	q.version = 3;
	q.att_key_type = RA_DCAP_ATT_KEY_ECDSA_P256;
	q.qe_svn = p->ae[RA_AE_QE].isv_svn;
	q.pce_svn = p->ae[RA_AE_PCE].isv_svn;
	memcpy(q.qe_vendor_id, qe_vendor, sizeof(q.qe_vendor_id));
	if ((err = qe_id(p, q.user_data, why)) != RA_OK) {
		return err;
	}
	q.body_type = RA_DCAP_BODY_SGX;
	q.body.sgx = *body;
	q.att_key = p->att.pub;
	q.qe_report = p->att.qe_report;
	q.qe_report_sig = p->att.qe_report_sig;
	q.qe_auth_data = (struct ra_bytes){ p->att.auth, sizeof(p->att.auth) };
	q.cert_type = RA_DCAP_CERT_PCK_CHAIN;
	q.cert_data = (struct ra_bytes){ p->pck_chain, p->pck_chain_len };
	if ((*out = malloc(cap)) == NULL) {
		return prov_why(why, RA_ERR_NOMEM, "out of memory");
	}
	/* build once to sign header || body, then with the signature */
	b = ra_buf_init(*out, cap);
	if ((err = ra_dcap_quote_build(&b, &q)) == RA_OK) {
		ra_sha256(&h, *out, RA_DCAP_HEADER_LEN + RA_REPORT_BODY_LEN);
		err = ra_ecdsa_sign(&q.quote_sig, &p->att.priv, &h, NULL);
	}
	if (err == RA_OK) {
		b = ra_buf_init(*out, cap);
		err = ra_dcap_quote_build(&b, &q);
	}
	if (err != RA_OK) {
		free(*out);
		*out = NULL;
		return prov_why(
		    why, err, "cannot build the quote (%s)", ra_errname(err));
	}
	*out_len = b.len;
	return RA_OK;
}

enum ra_err
qe_quote_dcap(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_ipc_get_quote_dcap *req, struct ra_ipc_error *why)
{
	uint8_t *quote = NULL;
	size_t quote_len = 0;
	enum ra_err err;

	*out = NULL;
	*out_len = 0;
	if (ra_ereport_verify(&p->fuses, &p->ae[RA_AE_QE], &req->report) !=
	    RA_OK) {
		return prov_why(why, RA_ERR_AUTH,
		    "the application's REPORT does not verify for the quoting "
		    "enclave (MAC mismatch or not targeted at the QE)");
	}
	pthread_mutex_lock(&p->dcap_lock);
	if (p->pck_chain == NULL) {
		err = prov_why(why, RA_ERR_STATE, "%s", no_cert);
	} else if ((err = att_key_ready(p, why)) == RA_OK) {
		err = make_quote(p, &quote, &quote_len, &req->report.body, why);
	}
	pthread_mutex_unlock(&p->dcap_lock);
	if (err != RA_OK) {
		return err;
	}
	err = qe_reply(p, out, out_len, &req->report.body, req->nonce, quote,
	    quote_len, why);
	free(quote);
	if (err == RA_OK) {
		log_debug("QE: ECDSA quote, %zu bytes", quote_len);
	}
	return err;
}

void
dcap_free(struct platform *p)
{
	chain_set(p, NULL, 0);
	RA_WIPE(p->att);
}
