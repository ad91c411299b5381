/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A test helper for tests/integration/pcs.sh: plays an emulated platform
 * against sgxra-attestd's PCS endpoints, from a provisioning
 * authentication key the test enrolled.
 *
 *   dcap_quote eppid QUOTE_KEY.pem PPID_HEX
 *       the PPID RSA-OAEP-encrypted (SHA-256, empty label; as the quoting
 *       enclave wraps a quote's key) under the service's quote-encryption
 *       key, in hex: the encrypted_ppid of GET pckcert
 *   dcap_quote make AUTH_HEX CPUSVN_HEX PCESVN PCK.pem CHAIN.pem OUT
 *       checks that the PCK certificate names the key ra_pck_key_derive
 *       gives for (auth key, CPUSVN, PCESVN), then writes a DCAP v3 quote
 *       (certification data type 5: PCK.pem || CHAIN.pem) whose QE
 *       report, with the emulated QE's identity (ra_ae_secs), is signed
 *       by that PCK key and binds a fresh attestation key
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgxra/ae.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/dcap.h"
#include "sgxra/encode.h"
#include "sgxra/pck.h"
#include "sgxra/quote.h"
#include "sgxra/x509.h"

#define FILE_MAX  ((size_t)64 * 1024)
#define QUOTE_MAX ((size_t)16 * 1024)

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(FILE_MAX + 1);

	if (f == NULL || buf == NULL) {
		err(1, "%s", path);
	}
	*len = fread(buf, 1, FILE_MAX, f);
	if (ferror(f) || !feof(f)) {
		errx(1, "%s: unreadable or too large", path);
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

static void
hex_arg(uint8_t *out, size_t n, const char *s, const char *what)
{
	if (strlen(s) != 2 * n ||
	    ra_hex_decode_exact(out, n, s, 2 * n) != RA_OK) {
		errx(1, "%s: want %zu hex digits", what, 2 * n);
	}
}

static int
eppid(const char *key_path, const char *ppid_hex)
{
	struct ra_rsa_key *k = NULL;
	uint8_t ppid[16], ct[256];
	char hex[RA_HEX_LEN(256) + 1];
	size_t len;
	char *pem = slurp(key_path, &len);

	hex_arg(ppid, sizeof(ppid), ppid_hex, "PPID");
	if (ra_rsa_key_from_pem(&k, pem, len) != RA_OK ||
	    ra_rsa_key_len(k) != sizeof(ct) ||
	    ra_rsa_oaep_encrypt(k, ct, sizeof(ct), ppid, sizeof(ppid), NULL) !=
	        RA_OK ||
	    ra_hex_encode(hex, sizeof(hex), ct, sizeof(ct)) != RA_OK) {
		errx(1, "%s: not an RSA-2048 public key", key_path);
	}
	printf("%s\n", hex);
	ra_rsa_key_free(k);
	free(pem);
	return 0;
}

/* The PCK key for (auth, cpusvn, pcesvn), checked against the leaf. */
static void
pck_key(struct ra_ec256_priv *priv, const char *auth_hex,
    const uint8_t cpusvn[16], uint16_t pce_svn, const char *leaf_pem,
    size_t leaf_len)
{
	struct ra_key128 auth;
	struct ra_ec256_pub pub, cert_pub;
	struct ra_x509 *leaf = NULL;

	hex_arg(auth.b, sizeof(auth.b), auth_hex, "authentication key");
	if (ra_pck_key_derive(priv, &pub, &auth, cpusvn, pce_svn) != RA_OK) {
		errx(1, "ra_pck_key_derive failed");
	}
	if (ra_x509_from_pem(&leaf, leaf_pem, leaf_len) != RA_OK ||
	    ra_x509_pub_ec256(leaf, &cert_pub) != RA_OK) {
		errx(1, "the PCK certificate does not parse");
	}
	if (!ra_ct_eq(&pub, &cert_pub, sizeof(pub))) {
		errx(1, "the PCK certificate does not name the derived key");
	}
	ra_x509_free(leaf);
}

/* The QE report: the emulated QE's identity, REPORTDATA binding att. */
static void
qe_report(struct ra_report_body *r, const struct ra_ec256_pub *att,
    const uint8_t *auth, size_t auth_len)
{
	struct ra_secs secs;
	struct ra_sha256_ctx c;
	struct ra_hash256 h;

	if (ra_ae_secs(&secs, RA_AE_QE) != RA_OK) {
		errx(1, "ra_ae_secs(QE) failed");
	}
	memset(r, 0, sizeof(*r));
	r->misc_select = secs.misc_select;
	r->attributes = secs.attributes;
	r->mr_enclave = secs.mr_enclave;
	r->mr_signer = secs.mr_signer;
	r->isv_prod_id = secs.isv_prod_id;
	r->isv_svn = secs.isv_svn;
	ra_sha256_init(&c);
	ra_sha256_update(&c, att, sizeof(*att));
	ra_sha256_update(&c, auth, auth_len);
	ra_sha256_final(&c, &h);
	memcpy(r->report_data, h.b, sizeof(h.b));
}

static void
sign(struct ra_ec256_sig *sig, const struct ra_ec256_priv *k, const uint8_t *p,
    size_t n)
{
	struct ra_hash256 h;

	ra_sha256(&h, p, n);
	if (ra_ecdsa_sign(sig, k, &h, NULL) != RA_OK) {
		errx(1, "ECDSA signing failed");
	}
}

static int
make(char **argv)
{
	static const uint8_t intel[] = RA_DCAP_INTEL_QE_VENDOR_ID;
	static uint8_t auth[32], out[QUOTE_MAX], rep[RA_REPORT_BODY_LEN];
	struct ra_dcap_quote q;
	struct ra_ec256_priv pck, att;
	struct ra_buf b;
	uint8_t cpusvn[16];
	size_t leaf_len, chain_len, i;
	char *leaf = slurp(argv[3], &leaf_len),
	     *chain = slurp(argv[4], &chain_len);
	char *certs = malloc(leaf_len + chain_len + 1);
	long pce_svn = strtol(argv[2], NULL, 10);
	FILE *f;

	hex_arg(cpusvn, sizeof(cpusvn), argv[1], "CPUSVN");
	if (certs == NULL || pce_svn < 0 || pce_svn > 65535) {
		errx(1, "bad PCESVN or no memory");
	}
	pck_key(&pck, argv[0], cpusvn, (uint16_t)pce_svn, leaf, leaf_len);
	memcpy(certs, leaf, leaf_len);
	memcpy(certs + leaf_len, chain, chain_len);
	for (i = 0; i < sizeof(auth); i++) {
		auth[i] = (uint8_t)i;
	}
	memset(&q, 0, sizeof(q));
	q.version = 3;
	q.att_key_type = RA_DCAP_ATT_KEY_ECDSA_P256;
	q.pce_svn = (uint16_t)pce_svn;
	memcpy(q.qe_vendor_id, intel, sizeof(intel));
	q.body_type = RA_DCAP_BODY_SGX;
	memcpy(q.body.sgx.cpu_svn, cpusvn, sizeof(cpusvn));
	memset(q.body.sgx.mr_enclave.b, 0xaa, 32);
	memset(q.body.sgx.report_data, 0x01, 64);
	if (ra_ec256_keygen(&att, &q.att_key, NULL) != RA_OK) {
		errx(1, "key generation failed");
	}
	qe_report(&q.qe_report, &q.att_key, auth, sizeof(auth));
	q.qe_svn = q.qe_report.isv_svn;
	b = ra_buf_init(rep, sizeof(rep));
	ra_report_body_build(&b, &q.qe_report);
	if (ra_buf_finish(&b) != RA_OK) {
		errx(1, "report build failed");
	}
	sign(&q.qe_report_sig, &pck, rep, sizeof(rep));
	q.qe_auth_data = (struct ra_bytes){ auth, sizeof(auth) };
	q.cert_type = RA_DCAP_CERT_PCK_CHAIN;
	q.cert_data =
	    (struct ra_bytes){ (const uint8_t *)certs, leaf_len + chain_len };
	/* build once to sign the header and body, then for good */
	b = ra_buf_init(out, sizeof(out));
	if (ra_dcap_quote_build(&b, &q) != RA_OK) {
		errx(1, "quote build failed");
	}
	sign(&q.quote_sig, &att, out, RA_DCAP_HEADER_LEN + RA_REPORT_BODY_LEN);
	b = ra_buf_init(out, sizeof(out));
	if (ra_dcap_quote_build(&b, &q) != RA_OK ||
	    (f = fopen(argv[5], "wb")) == NULL ||
	    fwrite(out, 1, b.len, f) != b.len || fclose(f) != 0) {
		err(1, "%s", argv[5]);
	}
	RA_WIPE(pck);
	RA_WIPE(att);
	free(certs);
	free(leaf);
	free(chain);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "eppid") == 0) {
		return eppid(argv[2], argv[3]);
	}
	if (argc == 8 && strcmp(argv[1], "make") == 0) {
		return make(argv + 2);
	}
	fprintf(stderr,
	    "usage: dcap_quote eppid QUOTE_KEY.pem PPID_HEX\n"
	    "       dcap_quote make AUTH_HEX CPUSVN_HEX PCESVN PCK.pem "
	    "CHAIN.pem OUT\n");
	return 2;
}
