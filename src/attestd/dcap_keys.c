/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated DCAP PKI of sgxra-attestd (docs/attestd.md "PCS"): its
 * creation and the key-holding child's DCAP requests (kproto.h).
 *
 *   sgxra EMULATED SGX Root CA — not Intel   self-signed, P-256, 30 years
 *   ├─ sgxra EMULATED SGX PCK Platform CA   issues PCK certificates
 *   └─ sgxra EMULATED SGX TCB Signing       signs TCB Info, QE Identity
 *
 * Names keep Intel's role phrases ("SGX Root CA", "SGX PCK Platform CA",
 * "SGX TCB Signing", "SGX PCK Certificate"), which verifiers match
 * (FORMATS.md §6.7), and say EMULATED, so no one mistakes them for
 * Intel's; Intel's root never verifies them.
 *
 * <state>/keys/    dcap-root.key, dcap-platform-ca.key, dcap-tcb-signing.key
 *                  (P-256 PEM, 0600) and each certificate's DER (.der),
 *                  which the child signs with as issuer
 * <state>/public/  dcap-root.crt, dcap-platform-ca.crt, dcap-tcb-signing.crt
 *
 * --init makes them; a state directory made before they existed gets
 * them when the child starts (dcap_keys_load): the other keys are kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attestd.h"
#include "files.h"
#include "kproto.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/cursor.h"
#include "sgxra/dcap.h"
#include "sgxra/pck.h"
#include "sgxra/x509_issue.h"

#define PEM_MAX  16384
#define CERT_MAX 4096
#define YEAR     (365LL * 86400)

enum dcap_role {
	ROLE_ROOT = 0,
	ROLE_CA = 1,
	ROLE_SIGNER = 2,
	ROLE_COUNT
};

static const struct {
	const char *key, *der, *crt, *subject;
	unsigned int ku;
	bool ca;
	int path_len;
	long long years;
} roles[ROLE_COUNT] = {
	[ROLE_ROOT] = { "dcap-root.key", "dcap-root.der", "dcap-root.crt",
	    "CN=" DCAP_ROOT_CN ",O=sgxra",
	    RA_X509_KU_KEY_CERT_SIGN | RA_X509_KU_CRL_SIGN, true, 1, 30 },
	[ROLE_CA] = { "dcap-platform-ca.key", "dcap-platform-ca.der",
	    "dcap-platform-ca.crt", "CN=" DCAP_CA_CN ",O=sgxra",
	    RA_X509_KU_KEY_CERT_SIGN | RA_X509_KU_CRL_SIGN, true, 0, 25 },
	[ROLE_SIGNER] = { "dcap-tcb-signing.key", "dcap-tcb-signing.der",
	    "dcap-tcb-signing.crt", "CN=" DCAP_SIGNER_CN ",O=sgxra",
	    RA_X509_KU_DIGITAL_SIGNATURE | RA_X509_KU_NON_REPUDIATION, false,
	    -1, 25 },
};

/* --- creation ------------------------------------------------------------ */

struct made {
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub;
	uint8_t der[CERT_MAX];
	size_t der_len;
};

static enum ra_err
issue_role(struct made *m, const struct made *root, unsigned int r, int64_t now)
{
	struct ra_x509_issue_args a;
	enum ra_err err;

	if ((err = ra_ec256_keygen(&m->priv, &m->pub, NULL)) != RA_OK) {
		return err;
	}
	memset(&a, 0, sizeof(a));
	a.subject = roles[r].subject;
	a.ec_pub = &m->pub;
	a.sign_ec = root != NULL ? &root->priv : &m->priv;
	if (root != NULL) {
		a.issuer_der = root->der;
		a.issuer_der_len = root->der_len;
	}
	a.serial = keys_random_serial();
	a.not_before = now - 86400;
	a.not_after = now + roles[r].years * YEAR;
	a.ca = roles[r].ca;
	a.path_len = roles[r].path_len;
	a.key_usage = roles[r].ku;
	return ra_x509_issue(m->der, sizeof(m->der), &m->der_len, &a);
}

static enum ra_err
save_role(const struct made *m, unsigned int r, const char *keys,
    const char *pub, char *why, size_t cap)
{
	static char pem[PEM_MAX];
	size_t len;
	enum ra_err err;

	if ((err = ra_ec256_priv_to_pem(pem, sizeof(pem), &len, &m->priv)) ==
	        RA_OK &&
	    (err = keys_write_in(
	         keys, roles[r].key, pem, len, 0600, why, cap)) == RA_OK &&
	    (err = ra_x509_der_to_pem(
	         pem, sizeof(pem), &len, m->der, m->der_len)) == RA_OK &&
	    (err = keys_write_in(
	         pub, roles[r].crt, pem, len, 0644, why, cap)) == RA_OK) {
		/* the DER last: its presence says the role is complete */
		err = keys_write_in(
		    keys, roles[r].der, m->der, m->der_len, 0600, why, cap);
	}
	ra_wipe(pem, sizeof(pem));
	return err;
}

enum ra_err
dcap_keys_create(
    const char *keys, const char *pub, int64_t now, char *why, size_t cap)
{
	static struct made m[ROLE_COUNT];
	enum ra_err err = RA_OK;
	unsigned int r;

	for (r = 0; r < ROLE_COUNT && err == RA_OK; r++) {
		err = issue_role(
		    &m[r], r == ROLE_ROOT ? NULL : &m[ROLE_ROOT], r, now);
		if (err != RA_OK) {
			snprintf(why, cap,
			    "cannot issue the %s certificate: %s", roles[r].crt,
			    ra_errname(err));
		}
	}
	for (r = 0; r < ROLE_COUNT && err == RA_OK; r++) {
		err = save_role(&m[r], r, keys, pub, why, cap);
	}
	for (r = 0; r < ROLE_COUNT; r++) {
		RA_WIPE(m[r].priv);
	}
	return err;
}

/* --- the key-holding child ----------------------------------------------- */

static bool
load_role(struct dcap_keys *d, unsigned int r, const char *keys,
    const char *pub, char *why, size_t cap)
{
	struct ra_ec256_pub p;
	uint8_t *buf;
	size_t len;
	bool ok;

	if (keys_read_in(keys, roles[r].key, true, &buf, &len, why, cap) !=
	    RA_OK) {
		return false;
	}
	ok = ra_ec256_priv_from_pem(&d->priv[r], &p, (const char *)buf, len) ==
	    RA_OK;
	files_free(buf, len);
	if (!ok) {
		snprintf(
		    why, cap, "%s/%s is not a P-256 key", keys, roles[r].key);
		return false;
	}
	if (keys_read_in(keys, roles[r].der, false, &buf, &len, why, cap) !=
	    RA_OK) {
		return false;
	}
	if (len > sizeof(d->der[r])) {
		files_free(buf, len);
		snprintf(why, cap, "%s/%s is too large", keys, roles[r].der);
		return false;
	}
	memcpy(d->der[r], buf, len);
	d->der_len[r] = len;
	files_free(buf, len);
	if (keys_read_in(pub, roles[r].crt, false, &buf, &len, why, cap) !=
	    RA_OK) {
		return false;
	}
	d->pem[r] = (char *)buf;
	d->pem_len[r] = len;
	return true;
}

/* True iff the last file dcap_keys_create writes is there. */
static bool
complete(const char *keys)
{
	char path[PATH_MAX];
	FILE *f;

	if (files_join(path, sizeof(path), keys, roles[ROLE_SIGNER].der) !=
	        RA_OK ||
	    (f = fopen(path, "rb")) == NULL) {
		return false;
	}
	fclose(f);
	return true;
}

static enum ra_err pck_issue(const struct dcap_keys *d, const uint8_t *in,
    size_t in_len, uint8_t *out, size_t cap, size_t *out_len, char *msg,
    size_t msg_cap);
static enum ra_err dcap_crl(const struct dcap_keys *d, const uint8_t *in,
    size_t in_len, uint8_t *out, size_t cap, size_t *out_len, char *msg,
    size_t msg_cap);

/*
 * Issue a throwaway PCK certificate and CRL: it checks that each key is
 * its certificate's, and runs OpenSSL's lazy initialisation (which opens
 * files) before the seccomp sandbox forbids that.
 */
static bool
self_test(const struct dcap_keys *d, int64_t now, char *why, size_t cap)
{
	uint8_t in[16 + 16 + 16 + 2 + 8 + 8], out[CERT_MAX];
	uint8_t crl[1 + 8 + 8 + 8 + 4 + 16];
	struct ra_buf b = ra_buf_init(in, sizeof(in));
	size_t len;
	char msg[128] = "";
	uint8_t which;

	ra_buf_zero(&b, 48);
	ra_buf_u16be(&b, 0);
	ra_buf_u64be(&b, 1);
	ra_buf_u64be(&b, (uint64_t)now);
	if (ra_buf_finish(&b) != RA_OK ||
	    pck_issue(d, in, sizeof(in), out, sizeof(out), &len, msg,
	        sizeof(msg)) != RA_OK) {
		snprintf(
		    why, cap, "the DCAP Platform CA cannot issue: %s", msg);
		return false;
	}
	for (which = 1; which <= 2; which++) {
		b = ra_buf_init(crl, sizeof(crl));
		ra_buf_u8(&b, which);
		ra_buf_u64be(&b, 1);
		ra_buf_u64be(&b, (uint64_t)now);
		ra_buf_u64be(&b, (uint64_t)now + 1);
		ra_buf_u32be(&b, 1);
		ra_buf_u64be(&b, 1);
		ra_buf_u64be(&b, (uint64_t)now);
		if (ra_buf_finish(&b) != RA_OK ||
		    dcap_crl(d, crl, sizeof(crl), out, sizeof(out), &len, msg,
		        sizeof(msg)) != RA_OK) {
			snprintf(why, cap, "the DCAP CAs cannot issue CRLs");
			return false;
		}
	}
	return true;
}

bool
dcap_keys_load(struct dcap_keys *d, const char *keys, const char *pub,
    int64_t now, char *why, size_t cap)
{
	unsigned int r;

	memset(d, 0, sizeof(*d));
	if (!complete(keys) &&
	    dcap_keys_create(keys, pub, now, why, cap) != RA_OK) {
		/* RA_ERR_STATE: a half-made PKI (some files exist) */
		return false;
	}
	for (r = 0; r < ROLE_COUNT; r++) {
		if (!load_role(d, r, keys, pub, why, cap)) {
			return false;
		}
	}
	return self_test(d, now, why, cap);
}

void
dcap_keys_free(struct dcap_keys *d)
{
	unsigned int r;

	for (r = 0; r < ROLE_COUNT; r++) {
		free(d->pem[r]);
	}
	ra_wipe(d, sizeof(*d));
}

/* K_DCAP_PUBLIC: the three certificates' PEM, each u32be length first. */
static enum ra_err
dcap_public(
    const struct dcap_keys *d, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_buf b = ra_buf_init(out, cap);
	unsigned int r;

	for (r = 0; r < ROLE_COUNT; r++) {
		ra_buf_u32be(&b, (uint32_t)d->pem_len[r]);
		ra_buf_put(&b, d->pem[r], d->pem_len[r]);
	}
	*out_len = b.len;
	return ra_buf_finish(&b);
}

/*
 * The SGX extension of a PCK certificate the Platform CA issues: seven
 * entries (FORMATS.md §6.4); TCB components = the CPUSVN bytes (TCB
 * Info tcbType 0); PlatformInstanceID = SHA-256(ppid)[0..16), so one
 * platform keeps one id; Configuration all false.
 */
static enum ra_err
pck_ext(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *ppid,
    const uint8_t *cpusvn, uint16_t pce_svn)
{
	static const uint8_t fmspc[RA_FMSPC_LEN] = RA_EMU_FMSPC;
	struct ra_pck_ext e;
	struct ra_hash256 h;
	struct ra_buf b = ra_buf_init(out, cap);
	enum ra_err err;

	memset(&e, 0, sizeof(e));
	memcpy(e.ppid, ppid, sizeof(e.ppid));
	memcpy(e.comp_svn, cpusvn, sizeof(e.comp_svn));
	memcpy(e.cpu_svn, cpusvn, sizeof(e.cpu_svn));
	e.pce_svn = pce_svn;
	e.pce_id[0] = (uint8_t)(RA_EMU_PCE_ID >> 8);
	e.pce_id[1] = (uint8_t)(RA_EMU_PCE_ID & 0xff);
	memcpy(e.fmspc, fmspc, sizeof(fmspc));
	e.sgx_type = RA_SGX_TYPE_STANDARD;
	e.is_platform = true;
	ra_sha256(&h, ppid, KPROTO_PPID_LEN);
	memcpy(e.instance_id, h.b, sizeof(e.instance_id));
	err = ra_pck_ext_build(&b, &e);
	*out_len = b.len;
	return err;
}

/*
 * K_PCK_ISSUE ppid (16) || auth key (16) || CPUSVN (16) || PCESVN (u16be)
 * || serial (u64be) || now (u64be) -> the PCK certificate's DER.
 */
static enum ra_err
pck_issue(const struct dcap_keys *d, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len, char *msg, size_t msg_cap)
{
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_key128 auth;
	struct ra_ec256_priv pck;
	struct ra_ec256_pub pub;
	struct ra_x509_issue_args a;
	struct ra_x509_ext ext = { RA_SGX_EXT_OID, false, NULL, 0 };
	uint8_t ext_der[1024];
	const uint8_t *ppid, *cpusvn;
	uint16_t pce_svn;
	uint64_t serial, now;
	enum ra_err err;

	ppid = ra_cur_take(&c, KPROTO_PPID_LEN);
	RA_CUR_COPY(&c, auth.b);
	cpusvn = ra_cur_take(&c, 16);
	pce_svn = ra_cur_u16be(&c);
	serial = ra_cur_u64be(&c);
	now = ra_cur_u64be(&c);
	if (ra_cur_finish(&c) != RA_OK || serial == 0 || now > INT64_MAX / 2) {
		RA_WIPE(auth);
		snprintf(msg, msg_cap, "malformed PCK certificate request");
		return RA_ERR_FORMAT;
	}
	err = ra_pck_key_derive(&pck, &pub, &auth, cpusvn, pce_svn);
	RA_WIPE(auth);
	RA_WIPE(pck); /* the service needs only the public key */
	if (err != RA_OK ||
	    (err = pck_ext(ext_der, sizeof(ext_der), &ext.der_len, ppid, cpusvn,
	         pce_svn)) != RA_OK) {
		snprintf(msg, msg_cap,
		    "cannot make the PCK key or extension: %s",
		    ra_errname(err));
		return err;
	}
	ext.der = ext_der;
	memset(&a, 0, sizeof(a));
	a.subject = "CN=" DCAP_PCK_CN ",O=sgxra";
	a.ec_pub = &pub;
	a.sign_ec = &d->priv[ROLE_CA];
	a.issuer_der = d->der[ROLE_CA];
	a.issuer_der_len = d->der_len[ROLE_CA];
	a.serial = serial;
	a.not_before = (int64_t)now - 3600;
	a.not_after = (int64_t)now + 7 * YEAR;
	a.path_len = -1;
	a.key_usage = RA_X509_KU_DIGITAL_SIGNATURE | RA_X509_KU_NON_REPUDIATION;
	a.exts = &ext;
	a.n_exts = 1;
	if ((err = ra_x509_issue(out, cap, out_len, &a)) != RA_OK) {
		snprintf(msg, msg_cap, "cannot issue the PCK certificate: %s",
		    ra_errname(err));
	}
	return err;
}

/*
 * K_DCAP_CRL ca (1: root, 2: Platform CA) || number (u64be) || thisUpdate
 * (u64be) || nextUpdate (u64be) || n (u32be) || n x (serial (u64be) ||
 * revocation time (u64be)) -> the CRL's DER.
 */
static enum ra_err
dcap_crl(const struct dcap_keys *d, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len, char *msg, size_t msg_cap)
{
	/* on the stack (16 KiB): the child serves several channels */
	struct ra_x509_revoked rev[KPROTO_CRL_MAX];
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_x509_crl_args a;
	uint8_t which;
	uint32_t n, i;
	enum dcap_role r;

	memset(&a, 0, sizeof(a));
	which = ra_cur_u8(&c);
	a.number = ra_cur_u64be(&c);
	a.this_update = (int64_t)ra_cur_u64be(&c);
	a.next_update = (int64_t)ra_cur_u64be(&c);
	n = ra_cur_u32be(&c);
	if (n > KPROTO_CRL_MAX || (which != 1 && which != 2)) {
		snprintf(msg, msg_cap, "bad CRL request");
		return RA_ERR_FORMAT;
	}
	for (i = 0; i < n && ra_cur_ok(&c); i++) {
		rev[i].serial = ra_cur_u64be(&c);
		rev[i].when = (int64_t)ra_cur_u64be(&c);
	}
	if (ra_cur_finish(&c) != RA_OK) {
		snprintf(msg, msg_cap, "malformed CRL request");
		return RA_ERR_FORMAT;
	}
	r = which == 1 ? ROLE_ROOT : ROLE_CA;
	a.issuer_der = d->der[r];
	a.issuer_der_len = d->der_len[r];
	a.sign_ec = &d->priv[r];
	a.revoked = rev;
	a.n_revoked = n;
	return ra_x509_crl_issue(out, cap, out_len, &a);
}

enum ra_err
dcap_keys_serve(const struct dcap_keys *d, uint32_t type, const uint8_t *in,
    size_t in_len, uint8_t *out, size_t cap, size_t *out_len, char *msg,
    size_t msg_cap)
{
	switch (type) {
	case K_DCAP_PUBLIC:
		return dcap_public(d, out, cap, out_len);
	case K_DCAP_SIGN:
		return keys_sign_ecdsa(
		    &d->priv[ROLE_SIGNER], in, in_len, out, cap, out_len);
	case K_PCK_ISSUE:
		return pck_issue(
		    d, in, in_len, out, cap, out_len, msg, msg_cap);
	case K_DCAP_CRL:
		return dcap_crl(d, in, in_len, out, cap, out_len, msg, msg_cap);
	default:
		snprintf(msg, msg_cap, "unknown request %u", type);
		return RA_ERR_VERSION;
	}
}
