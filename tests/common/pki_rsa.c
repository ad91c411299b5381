/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "pki_rsa.h"
#include "test.h"

static EVP_PKEY *
rsa_key(unsigned int bits)
{
	EVP_PKEY *key = EVP_RSA_gen(bits);

	assert_non_null(key);
	return key;
}

static void
ext(X509 *x, X509 *issuer, int nid, const char *value)
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

static X509 *
make(EVP_PKEY *key, const char *cn, long serial, int64_t nb, int64_t na)
{
	X509 *x = X509_new();

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial), 1);
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(x), (time_t)nb));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(x), (time_t)na));
	assert_int_equal(
	    X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
	        MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0),
	    1);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	return x;
}

static void
done(struct test_pki_cert *out, X509 *x, EVP_PKEY *key)
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

void
test_pki_rsa_ca(struct test_pki_cert *out, const char *cn, unsigned int bits,
    int64_t nb, int64_t na)
{
	EVP_PKEY *key = rsa_key(bits);
	X509 *x = make(key, cn, 1, nb, na);

	assert_int_equal(X509_set_issuer_name(x, X509_get_subject_name(x)), 1);
	ext(x, x, NID_basic_constraints, "critical,CA:TRUE");
	ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
	ext(x, x, NID_subject_key_identifier, "hash");
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	done(out, x, key);
}

void
test_pki_rsa_issue(struct test_pki_cert *out,
    const struct test_pki_cert *issuer, const char *cn, unsigned int bits,
    long serial, int64_t nb, int64_t na, const char *san)
{
	EVP_PKEY *key = rsa_key(bits);
	const unsigned char *p = issuer->der;
	X509 *ix = d2i_X509(NULL, &p, (long)issuer->len);
	X509 *x;

	assert_non_null(ix);
	x = make(key, cn, serial, nb, na);
	assert_int_equal(X509_set_issuer_name(x, X509_get_subject_name(ix)), 1);
	ext(x, ix, NID_basic_constraints, "critical,CA:FALSE");
	ext(x, ix, NID_key_usage,
	    san != NULL ? "critical,digitalSignature,keyEncipherment"
	                : "critical,digitalSignature,nonRepudiation");
	ext(x, ix, NID_subject_key_identifier, "hash");
	ext(x, ix, NID_authority_key_identifier, "keyid:always");
	if (san != NULL) {
		ext(x, ix, NID_subject_alt_name, san);
		ext(x, ix, NID_ext_key_usage, "serverAuth");
	}
	assert_true(X509_sign(x, issuer->key, EVP_sha256()) > 0);
	X509_free(ix);
	done(out, x, key);
}

uint8_t *
test_pki_rsa_sign(
    const struct test_pki_cert *c, const void *msg, size_t len, size_t *sig_len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t *sig;
	size_t n = 0;

	assert_non_null(md);
	assert_int_equal(
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, c->key), 1);
	assert_int_equal(EVP_DigestSign(md, NULL, &n, msg, len), 1);
	sig = malloc(n);
	assert_non_null(sig);
	assert_int_equal(EVP_DigestSign(md, sig, &n, msg, len), 1);
	EVP_MD_CTX_free(md);
	*sig_len = n;
	return sig;
}

/* The contents of a memory BIO as a malloc'd string. */
static char *
bio_string(BIO *b, size_t *len)
{
	char *data = NULL;
	long n = BIO_get_mem_data(b, &data);
	char *s;

	assert_true(n > 0);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	memcpy(s, data, (size_t)n);
	s[n] = '\0';
	*len = (size_t)n;
	BIO_free(b);
	return s;
}

char *
test_pki_rsa_cert_pem(const struct test_pki_cert *c, size_t *len)
{
	const unsigned char *p = c->der;
	X509 *x = d2i_X509(NULL, &p, (long)c->len);
	BIO *b = BIO_new(BIO_s_mem());

	assert_non_null(x);
	assert_non_null(b);
	assert_int_equal(PEM_write_bio_X509(b, x), 1);
	X509_free(x);
	return bio_string(b, len);
}

char *
test_pki_rsa_key_pem(const struct test_pki_cert *c, size_t *len)
{
	BIO *b = BIO_new(BIO_s_mem());

	assert_non_null(b);
	assert_int_equal(
	    PEM_write_bio_PrivateKey(b, c->key, NULL, NULL, 0, NULL, NULL), 1);
	return bio_string(b, len);
}
