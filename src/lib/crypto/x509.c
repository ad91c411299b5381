/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * X.509 through OpenSSL, made strict for attestation: DER must be consumed
 * exactly, PEM lists hold only CERTIFICATE blocks, and verification uses a
 * fresh X509_STORE (never the system's trust store) at the caller's time.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/ossl.h"
#include "internal.h"
#include "sgxra/x509.h"

/* Largest certificate or CRL we parse, in bytes. */
#define X509_MAX_DER ((size_t)1024 * 1024)

struct ra_x509 {
	X509 *x;
	uint8_t *der; /* i2d of x, for ra_x509_der */
	size_t der_len;
};

struct ra_x509_list {
	size_t n;
	struct ra_x509 *certs[RA_X509_LIST_MAX];
};

struct ra_x509_crl {
	X509_CRL *crl;
};

static enum ra_err
wrap_cert(struct ra_x509 **out, X509 *x)
{
	struct ra_x509 *c;
	uint8_t *der = NULL;
	int n;

	if ((n = i2d_X509(x, &der)) <= 0) {
		X509_free(x);
		return RA_ERR_FORMAT;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		OPENSSL_free(der);
		X509_free(x);
		return RA_ERR_NOMEM;
	}
	c->x = x;
	c->der = der;
	c->der_len = (size_t)n;
	*out = c;
	return RA_OK;
}

/* Parse DER that must be consumed exactly and must re-encode identically. */
static X509 *
x509_der(const uint8_t *der, size_t len)
{
	const uint8_t *p = der;
	X509 *x;
	uint8_t *again = NULL;
	int n;

	if (len == 0 || len > X509_MAX_DER) {
		return NULL;
	}
	if ((x = d2i_X509(NULL, &p, (long)len)) == NULL ||
	    (size_t)(p - der) != len) {
		X509_free(x);
		return NULL;
	}
	n = i2d_X509(x, &again);
	if (n <= 0 || (size_t)n != len || !ra_ct_eq(again, der, len)) {
		X509_free(x);
		x = NULL;
	}
	OPENSSL_free(again);
	return x;
}

enum ra_err
ra_x509_from_der(struct ra_x509 **out, const uint8_t *der, size_t len)
{
	X509 *x;
	enum ra_err err;

	if (out == NULL || der == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	x = x509_der(der, len);
	err = x == NULL ? RA_ERR_FORMAT : wrap_cert(out, x);
	ra_ossl_clear_errors();
	return err;
}

void
ra_x509_free(struct ra_x509 *cert)
{
	if (cert == NULL) {
		return;
	}
	X509_free(cert->x);
	OPENSSL_free(cert->der);
	free(cert);
}

/*
 * Read the next PEM block of bio. Returns 1 with name/data set, 0 at the
 * end of the input, -1 on malformed PEM.
 */
static int
next_pem(BIO *bio, char **name, uint8_t **data, long *len)
{
	char *header = NULL;
	unsigned long e;

	if (PEM_read_bio(bio, name, &header, data, len) == 1) {
		OPENSSL_free(header);
		return 1;
	}
	e = ERR_peek_last_error();
	ra_ossl_clear_errors();
	/* "no start line" at the end of input is the normal end. */
	return ERR_GET_LIB(e) == ERR_LIB_PEM &&
	        ERR_GET_REASON(e) == PEM_R_NO_START_LINE
	    ? 0
	    : -1;
}

void
ra_x509_list_free(struct ra_x509_list *list)
{
	size_t i;

	if (list == NULL) {
		return;
	}
	for (i = 0; i < list->n; i++) {
		ra_x509_free(list->certs[i]);
	}
	free(list);
}

/*
 * Append one certificate's DER: a new reference to a known certificate
 * with the same bytes (no parse), else a strict parse.
 */
static enum ra_err
list_add_der(struct ra_x509_list *l, const uint8_t *der, size_t len,
    const struct ra_x509 *const *known, size_t nknown)
{
	X509 *x = NULL;
	size_t i;
	enum ra_err err;

	if (l->n == RA_X509_LIST_MAX) {
		return RA_ERR_FORMAT;
	}
	for (i = 0; i < nknown && x == NULL; i++) {
		if (known[i] != NULL && known[i]->der_len == len &&
		    ra_ct_eq(known[i]->der, der, len) &&
		    X509_up_ref(known[i]->x) == 1) {
			x = known[i]->x;
		}
	}
	if (x == NULL && (x = x509_der(der, len)) == NULL) {
		return RA_ERR_FORMAT;
	}
	if ((err = wrap_cert(&l->certs[l->n], x)) == RA_OK) {
		l->n++;
	}
	return err;
}

/* Append one PEM block's DER; RA_ERR_FORMAT for anything else. */
static enum ra_err
list_add_block(struct ra_x509_list *l, const char *name, const uint8_t *data,
    long len, const struct ra_x509 *const *known, size_t nknown)
{
	if (strcmp(name, PEM_STRING_X509) != 0 || len <= 0) {
		return RA_ERR_FORMAT;
	}
	return list_add_der(l, data, (size_t)len, known, nknown);
}

static enum ra_err
list_from_pem(struct ra_x509_list **out, const char *pem, size_t len,
    const struct ra_x509 *const *known, size_t nknown)
{
	struct ra_x509_list *l;
	BIO *bio = NULL;
	char *name = NULL;
	uint8_t *data = NULL;
	long dlen = 0;
	int r;
	enum ra_err err = RA_ERR_FORMAT;

	if (out == NULL || pem == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (len > X509_MAX_DER * RA_X509_LIST_MAX) {
		return RA_ERR_FORMAT;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (bio = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		free(l);
		return RA_ERR_NOMEM;
	}
	while ((r = next_pem(bio, &name, &data, &dlen)) == 1) {
		err = list_add_block(l, name, data, dlen, known, nknown);
		OPENSSL_free(name);
		OPENSSL_free(data);
		name = NULL;
		data = NULL;
		if (err != RA_OK) {
			goto out;
		}
	}
	err = r == 0 && l->n > 0 ? RA_OK : RA_ERR_FORMAT;
out:
	BIO_free(bio);
	if (err == RA_OK) {
		*out = l;
	} else {
		ra_x509_list_free(l);
	}
	ra_ossl_clear_errors();
	return err;
}

/*
 * The length of the DER element at p (a SEQUENCE with a definite length
 * of at most four length bytes), or 0 if it does not fit len.
 */
static size_t
der_elem_len(const uint8_t *p, size_t len)
{
	size_t n, hdr, i;

	if (len < 2 || p[0] != 0x30) {
		return 0;
	}
	if (p[1] < 0x80) {
		n = p[1];
		hdr = 2;
	} else {
		hdr = 2 + (size_t)(p[1] & 0x7f);
		if (p[1] == 0x80 || hdr > 6 || hdr > len) {
			return 0;
		}
		for (n = 0, i = 2; i < hdr; i++) {
			n = n << 8 | p[i];
		}
	}
	return n <= len - hdr ? hdr + n : 0;
}

/* Back-to-back DER certificates, each consumed exactly, all of len. */
static enum ra_err
list_from_der(struct ra_x509_list *l, const uint8_t *p, size_t len,
    const struct ra_x509 *const *known, size_t nknown)
{
	size_t n;
	enum ra_err err;

	while (len > 0) {
		if (l->n == RA_X509_LIST_MAX ||
		    (n = der_elem_len(p, len)) == 0 || n > X509_MAX_DER) {
			return RA_ERR_FORMAT;
		}
		if ((err = list_add_der(l, p, n, known, nknown)) != RA_OK) {
			return err;
		}
		len -= n;
		p += n;
	}
	return l->n > 0 ? RA_OK : RA_ERR_FORMAT;
}

enum ra_err
ra_x509_list_from_pem(struct ra_x509_list **out, const char *pem, size_t len)
{
	return list_from_pem(out, pem, len, NULL, 0);
}

enum ra_err
ra_x509_list_from_bytes(struct ra_x509_list **out, const uint8_t *p, size_t len)
{
	return ra_x509_list_from_known(out, p, len, NULL, 0);
}

enum ra_err
ra_x509_list_from_known(struct ra_x509_list **out, const uint8_t *p, size_t len,
    const struct ra_x509 *const *known, size_t nknown)
{
	struct ra_x509_list *l;
	enum ra_err err;

	if (out == NULL || p == NULL || (known == NULL && nknown != 0)) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (len == 0 || p[0] != 0x30) {
		return list_from_pem(out, (const char *)p, len, known, nknown);
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		return RA_ERR_NOMEM;
	}
	err = list_from_der(l, p, len, known, nknown);
	ra_ossl_clear_errors();
	if (err != RA_OK) {
		ra_x509_list_free(l);
		return err;
	}
	*out = l;
	return RA_OK;
}

enum ra_err
ra_x509_list_from(
    struct ra_x509_list **out, const struct ra_x509 *const *certs, size_t n)
{
	struct ra_x509_list *l;
	size_t i;
	enum ra_err err;

	if (out == NULL || (certs == NULL && n != 0)) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (n > RA_X509_LIST_MAX) {
		return RA_ERR_ARG;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		return RA_ERR_NOMEM;
	}
	for (i = 0; i < n; i++) {
		err = ra_x509_from_der(
		    &l->certs[i], certs[i]->der, certs[i]->der_len);
		if (err != RA_OK) {
			ra_x509_list_free(l);
			return err;
		}
		l->n++;
	}
	*out = l;
	return RA_OK;
}

enum ra_err
ra_x509_from_pem(struct ra_x509 **out, const char *pem, size_t len)
{
	struct ra_x509_list *l;
	enum ra_err err;

	if (out == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if ((err = ra_x509_list_from_pem(&l, pem, len)) != RA_OK) {
		return err;
	}
	if (l->n != 1) {
		ra_x509_list_free(l);
		return RA_ERR_FORMAT;
	}
	*out = l->certs[0];
	l->n = 0;
	ra_x509_list_free(l);
	return RA_OK;
}

size_t
ra_x509_list_len(const struct ra_x509_list *list)
{
	return list == NULL ? 0 : list->n;
}

const struct ra_x509 *
ra_x509_list_get(const struct ra_x509_list *list, size_t i)
{
	if (list == NULL || i >= list->n) {
		return NULL;
	}
	return list->certs[i];
}

static enum ra_err
wrap_crl(struct ra_x509_crl **out, X509_CRL *crl)
{
	if (crl == NULL) {
		return RA_ERR_FORMAT;
	}
	if ((*out = calloc(1, sizeof(**out))) == NULL) {
		X509_CRL_free(crl);
		return RA_ERR_NOMEM;
	}
	(*out)->crl = crl;
	return RA_OK;
}

enum ra_err
ra_x509_crl_from_der(struct ra_x509_crl **out, const uint8_t *der, size_t len)
{
	const uint8_t *p = der;
	X509_CRL *crl = NULL;
	enum ra_err err;

	if (out == NULL || der == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (len != 0 && len <= X509_MAX_DER) {
		crl = d2i_X509_CRL(NULL, &p, (long)len);
	}
	if (crl != NULL && (size_t)(p - der) != len) {
		X509_CRL_free(crl);
		crl = NULL;
	}
	err = wrap_crl(out, crl);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_x509_crl_from_pem(struct ra_x509_crl **out, const char *pem, size_t len)
{
	BIO *bio;
	char *name = NULL;
	uint8_t *data = NULL;
	long dlen = 0;
	enum ra_err err = RA_ERR_FORMAT;

	if (out == NULL || pem == NULL || len > X509_MAX_DER) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		return RA_ERR_NOMEM;
	}
	if (next_pem(bio, &name, &data, &dlen) == 1 &&
	    strcmp(name, PEM_STRING_X509_CRL) == 0 && dlen > 0) {
		err = ra_x509_crl_from_der(out, data, (size_t)dlen);
	}
	OPENSSL_free(name);
	OPENSSL_free(data);
	BIO_free(bio);
	ra_ossl_clear_errors();
	return err;
}

void
ra_x509_crl_free(struct ra_x509_crl *crl)
{
	if (crl == NULL) {
		return;
	}
	X509_CRL_free(crl->crl);
	free(crl);
}

struct ra_bytes
ra_x509_der(const struct ra_x509 *cert)
{
	struct ra_bytes b = { cert->der, cert->der_len };

	return b;
}

static enum ra_err
name_str(const X509_NAME *name, char *out, size_t cap)
{
	BIO *bio;
	char *p = NULL;
	long n;
	enum ra_err err = RA_ERR_SPACE;

	if (name == NULL || out == NULL || cap == 0) {
		return RA_ERR_ARG;
	}
	if ((bio = BIO_new(BIO_s_mem())) == NULL) {
		return RA_ERR_NOMEM;
	}
	if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) < 0) {
		BIO_free(bio);
		return RA_ERR_FORMAT;
	}
	n = BIO_get_mem_data(bio, &p);
	if (n >= 0 && (size_t)n < cap) {
		if (n > 0) {
			memcpy(out, p, (size_t)n);
		}
		out[n] = '\0';
		err = RA_OK;
	}
	BIO_free(bio);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_x509_subject(const struct ra_x509 *cert, char *out, size_t cap)
{
	return name_str(X509_get_subject_name(cert->x), out, cap);
}

enum ra_err
ra_x509_issuer(const struct ra_x509 *cert, char *out, size_t cap)
{
	return name_str(X509_get_issuer_name(cert->x), out, cap);
}

enum ra_err
ra_x509_subject_cn(const struct ra_x509 *cert, char *out, size_t cap)
{
	const X509_NAME *name = X509_get_subject_name(cert->x);
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	const ASN1_STRING *s;
	const uint8_t *d;
	int n;

	if (out == NULL || cap == 0) {
		return RA_ERR_ARG;
	}
	if (i < 0) {
		return RA_ERR_FORMAT;
	}
	s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	d = ASN1_STRING_get0_data(s);
	n = ASN1_STRING_length(s);
	if (d == NULL || n < 0) {
		return RA_ERR_FORMAT;
	}
	if ((size_t)n >= cap) {
		return RA_ERR_SPACE;
	}
	memcpy(out, d, (size_t)n);
	out[n] = '\0';
	/* A NUL inside a name is an old certificate-spoofing trick. */
	if (strlen(out) != (size_t)n) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

static enum ra_err
asn1_time(const ASN1_TIME *t, int64_t *out)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		ra_ossl_clear_errors();
		return RA_ERR_FORMAT;
	}
	*out = (int64_t)timegm(&tm);
	return RA_OK;
}

enum ra_err
ra_x509_validity(
    const struct ra_x509 *cert, int64_t *not_before, int64_t *not_after)
{
	enum ra_err err = asn1_time(X509_get0_notBefore(cert->x), not_before);

	if (err != RA_OK) {
		return err;
	}
	return asn1_time(X509_get0_notAfter(cert->x), not_after);
}

enum ra_err
ra_x509_serial(const struct ra_x509 *cert, char *out, size_t cap)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert->x), NULL);
	char *hex = bn == NULL ? NULL : BN_bn2hex(bn);
	enum ra_err err = RA_ERR_FORMAT;
	size_t i, n;

	if (hex != NULL) {
		n = strlen(hex);
		err = RA_ERR_SPACE;
		if (n < cap) {
			for (i = 0; i <= n; i++) {
				out[i] = (char)tolower((unsigned char)hex[i]);
			}
			err = RA_OK;
		}
	}
	OPENSSL_free(hex);
	BN_free(bn);
	ra_ossl_clear_errors();
	return err;
}

bool
ra_x509_is_self_signed(const struct ra_x509 *cert)
{
	/* verify_signature = 1: the signature must check under its own key. */
	int r = X509_self_signed(cert->x, 1);

	ra_ossl_clear_errors();
	return r == 1;
}

bool
ra_x509_equal(const struct ra_x509 *a, const struct ra_x509 *b)
{
	return a->der_len == b->der_len && ra_ct_eq(a->der, b->der, a->der_len);
}

/*
 * The P-256 key straight from the SubjectPublicKeyInfo fields: algorithm
 * id-ecPublicKey with the named curve prime256v1, and an uncompressed
 * point that ra_ec256_pub_from_x962 checks. No EVP_PKEY is decoded: in
 * OpenSSL 3.0 that costs more than an ECDSA verification.
 */
enum ra_err
ra_x509_pub_ec256(const struct ra_x509 *cert, struct ra_ec256_pub *pub)
{
	const X509_PUBKEY *xpk = X509_get_X509_PUBKEY(cert->x);
	ASN1_OBJECT *alg = NULL;
	const unsigned char *pt = NULL;
	const void *pval = NULL;
	X509_ALGOR *a = NULL;
	int len = 0, ptype = 0;
	enum ra_err err;

	if (pub == NULL) {
		return RA_ERR_ARG;
	}
	if (xpk == NULL ||
	    X509_PUBKEY_get0_param(&alg, &pt, &len, &a, xpk) != 1 ||
	    OBJ_obj2nid(alg) != NID_X9_62_id_ecPublicKey) {
		ra_ossl_clear_errors();
		return RA_ERR_KEY;
	}
	X509_ALGOR_get0(NULL, &ptype, &pval, a);
	if (ptype != V_ASN1_OBJECT ||
	    OBJ_obj2nid((const ASN1_OBJECT *)pval) != NID_X9_62_prime256v1 ||
	    len <= 0) {
		return RA_ERR_KEY;
	}
	err = ra_ec256_pub_from_x962(pub, pt, (size_t)len);
	return err == RA_ERR_FORMAT ? RA_ERR_KEY : err;
}

enum ra_err
ra_x509_pub_rsa(const struct ra_x509 *cert, struct ra_rsa_key **key)
{
	const X509_PUBKEY *xpk = X509_get_X509_PUBKEY(cert->x);
	uint8_t *der = NULL;
	int n;
	enum ra_err err = RA_ERR_KEY;

	if (key == NULL) {
		return RA_ERR_ARG;
	}
	*key = NULL;
	n = i2d_X509_PUBKEY(xpk, &der);
	if (n > 0) {
		err = ra_rsa_key_from_der(key, der, (size_t)n);
		if (err == RA_ERR_FORMAT) {
			err = RA_ERR_KEY;
		}
	}
	OPENSSL_free(der);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_x509_extension(const struct ra_x509 *cert, const char *oid,
    struct ra_bytes *value, bool *critical, bool *found)
{
	ASN1_OBJECT *obj;
	const X509_EXTENSION *ext;
	const ASN1_OCTET_STRING *os;
	int i;

	if (oid == NULL || value == NULL || found == NULL) {
		return RA_ERR_ARG;
	}
	*found = false;
	value->p = NULL;
	value->len = 0;
	/* no_name = 1: the dotted form only, never a short name. */
	if ((obj = OBJ_txt2obj(oid, 1)) == NULL) {
		ra_ossl_clear_errors();
		return RA_ERR_ARG;
	}
	i = X509_get_ext_by_OBJ(cert->x, obj, -1);
	if (i >= 0 && X509_get_ext_by_OBJ(cert->x, obj, i) >= 0) {
		ASN1_OBJECT_free(obj);
		return RA_ERR_FORMAT; /* RFC 5280 §4.2: at most one */
	}
	ASN1_OBJECT_free(obj);
	if (i < 0) {
		return RA_OK;
	}
	ext = X509_get_ext(cert->x, i);
	os = X509_EXTENSION_get_data((X509_EXTENSION *)(uintptr_t)ext);
	if (os == NULL || ASN1_STRING_length(os) < 0) {
		return RA_ERR_FORMAT;
	}
	value->p = ASN1_STRING_get0_data(os);
	value->len = (size_t)ASN1_STRING_length(os);
	if (critical != NULL) {
		*critical = X509_EXTENSION_get_critical(ext) == 1;
	}
	*found = true;
	return RA_OK;
}

enum ra_err
ra_x509_crl_validity(
    const struct ra_x509_crl *crl, int64_t *this_update, int64_t *next_update)
{
	enum ra_err err =
	    asn1_time(X509_CRL_get0_lastUpdate(crl->crl), this_update);

	if (err != RA_OK) {
		return err;
	}
	return asn1_time(X509_CRL_get0_nextUpdate(crl->crl), next_update);
}

enum ra_err
ra_x509_crl_issuer(const struct ra_x509_crl *crl, char *out, size_t cap)
{
	return name_str(X509_CRL_get_issuer(crl->crl), out, cap);
}

size_t
ra_x509_crl_count(const struct ra_x509_crl *crl)
{
	STACK_OF(X509_REVOKED) *r = X509_CRL_get_REVOKED(crl->crl);
	int n = r == NULL ? 0 : sk_X509_REVOKED_num(r);

	return n > 0 ? (size_t)n : 0;
}

bool
ra_x509_crl_revokes(const struct ra_x509_crl *crl, const struct ra_x509 *cert)
{
	X509_REVOKED *rev = NULL;
	int r = X509_CRL_get0_by_cert(crl->crl, &rev, cert->x);

	ra_ossl_clear_errors();
	/* 1: revoked; 2: listed with "removeFromCRL" (not revoked). */
	return r == 1;
}

static void
detail_set(struct ra_x509_verify_detail *d, int depth, int code,
    const char *reason, const X509 *x)
{
	if (d == NULL) {
		return;
	}
	memset(d, 0, sizeof(*d));
	d->depth = depth;
	d->code = code;
	(void)snprintf(d->reason, sizeof(d->reason), "%s", reason);
	if (x != NULL &&
	    name_str(X509_get_subject_name(x), d->subject,
	        sizeof(d->subject)) != RA_OK) {
		d->subject[0] = '\0';
	}
}

/*
 * If the chain carries its own root, it must be the anchor: the same
 * subject and the same public key. Not necessarily the same bytes: Intel
 * re-issued the SGX Root CA in 2019 with a later notAfter and the same key
 * and serial, and quotes made before carry the first issue (the Fortanix
 * test set). The path itself is always built from the anchor.
 */
static enum ra_err
check_chain_root(const struct ra_x509_list *chain, const struct ra_x509 *anchor,
    struct ra_x509_verify_detail *detail)
{
	const struct ra_x509 *last = chain->certs[chain->n - 1];
	const EVP_PKEY *a, *b;

	/* A byte-identical copy of the anchor is the anchor. */
	if (chain->n < 2 || ra_x509_equal(last, anchor) ||
	    !ra_x509_is_self_signed(last)) {
		return RA_OK;
	}
	a = X509_get0_pubkey(anchor->x);
	b = X509_get0_pubkey(last->x);
	if (a == NULL || b == NULL || EVP_PKEY_eq(a, b) != 1 ||
	    X509_NAME_cmp(X509_get_subject_name(anchor->x),
	        X509_get_subject_name(last->x)) != 0) {
		ra_ossl_clear_errors();
		detail_set(detail, (int)chain->n - 1, 0,
		    "chain root is not the trust anchor", last->x);
		return RA_ERR_CERT;
	}
	return RA_OK;
}

static X509_STORE *
store_for(const struct ra_x509 *anchor, const struct ra_x509_crl *const *crls,
    size_t ncrls, int64_t now, unsigned int flags)
{
	X509_STORE *st = X509_STORE_new();
	X509_VERIFY_PARAM *param;
	size_t i;
	int ok = st != NULL && X509_STORE_add_cert(st, anchor->x) == 1;

	for (i = 0; ok && i < ncrls; i++) {
		ok = crls[i] != NULL &&
		    X509_STORE_add_crl(st, crls[i]->crl) == 1;
	}
	if (!ok) {
		X509_STORE_free(st);
		return NULL;
	}
	param = X509_STORE_get0_param(st);
	if ((flags & RA_X509_NO_TIME) != 0) {
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
	} else {
		X509_VERIFY_PARAM_set_time(param, (time_t)now);
	}
	if (ncrls > 0) {
		X509_VERIFY_PARAM_set_flags(
		    param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	}
	return st;
}

enum ra_err
ra_x509_verify(const struct ra_x509_list *chain, const struct ra_x509 *anchor,
    const struct ra_x509_crl *const *crls, size_t ncrls, int64_t now,
    struct ra_x509_verify_detail *detail)
{
	return ra_x509_verify_ex(chain, anchor, crls, ncrls, now, 0, detail);
}

enum ra_err
ra_x509_verify_ex(const struct ra_x509_list *chain,
    const struct ra_x509 *anchor, const struct ra_x509_crl *const *crls,
    size_t ncrls, int64_t now, unsigned int flags,
    struct ra_x509_verify_detail *detail)
{
	X509_STORE *st = NULL;
	X509_STORE_CTX *ctx = NULL;
	STACK_OF(X509) *untrusted = NULL;
	size_t i;
	int code;
	enum ra_err err = RA_ERR_NOMEM;

	if (chain == NULL || chain->n == 0 || anchor == NULL ||
	    (crls == NULL && ncrls != 0)) {
		return RA_ERR_ARG;
	}
	detail_set(detail, -1, 0, "", NULL);
	if ((flags & RA_X509_ANCHOR_CHECKED) == 0 &&
	    !ra_x509_is_self_signed(anchor)) {
		detail_set(detail, -1, 0, "trust anchor is not self-signed",
		    anchor->x);
		return RA_ERR_CERT;
	}
	if ((err = check_chain_root(chain, anchor, detail)) != RA_OK) {
		return err;
	}
	err = RA_ERR_NOMEM;
	if ((st = store_for(anchor, crls, ncrls, now, flags)) == NULL ||
	    (ctx = X509_STORE_CTX_new()) == NULL ||
	    (untrusted = sk_X509_new_null()) == NULL) {
		goto out;
	}
	for (i = 1; i < chain->n; i++) {
		if (sk_X509_push(untrusted, chain->certs[i]->x) <= 0) {
			goto out;
		}
	}
	if (X509_STORE_CTX_init(ctx, st, chain->certs[0]->x, untrusted) != 1) {
		goto out;
	}
	if (X509_verify_cert(ctx) == 1) {
		err = RA_OK;
		goto out;
	}
	code = X509_STORE_CTX_get_error(ctx);
	detail_set(detail, X509_STORE_CTX_get_error_depth(ctx), code,
	    X509_verify_cert_error_string(code),
	    X509_STORE_CTX_get_current_cert(ctx));
	err = RA_ERR_CERT;
out:
	sk_X509_free(untrusted);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	ra_ossl_clear_errors();
	return err;
}

enum ra_err
ra_x509_crl_verify(const struct ra_x509_crl *crl, const struct ra_x509 *issuer,
    int64_t now, struct ra_x509_verify_detail *detail)
{
	EVP_PKEY *pk = X509_get0_pubkey(issuer->x);
	int64_t tu, nu;
	enum ra_err err;

	detail_set(detail, -1, 0, "", NULL);
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl->crl),
	        X509_get_subject_name(issuer->x)) != 0) {
		detail_set(detail, -1, 0, "CRL issuer is not the certificate",
		    issuer->x);
		ra_ossl_clear_errors();
		return RA_ERR_CERT;
	}
	if (pk == NULL || X509_CRL_verify(crl->crl, pk) != 1) {
		ra_ossl_clear_errors();
		return RA_ERR_AUTH;
	}
	if ((err = ra_x509_crl_validity(crl, &tu, &nu)) != RA_OK) {
		return err;
	}
	if (now < tu) {
		detail_set(detail, -1, X509_V_ERR_CRL_NOT_YET_VALID,
		    "CRL is not yet valid", NULL);
		return RA_ERR_CERT;
	}
	if (now > nu) {
		detail_set(detail, -1, X509_V_ERR_CRL_HAS_EXPIRED,
		    "CRL has expired", NULL);
		return RA_ERR_CERT;
	}
	return RA_OK;
}

/* RFC 5280 §5.2.1 and §5.2.3, and the AKI key id against the issuer. */
static enum ra_err
crl_extensions(const X509_CRL *crl, const X509 *issuer,
    struct ra_x509_verify_detail *detail)
{
	ASN1_INTEGER *num;
	AUTHORITY_KEYID *akid;
	int crit = 0, r;

	num = X509_CRL_get_ext_d2i(crl, NID_crl_number, &crit, NULL);
	ASN1_INTEGER_free(num);
	if (num == NULL) {
		detail_set(
		    detail, -1, 0, "CRL has no CRL Number extension", issuer);
		return RA_ERR_CERT;
	}
	akid = X509_CRL_get_ext_d2i(
	    crl, NID_authority_key_identifier, &crit, NULL);
	if (akid == NULL) {
		detail_set(detail, -1, 0,
		    "CRL has no Authority Key Identifier extension", issuer);
		return RA_ERR_CERT;
	}
	r = X509_check_akid(issuer, akid);
	AUTHORITY_KEYID_free(akid);
	if (r != X509_V_OK) {
		detail_set(detail, -1, r,
		    "CRL Authority Key Identifier does not match the issuer",
		    issuer);
		return RA_ERR_CERT;
	}
	return RA_OK;
}

enum ra_err
ra_x509_crl_check(const struct ra_x509_crl *crl, const struct ra_x509 *issuer,
    struct ra_x509_verify_detail *detail)
{
	EVP_PKEY *pk;
	enum ra_err err;

	if (crl == NULL || issuer == NULL) {
		return RA_ERR_ARG;
	}
	detail_set(detail, -1, 0, "", NULL);
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl->crl),
	        X509_get_subject_name(issuer->x)) != 0) {
		detail_set(detail, -1, 0, "CRL issuer is not the certificate",
		    issuer->x);
		ra_ossl_clear_errors();
		return RA_ERR_CERT;
	}
	err = crl_extensions(crl->crl, issuer->x, detail);
	if (err == RA_OK) {
		pk = X509_get0_pubkey(issuer->x);
		if (pk == NULL || X509_CRL_verify(crl->crl, pk) != 1) {
			err = RA_ERR_AUTH;
		}
	}
	ra_ossl_clear_errors();
	return err;
}
