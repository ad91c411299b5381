/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd's emulated PCS in this process (tests/attestd/harness.h):
 * the DCAP PKI chains to its root with Intel's role names; TCB Info and
 * QE Identity as served parse with the library's parsers and verify
 * with the TCB Signing key over their exact text, and a one-byte change
 * anywhere in the signed text refuses; a PCK certificate from GET
 * pckcert carries an SGX extension that ra_pck_ext_parse accepts with
 * the platform's PPID, CPUSVN, PCESVN, FMSPC and PCE-ID, and that
 * ra_pck_ext_build reproduces; the pckcert query parser on truncated,
 * extended and non-hex values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "../attestd/harness.h"
#include "sgxra/ae.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/dcap.h"
#include "sgxra/encode.h"
#include "sgxra/pck.h"
#include "sgxra/x509.h"
#include "test.h"

#define BODY_MAX ((size_t)256 * 1024)
#define PPID     "00112233445566778899aabbccddeeff"
#define AUTH_KEY "0f0e0d0c0b0a09080706050403020100"
#define CPUSVN   "0102030405060708090a0b0c0d0e0f10"
#define EPPID    ((size_t)512) /* hex digits of the encrypted PPID */

struct raw {
	char *body;
	size_t len;
	char chain[16384]; /* the *-Issuer-Chain header, still encoded */
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct raw *r = arg;
	size_t add = size * n;

	if (r->len + add >= BODY_MAX) {
		return 0;
	}
	memcpy(r->body + r->len, p, add);
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct raw *r = arg;
	size_t len = size * n;
	const char *colon = memchr(p, ':', len);

	if (colon != NULL && (size_t)(colon - p) > 13 &&
	    strncasecmp(colon - 13, "-Issuer-Chain", 13) == 0 &&
	    len < sizeof(r->chain)) {
		snprintf(r->chain, sizeof(r->chain), "%.*s",
		    (int)(len - (size_t)(colon + 2 - p)), colon + 2);
	}
	return len;
}

/* GET path: the status; the body and the chain header in r. */
static long
get(struct harness *s, const char *path, struct raw *r)
{
	char url[2048];
	long status = -1;
	CURL *c = curl_easy_init();

	assert_non_null(c);
	r->len = 0;
	r->chain[0] = '\0';
	snprintf(url, sizeof(url), "%s%s", s->base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 60000L);
	if (curl_easy_perform(c) == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	}
	curl_easy_cleanup(c);
	return status;
}

static struct ra_x509 *
public_cert(struct harness *s, const char *name)
{
	char path[256], *pem = malloc(8192);
	struct ra_x509 *x = NULL;
	FILE *f;
	size_t n;

	assert_non_null(pem);
	snprintf(path, sizeof(path), "%s/public/%s", s->state, name);
	assert_non_null(f = fopen(path, "rb"));
	n = fread(pem, 1, 8192, f);
	fclose(f);
	assert_ra_ok(ra_x509_from_pem(&x, pem, n));
	free(pem);
	return x;
}

static int
setup(void **state)
{
	*state = harness_start(2);
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	harness_stop(*state);
	return 0;
}

static void
pki(void **state)
{
	struct harness *s = *state;
	struct ra_x509 *root = public_cert(s, "dcap-root.crt");
	struct ra_x509 *ca = public_cert(s, "dcap-platform-ca.crt");
	struct ra_x509 *signer = public_cert(s, "dcap-tcb-signing.crt");
	const struct ra_x509 *chain[2] = { ca, root };
	struct ra_x509_list *l = NULL;
	struct ra_x509_verify_detail d;
	char cn[256];

	assert_true(ra_x509_is_self_signed(root));
	assert_ra_ok(ra_x509_subject_cn(root, cn, sizeof(cn)));
	assert_string_equal(
	    cn, "sgxra EMULATED SGX Root CA \xe2\x80\x94 not Intel");
	assert_ra_ok(ra_x509_subject_cn(ca, cn, sizeof(cn)));
	assert_non_null(strstr(cn, "SGX PCK Platform CA"));
	assert_ra_ok(ra_x509_subject_cn(signer, cn, sizeof(cn)));
	assert_non_null(strstr(cn, "SGX TCB Signing"));
	assert_ra_ok(ra_x509_list_from(&l, chain, 2));
	assert_ra_ok(ra_x509_verify(l, root, NULL, 0, time(NULL), &d));
	ra_x509_list_free(l);
	chain[0] = signer;
	assert_ra_ok(ra_x509_list_from(&l, chain, 2));
	assert_ra_ok(ra_x509_verify(l, root, NULL, 0, time(NULL), &d));
	/* the CA is not its own issuer's peer: signer under CA refuses */
	ra_x509_list_free(l);
	assert_ra_ok(ra_x509_list_from(&l, chain, 1));
	assert_int_not_equal(
	    ra_x509_verify(l, ca, NULL, 0, time(NULL), &d), RA_OK);
	ra_x509_list_free(l);
	ra_x509_free(root);
	ra_x509_free(ca);
	ra_x509_free(signer);
}

/*
 * The document at path: split, parsed by parse, and its signature checks
 * with the TCB Signing key; then every single-byte change of the signed
 * text makes the signature fail.
 */
static void
signed_doc(struct harness *s, const char *path, const char *key,
    enum ra_err (*parse)(void *out, const char *text, size_t len), void *out)
{
	struct raw r;
	struct ra_signed_doc doc;
	struct ra_x509 *signer = public_cert(s, "dcap-tcb-signing.crt");
	struct ra_ec256_pub pub;
	struct ra_hash256 h;
	uint8_t *copy;
	size_t i;

	r.body = malloc(BODY_MAX);
	assert_non_null(r.body);
	assert_int_equal(get(s, path, &r), 200);
	assert_non_null(strstr(r.chain, "BEGIN%20CERTIFICATE"));
	assert_ra_ok(ra_collateral_split(&doc, r.body, r.len, key));
	assert_ra_ok(parse(out, (const char *)doc.body.p, doc.body.len));
	assert_ra_ok(ra_x509_pub_ec256(signer, &pub));
	ra_sha256(&h, doc.body.p, doc.body.len);
	assert_ra_ok(ra_ecdsa_verify(&pub, &h, &doc.sig));
	copy = malloc(doc.body.len);
	assert_non_null(copy);
	for (i = 0; i < doc.body.len; i++) {
		memcpy(copy, doc.body.p, doc.body.len);
		copy[i] ^= 0x01;
		ra_sha256(&h, copy, doc.body.len);
		assert_ra_err(ra_ecdsa_verify(&pub, &h, &doc.sig), RA_ERR_AUTH);
	}
	free(copy);
	free(r.body);
	ra_x509_free(signer);
}

static enum ra_err
parse_tcb(void *out, const char *text, size_t len)
{
	return ra_tcb_info_parse(out, text, len);
}

static enum ra_err
parse_qe(void *out, const char *text, size_t len)
{
	return ra_qe_identity_parse(out, text, len);
}

static void
tcb_info(void **state)
{
	static const uint8_t fmspc[] = RA_EMU_FMSPC;
	struct harness *s = *state;
	struct ra_tcb_info *ti = calloc(1, sizeof(*ti));
	struct raw r;

	assert_non_null(ti);
	signed_doc(s, "/sgx/certification/v4/tcb?fmspc=534758524100", "tcbInfo",
	    parse_tcb, ti);
	assert_int_equal(ti->version, 3);
	assert_int_equal(ti->id, RA_TCB_ID_SGX);
	assert_memory_equal(ti->fmspc, fmspc, sizeof(fmspc));
	assert_int_equal(ti->n_levels, 1);
	assert_int_equal(ti->levels[0].status, RA_TCB_UP_TO_DATE);
	/* issued an hour back (a verifier's clock may be behind ours) */
	assert_true(
	    ti->next_update - ti->issue_date == (int64_t)30 * 86400 + 3600);
	assert_true(ti->issue_date <= (int64_t)time(NULL) - 3600);
	r.body = malloc(BODY_MAX);
	assert_non_null(r.body);
	assert_int_equal(
	    get(s, "/sgx/certification/v4/tcb?fmspc=00906ed50000", &r), 404);
	assert_int_equal(
	    get(s, "/sgx/certification/v4/tcb?fmspc=534758", &r), 400);
	free(r.body);
	free(ti);
}

static void
qe_identity(void **state)
{
	struct harness *s = *state;
	struct ra_qe_identity *qi = calloc(1, sizeof(*qi));
	struct ra_secs secs;

	assert_non_null(qi);
	assert_ra_ok(ra_ae_secs(&secs, RA_AE_QE));
	signed_doc(s, "/sgx/certification/v4/qe/identity", "enclaveIdentity",
	    parse_qe, qi);
	assert_int_equal(qi->id, RA_QE_ID_QE);
	assert_memory_equal(qi->mrsigner.b, secs.mr_signer.b, 32);
	assert_int_equal(qi->isv_prod_id, secs.isv_prod_id);
	assert_int_equal(qi->miscselect, secs.misc_select);
	assert_int_equal(qi->n_levels, 1);
	assert_int_equal(qi->levels[0].isv_svn, secs.isv_svn);
	assert_int_equal(qi->levels[0].status, RA_TCB_UP_TO_DATE);
	free(qi);
}

/* The encrypted PPID, in hex, under the service's quote key. */
static void
encrypted_ppid(struct harness *s, char hex[EPPID + 1])
{
	uint8_t ppid[16], ct[256];

	assert_ra_ok(ra_hex_decode_exact(ppid, 16, PPID, 32));
	assert_ra_ok(ra_rsa_oaep_encrypt(
	    s->quote_key, ct, sizeof(ct), ppid, sizeof(ppid), NULL));
	assert_ra_ok(ra_hex_encode(hex, EPPID + 1, ct, sizeof(ct)));
}

static void
pck_certificate(void **state)
{
	static const uint8_t fmspc[] = RA_EMU_FMSPC;
	struct harness *s = *state;
	char eppid[EPPID + 1], path[1024];
	uint8_t cpusvn[16], ppid[16], der[1024];
	struct ra_x509 *leaf = NULL;
	struct ra_pck_ext e;
	struct ra_bytes ext;
	struct ra_buf b = ra_buf_init(der, sizeof(der));
	struct raw r;
	bool critical, found;

	assert_int_equal(
	    harness_call(s, "POST", "/admin/v1/platforms",
	        "{\"ppid\":\"" PPID "\",\"authKey\":\"" AUTH_KEY "\"}", NULL,
	        NULL),
	    201);
	encrypted_ppid(s, eppid);
	r.body = malloc(BODY_MAX);
	assert_non_null(r.body);
	snprintf(path, sizeof(path),
	    "/sgx/certification/v4/pckcert?encrypted_ppid=%s&cpusvn=" CPUSVN
	    "&pcesvn=0a01&pceid=0000",
	    eppid);
	assert_int_equal(get(s, path, &r), 200);
	assert_ra_ok(ra_x509_from_pem(&leaf, r.body, r.len));
	assert_ra_ok(
	    ra_x509_extension(leaf, RA_SGX_EXT_OID, &ext, &critical, &found));
	assert_true(found);
	assert_false(critical);
	assert_ra_ok(ra_pck_ext_parse(&e, ext.p, ext.len));
	assert_ra_ok(ra_hex_decode_exact(cpusvn, 16, CPUSVN, 32));
	assert_ra_ok(ra_hex_decode_exact(ppid, 16, PPID, 32));
	assert_memory_equal(e.ppid, ppid, 16);
	assert_memory_equal(e.cpu_svn, cpusvn, 16);
	assert_memory_equal(e.comp_svn, cpusvn, 16);
	assert_int_equal(e.pce_svn, 0x010a); /* "0a01": little-endian */
	assert_memory_equal(e.fmspc, fmspc, sizeof(fmspc));
	assert_int_equal(e.pce_id[0] | e.pce_id[1], 0);
	assert_int_equal(e.sgx_type, RA_SGX_TYPE_STANDARD);
	assert_true(e.is_platform);
	/* round trip: the builder writes the same bytes */
	assert_ra_ok(ra_pck_ext_build(&b, &e));
	assert_int_equal(b.len, ext.len);
	assert_memory_equal(der, ext.p, ext.len);
	ra_x509_free(leaf);
	/* a changed encrypted PPID does not decrypt: 400 */
	path[strlen("/sgx/certification/v4/pckcert?encrypted_ppid=")] ^= 0x01;
	assert_int_equal(get(s, path, &r), 400);
	free(r.body);
}

static void
query_parse(void **state)
{
	static const char ok_svn[] = "0a01";
	struct pcs_pck_query q;
	char eppid[EPPID + 2], cpu[40], svn[8], why[256];
	size_t i;

	(void)state;
	memset(eppid, 'a', EPPID);
	eppid[EPPID] = '\0';
	snprintf(cpu, sizeof(cpu), "%s", CPUSVN);
	assert_true(pcs_pck_query_parse(
	    &q, eppid, cpu, ok_svn, "0000", why, sizeof(why)));
	assert_int_equal(q.pce_svn, 0x010a);
	assert_int_equal(q.pce_id, 0);
	assert_int_equal(q.cpu_svn[0], 1);
	assert_int_equal(q.encrypted_ppid[255], 0xaa);
	/* every truncation and one extra digit of each value */
	for (i = 0; i < EPPID; i++) {
		eppid[i] = '\0';
		assert_false(pcs_pck_query_parse(
		    &q, eppid, cpu, ok_svn, "0000", why, sizeof(why)));
		eppid[i] = 'a';
	}
	memcpy(eppid + EPPID, "a", 2);
	assert_false(pcs_pck_query_parse(
	    &q, eppid, cpu, ok_svn, "0000", why, sizeof(why)));
	eppid[EPPID] = '\0';
	for (i = 0; i <= 32; i++) {
		snprintf(cpu, sizeof(cpu), "%.*s%s", (int)i, CPUSVN,
		    i == 32 ? "0" : "");
		assert_false(pcs_pck_query_parse(
		    &q, eppid, cpu, ok_svn, "0000", why, sizeof(why)));
	}
	snprintf(cpu, sizeof(cpu), "%s", CPUSVN);
	for (i = 0; i <= 4; i++) {
		snprintf(svn, sizeof(svn), "%.*s%s", (int)i, ok_svn,
		    i == 4 ? "0" : "");
		assert_false(pcs_pck_query_parse(
		    &q, eppid, cpu, svn, "0000", why, sizeof(why)));
		assert_false(pcs_pck_query_parse(
		    &q, eppid, cpu, ok_svn, svn, why, sizeof(why)));
	}
	/* non-hex anywhere, and absent values */
	cpu[7] = 'g';
	assert_false(pcs_pck_query_parse(
	    &q, eppid, cpu, ok_svn, "0000", why, sizeof(why)));
	cpu[7] = CPUSVN[7];
	assert_false(pcs_pck_query_parse(
	    &q, eppid, cpu, "0x01", "0000", why, sizeof(why)));
	assert_false(pcs_pck_query_parse(
	    &q, NULL, cpu, ok_svn, "0000", why, sizeof(why)));
	assert_false(pcs_pck_query_parse(
	    &q, eppid, NULL, ok_svn, "0000", why, sizeof(why)));
	assert_false(pcs_pck_query_parse(
	    &q, eppid, cpu, NULL, "0000", why, sizeof(why)));
	assert_false(pcs_pck_query_parse(
	    &q, eppid, cpu, ok_svn, NULL, why, sizeof(why)));
	assert_non_null(strstr(why, "pceid"));
}

int
main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pki, setup, teardown),
		cmocka_unit_test_setup_teardown(tcb_info, setup, teardown),
		cmocka_unit_test_setup_teardown(qe_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    pck_certificate, setup, teardown),
		cmocka_unit_test(query_parse),
	};

	int rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		return 1;
	}
	rc = test_main(
	    argc, argv, __FILE__, tests, sizeof(tests) / sizeof(tests[0]));
	curl_global_cleanup();
	return rc;
}
