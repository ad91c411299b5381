/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wire/: EPID quotes and their signature blob, DCAP quotes v3/v4/v5, TD
 * report bodies and PPID certification data. Every real quote of
 * tests/data/real is parsed, checked against its expected.json and built
 * back byte for byte; then the generic adversarial checks.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/quote.h"
#include "test.h"

#define DCAP_DIR "tests/data/real/dcap/"

/* ---- helpers -------------------------------------------------------- */

static void
pattern(void *p, size_t n, unsigned seed)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		b[i] = (uint8_t)((size_t)seed * 16 + i + 1);
	}
}

static uint32_t
le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

static uint16_t
le16(const uint8_t *b)
{
	return (uint16_t)(b[0] | b[1] << 8);
}

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static json_t *
load_json(const char *rel)
{
	json_error_t e;
	json_t *j = json_load_file(test_path(rel), 0, &e);

	if (j == NULL) {
		fail_msg("%s: %s", rel, e.text);
	}
	return j;
}

static void
json_hex(const json_t *o, const char *key, uint8_t *out, size_t n)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL) {
		fail_msg("expected.json: no string %s", key);
	}
	test_unhex_into(out, n, s);
}

static long long
json_int(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v)) {
		fail_msg("expected.json: no integer %s", key);
	}
	return json_integer_value(v);
}

/* "0x81" style hex integers of expected.json. */
static unsigned long
json_hexint(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	assert_non_null(s);
	return strtoul(s, NULL, 16);
}

/*
 * A copy of buf with the u16 LE at off set to 0, v-1, v+1 and
 * UINT16_MAX in turn: parse must never return RA_OK (the u16 twin of
 * test_length_field).
 */
static void
length_field16(test_parse_fn parse, const uint8_t *buf, size_t len, size_t off)
{
	uint8_t *copy = malloc(len);
	uint16_t v, vals[4];
	size_t i;
	bool accepted = false;

	assert_non_null(copy);
	assert_true(off + 2 <= len);
	memcpy(copy, buf, len);
	v = le16(buf + off);
	vals[0] = 0;
	vals[1] = (uint16_t)(v - 1);
	vals[2] = (uint16_t)(v + 1);
	vals[3] = UINT16_MAX;
	for (i = 0; i < 4 && !accepted; i++) {
		put16(copy + off, vals[i]);
		accepted = vals[i] != v && parse(copy, len) == RA_OK;
	}
	free(copy);
	if (accepted) {
		fail_msg(
		    "u16 length at %zu set to %u: accepted", off, vals[i - 1]);
	}
}

/* Set the u16 or u32 at off of a copy to v and expect want. */
static void
expect_with16(test_parse_fn parse, const uint8_t *buf, size_t len, size_t off,
    uint16_t v, enum ra_err want)
{
	uint8_t *copy = malloc(len);

	assert_non_null(copy);
	memcpy(copy, buf, len);
	put16(copy + off, v);
	assert_ra_err(parse(copy, len), want);
	free(copy);
}

static void
expect_with32(test_parse_fn parse, const uint8_t *buf, size_t len, size_t off,
    uint32_t v, enum ra_err want)
{
	uint8_t *copy = malloc(len);

	assert_non_null(copy);
	memcpy(copy, buf, len);
	put32(copy + off, v);
	assert_ra_err(parse(copy, len), want);
	free(copy);
}

/* DCAP parse that also refuses padding: for the generic checks. */
static enum ra_err
parse_dcap_strict(const uint8_t *buf, size_t len)
{
	struct ra_dcap_quote q;
	enum ra_err err = ra_dcap_quote_parse(&q, buf, len);

	if (err == RA_OK && q.padding_len != 0) {
		return RA_ERR_FORMAT;
	}
	return err;
}

static enum ra_err
parse_dcap(const uint8_t *buf, size_t len)
{
	struct ra_dcap_quote q;

	return ra_dcap_quote_parse(&q, buf, len);
}

/* Build q into a fresh buffer and require exactly want[0..len). */
static void
assert_dcap_builds(const struct ra_dcap_quote *q, const uint8_t *want,
    size_t len, const char *what)
{
	uint8_t *out = malloc(len + 1);
	struct ra_buf b = ra_buf_init(out, len + 1);

	assert_non_null(out);
	assert_ra_ok(ra_dcap_quote_build(&b, q));
	assert_int_equal(b.len, len);
	test_assert_bytes(out, want, len, what);
	/* one byte less does not fit */
	b = ra_buf_init(out, len - 1);
	assert_ra_err(ra_dcap_quote_build(&b, q), RA_ERR_SPACE);
	free(out);
}

/* Offset of sig_data_len in a quote with this header. */
static size_t
dcap_sig_len_off(const uint8_t *buf)
{
	uint16_t version = le16(buf);

	if (version == 5) {
		return 54 + le32(buf + 50);
	}
	return le32(buf + 4) == RA_DCAP_TEE_TDX ? 48 + RA_TD_REPORT10_LEN
	                                        : 48 + RA_REPORT_BODY_LEN;
}

/* Offset of the QE report certification data. */
static size_t
dcap_qe_cert_off(const uint8_t *buf)
{
	size_t s = dcap_sig_len_off(buf) + 4 + 128;

	return le16(buf) == 3 ? s : s + 6;
}

/* ---- DCAP: the real quotes ------------------------------------------ */

/* Sets with quote.bin and expected.json quote_fields. */
static const char *const dcap_sets[] = {
	"automata-dcap-rs-sgx-v3",
	"automata-dcap-rs-tdx-v4",
	"fortanix-rust-sgx-pcs-v3",
	"oasis-core-sgx-v3",
	"oasis-core-tdx-v4-out-of-date",
	"oasis-core-tdx-v4",
	"phala-sgx-v3",
	"phala-tdx-v4-outdated",
	"phala-tdx-v4",
	"secretnetwork-sgx-v3",
};

static void
check_sgx_fields(const struct ra_dcap_quote *q, const json_t *f)
{
	uint8_t h[32], a[16], cpusvn[16];
	struct ra_buf b = ra_buf_init(a, sizeof(a));

	assert_int_equal(q->body_type, RA_DCAP_BODY_SGX);
	json_hex(f, "mrenclave", h, 32);
	test_assert_bytes(q->body.sgx.mr_enclave.b, h, 32, "MRENCLAVE");
	json_hex(f, "mrsigner", h, 32);
	test_assert_bytes(q->body.sgx.mr_signer.b, h, 32, "MRSIGNER");
	json_hex(f, "cpusvn", cpusvn, 16);
	test_assert_bytes(q->body.sgx.cpu_svn, cpusvn, 16, "CPUSVN");
	ra_attributes_build(&b, &q->body.sgx.attributes);
	json_hex(f, "attributes", h, 16);
	test_assert_bytes(a, h, 16, "ATTRIBUTES");
	assert_int_equal(q->body.sgx.misc_select, json_hexint(f, "miscselect"));
	assert_int_equal(q->body.sgx.isv_prod_id, json_int(f, "isvprodid"));
	assert_int_equal(q->body.sgx.isv_svn, json_int(f, "isvsvn"));
}

static void
check_td_fields(const struct ra_dcap_quote *q, const json_t *f)
{
	uint8_t mr_td[48], svn[16];

	assert_true(q->body_type == RA_DCAP_BODY_TD10 ||
	    q->body_type == RA_DCAP_BODY_TD15);
	assert_int_equal(q->body.td.is_v1_5, q->body_type == RA_DCAP_BODY_TD15);
	json_hex(f, "mr_td", mr_td, 48);
	test_assert_bytes(q->body.td.mr_td, mr_td, 48, "MRTD");
	json_hex(f, "tee_tcb_svn", svn, 16);
	test_assert_bytes(q->body.td.tee_tcb_svn, svn, 16, "TEE_TCB_SVN");
}

/* The fields every set's expected.json lists. */
static void
check_dcap_fields(
    const struct ra_dcap_quote *q, const json_t *f, const uint8_t *buf)
{
	uint8_t v[32];

	assert_int_equal(q->version, json_int(f, "version"));
	assert_int_equal(q->att_key_type, json_int(f, "att_key_type"));
	assert_int_equal(q->tee_type, json_hexint(f, "tee_type"));
	assert_int_equal(q->qe_svn, json_int(f, "qe_svn"));
	assert_int_equal(q->pce_svn, json_int(f, "pce_svn"));
	json_hex(f, "qe_vendor_id", v, 16);
	test_assert_bytes(q->qe_vendor_id, v, 16, "qe_vendor_id");
	json_hex(f, "user_data", v, 20);
	test_assert_bytes(q->user_data, v, 20, "user_data");
	assert_int_equal(
	    le32(buf + dcap_sig_len_off(buf)), json_int(f, "sig_data_len"));
	assert_int_equal(q->padding_len, json_int(f, "trailing_bytes"));
	assert_int_equal(q->qe_report.isv_prod_id, json_int(f, "qe_isvprodid"));
	assert_int_equal(q->qe_report.isv_svn, json_int(f, "qe_isvsvn"));
	json_hex(f, "qe_report_mrsigner", v, 32);
	test_assert_bytes(q->qe_report.mr_signer.b, v, 32, "QE MRSIGNER");
	assert_int_equal(q->cert_type, json_int(f, "cert_data_type"));
	if (q->tee_type == RA_DCAP_TEE_SGX) {
		check_sgx_fields(q, f);
	} else {
		check_td_fields(q, f);
	}
}

/* Views must point at the right bytes of buf. */
static void
check_dcap_views(const struct ra_dcap_quote *q, const uint8_t *buf, size_t len)
{
	size_t off = dcap_sig_len_off(buf), qe = dcap_qe_cert_off(buf);
	size_t end = len - q->padding_len;

	assert_ptr_equal(q->signed_data.p, buf);
	assert_int_equal(q->signed_data.len, off);
	assert_ptr_equal(q->qe_report_raw.p, buf + qe);
	assert_int_equal(q->qe_report_raw.len, RA_REPORT_BODY_LEN);
	assert_ptr_equal(q->qe_auth_data.p, buf + qe + 450);
	assert_int_equal(q->qe_auth_data.len, le16(buf + qe + 448));
	assert_ptr_equal(q->cert_data.p + q->cert_data.len, buf + end);
}

static void
dcap_real_sets(void **state)
{
	char rel[256];
	size_t i, len, qlen;

	(void)state;
	for (i = 0; i < sizeof(dcap_sets) / sizeof(dcap_sets[0]); i++) {
		struct ra_dcap_quote q;
		uint8_t *buf;
		json_t *j;

		snprintf(
		    rel, sizeof(rel), DCAP_DIR "%s/quote.bin", dcap_sets[i]);
		buf = test_load(rel, &len);
		snprintf(rel, sizeof(rel), DCAP_DIR "%s/expected.json",
		    dcap_sets[i]);
		j = load_json(rel);
		assert_ra_ok(ra_dcap_quote_parse(&q, buf, len));
		check_dcap_fields(&q, json_object_get(j, "quote_fields"), buf);
		check_dcap_views(&q, buf, len);
		/* Intel's PCK chains are PEM (QVL's TDX sample is DER) */
		assert_int_equal(q.cert_type, RA_DCAP_CERT_PCK_CHAIN);
		assert_true(q.cert_data.len > 27);
		assert_memory_equal(
		    q.cert_data.p, "-----BEGIN CERTIFICATE-----", 27);
		assert_ra_ok(ra_dcap_quote_len(&qlen, buf, len));
		assert_int_equal(qlen, len - q.padding_len);
		assert_dcap_builds(&q, buf, len, dcap_sets[i]);
		json_decref(j);
		free(buf);
	}
}

/*
 * go-tdx-guest appended 39 non-zero bytes on purpose: refused, and
 * accepted once cut at ra_dcap_quote_len().
 */
static void
dcap_nonzero_trailer(void **state)
{
	size_t len, qlen;
	uint8_t *buf =
	    test_load(DCAP_DIR "go-tdx-guest-tdx-v4/quote.bin", &len);
	json_t *j = load_json(DCAP_DIR "go-tdx-guest-tdx-v4/expected.json");
	const json_t *f = json_object_get(j, "quote_fields");
	struct ra_dcap_quote q;

	(void)state;
	assert_ra_err(ra_dcap_quote_parse(&q, buf, len), RA_ERR_FORMAT);
	assert_ra_ok(ra_dcap_quote_len(&qlen, buf, len));
	assert_int_equal(len - qlen, json_int(f, "trailing_bytes"));
	assert_memory_equal(buf + qlen, "\nextra bytes", 12);
	assert_ra_ok(ra_dcap_quote_parse(&q, buf, qlen));
	assert_int_equal(q.padding_len, 0);
	assert_int_equal(q.version, 4);
	check_td_fields(&q, f);
	assert_dcap_builds(&q, buf, qlen, "go-tdx-guest");
	json_decref(j);
	free(buf);
}

/* The quotes without expected.json: parse, a few facts, build back. */
static void
dcap_extra(void **state)
{
	static const struct {
		const char *path;
		uint16_t version;
		enum ra_dcap_body_type body;
		enum ra_dcap_cert_type cert;
		size_t padding;
	} v[] = {
		{ DCAP_DIR "go-tdx-guest-extra/quote_v5_sample.dat", 5,
		    RA_DCAP_BODY_TD15, RA_DCAP_CERT_PCK_CHAIN, 0 },
		{ DCAP_DIR "oasis-core-extra/quote_v3_ecdsa_p256_eppid.bin", 3,
		    RA_DCAP_BODY_SGX, RA_DCAP_CERT_PPID_RSA3072, 0 },
		{ DCAP_DIR "oasis-core-extra/"
		           "quote_v4_tdx_ecdsa_p256_trailing.bin",
		    4, RA_DCAP_BODY_TD10, RA_DCAP_CERT_PCK_CHAIN, 70 },
		{ DCAP_DIR "intel-qvl-sampledata-sgx/quote.dat", 3,
		    RA_DCAP_BODY_SGX, RA_DCAP_CERT_PPID_CLEAR, 0 },
		{ DCAP_DIR "intel-qvl-sampledata-tdx/quote.dat", 4,
		    RA_DCAP_BODY_TD10, RA_DCAP_CERT_PCK_CHAIN, 0 },
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t *buf = test_load(v[i].path, &len);
		struct ra_dcap_quote q;

		assert_ra_ok(ra_dcap_quote_parse(&q, buf, len));
		assert_int_equal(q.version, v[i].version);
		assert_int_equal(q.body_type, v[i].body);
		assert_int_equal(q.cert_type, v[i].cert);
		assert_int_equal(q.padding_len, v[i].padding);
		check_dcap_views(&q, buf, len);
		assert_dcap_builds(&q, buf, len, v[i].path);
		free(buf);
	}
}

/* Phala's tappd quote, stored as hex text: a padded TDX v4 quote. */
static void
dcap_hex_quote(void **state)
{
	size_t tlen, len;
	uint8_t *text =
	    test_load(DCAP_DIR "phala-extra/tdx-quote-from-tappd.hex", &tlen);
	char *hex = malloc(tlen + 1);
	uint8_t *buf;
	struct ra_dcap_quote q;

	(void)state;
	assert_non_null(hex);
	memcpy(hex, text, tlen);
	hex[tlen] = '\0';
	buf = test_unhex(hex, &len);
	assert_ra_ok(ra_dcap_quote_parse(&q, buf, len));
	assert_int_equal(q.version, 4);
	assert_int_equal(q.body_type, RA_DCAP_BODY_TD10);
	assert_int_equal(q.padding_len, 70);
	check_dcap_views(&q, buf, len);
	assert_dcap_builds(&q, buf, len, "tappd");
	free(buf);
	free(hex);
	free(text);
}

/* oasis-core's encrypted-PPID quote: header and identity its test checks. */
static void
dcap_ppid_quote(void **state)
{
	size_t len;
	uint8_t *buf = test_load(
	    DCAP_DIR "oasis-core-extra/quote_v3_ecdsa_p256_eppid.bin", &len);
	struct ra_dcap_quote q;
	struct ra_dcap_ppid p;
	uint8_t out[RA_PPID_RSA3072_LEN + 20];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	static const uint8_t mre[4] = { 0x94, 0x79, 0xd8, 0xed };
	static const uint8_t mrs[4] = { 0x40, 0x25, 0xda, 0xb7 };

	(void)state;
	assert_ra_ok(ra_dcap_quote_parse(&q, buf, len));
	assert_int_equal(q.qe_svn, 7);
	assert_int_equal(q.pce_svn, 12);
	assert_memory_equal(q.body.sgx.mr_enclave.b, mre, 4);
	assert_memory_equal(q.body.sgx.mr_signer.b, mrs, 4);
	assert_ra_ok(ra_dcap_quote_ppid_parse(
	    &p, q.cert_type, q.cert_data.p, q.cert_data.len));
	assert_int_equal(p.ppid.len, RA_PPID_RSA3072_LEN);
	assert_true(p.has_pce_id);
	assert_int_equal(p.pce_svn, 12); /* = the header's pce_svn */
	assert_int_equal(p.pce_id, 0);
	assert_ra_ok(ra_dcap_quote_ppid_build(&b, &p));
	assert_int_equal(b.len, q.cert_data.len);
	assert_memory_equal(out, q.cert_data.p, b.len);
	free(buf);
}

/* QVL's sample: the 34-byte legacy type 1, without PCE ID. */
static void
dcap_ppid_legacy(void **state)
{
	size_t len;
	uint8_t *buf =
	    test_load(DCAP_DIR "intel-qvl-sampledata-sgx/quote.dat", &len);
	struct ra_dcap_quote q;
	struct ra_dcap_ppid p;
	uint8_t out[40], ppid[16];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	(void)state;
	assert_ra_ok(ra_dcap_quote_parse(&q, buf, len));
	assert_int_equal(q.cert_data.len, 34);
	assert_ra_ok(ra_dcap_quote_ppid_parse(
	    &p, q.cert_type, q.cert_data.p, q.cert_data.len));
	assert_false(p.has_pce_id);
	test_unhex_into(ppid, 16, "8461863bb7ece31f64c8e9b77fd31cad");
	test_assert_bytes(p.ppid.p, ppid, 16, "PPID");
	assert_int_equal(p.pce_svn, 3);
	assert_ra_ok(ra_dcap_quote_ppid_build(&b, &p));
	assert_int_equal(b.len, 34);
	assert_memory_equal(out, q.cert_data.p, 34);
	free(buf);
}

static void
dcap_ppid_forms(void **state)
{
	static const struct {
		enum ra_dcap_cert_type type;
		size_t len;
	} v[] = { { RA_DCAP_CERT_PPID_CLEAR, 36 },
		{ RA_DCAP_CERT_PPID_RSA2048, 276 },
		{ RA_DCAP_CERT_PPID_RSA3072, 404 } };
	uint8_t buf[404 + 1], out[404 + 1];
	struct ra_dcap_ppid p;
	struct ra_buf b;
	size_t i, n;

	(void)state;
	pattern(buf, sizeof(buf), 2);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_ra_ok(
		    ra_dcap_quote_ppid_parse(&p, v[i].type, buf, v[i].len));
		assert_true(p.has_pce_id);
		assert_int_equal(p.ppid.len, v[i].len - 20);
		assert_memory_equal(p.cpu_svn, buf + v[i].len - 20, 16);
		assert_int_equal(p.pce_svn, le16(buf + v[i].len - 4));
		assert_int_equal(p.pce_id, le16(buf + v[i].len - 2));
		b = ra_buf_init(out, sizeof(out));
		assert_ra_ok(ra_dcap_quote_ppid_build(&b, &p));
		assert_int_equal(b.len, v[i].len);
		assert_memory_equal(out, buf, v[i].len);
		/* every other length fails (type 1 also accepts 34) */
		for (n = 0; n <= v[i].len + 1; n++) {
			enum ra_err want =
			    n == v[i].len || (n == 34 && v[i].type == 1)
			    ? RA_OK
			    : RA_ERR_FORMAT;

			assert_ra_err(
			    ra_dcap_quote_ppid_parse(&p, v[i].type, buf, n),
			    want);
		}
		/* the legacy form is type 1 only */
		p.has_pce_id = false;
		b = ra_buf_init(out, sizeof(out));
		assert_ra_err(ra_dcap_quote_ppid_build(&b, &p),
		    v[i].type == 1 ? RA_OK : RA_ERR_ARG);
	}
	for (i = 0; i < 10; i++) {
		if (i >= 1 && i <= 3) {
			continue;
		}
		assert_ra_err(ra_dcap_quote_ppid_parse(
		                  &p, (enum ra_dcap_cert_type)i, buf, 36),
		    RA_ERR_VERSION);
	}
	p.type = RA_DCAP_CERT_PPID_CLEAR;
	p.ppid = (struct ra_bytes){ buf, 17 };
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_dcap_quote_ppid_build(&b, &p), RA_ERR_ARG);
	assert_int_equal(b.len, 0);
}

/* ---- DCAP: adversarial ---------------------------------------------- */

/* One real quote of each layout, without padding. */
static const char *const dcap_layouts[] = {
	DCAP_DIR "phala-sgx-v3/quote.bin",
	DCAP_DIR "oasis-core-tdx-v4/quote.bin",
	DCAP_DIR "phala-tdx-v4-outdated/quote.bin",
	DCAP_DIR "intel-qvl-sampledata-sgx/quote.dat",
};

static void
dcap_truncations(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(dcap_layouts) / sizeof(dcap_layouts[0]); i++) {
		uint8_t *buf = test_load(dcap_layouts[i], &len);

		test_truncations(parse_dcap_strict, buf, len);
		free(buf);
	}
}

static void
dcap_padding(void **state)
{
	size_t len, i;
	uint8_t *buf = test_load(dcap_layouts[0], &len);
	uint8_t *big = calloc(1, len + 64);
	struct ra_dcap_quote q;

	(void)state;
	assert_non_null(big);
	memcpy(big, buf, len);
	for (i = 0; i <= 64; i++) {
		assert_ra_ok(ra_dcap_quote_parse(&q, big, len + i));
		assert_int_equal(q.padding_len, i);
		assert_dcap_builds(&q, big, len + i, "padded");
	}
	/* any non-zero byte in the padding */
	for (i = 0; i < 64; i++) {
		big[len + i] = 0x01;
		assert_ra_err(
		    ra_dcap_quote_parse(&q, big, len + 64), RA_ERR_FORMAT);
		big[len + i] = 0;
	}
	free(big);
	free(buf);
}

static void
dcap_length_fields(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(dcap_layouts) / sizeof(dcap_layouts[0]); i++) {
		uint8_t *buf = test_load(dcap_layouts[i], &len);
		size_t sig = dcap_sig_len_off(buf);
		size_t qe = dcap_qe_cert_off(buf);
		size_t auth = le16(buf + qe + 448);

		test_length_field(parse_dcap, buf, len, sig);
		length_field16(parse_dcap, buf, len, qe + 448);
		test_length_field(parse_dcap, buf, len, qe + 450 + auth + 2);
		if (le16(buf) != 3) {
			test_length_field(parse_dcap, buf, len, qe - 4);
		}
		if (le16(buf) == 5) {
			/* the body size must be the size of the body type */
			test_length_field(parse_dcap, buf, len, 50);
			expect_with32(
			    parse_dcap, buf, len, 50, 584, RA_ERR_FORMAT);
		}
		free(buf);
	}
}

static void
dcap_versions(void **state)
{
	size_t len, off;
	uint8_t *v3 = test_load(dcap_layouts[0], &len);
	uint8_t *v4, *v5;
	size_t len4, len5;
	uint16_t v;

	(void)state;
	for (v = 0; v < 10; v++) {
		if (v != 3) {
			expect_with16(
			    parse_dcap, v3, len, 0, v, RA_ERR_VERSION);
		}
	}
	expect_with16(parse_dcap, v3, len, 0, 0xffff, RA_ERR_VERSION);
	expect_with16(parse_dcap, v3, len, 2, 3, RA_ERR_VERSION); /* P-384 */
	expect_with16(parse_dcap, v3, len, 2, 0, RA_ERR_VERSION); /* EPID */
	expect_with32(parse_dcap, v3, len, 4, 0x81, RA_ERR_VERSION);
	expect_with32(parse_dcap, v3, len, 4, 1, RA_ERR_VERSION);
	off =
	    dcap_qe_cert_off(v3) + 450 + le16(v3 + dcap_qe_cert_off(v3) + 448);
	expect_with16(parse_dcap, v3, len, off, 6, RA_ERR_VERSION);
	expect_with16(parse_dcap, v3, len, off, 0, RA_ERR_VERSION);
	expect_with16(parse_dcap, v3, len, off, 4, RA_OK);
	/* the vendor id is policy, not format */
	v3[12] ^= 1;
	assert_ra_ok(parse_dcap(v3, len));
	v3[12] ^= 1;

	v4 = test_load(dcap_layouts[1], &len4);
	expect_with32(parse_dcap, v4, len4, 4, 0, RA_ERR_FORMAT); /* 384 */
	expect_with32(parse_dcap, v4, len4, 4, 0x80, RA_ERR_VERSION);
	off = dcap_qe_cert_off(v4) - 6; /* outer type must be 6 */
	expect_with16(parse_dcap, v4, len4, off, 5, RA_ERR_VERSION);
	expect_with16(parse_dcap, v4, len4, off, 7, RA_ERR_VERSION);
	off =
	    dcap_qe_cert_off(v4) + 450 + le16(v4 + dcap_qe_cert_off(v4) + 448);
	expect_with16(parse_dcap, v4, len4, off, 6, RA_ERR_VERSION);
	expect_with16(parse_dcap, v4, len4, off, 1, RA_OK);

	v5 = test_load(dcap_layouts[2], &len5);
	expect_with16(parse_dcap, v5, len5, 48, 0, RA_ERR_VERSION);
	expect_with16(parse_dcap, v5, len5, 48, 4, RA_ERR_VERSION);
	expect_with16(
	    parse_dcap, v5, len5, 48, 1, RA_ERR_VERSION);          /* SGX+TDX */
	expect_with16(parse_dcap, v5, len5, 48, 2, RA_ERR_FORMAT); /* size */
	expect_with32(parse_dcap, v5, len5, 4, 0, RA_ERR_VERSION);
	free(v5);
	free(v4);
	free(v3);
}

/* ---- DCAP: synthetic round trips ------------------------------------ */

static void
fill_dcap(struct ra_dcap_quote *q, uint16_t version,
    enum ra_dcap_body_type body, const uint8_t *data, size_t data_len)
{
	static const uint8_t vendor[16] = RA_DCAP_INTEL_QE_VENDOR_ID;

	memset(q, 0, sizeof(*q));
	q->version = version;
	q->att_key_type = RA_DCAP_ATT_KEY_ECDSA_P256;
	q->tee_type =
	    body == RA_DCAP_BODY_SGX ? RA_DCAP_TEE_SGX : RA_DCAP_TEE_TDX;
	q->qe_svn = 0x0a0b;
	q->pce_svn = 0x0c0d;
	memcpy(q->qe_vendor_id, vendor, 16);
	pattern(q->user_data, 20, 1);
	q->body_type = body;
	if (body == RA_DCAP_BODY_SGX) {
		pattern(&q->body.sgx.report_data, 64, 2);
		q->body.sgx.isv_svn = 9;
	} else {
		q->body.td.is_v1_5 = body == RA_DCAP_BODY_TD15;
		pattern(q->body.td.mr_td, 48, 3);
		pattern(q->body.td.rtmr[3], 48, 4);
		if (q->body.td.is_v1_5) {
			pattern(q->body.td.mr_service_td, 48, 5);
		}
	}
	pattern(q->quote_sig.r, 32, 6);
	pattern(q->att_key.y, 32, 7);
	pattern(q->qe_report.report_data, 64, 8);
	pattern(q->qe_report_sig.s, 32, 9);
	q->qe_auth_data = (struct ra_bytes){ data, 32 };
	q->cert_type = RA_DCAP_CERT_PCK_LEAF;
	q->cert_data = (struct ra_bytes){ data + 32, data_len - 32 };
	q->padding_len = 3;
}

/* parse(build(q)) == q, field by field. */
static void
assert_dcap_equal(const struct ra_dcap_quote *a, const struct ra_dcap_quote *b)
{
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->tee_type, b->tee_type);
	assert_int_equal(a->qe_svn, b->qe_svn);
	assert_int_equal(a->pce_svn, b->pce_svn);
	assert_memory_equal(a->user_data, b->user_data, 20);
	assert_int_equal(a->body_type, b->body_type);
	if (a->body_type == RA_DCAP_BODY_SGX) {
		assert_memory_equal(
		    &a->body.sgx, &b->body.sgx, sizeof(a->body.sgx));
	} else {
		assert_memory_equal(
		    &a->body.td, &b->body.td, sizeof(a->body.td));
	}
	assert_memory_equal(&a->quote_sig, &b->quote_sig, 64);
	assert_memory_equal(&a->att_key, &b->att_key, 64);
	assert_memory_equal(&a->qe_report, &b->qe_report, sizeof(a->qe_report));
	assert_memory_equal(&a->qe_report_sig, &b->qe_report_sig, 64);
	assert_int_equal(a->qe_auth_data.len, b->qe_auth_data.len);
	assert_memory_equal(
	    a->qe_auth_data.p, b->qe_auth_data.p, a->qe_auth_data.len);
	assert_int_equal(a->cert_type, b->cert_type);
	assert_int_equal(a->cert_data.len, b->cert_data.len);
	assert_memory_equal(a->cert_data.p, b->cert_data.p, a->cert_data.len);
	assert_int_equal(a->padding_len, b->padding_len);
}

static void
dcap_synthetic(void **state)
{
	static const struct {
		uint16_t version;
		enum ra_dcap_body_type body;
		size_t body_off, len;
	} v[] = {
		{ 3, RA_DCAP_BODY_SGX, 48, 48 + 384 + 4 + 128 + 456 },
		{ 4, RA_DCAP_BODY_SGX, 48, 48 + 384 + 4 + 134 + 456 },
		{ 4, RA_DCAP_BODY_TD10, 48, 48 + 584 + 4 + 134 + 456 },
		{ 5, RA_DCAP_BODY_SGX, 54, 54 + 384 + 4 + 134 + 456 },
		{ 5, RA_DCAP_BODY_TD10, 54, 54 + 584 + 4 + 134 + 456 },
		{ 5, RA_DCAP_BODY_TD15, 54, 54 + 648 + 4 + 134 + 456 },
	};
	uint8_t data[100], out[2048];
	struct ra_dcap_quote q, back;
	struct ra_buf b;
	size_t i, n;

	(void)state;
	pattern(data, sizeof(data), 11);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		fill_dcap(&q, v[i].version, v[i].body, data, sizeof(data));
		b = ra_buf_init(out, sizeof(out));
		assert_ra_ok(ra_dcap_quote_build(&b, &q));
		n = v[i].len + sizeof(data) + q.padding_len;
		assert_int_equal(b.len, n);
		assert_int_equal(le16(out), v[i].version);
		assert_int_equal(
		    le32(out + n - q.padding_len - 68 - 4), sizeof(data) - 32);
		assert_ra_ok(ra_dcap_quote_parse(&back, out, n));
		assert_dcap_equal(&q, &back);
		assert_ptr_equal(back.signed_data.p, out);
		assert_int_equal(back.signed_data.len,
		    v[i].body_off +
		        (v[i].body == RA_DCAP_BODY_SGX           ? 384
		                : v[i].body == RA_DCAP_BODY_TD10 ? 584
		                                                 : 648));
		test_truncations(parse_dcap_strict, out, n - q.padding_len);
	}
}

static void
dcap_build_errors(void **state)
{
	uint8_t data[40], out[2048];
	struct ra_dcap_quote q;
	struct ra_buf b;

	(void)state;
	pattern(data, sizeof(data), 1);
	fill_dcap(&q, 3, RA_DCAP_BODY_TD10, data, sizeof(data)); /* v3 TDX */
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_dcap_quote_build(&b, &q), RA_ERR_ARG);
	assert_int_equal(b.len, 0);
	fill_dcap(&q, 4, RA_DCAP_BODY_TD15, data, sizeof(data)); /* v4 1.5 */
	assert_ra_err(ra_dcap_quote_build(&b, &q), RA_ERR_ARG);
	fill_dcap(&q, 5, RA_DCAP_BODY_TD15, data, sizeof(data));
	q.body.td.is_v1_5 = false; /* inconsistent */
	assert_ra_err(ra_dcap_quote_build(&b, &q), RA_ERR_ARG);
	fill_dcap(&q, 5, RA_DCAP_BODY_SGX, data, sizeof(data));
	q.tee_type = RA_DCAP_TEE_TDX;
	assert_ra_err(ra_dcap_quote_build(&b, &q), RA_ERR_ARG);
	fill_dcap(&q, 6, RA_DCAP_BODY_SGX, data, sizeof(data));
	assert_ra_err(ra_dcap_quote_build(&b, &q), RA_ERR_ARG);
	fill_dcap(&q, 3, RA_DCAP_BODY_SGX, data, sizeof(data));
	q.qe_auth_data.len = (size_t)UINT16_MAX + 1;
	assert_ra_err(ra_dcap_quote_build(&b, &q), RA_ERR_ARG);
	fill_dcap(&q, 3, RA_DCAP_BODY_SGX, data, sizeof(data));
	q.cert_data.len = UINT32_MAX; /* never read: refused first */
	assert_ra_err(ra_dcap_quote_build(&b, &q), RA_ERR_ARG);
	assert_int_equal(b.len, 0);
}

/* ---- TD report ------------------------------------------------------ */

static void
td_report_layout(void **state)
{
	struct ra_td_report td, back;
	uint8_t out[RA_TD_REPORT15_LEN], want[64];
	struct ra_buf b;
	struct ra_cur c;
	int v15;

	(void)state;
	for (v15 = 0; v15 <= 1; v15++) {
		memset(&td, 0, sizeof(td));
		td.is_v1_5 = v15 != 0;
		pattern(td.tee_tcb_svn, 16, 1);
		pattern(td.mr_seam, 48, 2);
		pattern(td.td_attributes, 8, 3);
		pattern(td.mr_td, 48, 4);
		pattern(td.rtmr[2], 48, 5);
		pattern(td.report_data, 64, 6);
		if (v15) {
			pattern(td.tee_tcb_svn2, 16, 7);
			pattern(td.mr_service_td, 48, 8);
		}
		b = ra_buf_init(out, sizeof(out));
		ra_td_report_build(&b, &td);
		assert_ra_ok(ra_buf_finish(&b));
		assert_int_equal(b.len, v15 ? 648 : 584);
		/* offsets of FORMATS.md §6.2 */
		pattern(want, 48, 2);
		test_assert_bytes(out + 16, want, 48, "MRSEAM");
		pattern(want, 8, 3);
		test_assert_bytes(out + 120, want, 8, "TDATTRIBUTES");
		pattern(want, 48, 4);
		test_assert_bytes(out + 136, want, 48, "MRTD");
		pattern(want, 48, 5);
		test_assert_bytes(out + 328 + 96, want, 48, "RTMR2");
		pattern(want, 64, 6);
		test_assert_bytes(out + 520, want, 64, "REPORTDATA");
		if (v15) {
			pattern(want, 48, 8);
			test_assert_bytes(out + 600, want, 48, "MRSERVICETD");
		}
		memset(&back, 0xee, sizeof(back));
		c = ra_cur_init(out, b.len);
		assert_ra_ok(ra_td_report_parse(&back, &c, td.is_v1_5));
		assert_ra_ok(ra_cur_finish(&c));
		assert_int_equal(back.is_v1_5, td.is_v1_5);
		assert_memory_equal(back.report_data, td.report_data, 64);
		assert_memory_equal(back.mr_service_td, td.mr_service_td, 48);
		assert_memory_equal(back.rtmr, td.rtmr, sizeof(td.rtmr));
		c = ra_cur_init(out, b.len - 1);
		assert_ra_err(
		    ra_td_report_parse(&back, &c, td.is_v1_5), RA_ERR_FORMAT);
	}
}

/* ---- EPID quote ----------------------------------------------------- */

#define EPID_QUOTE "tests/data/real/epid-quotes/sbellem-sgx-iot/epid_quote.bin"
#define EPID_JSON  "tests/data/real/epid-quotes/sbellem-sgx-iot/expected.json"

static enum ra_err
parse_epid(const uint8_t *buf, size_t len)
{
	struct ra_epid_quote q;

	return ra_epid_quote_parse(&q, buf, len);
}

static enum ra_err
parse_epid_sig(const uint8_t *buf, size_t len)
{
	struct ra_epid_quote_sig s;

	return ra_epid_quote_sig_parse(&s, buf, len);
}

static void
epid_real(void **state)
{
	size_t len;
	uint8_t *buf = test_load(EPID_QUOTE, &len);
	json_t *j = load_json(EPID_JSON);
	const json_t *f = json_object_get(j, "quote_fields");
	struct ra_epid_quote q;
	struct ra_epid_quote_sig s;
	uint8_t *out = malloc(len), h[64];
	struct ra_buf b = ra_buf_init(out, len);
	char gid[9];

	(void)state;
	assert_non_null(out);
	assert_ra_ok(ra_epid_quote_parse(&q, buf, len));
	assert_int_equal(q.version, json_int(f, "version"));
	assert_int_equal(q.sign_type, json_int(f, "sign_type"));
	snprintf(gid, sizeof(gid), "%08x", q.gid);
	assert_string_equal(
	    gid, json_string_value(json_object_get(f, "epid_group_id_be")));
	assert_int_equal(q.signature.len, json_int(f, "signature_len"));
	json_hex(f, "mrenclave", h, 32);
	test_assert_bytes(q.report_body.mr_enclave.b, h, 32, "MRENCLAVE");
	json_hex(f, "mrsigner", h, 32);
	test_assert_bytes(q.report_body.mr_signer.b, h, 32, "MRSIGNER");
	json_hex(f, "report_data", h, 64);
	test_assert_bytes(q.report_body.report_data, h, 64, "REPORTDATA");
	assert_int_equal(q.qe_svn, 11);
	assert_int_equal(q.pce_svn, 10);
	assert_ptr_equal(q.body.p, buf);
	assert_int_equal(q.body.len, RA_EPID_QUOTE_BODY_LEN);
	/* basename = SPID || ..., per the README transcript */
	json_hex(
	    json_object_get(json_object_get(j, "expected"), "readme_values"),
	    "SPID", h, 16);
	test_assert_bytes(q.basename, h, 16, "SPID");

	assert_ra_ok(ra_epid_quote_build(&b, &q));
	assert_int_equal(b.len, len);
	test_assert_bytes(out, buf, len, "EPID quote");

	/* the signature blob: 680 = 320 + 360 (BasicSignature, empty RL) */
	assert_ra_ok(
	    ra_epid_quote_sig_parse(&s, q.signature.p, q.signature.len));
	assert_int_equal(s.ciphertext.len, 352 + 4 + 4);
	assert_ptr_equal(s.ciphertext.p, q.signature.p + 304);
	assert_memory_equal(s.tag.b, q.signature.p + 664, 16);
	b = ra_buf_init(out, len);
	assert_ra_ok(ra_epid_quote_sig_build(&b, &s));
	assert_int_equal(b.len, q.signature.len);
	test_assert_bytes(out, q.signature.p, b.len, "signature blob");
	json_decref(j);
	free(out);
	free(buf);
}

static void
epid_adversarial(void **state)
{
	size_t len;
	uint8_t *buf = test_load(EPID_QUOTE, &len);
	uint16_t v;

	(void)state;
	test_truncations(parse_epid, buf, len);
	test_length_field(parse_epid, buf, len, 432);
	for (v = 0; v < 8; v++) {
		expect_with16(parse_epid, buf, len, 0, v,
		    v == 1 || v == 2 ? RA_OK : RA_ERR_VERSION);
		expect_with16(parse_epid, buf, len, 2, v,
		    v <= 1 ? RA_OK : RA_ERR_VERSION);
	}
	test_truncations(parse_epid_sig, buf + 436, len - 436);
	test_length_field(parse_epid_sig, buf + 436, len - 436, 300);
	free(buf);
}

/* Build a synthetic signature blob into sig; returns its length. */
static size_t
build_sig_blob(uint8_t *sig, size_t cap, const uint8_t *ct, size_t ct_len)
{
	struct ra_epid_quote_sig s, back;
	struct ra_buf b = ra_buf_init(sig, cap);

	memset(&s, 0, sizeof(s));
	pattern(s.wrapped_key, sizeof(s.wrapped_key), 1);
	pattern(s.key_hash.b, 32, 2);
	pattern(s.iv, 12, 3);
	s.ciphertext = (struct ra_bytes){ ct, ct_len };
	pattern(s.tag.b, 16, 5);
	assert_ra_ok(ra_epid_quote_sig_build(&b, &s));
	assert_int_equal(b.len, RA_EPID_SIG_OVERHEAD_LEN + ct_len);
	assert_int_equal(le32(sig + 300), ct_len);
	assert_ra_ok(ra_epid_quote_sig_parse(&back, sig, b.len));
	assert_memory_equal(back.wrapped_key, s.wrapped_key, 256);
	assert_memory_equal(back.key_hash.b, s.key_hash.b, 32);
	assert_memory_equal(back.iv, s.iv, 12);
	assert_memory_equal(back.ciphertext.p, ct, ct_len);
	assert_memory_equal(back.tag.b, s.tag.b, 16);
	return b.len;
}

static void
epid_synthetic(void **state)
{
	struct ra_epid_quote q, back;
	uint8_t ct[50], sig[400], out[1000];
	struct ra_buf b;

	(void)state;
	pattern(ct, sizeof(ct), 4);
	memset(&q, 0, sizeof(q));
	q.version = 2;
	q.sign_type = RA_QUOTE_LINKABLE;
	q.gid = 0x00000b5b;
	q.qe_svn = 1;
	q.pce_svn = 2;
	q.xeid = 3;
	pattern(q.basename, 32, 6);
	pattern(q.report_body.report_data, 64, 7);
	q.signature = (struct ra_bytes){ sig,
		build_sig_blob(sig, sizeof(sig), ct, sizeof(ct)) };
	b = ra_buf_init(out, sizeof(out));
	assert_ra_ok(ra_epid_quote_build(&b, &q));
	assert_int_equal(b.len, RA_EPID_QUOTE_MIN_LEN + q.signature.len);
	/* the GID is stored byte-reversed: 5b 0b 00 00 */
	assert_int_equal(out[4], 0x5b);
	assert_int_equal(out[5], 0x0b);
	assert_int_equal(le32(out + 432), q.signature.len);
	assert_ra_ok(ra_epid_quote_parse(&back, out, b.len));
	assert_int_equal(back.version, q.version);
	assert_int_equal(back.sign_type, q.sign_type);
	assert_int_equal(back.gid, q.gid);
	assert_int_equal(back.xeid, q.xeid);
	assert_memory_equal(back.basename, q.basename, 32);
	assert_memory_equal(
	    &back.report_body, &q.report_body, sizeof(q.report_body));
	assert_int_equal(back.signature.len, q.signature.len);
	assert_memory_equal(back.signature.p, sig, q.signature.len);
}

static void
epid_build_edges(void **state)
{
	struct ra_epid_quote q, back;
	uint8_t out[RA_EPID_QUOTE_MIN_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	(void)state;
	memset(&q, 0, sizeof(q));
	q.version = 1;
	/* an empty signature is a 436-byte quote */
	assert_ra_ok(ra_epid_quote_build(&b, &q));
	assert_int_equal(b.len, RA_EPID_QUOTE_MIN_LEN);
	assert_ra_ok(ra_epid_quote_parse(&back, out, b.len));
	assert_int_equal(back.signature.len, 0);
	/* a signature too long for signature_len: refused, nothing written */
	q.signature.len = (size_t)UINT32_MAX + 1;
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_epid_quote_build(&b, &q), RA_ERR_ARG);
	assert_int_equal(b.len, 0);
	/* a buffer one byte short: sticky overflow */
	q.signature.len = 0;
	b = ra_buf_init(out, sizeof(out) - 1);
	assert_ra_err(ra_epid_quote_build(&b, &q), RA_ERR_SPACE);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(dcap_real_sets),
	cmocka_unit_test(dcap_nonzero_trailer),
	cmocka_unit_test(dcap_extra),
	cmocka_unit_test(dcap_hex_quote),
	cmocka_unit_test(dcap_ppid_quote),
	cmocka_unit_test(dcap_ppid_legacy),
	cmocka_unit_test(dcap_ppid_forms),
	cmocka_unit_test(dcap_truncations),
	cmocka_unit_test(dcap_padding),
	cmocka_unit_test(dcap_length_fields),
	cmocka_unit_test(dcap_versions),
	cmocka_unit_test(dcap_synthetic),
	cmocka_unit_test(dcap_build_errors),
	cmocka_unit_test(td_report_layout),
	cmocka_unit_test(epid_real),
	cmocka_unit_test(epid_adversarial),
	cmocka_unit_test(epid_synthetic),
	cmocka_unit_test(epid_build_edges),
};

TEST_MAIN(tests)
