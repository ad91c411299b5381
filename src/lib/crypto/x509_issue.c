/* SPDX-License-Identifier: BSD-3-Clause */
/* Issuing X.509 v3 certificates with OpenSSL; see sgxra/x509_issue.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/ossl.h"
#include "internal.h"
#include "sgxra/x509_issue.h"

#define NAME_MAX_LEN 512

/*
 * "CN=a,O=b": each attribute one of CN, O, OU, L, ST, C, in RFC 2253
 * order (most specific first), so the DER sequence is the reverse: each
 * entry is inserted at the front.
 */
static X509_NAME *
parse_name(const char *s)
{
	char buf[NAME_MAX_LEN], *p, *next, *eq;
	X509_NAME *n;

	if (s == NULL || strlen(s) >= sizeof(buf) ||
	    (n = X509_NAME_new()) == NULL) {
		return NULL;
	}
	memcpy(buf, s, strlen(s) + 1);
	for (p = buf; p != NULL; p = next) {
		next = strchr(p, ',');
		if (next != NULL) {
			*next++ = '\0';
		}
		eq = strchr(p, '=');
		if (eq == NULL || eq == p || eq[1] == '\0' ||
		    strchr(eq + 1, '=') != NULL) {
			X509_NAME_free(n);
			return NULL;
		}
		*eq = '\0';
		if ((strcmp(p, "CN") != 0 && strcmp(p, "O") != 0 &&
		        strcmp(p, "OU") != 0 && strcmp(p, "L") != 0 &&
		        strcmp(p, "ST") != 0 && strcmp(p, "C") != 0) ||
		    X509_NAME_add_entry_by_txt(n, p, MBSTRING_UTF8,
		        (const unsigned char *)(eq + 1), -1, 0, 0) != 1) {
			X509_NAME_free(n);
			return NULL;
		}
	}
	return n;
}

static int
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)) == NULL) {
		return 0;
	}
	ok = X509_add_ext(x, e, -1) == 1;
	X509_EXTENSION_free(e);
	return ok;
}

static int
add_raw_ext(X509 *x, const struct ra_x509_ext *e)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(e->oid, 1);
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	X509_EXTENSION *ext = NULL;
	int ok = obj != NULL && os != NULL && e->der_len <= INT32_MAX &&
	    ASN1_OCTET_STRING_set(os, e->der, (int)e->der_len) == 1 &&
	    (ext = X509_EXTENSION_create_by_OBJ(
	         NULL, obj, e->critical ? 1 : 0, os)) != NULL &&
	    X509_add_ext(x, ext, -1) == 1;

	X509_EXTENSION_free(ext);
	ASN1_OCTET_STRING_free(os);
	ASN1_OBJECT_free(obj);
	return ok;
}

static int
key_usage_ext(X509 *x, unsigned int ku)
{
	char v[128];

	if (ku == 0) {
		return 1;
	}
	snprintf(v, sizeof(v), "critical%s%s%s%s",
	    (ku & RA_X509_KU_DIGITAL_SIGNATURE) != 0 ? ",digitalSignature" : "",
	    (ku & RA_X509_KU_NON_REPUDIATION) != 0 ? ",nonRepudiation" : "",
	    (ku & RA_X509_KU_KEY_CERT_SIGN) != 0 ? ",keyCertSign" : "",
	    (ku & RA_X509_KU_CRL_SIGN) != 0 ? ",cRLSign" : "");
	return add_ext(x, x, NID_key_usage, v);
}

/* Basic constraints, key usage, identifiers, the caller's extensions. */
static int
extensions(X509 *x, X509 *issuer, const struct ra_x509_issue_args *a)
{
	char bc[64];
	size_t i;

	if (a->ca && a->path_len >= 0) {
		snprintf(
		    bc, sizeof(bc), "critical,CA:TRUE,pathlen:%d", a->path_len);
	} else {
		snprintf(
		    bc, sizeof(bc), "critical,CA:%s", a->ca ? "TRUE" : "FALSE");
	}
	if (!add_ext(x, issuer, NID_basic_constraints, bc) ||
	    !key_usage_ext(x, a->key_usage) ||
	    !add_ext(x, issuer, NID_subject_key_identifier, "hash") ||
	    !add_ext(x, issuer, NID_authority_key_identifier, "keyid:always")) {
		return 0;
	}
	for (i = 0; i < a->n_exts; i++) {
		if (!add_raw_ext(x, &a->exts[i])) {
			return 0;
		}
	}
	return 1;
}

static int
set_fields(X509 *x, X509 *issuer, X509_NAME *subject, EVP_PKEY *pub,
    const struct ra_x509_issue_args *a)
{
	ASN1_INTEGER *serial = ASN1_INTEGER_new();
	time_t nb = (time_t)a->not_before, na = (time_t)a->not_after;
	int ok = serial != NULL && X509_set_version(x, 2) == 1 &&
	    ASN1_INTEGER_set_uint64(serial, a->serial) == 1 &&
	    X509_set_serialNumber(x, serial) == 1 &&
	    X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &nb) != NULL &&
	    X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, &na) != NULL &&
	    X509_set_subject_name(x, subject) == 1 &&
	    X509_set_issuer_name(
	        x, issuer != NULL ? X509_get_subject_name(issuer) : subject) ==
	        1 &&
	    X509_set_pubkey(x, pub) == 1;

	ASN1_INTEGER_free(serial);
	return ok;
}

static bool
args_ok(const struct ra_x509_issue_args *a)
{
	return a != NULL && a->subject != NULL &&
	    (a->ec_pub != NULL) != (a->rsa != NULL) &&
	    (a->sign_ec != NULL) != (a->sign_rsa != NULL) && a->serial != 0 &&
	    a->not_before < a->not_after && (a->exts != NULL || a->n_exts == 0);
}

/* The signing key as an EVP_PKEY (a new reference). */
static EVP_PKEY *
signing_key(const struct ra_x509_issue_args *a)
{
	struct ra_ec256_pub pub;
	EVP_PKEY *pk;

	if (a->sign_rsa != NULL) {
		pk = ra_rsa_key_evp(a->sign_rsa);
		return pk != NULL && EVP_PKEY_up_ref(pk) == 1 ? pk : NULL;
	}
	if (ra_ec256_pub_from_priv(&pub, a->sign_ec) != RA_OK) {
		return NULL;
	}
	return ra_ec256_evp(a->sign_ec, &pub);
}

static EVP_PKEY *
subject_key(const struct ra_x509_issue_args *a)
{
	EVP_PKEY *pk;

	if (a->rsa != NULL) {
		pk = ra_rsa_key_evp(a->rsa);
		return pk != NULL && EVP_PKEY_up_ref(pk) == 1 ? pk : NULL;
	}
	return ra_ec256_evp(NULL, a->ec_pub);
}

static enum ra_err
der_out(X509 *x, uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t *der = NULL;
	int n = i2d_X509(x, &der);
	enum ra_err err = RA_ERR_CRYPTO;

	if (n > 0 && (size_t)n > cap) {
		err = RA_ERR_SPACE;
	} else if (n > 0) {
		memcpy(out, der, (size_t)n);
		*out_len = (size_t)n;
		err = RA_OK;
	}
	OPENSSL_free(der);
	return err;
}

enum ra_err
ra_x509_issue(uint8_t *out, size_t cap, size_t *out_len,
    const struct ra_x509_issue_args *a)
{
	const uint8_t *p;
	X509 *x = NULL, *issuer = NULL;
	X509_NAME *subject = NULL;
	EVP_PKEY *sk = NULL, *pub = NULL;
	enum ra_err err = RA_ERR_ARG;

	if (out == NULL || out_len == NULL || !args_ok(a)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	if (a->issuer_der != NULL) {
		p = a->issuer_der;
		issuer = d2i_X509(NULL, &p, (long)a->issuer_der_len);
		if (issuer == NULL) {
			goto out;
		}
	}
	if ((subject = parse_name(a->subject)) == NULL) {
		goto out;
	}
	err = RA_ERR_KEY;
	if ((sk = signing_key(a)) == NULL || (pub = subject_key(a)) == NULL) {
		goto out;
	}
	err = RA_ERR_CRYPTO;
	if ((x = X509_new()) == NULL ||
	    !set_fields(x, issuer, subject, pub, a) ||
	    !extensions(x, issuer != NULL ? issuer : x, a) ||
	    X509_sign(x, sk, EVP_sha256()) <= 0) {
		goto out;
	}
	err = der_out(x, out, cap, out_len);
out:
	X509_free(x);
	X509_free(issuer);
	X509_NAME_free(subject);
	EVP_PKEY_free(sk);
	EVP_PKEY_free(pub);
	ra_ossl_clear_errors();
	return err;
}

/* The PEM text of a BIO-written object into out (with a NUL). */
static enum ra_err
bio_out(BIO *bio, char *out, size_t cap, size_t *out_len)
{
	char *data = NULL;
	long n = BIO_get_mem_data(bio, &data);

	if (n <= 0) {
		return RA_ERR_CRYPTO;
	}
	if ((size_t)n >= cap) {
		return RA_ERR_SPACE;
	}
	memcpy(out, data, (size_t)n);
	out[n] = '\0';
	*out_len = (size_t)n;
	return RA_OK;
}

/* DER (a certificate, or a CRL when is_crl) to PEM, with a NUL. */
static enum ra_err
der_to_pem(char *out, size_t cap, size_t *out_len, const uint8_t *der,
    size_t der_len, bool is_crl)
{
	const uint8_t *p = der;
	X509 *x = NULL;
	X509_CRL *crl = NULL;
	BIO *bio = NULL;
	enum ra_err err = RA_ERR_FORMAT;

	if (out == NULL || out_len == NULL || der == NULL) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	if (der_len <= INT32_MAX) {
		if (is_crl) {
			crl = d2i_X509_CRL(NULL, &p, (long)der_len);
		} else {
			x = d2i_X509(NULL, &p, (long)der_len);
		}
	}
	if ((x != NULL || crl != NULL) &&
	    (bio = BIO_new(BIO_s_mem())) != NULL &&
	    (is_crl ? PEM_write_bio_X509_CRL(bio, crl)
	            : PEM_write_bio_X509(bio, x)) == 1) {
		err = bio_out(bio, out, cap, out_len);
	}
	BIO_free(bio);
	X509_free(x);
	X509_CRL_free(crl);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_x509_der_to_pem(
    char *out, size_t cap, size_t *out_len, const uint8_t *der, size_t der_len)
{
	return der_to_pem(out, cap, out_len, der, der_len, false);
}

/* --- CRLs ---------------------------------------------------------------- */

static bool
crl_args_ok(const struct ra_x509_crl_args *a)
{
	size_t i;

	if (a == NULL || a->issuer_der == NULL || a->sign_ec == NULL ||
	    a->issuer_der_len > INT32_MAX || a->number == 0 ||
	    a->this_update >= a->next_update ||
	    (a->revoked == NULL && a->n_revoked != 0)) {
		return false;
	}
	for (i = 0; i < a->n_revoked; i++) {
		if (a->revoked[i].serial == 0) {
			return false;
		}
	}
	return true;
}

static int
add_revoked(X509_CRL *crl, const struct ra_x509_revoked *r)
{
	X509_REVOKED *rev = X509_REVOKED_new();
	ASN1_INTEGER *serial = ASN1_INTEGER_new();
	ASN1_TIME *when = ASN1_TIME_new();
	time_t t = (time_t)r->when;
	int ok = rev != NULL && serial != NULL && when != NULL &&
	    ASN1_INTEGER_set_uint64(serial, r->serial) == 1 &&
	    X509_REVOKED_set_serialNumber(rev, serial) == 1 &&
	    X509_time_adj_ex(when, 0, 0, &t) != NULL &&
	    X509_REVOKED_set_revocationDate(rev, when) == 1 &&
	    X509_CRL_add0_revoked(crl, rev) == 1;

	if (!ok) {
		X509_REVOKED_free(rev);
	}
	ASN1_TIME_free(when);
	ASN1_INTEGER_free(serial);
	return ok;
}

/* Version 2, issuer, dates, the entries and the two extensions. */
static int
crl_fields(X509_CRL *crl, X509 *issuer, const struct ra_x509_crl_args *a)
{
	ASN1_TIME *tu = ASN1_TIME_new(), *nu = ASN1_TIME_new();
	ASN1_INTEGER *num = ASN1_INTEGER_new();
	X509V3_CTX ctx;
	X509_EXTENSION *aki = NULL;
	time_t t0 = (time_t)a->this_update, t1 = (time_t)a->next_update;
	size_t i;
	int ok = tu != NULL && nu != NULL && num != NULL &&
	    X509_CRL_set_version(crl, 1) == 1 &&
	    X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)) == 1 &&
	    X509_time_adj_ex(tu, 0, 0, &t0) != NULL &&
	    X509_time_adj_ex(nu, 0, 0, &t1) != NULL &&
	    X509_CRL_set1_lastUpdate(crl, tu) == 1 &&
	    X509_CRL_set1_nextUpdate(crl, nu) == 1 &&
	    ASN1_INTEGER_set_uint64(num, a->number) == 1 &&
	    X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0) == 1;

	for (i = 0; ok && i < a->n_revoked; i++) {
		ok = add_revoked(crl, &a->revoked[i]);
	}
	if (ok) {
		X509V3_set_ctx(&ctx, issuer, NULL, NULL, crl, 0);
		aki = X509V3_EXT_conf_nid(
		    NULL, &ctx, NID_authority_key_identifier, "keyid:always");
		ok = aki != NULL && X509_CRL_add_ext(crl, aki, -1) == 1 &&
		    X509_CRL_sort(crl) == 1;
	}
	X509_EXTENSION_free(aki);
	ASN1_INTEGER_free(num);
	ASN1_TIME_free(tu);
	ASN1_TIME_free(nu);
	return ok;
}

enum ra_err
ra_x509_crl_issue(
    uint8_t *out, size_t cap, size_t *out_len, const struct ra_x509_crl_args *a)
{
	const uint8_t *p;
	X509 *issuer = NULL;
	X509_CRL *crl = NULL;
	EVP_PKEY *sk = NULL;
	struct ra_ec256_pub pub;
	uint8_t *der = NULL;
	int n;
	enum ra_err err = RA_ERR_ARG;

	if (out == NULL || out_len == NULL || !crl_args_ok(a)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	p = a->issuer_der;
	if ((issuer = d2i_X509(NULL, &p, (long)a->issuer_der_len)) == NULL) {
		goto out;
	}
	err = RA_ERR_KEY;
	if (ra_ec256_pub_from_priv(&pub, a->sign_ec) != RA_OK ||
	    (sk = ra_ec256_evp(a->sign_ec, &pub)) == NULL ||
	    X509_check_private_key(issuer, sk) != 1) {
		goto out;
	}
	err = RA_ERR_CRYPTO;
	if ((crl = X509_CRL_new()) == NULL || !crl_fields(crl, issuer, a) ||
	    X509_CRL_sign(crl, sk, EVP_sha256()) <= 0 ||
	    (n = i2d_X509_CRL(crl, &der)) <= 0) {
		goto out;
	}
	err = RA_ERR_SPACE;
	if ((size_t)n <= cap) {
		memcpy(out, der, (size_t)n);
		*out_len = (size_t)n;
		err = RA_OK;
	}
out:
	OPENSSL_free(der);
	X509_CRL_free(crl);
	X509_free(issuer);
	EVP_PKEY_free(sk);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_x509_crl_der_to_pem(
    char *out, size_t cap, size_t *out_len, const uint8_t *der, size_t der_len)
{
	return der_to_pem(out, cap, out_len, der, der_len, true);
}
