/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * X.509 on real Intel chains at their pinned times (DCAP PCK chains with
 * the Root CA and PCK CRLs, TCB signing chains, the IAS report-signing
 * chain and its RSA signatures over real reports), plus a synthetic PKI
 * for revocation, expiry and substitution.
 */
#include <string.h>

#include <jansson.h>

#include "pki.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "sgxra/x509.h"
#include "test.h"

#define REAL "tests/data/real/"

static struct ra_x509 *
load_cert(const char *rel)
{
	size_t len;
	uint8_t *b = test_load(rel, &len);
	struct ra_x509 *c = NULL;

	if (len > 10 && memcmp(b, "-----BEGIN", 10) == 0) {
		assert_ra_ok(ra_x509_from_pem(&c, (char *)b, len));
	} else {
		assert_ra_ok(ra_x509_from_der(&c, b, len));
	}
	free(b);
	return c;
}

static struct ra_x509_crl *
load_crl(const char *rel)
{
	size_t len;
	uint8_t *b = test_load(rel, &len);
	struct ra_x509_crl *c = NULL;

	assert_ra_ok(ra_x509_crl_from_der(&c, b, len));
	free(b);
	return c;
}

/* The PEM chain at the end of a DCAP quote's certification data. */
static struct ra_x509_list *
quote_chain(const char *rel)
{
	size_t len, off;
	uint8_t *q = test_load(rel, &len);
	struct ra_x509_list *l = NULL;

	for (off = 0; off + 10 < len; off++) {
		if (memcmp(q + off, "-----BEGIN", 10) == 0) {
			break;
		}
	}
	assert_true(off + 10 < len);
	assert_ra_ok(ra_x509_list_from_pem(&l, (char *)q + off, len - off));
	free(q);
	return l;
}

static int64_t
pinned_time(const char *set)
{
	char path[512];
	json_error_t jerr;
	json_t *doc;
	int64_t t;

	snprintf(path, sizeof(path), "%s/" REAL "%s/expected.json",
	    getenv("SGXRA_TOP") ? getenv("SGXRA_TOP") : ".", set);
	doc = json_load_file(path, 0, &jerr);
	assert_non_null(doc);
	t = json_integer_value(json_object_get(doc, "verification_time_unix"));
	if (t == 0) {
		t = json_integer_value(
		    json_object_get(doc, "suggested_verification_time_unix"));
	}
	json_decref(doc);
	assert_true(t > 0);
	return t;
}

struct dcap_set {
	const char *name;
	enum ra_err want;   /* PCK chain with both CRLs */
	const char *reason; /* substring of the failure reason */
};

static const struct dcap_set dcap_sets[] = {
	{ "automata-dcap-rs-sgx-v3", RA_OK, NULL },
	{ "automata-dcap-rs-tdx-v4", RA_OK, NULL },
	{ "go-tdx-guest-tdx-v4", RA_OK, NULL },
	{ "phala-sgx-v3", RA_OK, NULL },
	{ "phala-tdx-v4", RA_OK, NULL },
	{ "phala-tdx-v4-outdated", RA_OK, NULL },
	{ "secretnetwork-sgx-v3", RA_OK, NULL },
	/* its Root CA CRL was issued in 2026: not yet valid in 2020 */
	{ "fortanix-rust-sgx-pcs-v3", RA_ERR_CERT, "CRL is not yet valid" },
};

static void
dcap_chains(void **state)
{
	struct ra_x509 *root = load_cert(REAL "roots/intel_sgx_root_ca.der");
	struct ra_x509 *ias_root = load_cert(REAL "roots/ias_attestation_"
	                                          "report_signing_ca.pem");
	char p[512], cn[128];
	size_t i;

	(void)state;
	assert_true(ra_x509_is_self_signed(root));
	for (i = 0; i < sizeof(dcap_sets) / sizeof(dcap_sets[0]); i++) {
		const struct dcap_set *s = &dcap_sets[i];
		int64_t now;

		snprintf(p, sizeof(p), "dcap/%s", s->name);
		now = pinned_time(p);
		struct ra_x509_list *chain, *tcb;
		struct ra_x509_crl *crls[2];
		struct ra_x509_verify_detail d;
		size_t tl;
		uint8_t *t;
		int64_t nb, na;

		snprintf(p, sizeof(p), REAL "dcap/%s/quote.bin", s->name);
		chain = quote_chain(p);
		assert_int_equal(ra_x509_list_len(chain), 3);
		assert_ra_ok(ra_x509_subject_cn(
		    ra_x509_list_get(chain, 0), cn, sizeof(cn)));
		assert_string_equal(cn, "Intel SGX PCK Certificate");
		snprintf(p, sizeof(p), REAL "dcap/%s/root_ca_crl.der", s->name);
		crls[0] = load_crl(p);
		snprintf(p, sizeof(p), REAL "dcap/%s/pck_crl.der", s->name);
		crls[1] = load_crl(p);
		assert_ra_err(
		    ra_x509_verify(chain, root,
		        (const struct ra_x509_crl *const *)crls, 2, now, &d),
		    s->want);
		if (s->reason != NULL && strstr(d.reason, s->reason) == NULL) {
			fail_msg("%s: reason \"%s\" (depth %d, %s)", s->name,
			    d.reason, d.depth, d.subject);
		}
		/* without CRLs the chain itself is fine at the pinned time */
		assert_ra_ok(ra_x509_verify(chain, root, NULL, 0, now, &d));
		/* a missing PCK CRL is an error when revocation is checked */
		if (s->want == RA_OK) {
			assert_ra_err(
			    ra_x509_verify(chain, root,
			        (const struct ra_x509_crl *const *)crls, 1, now,
			        &d),
			    RA_ERR_CERT);
			assert_non_null(strstr(d.reason, "CRL"));
		}
		/* the PCK certificate's validity window, to the second */
		assert_ra_ok(
		    ra_x509_validity(ra_x509_list_get(chain, 0), &nb, &na));
		/* OpenSSL treats notAfter itself as expired: [nb, na) */
		assert_ra_ok(ra_x509_verify(chain, root, NULL, 0, na - 1, &d));
		assert_ra_ok(ra_x509_verify(chain, root, NULL, 0, nb, &d));
		assert_ra_err(
		    ra_x509_verify(chain, root, NULL, 0, na, &d), RA_ERR_CERT);
		assert_int_equal(d.depth, 0);
		assert_non_null(strstr(d.reason, "expired"));
		assert_ra_err(ra_x509_verify(chain, root, NULL, 0, nb - 1, &d),
		    RA_ERR_CERT);
		assert_non_null(strstr(d.reason, "not yet valid"));
		/* under another anchor nothing verifies */
		assert_ra_err(ra_x509_verify(chain, ias_root, NULL, 0, now, &d),
		    RA_ERR_CERT);
		/* the TCB signing chain */
		snprintf(p, sizeof(p), REAL "dcap/%s/tcb_info_issuer_chain.pem",
		    s->name);
		t = test_load(p, &tl);
		assert_ra_ok(ra_x509_list_from_pem(&tcb, (char *)t, tl));
		assert_ra_ok(ra_x509_verify(tcb, root, NULL, 0, now, &d));
		/* each CRL is signed by its issuer */
		assert_ra_ok(ra_x509_crl_verify(
		    crls[1], ra_x509_list_get(chain, 1), now, &d));
		assert_ra_err(
		    ra_x509_crl_verify(crls[0], root, now, &d), s->want);
		assert_ra_err(
		    ra_x509_crl_verify(crls[1], root, now, &d), RA_ERR_CERT);
		assert_false(
		    ra_x509_crl_revokes(crls[1], ra_x509_list_get(chain, 0)));
		free(t);
		ra_x509_list_free(tcb);
		ra_x509_crl_free(crls[0]);
		ra_x509_crl_free(crls[1]);
		ra_x509_list_free(chain);
	}
	ra_x509_free(root);
	ra_x509_free(ias_root);
}

static const char *const ias_sets[] = {
	"secretnetwork-tls_ra_cert_v3",
	"secretnetwork-attestation_cert_hw_invalid_test",
	"secretnetwork-attestation_cert_hw_v2",
	"secretnetwork-attestation_cert_out_of_date",
	"secretnetwork-attestation_cert_sw_config_needed",
	"oasis-core/avr_v4",
	"oasis-core/avr_v5",
};

/*
 * IAS: the report-signing certificate chains to the IAS root at the
 * report's time, and its RSA-2048 key verifies the signature over the
 * exact body bytes; any changed byte fails.
 */
static void
ias_chain_and_signature(void **state)
{
	struct ra_x509 *root = load_cert(REAL "roots/ias_attestation_report_"
	                                      "signing_ca.pem");
	struct ra_x509 *sdcap = load_cert(REAL "roots/intel_sgx_root_ca.der");
	char p[512];
	size_t i, bl, sl, sig_len;
	uint8_t sig[512];

	(void)state;
	for (i = 0; i < sizeof(ias_sets) / sizeof(ias_sets[0]); i++) {
		int64_t now;
		struct ra_x509 *leaf;
		struct ra_x509_list *chain;
		struct ra_x509_verify_detail d;
		struct ra_rsa_key *key = NULL;
		struct ra_hash256 h;
		uint8_t *body, *s64;
		const struct ra_x509 *certs[1];

		snprintf(p, sizeof(p), "ias/%s", ias_sets[i]);
		now = pinned_time(p);
		snprintf(p, sizeof(p), REAL "ias/%s/avr_signing_cert.pem",
		    ias_sets[i]);
		leaf = load_cert(p);
		certs[0] = leaf;
		assert_ra_ok(ra_x509_list_from(&chain, certs, 1));
		assert_ra_ok(ra_x509_verify(chain, root, NULL, 0, now, &d));
		assert_ra_err(ra_x509_verify(chain, sdcap, NULL, 0, now, &d),
		    RA_ERR_CERT);
		/* expired on 2026-11-20T09:36:58Z */
		assert_ra_err(
		    ra_x509_verify(chain, root, NULL, 0, 1795167419, &d),
		    RA_ERR_CERT);
		assert_ra_ok(
		    ra_x509_verify(chain, root, NULL, 0, 1795167417, &d));
		snprintf(
		    p, sizeof(p), REAL "ias/%s/avr_body.json", ias_sets[i]);
		body = test_load(p, &bl);
		snprintf(
		    p, sizeof(p), REAL "ias/%s/avr_signature.b64", ias_sets[i]);
		s64 = test_load(p, &sl);
		while (sl > 0 && (s64[sl - 1] == '\n' || s64[sl - 1] == '\r')) {
			sl--;
		}
		assert_ra_ok(ra_base64_decode(
		    sig, sizeof(sig), &sig_len, (char *)s64, sl));
		assert_int_equal(sig_len, 256);
		assert_ra_ok(ra_x509_pub_rsa(leaf, &key));
		{
			struct ra_ec256_pub ec;

			/* an RSA key is not a P-256 key */
			assert_ra_err(ra_x509_pub_ec256(leaf, &ec), RA_ERR_KEY);
		}
		ra_sha256(&h, body, bl);
		assert_ra_ok(ra_rsa_verify_sha256(key, &h, sig, sig_len));
		body[bl / 2] ^= 0x01;
		ra_sha256(&h, body, bl);
		assert_ra_err(
		    ra_rsa_verify_sha256(key, &h, sig, sig_len), RA_ERR_AUTH);
		ra_rsa_key_free(key);
		free(body);
		free(s64);
		ra_x509_list_free(chain);
		ra_x509_free(leaf);
	}
	ra_x509_free(root);
	ra_x509_free(sdcap);
}

static void
inspection(void **state)
{
	struct ra_x509 *root = load_cert(REAL "roots/intel_sgx_root_ca.der");
	struct ra_x509_list *chain = quote_chain(REAL "dcap/phala-sgx-v3/"
	                                              "quote.bin");
	const struct ra_x509 *pck = ra_x509_list_get(chain, 0);
	char buf[512];
	int64_t nb, na;
	struct ra_bytes ext;
	struct ra_ec256_pub pub;
	struct ra_rsa_key *rsa = NULL;
	bool found, crit;

	(void)state;
	assert_ra_ok(ra_x509_subject(root, buf, sizeof(buf)));
	assert_non_null(strstr(buf, "CN=Intel SGX Root CA"));
	assert_ra_ok(ra_x509_validity(root, &nb, &na));
	assert_int_equal(nb, 1526899510); /* 2018-05-21T10:45:10Z */
	assert_int_equal(na, 2524607999); /* 2049-12-31T23:59:59Z */
	assert_ra_ok(ra_x509_serial(root, buf, sizeof(buf)));
	assert_string_equal(buf, "22650cd65a9d3489f383b49552bf501b392706ac");
	assert_ra_ok(ra_x509_pub_ec256(pck, &pub));
	assert_ra_err(ra_x509_pub_rsa(pck, &rsa), RA_ERR_KEY);
	/* the SGX extension of a PCK certificate (FORMATS.md §6.4) */
	assert_ra_ok(ra_x509_extension(
	    pck, "1.2.840.113741.1.13.1", &ext, &crit, &found));
	assert_true(found);
	assert_false(crit);
	assert_true(ext.len > 100 && ext.p[0] == 0x30);
	assert_ra_ok(ra_x509_extension(
	    root, "1.2.840.113741.1.13.1", &ext, &crit, &found));
	assert_false(found);
	assert_ra_err(ra_x509_subject(root, buf, 5), RA_ERR_SPACE);
	assert_false(ra_x509_equal(root, pck));
	assert_true(ra_x509_equal(root, ra_x509_list_get(chain, 2)));
	ra_x509_list_free(chain);
	ra_x509_free(root);
}

static void
bad_input(void **state)
{
	struct ra_x509 *c = NULL;
	struct ra_x509_list *l = NULL;
	struct ra_x509_crl *crl = NULL;
	size_t len;
	uint8_t *der = test_load(REAL "roots/intel_sgx_root_ca.der", &len);
	uint8_t *longer = malloc(len + 1);
	static const char key_pem[] = "-----BEGIN PRIVATE KEY-----\n"
	                              "AAAA\n-----END PRIVATE KEY-----\n";

	(void)state;
	/* trailing byte, every truncation */
	memcpy(longer, der, len);
	longer[len] = 0;
	assert_ra_err(ra_x509_from_der(&c, longer, len + 1), RA_ERR_FORMAT);
	for (size_t n = 0; n < len; n += 7) {
		assert_ra_err(ra_x509_from_der(&c, der, n), RA_ERR_FORMAT);
		assert_null(c);
	}
	assert_ra_err(ra_x509_list_from_pem(&l, "", 0), RA_ERR_FORMAT);
	assert_ra_err(ra_x509_list_from_pem(&l, key_pem, sizeof(key_pem) - 1),
	    RA_ERR_FORMAT);
	assert_ra_err(ra_x509_crl_from_der(&crl, der, len), RA_ERR_FORMAT);
	free(der);
	free(longer);
}

/* Revocation, CRL time windows and substitution on a synthetic PKI. */
static void
synthetic_revocation(void **state)
{
	const int64_t t0 = 1700000000, day = 86400;
	struct test_pki_cert ca, ica, leaf, other;
	struct ra_x509 *root, *inter, *lf;
	struct ra_x509_list *chain;
	struct ra_x509_crl *crls[2];
	struct ra_x509_verify_detail d;
	const struct ra_x509 *certs[3];
	uint8_t *der;
	size_t len;
	long revoked[] = { 7, 42 };

	(void)state;
	test_pki_ca(&ca, "Test Root", t0 - day, t0 + 100 * day);
	test_pki_issue(&ica, &ca, "Test CA", 2, 1, t0 - day, t0 + 50 * day);
	test_pki_issue(
	    &leaf, &ica, "Test Leaf", 42, 0, t0 - day, t0 + 10 * day);
	assert_ra_ok(ra_x509_from_der(&root, ca.der, ca.len));
	assert_ra_ok(ra_x509_from_der(&inter, ica.der, ica.len));
	assert_ra_ok(ra_x509_from_der(&lf, leaf.der, leaf.len));
	certs[0] = lf;
	certs[1] = inter;
	certs[2] = root;
	assert_ra_ok(ra_x509_list_from(&chain, certs, 3));
	der = test_pki_crl(&ca, NULL, 0, t0 - day, t0 + day, &len);
	assert_ra_ok(ra_x509_crl_from_der(&crls[0], der, len));
	free(der);
	der = test_pki_crl(&ica, revoked, 1, t0 - day, t0 + day, &len);
	assert_ra_ok(ra_x509_crl_from_der(&crls[1], der, len));
	free(der);
	assert_ra_ok(ra_x509_verify(
	    chain, root, (const struct ra_x509_crl *const *)crls, 2, t0, &d));
	ra_x509_crl_free(crls[1]);
	/* the leaf's serial (42) revoked */
	der = test_pki_crl(&ica, revoked, 2, t0 - day, t0 + day, &len);
	assert_ra_ok(ra_x509_crl_from_der(&crls[1], der, len));
	free(der);
	assert_true(ra_x509_crl_revokes(crls[1], lf));
	assert_ra_err(ra_x509_verify(chain, root,
	                  (const struct ra_x509_crl *const *)crls, 2, t0, &d),
	    RA_ERR_CERT);
	assert_non_null(strstr(d.reason, "revoked"));
	assert_int_equal(d.depth, 0);
	/* CRL expired at the verification time */
	assert_ra_err(
	    ra_x509_verify(chain, root, (const struct ra_x509_crl *const *)crls,
	        2, t0 + 2 * day, &d),
	    RA_ERR_CERT);
	assert_non_null(strstr(d.reason, "CRL has expired"));
	assert_ra_err(
	    ra_x509_crl_verify(crls[1], inter, t0 + 2 * day, &d), RA_ERR_CERT);
	assert_ra_ok(ra_x509_crl_verify(crls[1], inter, t0, &d));
	/* a CRL signed by somebody else */
	test_pki_ca(&other, "Test CA", t0 - day, t0 + 100 * day);
	ra_x509_crl_free(crls[1]);
	der = test_pki_crl(&other, NULL, 0, t0 - day, t0 + day, &len);
	assert_ra_ok(ra_x509_crl_from_der(&crls[1], der, len));
	free(der);
	assert_ra_err(ra_x509_crl_verify(crls[1], inter, t0, &d), RA_ERR_AUTH);
	assert_ra_err(ra_x509_verify(chain, root,
	                  (const struct ra_x509_crl *const *)crls, 2, t0, &d),
	    RA_ERR_CERT);
	/* a chain ending in another root with the same name */
	{
		struct ra_x509 *fake;
		struct ra_x509_list *c2;

		test_pki_free(&other);
		test_pki_ca(&other, "Test Root", t0 - day, t0 + 100 * day);
		assert_ra_ok(ra_x509_from_der(&fake, other.der, other.len));
		certs[2] = fake;
		assert_ra_ok(ra_x509_list_from(&c2, certs, 3));
		assert_ra_err(
		    ra_x509_verify(c2, root, NULL, 0, t0, &d), RA_ERR_CERT);
		assert_non_null(strstr(d.reason, "not the trust anchor"));
		/* and a leaf is not an anchor */
		assert_ra_err(
		    ra_x509_verify(chain, lf, NULL, 0, t0, &d), RA_ERR_CERT);
		ra_x509_list_free(c2);
		ra_x509_free(fake);
	}
	ra_x509_crl_free(crls[0]);
	ra_x509_crl_free(crls[1]);
	ra_x509_list_free(chain);
	ra_x509_free(root);
	ra_x509_free(inter);
	ra_x509_free(lf);
	test_pki_free(&ca);
	test_pki_free(&ica);
	test_pki_free(&leaf);
	test_pki_free(&other);
}

/*
 * The verifier-oriented additions: chain checks without times and with a
 * pre-checked anchor, CRL extension and signature checks without times,
 * lists that reuse known certificates, and the P-256 key read from the
 * SubjectPublicKeyInfo (against the EVP_PKEY path).
 */
static void
verifier_helpers(void **state)
{
	const int64_t t0 = 1700000000, day = 86400;
	struct test_pki_cert ca, ica, other;
	struct ra_x509 *root, *inter;
	struct ra_x509_list *chain, *again;
	struct ra_x509_crl *crl;
	struct ra_x509_verify_detail d;
	struct ra_ec256_pub a, b;
	const struct ra_x509 *certs[2];
	uint8_t *der, *both;
	size_t len;

	(void)state;
	test_pki_ca(&ca, "Test Root", t0 - day, t0 + 100 * day);
	test_pki_issue(&ica, &ca, "Test CA", 2, 1, t0 - day, t0 + 50 * day);
	assert_ra_ok(ra_x509_from_der(&root, ca.der, ca.len));
	assert_ra_ok(ra_x509_from_der(&inter, ica.der, ica.len));
	certs[0] = inter;
	certs[1] = root;
	assert_ra_ok(ra_x509_list_from(&chain, certs, 2));
	/* long after notAfter: refused with times, accepted without */
	assert_ra_err(ra_x509_verify(chain, root, NULL, 0, t0 + 60 * day, &d),
	    RA_ERR_CERT);
	assert_ra_ok(ra_x509_verify_ex(chain, root, NULL, 0, 0,
	    RA_X509_NO_TIME | RA_X509_ANCHOR_CHECKED, &d));
	/* CRL checks without times: extensions, issuer, signature */
	der = test_pki_crl(&ca, NULL, 0, t0 - 10 * day, t0 - 9 * day, &len);
	assert_ra_ok(ra_x509_crl_from_der(&crl, der, len));
	free(der);
	assert_ra_ok(ra_x509_crl_check(crl, root, &d));
	assert_ra_err(ra_x509_crl_check(crl, inter, &d), RA_ERR_CERT);
	ra_x509_crl_free(crl);
	der = test_pki_crl_bare(&ca, NULL, 0, t0 - day, t0 + day, &len);
	assert_ra_ok(ra_x509_crl_from_der(&crl, der, len));
	free(der);
	assert_ra_err(ra_x509_crl_check(crl, root, &d), RA_ERR_CERT);
	assert_non_null(strstr(d.reason, "CRL Number"));
	ra_x509_crl_free(crl);
	test_pki_ca(&other, "Test Root", t0 - day, t0 + 100 * day);
	der = test_pki_crl(&other, NULL, 0, t0 - day, t0 + day, &len);
	assert_ra_ok(ra_x509_crl_from_der(&crl, der, len));
	free(der);
	/* same name, other key: the AKI says so before the signature */
	assert_ra_err(ra_x509_crl_check(crl, root, &d), RA_ERR_CERT);
	assert_non_null(strstr(d.reason, "Authority Key Identifier"));
	ra_x509_crl_free(crl);
	/* back-to-back DER with a known certificate: same result */
	both = malloc(ica.len + ca.len);
	assert_non_null(both);
	memcpy(both, ica.der, ica.len);
	memcpy(both + ica.len, ca.der, ca.len);
	assert_ra_ok(ra_x509_list_from_known(&again, both, ica.len + ca.len,
	    (const struct ra_x509 *const *)&root, 1));
	assert_int_equal(ra_x509_list_len(again), 2);
	assert_true(ra_x509_equal(ra_x509_list_get(again, 1), root));
	assert_true(ra_x509_equal(ra_x509_list_get(again, 0), inter));
	ra_x509_list_free(again);
	assert_ra_err(ra_x509_list_from_known(
	                  &again, both, ica.len + ca.len - 1, NULL, 0),
	    RA_ERR_FORMAT);
	free(both);
	/* the keys: valid points, each certificate's own */
	assert_ra_ok(ra_x509_pub_ec256(inter, &a));
	assert_ra_ok(ra_ec256_pub_check(&a));
	assert_ra_ok(ra_x509_pub_ec256(root, &b));
	assert_true(memcmp(&a, &b, sizeof(a)) != 0);
	ra_x509_list_free(chain);
	ra_x509_free(root);
	ra_x509_free(inter);
	test_pki_free(&ca);
	test_pki_free(&ica);
	test_pki_free(&other);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(dcap_chains),
	cmocka_unit_test(ias_chain_and_signature),
	cmocka_unit_test(inspection),
	cmocka_unit_test(bad_input),
	cmocka_unit_test(synthetic_revocation),
	cmocka_unit_test(verifier_helpers),
};

TEST_MAIN(tests)
