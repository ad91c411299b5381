/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Certificate issuance: what we issue must parse and verify with our own
 * verifier (chain, validity window, CA bits), carry the names, serials and
 * extensions asked for, and bad arguments must be refused.
 */
#include <string.h>

#include "sgxra/crypto.h"
#include "sgxra/x509.h"
#include "sgxra/x509_issue.h"
#include "test.h"

#define T0       1700000000LL
#define YEAR     (365LL * 86400)
#define CERT_MAX 4096

struct issued {
	uint8_t der[CERT_MAX];
	size_t len;
	struct ra_x509 *x;
};

static void
issue(struct issued *out, const struct ra_x509_issue_args *a)
{
	assert_ra_ok(ra_x509_issue(out->der, sizeof(out->der), &out->len, a));
	assert_ra_ok(ra_x509_from_der(&out->x, out->der, out->len));
}

static struct ra_x509_list *
list_of(const struct ra_x509 *a, const struct ra_x509 *b)
{
	const struct ra_x509 *certs[2] = { a, b };
	struct ra_x509_list *l = NULL;

	assert_ra_ok(ra_x509_list_from(&l, certs, b != NULL ? 2 : 1));
	return l;
}

/* An RSA-3072 root and an RSA-2048 leaf, as the report-signing service. */
static void
rsa_chain(void **state)
{
	struct ra_rsa_key *rk = NULL, *lk = NULL, *got = NULL;
	struct issued root, leaf;
	struct ra_x509_list *chain;
	struct ra_x509_verify_detail d;
	char s[256];
	int64_t nb, na;
	struct ra_x509_issue_args a = {
		.subject = "CN=sgxra test root,O=sgxra,C=US",
		.serial = 1,
		.not_before = T0,
		.not_after = T0 + 10 * YEAR,
		.ca = true,
		.path_len = 0,
		.key_usage = RA_X509_KU_KEY_CERT_SIGN | RA_X509_KU_CRL_SIGN,
	};

	(void)state;
	assert_ra_ok(ra_rsa_key_generate(&rk, 3072, 65537));
	assert_ra_ok(ra_rsa_key_generate(&lk, 2048, 65537));
	a.rsa = rk;
	a.sign_rsa = rk;
	issue(&root, &a);
	assert_true(ra_x509_is_self_signed(root.x));

	memset(&a, 0, sizeof(a));
	a.subject =
	    "CN=sgxra test signing,OU=reports,O=sgxra,L=Here,ST=There,C=US";
	a.rsa = lk;
	a.sign_rsa = rk;
	a.issuer_der = root.der;
	a.issuer_der_len = root.len;
	a.serial = 0x123456789aULL;
	a.not_before = T0 + 100;
	a.not_after = T0 + YEAR;
	a.key_usage = RA_X509_KU_DIGITAL_SIGNATURE | RA_X509_KU_NON_REPUDIATION;
	issue(&leaf, &a);
	assert_false(ra_x509_is_self_signed(leaf.x));

	assert_ra_ok(ra_x509_subject_cn(leaf.x, s, sizeof(s)));
	assert_string_equal(s, "sgxra test signing");
	assert_ra_ok(ra_x509_issuer(leaf.x, s, sizeof(s)));
	assert_string_equal(s, "CN=sgxra test root,O=sgxra,C=US");
	assert_ra_ok(ra_x509_serial(leaf.x, s, sizeof(s)));
	assert_string_equal(s, "123456789a");
	assert_ra_ok(ra_x509_validity(leaf.x, &nb, &na));
	assert_true(nb == T0 + 100 && na == T0 + YEAR);
	assert_ra_ok(ra_x509_pub_rsa(leaf.x, &got));
	assert_int_equal(ra_rsa_key_len(got), 256);
	ra_rsa_key_free(got);

	chain = list_of(leaf.x, NULL);
	assert_ra_ok(ra_x509_verify(chain, root.x, NULL, 0, T0 + 200, &d));
	/* Outside the leaf's window (the root's is wider). */
	assert_int_equal(
	    ra_x509_verify(chain, root.x, NULL, 0, T0 + 50, &d), RA_ERR_CERT);
	assert_int_equal(
	    ra_x509_verify(chain, root.x, NULL, 0, T0 + 2 * YEAR, &d),
	    RA_ERR_CERT);
	/* The leaf is not a CA: nothing it signs verifies. */
	ra_x509_list_free(chain);

	ra_x509_free(root.x);
	ra_x509_free(leaf.x);
	ra_rsa_key_free(rk);
	ra_rsa_key_free(lk);
}

/* P-256 root, intermediate and leaf with a private extension. */
static void
ec_chain_and_extension(void **state)
{
	static const uint8_t ext_der[] = { 0x04, 0x03, 0x01, 0x02, 0x03 };
	const struct ra_x509_ext ext = { .oid = "1.2.840.113741.1.13.1",
		.critical = false,
		.der = ext_der,
		.der_len = sizeof(ext_der) };
	struct ra_ec256_priv rpriv, ipriv, lpriv;
	struct ra_ec256_pub rpub, ipub, lpub, got;
	struct issued root, mid, leaf, rogue;
	struct ra_x509_list *chain;
	struct ra_bytes v;
	bool crit, found;
	struct ra_x509_issue_args a = { 0 };

	(void)state;
	assert_ra_ok(ra_ec256_keygen(&rpriv, &rpub, NULL));
	assert_ra_ok(ra_ec256_keygen(&ipriv, &ipub, NULL));
	assert_ra_ok(ra_ec256_keygen(&lpriv, &lpub, NULL));

	a.subject = "CN=ec root";
	a.ec_pub = &rpub;
	a.sign_ec = &rpriv;
	a.serial = 7;
	a.not_before = T0;
	a.not_after = T0 + YEAR;
	a.ca = true;
	a.path_len = -1;
	a.key_usage = RA_X509_KU_KEY_CERT_SIGN | RA_X509_KU_CRL_SIGN;
	issue(&root, &a);

	a.subject = "CN=ec intermediate";
	a.ec_pub = &ipub;
	a.issuer_der = root.der;
	a.issuer_der_len = root.len;
	a.path_len = 0;
	issue(&mid, &a);

	a.subject = "CN=ec leaf";
	a.ec_pub = &lpub;
	a.sign_ec = &ipriv;
	a.issuer_der = mid.der;
	a.issuer_der_len = mid.len;
	a.ca = false;
	a.key_usage = RA_X509_KU_DIGITAL_SIGNATURE;
	a.exts = &ext;
	a.n_exts = 1;
	issue(&leaf, &a);

	assert_ra_ok(ra_x509_pub_ec256(leaf.x, &got));
	assert_memory_equal(&got, &lpub, sizeof(got));
	assert_ra_ok(ra_x509_extension(
	    leaf.x, "1.2.840.113741.1.13.1", &v, &crit, &found));
	assert_true(found);
	assert_false(crit);
	test_assert_bytes(v.p, ext_der, v.len, "extension value");
	assert_int_equal(v.len, sizeof(ext_der));

	chain = list_of(leaf.x, mid.x);
	assert_ra_ok(ra_x509_verify(chain, root.x, NULL, 0, T0 + 10, NULL));
	ra_x509_list_free(chain);

	/* Named as the intermediate's child but signed with the wrong key. */
	a.sign_ec = &lpriv;
	a.exts = NULL;
	a.n_exts = 0;
	issue(&rogue, &a);
	chain = list_of(rogue.x, mid.x);
	assert_int_equal(
	    ra_x509_verify(chain, root.x, NULL, 0, T0 + 10, NULL), RA_ERR_CERT);
	ra_x509_list_free(chain);

	/* A leaf (CA:FALSE) cannot issue. */
	a.subject = "CN=under a leaf";
	a.issuer_der = leaf.der;
	a.issuer_der_len = leaf.len;
	a.ec_pub = &rpub;
	ra_x509_free(rogue.x);
	issue(&rogue, &a);
	{
		const struct ra_x509 *c3[3] = { rogue.x, leaf.x, mid.x };
		assert_ra_ok(ra_x509_list_from(&chain, c3, 3));
	}
	assert_int_equal(
	    ra_x509_verify(chain, root.x, NULL, 0, T0 + 10, NULL), RA_ERR_CERT);
	ra_x509_list_free(chain);

	ra_x509_free(root.x);
	ra_x509_free(mid.x);
	ra_x509_free(leaf.x);
	ra_x509_free(rogue.x);
}

static void
bad_arguments(void **state)
{
	static const char *const names[] = { "", "CN", "CN=", "=x", "CN=a=b",
		"CN=a,", "X=1", "CN=a,,O=b", "cn=lower" };
	struct ra_ec256_priv priv, priv2;
	struct ra_ec256_pub pub;
	uint8_t der[CERT_MAX];
	char pem[CERT_MAX * 2];
	size_t len, plen, i;
	struct issued ok;
	struct ra_x509 *back = NULL;
	struct ra_x509_issue_args a = { 0 };

	(void)state;
	assert_ra_ok(ra_ec256_keygen(&priv, &pub, NULL));
	a.subject = "CN=x";
	a.ec_pub = &pub;
	a.sign_ec = &priv;
	a.serial = 1;
	a.not_before = T0;
	a.not_after = T0 + 1;
	issue(&ok, &a);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		a.subject = names[i];
		assert_int_equal(
		    ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_ARG);
	}
	a.subject = "CN=x";
	a.serial = 0;
	assert_int_equal(ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_ARG);
	a.serial = 1;
	a.not_after = T0;
	assert_int_equal(ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_ARG);
	a.not_after = T0 + 1;
	a.rsa = (const struct ra_rsa_key *)&pub; /* both subject keys */
	assert_int_equal(ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_ARG);
	a.rsa = NULL;
	a.sign_ec = NULL;
	assert_int_equal(ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_ARG);
	a.sign_ec = &priv;
	a.n_exts = 1;
	assert_int_equal(ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_ARG);
	a.n_exts = 0;
	a.issuer_der = der;
	a.issuer_der_len = 3;
	memset(der, 0x30, 3);
	assert_int_equal(ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_ARG);
	a.issuer_der = NULL;
	a.issuer_der_len = 0;
	memset(&priv2, 0, sizeof(priv2)); /* zero scalar: cannot sign */
	a.sign_ec = &priv2;
	assert_int_equal(ra_x509_issue(der, sizeof(der), &len, &a), RA_ERR_KEY);
	a.sign_ec = &priv;
	/* ECDSA signatures vary in DER length: a clearly short buffer. */
	assert_int_equal(ra_x509_issue(der, 64, &len, &a), RA_ERR_SPACE);
	assert_int_equal(ra_x509_issue(NULL, 1, &len, &a), RA_ERR_ARG);
	assert_int_equal(ra_x509_issue(der, 1, &len, NULL), RA_ERR_ARG);

	/* PEM round trip; a short buffer is RA_ERR_SPACE; junk is FORMAT. */
	assert_ra_ok(
	    ra_x509_der_to_pem(pem, sizeof(pem), &plen, ok.der, ok.len));
	assert_int_equal(strlen(pem), plen);
	assert_ra_ok(ra_x509_from_pem(&back, pem, plen));
	assert_true(ra_x509_equal(back, ok.x));
	ra_x509_free(back);
	assert_int_equal(
	    ra_x509_der_to_pem(pem, plen, &len, ok.der, ok.len), RA_ERR_SPACE);
	assert_int_equal(
	    ra_x509_der_to_pem(pem, sizeof(pem), &len, ok.der, ok.len - 1),
	    RA_ERR_FORMAT);
	ra_x509_free(ok.x);
}

/*
 * CRLs by a P-256 CA (the emulated DCAP PKI): they parse, carry the
 * CRL Number and AKI that ra_x509_crl_check requires, verify under the
 * CA and not under another key, list exactly the revoked serials, and
 * bad arguments are refused.
 */
static void
crls(void **state)
{
	struct ra_ec256_priv ck, lk, other;
	struct ra_ec256_pub cp, lp, op;
	struct issued ca, leaf, stranger;
	static uint8_t der[8192];
	static char pem[16384];
	size_t len = 0, plen = 0;
	struct ra_x509_crl *crl = NULL;
	struct ra_x509_verify_detail d;
	const struct ra_x509_revoked rev[2] = { { 4242, T0 + 10 },
		{ 7, T0 + 20 } };
	struct ra_x509_issue_args a = {
		.subject = "CN=Test SGX PCK Platform CA,O=sgxra",
		.ec_pub = &cp,
		.sign_ec = &ck,
		.serial = 1,
		.not_before = T0,
		.not_after = T0 + YEAR,
		.ca = true,
		.path_len = 0,
		.key_usage = RA_X509_KU_KEY_CERT_SIGN | RA_X509_KU_CRL_SIGN,
	};
	struct ra_x509_crl_args c = {
		.sign_ec = &ck,
		.number = 3,
		.this_update = T0 + 100,
		.next_update = T0 + 200,
		.revoked = rev,
		.n_revoked = 2,
	};

	(void)state;
	assert_ra_ok(ra_ec256_keygen(&ck, &cp, NULL));
	assert_ra_ok(ra_ec256_keygen(&lk, &lp, NULL));
	assert_ra_ok(ra_ec256_keygen(&other, &op, NULL));
	issue(&ca, &a);
	a.subject = "CN=leaf,O=sgxra";
	a.ec_pub = &lp;
	a.issuer_der = ca.der;
	a.issuer_der_len = ca.len;
	a.serial = 4242;
	a.ca = false;
	a.key_usage = RA_X509_KU_DIGITAL_SIGNATURE;
	issue(&leaf, &a);
	a.serial = 4243;
	issue(&stranger, &a);
	c.issuer_der = ca.der;
	c.issuer_der_len = ca.len;
	assert_ra_ok(ra_x509_crl_issue(der, sizeof(der), &len, &c));
	assert_ra_ok(ra_x509_crl_from_der(&crl, der, len));
	assert_ra_ok(ra_x509_crl_check(crl, ca.x, &d));
	assert_ra_ok(ra_x509_crl_verify(crl, ca.x, T0 + 150, &d));
	assert_int_not_equal(
	    ra_x509_crl_verify(crl, ca.x, T0 + 250, &d), RA_OK);
	assert_int_equal(ra_x509_crl_count(crl), 2);
	assert_true(ra_x509_crl_revokes(crl, leaf.x));
	assert_false(ra_x509_crl_revokes(crl, stranger.x));
	ra_x509_crl_free(crl);
	/* PEM, and the PEM parses to the same CRL */
	assert_ra_ok(ra_x509_crl_der_to_pem(pem, sizeof(pem), &plen, der, len));
	assert_non_null(strstr(pem, "-----BEGIN X509 CRL-----"));
	assert_ra_ok(ra_x509_crl_from_pem(&crl, pem, plen));
	assert_ra_ok(ra_x509_crl_check(crl, ca.x, &d));
	ra_x509_crl_free(crl);
	/* an empty list */
	c.n_revoked = 0;
	c.revoked = NULL;
	assert_ra_ok(ra_x509_crl_issue(der, sizeof(der), &len, &c));
	assert_ra_ok(ra_x509_crl_from_der(&crl, der, len));
	assert_int_equal(ra_x509_crl_count(crl), 0);
	ra_x509_crl_free(crl);
	/* refusals */
	c.sign_ec = &other;
	assert_ra_err(
	    ra_x509_crl_issue(der, sizeof(der), &len, &c), RA_ERR_KEY);
	c.sign_ec = &ck;
	assert_ra_err(ra_x509_crl_issue(der, 10, &len, &c), RA_ERR_SPACE);
	c.number = 0;
	assert_ra_err(
	    ra_x509_crl_issue(der, sizeof(der), &len, &c), RA_ERR_ARG);
	c.number = 1;
	c.next_update = c.this_update;
	assert_ra_err(
	    ra_x509_crl_issue(der, sizeof(der), &len, &c), RA_ERR_ARG);
	c.next_update = T0 + 200;
	c.issuer_der_len = ca.len - 1;
	assert_ra_err(
	    ra_x509_crl_issue(der, sizeof(der), &len, &c), RA_ERR_ARG);
	c.issuer_der_len = ca.len;
	c.n_revoked = 1;
	assert_ra_err(
	    ra_x509_crl_issue(der, sizeof(der), &len, &c), RA_ERR_ARG);
	assert_ra_err(ra_x509_crl_der_to_pem(pem, sizeof(pem), &plen, der, 5),
	    RA_ERR_FORMAT);
	ra_x509_free(ca.x);
	ra_x509_free(leaf.x);
	ra_x509_free(stranger.x);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(rsa_chain),
	cmocka_unit_test(ec_chain_and_extension),
	cmocka_unit_test(bad_arguments),
	cmocka_unit_test(crls),
};

TEST_MAIN(tests)
