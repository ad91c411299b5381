/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd's keys: their creation (--init) and the key-holding child
 * that uses them (kproto.h). The child is the only process that reads the
 * key directory; the HTTP front never holds a private key.
 *
 * <state>/keys/ (0700)    master.key          16 random bytes: wraps group
 *                                             issuer keys, keys join nonces
 *                         report-ca.key       RSA-3072, the emulated root
 *                         report-signing.key  RSA-2048, signs reports
 *                         quote-encryption.key RSA-2048, the QE wraps for it
 *                         epid-signing.key    P-256, signs SigRLs, group
 *                                             certificates, PIBs
 *                         dcap-*.key, .der    the DCAP PKI (dcap_keys.c)
 * <state>/public/ (0755)  report-ca.crt, report-signing.crt (PEM),
 *                         quote-encryption.pem, epid-signing.pem
 * <state>/admin.token     the administration bearer token (0600)
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attestd.h"
#include "files.h"
#include "kproto.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/cursor.h"
#include "sgxra/encode.h"
#include "sgxra/epid.h"
#include "sgxra/random.h"
#include "sgxra/x509.h"
#include "sgxra/x509_issue.h"

#define PEM_MAX  16384
#define CERT_MAX 4096
#define ROOT_CN  "sgxra EMULATED root \xe2\x80\x94 not Intel"
#define YEAR     (365LL * 86400)

static const char wrap_label[] = "sgxra attestd wrap key";
static const char nonce_label[] = "sgxra attestd nonce key";
static const char isk_aad_label[] = "sgxra epid issuer key";
static const char nonce_mac_label[] = "sgxra join nonce";

/* --- creation ------------------------------------------------------------ */

struct paths {
	char keys[PATH_MAX], pub[PATH_MAX];
};

static enum ra_err
paths_of(struct paths *p, const char *state, char *why, size_t cap)
{
	if (files_join(p->keys, sizeof(p->keys), state, "keys") != RA_OK ||
	    files_join(p->pub, sizeof(p->pub), state, "public") != RA_OK) {
		snprintf(why, cap, "state directory path too long: %s", state);
		return RA_ERR_ARG;
	}
	return RA_OK;
}

enum ra_err
keys_write_in(const char *dir, const char *name, const void *data, size_t len,
    mode_t mode, char *why, size_t cap)
{
	char path[PATH_MAX];

	if (files_join(path, sizeof(path), dir, name) != RA_OK) {
		snprintf(why, cap, "path too long: %s/%s", dir, name);
		return RA_ERR_ARG;
	}
	return files_write_new(path, data, len, mode, why, cap);
}

uint64_t
keys_random_serial(void)
{
	uint64_t s = 0;

	while (s == 0) {
		if (ra_random(&s, sizeof(s)) != RA_OK) {
			return 0;
		}
		s >>= 1; /* positive as a 64-bit DER integer */
	}
	return s;
}

/* The report-signing hierarchy: an RSA-3072 root and an RSA-2048 leaf. */
static enum ra_err
make_report_pki(const struct paths *p, int64_t now, char *why, size_t cap)
{
	struct ra_rsa_key *ca = NULL, *leaf = NULL;
	static uint8_t root_der[CERT_MAX], leaf_der[CERT_MAX];
	static char pem[PEM_MAX];
	size_t root_len = 0, leaf_len = 0, len;
	struct ra_x509_issue_args a;
	enum ra_err err;

	if ((err = ra_rsa_key_generate(&ca, 3072, 65537)) != RA_OK ||
	    (err = ra_rsa_key_generate(&leaf, 2048, 65537)) != RA_OK) {
		snprintf(why, cap, "RSA key generation failed");
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.subject = "CN=" ROOT_CN ",OU=Attestation Report Signing CA,O=sgxra";
	a.rsa = ca;
	a.sign_rsa = ca;
	a.serial = keys_random_serial();
	a.not_before = now - 86400;
	a.not_after = now + 30 * YEAR;
	a.ca = true;
	a.path_len = 0;
	a.key_usage = RA_X509_KU_KEY_CERT_SIGN | RA_X509_KU_CRL_SIGN;
	if ((err = ra_x509_issue(root_der, sizeof(root_der), &root_len, &a)) !=
	    RA_OK) {
		snprintf(why, cap, "cannot issue the report-signing root");
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.subject = "CN=sgxra EMULATED Attestation Report Signing,O=sgxra";
	a.rsa = leaf;
	a.sign_rsa = ca;
	a.issuer_der = root_der;
	a.issuer_der_len = root_len;
	a.serial = keys_random_serial();
	a.not_before = now - 86400;
	a.not_after = now + 10 * YEAR;
	a.key_usage = RA_X509_KU_DIGITAL_SIGNATURE | RA_X509_KU_NON_REPUDIATION;
	if ((err = ra_x509_issue(leaf_der, sizeof(leaf_der), &leaf_len, &a)) !=
	    RA_OK) {
		snprintf(
		    why, cap, "cannot issue the report-signing certificate");
		goto out;
	}
	if ((err = ra_rsa_key_to_pem(ca, true, pem, sizeof(pem), &len)) !=
	        RA_OK ||
	    (err = keys_write_in(p->keys, "report-ca.key", pem, len, 0600, why,
	         cap)) != RA_OK ||
	    (err = ra_rsa_key_to_pem(leaf, true, pem, sizeof(pem), &len)) !=
	        RA_OK ||
	    (err = keys_write_in(p->keys, "report-signing.key", pem, len, 0600,
	         why, cap)) != RA_OK ||
	    (err = ra_x509_der_to_pem(
	         pem, sizeof(pem), &len, root_der, root_len)) != RA_OK ||
	    (err = keys_write_in(
	         p->pub, "report-ca.crt", pem, len, 0644, why, cap)) != RA_OK ||
	    (err = ra_x509_der_to_pem(
	         pem, sizeof(pem), &len, leaf_der, leaf_len)) != RA_OK ||
	    (err = keys_write_in(p->pub, "report-signing.crt", pem, len, 0644,
	         why, cap)) != RA_OK) {
		if (why[0] == '\0') {
			snprintf(why, cap, "cannot write the report keys: %s",
			    ra_errname(err));
		}
	}
out:
	ra_wipe(pem, sizeof(pem));
	ra_rsa_key_free(ca);
	ra_rsa_key_free(leaf);
	return err;
}

static enum ra_err
make_quote_key(const struct paths *p, char *why, size_t cap)
{
	struct ra_rsa_key *k = NULL;
	static char pem[PEM_MAX];
	size_t len;
	enum ra_err err;

	if ((err = ra_rsa_key_generate(&k, 2048, 65537)) != RA_OK ||
	    (err = ra_rsa_key_to_pem(k, true, pem, sizeof(pem), &len)) !=
	        RA_OK ||
	    (err = keys_write_in(p->keys, "quote-encryption.key", pem, len,
	         0600, why, cap)) != RA_OK ||
	    (err = ra_rsa_key_to_pem(k, false, pem, sizeof(pem), &len)) !=
	        RA_OK ||
	    (err = keys_write_in(p->pub, "quote-encryption.pem", pem, len, 0644,
	         why, cap)) != RA_OK) {
		if (why[0] == '\0') {
			snprintf(why, cap, "cannot make the quote key: %s",
			    ra_errname(err));
		}
	}
	ra_wipe(pem, sizeof(pem));
	ra_rsa_key_free(k);
	return err;
}

static enum ra_err
make_epid_signing_key(const struct paths *p, char *why, size_t cap)
{
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub;
	static char pem[PEM_MAX];
	size_t len;
	enum ra_err err;

	if ((err = ra_ec256_keygen(&priv, &pub, NULL)) != RA_OK ||
	    (err = ra_ec256_priv_to_pem(pem, sizeof(pem), &len, &priv)) !=
	        RA_OK ||
	    (err = keys_write_in(p->keys, "epid-signing.key", pem, len, 0600,
	         why, cap)) != RA_OK ||
	    (err = ra_ec256_pub_to_pem(pem, sizeof(pem), &len, &pub)) !=
	        RA_OK ||
	    (err = keys_write_in(p->pub, "epid-signing.pem", pem, len, 0644,
	         why, cap)) != RA_OK) {
		if (why[0] == '\0') {
			snprintf(why, cap,
			    "cannot make the EPID signing key: %s",
			    ra_errname(err));
		}
	}
	RA_WIPE(priv);
	ra_wipe(pem, sizeof(pem));
	return err;
}

enum ra_err
keys_create(const char *state, int64_t now, char *token, size_t token_cap,
    char *why, size_t cap)
{
	struct paths p;
	uint8_t master[16], tok[16];
	char tok_hex[33];
	enum ra_err err;

	why[0] = '\0';
	if (token_cap < sizeof(tok_hex)) {
		return RA_ERR_ARG;
	}
	if ((err = paths_of(&p, state, why, cap)) != RA_OK ||
	    (err = files_mkdirs(state, 0700, why, cap)) != RA_OK ||
	    (err = files_mkdirs(p.keys, 0700, why, cap)) != RA_OK ||
	    (err = files_mkdirs(p.pub, 0755, why, cap)) != RA_OK) {
		return err;
	}
	if (ra_random(master, sizeof(master)) != RA_OK ||
	    ra_random(tok, sizeof(tok)) != RA_OK) {
		snprintf(why, cap, "no randomness from the kernel");
		return RA_ERR_RNG;
	}
	if (ra_hex_encode(tok_hex, sizeof(tok_hex), tok, sizeof(tok)) !=
	    RA_OK) {
		return RA_ERR_STATE;
	}
	/* master.key first: with O_EXCL it refuses an initialised state. */
	err = keys_write_in(
	    p.keys, "master.key", master, sizeof(master), 0600, why, cap);
	if (err == RA_OK) {
		char path[PATH_MAX];

		err = files_join(path, sizeof(path), state, "admin.token");
		if (err == RA_OK) {
			tok_hex[32] = '\n';
			err =
			    files_write_new(path, tok_hex, 33, 0600, why, cap);
			tok_hex[32] = '\0';
		}
	}
	if (err == RA_OK) {
		err = make_report_pki(&p, now, why, cap);
	}
	if (err == RA_OK) {
		err = make_quote_key(&p, why, cap);
	}
	if (err == RA_OK) {
		err = make_epid_signing_key(&p, why, cap);
	}
	if (err == RA_OK) {
		err = dcap_keys_create(p.keys, p.pub, now, why, cap);
	}
	RA_WIPE(master);
	if (err == RA_OK) {
		memcpy(token, tok_hex, sizeof(tok_hex));
	}
	RA_WIPE(tok);
	ra_wipe(tok_hex, sizeof(tok_hex));
	return err;
}

/* --- the key-holding child ----------------------------------------------- */

struct keys {
	char state[PATH_MAX];
	struct ra_key128 wrap_key, nonce_key;
	struct ra_rsa_key *report_key, *quote_key;
	struct ra_ec256_priv epid_sign;
	struct dcap_keys dcap;
	uint8_t *pub; /* the K_PUBLIC reply */
	size_t pub_len;
};

static struct keys the_keys;

enum ra_err
keys_read_in(const char *dir, const char *name, bool secret, uint8_t **out,
    size_t *len, char *why, size_t cap)
{
	char path[PATH_MAX];

	if (files_join(path, sizeof(path), dir, name) != RA_OK) {
		snprintf(why, cap, "path too long: %s/%s", dir, name);
		return RA_ERR_ARG;
	}
	return files_read(path, PEM_MAX, secret, out, len, why, cap);
}

static bool
load_rsa(struct ra_rsa_key **k, const char *dir, const char *name,
    size_t want_len, char *why, size_t cap)
{
	uint8_t *pem;
	size_t len;

	if (keys_read_in(dir, name, true, &pem, &len, why, cap) != RA_OK) {
		return false;
	}
	if (ra_rsa_key_from_pem(k, (const char *)pem, len) != RA_OK ||
	    !ra_rsa_key_is_private(*k) || ra_rsa_key_len(*k) != want_len) {
		snprintf(why, cap, "%s/%s is not an RSA-%zu private key", dir,
		    name, want_len * 8);
		files_free(pem, len);
		return false;
	}
	files_free(pem, len);
	return true;
}

static bool
load_master(struct keys *k, const char *dir, char *why, size_t cap)
{
	struct ra_key128 master;
	struct ra_mac128 m;
	uint8_t *buf;
	size_t len;

	if (keys_read_in(dir, "master.key", true, &buf, &len, why, cap) !=
	    RA_OK) {
		return false;
	}
	if (len != sizeof(master.b)) {
		snprintf(
		    why, cap, "%s/master.key: %zu bytes, want 16", dir, len);
		files_free(buf, len);
		return false;
	}
	memcpy(master.b, buf, sizeof(master.b));
	files_free(buf, len);
	if (ra_cmac(&m, &master, wrap_label, sizeof(wrap_label) - 1) != RA_OK) {
		RA_WIPE(master);
		return false;
	}
	memcpy(k->wrap_key.b, m.b, 16);
	if (ra_cmac(&m, &master, nonce_label, sizeof(nonce_label) - 1) !=
	    RA_OK) {
		RA_WIPE(master);
		return false;
	}
	memcpy(k->nonce_key.b, m.b, 16);
	RA_WIPE(master);
	RA_WIPE(m);
	return true;
}

/* The K_PUBLIC reply, from public/ and the quote key. */
static bool
build_public(struct keys *k, const char *pubdir, char *why, size_t cap)
{
	uint8_t *leaf = NULL, *root = NULL, modulus[KPROTO_OAEP_LEN];
	size_t leaf_len = 0, root_len = 0;
	uint32_t e = 0;
	struct ra_ec256_pub pub;
	struct ra_buf b;
	bool ok = false;

	if (keys_read_in(pubdir, "report-signing.crt", false, &leaf, &leaf_len,
	        why, cap) != RA_OK ||
	    keys_read_in(pubdir, "report-ca.crt", false, &root, &root_len, why,
	        cap) != RA_OK) {
		goto out;
	}
	if (ra_rsa_key_modulus(k->quote_key, modulus, sizeof(modulus), &e) !=
	        RA_OK ||
	    e != 65537 ||
	    ra_ec256_pub_from_priv(&pub, &k->epid_sign) != RA_OK) {
		snprintf(why, cap, "cannot derive the public keys");
		goto out;
	}
	k->pub_len = 4 + leaf_len + root_len + sizeof(modulus) + 64;
	if ((k->pub = malloc(k->pub_len)) == NULL) {
		snprintf(why, cap, "out of memory");
		goto out;
	}
	b = ra_buf_init(k->pub, k->pub_len);
	ra_buf_u32be(&b, (uint32_t)(leaf_len + root_len));
	ra_buf_put(&b, leaf, leaf_len);
	ra_buf_put(&b, root, root_len);
	RA_BUF_PUT(&b, modulus);
	RA_BUF_PUT(&b, pub.x);
	RA_BUF_PUT(&b, pub.y);
	ok = ra_buf_finish(&b) == RA_OK;
out:
	files_free(leaf, leaf_len);
	files_free(root, root_len);
	return ok;
}

static bool
keys_child_init(void *ctx, char *why, size_t cap)
{
	struct keys *k = ctx;
	struct ra_ec256_pub epid_pub;
	struct paths p;
	uint8_t *pem;
	size_t len;

	if (paths_of(&p, k->state, why, cap) != RA_OK ||
	    !load_master(k, p.keys, why, cap) ||
	    !load_rsa(
	        &k->report_key, p.keys, "report-signing.key", 256, why, cap) ||
	    !load_rsa(
	        &k->quote_key, p.keys, "quote-encryption.key", 256, why, cap)) {
		return false;
	}
	if (keys_read_in(p.keys, "epid-signing.key", true, &pem, &len, why,
	        cap) != RA_OK) {
		return false;
	}
	if (ra_ec256_priv_from_pem(
	        &k->epid_sign, &epid_pub, (const char *)pem, len) != RA_OK) {
		snprintf(
		    why, cap, "%s/epid-signing.key is not a P-256 key", p.keys);
		files_free(pem, len);
		return false;
	}
	files_free(pem, len);
	return dcap_keys_load(&k->dcap, p.keys, p.pub, time(NULL), why, cap) &&
	    build_public(k, p.pub, why, cap);
}

enum ra_err
keys_sign_ecdsa(const struct ra_ec256_priv *key, const uint8_t *data,
    size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_hash256 h;
	struct ra_ec256_sig sig;
	enum ra_err err;

	if (cap < 64) {
		return RA_ERR_SPACE;
	}
	ra_sha256(&h, data, len);
	if ((err = ra_ecdsa_sign(&sig, key, &h, NULL)) != RA_OK) {
		return err;
	}
	memcpy(out, sig.r, 32);
	memcpy(out + 32, sig.s, 32);
	*out_len = 64;
	return RA_OK;
}

/* The AAD binding a wrapped issuer key to its group public key. */
static void
isk_aad(uint8_t aad[sizeof(isk_aad_label) - 1 + 32], const uint8_t *pub260)
{
	struct ra_hash256 h;

	ra_sha256(&h, pub260, KPROTO_GROUP_PUB_LEN);
	memcpy(aad, isk_aad_label, sizeof(isk_aad_label) - 1);
	memcpy(aad + sizeof(isk_aad_label) - 1, h.b, 32);
}

static enum ra_err
group_new(const struct keys *k, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t cap, size_t *out_len, char *msg, size_t msg_cap)
{
	struct ra_epid_issuer_key isk;
	struct ra_epid_group_pub pub;
	struct ra_epid_gid gid;
	uint8_t aad[sizeof(isk_aad_label) - 1 + 32], iv[RA_GCM_IV_LEN];
	struct ra_mac128 tag;
	struct ra_buf b, cert;
	const struct ra_rng rng = ra_rng_system();
	size_t need =
	    KPROTO_GROUP_PUB_LEN + KPROTO_GROUP_CERT_LEN + KPROTO_WRAPPED_LEN;
	enum ra_err err;

	if (in_len != 4) {
		snprintf(msg, msg_cap, "group id: %zu bytes, want 4", in_len);
		return RA_ERR_FORMAT;
	}
	if (cap < need) {
		return RA_ERR_SPACE;
	}
	memset(&gid, 0, sizeof(gid));
	gid.width = RA_EPID_GID_SGX;
	memcpy(gid.b, in, 4);
	if ((err = ra_epid_issuer_keygen(&isk, &pub, &gid, &rng)) != RA_OK) {
		snprintf(msg, msg_cap, "EPID issuer key generation failed");
		return err;
	}
	b = ra_buf_init(out, cap);
	if ((err = ra_epid_group_pub_build(&b, &pub)) != RA_OK ||
	    b.len != KPROTO_GROUP_PUB_LEN) {
		RA_WIPE(isk);
		return err != RA_OK ? err : RA_ERR_STATE;
	}
	cert = ra_buf_init(out + KPROTO_GROUP_PUB_LEN, KPROTO_GROUP_CERT_LEN);
	if ((err = ra_epid_file_sign(&cert, RA_EPID_FORM_SGX,
	         RA_EPID_FILE_GROUP_PUB, out, KPROTO_GROUP_PUB_LEN,
	         &k->epid_sign, NULL)) != RA_OK ||
	    cert.len != KPROTO_GROUP_CERT_LEN) {
		RA_WIPE(isk);
		snprintf(msg, msg_cap, "cannot sign the group certificate");
		return err != RA_OK ? err : RA_ERR_STATE;
	}
	isk_aad(aad, out);
	if ((err = ra_random(iv, sizeof(iv))) != RA_OK) {
		RA_WIPE(isk);
		return err;
	}
	{
		uint8_t *w = out + KPROTO_GROUP_PUB_LEN + KPROTO_GROUP_CERT_LEN;

		memcpy(w, iv, sizeof(iv));
		err = ra_gcm_encrypt(w + 12, &tag, &k->wrap_key, iv, aad,
		    sizeof(aad), isk.gamma.b, sizeof(isk.gamma.b));
		memcpy(w + 44, tag.b, 16);
	}
	RA_WIPE(isk);
	if (err != RA_OK) {
		return err;
	}
	*out_len = need;
	return RA_OK;
}

static void
nonce_mac(struct ra_mac128 *m, const struct keys *k, const uint8_t *ppid,
    const uint8_t *time_rand16)
{
	uint8_t msg[sizeof(nonce_mac_label) - 1 + KPROTO_PPID_LEN + 16];

	memcpy(msg, nonce_mac_label, sizeof(nonce_mac_label) - 1);
	memcpy(msg + sizeof(nonce_mac_label) - 1, ppid, KPROTO_PPID_LEN);
	memcpy(msg + sizeof(nonce_mac_label) - 1 + KPROTO_PPID_LEN, time_rand16,
	    16);
	if (ra_cmac(m, &k->nonce_key, msg, sizeof(msg)) != RA_OK) {
		/* an unusable MAC: every check against it fails */
		if (ra_random(m->b, sizeof(m->b)) != RA_OK) {
			memset(m->b, 0xff, sizeof(m->b));
		}
	}
}

static enum ra_err
join_nonce(const struct keys *k, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t cap, size_t *out_len)
{
	struct ra_mac128 m;
	struct ra_cur c;
	struct ra_buf b;
	uint64_t now;

	if (in_len != KPROTO_PPID_LEN + 8) {
		return RA_ERR_FORMAT;
	}
	if (cap < KPROTO_NONCE_LEN) {
		return RA_ERR_SPACE;
	}
	c = ra_cur_init(in + KPROTO_PPID_LEN, 8);
	now = ra_cur_u64be(&c);
	b = ra_buf_init(out, 8);
	ra_buf_u64be(&b, now);
	if (ra_buf_finish(&b) != RA_OK || ra_random(out + 8, 8) != RA_OK) {
		return RA_ERR_RNG;
	}
	nonce_mac(&m, k, in, out);
	memcpy(out + 16, m.b, 16);
	*out_len = KPROTO_NONCE_LEN;
	return RA_OK;
}

static enum ra_err
join(const struct keys *k, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t cap, size_t *out_len, char *msg, size_t msg_cap)
{
	const size_t want = KPROTO_PPID_LEN + 8 + KPROTO_NONCE_LEN +
	    KPROTO_GROUP_PUB_LEN + KPROTO_WRAPPED_LEN + KPROTO_JOIN_REQ_LEN;
	const uint8_t *ppid, *nonce, *pub260, *wrapped, *req_bytes;
	struct ra_epid_group_pub pub;
	struct ra_epid_issuer_key isk;
	struct ra_epid_join_request req;
	struct ra_epid_credential cred;
	struct ra_epid_nonce ni;
	struct ra_mac128 m, tag;
	uint8_t aad[sizeof(isk_aad_label) - 1 + 32];
	struct ra_cur c;
	struct ra_buf b;
	const struct ra_rng rng = ra_rng_system();
	uint64_t now, then;
	enum ra_err err;

	if (in_len != want) {
		snprintf(
		    msg, msg_cap, "join: %zu bytes, want %zu", in_len, want);
		return RA_ERR_FORMAT;
	}
	c = ra_cur_init(in, in_len);
	ppid = ra_cur_take(&c, KPROTO_PPID_LEN);
	now = ra_cur_u64be(&c);
	nonce = ra_cur_take(&c, KPROTO_NONCE_LEN);
	pub260 = ra_cur_take(&c, KPROTO_GROUP_PUB_LEN);
	wrapped = ra_cur_take(&c, KPROTO_WRAPPED_LEN);
	req_bytes = ra_cur_take(&c, KPROTO_JOIN_REQ_LEN);
	if (ra_cur_finish(&c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	nonce_mac(&m, k, ppid, nonce);
	c = ra_cur_init(nonce, 8);
	then = ra_cur_u64be(&c);
	if (!ra_ct_eq(m.b, nonce + 16, 16)) {
		snprintf(msg, msg_cap,
		    "the join nonce is not ours or not for "
		    "this platform");
		return RA_ERR_AUTH;
	}
	if (then > now || now - then > KPROTO_NONCE_TTL) {
		snprintf(msg, msg_cap, "the join nonce has expired");
		return RA_ERR_POLICY;
	}
	if ((err = ra_epid_group_pub_parse(&pub, pub260, KPROTO_GROUP_PUB_LEN,
	         RA_EPID_GID_SGX)) != RA_OK) {
		snprintf(msg, msg_cap, "bad group public key");
		return err;
	}
	isk_aad(aad, pub260);
	memcpy(tag.b, wrapped + 44, 16);
	isk.gid = pub.gid;
	if (ra_gcm_decrypt(isk.gamma.b, &k->wrap_key, wrapped, aad, sizeof(aad),
	        wrapped + 12, 32, &tag) != RA_OK) {
		snprintf(msg, msg_cap,
		    "the wrapped issuer key does not open "
		    "(another master key, or another group)");
		return RA_ERR_AUTH;
	}
	if ((err = ra_epid_join_request_parse(
	         &req, req_bytes, KPROTO_JOIN_REQ_LEN)) != RA_OK) {
		RA_WIPE(isk);
		snprintf(msg, msg_cap, "malformed join request");
		return err;
	}
	memcpy(ni.b, nonce, sizeof(ni.b));
	err = ra_epid_credential_issue(&cred, &isk, &pub, &ni, &req, &rng);
	RA_WIPE(isk);
	if (err != RA_OK) {
		snprintf(msg, msg_cap, "the join request does not verify");
		return err;
	}
	b = ra_buf_init(out, cap);
	if ((err = ra_epid_credential_build(&b, &cred)) != RA_OK ||
	    b.len != KPROTO_CRED_LEN) {
		RA_WIPE(cred);
		return err != RA_OK ? err : RA_ERR_STATE;
	}
	RA_WIPE(cred);
	*out_len = b.len;
	return RA_OK;
}

static bool
sigrl_unsigned_ok(const uint8_t *in, size_t len)
{
	static const uint8_t hdr[4] = { 0x00, 0x02, 0x00, 0x0e };
	uint32_t n2;

	if (len < 16 || (len - 16) % 128 != 0 || memcmp(in, hdr, 4) != 0) {
		return false;
	}
	n2 = (uint32_t)in[12] << 24 | (uint32_t)in[13] << 16 |
	    (uint32_t)in[14] << 8 | in[15];
	return (size_t)n2 == (len - 16) / 128;
}

static enum ra_err
keys_serve(void *ctx, uint32_t type, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len, char *msg, size_t msg_cap)
{
	struct keys *k = ctx;
	struct ra_hash256 h;
	size_t n;

	switch (type) {
	case K_PUBLIC:
		if (in_len != 0 || cap < k->pub_len) {
			return RA_ERR_ARG;
		}
		memcpy(out, k->pub, k->pub_len);
		*out_len = k->pub_len;
		return RA_OK;
	case K_SIGN_REPORT:
		if (cap < KPROTO_REPORT_SIG_LEN) {
			return RA_ERR_SPACE;
		}
		ra_sha256(&h, in, in_len);
		*out_len = KPROTO_REPORT_SIG_LEN;
		return ra_rsa_sign_sha256(
		    k->report_key, out, KPROTO_REPORT_SIG_LEN, &h);
	case K_UNWRAP:
		if (in_len != KPROTO_OAEP_LEN || cap < 16 ||
		    ra_rsa_oaep_decrypt(
		        k->quote_key, out, 16, &n, in, in_len) != RA_OK ||
		    n != 16) {
			ra_wipe(out, cap < 16 ? cap : 16);
			snprintf(msg, msg_cap,
			    "the wrapped quote key does not "
			    "decrypt");
			return RA_ERR_AUTH;
		}
		*out_len = 16;
		return RA_OK;
	case K_SIGN_SIGRL:
		if (!sigrl_unsigned_ok(in, in_len)) {
			snprintf(msg, msg_cap, "not an unsigned SGX SigRL");
			return RA_ERR_FORMAT;
		}
		return keys_sign_ecdsa(
		    &k->epid_sign, in, in_len, out, cap, out_len);
	case K_SIGN_PIB:
		if (in_len != 37) {
			snprintf(msg, msg_cap,
			    "PIB payload: %zu bytes, want 37", in_len);
			return RA_ERR_FORMAT;
		}
		return keys_sign_ecdsa(
		    &k->epid_sign, in, in_len, out, cap, out_len);
	case K_GROUP_NEW:
		return group_new(
		    k, in, in_len, out, cap, out_len, msg, msg_cap);
	case K_JOIN_NONCE:
		return join_nonce(k, in, in_len, out, cap, out_len);
	case K_JOIN:
		return join(k, in, in_len, out, cap, out_len, msg, msg_cap);
	case K_DCAP_PUBLIC:
	case K_DCAP_SIGN:
	case K_PCK_ISSUE:
	case K_DCAP_CRL:
		return dcap_keys_serve(&k->dcap, type, in, in_len, out, cap,
		    out_len, msg, msg_cap);
	default:
		snprintf(msg, msg_cap, "unknown request %u", type);
		return RA_ERR_VERSION;
	}
}

enum ra_err
keys_keeper_ops(struct keeper_ops *ops, const char *state, bool no_sandbox)
{
	memset(&the_keys, 0, sizeof(the_keys));
	if ((size_t)snprintf(the_keys.state, sizeof(the_keys.state), "%s",
	        state) >= sizeof(the_keys.state)) {
		return RA_ERR_ARG;
	}
	memset(ops, 0, sizeof(*ops));
	ops->name = "sgxra-attestd keeper";
	ops->init = keys_child_init;
	ops->serve = keys_serve;
	ops->ctx = &the_keys;
	ops->no_sandbox = no_sandbox;
	return RA_OK;
}
