/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IAS Attestation Verification Reports: every real report of
 * tests/data/real/ias/ verifies at its pinned time with Intel's root and
 * yields exactly the fields its expected.json records; it fails after the
 * signing certificate's notAfter, with another anchor, and with any
 * changed byte of body or signature. A throwaway RSA PKI signs synthetic
 * bodies to show that malformed JSON is refused after a valid signature.
 * Also: the percent-encoding of the certificate header, the timestamp
 * parser and the service provider's checks (ra_avr_check).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <valgrind/valgrind.h>

#include "pki.h"
#include "pki_rsa.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/x509.h"
#include "test.h"

#define REAL "tests/data/real/"
#define ROOT REAL "roots/ias_attestation_report_signing_ca.pem"
/* The IAS report-signing certificate: 2016-11-22T09:36:58Z and
 * 2026-11-20T09:36:58Z. */
#define SIGNING_NOT_BEFORE 1479807418
#define SIGNING_NOT_AFTER  1795167418

struct real_set {
	const char *dir;
	bool has_urlencoded; /* oasis-core: the header as IAS sent it */
};

static const struct real_set real_sets[] = {
	{ "secretnetwork-tls_ra_cert_v3", false },
	{ "secretnetwork-attestation_cert_hw_invalid_test", false },
	{ "secretnetwork-attestation_cert_hw_v2", false },
	{ "secretnetwork-attestation_cert_out_of_date", false },
	{ "secretnetwork-attestation_cert_sw_config_needed", false },
	{ "oasis-core/avr_v4", true },
	{ "oasis-core/avr_v5", true },
};

#define NSETS (sizeof(real_sets) / sizeof(real_sets[0]))

/* What ra_avr_verify() takes, as the service provider receives it. */
struct evidence {
	uint8_t *body;
	size_t body_len;
	char *sig;
	size_t sig_len;
	char *certs;
	size_t certs_len;
	json_t *expected;
	int64_t now;
};

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

/* A file's text without its trailing line ends. */
static char *
load_text(const char *rel, size_t *len)
{
	uint8_t *b = test_load(rel, len);
	char *t = realloc(b, *len + 1); /* test_load adds no NUL */

	assert_non_null(t);
	t[*len] = '\0';
	while (*len > 0 && (t[*len - 1] == '\n' || t[*len - 1] == '\r')) {
		t[--*len] = '\0';
	}
	return t;
}

/* Percent-encode text as IAS does; malloc'd. */
static char *
pct(const void *text, size_t len, size_t *out_len)
{
	char *out = malloc(RA_PCT_MAX_LEN(len) + 1);

	assert_non_null(out);
	assert_ra_ok(
	    ra_pct_encode(out, RA_PCT_MAX_LEN(len) + 1, out_len, text, len));
	return out;
}

/*
 * The X-IASReport-Signing-Certificate value: recorded for oasis-core;
 * for the others, the set's signing certificate and the IAS root, as
 * IAS sends them.
 */
static char *
certs_header(const struct real_set *s, size_t *len)
{
	char p[512];
	size_t ll, rl;
	uint8_t *leaf, *root, *both;
	char *out;

	if (s->has_urlencoded) {
		return load_text(REAL "ias/oasis-core/avr_certificates_"
		                      "urlencoded.pem",
		    len);
	}
	snprintf(p, sizeof(p), REAL "ias/%s/avr_signing_cert.pem", s->dir);
	leaf = test_load(p, &ll);
	root = test_load(ROOT, &rl);
	both = malloc(ll + rl);
	assert_non_null(both);
	memcpy(both, leaf, ll);
	memcpy(both + ll, root, rl);
	out = pct(both, ll + rl, len);
	free(both);
	free(leaf);
	free(root);
	return out;
}

static void
load_evidence(struct evidence *ev, const struct real_set *s)
{
	char p[512];
	json_error_t jerr;

	snprintf(p, sizeof(p), REAL "ias/%s/avr_body.json", s->dir);
	ev->body = test_load(p, &ev->body_len);
	snprintf(p, sizeof(p), REAL "ias/%s/avr_signature.b64", s->dir);
	ev->sig = load_text(p, &ev->sig_len);
	ev->certs = certs_header(s, &ev->certs_len);
	snprintf(p, sizeof(p), "%s/" REAL "ias/%s/expected.json",
	    getenv("SGXRA_TOP") ? getenv("SGXRA_TOP") : ".", s->dir);
	ev->expected = json_load_file(p, 0, &jerr);
	assert_non_null(ev->expected);
	ev->now = json_integer_value(
	    json_object_get(ev->expected, "suggested_verification_time_unix"));
	assert_true(ev->now > SIGNING_NOT_BEFORE);
}

static void
free_evidence(struct evidence *ev)
{
	free(ev->body);
	free(ev->sig);
	free(ev->certs);
	json_decref(ev->expected);
}

static enum ra_err
verify(struct ra_avr *avr, const struct evidence *ev,
    const struct ra_x509 *anchor, int64_t now, struct ra_x509_verify_detail *d)
{
	return ra_avr_verify(avr, d, ev->body, ev->body_len, ev->sig,
	    ev->sig_len, ev->certs, ev->certs_len, anchor, now);
}

/* --- the recorded fields ------------------------------------------------- */

static void
expect_text(const char *got, bool has, const json_t *fields, const char *key)
{
	const json_t *v = json_object_get(fields, key);

	if (v == NULL) {
		if (has) {
			fail_msg("%s present, not recorded", key);
		}
		return;
	}
	if (!has) {
		fail_msg("%s recorded, not parsed", key);
	}
	assert_string_equal(got, json_string_value(v));
}

static void
expect_hex(const void *got, size_t n, const json_t *obj, const char *key)
{
	size_t len;
	uint8_t *want =
	    test_unhex(json_string_value(json_object_get(obj, key)), &len);

	assert_int_equal(len, n);
	test_assert_bytes(got, want, n, key);
	free(want);
}

static void
expect_uint(uint64_t got, const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	assert_non_null(v);
	assert_int_equal(got, (uint64_t)json_integer_value(v));
}

/* isvEnclaveQuoteBody_decoded: every field of the quote body. */
static void
expect_quote(const struct ra_avr *avr, const json_t *q)
{
	const struct ra_report_body *rb = &avr->quote.report_body;
	uint8_t attr[16];
	char gid[9];
	size_t i;

	expect_uint(avr->quote.version, q, "version");
	expect_uint((uint64_t)avr->quote.sign_type, q, "sign_type");
	snprintf(gid, sizeof(gid), "%08x", avr->quote.gid);
	assert_string_equal(
	    gid, json_string_value(json_object_get(q, "epid_group_id")));
	expect_uint(avr->quote.qe_svn, q, "qe_svn");
	expect_uint(avr->quote.pce_svn, q, "pce_svn");
	expect_uint(avr->quote.xeid, q, "xeid");
	expect_hex(avr->quote.basename, 32, q, "basename");
	expect_hex(rb->cpu_svn, 16, q, "cpusvn");
	expect_uint(rb->misc_select, q, "miscselect");
	for (i = 0; i < 8; i++) {
		attr[i] = (uint8_t)(rb->attributes.flags >> (8 * i));
		attr[8 + i] = (uint8_t)(rb->attributes.xfrm >> (8 * i));
	}
	expect_hex(attr, 16, q, "attributes");
	assert_int_equal((rb->attributes.flags & RA_ATTR_DEBUG) != 0,
	    json_is_true(json_object_get(q, "debug")));
	expect_hex(rb->mr_enclave.b, 32, q, "mrenclave");
	expect_hex(rb->mr_signer.b, 32, q, "mrsigner");
	expect_uint(rb->isv_prod_id, q, "isvprodid");
	expect_uint(rb->isv_svn, q, "isvsvn");
	expect_hex(rb->report_data, 64, q, "report_data");
}

static void
expect_advisories(const struct ra_avr *avr, const json_t *want)
{
	size_t i;

	assert_int_equal(avr->advisory_count, json_array_size(want));
	for (i = 0; i < avr->advisory_count; i++) {
		assert_string_equal(avr->advisory_ids[i],
		    json_string_value(json_array_get(want, i)));
	}
}

static void
expect_pseudonym_and_pib(const struct ra_avr *avr, const json_t *f)
{
	const json_t *ps = json_object_get(f, "epidPseudonym");
	const json_t *pib = json_object_get(f, "platformInfoBlob");
	uint8_t raw[RA_PIB_TLV_LEN], pseudonym[RA_AVR_PSEUDONYM_LEN];
	size_t n;
	struct ra_buf b;

	assert_int_equal(avr->has_epid_pseudonym, ps != NULL);
	if (ps != NULL) {
		assert_ra_ok(ra_base64_decode(pseudonym, sizeof(pseudonym), &n,
		    json_string_value(ps), json_string_length(ps)));
		assert_int_equal(n, RA_AVR_PSEUDONYM_LEN);
		test_assert_bytes(
		    avr->epid_pseudonym, pseudonym, n, "pseudonym");
	}
	assert_int_equal(avr->has_pib, pib != NULL);
	if (pib != NULL) {
		b = ra_buf_init(raw, sizeof(raw));
		ra_pib_tlv_build(&b, &avr->pib);
		assert_ra_ok(ra_buf_finish(&b));
		expect_hex(raw, sizeof(raw), f, "platformInfoBlob");
	}
}

static void
expect_fields(const struct ra_avr *avr, const struct evidence *ev)
{
	const json_t *f = json_object_get(ev->expected, "avr_fields");
	const json_t *x = json_object_get(ev->expected, "expected");
	const json_t *tcb = json_object_get(f, "tcbEvaluationDataNumber");

	expect_text(avr->id, true, f, "id");
	expect_text(avr->timestamp, true, f, "timestamp");
	/* suggested_verification_time_unix is the timestamp + 60 s */
	assert_int_equal(avr->time + 60, ev->now);
	expect_uint(avr->version, f, "version");
	expect_uint(avr->version, x, "version");
	expect_text(avr->status_text, true, f, "isvEnclaveQuoteStatus");
	assert_string_equal(ra_avr_status_name(avr->status),
	    json_string_value(json_object_get(x, "isvEnclaveQuoteStatus")));
	assert_int_not_equal(avr->status, RA_AVR_STATUS_UNKNOWN);
	expect_text(avr->nonce, avr->has_nonce, f, "nonce");
	expect_text(avr->advisory_url, avr->has_advisory_url, f, "advisoryURL");
	assert_int_equal(
	    avr->has_advisory_ids, json_object_get(f, "advisoryIDs") != NULL);
	expect_advisories(avr, json_object_get(x, "advisoryIDs"));
	expect_pseudonym_and_pib(avr, f);
	assert_int_equal(avr->has_tcb_evaluation_data_number, tcb != NULL);
	if (tcb != NULL) {
		expect_uint(avr->tcb_evaluation_data_number, f,
		    "tcbEvaluationDataNumber");
	}
	assert_false(avr->has_revocation_reason || avr->has_pse_manifest_hash ||
	    avr->has_pse_manifest_status);
	expect_quote(
	    avr, json_object_get(ev->expected, "isvEnclaveQuoteBody_decoded"));
}

/* --- real reports -------------------------------------------------------- */

static void
real_reports_verify(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	size_t i;

	(void)state;
	for (i = 0; i < NSETS; i++) {
		struct evidence ev;
		struct ra_avr avr;
		struct ra_x509_verify_detail d;

		load_evidence(&ev, &real_sets[i]);
		assert_ra_ok(verify(&avr, &ev, root, ev.now, &d));
		expect_fields(&avr, &ev);
		/* the whole validity of the signing certificate */
		assert_ra_ok(verify(&avr, &ev, root, SIGNING_NOT_BEFORE, &d));
		assert_ra_ok(
		    verify(&avr, &ev, root, SIGNING_NOT_AFTER - 1, &d));
		free_evidence(&ev);
	}
	ra_x509_free(root);
}

static void
expect_chain_failure(const struct evidence *ev, const struct ra_x509 *anchor,
    int64_t now, int depth, const char *reason)
{
	struct ra_avr avr;
	struct ra_x509_verify_detail d;

	memset(&avr, 0x5a, sizeof(avr));
	assert_ra_err(verify(&avr, ev, anchor, now, &d), RA_ERR_CERT);
	assert_true(ra_ct_is_zero(&avr, sizeof(avr)));
	if (depth != -2) {
		assert_int_equal(d.depth, depth);
	}
	if (strstr(d.reason, reason) == NULL) {
		fail_msg("reason \"%s\", want \"%s\"", d.reason, reason);
	}
}

/* Expired, not yet valid, or under another root: RA_ERR_CERT, named. */
static void
real_reports_chain_failures(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	struct ra_x509 *dcap = load_cert(REAL "roots/intel_sgx_root_ca.der");
	size_t i;

	(void)state;
	for (i = 0; i < NSETS; i++) {
		struct evidence ev;

		load_evidence(&ev, &real_sets[i]);
		expect_chain_failure(
		    &ev, root, SIGNING_NOT_AFTER, 0, "expired");
		expect_chain_failure(
		    &ev, root, SIGNING_NOT_AFTER + 1, 0, "expired");
		/* 2040: the signing certificate; 2100: its CA (2049) first */
		expect_chain_failure(&ev, root, 2208988800, 0, "expired");
		expect_chain_failure(&ev, root, 4102444800, 1, "expired");
		expect_chain_failure(
		    &ev, root, SIGNING_NOT_BEFORE - 1, 0, "not yet valid");
		expect_chain_failure(&ev, dcap, ev.now, -2, "");
		free_evidence(&ev);
	}
	ra_x509_free(root);
	ra_x509_free(dcap);
}

/* The failing certificate is named: the signing certificate, at depth 0. */
static void
chain_failure_detail(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	struct evidence ev;
	struct ra_avr avr;
	struct ra_x509_verify_detail d;

	(void)state;
	load_evidence(&ev, &real_sets[5]);
	assert_ra_err(verify(&avr, &ev, root, SIGNING_NOT_AFTER + 86400, &d),
	    RA_ERR_CERT);
	assert_int_equal(d.depth, 0);
	assert_non_null(
	    strstr(d.subject, "CN=Intel SGX Attestation Report Signing"));
	assert_null(strstr(d.subject, "Signing CA"));
	assert_ra_err(verify(&avr, &ev, root, ev.now, NULL), RA_OK);
	free_evidence(&ev);
	ra_x509_free(root);
}

/*
 * Under valgrind (make V=vg check), where one verification takes about a
 * quarter of a second, every 37th byte: all of them took 650 s of the
 * runner's 900. The release and ASan runs cover every byte.
 */
static size_t
body_stride(void)
{
	return RUNNING_ON_VALGRIND ? 37 : 1;
}

/* Every byte position of every body, changed: RA_ERR_AUTH. */
static void
real_reports_every_body_byte(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	size_t i, j;

	(void)state;
	for (i = 0; i < NSETS; i++) {
		struct evidence ev;
		struct ra_avr avr;

		load_evidence(&ev, &real_sets[i]);
		for (j = 0; j < ev.body_len; j += body_stride()) {
			ev.body[j] ^= (uint8_t)(1U << (j % 8));
			assert_ra_err(
			    verify(&avr, &ev, root, ev.now, NULL), RA_ERR_AUTH);
			ev.body[j] ^= (uint8_t)(1U << (j % 8));
		}
		ev.body_len--;
		assert_ra_err(
		    verify(&avr, &ev, root, ev.now, NULL), RA_ERR_AUTH);
		ev.body_len++;
		assert_ra_ok(verify(&avr, &ev, root, ev.now, NULL));
		free_evidence(&ev);
	}
	ra_x509_free(root);
}

/* All 255 other values of the first, a middle and the last byte. */
static void
real_report_every_value(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	struct evidence ev;
	struct ra_avr avr;
	size_t k, pos[3];
	unsigned int v;

	(void)state;
	load_evidence(&ev, &real_sets[5]);
	pos[0] = 0;
	pos[1] = ev.body_len / 2;
	pos[2] = ev.body_len - 1;
	/* valgrind: the middle byte only (see body_stride) */
	for (k = RUNNING_ON_VALGRIND ? 1 : 0; k < (RUNNING_ON_VALGRIND ? 2 : 3);
	     k++) {
		uint8_t orig = ev.body[pos[k]];

		for (v = 0; v < 256; v++) {
			ev.body[pos[k]] = (uint8_t)v;
			assert_ra_err(verify(&avr, &ev, root, ev.now, NULL),
			    v == orig ? RA_OK : RA_ERR_AUTH);
		}
		ev.body[pos[k]] = orig;
	}
	free_evidence(&ev);
	ra_x509_free(root);
}

/* Every byte of the signature changed (re-encoded): RA_ERR_AUTH. */
static void
real_reports_signature_changed(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	uint8_t sig[256];
	char b64[RA_BASE64_LEN(256) + 1];
	size_t i, j, n;

	(void)state;
	for (i = 0; i < NSETS; i++) {
		struct evidence ev;
		struct ra_avr avr;
		char *orig;

		load_evidence(&ev, &real_sets[i]);
		assert_ra_ok(
		    ra_base64_decode(sig, sizeof(sig), &n, ev.sig, ev.sig_len));
		assert_int_equal(n, 256);
		orig = ev.sig;
		ev.sig = b64;
		for (j = 0; j < n; j += body_stride()) {
			sig[j] ^= 0x80;
			assert_ra_ok(
			    ra_base64_encode(b64, sizeof(b64), sig, n));
			assert_ra_err(
			    verify(&avr, &ev, root, ev.now, NULL), RA_ERR_AUTH);
			sig[j] ^= 0x80;
		}
		/* 255 bytes: well-formed base64, not a signature */
		assert_ra_ok(ra_base64_encode(b64, sizeof(b64), sig + 1, 255));
		ev.sig_len = strlen(b64);
		assert_ra_err(
		    verify(&avr, &ev, root, ev.now, NULL), RA_ERR_AUTH);
		ev.sig = orig;
		free_evidence(&ev);
	}
	ra_x509_free(root);
}

/* The recorded header is IAS's percent-encoding of leaf + CA, exactly. */
static void
pct_matches_ias(void **state)
{
	size_t hl, pl, el, dl;
	char *header = load_text(REAL "ias/oasis-core/avr_certificates_"
	                              "urlencoded.pem",
	    &hl);
	uint8_t *pem = malloc(hl);
	char *again;

	(void)state;
	assert_non_null(pem);
	assert_ra_ok(ra_pct_decode(pem, hl, &pl, header, hl));
	assert_true(pl > 2000 && pl < hl);
	assert_non_null(memmem(pem, pl, "-----BEGIN CERTIFICATE-----\n", 28));
	again = pct(pem, pl, &el);
	assert_int_equal(el, hl);
	test_assert_bytes(again, header, hl, "re-encoded header");
	/* the decoder's output buffer bound */
	assert_ra_err(
	    ra_pct_decode(pem, pl - 1, &dl, header, hl), RA_ERR_SPACE);
	free(again);
	free(pem);
	free(header);
}

static void
pct_strict(void **state)
{
	static const char *const bad[] = {
		"%",
		"%0",
		"%G0",
		"%0g",
		"a%",
		"a%2",
		"% 20",
		"%%41",
		"a b",
		"a\nb",
		"a\tb",
		"\x7f",
		"\x80",
		"\xc3\xa9",
	};
	uint8_t out[16];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ra_pct_decode(out, sizeof(out), &n, bad[i],
		        strlen(bad[i])) != RA_ERR_FORMAT) {
			fail_msg("\"%s\" decoded", bad[i]);
		}
	}
	assert_ra_ok(ra_pct_decode(out, sizeof(out), &n, "%2b+%2F%00%ff", 13));
	assert_int_equal(n, 5);
	test_assert_bytes(out, "++/\0\xff", 5, "decoded");
	assert_ra_ok(ra_pct_decode(NULL, 0, &n, "", 0));
	assert_int_equal(n, 0);
	assert_ra_err(
	    ra_pct_encode((char *)out, 3, &n, (const uint8_t *)" ", 1),
	    RA_ERR_SPACE);
	assert_ra_ok(
	    ra_pct_encode((char *)out, 4, &n, (const uint8_t *)" ", 1));
	assert_string_equal((char *)out, "%20");
	assert_ra_ok(ra_pct_encode(
	    (char *)out, sizeof(out), &n, (const uint8_t *)"aZ09-._~/+=", 11));
	assert_string_equal((char *)out, "aZ09-._~/%2B%3D");
}

/* Malformed or unexpected certificate headers. */
static void
real_report_bad_certs(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	struct evidence ev;
	struct ra_avr avr;
	struct ra_x509_verify_detail d;
	char *orig;
	size_t orig_len, rl, n;
	uint8_t *rpem;
	char *big;

	(void)state;
	load_evidence(&ev, &real_sets[0]);
	orig = ev.certs;
	orig_len = ev.certs_len;
	/* a broken escape anywhere */
	ev.certs[100] = '%';
	ev.certs[101] = 'Z';
	assert_ra_err(verify(&avr, &ev, root, ev.now, &d), RA_ERR_FORMAT);
	ev.certs[orig_len - 1] = '%';
	assert_ra_err(verify(&avr, &ev, root, ev.now, &d), RA_ERR_FORMAT);
	/* nothing, or no certificate */
	ev.certs_len = 0;
	assert_ra_err(verify(&avr, &ev, root, ev.now, &d), RA_ERR_FORMAT);
	ev.certs = (char *)"hello%20world";
	ev.certs_len = strlen(ev.certs);
	assert_ra_err(verify(&avr, &ev, root, ev.now, &d), RA_ERR_FORMAT);
	/* the root alone: the chain holds, but its key is RSA-3072 */
	rpem = test_load(ROOT, &rl);
	ev.certs = pct(rpem, rl, &ev.certs_len);
	assert_ra_err(verify(&avr, &ev, root, ev.now, &d), RA_ERR_CERT);
	assert_non_null(strstr(d.reason, "RSA-2048"));
	free(ev.certs);
	/* above RA_IAS_CERTS_HEADER_MAX_LEN */
	n = RA_IAS_CERTS_HEADER_MAX_LEN + 1;
	big = malloc(n);
	assert_non_null(big);
	memset(big, 'A', n);
	ev.certs = big;
	ev.certs_len = n;
	assert_ra_err(verify(&avr, &ev, root, ev.now, &d), RA_ERR_FORMAT);
	free(big);
	free(rpem);
	ev.certs = orig;
	free_evidence(&ev);
	ra_x509_free(root);
}

static void
real_report_bad_signature_encoding(void **state)
{
	static const char *const bad[] = { "", "A",
		"AAB=", "====", "AA==AA==", " AAA" };
	struct ra_x509 *root = load_cert(ROOT);
	struct evidence ev;
	struct ra_avr avr;
	char *orig, buf[16];
	size_t i, orig_len;

	(void)state;
	load_evidence(&ev, &real_sets[6]);
	orig = ev.sig;
	orig_len = ev.sig_len;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		ev.sig = buf;
		ev.sig_len = strlen(bad[i]);
		if (i == 0) {
			/* empty decodes to nothing: not a signature */
			assert_ra_err(
			    verify(&avr, &ev, root, ev.now, NULL), RA_ERR_AUTH);
			continue;
		}
		assert_ra_err(
		    verify(&avr, &ev, root, ev.now, NULL), RA_ERR_FORMAT);
	}
	/* whitespace is not skipped */
	ev.sig = orig;
	ev.sig_len = orig_len;
	ev.sig[ev.sig_len - 1] = '\n';
	assert_ra_err(verify(&avr, &ev, root, ev.now, NULL), RA_ERR_FORMAT);
	free_evidence(&ev);
	ra_x509_free(root);
}

static void
verify_arguments(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	struct evidence ev;
	struct ra_avr avr;
	uint8_t *big;

	(void)state;
	load_evidence(&ev, &real_sets[6]);
	assert_ra_err(ra_avr_verify(NULL, NULL, ev.body, ev.body_len, ev.sig,
	                  ev.sig_len, ev.certs, ev.certs_len, root, ev.now),
	    RA_ERR_ARG);
	assert_ra_err(ra_avr_verify(&avr, NULL, ev.body, ev.body_len, ev.sig,
	                  ev.sig_len, ev.certs, ev.certs_len, NULL, ev.now),
	    RA_ERR_ARG);
	assert_ra_err(ra_avr_verify(&avr, NULL, NULL, 0, ev.sig, ev.sig_len,
	                  ev.certs, ev.certs_len, root, ev.now),
	    RA_ERR_ARG);
	big = calloc(1, RA_AVR_BODY_MAX_LEN + 1);
	assert_non_null(big);
	assert_ra_err(
	    ra_avr_verify(&avr, NULL, big, RA_AVR_BODY_MAX_LEN + 1, ev.sig,
	        ev.sig_len, ev.certs, ev.certs_len, root, ev.now),
	    RA_ERR_FORMAT);
	free(big);
	free_evidence(&ev);
	ra_x509_free(root);
}

/* --- synthetic, correctly signed bodies ---------------------------------- */

#define SYNTH_NOW 1700000000

struct synth_pki {
	struct test_pki_cert ca, leaf, leaf3072, ec_ca, ec_leaf;
	char *certs, *certs3072, *ec_certs;
	size_t certs_len, certs3072_len, ec_certs_len;
	struct ra_x509 *anchor, *ec_anchor;
};

static struct ra_x509 *
cert_of(const struct test_pki_cert *c)
{
	struct ra_x509 *x = NULL;

	assert_ra_ok(ra_x509_from_der(&x, c->der, c->len));
	return x;
}

/* leaf then CA, as PEM, percent-encoded. */
static char *
synth_header(const struct test_pki_cert *leaf, const struct test_pki_cert *ca,
    size_t *len)
{
	size_t ll, cl;
	char *l = test_pki_rsa_cert_pem(leaf, &ll);
	char *c = test_pki_rsa_cert_pem(ca, &cl);
	char *both = malloc(ll + cl);
	char *out;

	assert_non_null(both);
	memcpy(both, l, ll);
	memcpy(both + ll, c, cl);
	out = pct(both, ll + cl, len);
	free(both);
	free(l);
	free(c);
	return out;
}

/*
 * Made once: RSA key generation is slow (and slower under valgrind). The
 * objects stay reachable until exit.
 */
static struct synth_pki *
synth(void)
{
	static struct synth_pki p;
	static bool made;

	if (made) {
		return &p;
	}
	test_pki_rsa_ca(
	    &p.ca, "Test Report Signing CA", 3072, 1500000000, 2000000000);
	test_pki_rsa_issue(&p.leaf, &p.ca, "Test Report Signing", 2048, 2,
	    1600000000, 1800000000, NULL);
	test_pki_rsa_issue(&p.leaf3072, &p.ca, "Test Report Signing 3072", 3072,
	    3, 1600000000, 1800000000, NULL);
	test_pki_ca(&p.ec_ca, "Test EC CA", 1500000000, 2000000000);
	test_pki_issue(
	    &p.ec_leaf, &p.ec_ca, "Test EC leaf", 2, 0, 1600000000, 1800000000);
	p.certs = synth_header(&p.leaf, &p.ca, &p.certs_len);
	p.certs3072 = synth_header(&p.leaf3072, &p.ca, &p.certs3072_len);
	p.ec_certs = synth_header(&p.ec_leaf, &p.ec_ca, &p.ec_certs_len);
	p.anchor = cert_of(&p.ca);
	p.ec_anchor = cert_of(&p.ec_ca);
	made = true;
	return &p;
}

/* Sign body with the synthetic leaf and verify it at SYNTH_NOW. */
static enum ra_err
synth_verify(struct ra_avr *avr, const void *body, size_t len)
{
	struct synth_pki *p = synth();
	size_t sl;
	uint8_t *sig = test_pki_rsa_sign(&p->leaf, body, len, &sl);
	char b64[RA_BASE64_LEN(256) + 1];
	enum ra_err err;

	assert_int_equal(sl, 256);
	assert_ra_ok(ra_base64_encode(b64, sizeof(b64), sig, sl));
	err = ra_avr_verify(avr, NULL, body, len, b64, strlen(b64), p->certs,
	    p->certs_len, p->anchor, SYNTH_NOW);
	free(sig);
	return err;
}

/* A growing string. */
struct str {
	char *p;
	size_t len, cap;
};

static void
str_add(struct str *s, const void *p, size_t n)
{
	if (s->p == NULL || s->len + n + 1 > s->cap) {
		s->cap = (s->len + n + 1) * 2;
		s->p = realloc(s->p, s->cap);
		assert_non_null(s->p);
	}
	memcpy(s->p + s->len, p, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void
str_base64(struct str *s, const uint8_t *p, size_t n)
{
	char *b = malloc(RA_BASE64_LEN(n) + 1);

	assert_non_null(b);
	assert_ra_ok(ra_base64_encode(b, RA_BASE64_LEN(n) + 1, p, n));
	str_add(s, b, strlen(b));
	free(b);
}

static void
str_repeat(struct str *s, char c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		str_add(s, &c, 1);
	}
}

/* A quote body (version 2, linkable) of len bytes, in base64. */
static void
add_quote(struct str *s, size_t len, uint16_t version)
{
	uint8_t q[440];
	size_t i;

	for (i = 0; i < sizeof(q); i++) {
		q[i] = (uint8_t)(i * 7 + 3);
	}
	q[0] = (uint8_t)version;
	q[1] = 0;
	q[2] = 1;
	q[3] = 0;
	str_base64(s, q, len);
}

/* n advisory ids of width characters, as JSON array elements. */
static void
add_ids(struct str *s, size_t n, size_t width)
{
	char id[64];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%s\"INTEL-SA-%0*zu\"", i ? "," : "",
		    (int)width - 9, i);
		str_add(s, id, strlen(id));
	}
}

/* A PIB TLV (FORMATS.md §3.4) of real IAS output, in hex. */
#define PIB_HEX                                                            \
	"1502006504000900000F0F02040180070000000000000000000B00000B000000" \
	"020000000000000BB9FE4058D4B57F1736CB09C3F9DFC14F168DE05FBEA6088E" \
	"D8A1AAA3203003BDC3A799444C8E3087E1D791EF754C3571BD24BE56561666ED" \
	"4C85E7359574225EE5"

/*
 * Expand a template: @Q@ a valid quote body, @Q433@ / @Q431@ the wrong
 * lengths, @QV3@ version 3, @P128@ / @P127@ pseudonyms, @An@ n 'a's,
 * @IDSn.w@ n advisory ids of w characters.
 */
static size_t
number_at(const char *s, const char **end)
{
	char *e = NULL;
	unsigned long v = strtoul(s, &e, 10);

	assert_true(e != s);
	if (end != NULL) {
		*end = e;
	}
	return (size_t)v;
}

static void
expand_one(struct str *s, const char *name)
{
	uint8_t ps[129] = { 1 };
	const char *dot;
	size_t count;

	if (strcmp(name, "Q") == 0) {
		add_quote(s, 432, 2);
	} else if (strcmp(name, "Q433") == 0 || strcmp(name, "Q431") == 0) {
		add_quote(s, number_at(name + 1, NULL), 2);
	} else if (strcmp(name, "QV3") == 0) {
		add_quote(s, 432, 3);
	} else if (name[0] == 'P') {
		str_base64(s, ps, number_at(name + 1, NULL));
	} else if (name[0] == 'A') {
		str_repeat(s, 'a', number_at(name + 1, NULL));
	} else if (strncmp(name, "IDS", 3) == 0) {
		count = number_at(name + 3, &dot);
		assert_true(*dot == '.');
		add_ids(s, count, number_at(dot + 1, NULL));
	} else {
		fail_msg("template name %s", name);
	}
}

static char *
expand(const char *tmpl, size_t *len)
{
	struct str s = { NULL, 0, 0 };
	const char *p = tmpl, *at, *end;

	while ((at = strchr(p, '@')) != NULL) {
		str_add(&s, p, (size_t)(at - p));
		char name[32];

		end = strchr(at + 1, '@');
		assert_non_null(end);
		assert_true((size_t)(end - at) <= sizeof(name));
		memcpy(name, at + 1, (size_t)(end - at - 1));
		name[end - at - 1] = '\0';
		expand_one(&s, name);
		p = end + 1;
	}
	str_add(&s, p, strlen(p));
	*len = s.len;
	return s.p;
}

#define ID     "\"id\":\"1\""
#define TS     "\"timestamp\":\"2020-05-11T09:21:15.454051\""
#define VER    "\"version\":4"
#define ST     "\"isvEnclaveQuoteStatus\":\"OK\""
#define QB     "\"isvEnclaveQuoteBody\":\"@Q@\""
#define BASE   ID "," TS "," VER "," ST "," QB
#define OBJ(x) "{" BASE x "}"

struct body_case {
	const char *name;
	const char *tmpl;
	enum ra_err want;
};

static const struct body_case body_cases[] = {
	/* accepted */
	{ "minimal", OBJ(""), RA_OK },
	{ "trailing whitespace", OBJ("") " \r\n\t", RA_OK },
	{ "unknown member ignored", OBJ(",\"newField\":{\"a\":[1,{}]}"),
	    RA_OK },
	{ "no fraction",
	    "{" ID ",\"timestamp\":\"2020-05-11T09:21:15\"," VER "," ST "," QB
	    "}",
	    RA_OK },
	{ "unknown status",
	    "{" ID "," TS "," VER
	    ",\"isvEnclaveQuoteStatus\":\"NEW_STATUS_2030\"," QB "}",
	    RA_OK },
	{ "limits",
	    OBJ(",\"nonce\":\"@A32@\",\"advisoryURL\":\"@A256@\","
	        "\"advisoryIDs\":[@IDS64.32@]"),
	    RA_OK },
	{ "empty advisories", OBJ(",\"advisoryIDs\":[]"), RA_OK },
	{ "pse hash length", OBJ(",\"pseManifestHash\":\"" PIB_HEX "\""),
	    RA_ERR_FORMAT },
	{ "all optional members",
	    OBJ(",\"revocationReason\":10,\"pseManifestStatus\":\"OK\","
	        "\"pseManifestHash\":\"00112233445566778899AABBCCDDEEFF"
	        "00112233445566778899aabbccddeeff\","
	        "\"platformInfoBlob\":\"" PIB_HEX "\","
	        "\"epidPseudonym\":\"@P128@\",\"nonce\":\"n\","
	        "\"tcbEvaluationDataNumber\":4294967295"),
	    RA_OK },
	/* duplicate keys, anywhere */
	{ "duplicate id", OBJ("," ID), RA_ERR_FORMAT },
	{ "duplicate status", OBJ(",\"isvEnclaveQuoteStatus\":\"OK\""),
	    RA_ERR_FORMAT },
	{ "nested duplicate", OBJ(",\"x\":{\"a\":1,\"a\":2}"), RA_ERR_FORMAT },
	/* required members */
	{ "no id", "{" TS "," VER "," ST "," QB "}", RA_ERR_FORMAT },
	{ "no timestamp", "{" ID "," VER "," ST "," QB "}", RA_ERR_FORMAT },
	{ "no version", "{" ID "," TS "," ST "," QB "}", RA_ERR_FORMAT },
	{ "no status", "{" ID "," TS "," VER "," QB "}", RA_ERR_FORMAT },
	{ "no quote body", "{" ID "," TS "," VER "," ST "}", RA_ERR_FORMAT },
	/* the quote body */
	{ "433-byte quote",
	    "{" ID "," TS "," VER "," ST ",\"isvEnclaveQuoteBody\":\"@Q433@\"}",
	    RA_ERR_FORMAT },
	{ "431-byte quote",
	    "{" ID "," TS "," VER "," ST ",\"isvEnclaveQuoteBody\":\"@Q431@\"}",
	    RA_ERR_FORMAT },
	/* 576 'a' are base64 of 432 bytes 69 a6 9a ...: version 0xa669 */
	{ "quote of 'a'",
	    "{" ID "," TS "," VER "," ST ",\"isvEnclaveQuoteBody\":\"@A576@\"}",
	    RA_ERR_VERSION },
	{ "quote bad base64",
	    "{" ID "," TS "," VER "," ST
	    ",\"isvEnclaveQuoteBody\":\"@A575@=\"}",
	    RA_ERR_FORMAT },
	{ "quote version 3",
	    "{" ID "," TS "," VER "," ST ",\"isvEnclaveQuoteBody\":\"@QV3@\"}",
	    RA_ERR_VERSION },
	/* types */
	{ "version string", "{" ID "," TS ",\"version\":\"4\"," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "version real", "{" ID "," TS ",\"version\":4.0," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "version 0", "{" ID "," TS ",\"version\":0," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "version huge",
	    "{" ID "," TS ",\"version\":99999999999999999999," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "id number", "{\"id\":1," TS "," VER "," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "id empty", "{\"id\":\"\"," TS "," VER "," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "id control", "{\"id\":\"1\\u0001\"," TS "," VER "," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "id non-ASCII", "{\"id\":\"\xc3\xa9\"," TS "," VER "," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "id NUL", "{\"id\":\"1\\u0000\"," TS "," VER "," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "status null",
	    "{" ID "," TS "," VER ",\"isvEnclaveQuoteStatus\":null," QB "}",
	    RA_ERR_FORMAT },
	{ "status lower case",
	    "{" ID "," TS "," VER ",\"isvEnclaveQuoteStatus\":\"ok\"," QB "}",
	    RA_ERR_FORMAT },
	{ "nonce null", OBJ(",\"nonce\":null"), RA_ERR_FORMAT },
	{ "advisories string", OBJ(",\"advisoryIDs\":\"INTEL-SA-00334\""),
	    RA_ERR_FORMAT },
	{ "advisory number", OBJ(",\"advisoryIDs\":[334]"), RA_ERR_FORMAT },
	{ "revocation string", OBJ(",\"revocationReason\":\"1\""),
	    RA_ERR_FORMAT },
	{ "revocation 11", OBJ(",\"revocationReason\":11"), RA_ERR_FORMAT },
	{ "tcb eval negative", OBJ(",\"tcbEvaluationDataNumber\":-1"),
	    RA_ERR_FORMAT },
	{ "tcb eval 2^32", OBJ(",\"tcbEvaluationDataNumber\":4294967296"),
	    RA_ERR_FORMAT },
	/* lengths */
	{ "id 64", "{\"id\":\"@A64@\"," TS "," VER "," ST "," QB "}", RA_OK },
	{ "id 65", "{\"id\":\"@A65@\"," TS "," VER "," ST "," QB "}",
	    RA_ERR_FORMAT },
	{ "nonce 33", OBJ(",\"nonce\":\"@A33@\""), RA_ERR_FORMAT },
	{ "url 257", OBJ(",\"advisoryURL\":\"@A257@\""), RA_ERR_FORMAT },
	{ "65 advisories", OBJ(",\"advisoryIDs\":[@IDS65.14@]"),
	    RA_ERR_FORMAT },
	{ "advisory id 33", OBJ(",\"advisoryIDs\":[@IDS1.33@]"),
	    RA_ERR_FORMAT },
	{ "pseudonym 127", OBJ(",\"epidPseudonym\":\"@P127@\""),
	    RA_ERR_FORMAT },
	{ "pseudonym 129", OBJ(",\"epidPseudonym\":\"@P129@\""),
	    RA_ERR_FORMAT },
	{ "pib short", OBJ(",\"platformInfoBlob\":\"1502006504\""),
	    RA_ERR_FORMAT },
	{ "pib type 0x16",
	    OBJ(",\"platformInfoBlob\":\"16" PIB_HEX "\"")
	    /* one byte too long as well: the length is checked first */,
	    RA_ERR_FORMAT },
	{ "status 65",
	    "{" ID "," TS "," VER ",\"isvEnclaveQuoteStatus\":\"@A65@\"," QB
	    "}",
	    RA_ERR_FORMAT },
	{ "body above 64 KiB", OBJ(",\"pad\":\"@A65536@\""), RA_ERR_FORMAT },
	/* timestamps */
	{ "Feb 29 2021",
	    "{" ID ",\"timestamp\":\"2021-02-29T00:00:00\"," VER "," ST "," QB
	    "}",
	    RA_ERR_FORMAT },
	{ "hour 24",
	    "{" ID ",\"timestamp\":\"2020-05-11T24:00:00\"," VER "," ST "," QB
	    "}",
	    RA_ERR_FORMAT },
	{ "zone",
	    "{" ID ",\"timestamp\":\"2020-05-11T09:21:15Z\"," VER "," ST "," QB
	    "}",
	    RA_ERR_FORMAT },
	{ "7 digits",
	    "{" ID ",\"timestamp\":\"2020-05-11T09:21:15.1234567\"," VER "," ST
	    "," QB "}",
	    RA_ERR_FORMAT },
	{ "space",
	    "{" ID ",\"timestamp\":\"2020-05-11 09:21:15\"," VER "," ST "," QB
	    "}",
	    RA_ERR_FORMAT },
	/* documents */
	{ "trailing bytes", OBJ("") "x", RA_ERR_FORMAT },
	{ "two objects", OBJ("") "{}", RA_ERR_FORMAT },
	{ "array", "[" OBJ("") "]", RA_ERR_FORMAT },
	{ "string", "\"OK\"", RA_ERR_FORMAT },
	{ "empty", "", RA_ERR_FORMAT },
	{ "invalid UTF-8", OBJ(",\"x\":\"\xff\""), RA_ERR_FORMAT },
};

/* The PIB TLV with its type byte changed, hex: RA_ERR_VERSION. */
static void
synthetic_pib_type(void **state)
{
	char tmpl[512];
	char *body;
	size_t len;
	struct ra_avr avr;

	(void)state;
	snprintf(tmpl, sizeof(tmpl), OBJ(",\"platformInfoBlob\":\"16%s\""),
	    PIB_HEX + 2);
	body = expand(tmpl, &len);
	assert_ra_err(synth_verify(&avr, body, len), RA_ERR_VERSION);
	free(body);
}

/*
 * Each body, correctly signed: the expected result. The same body under a
 * signature of other bytes: RA_ERR_AUTH, never a parse error (the
 * signature is checked first). Bodies above the bound are refused before.
 */
static void
synthetic_bodies(void **state)
{
	struct ra_avr avr;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(body_cases) / sizeof(body_cases[0]); i++) {
		const struct body_case *c = &body_cases[i];
		char *body = expand(c->tmpl, &len);
		enum ra_err got = synth_verify(&avr, body, len);
		struct synth_pki *p = synth();
		size_t sl;
		uint8_t *sig = test_pki_rsa_sign(&p->leaf, "x", 1, &sl);
		char b64[RA_BASE64_LEN(256) + 1];

		if (got != c->want) {
			fail_msg("%s: got %s, want %s", c->name,
			    ra_errname(got), ra_errname(c->want));
		}
		assert_ra_ok(ra_base64_encode(b64, sizeof(b64), sig, sl));
		assert_ra_err(ra_avr_verify(&avr, NULL, (uint8_t *)body, len,
		                  b64, strlen(b64), p->certs, p->certs_len,
		                  p->anchor, SYNTH_NOW),
		    len > RA_AVR_BODY_MAX_LEN ? RA_ERR_FORMAT : RA_ERR_AUTH);
		free(sig);
		free(body);
	}
}

static const struct body_case *
find_case(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(body_cases) / sizeof(body_cases[0]); i++) {
		if (strcmp(body_cases[i].name, name) == 0) {
			return &body_cases[i];
		}
	}
	fail_msg("no case %s", name);
	return NULL;
}

/* What the accepted synthetic bodies parse to. */
static void
synthetic_fields(void **state)
{
	struct ra_avr avr;
	size_t len;
	char *body;

	(void)state;
	body = expand(find_case("unknown status")->tmpl, &len);
	assert_ra_ok(synth_verify(&avr, body, len));
	assert_int_equal(avr.status, RA_AVR_STATUS_UNKNOWN);
	assert_string_equal(avr.status_text, "NEW_STATUS_2030");
	assert_string_equal(ra_avr_status_name(avr.status), "UNKNOWN");
	free(body);

	body = expand(find_case("all optional members")->tmpl, &len);
	assert_ra_ok(synth_verify(&avr, body, len));
	assert_string_equal(avr.id, "1");
	assert_int_equal(avr.time, 1589188875);
	assert_string_equal(avr.time_frac, "454051");
	assert_int_equal(avr.version, 4);
	assert_int_equal(avr.status, RA_AVR_STATUS_OK);
	assert_int_equal(avr.quote.version, 2);
	assert_int_equal(avr.quote.sign_type, RA_QUOTE_LINKABLE);
	assert_null(avr.quote.body.p);
	assert_null(avr.quote.signature.p);
	assert_true(avr.has_revocation_reason && avr.revocation_reason == 10);
	assert_string_equal(avr.pse_manifest_status, "OK");
	assert_int_equal(avr.pse_manifest_hash.b[10], 0xaa);
	assert_true(avr.has_pib && avr.pib.epid_group_flags == 0x04);
	assert_true(avr.has_epid_pseudonym && avr.epid_pseudonym[0] == 1);
	assert_string_equal(avr.nonce, "n");
	assert_int_equal(avr.tcb_evaluation_data_number, 4294967295U);
	assert_false(avr.has_advisory_ids || avr.has_advisory_url);
	free(body);

	body = expand(find_case("limits")->tmpl, &len);
	assert_ra_ok(synth_verify(&avr, body, len));
	assert_int_equal(avr.advisory_count, RA_AVR_ADVISORY_MAX);
	assert_int_equal(strlen(avr.advisory_ids[63]), 32);
	assert_int_equal(strlen(avr.advisory_url), RA_AVR_URL_MAX_LEN);
	free(body);
}

/* Keys that are not RSA-2048, and an expired synthetic leaf. */
static void
synthetic_keys(void **state)
{
	struct synth_pki *p = synth();
	struct ra_avr avr;
	struct ra_x509_verify_detail d;
	size_t len, sl;
	char *body = expand(OBJ(""), &len);
	uint8_t *sig = test_pki_rsa_sign(&p->leaf3072, body, len, &sl);
	char b64[RA_BASE64_LEN(384) + 1];

	(void)state;
	assert_ra_ok(ra_base64_encode(b64, sizeof(b64), sig, sl));
	assert_ra_err(
	    ra_avr_verify(&avr, &d, (uint8_t *)body, len, b64, strlen(b64),
	        p->certs3072, p->certs3072_len, p->anchor, SYNTH_NOW),
	    RA_ERR_CERT);
	assert_int_equal(d.depth, 0);
	assert_non_null(strstr(d.subject, "Test Report Signing 3072"));
	assert_ra_err(
	    ra_avr_verify(&avr, &d, (uint8_t *)body, len, b64, strlen(b64),
	        p->ec_certs, p->ec_certs_len, p->ec_anchor, SYNTH_NOW),
	    RA_ERR_CERT);
	assert_non_null(strstr(d.reason, "not RSA-2048"));
	free(sig);
	/* the leaf ends at 1800000000 */
	sig = test_pki_rsa_sign(&p->leaf, body, len, &sl);
	assert_ra_ok(ra_base64_encode(b64, sizeof(b64), sig, sl));
	assert_ra_ok(ra_avr_verify(&avr, &d, (uint8_t *)body, len, b64,
	    strlen(b64), p->certs, p->certs_len, p->anchor, 1799999999));
	assert_ra_err(
	    ra_avr_verify(&avr, &d, (uint8_t *)body, len, b64, strlen(b64),
	        p->certs, p->certs_len, p->anchor, 1800000001),
	    RA_ERR_CERT);
	assert_int_equal(d.depth, 0);
	free(sig);
	free(body);
}

/* --- timestamps ---------------------------------------------------------- */

static void
timestamps(void **state)
{
	static const char *const good[] = { "1970-01-01T00:00:00",
		"2000-02-29T23:59:59.1", "2020-05-11T09:21:15.454051",
		"2100-12-31T12:00:00.000000", "9999-12-31T23:59:59" };
	static const char *const bad[] = { "1969-12-31T23:59:59",
		"1900-02-29T00:00:00", "2100-02-29T00:00:00",
		"2020-13-01T00:00:00", "2020-00-01T00:00:00",
		"2020-04-31T00:00:00", "2020-05-11T09:60:00",
		"2020-05-11T09:21:60", "2020-05-11T09:21:15.",
		"2020-05-11T09:21:15.12a", "2020-05-11T09:21:1",
		"+020-05-11T09:21:15", "2020-05-11T09:21:15+00:00", "" };
	struct tm tm;
	int64_t t;
	char frac[RA_AVR_FRAC_MAX_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		assert_non_null(strptime(good[i], "%Y-%m-%dT%H:%M:%S", &tm));
		assert_ra_ok(
		    ra_avr_json_time(&t, frac, good[i], strlen(good[i])));
		assert_int_equal(t, (int64_t)timegm(&tm));
	}
	assert_ra_ok(ra_avr_json_time(&t, frac, good[1], strlen(good[1])));
	assert_string_equal(frac, "1");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ra_avr_json_time(&t, frac, bad[i], strlen(bad[i])) !=
		    RA_ERR_FORMAT) {
			fail_msg("\"%s\" accepted", bad[i]);
		}
	}
}

/* --- the service provider's checks --------------------------------------- */

/* The oasis-core v4 report (with a nonce), verified. */
static void
verified_v4(struct ra_avr *avr, int64_t *now)
{
	struct ra_x509 *root = load_cert(ROOT);
	struct evidence ev;

	load_evidence(&ev, &real_sets[5]);
	assert_ra_ok(verify(avr, &ev, root, ev.now, NULL));
	*now = ev.now;
	free_evidence(&ev);
	ra_x509_free(root);
}

static void
check_policy(void **state)
{
	struct ra_avr avr;
	struct ra_avr_expect exp;
	enum ra_avr_reason why;
	uint8_t quote[1116];
	int64_t now;
	size_t i;

	(void)state;
	verified_v4(&avr, &now);
	memset(quote, 0xee, sizeof(quote));
	memcpy(quote, avr.quote_body, RA_EPID_QUOTE_BODY_LEN);
	exp.version = 4;
	exp.nonce = "biNMqBAuTPF2hp/0fXa4P3splRkLHJf0";
	exp.quote = quote;
	exp.quote_len = sizeof(quote);
	exp.now = now;
	exp.max_age = 300;
	exp.max_future = 30;
	exp.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK) |
	    RA_AVR_STATUS_BIT(RA_AVR_STATUS_SW_HARDENING_NEEDED);
	assert_ra_ok(ra_avr_check(&avr, &why, &exp));
	assert_int_equal(why, RA_AVR_REASON_NONE);
	/* every byte of the quote body matters, the rest of the quote not */
	for (i = 0; i < RA_EPID_QUOTE_BODY_LEN; i++) {
		quote[i] ^= 0x10;
		assert_ra_err(ra_avr_check(&avr, &why, &exp), RA_ERR_POLICY);
		assert_int_equal(why, RA_AVR_REASON_QUOTE);
		quote[i] ^= 0x10;
	}
	quote[RA_EPID_QUOTE_BODY_LEN] ^= 1;
	exp.quote_len = RA_EPID_QUOTE_BODY_LEN;
	assert_ra_ok(ra_avr_check(&avr, &why, &exp));
	exp.quote_len = RA_EPID_QUOTE_BODY_LEN - 1;
	assert_ra_err(ra_avr_check(&avr, &why, &exp), RA_ERR_ARG);
	exp.quote_len = sizeof(quote);
}

static void
expect_reason(const struct ra_avr *avr, const struct ra_avr_expect *exp,
    enum ra_avr_reason want)
{
	enum ra_avr_reason why = RA_AVR_REASON_NONE;

	assert_ra_err(ra_avr_check(avr, &why, exp),
	    want == RA_AVR_REASON_NONE ? RA_OK : RA_ERR_POLICY);
	if (why != want) {
		fail_msg("reason %s, want %s", ra_avr_reason_name(why),
		    ra_avr_reason_name(want));
	}
}

static void
check_policy_reasons(void **state)
{
	struct ra_avr avr;
	struct ra_avr_expect exp;
	int64_t now;

	(void)state;
	verified_v4(&avr, &now);
	exp.version = 4;
	exp.nonce = "biNMqBAuTPF2hp/0fXa4P3splRkLHJf0";
	exp.quote = avr.quote_body;
	exp.quote_len = RA_EPID_QUOTE_BODY_LEN;
	exp.now = now;
	exp.max_age = 300;
	exp.max_future = 30;
	exp.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_SW_HARDENING_NEEDED);
	expect_reason(&avr, &exp, RA_AVR_REASON_NONE);
	/* version */
	exp.version = 5;
	expect_reason(&avr, &exp, RA_AVR_REASON_VERSION);
	exp.version = 4;
	/* nonce: another, a prefix, none expected */
	exp.nonce = "biNMqBAuTPF2hp/0fXa4P3splRkLHJf1";
	expect_reason(&avr, &exp, RA_AVR_REASON_NONCE);
	exp.nonce = "biNMqBAuTPF2hp/0fXa4P3splRkLHJf";
	expect_reason(&avr, &exp, RA_AVR_REASON_NONCE);
	exp.nonce = NULL;
	expect_reason(&avr, &exp, RA_AVR_REASON_NONCE);
	exp.nonce = "biNMqBAuTPF2hp/0fXa4P3splRkLHJf0";
	/* the window, at its edges: time = now - 60 */
	exp.max_age = 60;
	expect_reason(&avr, &exp, RA_AVR_REASON_NONE);
	exp.max_age = 59;
	expect_reason(&avr, &exp, RA_AVR_REASON_STALE);
	exp.max_age = 300;
	exp.now = avr.time - 30;
	expect_reason(&avr, &exp, RA_AVR_REASON_NONE);
	exp.now = avr.time - 31;
	expect_reason(&avr, &exp, RA_AVR_REASON_FUTURE);
	exp.now = now;
	/* status */
	exp.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK);
	expect_reason(&avr, &exp, RA_AVR_REASON_STATUS);
	exp.accept = 0;
	expect_reason(&avr, &exp, RA_AVR_REASON_STATUS);
	/* an unknown status is never accepted */
	avr.status = RA_AVR_STATUS_UNKNOWN;
	exp.accept = 0xffffffffU;
	expect_reason(&avr, &exp, RA_AVR_REASON_STATUS);
}

/* A report without a nonce (v5) against an expected one, and bad args. */
static void
check_policy_no_nonce(void **state)
{
	struct ra_x509 *root = load_cert(ROOT);
	struct evidence ev;
	struct ra_avr avr;
	struct ra_avr_expect exp;
	enum ra_avr_reason why;

	(void)state;
	load_evidence(&ev, &real_sets[6]);
	assert_ra_ok(verify(&avr, &ev, root, ev.now, NULL));
	assert_false(avr.has_nonce);
	memset(&exp, 0, sizeof(exp));
	exp.version = 5;
	exp.quote = avr.quote_body;
	exp.quote_len = RA_EPID_QUOTE_BODY_LEN;
	exp.now = ev.now;
	exp.max_age = 60;
	exp.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_SW_HARDENING_NEEDED);
	expect_reason(&avr, &exp, RA_AVR_REASON_NONE);
	exp.nonce = "x";
	expect_reason(&avr, &exp, RA_AVR_REASON_NONCE);
	exp.nonce = NULL;
	exp.max_age = -1;
	assert_ra_err(ra_avr_check(&avr, &why, &exp), RA_ERR_ARG);
	exp.max_age = RA_AVR_MAX_WINDOW + 1;
	assert_ra_err(ra_avr_check(&avr, &why, &exp), RA_ERR_ARG);
	exp.max_age = 60;
	exp.now = -1;
	assert_ra_err(ra_avr_check(&avr, &why, &exp), RA_ERR_ARG);
	exp.now = ev.now;
	exp.quote = NULL;
	assert_ra_err(ra_avr_check(&avr, &why, &exp), RA_ERR_ARG);
	assert_ra_err(ra_avr_check(&avr, NULL, &exp), RA_ERR_ARG);
	assert_string_equal(
	    ra_avr_reason_name((enum ra_avr_reason)99), "unknown reason");
	assert_string_equal(
	    ra_avr_status_name((enum ra_avr_status)99), "UNKNOWN");
	free_evidence(&ev);
	ra_x509_free(root);
}

/* --- the QVS report (ra_qvs_*) -------------------------------------------- */

/* A v3 SGX quote's first 432 bytes: header then report body. */
static void
qvs_quote(uint8_t q[RA_EPID_QUOTE_BODY_LEN])
{
	size_t i;

	memset(q, 0, RA_EPID_QUOTE_BODY_LEN);
	q[0] = 3; /* version */
	q[2] = 2; /* att_key_type */
	for (i = 48; i < RA_EPID_QUOTE_BODY_LEN; i++) {
		q[i] = (uint8_t)(i * 7);
	}
}

/* The body sgxra-attestd writes (QVS's member order), malloc'd. */
static char *
qvs_body(const char *status, const char *extra, size_t *len)
{
	uint8_t q[RA_EPID_QUOTE_BODY_LEN];
	char b64[RA_BASE64_LEN(RA_EPID_QUOTE_BODY_LEN) + 1];
	char *out = malloc(2048);
	int n;

	assert_non_null(out);
	qvs_quote(q);
	assert_ra_ok(ra_base64_encode(b64, sizeof(b64), q, sizeof(q)));
	n = snprintf(out, 2048,
	    "{\"id\":\"123456789012345678901234567890\","
	    "\"timestamp\":\"2023-11-14T22:13:20Z\",\"version\":5,"
	    "\"attestationType\":\"ECDSA\",\"teeType\":\"SGX_STANDARD\","
	    "\"isvQuoteStatus\":\"%s\",\"isvQuoteBody\":\"%s\","
	    "\"tcbEvaluationDataNumber\":17,"
	    "\"tcbDate\":\"2023-11-14T21:13:20Z\"%s}",
	    status, b64, extra);
	assert_true(n > 0 && n < 2048);
	*len = (size_t)n;
	return out;
}

/* Sign body with the synthetic leaf; ra_qvs_verify at SYNTH_NOW. */
static enum ra_err
qvs_synth_verify(struct ra_qvs_report *r, const void *body, size_t len)
{
	struct synth_pki *p = synth();
	size_t sl;
	uint8_t *sig = test_pki_rsa_sign(&p->leaf, body, len, &sl);
	char b64[RA_BASE64_LEN(256) + 1];
	enum ra_err err;

	assert_ra_ok(ra_base64_encode(b64, sizeof(b64), sig, sl));
	err = ra_qvs_verify(r, NULL, body, len, b64, strlen(b64), p->certs,
	    p->certs_len, p->anchor, SYNTH_NOW);
	free(sig);
	return err;
}

/* A signed QVS report verifies and parses to its fields. */
static void
qvs_fields(void **state)
{
	struct ra_qvs_report r;
	uint8_t q[RA_EPID_QUOTE_BODY_LEN];
	size_t len;
	char *body = qvs_body("TCB_OUT_OF_DATE",
	    ",\"nonce\":\"abc\",\"advisoryURL\":\"https://x\","
	    "\"advisoryIDs\":[\"INTEL-SA-00334\",\"INTEL-SA-00999\"],"
	    "\"tcbComponentsOutOfDate\":[{\"category\":\"BIOS\"}],"
	    "\"configuration\":[\"SMT enabled\"]",
	    &len);

	(void)state;
	qvs_quote(q);
	assert_ra_ok(qvs_synth_verify(&r, body, len));
	assert_string_equal(r.id, "123456789012345678901234567890");
	assert_int_equal(r.time, SYNTH_NOW);
	assert_int_equal(r.version, 5);
	assert_string_equal(r.attestation_type, "ECDSA");
	assert_string_equal(r.tee_type, "SGX_STANDARD");
	assert_int_equal(r.status, RA_AVR_STATUS_TCB_OUT_OF_DATE);
	assert_string_equal(ra_avr_status_name(r.status), "TCB_OUT_OF_DATE");
	assert_int_equal(r.quote_body_len, sizeof(q));
	assert_memory_equal(r.quote_body, q, sizeof(q));
	assert_true(r.has_sgx_body);
	assert_int_equal(r.sgx_body.report_data[63], (uint8_t)(431 * 7));
	assert_int_equal(r.tcb_evaluation_data_number, 17);
	assert_int_equal(r.tcb_time, SYNTH_NOW - 3600);
	assert_true(r.has_nonce);
	assert_string_equal(r.nonce, "abc");
	assert_int_equal(r.advisory_count, 2);
	assert_string_equal(r.advisory_ids[1], "INTEL-SA-00999");
	assert_int_equal(r.configuration_count, 1);
	free(body);
}

/*
 * Truncation at every offset and one extra byte: RA_ERR_FORMAT from the
 * parser (a shorter prefix is never a report); every bit of the signed
 * body flipped: ra_qvs_verify refuses (RA_ERR_AUTH).
 */
static void
qvs_adversarial(void **state)
{
	struct ra_qvs_report r;
	size_t len, i;
	char *body = qvs_body("OK", "", &len);
	uint8_t *copy = malloc(len + 1);
	unsigned int bit;

	(void)state;
	assert_non_null(copy);
	assert_ra_ok(ra_qvs_json_parse(&r, (const uint8_t *)body, len));
	for (i = 0; i < len; i++) {
		assert_ra_err(ra_qvs_json_parse(&r, (const uint8_t *)body, i),
		    RA_ERR_FORMAT);
	}
	memcpy(copy, body, len);
	copy[len] = 'x';
	assert_ra_err(ra_qvs_json_parse(&r, copy, len + 1), RA_ERR_FORMAT);
	/* one signature of the original, every flipped copy against it */
	{
		struct synth_pki *p = synth();
		size_t sl;
		uint8_t *sig = test_pki_rsa_sign(&p->leaf, body, len, &sl);
		char b64[RA_BASE64_LEN(256) + 1];

		assert_ra_ok(ra_base64_encode(b64, sizeof(b64), sig, sl));
		for (i = 0; i < len; i += RUNNING_ON_VALGRIND ? 37 : 1) {
			for (bit = 0; bit < 8; bit++) {
				memcpy(copy, body, len);
				copy[i] ^= (uint8_t)(1U << bit);
				assert_ra_err(
				    ra_qvs_verify(&r, NULL, copy, len, b64,
				        strlen(b64), p->certs, p->certs_len,
				        p->anchor, SYNTH_NOW),
				    RA_ERR_AUTH);
			}
		}
		free(sig);
	}
	free(copy);
	free(body);
}

/* Members missing, of the wrong type, badly encoded. */
static void
qvs_malformed(void **state)
{
	static const char *const bad[] = {
		"{}",
		"[]",
		"{\"id\":\"1\"}",
	};
	struct ra_qvs_report r;
	size_t len, i;
	char *body;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_ra_err(ra_qvs_json_parse(
		                  &r, (const uint8_t *)bad[i], strlen(bad[i])),
		    RA_ERR_FORMAT);
	}
	/* a timestamp without its Z */
	body = qvs_body("OK", "", &len);
	strstr(body, "20Z\",\"version")[2] = '1'; /* ...:201 */
	assert_ra_err(
	    ra_qvs_json_parse(&r, (const uint8_t *)body, len), RA_ERR_FORMAT);
	free(body);
	/* a well-formed unknown status is kept, as for AVRs */
	body = qvs_body("PCK_CERT_CHAIN_UNTRUSTED", "", &len);
	assert_ra_ok(ra_qvs_json_parse(&r, (const uint8_t *)body, len));
	assert_int_equal(r.status, RA_AVR_STATUS_UNKNOWN);
	assert_string_equal(r.status_text, "PCK_CERT_CHAIN_UNTRUSTED");
	free(body);
	body = qvs_body("not a status", "", &len);
	assert_ra_err(
	    ra_qvs_json_parse(&r, (const uint8_t *)body, len), RA_ERR_FORMAT);
	free(body);
}

/* ra_qvs_check: version, the quote's first bytes, nonce, age, status. */
static void
qvs_check(void **state)
{
	struct ra_qvs_report r;
	struct ra_avr_expect e;
	enum ra_avr_reason why;
	uint8_t q[RA_EPID_QUOTE_BODY_LEN + 64];
	size_t len;
	char *body = qvs_body("OK", ",\"nonce\":\"n1\"", &len);

	(void)state;
	assert_ra_ok(ra_qvs_json_parse(&r, (const uint8_t *)body, len));
	qvs_quote(q);
	memset(q + RA_EPID_QUOTE_BODY_LEN, 0xee, 64); /* the signature data */
	memset(&e, 0, sizeof(e));
	e.version = 5;
	e.nonce = "n1";
	e.quote = q;
	e.quote_len = sizeof(q);
	e.now = SYNTH_NOW + 10;
	e.max_age = 300;
	e.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK);
	assert_ra_ok(ra_qvs_check(&r, &why, &e));
	e.version = 4;
	assert_ra_err(ra_qvs_check(&r, &why, &e), RA_ERR_POLICY);
	assert_int_equal(why, RA_AVR_REASON_VERSION);
	e.version = 5;
	q[200] ^= 1;
	assert_ra_err(ra_qvs_check(&r, &why, &e), RA_ERR_POLICY);
	assert_int_equal(why, RA_AVR_REASON_QUOTE);
	q[200] ^= 1;
	e.quote_len = RA_EPID_QUOTE_BODY_LEN - 1;
	assert_ra_err(ra_qvs_check(&r, &why, &e), RA_ERR_ARG);
	e.quote_len = sizeof(q);
	e.nonce = "n2";
	assert_ra_err(ra_qvs_check(&r, &why, &e), RA_ERR_POLICY);
	assert_int_equal(why, RA_AVR_REASON_NONCE);
	e.nonce = "n1";
	e.now = SYNTH_NOW + 301;
	assert_ra_err(ra_qvs_check(&r, &why, &e), RA_ERR_POLICY);
	assert_int_equal(why, RA_AVR_REASON_STALE);
	e.now = SYNTH_NOW;
	e.accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_TCB_OUT_OF_DATE);
	assert_ra_err(ra_qvs_check(&r, &why, &e), RA_ERR_POLICY);
	assert_int_equal(why, RA_AVR_REASON_STATUS);
	free(body);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(real_reports_verify),
	cmocka_unit_test(real_reports_chain_failures),
	cmocka_unit_test(chain_failure_detail),
	cmocka_unit_test(real_reports_every_body_byte),
	cmocka_unit_test(real_report_every_value),
	cmocka_unit_test(real_reports_signature_changed),
	cmocka_unit_test(pct_matches_ias),
	cmocka_unit_test(pct_strict),
	cmocka_unit_test(real_report_bad_certs),
	cmocka_unit_test(real_report_bad_signature_encoding),
	cmocka_unit_test(verify_arguments),
	cmocka_unit_test(synthetic_bodies),
	cmocka_unit_test(synthetic_fields),
	cmocka_unit_test(synthetic_pib_type),
	cmocka_unit_test(synthetic_keys),
	cmocka_unit_test(timestamps),
	cmocka_unit_test(check_policy),
	cmocka_unit_test(check_policy_reasons),
	cmocka_unit_test(check_policy_no_nonce),
	cmocka_unit_test(qvs_fields),
	cmocka_unit_test(qvs_adversarial),
	cmocka_unit_test(qvs_malformed),
	cmocka_unit_test(qvs_check),
};

TEST_MAIN(tests)
