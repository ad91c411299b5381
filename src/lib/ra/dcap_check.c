/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra/dcap_internal.h"
#include "sgxra/crypto.h"
/* last */
#include "internal.h"

/*
 * The collateral checks of DCAP verification (QVL PckCertVerifier,
 * PckCrlVerifier, TCBSigningChain, TCBInfoVerifier,
 * EnclaveIdentityVerifier), without any clock: validity windows are
 * recorded and judged by the caller against its time (dcap_verify.c), so
 * a checked set can be cached and re-judged on every use. Each signature
 * is verified once per set.
 *
 * Role separation by name, as QVL does it: the PCK leaf's CN contains
 * "SGX PCK Certificate", its CA's "SGX PCK Processor CA" or "SGX PCK
 * Platform CA", the TCB signer's "SGX TCB Signing"; the CA and the TCB
 * signer are issued by the trust anchor itself. A certificate of one
 * role can therefore not stand in for another (a platform's PCK key
 * cannot sign TCB Info). An emulated PKI must follow the same names; the
 * root's name is free (the anchor decides).
 */

#define CN_PCK        "SGX PCK Certificate"
#define CN_PROCESSOR  "SGX PCK Processor CA"
#define CN_PLATFORM   "SGX PCK Platform CA"
#define CN_TCB_SIGNER "SGX TCB Signing"
#define NAME_LEN      256

static void part_fail(struct dcap_part *p, enum ra_dcap_fail fail,
    enum ra_dcap_item item, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
part_fail(struct dcap_part *p, enum ra_dcap_fail fail, enum ra_dcap_item item,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	p->fail = fail;
	p->item = item;
	(void)snprintf(p->field, sizeof(p->field), "%s", field);
	va_start(ap, fmt);
	(void)vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

static bool
present(struct ra_bytes b)
{
	return b.p != NULL && b.len != 0;
}

/* FNV-1a, 64-bit: a fingerprint, not a digest (see dcap_internal.h). */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h = (h ^ b[i]) * 0x100000001b3ULL;
	}
	return h;
}

#define FP_EDGE 16

static uint64_t
fp_item(uint64_t h, struct ra_bytes b)
{
	uint8_t len[8];
	size_t n = present(b) ? b.len : 0;

	ra_enc64le(len, n);
	h = fnv(h, len, sizeof(len));
	if (n == 0) {
		return h;
	}
	h = fnv(h, b.p, n < FP_EDGE ? n : FP_EDGE);
	return fnv(h, b.p + n - (n < FP_EDGE ? n : FP_EDGE),
	    n < FP_EDGE ? n : FP_EDGE);
}

uint64_t
ra_dcap_check_fingerprint(const struct ra_hash256 *anchor_id,
    unsigned int options, const struct ra_dcap_collateral *c)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv(h, anchor_id->b, sizeof(anchor_id->b));
	h = fnv(h, &options, sizeof(options));
	h = fp_item(h, c->pck_crl_issuer_chain);
	h = fp_item(h, c->root_ca_crl);
	h = fp_item(h, c->pck_crl);
	h = fp_item(h, c->tcb_info_issuer_chain);
	h = fp_item(h, c->tcb_info);
	h = fnv(h, &c->tcb_info_sig, sizeof(c->tcb_info_sig));
	h = fp_item(h, c->qe_identity_issuer_chain);
	h = fp_item(h, c->qe_identity);
	h = fnv(h, &c->qe_identity_sig, sizeof(c->qe_identity_sig));
	return fp_item(h, c->pck_chain);
}

static bool
same_bytes(struct ra_bytes a, struct ra_bytes b)
{
	size_t n = present(a) ? a.len : 0;

	return n == (present(b) ? b.len : 0) &&
	    (n == 0 || ra_ct_eq(a.p, b.p, n));
}

bool
ra_dcap_check_same(
    const struct ra_dcap_collateral *a, const struct ra_dcap_collateral *b)
{
	return same_bytes(a->pck_crl_issuer_chain, b->pck_crl_issuer_chain) &&
	    same_bytes(a->root_ca_crl, b->root_ca_crl) &&
	    same_bytes(a->pck_crl, b->pck_crl) &&
	    same_bytes(a->tcb_info_issuer_chain, b->tcb_info_issuer_chain) &&
	    same_bytes(a->tcb_info, b->tcb_info) &&
	    ra_ct_eq(
	        &a->tcb_info_sig, &b->tcb_info_sig, sizeof(a->tcb_info_sig)) &&
	    same_bytes(
	        a->qe_identity_issuer_chain, b->qe_identity_issuer_chain) &&
	    same_bytes(a->qe_identity, b->qe_identity) &&
	    ra_ct_eq(&a->qe_identity_sig, &b->qe_identity_sig,
	        sizeof(a->qe_identity_sig)) &&
	    same_bytes(a->pck_chain, b->pck_chain);
}

/* A CRL from DER (first byte 0x30) or PEM. */
static enum ra_err
crl_from(struct ra_x509_crl **out, struct ra_bytes b)
{
	if (b.p[0] == 0x30) {
		return ra_x509_crl_from_der(out, b.p, b.len);
	}
	return ra_x509_crl_from_pem(out, (const char *)b.p, b.len);
}

static void
set_window(struct dcap_window *w, int64_t nb, int64_t na)
{
	w->set = true;
	w->nb = nb;
	w->na = na;
}

static void
crl_window(struct dcap_window *w, const struct ra_x509_crl *crl)
{
	int64_t tu, nu;

	if (ra_x509_crl_validity(crl, &tu, &nu) == RA_OK) {
		set_window(w, tu, nu);
	}
}

static void
cert_window(struct dcap_window *w, const struct ra_x509 *cert)
{
	int64_t nb, na;

	if (ra_x509_validity(cert, &nb, &na) == RA_OK) {
		set_window(w, nb, na);
	}
}

static bool
cn_has(const struct ra_x509 *cert, const char *phrase)
{
	char cn[NAME_LEN];

	return ra_x509_subject_cn(cert, cn, sizeof(cn)) == RA_OK &&
	    strstr(cn, phrase) != NULL;
}

/* True iff cert's issuer name is issuer's subject name. */
static bool
issued_by(const struct ra_x509 *cert, const struct ra_x509 *issuer)
{
	char a[NAME_LEN], b[NAME_LEN];

	return ra_x509_issuer(cert, a, sizeof(a)) == RA_OK &&
	    ra_x509_subject(issuer, b, sizeof(b)) == RA_OK && strcmp(a, b) == 0;
}

/*
 * The same certificate, or a re-issue of it (same subject, same key):
 * Intel re-issued its Root CA in 2019 with the same key, and older quotes
 * carry the first issue (the Fortanix set).
 */
static bool
same_ca(const struct ra_x509 *a, const struct ra_x509 *b)
{
	struct ra_ec256_pub pa, pb;
	char sa[NAME_LEN], sb[NAME_LEN];

	if (ra_x509_equal(a, b)) {
		return true;
	}
	return ra_x509_subject(a, sa, sizeof(sa)) == RA_OK &&
	    ra_x509_subject(b, sb, sizeof(sb)) == RA_OK &&
	    strcmp(sa, sb) == 0 && ra_x509_pub_ec256(a, &pa) == RA_OK &&
	    ra_x509_pub_ec256(b, &pb) == RA_OK &&
	    ra_ct_eq(&pa, &pb, sizeof(pa));
}

/*
 * A chain's copy of the root (its last certificate, after the role
 * certificates) must be the anchor or a valid re-issue of it: QVL compares
 * it with the trusted root too. OpenSSL would otherwise build the path
 * from the anchor and silently ignore a corrupted copy.
 */
static bool
root_copy_ok(const struct ra_x509_list *chain, size_t roles,
    const struct ra_x509 *anchor)
{
	const struct ra_x509 *root;

	if (ra_x509_list_len(chain) <= roles) {
		return true;
	}
	root = ra_x509_list_get(chain, roles);
	return ra_x509_list_len(chain) == roles + 1 &&
	    (ra_x509_equal(root, anchor) ||
	        (same_ca(root, anchor) && ra_x509_is_self_signed(root)));
}

/*
 * Leaf first: QVL's CertificateChain finds each certificate by its role,
 * in any order, and Intel's own TDX sample quote carries root, CA, leaf.
 * The leaf is the certificate that issues none of the others; then each
 * next one is the issuer of the last. A list that is not one such path
 * keeps its order (the checks that follow refuse it).
 */
static enum ra_err
order_chain(struct ra_x509_list **l)
{
	const struct ra_x509 *in[RA_X509_LIST_MAX], *out[RA_X509_LIST_MAX];
	struct ra_x509_list *sorted = NULL;
	size_t n = ra_x509_list_len(*l), i, j, k;
	enum ra_err err;

	for (i = 0; i < n; i++) {
		in[i] = ra_x509_list_get(*l, i);
	}
	for (i = 0, k = n; i < n && k == n; i++) {
		for (j = 0; j < n && (j == i || !issued_by(in[j], in[i]));
		     j++) {
		}
		k = j == n ? i : n; /* in[i] issues nothing: the leaf */
	}
	if (k == n || k == 0) {
		return RA_OK; /* no unique start, or already leaf first */
	}
	out[0] = in[k];
	for (i = 1; i < n; i++) {
		for (j = 0; j < n &&
		     (in[j] == out[i - 1] || !issued_by(out[i - 1], in[j]));
		     j++) {
		}
		if (j == n) {
			return RA_OK;
		}
		out[i] = in[j];
	}
	if ((err = ra_x509_list_from(&sorted, out, n)) != RA_OK) {
		return err;
	}
	ra_x509_list_free(*l);
	*l = sorted;
	return RA_OK;
}

/* The Root CA CRL against the anchor (QVL PckCrlVerifier::verify). */
static void
check_root_crl(struct dcap_checked *k, const struct ra_x509 *anchor,
    const struct ra_dcap_collateral *c)
{
	struct dcap_part *p = &k->root_crl_part;
	enum ra_err err;

	if (!present(c->root_ca_crl)) {
		return; /* required unless RA_DCAP_OPT_NO_CRL: dcap_verify.c */
	}
	if (crl_from(&k->root_crl, c->root_ca_crl) != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_COLLATERAL_FORMAT,
		    RA_DCAP_ITEM_ROOT_CA_CRL, "", "not a DER or PEM CRL");
		return;
	}
	crl_window(&k->win[RA_DCAP_ITEM_ROOT_CA_CRL], k->root_crl);
	err = ra_x509_crl_check(k->root_crl, anchor, &p->x509);
	if (err != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_CRL_INVALID, RA_DCAP_ITEM_ROOT_CA_CRL,
		    "", "%s",
		    err == RA_ERR_AUTH ? "signature does not verify under the "
		                         "trust anchor"
		                       : p->x509.reason);
		ra_x509_crl_free(k->root_crl);
		k->root_crl = NULL;
	}
}

/* The PCK CRL parses; its signature waits for the quote's CA. */
static void
parse_pck_crl(struct dcap_checked *k, const struct ra_dcap_collateral *c)
{
	if (!present(c->pck_crl)) {
		return;
	}
	if (crl_from(&k->pck_crl, c->pck_crl) != RA_OK) {
		part_fail(&k->pck_crl_part, RA_DCAP_FAIL_COLLATERAL_FORMAT,
		    RA_DCAP_ITEM_PCK_CRL, "", "not a DER or PEM CRL");
		return;
	}
	crl_window(&k->win[RA_DCAP_ITEM_PCK_CRL], k->pck_crl);
}

/*
 * A TCB signing chain (QVL TCBSigningChain): [signer] or [signer, root];
 * the signer named for its role, issued by the anchor, verified to it
 * and not revoked by the Root CA CRL.
 */
static void
check_signer(struct dcap_part *p, struct dcap_checked *k,
    const struct ra_x509 *anchor, const struct ra_x509_list *chain,
    enum ra_dcap_item chain_item)
{
	const struct ra_x509 *signer = ra_x509_list_get(chain, 0);
	enum ra_dcap_item si = RA_DCAP_ITEM_TCB_SIGNING_CERT;

	if (ra_x509_list_len(chain) > 2 || !cn_has(signer, CN_TCB_SIGNER)) {
		part_fail(p, RA_DCAP_FAIL_TCB_SIGNING_CHAIN, chain_item, "CN",
		    "the first certificate is not a TCB signing certificate "
		    "(CN containing \"%s\") followed at most by the root",
		    CN_TCB_SIGNER);
		return;
	}
	if (!issued_by(signer, anchor)) {
		part_fail(p, RA_DCAP_FAIL_TCB_SIGNING_CHAIN, si, "issuer",
		    "the TCB signing certificate is not issued by the trust "
		    "anchor");
		return;
	}
	if (!root_copy_ok(chain, 1, anchor)) {
		part_fail(p, RA_DCAP_FAIL_TCB_SIGNING_CHAIN,
		    RA_DCAP_ITEM_ROOT_CA, "",
		    "the chain's root is not the trust anchor");
		return;
	}
	if (ra_x509_verify_ex(chain, anchor, NULL, 0, 0,
	        RA_X509_NO_TIME | RA_X509_ANCHOR_CHECKED, &p->x509) != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_TCB_SIGNING_CHAIN,
		    p->x509.depth == 0 ? si : chain_item, "", "%s",
		    p->x509.reason);
		return;
	}
	if (k->root_crl != NULL && ra_x509_crl_revokes(k->root_crl, signer)) {
		part_fail(p, RA_DCAP_FAIL_TCB_SIGNING_REVOKED, si, "",
		    "revoked by the Root CA CRL");
		return;
	}
	cert_window(&k->win[si], signer);
}

/* The signature over the exact text, by the verified signer. */
static void
check_doc_sig(struct dcap_part *p, const struct ra_x509 *signer,
    struct ra_bytes text, const struct ra_ec256_sig *sig,
    enum ra_dcap_fail fail, enum ra_dcap_item item)
{
	struct ra_ec256_pub pub;
	struct ra_hash256 h;

	if (ra_x509_pub_ec256(signer, &pub) != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_TCB_SIGNING_CHAIN,
		    RA_DCAP_ITEM_TCB_SIGNING_CERT, "subjectPublicKey",
		    "not a P-256 key");
		return;
	}
	ra_sha256(&h, text.p, text.len);
	if (ra_ecdsa_verify(&pub, &h, sig) != RA_OK) {
		part_fail(p, fail, item, "signature",
		    "does not verify under the TCB signing key over the "
		    "exact signed text");
	}
}

/* One signed document: its chain, its signature, then its content. */
struct doc {
	struct ra_bytes chain;
	struct ra_bytes text;
	const struct ra_ec256_sig *sig;
	enum ra_dcap_item chain_item;
	enum ra_dcap_item item;
	enum ra_dcap_fail sig_fail;
};

/* The issuer chain, parsed (a copy of the anchor is not parsed again). */
static enum ra_err
signer_chain(struct ra_x509_list **chain, struct dcap_part *p,
    struct dcap_checked *k, const struct ra_x509 *anchor, const struct doc *d)
{
	enum ra_err err;

	err = ra_x509_list_from_known(
	    chain, d->chain.p, d->chain.len, &anchor, 1);
	if (err == RA_OK) {
		err = order_chain(chain);
	}
	if (err == RA_ERR_NOMEM) {
		return err;
	}
	if (err != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_COLLATERAL_FORMAT, d->chain_item, "",
		    "not a certificate chain");
		return RA_OK;
	}
	check_signer(p, k, anchor, *chain, d->chain_item);
	return RA_OK;
}

/* Its signature under the verified chain, then its meaning. */
static enum ra_err
check_doc(struct dcap_part *p, struct dcap_checked *k,
    const struct ra_x509_list *chain, const struct doc *d)
{
	enum ra_err err;

	if (p->fail != RA_DCAP_FAIL_NONE) {
		return RA_OK;
	}
	check_doc_sig(p, ra_x509_list_get(chain, 0), d->text, d->sig,
	    d->sig_fail, d->item);
	if (p->fail != RA_DCAP_FAIL_NONE) {
		return RA_OK;
	}
	if (d->item == RA_DCAP_ITEM_TCB_INFO) {
		err = ra_tcb_info_parse(
		    &k->tcb, (const char *)d->text.p, d->text.len);
		set_window(
		    &k->win[d->item], k->tcb.issue_date, k->tcb.next_update);
	} else {
		err = ra_qe_identity_parse(
		    &k->qe, (const char *)d->text.p, d->text.len);
		set_window(
		    &k->win[d->item], k->qe.issue_date, k->qe.next_update);
	}
	if (err == RA_ERR_NOMEM) {
		return err;
	}
	if (err != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_COLLATERAL_FORMAT, d->item,
		    d->item == RA_DCAP_ITEM_TCB_INFO ? k->tcb.err_field
		                                     : k->qe.err_field,
		    "%s", ra_strerror(err));
	}
	return RA_OK;
}

/* Both documents; one chain verification when they share the chain. */
static enum ra_err
check_docs(struct dcap_checked *k, const struct ra_x509 *anchor,
    const struct doc *tcb, const struct doc *qe)
{
	struct ra_x509_list *tc = NULL, *qc = NULL;
	enum ra_err err;

	err = signer_chain(&tc, &k->tcb_part, k, anchor, tcb);
	if (err == RA_OK && same_bytes(qe->chain, tcb->chain)) {
		k->qe_part = k->tcb_part;
		if (k->qe_part.item == tcb->chain_item) {
			k->qe_part.item = qe->chain_item;
		}
	} else if (err == RA_OK) {
		err = signer_chain(&qc, &k->qe_part, k, anchor, qe);
	}
	if (err == RA_OK) {
		err = check_doc(&k->tcb_part, k, tc, tcb);
	}
	if (err == RA_OK) {
		err = check_doc(&k->qe_part, k, qc != NULL ? qc : tc, qe);
	}
	ra_x509_list_free(tc);
	ra_x509_list_free(qc);
	return err;
}

enum ra_err
ra_dcap_check_collateral(struct dcap_checked **out,
    const struct ra_x509 *anchor, const struct ra_hash256 *anchor_id,
    unsigned int options, const struct ra_dcap_collateral *c)
{
	static atomic_uint_fast64_t serials;
	struct dcap_checked *k = calloc(1, sizeof(*k));
	struct doc tcb = { c->tcb_info_issuer_chain, c->tcb_info,
		&c->tcb_info_sig, RA_DCAP_ITEM_TCB_INFO_ISSUER_CHAIN,
		RA_DCAP_ITEM_TCB_INFO, RA_DCAP_FAIL_TCB_INFO_SIGNATURE };
	struct doc qe = { c->qe_identity_issuer_chain, c->qe_identity,
		&c->qe_identity_sig, RA_DCAP_ITEM_QE_IDENTITY_ISSUER_CHAIN,
		RA_DCAP_ITEM_QE_IDENTITY, RA_DCAP_FAIL_QE_IDENTITY_SIGNATURE };
	enum ra_err err;

	*out = NULL;
	if (k == NULL) {
		return RA_ERR_NOMEM;
	}
	atomic_init(&k->refs, 1);
	k->serial = atomic_fetch_add(&serials, 1) + 1;
	k->fp = ra_dcap_check_fingerprint(anchor_id, options, c);
	k->anchor_id = *anchor_id;
	k->options = options;
	check_root_crl(k, anchor, c);
	parse_pck_crl(k, c);
	if ((err = check_docs(k, anchor, &tcb, &qe)) != RA_OK) {
		ra_dcap_cache_checked_release(k);
		return err;
	}
	k->ok = k->root_crl_part.fail == RA_DCAP_FAIL_NONE &&
	    k->pck_crl_part.fail == RA_DCAP_FAIL_NONE &&
	    k->tcb_part.fail == RA_DCAP_FAIL_NONE &&
	    k->qe_part.fail == RA_DCAP_FAIL_NONE;
	*out = k;
	return RA_OK;
}

/* ---- the PCK chain ------------------------------------------------------ */

/* The certificates of a chain given in two pieces (type 4). */
static enum ra_err
join_chain(struct ra_x509_list **out, const struct ra_x509_list *leaf,
    const struct ra_x509_list *rest)
{
	const struct ra_x509 *certs[RA_X509_LIST_MAX];
	size_t n = 0, i = 0;

	certs[n++] = ra_x509_list_get(leaf, 0);
	/* the collateral chain may repeat the leaf first */
	if (ra_x509_list_len(rest) > 0 &&
	    ra_x509_equal(ra_x509_list_get(rest, 0), certs[0])) {
		i = 1;
	}
	for (; i < ra_x509_list_len(rest) && n < RA_X509_LIST_MAX; i++) {
		certs[n++] = ra_x509_list_get(rest, i);
	}
	return ra_x509_list_from(out, certs, n);
}

/* The chain of q: certification data type 5, or 4 + collateral, or 1..3. */
static enum ra_err
pck_chain(struct ra_x509_list **out, struct dcap_part *p,
    const struct ra_dcap_quote *q, const struct ra_dcap_collateral *c,
    const struct ra_x509 *anchor)
{
	struct ra_x509_list *leaf = NULL, *rest = NULL;
	struct ra_bytes more =
	    present(c->pck_chain) ? c->pck_chain : c->pck_crl_issuer_chain;
	enum ra_err err;

	*out = NULL;
	if (q->cert_type == RA_DCAP_CERT_PCK_CHAIN) {
		err = ra_x509_list_from_known(
		    out, q->cert_data.p, q->cert_data.len, &anchor, 1);
		if (err != RA_OK && err != RA_ERR_NOMEM) {
			part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, RA_DCAP_ITEM_QUOTE,
			    "certification data",
			    "the type 5 data is not a certificate chain");
		}
		return err == RA_ERR_NOMEM ? err : RA_OK;
	}
	if (q->cert_type != RA_DCAP_CERT_PCK_LEAF) {
		err = ra_x509_list_from_known(
		    out, c->pck_chain.p, c->pck_chain.len, &anchor, 1);
	} else if ((err = ra_x509_list_from_bytes(
	                &leaf, q->cert_data.p, q->cert_data.len)) == RA_OK &&
	    ra_x509_list_len(leaf) != 1) {
		err = RA_ERR_FORMAT; /* type 4 is one certificate */
	} else if (err == RA_OK &&
	    (err = ra_x509_list_from_known(
	         &rest, more.p, more.len, &anchor, 1)) == RA_OK) {
		err = join_chain(out, leaf, rest);
	}
	ra_x509_list_free(leaf);
	ra_x509_list_free(rest);
	if (err != RA_OK && err != RA_ERR_NOMEM) {
		part_fail(p, RA_DCAP_FAIL_COLLATERAL_FORMAT,
		    RA_DCAP_ITEM_PCK_CHAIN, "", "not a certificate chain");
	}
	return err == RA_ERR_NOMEM ? err : RA_OK;
}

/* Leaf, CA (and root) by role and name; the CA kind. */
static void
check_shape(struct dcap_pck *out, struct dcap_part *p,
    const struct ra_x509_list *chain, const struct ra_x509 *anchor)
{
	const struct ra_x509 *leaf = ra_x509_list_get(chain, 0);
	const struct ra_x509 *ca = ra_x509_list_get(chain, 1);
	size_t n = ra_x509_list_len(chain);

	if (n < 2 || n > 3) {
		part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, RA_DCAP_ITEM_PCK_CERT, "",
		    "%zu certificates: a PCK chain is the PCK certificate, its "
		    "CA and optionally the root",
		    n);
		return;
	}
	if (!cn_has(leaf, CN_PCK)) {
		part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, RA_DCAP_ITEM_PCK_CERT,
		    "CN", "the leaf's CN does not contain \"%s\"", CN_PCK);
	} else if (!cn_has(ca, CN_PROCESSOR) && !cn_has(ca, CN_PLATFORM)) {
		part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, RA_DCAP_ITEM_PCK_CA, "CN",
		    "the CA's CN names neither the Processor nor the Platform "
		    "CA");
	} else if (!issued_by(leaf, ca) || !issued_by(ca, anchor)) {
		part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, RA_DCAP_ITEM_PCK_CA,
		    "issuer",
		    "the chain is not PCK certificate <- CA <- trust anchor");
	} else if (!root_copy_ok(chain, 2, anchor)) {
		part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, RA_DCAP_ITEM_ROOT_CA, "",
		    "the chain's root is not the trust anchor");
	}
	out->ca =
	    cn_has(ca, CN_PLATFORM) ? RA_PCK_CA_PLATFORM : RA_PCK_CA_PROCESSOR;
}

static enum ra_dcap_item
depth_item(int depth)
{
	switch (depth) {
	case 0:
		return RA_DCAP_ITEM_PCK_CERT;
	case 1:
		return RA_DCAP_ITEM_PCK_CA;
	default:
		return RA_DCAP_ITEM_ROOT_CA;
	}
}

/*
 * The collateral's PCK CRL issuer chain: the quote's CA (the CRL is
 * verified under that one), or a re-issue of it that verifies to the
 * anchor itself; then at most the root.
 */
static bool
crl_chain_ok(const struct ra_x509_list *chain, const struct ra_x509 *ca,
    const struct ra_x509 *anchor)
{
	const struct ra_x509 *first = ra_x509_list_get(chain, 0);

	if (!root_copy_ok(chain, 1, anchor)) {
		return false;
	}
	if (ra_x509_equal(first, ca)) {
		return true;
	}
	return same_ca(first, ca) &&
	    ra_x509_verify_ex(chain, anchor, NULL, 0, 0,
	        RA_X509_NO_TIME | RA_X509_ANCHOR_CHECKED, NULL) == RA_OK;
}

/* The collateral's PCK CRL issuer chain, if any (copies cost no parse). */
static bool
check_crl_chain(struct dcap_part *p, const struct ra_dcap_collateral *c,
    const struct ra_x509 *ca, const struct ra_x509 *anchor)
{
	const struct ra_x509 *known[2] = { ca, anchor };
	struct ra_x509_list *l = NULL;
	enum ra_err err;
	bool ok;

	if (!present(c->pck_crl_issuer_chain)) {
		return true;
	}
	err = ra_x509_list_from_known(&l, c->pck_crl_issuer_chain.p,
	    c->pck_crl_issuer_chain.len, known, 2);
	if (err == RA_OK) {
		err = order_chain(&l);
	}
	if (err != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_COLLATERAL_FORMAT,
		    RA_DCAP_ITEM_PCK_CRL_ISSUER_CHAIN, "",
		    "not a certificate chain");
		ra_x509_list_free(l);
		return false;
	}
	ok = crl_chain_ok(l, ca, anchor);
	ra_x509_list_free(l);
	if (!ok) {
		part_fail(p, RA_DCAP_FAIL_CRL_INVALID,
		    RA_DCAP_ITEM_PCK_CRL_ISSUER_CHAIN, "",
		    "it is not the PCK certificate's CA and the root");
	}
	return ok;
}

/* QVL PckCertVerifier's CRL part and QuoteVerifier 4.1.2.4.6-7. */
static void
check_revocation(struct dcap_part *p, const struct dcap_checked *k,
    const struct ra_dcap_collateral *c, const struct ra_x509 *leaf,
    const struct ra_x509 *ca, const struct ra_x509 *anchor)
{
	enum ra_err err;

	/* QVL order: the Root CA CRL, the PCK CRL, then revocations */
	if (k->root_crl_part.fail != RA_DCAP_FAIL_NONE) {
		*p = k->root_crl_part;
		return;
	}
	if (k->pck_crl_part.fail != RA_DCAP_FAIL_NONE) {
		*p = k->pck_crl_part;
		return;
	}
	if (k->pck_crl != NULL) {
		err = ra_x509_crl_check(k->pck_crl, ca, &p->x509);
		if (err != RA_OK) {
			part_fail(p, RA_DCAP_FAIL_CRL_INVALID,
			    RA_DCAP_ITEM_PCK_CRL, "", "%s",
			    err == RA_ERR_AUTH ? "signature does not verify "
			                         "under the PCK CA"
			                       : p->x509.reason);
			return;
		}
	}
	if (!check_crl_chain(p, c, ca, anchor)) {
		return;
	}
	if (k->root_crl != NULL && ra_x509_crl_revokes(k->root_crl, ca)) {
		part_fail(p, RA_DCAP_FAIL_PCK_CA_REVOKED, RA_DCAP_ITEM_PCK_CA,
		    "", "revoked by the Root CA CRL");
	} else if (k->pck_crl != NULL &&
	    ra_x509_crl_revokes(k->pck_crl, leaf)) {
		part_fail(p, RA_DCAP_FAIL_PCK_REVOKED, RA_DCAP_ITEM_PCK_CERT,
		    "", "revoked by the PCK CRL");
	}
}

/* The SGX extension and the key of the leaf. */
static void
check_leaf(
    struct dcap_pck *out, struct dcap_part *p, const struct ra_x509 *leaf)
{
	struct ra_bytes v;
	bool critical = false, found = false;
	enum ra_err err;

	if (ra_x509_extension(leaf, RA_SGX_EXT_OID, &v, &critical, &found) !=
	        RA_OK ||
	    !found) {
		part_fail(p, RA_DCAP_FAIL_PCK_EXTENSION, RA_DCAP_ITEM_PCK_CERT,
		    "SGX Extensions", "missing or duplicated (OID %s)",
		    RA_SGX_EXT_OID);
		return;
	}
	if ((err = ra_pck_ext_parse(&out->ext, v.p, v.len)) != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_PCK_EXTENSION, RA_DCAP_ITEM_PCK_CERT,
		    out->ext.err_field, "%s", ra_strerror(err));
		return;
	}
	if (ra_x509_pub_ec256(leaf, &out->pub) != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, RA_DCAP_ITEM_PCK_CERT,
		    "subjectPublicKey", "not a P-256 key");
	}
}

enum ra_err
ra_dcap_check_pck(struct dcap_pck *out, struct dcap_part *p,
    const struct ra_x509 *anchor, const struct dcap_checked *k,
    const struct ra_dcap_quote *q, const struct ra_dcap_collateral *c)
{
	struct ra_x509_list *chain = NULL;
	const struct ra_x509 *leaf, *ca;
	enum ra_err err;

	memset(out, 0, sizeof(*out));
	memset(p, 0, sizeof(*p));
	if ((err = pck_chain(&chain, p, q, c, anchor)) != RA_OK ||
	    chain == NULL || (err = order_chain(&chain)) != RA_OK) {
		ra_x509_list_free(chain);
		return err;
	}
	leaf = ra_x509_list_get(chain, 0);
	ca = ra_x509_list_get(chain, 1);
	check_shape(out, p, chain, anchor);
	if (p->fail == RA_DCAP_FAIL_NONE &&
	    ra_x509_verify_ex(chain, anchor, NULL, 0, 0,
	        RA_X509_NO_TIME | RA_X509_ANCHOR_CHECKED, &p->x509) != RA_OK) {
		part_fail(p, RA_DCAP_FAIL_PCK_CHAIN, depth_item(p->x509.depth),
		    "", "%s", p->x509.reason);
	}
	if (p->fail == RA_DCAP_FAIL_NONE) {
		check_revocation(p, k, c, leaf, ca, anchor);
	}
	if (p->fail == RA_DCAP_FAIL_NONE) {
		check_leaf(out, p, leaf);
		cert_window(&out->win_leaf, leaf);
		cert_window(&out->win_ca, ca);
	}
	ra_x509_list_free(chain);
	return RA_OK;
}
