/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bad input for the DCAP verifier: every mutation must give a specific
 * refusal, never an accept, never a crash (run under ASan in make V=asan
 * check).
 *
 * Real data (tests/data/real/dcap/phala-sgx-v3, a v3 SGX quote, and
 * phala-tdx-v4, a v4 TDX quote, both with complete collateral):
 * truncation at every offset; every bit flipped in the signed regions of
 * the quote, the QE report, the QE authentication data, the attestation
 * key and both signatures; one bit flipped in every byte of the
 * certification data, the TCB Info and QE Identity texts and signatures,
 * both CRLs and every issuer chain; swapped certificates and documents;
 * times before and after the validity windows; unknown version, TEE and
 * key types.
 *
 * Synthetic data (tests/common/dcap_synth.c, a test root and PKI with the
 * SGX extension): a revoked PCK certificate, CA and TCB signer; CRLs
 * without the required extensions; wrong FMSPC, PCE-ID, TCB Info id; QE
 * identity mismatches field by field; QE and platform TCB levels;
 * certification data types 1, 3, 4 and 5, quotes v3 and v4.
 */
#include <stdio.h>
#include <string.h>

#include "dcap_sets.h"
#include "dcap_synth.h"
#include "sgxra/crypto.h"
#include "test.h"

#define BIT(f) (1UL << (f))
#define NOW    1767225600 /* 2026-01-01: synthetic data's "now" */
#define DAY    ((int64_t)86400)

/* ---- helpers ------------------------------------------------------------- */

struct real {
	struct test_dcap_set s;
	struct ra_dcap_verifier *vf;
	struct ra_dcap_cache *cache;
	struct ra_dcap_verdict base;
	size_t quote_len;  /* without trailing padding */
	size_t signed_len; /* header and body */
	size_t sig_off;    /* start of the signature data */
	struct ra_dcap_quote q;
};

static void
real_load(struct real *r, const char *name)
{
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	test_dcap_set_load(&r->s, name);
	r->vf = test_dcap_verifier(&r->s, 0);
	assert_ra_ok(ra_dcap_cache_new(&r->cache, 16, NULL, NULL, 0));
	assert_ra_ok(ra_dcap_quote_len(&n, r->s.quote, r->s.quote_len));
	assert_ra_ok(ra_dcap_quote_parse(&r->q, r->s.quote, n));
	r->quote_len = n;
	r->signed_len = r->q.signed_data.len;
	r->sig_off = r->signed_len + 4;
	assert_ra_ok(ra_dcap_verify_quote(&r->base, r->vf, r->cache, r->s.quote,
	    r->s.quote_len, &r->s.coll, r->s.time));
	assert_int_equal(r->base.fail, RA_DCAP_FAIL_NONE);
}

static void
real_free(struct real *r)
{
	ra_dcap_cache_free(r->cache);
	ra_dcap_verify_free(r->vf);
	test_dcap_set_free(&r->s);
}

static void
run(struct ra_dcap_verdict *v, struct real *r, const uint8_t *quote, size_t len,
    const struct ra_dcap_collateral *c)
{
	assert_ra_ok(
	    ra_dcap_verify_quote(v, r->vf, r->cache, quote, len, c, r->s.time));
}

/* A refusal from the allowed set of failures, or fail the test. */
static void
want_refused(const struct ra_dcap_verdict *v, unsigned long allowed,
    const char *what, size_t off, int bit)
{
	if (v->fail == RA_DCAP_FAIL_NONE ||
	    ra_dcap_verify_accepts(v, ~0U, true)) {
		fail_msg("%s: byte %zu bit %d: accepted", what, off, bit);
	}
	if ((allowed & BIT(v->fail)) == 0) {
		fail_msg("%s: byte %zu bit %d: unexpected refusal: %s", what,
		    off, bit, v->msg);
	}
}

/* Flip bits of quote[from..to) (step: every bit, or one per byte). */
static void
flip_quote(struct real *r, size_t from, size_t to, bool every_bit,
    unsigned long allowed, const char *what)
{
	uint8_t *q = malloc(r->s.quote_len);
	struct ra_dcap_verdict v;
	size_t i;
	int bit;

	assert_non_null(q);
	memcpy(q, r->s.quote, r->s.quote_len);
	for (i = from; i < to; i++) {
		for (bit = every_bit ? 0 : (int)(i % 8); bit < 8;
		     bit += every_bit ? 1 : 8) {
			q[i] ^= (uint8_t)(1U << bit);
			run(&v, r, q, r->s.quote_len, &r->s.coll);
			q[i] ^= (uint8_t)(1U << bit);
			want_refused(&v, allowed, what, i, bit);
		}
	}
	free(q);
}

/* ---- real quotes ----------------------------------------------------------
 */

static const unsigned long quote_header_fails = BIT(RA_DCAP_FAIL_QUOTE_FORMAT) |
    BIT(RA_DCAP_FAIL_QUOTE_UNSUPPORTED) | BIT(RA_DCAP_FAIL_QUOTE_SIGNATURE) |
    BIT(RA_DCAP_FAIL_TCB_INFO_MISMATCH) |
    BIT(RA_DCAP_FAIL_TDX_MODULE_MISMATCH) |
    BIT(RA_DCAP_FAIL_QE_IDENTITY_MISMATCH);

static void
truncations(const char *name)
{
	struct real r;
	struct ra_dcap_verdict v;
	size_t n;

	real_load(&r, name);
	for (n = 0; n < r.quote_len; n++) {
		uint8_t *t = malloc(n == 0 ? 1 : n);

		assert_non_null(t);
		memcpy(t, r.s.quote, n);
		run(&v, &r, n == 0 ? NULL : t, n, &r.s.coll);
		free(t);
		if (v.fail != RA_DCAP_FAIL_QUOTE_FORMAT) {
			fail_msg("%s: %zu of %zu bytes: %s", name, n,
			    r.quote_len, v.msg);
		}
	}
	real_free(&r);
}

static void
test_truncate_sgx(void **state)
{
	(void)state;
	truncations("phala-sgx-v3");
}

static void
test_truncate_tdx(void **state)
{
	(void)state;
	truncations("phala-tdx-v4");
}

/* Every signed or bound region of the quote, by its expected refusal. */
static void
signed_regions(const char *name)
{
	struct real r;
	size_t s, qe, auth, cert;

	real_load(&r, name);
	s = r.sig_off;
	/* quote sig 64 | att key 64 | [type 6 wrapper 6] | QE report 384 */
	qe = s + 128 + (r.q.version > 3 ? 6 : 0);
	auth = qe + RA_REPORT_BODY_LEN + 64 + 2;
	cert = auth + r.q.qe_auth_data.len + 6;
	flip_quote(
	    &r, 0, r.signed_len, true, quote_header_fails, "header/body");
	flip_quote(&r, s, s + 64, true, BIT(RA_DCAP_FAIL_QUOTE_SIGNATURE),
	    "quote signature");
	flip_quote(&r, s + 64, s + 128, true, BIT(RA_DCAP_FAIL_QE_REPORT_DATA),
	    "attestation key");
	flip_quote(&r, qe, qe + RA_REPORT_BODY_LEN + 64, true,
	    BIT(RA_DCAP_FAIL_QE_REPORT_SIGNATURE), "QE report and signature");
	flip_quote(&r, auth, auth + r.q.qe_auth_data.len, true,
	    BIT(RA_DCAP_FAIL_QE_REPORT_DATA), "QE auth data");
	/* lengths and types: anything but an accept */
	flip_quote(&r, r.signed_len, s, true, ~0UL & ~BIT(0), "sig_data_len");
	flip_quote(&r, auth - 2, auth, true, ~0UL & ~BIT(0), "auth size");
	flip_quote(&r, cert - 6, cert, true, ~0UL & ~BIT(0), "cert type/size");
	real_free(&r);
}

static void
test_flip_signed_sgx(void **state)
{
	(void)state;
	signed_regions("phala-sgx-v3");
}

static void
test_flip_signed_tdx(void **state)
{
	(void)state;
	signed_regions("phala-tdx-v4");
}

/*
 * The certificates of a (mutated) chain are the original's, in order,
 * whatever the PEM text around them: a prefix of them, since a damaged
 * END line can drop the optional root copy (the anchor stands in).
 */
static bool
same_certs(struct ra_bytes a, struct ra_bytes orig)
{
	struct ra_x509_list *la = NULL, *lb = NULL;
	bool same;
	size_t i;

	if (ra_x509_list_from_bytes(&la, a.p, a.len) != RA_OK ||
	    ra_x509_list_from_bytes(&lb, orig.p, orig.len) != RA_OK) {
		ra_x509_list_free(la);
		return false;
	}
	same = ra_x509_list_len(la) <= ra_x509_list_len(lb);
	for (i = 0; same && i < ra_x509_list_len(la); i++) {
		same = ra_x509_equal(
		    ra_x509_list_get(la, i), ra_x509_list_get(lb, i));
	}
	ra_x509_list_free(la);
	ra_x509_list_free(lb);
	return same;
}

/* The PEM chain in the quote: accepted only with the same certificates. */
static void
test_flip_cert_data(void **state)
{
	struct real r;
	struct ra_dcap_verdict v;
	struct ra_dcap_quote q;
	uint8_t *b;
	size_t off, i;

	(void)state;
	real_load(&r, "phala-sgx-v3");
	off = (size_t)(r.q.cert_data.p - r.s.quote);
	b = malloc(r.s.quote_len);
	assert_non_null(b);
	memcpy(b, r.s.quote, r.s.quote_len);
	for (i = off; i < off + r.q.cert_data.len; i++) {
		b[i] ^= (uint8_t)(1U << (i % 8));
		run(&v, &r, b, r.s.quote_len, &r.s.coll);
		if (v.fail == RA_DCAP_FAIL_NONE) {
			assert_ra_ok(ra_dcap_quote_parse(&q, b, r.s.quote_len));
			if (!same_certs(q.cert_data, r.q.cert_data)) {
				fail_msg(
				    "byte %zu: other certificates accepted", i);
			}
		}
		b[i] ^= (uint8_t)(1U << (i % 8));
	}
	free(b);
	real_free(&r);
}

/* One bit in every byte of a collateral item (a copy put in place). */
static void
flip_item(struct real *r, struct ra_bytes *item, unsigned long allowed,
    bool pem, const char *what)
{
	struct ra_bytes orig = *item;
	struct ra_dcap_verdict v;
	uint8_t *b = malloc(orig.len);
	size_t i;

	assert_non_null(b);
	memcpy(b, orig.p, orig.len);
	item->p = b;
	for (i = 0; i < orig.len; i++) {
		b[i] ^= (uint8_t)(1U << (i % 8));
		run(&v, r, r->s.quote, r->s.quote_len, &r->s.coll);
		if (!(pem && v.fail == RA_DCAP_FAIL_NONE &&
		        same_certs(*item, orig))) {
			want_refused(&v, allowed, what, i, (int)(i % 8));
		}
		b[i] ^= (uint8_t)(1U << (i % 8));
	}
	*item = orig;
	free(b);
}

static void
flip_sig(struct real *r, struct ra_ec256_sig *sig, enum ra_dcap_fail want,
    const char *what)
{
	uint8_t *p = (uint8_t *)sig;
	struct ra_dcap_verdict v;
	size_t i;
	int bit;

	for (i = 0; i < sizeof(*sig); i++) {
		for (bit = 0; bit < 8; bit++) {
			p[i] ^= (uint8_t)(1U << bit);
			run(&v, r, r->s.quote, r->s.quote_len, &r->s.coll);
			p[i] ^= (uint8_t)(1U << bit);
			want_refused(&v, BIT(want), what, i, bit);
		}
	}
}

static void
test_flip_collateral(void **state)
{
	const unsigned long chain = BIT(RA_DCAP_FAIL_COLLATERAL_FORMAT) |
	    BIT(RA_DCAP_FAIL_TCB_SIGNING_CHAIN);
	const unsigned long crl =
	    BIT(RA_DCAP_FAIL_COLLATERAL_FORMAT) | BIT(RA_DCAP_FAIL_CRL_INVALID);
	struct real r;
	struct ra_dcap_collateral *c;

	(void)state;
	real_load(&r, "phala-sgx-v3");
	c = &r.s.coll;
	flip_item(&r, &c->tcb_info, BIT(RA_DCAP_FAIL_TCB_INFO_SIGNATURE), false,
	    "TCB Info text");
	flip_item(&r, &c->qe_identity, BIT(RA_DCAP_FAIL_QE_IDENTITY_SIGNATURE),
	    false, "QE Identity text");
	flip_sig(&r, &c->tcb_info_sig, RA_DCAP_FAIL_TCB_INFO_SIGNATURE,
	    "TCB Info signature");
	flip_sig(&r, &c->qe_identity_sig, RA_DCAP_FAIL_QE_IDENTITY_SIGNATURE,
	    "QE Identity signature");
	flip_item(&r, &c->root_ca_crl, crl, false, "Root CA CRL");
	flip_item(&r, &c->pck_crl, crl, false, "PCK CRL");
	flip_item(&r, &c->tcb_info_issuer_chain, chain, true, "TCB chain");
	flip_item(&r, &c->qe_identity_issuer_chain, chain, true, "QE chain");
	flip_item(&r, &c->pck_crl_issuer_chain, crl, true, "PCK CRL chain");
	real_free(&r);
}

/* Items swapped with each other or with another set's. */
static void
test_swapped(void **state)
{
	struct real r, o;
	struct ra_dcap_collateral c;
	struct ra_dcap_verdict v;
	struct ra_ec256_sig sig;
	struct ra_bytes t;

	(void)state;
	real_load(&r, "phala-sgx-v3");
	real_load(&o, "secretnetwork-sgx-v3");
	c = r.s.coll;
	c.tcb_info_issuer_chain = r.s.coll.pck_crl_issuer_chain;
	run(&v, &r, r.s.quote, r.s.quote_len, &c);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_SIGNING_CHAIN);
	c = r.s.coll;
	c.pck_crl_issuer_chain = r.s.coll.tcb_info_issuer_chain;
	run(&v, &r, r.s.quote, r.s.quote_len, &c);
	assert_int_equal(v.fail, RA_DCAP_FAIL_CRL_INVALID);
	assert_int_equal(v.item, RA_DCAP_ITEM_PCK_CRL_ISSUER_CHAIN);
	c = r.s.coll;
	c.root_ca_crl = r.s.coll.pck_crl;
	c.pck_crl = r.s.coll.root_ca_crl;
	run(&v, &r, r.s.quote, r.s.quote_len, &c);
	assert_int_equal(v.fail, RA_DCAP_FAIL_CRL_INVALID);
	assert_int_equal(v.item, RA_DCAP_ITEM_ROOT_CA_CRL);
	/* TCB Info and QE Identity exchanged: both signatures hold */
	c = r.s.coll;
	t = c.tcb_info;
	sig = c.tcb_info_sig;
	c.tcb_info = c.qe_identity;
	c.tcb_info_sig = c.qe_identity_sig;
	c.qe_identity = t;
	c.qe_identity_sig = sig;
	run(&v, &r, r.s.quote, r.s.quote_len, &c);
	assert_int_equal(v.fail, RA_DCAP_FAIL_COLLATERAL_FORMAT);
	assert_int_equal(v.item, RA_DCAP_ITEM_TCB_INFO);
	/* another platform's genuine TCB Info */
	c = r.s.coll;
	c.tcb_info = o.s.coll.tcb_info;
	c.tcb_info_sig = o.s.coll.tcb_info_sig;
	c.tcb_info_issuer_chain = o.s.coll.tcb_info_issuer_chain;
	run(&v, &r, r.s.quote, r.s.quote_len, &c);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_INFO_MISMATCH);
	assert_string_equal(v.field, "fmspc");
	/* another platform's PCK chain in this quote */
	run(&v, &o, o.s.quote, o.s.quote_len, &r.s.coll);
	assert_int_not_equal(v.fail, RA_DCAP_FAIL_NONE);
	real_free(&o);
	real_free(&r);
}

/* Unknown ids in the header: the field is named. */
static void
test_unknown_ids(void **state)
{
	static const struct {
		size_t off;
		uint8_t val;
		const char *field;
	} cases[] = {
		{ 0, 6, "version" },
		{ 0, 2, "version" },
		{ 2, 3, "att_key_type" },
		{ 4, 0x82, "tee_type" },
		{ 4, 0x81, "tee_type" }, /* TDX in a v3 quote */
		{ 12, 0x00, "qe_vendor_id" },
	};
	struct real r;
	struct ra_dcap_verdict v;
	uint8_t *b;
	size_t i;

	(void)state;
	real_load(&r, "phala-sgx-v3");
	b = malloc(r.s.quote_len);
	assert_non_null(b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(b, r.s.quote, r.s.quote_len);
		b[cases[i].off] = cases[i].val;
		run(&v, &r, b, r.s.quote_len, &r.s.coll);
		assert_int_equal(v.fail, RA_DCAP_FAIL_QUOTE_UNSUPPORTED);
		assert_string_equal(v.field, cases[i].field);
	}
	free(b);
	real_free(&r);
}

/* Before every window: refused; after: flagged, or refused by option. */
static void
test_times(void **state)
{
	struct real r;
	struct ra_dcap_verifier *strict = NULL;
	struct ra_dcap_verdict v;

	(void)state;
	real_load(&r, "phala-sgx-v3");
	assert_ra_ok(ra_dcap_verify_quote(&v, r.vf, r.cache, r.s.quote,
	    r.s.quote_len, &r.s.coll, r.s.time - 40 * DAY));
	assert_int_equal(v.fail, RA_DCAP_FAIL_NOT_YET_VALID);
	assert_false(ra_dcap_verify_accepts(&v, ~0U, true));
	assert_ra_ok(ra_dcap_verify_quote(&v, r.vf, r.cache, r.s.quote,
	    r.s.quote_len, &r.s.coll, r.s.time + 2));
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	assert_true(v.collateral_expired);
	assert_false(ra_dcap_verify_accepts(&v, ~0U, false));
	assert_ra_ok(ra_dcap_verify_new(
	    &strict, r.s.anchor, r.s.anchor_len, RA_DCAP_OPT_REFUSE_EXPIRED));
	assert_ra_ok(ra_dcap_verify_quote(&v, strict, r.cache, r.s.quote,
	    r.s.quote_len, &r.s.coll, r.s.time + 2));
	assert_int_equal(v.fail, RA_DCAP_FAIL_COLLATERAL_EXPIRED);
	/* twenty years on, the PCK certificate is long expired too */
	assert_ra_ok(ra_dcap_verify_quote(&v, strict, r.cache, r.s.quote,
	    r.s.quote_len, &r.s.coll, r.s.time + DAY * 365 * 20));
	assert_int_equal(v.fail, RA_DCAP_FAIL_COLLATERAL_EXPIRED);
	assert_int_equal(v.item, RA_DCAP_ITEM_PCK_CERT);
	ra_dcap_verify_free(strict);
	real_free(&r);
}

/* A wrong anchor, an absent item. */
static void
test_anchor_and_missing(void **state)
{
	struct real r;
	struct test_dcap_set other;
	struct ra_dcap_verifier *vf = NULL;
	struct ra_dcap_collateral c;
	struct ra_dcap_verdict v;

	(void)state;
	real_load(&r, "phala-sgx-v3");
	test_dcap_set_load(&other, "intel-qvl-sampledata-sgx");
	assert_ra_ok(
	    ra_dcap_verify_new(&vf, other.anchor, other.anchor_len, 0));
	assert_ra_ok(ra_dcap_verify_quote(
	    &v, vf, NULL, r.s.quote, r.s.quote_len, &r.s.coll, r.s.time));
	assert_int_not_equal(v.fail, RA_DCAP_FAIL_NONE);
	c = r.s.coll;
	c.qe_identity.len = 0;
	run(&v, &r, r.s.quote, r.s.quote_len, &c);
	assert_int_equal(v.fail, RA_DCAP_FAIL_COLLATERAL_MISSING);
	assert_int_equal(v.item, RA_DCAP_ITEM_QE_IDENTITY);
	ra_dcap_verify_free(vf);
	test_dcap_set_free(&other);
	real_free(&r);
}

/* ---- synthetic --------------------------------------------------------- */

/* Make a synthetic set with one option changed, verify, free. */
#define SYNTH(v, field, value)                       \
	do {                                         \
		struct test_synth_opts o_;           \
		struct test_synth s_;                \
		test_synth_defaults(&o_, NOW);       \
		o_.field = (value);                  \
		test_synth_make(&s_, &o_);           \
		test_synth_verify((v), &s_, NOW, 0); \
		test_synth_free(&s_);                \
	} while (0)

static void
test_synth_accepts(void **state)
{
	struct test_synth_opts o;
	struct test_synth s;
	struct ra_dcap_verdict v;

	(void)state;
	test_synth_defaults(&o, NOW);
	test_synth_make(&s, &o);
	test_synth_verify(&v, &s, NOW, 0);
	if (v.fail != RA_DCAP_FAIL_NONE) {
		fail_msg("%s", v.msg);
	}
	assert_int_equal(v.status, RA_TCB_UP_TO_DATE);
	assert_true(v.revocation_checked);
	assert_true(v.has_body);
	/* the same quote under Intel's root: refused */
	{
		struct ra_dcap_verifier *vf = NULL;

		assert_ra_ok(ra_dcap_verify_new(&vf, NULL, 0, 0));
		assert_ra_ok(ra_dcap_verify_quote(
		    &v, vf, NULL, s.quote, s.quote_len, &s.coll, NOW));
		assert_int_equal(v.fail, RA_DCAP_FAIL_PCK_CHAIN);
		assert_string_equal(v.field, "issuer");
		ra_dcap_verify_free(vf);
	}
	/* not yet valid, then expired */
	test_synth_verify(&v, &s, NOW - 2 * DAY, 0);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NOT_YET_VALID);
	assert_int_equal(v.item, RA_DCAP_ITEM_PCK_CERT);
	test_synth_verify(&v, &s, NOW + 31 * DAY, 0);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	assert_true(v.collateral_expired);
	assert_int_equal(v.expired_item, RA_DCAP_ITEM_ROOT_CA_CRL);
	test_synth_free(&s);
	SYNTH(&v, quote_version, 4);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	SYNTH(&v, platform, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	SYNTH(&v, cert_type, RA_DCAP_CERT_PCK_LEAF);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	SYNTH(&v, cert_type, RA_DCAP_CERT_PPID_CLEAR);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	SYNTH(&v, cert_type, RA_DCAP_CERT_PPID_RSA3072);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
}

static void
test_synth_revoked(void **state)
{
	struct ra_dcap_verdict v;

	(void)state;
	SYNTH(&v, revoke_pck, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_PCK_REVOKED);
	SYNTH(&v, revoke_ca, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_PCK_CA_REVOKED);
	SYNTH(&v, revoke_signer, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_SIGNING_REVOKED);
	SYNTH(&v, bare_crls, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_CRL_INVALID);
	assert_int_equal(v.item, RA_DCAP_ITEM_ROOT_CA_CRL);
}

static void
test_synth_mismatch(void **state)
{
	struct ra_dcap_verdict v;
	struct test_synth_opts o;
	struct test_synth s;

	(void)state;
	test_synth_defaults(&o, NOW);
	o.tcb_fmspc[0] ^= 1;
	test_synth_make(&s, &o);
	test_synth_verify(&v, &s, NOW, 0);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_INFO_MISMATCH);
	assert_string_equal(v.field, "fmspc");
	test_synth_free(&s);
	SYNTH(&v, tcb_pce_id, "0001");
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_INFO_MISMATCH);
	assert_string_equal(v.field, "pceId");
	SYNTH(&v, tcb_id, "TDX");
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_INFO_MISMATCH);
	assert_string_equal(v.field, "id");
	SYNTH(&v, no_sgx_ext, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_PCK_EXTENSION);
	SYNTH(&v, tcb_signed_by_pck, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_SIGNING_CHAIN);
	SYNTH(&v, bad_report_data, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_QE_REPORT_DATA);
	SYNTH(&v, att_key_off_curve, true);
	assert_int_equal(v.fail, RA_DCAP_FAIL_ATT_KEY);
}

static void
test_synth_qe_identity(void **state)
{
	struct ra_dcap_verdict v;

	(void)state;
	SYNTH(&v, qe_id, "TD_QE");
	assert_int_equal(v.fail, RA_DCAP_FAIL_QE_IDENTITY_MISMATCH);
	assert_string_equal(v.field, "id");
	SYNTH(&v, qe_mrsigner_xor, 1);
	assert_int_equal(v.fail, RA_DCAP_FAIL_QE_IDENTITY_MISMATCH);
	assert_string_equal(v.field, "mrsigner");
	SYNTH(&v, qe_misc_select, 1);
	assert_string_equal(v.field, "miscselect");
	SYNTH(&v, qe_isv_prod_id, 2);
	assert_string_equal(v.field, "isvprodid");
	/* QE levels: 8 UpToDate, 6 OutOfDate, 3 Revoked, below: none */
	SYNTH(&v, qe_isv_svn, 7);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	assert_int_equal(v.status, RA_TCB_OUT_OF_DATE);
	assert_int_equal(v.qe_status, RA_TCB_OUT_OF_DATE);
	SYNTH(&v, qe_isv_svn, 3);
	assert_int_equal(v.status, RA_TCB_REVOKED);
	assert_false(ra_dcap_verify_accepts(&v, 1U << RA_TCB_UP_TO_DATE, true));
	SYNTH(&v, qe_isv_svn, 2);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_NOT_SUPPORTED);
}

static void
test_synth_tcb_levels(void **state)
{
	struct ra_dcap_verdict v;
	struct test_synth_opts o;
	struct test_synth s;

	(void)state;
	test_synth_defaults(&o, NOW);
	memset(o.pck_comp, 4, sizeof(o.pck_comp));
	test_synth_make(&s, &o);
	test_synth_verify(&v, &s, NOW, 0);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	assert_int_equal(v.status, RA_TCB_OUT_OF_DATE);
	assert_int_equal(v.n_advisories, 2);
	assert_string_equal(v.advisories[1], "INTEL-SA-00002");
	test_synth_free(&s);
	o.pck_comp[15] = 2; /* one component below every level */
	test_synth_make(&s, &o);
	test_synth_verify(&v, &s, NOW, 0);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_NOT_SUPPORTED);
	test_synth_free(&s);
	SYNTH(&v, pck_pce_svn, 7);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_NOT_SUPPORTED);
}

/* Types 1 to 4 without the chain in the collateral: named as missing. */
static void
test_synth_missing_chain(void **state)
{
	struct test_synth_opts o;
	struct test_synth s;
	struct ra_dcap_verdict v;

	(void)state;
	test_synth_defaults(&o, NOW);
	o.cert_type = RA_DCAP_CERT_PPID_RSA3072;
	test_synth_make(&s, &o);
	s.coll.pck_chain = (struct ra_bytes){ NULL, 0 };
	test_synth_verify(&v, &s, NOW, 0);
	assert_int_equal(v.fail, RA_DCAP_FAIL_COLLATERAL_MISSING);
	assert_int_equal(v.item, RA_DCAP_ITEM_PCK_CHAIN);
	test_synth_free(&s);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_synth_accepts),
	cmocka_unit_test(test_synth_revoked),
	cmocka_unit_test(test_synth_mismatch),
	cmocka_unit_test(test_synth_qe_identity),
	cmocka_unit_test(test_synth_tcb_levels),
	cmocka_unit_test(test_synth_missing_chain),
	cmocka_unit_test(test_unknown_ids),
	cmocka_unit_test(test_times),
	cmocka_unit_test(test_anchor_and_missing),
	cmocka_unit_test(test_swapped),
	cmocka_unit_test(test_truncate_sgx),
	cmocka_unit_test(test_truncate_tdx),
	cmocka_unit_test(test_flip_signed_sgx),
	cmocka_unit_test(test_flip_signed_tdx),
	cmocka_unit_test(test_flip_cert_data),
	cmocka_unit_test(test_flip_collateral),
};

TEST_MAIN(tests)
