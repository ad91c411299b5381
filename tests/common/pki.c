/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "pki.h"
#include "test.h"

static void
set_name(X509_NAME *n, const char *cn)
{
	assert_int_equal(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	                     (const unsigned char *)cn, -1, -1, 0),
	    1);
}

static void
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (e == NULL) {
		ERR_print_errors_fp(stderr);
		fail_msg("extension %d = %s", nid, value);
	}
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

static void
finish(struct test_pki_cert *out, X509 *x, EVP_PKEY *key)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);

	assert_true(n > 0);
	out->der = malloc((size_t)n);
	assert_non_null(out->der);
	memcpy(out->der, der, (size_t)n);
	out->len = (size_t)n;
	out->key = key;
	OPENSSL_free(der);
	X509_free(x);
}

static X509 *
new_cert(EVP_PKEY *key, const char *cn, long serial, int64_t nb, int64_t na)
{
	X509 *x = X509_new();

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial), 1);
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(x), (time_t)nb));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(x), (time_t)na));
	set_name(X509_get_subject_name(x), cn);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	return x;
}

void
test_pki_ca(struct test_pki_cert *out, const char *cn, int64_t nb, int64_t na)
{
	EVP_PKEY *key = EVP_EC_gen("prime256v1");
	X509 *x;

	assert_non_null(key);
	x = new_cert(key, cn, 1, nb, na);
	set_name(X509_get_issuer_name(x), cn);
	add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE");
	add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
	add_ext(x, x, NID_subject_key_identifier, "hash");
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	finish(out, x, key);
}

/* An extension with a DER value under a dotted OID. */
static void
add_der_ext(X509 *x, const char *oid, const uint8_t *der, size_t len)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	X509_EXTENSION *e;

	assert_non_null(obj);
	assert_non_null(os);
	assert_int_equal(ASN1_OCTET_STRING_set(os, der, (int)len), 1);
	e = X509_EXTENSION_create_by_OBJ(NULL, obj, 0, os);
	assert_non_null(e);
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(os);
	ASN1_OBJECT_free(obj);
}

void
test_pki_issue_ext(struct test_pki_cert *out,
    const struct test_pki_cert *issuer, const char *cn, long serial, int is_ca,
    int64_t nb, int64_t na, const char *oid, const uint8_t *ext, size_t ext_len)
{
	EVP_PKEY *key = EVP_EC_gen("prime256v1");
	const unsigned char *p = issuer->der;
	X509 *ix = d2i_X509(NULL, &p, (long)issuer->len);
	X509 *x;

	assert_non_null(key);
	assert_non_null(ix);
	x = new_cert(key, cn, serial, nb, na);
	assert_int_equal(X509_set_issuer_name(x, X509_get_subject_name(ix)), 1);
	add_ext(x, ix, NID_basic_constraints,
	    is_ca == 1 ? "critical,CA:TRUE" : "critical,CA:FALSE");
	add_ext(x, ix, NID_key_usage,
	    is_ca == 1       ? "critical,keyCertSign,cRLSign"
	        : is_ca == 2 ? "critical,keyEncipherment"
	                     : "critical,digitalSignature");
	add_ext(x, ix, NID_subject_key_identifier, "hash");
	add_ext(x, ix, NID_authority_key_identifier, "keyid:always");
	if (ext != NULL) {
		add_der_ext(x, oid, ext, ext_len);
	}
	assert_true(X509_sign(x, issuer->key, EVP_sha256()) > 0);
	X509_free(ix);
	finish(out, x, key);
}

void
test_pki_issue(struct test_pki_cert *out, const struct test_pki_cert *issuer,
    const char *cn, long serial, int is_ca, int64_t nb, int64_t na)
{
	test_pki_issue_ext(
	    out, issuer, cn, serial, is_ca, nb, na, NULL, NULL, 0);
}

/* The CRL Number and Authority Key Identifier extensions. */
static void
crl_exts(X509_CRL *crl, X509 *issuer)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	ASN1_INTEGER *num = ASN1_INTEGER_new();

	assert_non_null(num);
	assert_int_equal(ASN1_INTEGER_set(num, 1), 1);
	assert_int_equal(
	    X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0), 1);
	ASN1_INTEGER_free(num);
	X509V3_set_ctx(&ctx, issuer, NULL, NULL, crl, 0);
	e = X509V3_EXT_conf_nid(
	    NULL, &ctx, NID_authority_key_identifier, "keyid:always");
	assert_non_null(e);
	assert_int_equal(X509_CRL_add_ext(crl, e, -1), 1);
	X509_EXTENSION_free(e);
}

static uint8_t *
make_crl(const struct test_pki_cert *issuer, const long *serials, size_t n,
    int64_t tu, int64_t nu, size_t *len, int with_exts)
{
	const unsigned char *p = issuer->der;
	X509 *ix = d2i_X509(NULL, &p, (long)issuer->len);
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t = ASN1_TIME_new();
	unsigned char *der = NULL;
	uint8_t *out;
	size_t i;
	int dl;

	assert_non_null(ix);
	assert_non_null(crl);
	assert_int_equal(X509_CRL_set_version(crl, 1), 1);
	assert_int_equal(
	    X509_CRL_set_issuer_name(crl, X509_get_subject_name(ix)), 1);
	assert_non_null(ASN1_TIME_set(t, (time_t)tu));
	assert_int_equal(X509_CRL_set1_lastUpdate(crl, t), 1);
	assert_non_null(ASN1_TIME_set(t, (time_t)nu));
	assert_int_equal(X509_CRL_set1_nextUpdate(crl, t), 1);
	for (i = 0; i < n; i++) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *s = ASN1_INTEGER_new();

		assert_int_equal(ASN1_INTEGER_set(s, serials[i]), 1);
		assert_int_equal(X509_REVOKED_set_serialNumber(r, s), 1);
		assert_non_null(ASN1_TIME_set(t, (time_t)tu));
		assert_int_equal(X509_REVOKED_set_revocationDate(r, t), 1);
		assert_int_equal(X509_CRL_add0_revoked(crl, r), 1);
		ASN1_INTEGER_free(s);
	}
	if (with_exts) {
		crl_exts(crl, ix);
	}
	assert_true(X509_CRL_sign(crl, issuer->key, EVP_sha256()) > 0);
	dl = i2d_X509_CRL(crl, &der);
	assert_true(dl > 0);
	out = malloc((size_t)dl);
	assert_non_null(out);
	memcpy(out, der, (size_t)dl);
	*len = (size_t)dl;
	OPENSSL_free(der);
	ASN1_TIME_free(t);
	X509_CRL_free(crl);
	X509_free(ix);
	return out;
}

uint8_t *
test_pki_crl(const struct test_pki_cert *issuer, const long *serials, size_t n,
    int64_t tu, int64_t nu, size_t *len)
{
	return make_crl(issuer, serials, n, tu, nu, len, 1);
}

uint8_t *
test_pki_crl_bare(const struct test_pki_cert *issuer, const long *serials,
    size_t n, int64_t tu, int64_t nu, size_t *len)
{
	return make_crl(issuer, serials, n, tu, nu, len, 0);
}

void
test_pki_priv(const struct test_pki_cert *c, struct ra_ec256_priv *priv)
{
	BIGNUM *bn = NULL;

	assert_int_equal(
	    EVP_PKEY_get_bn_param(c->key, OSSL_PKEY_PARAM_PRIV_KEY, &bn), 1);
	assert_int_equal(
	    BN_bn2binpad(bn, priv->d, sizeof(priv->d)), (int)sizeof(priv->d));
	BN_clear_free(bn);
}

char *
test_pki_pem(const struct test_pki_cert *c, size_t *len)
{
	const unsigned char *p = c->der;
	X509 *x = d2i_X509(NULL, &p, (long)c->len);
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL, *out;
	long n;

	assert_non_null(x);
	assert_non_null(bio);
	assert_int_equal(PEM_write_bio_X509(bio, x), 1);
	n = BIO_get_mem_data(bio, &data);
	assert_true(n > 0);
	out = malloc((size_t)n + 1);
	assert_non_null(out);
	memcpy(out, data, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	BIO_free(bio);
	X509_free(x);
	return out;
}

void
test_pki_free(struct test_pki_cert *c)
{
	free(c->der);
	EVP_PKEY_free(c->key);
	memset(c, 0, sizeof(*c));
}
