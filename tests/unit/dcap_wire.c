/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DCAP collateral parsers of src/lib/wire/: the PCK SGX extension
 * (DER), TCB Info and QE Identity (JSON), the PCS signed-document split
 * and the dcap-qvl collateral JSON; on every real document of
 * tests/data/real/dcap, then on malformed variants: truncations, a
 * trailing byte, each required field missing or of the wrong type,
 * unknown ids and statuses, duplicates, non-minimal DER.
 */
#include <stdio.h>
#include <string.h>

#include "dcap_sets.h"
#include "sgxra/encode.h"
#include "test.h"
#include "wire/json.h"

/* ---- PCK extension ------------------------------------------------------ */

/* The SGX extension of the PCK certificate of a set's quote. */
static uint8_t *
pck_ext_of(const char *set, size_t *len)
{
	struct test_dcap_set s;
	struct ra_dcap_quote q;
	struct ra_x509_list *l = NULL;
	struct ra_bytes v;
	bool crit, found;
	uint8_t *out;
	size_t n = 0;

	test_dcap_set_load(&s, set);
	assert_ra_ok(ra_dcap_quote_len(&n, s.quote, s.quote_len));
	assert_ra_ok(ra_dcap_quote_parse(&q, s.quote, n));
	assert_ra_ok(
	    ra_x509_list_from_bytes(&l, q.cert_data.p, q.cert_data.len));
	assert_ra_ok(ra_x509_extension(
	    ra_x509_list_get(l, 0), RA_SGX_EXT_OID, &v, &crit, &found));
	assert_true(found);
	assert_false(crit);
	out = malloc(v.len);
	assert_non_null(out);
	memcpy(out, v.p, v.len);
	*len = v.len;
	ra_x509_list_free(l);
	test_dcap_set_free(&s);
	return out;
}

static enum ra_err
parse_ext(const uint8_t *buf, size_t len)
{
	struct ra_pck_ext e;

	return ra_pck_ext_parse(&e, buf, len);
}

/* Real extensions: decode, fields, exact rebuild, truncations. */
static void
test_pck_ext_real(void **state)
{
	static const struct {
		const char *set;
		const char *fmspc;
		bool platform;
		uint16_t pce_svn;
	} sets[] = {
		{ "phala-sgx-v3", "00a067110000", false, 13 },
		{ "oasis-core-sgx-v3", "00606a000000", true, 13 },
		{ "phala-tdx-v4", "b0c06f000000", true, 11 },
		{ "fortanix-rust-sgx-pcs-v3", "00906ea10000", false, 10 },
	};
	struct ra_pck_ext e;
	uint8_t want[6], out[1024];
	struct ra_buf b;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		uint8_t *der = pck_ext_of(sets[i].set, &len);

		assert_ra_ok(ra_pck_ext_parse(&e, der, len));
		test_unhex_into(want, 6, sets[i].fmspc);
		test_assert_bytes(e.fmspc, want, 6, "FMSPC");
		assert_int_equal(e.is_platform, sets[i].platform);
		assert_int_equal(e.pce_svn, sets[i].pce_svn);
		assert_string_equal(e.err_field, "");
		b = ra_buf_init(out, sizeof(out));
		assert_ra_ok(ra_pck_ext_build(&b, &e));
		assert_int_equal(b.len, len);
		test_assert_bytes(out, der, len, "rebuilt extension");
		test_truncations(parse_ext, der, len);
		free(der);
	}
}

/* Find the DER OID of SGX arc `arc` (one byte after the prefix). */
static size_t
find_arc(const uint8_t *der, size_t len, const uint8_t *tail, size_t tl)
{
	static const uint8_t pre[] = { 0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf8,
		0x4d, 0x01, 0x0d, 0x01 };
	size_t i;

	for (i = 0; i + sizeof(pre) + tl <= len; i++) {
		if (memcmp(der + i, pre, sizeof(pre) - 1) == 0 &&
		    memcmp(der + i + sizeof(pre) - 1, tail, tl) == 0) {
			return i + sizeof(pre) - 1;
		}
	}
	fail_msg("OID not found");
	return 0;
}

static void
test_pck_ext_malformed(void **state)
{
	struct ra_pck_ext e;
	uint8_t *der, *m;
	size_t len, at;
	const uint8_t fmspc_arc[] = { 0x01, 0x04 };

	(void)state;
	der = pck_ext_of("phala-sgx-v3", &len);
	m = malloc(len);
	assert_non_null(m);
	/* FMSPC's OID renamed to an unknown arc: RA_ERR_VERSION */
	memcpy(m, der, len);
	at = find_arc(m, len, fmspc_arc, 2);
	m[at + 1] = 0x09;
	assert_ra_err(ra_pck_ext_parse(&e, m, len), RA_ERR_VERSION);
	/* ... or to PPID's: a duplicate entry, FMSPC missing */
	m[at + 1] = 0x01;
	assert_ra_err(ra_pck_ext_parse(&e, m, len), RA_ERR_FORMAT);
	/* a length in long form where the short form fits */
	memcpy(m, der, len);
	assert_int_equal(m[0], 0x30);
	assert_true(m[1] == 0x82);
	m[1] = 0x83;
	assert_ra_err(ra_pck_ext_parse(&e, m, len), RA_ERR_FORMAT);
	/* every single bit: never a crash, a rebuild equal to the input */
	memcpy(m, der, len);
	for (at = 0; at < len * 8; at++) {
		uint8_t out[1024];
		struct ra_buf b = ra_buf_init(out, sizeof(out));

		m[at / 8] ^= (uint8_t)(1U << (at % 8));
		if (ra_pck_ext_parse(&e, m, len) == RA_OK) {
			assert_ra_ok(ra_pck_ext_build(&b, &e));
			assert_int_equal(b.len, len);
			test_assert_bytes(out, m, len, "rebuild of a flip");
		}
		m[at / 8] ^= (uint8_t)(1U << (at % 8));
	}
	free(m);
	free(der);
}

/* Built extensions: SGX type range, the platform form, booleans. */
static void
test_pck_ext_build(void **state)
{
	struct ra_pck_ext e, d;
	uint8_t out[1024];
	struct ra_buf b;
	size_t i;

	(void)state;
	memset(&e, 0, sizeof(e));
	for (i = 0; i < 16; i++) {
		e.comp_svn[i] = (uint8_t)(i * 17); /* 0x88 etc.: a leading 0 */
	}
	e.pce_svn = 0x8000; /* three content bytes */
	e.sgx_type = RA_SGX_TYPE_SCALABLE_WITH_INTEGRITY;
	e.is_platform = true;
	e.smt_enabled = true;
	b = ra_buf_init(out, sizeof(out));
	assert_ra_ok(ra_pck_ext_build(&b, &e));
	assert_ra_ok(ra_pck_ext_parse(&d, out, b.len));
	test_assert_bytes(d.comp_svn, e.comp_svn, 16, "components");
	assert_int_equal(d.pce_svn, 0x8000);
	assert_true(d.is_platform && d.smt_enabled && !d.cached_keys);
	e.sgx_type = (enum ra_sgx_type)3;
	b = ra_buf_init(out, sizeof(out));
	assert_ra_ok(ra_pck_ext_build(&b, &e));
	assert_ra_err(ra_pck_ext_parse(&d, out, b.len), RA_ERR_VERSION);
	assert_string_equal(d.err_field, "SGX Type");
}

/* ---- TCB Info and QE Identity ------------------------------------------ */

static void
test_real_documents(void **state)
{
	static struct ra_tcb_info ti;
	static struct ra_qe_identity qi;
	size_t n, i;
	char **names = test_dcap_set_names(&n);

	(void)state;
	if (names == NULL) {
		skip();
		return;
	}
	for (i = 0; i < n; i++) {
		struct test_dcap_set s;
		const struct ra_dcap_collateral *c;

		test_dcap_set_load(&s, names[i]);
		c = &s.coll;
		assert_ra_ok(ra_tcb_info_parse(
		    &ti, (const char *)c->tcb_info.p, c->tcb_info.len));
		assert_ra_ok(ra_qe_identity_parse(
		    &qi, (const char *)c->qe_identity.p, c->qe_identity.len));
		assert_true(ti.n_levels > 0 && qi.n_levels > 0);
		assert_true(ti.next_update > ti.issue_date);
		/* sorted best first, as QVL orders them */
		if (ti.n_levels > 1) {
			assert_true(
			    ti.levels[0].pce_svn >= ti.levels[1].pce_svn ||
			    ti.levels[0].sgx_svn[0] > ti.levels[1].sgx_svn[0] ||
			    ti.id == RA_TCB_ID_TDX);
		}
		test_dcap_set_free(&s);
	}
	test_free_lines(names, n);
}

/* text with the first occurrence of from replaced by to (malloc'd). */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	assert_non_null(at);
	assert_non_null(out);
	snprintf(
	    out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

static const char tcb_v3[] =
    "{\"id\":\"SGX\",\"version\":3,\"issueDate\":\"2024-02-29T12:00:00Z\","
    "\"nextUpdate\":\"2024-03-30T12:00:00Z\",\"fmspc\":\"00906ED50000\","
    "\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":16,"
    "\"tcbLevels\":["
    "{\"tcb\":{\"sgxtcbcomponents\":[{\"svn\":2},{\"svn\":2},{\"svn\":2},"
    "{\"svn\":2},{\"svn\":2},{\"svn\":2},{\"svn\":2},{\"svn\":2},{\"svn\":2},"
    "{\"svn\":2},{\"svn\":2},{\"svn\":2},{\"svn\":2},{\"svn\":2},{\"svn\":2},"
    "{\"svn\":2}],\"pcesvn\":7},\"tcbDate\":\"2020-01-01T00:00:00Z\","
    "\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00001\"]},"
    "{\"tcb\":{\"sgxtcbcomponents\":[{\"svn\":3,\"category\":\"BIOS\","
    "\"type\":\"Early Microcode Update\"},{\"svn\":3},{\"svn\":3},"
    "{\"svn\":3},{\"svn\":3},{\"svn\":3},{\"svn\":3},{\"svn\":3},{\"svn\":3},"
    "{\"svn\":3},{\"svn\":3},{\"svn\":3},{\"svn\":3},{\"svn\":3},{\"svn\":3},"
    "{\"svn\":300}],\"pcesvn\":9},\"tcbDate\":\"2021-01-01T00:00:00Z\","
    "\"tcbStatus\":\"SWHardeningNeeded\",\"advisoryIDs\":[\"INTEL-SA-00001\","
    "\"INTEL-SA-00002\"]}]}";

static enum ra_err
tcb(const char *text, char *field)
{
	static struct ra_tcb_info ti;
	enum ra_err err = ra_tcb_info_parse(&ti, text, strlen(text));

	if (field != NULL) {
		snprintf(field, RA_ERR_FIELD_LEN, "%s", ti.err_field);
	}
	return err;
}

static enum ra_err
tcb_bytes(const uint8_t *buf, size_t len)
{
	static struct ra_tcb_info ti;

	return ra_tcb_info_parse(&ti, (const char *)buf, len);
}

static void
expect_tcb(
    const char *from, const char *to, enum ra_err want, const char *want_field)
{
	char *t = edit(tcb_v3, from, to), field[RA_ERR_FIELD_LEN];

	assert_ra_err(tcb(t, field), want);
	if (want_field != NULL) {
		assert_string_equal(field, want_field);
	}
	free(t);
}

/* The first level twice: refused, as QVL's std::set refuses it. */
static void
test_tcb_duplicate(void)
{
	const char *start = strstr(tcb_v3, "\"tcbLevels\":[") + 13;
	const char *end = strstr(start, ",{\"tcb\"");
	size_t n = strlen(tcb_v3) + (size_t)(end - start) + 2;
	char *t = malloc(n), field[RA_ERR_FIELD_LEN];

	assert_non_null(t);
	snprintf(t, n, "%.*s%.*s,%s", (int)(start - tcb_v3), tcb_v3,
	    (int)(end - start), start, start);
	assert_ra_err(tcb(t, field), RA_ERR_FORMAT);
	assert_string_equal(field, "tcbLevels: duplicate level");
	free(t);
}

static void
test_tcb_info(void **state)
{
	static struct ra_tcb_info ti;

	(void)state;
	assert_ra_ok(ra_tcb_info_parse(&ti, tcb_v3, strlen(tcb_v3)));
	/* sorted: the {3..} level first; SVN 300 kept (QVL would truncate) */
	assert_int_equal(ti.levels[0].sgx_svn[15], 300);
	assert_int_equal(ti.levels[0].status, RA_TCB_SW_HARDENING_NEEDED);
	assert_int_equal(ti.levels[1].adv.n, 1);
	assert_int_equal(ti.n_adv, 2); /* ids are shared between levels */
	assert_string_equal(ti.adv[ti.levels[0].adv.idx[1]], "INTEL-SA-00002");
	assert_int_equal(ti.issue_date, 1709208000); /* 2024-02-29T12:00:00Z */
	expect_tcb("\"version\":3", "\"version\":4", RA_ERR_VERSION, "version");
	expect_tcb("\"id\":\"SGX\"", "\"id\":\"XYZ\"", RA_ERR_VERSION, "id");
	expect_tcb("\"tcbType\":0", "\"tcbType\":1", RA_ERR_VERSION, "tcbType");
	expect_tcb("\"fmspc\":\"00906ED50000\",", "", RA_ERR_FORMAT, "fmspc");
	expect_tcb(
	    "\"00906ED50000\"", "\"00906ED5000\"", RA_ERR_FORMAT, "fmspc");
	expect_tcb("\"pceId\":\"0000\"", "\"pceId\":0", RA_ERR_FORMAT, "pceId");
	expect_tcb("\"OutOfDate\"", "\"Bogus\"", RA_ERR_VERSION, "tcbStatus");
	expect_tcb(
	    "2024-02-29T12", "2023-02-29T12", RA_ERR_FORMAT, "issueDate");
	expect_tcb("\"pcesvn\":7", "\"pcesvn\":70000", RA_ERR_FORMAT, "pcesvn");
	expect_tcb("\"pcesvn\":7", "\"pcesvn\":-1", RA_ERR_FORMAT, "pcesvn");
	expect_tcb(",{\"svn\":2}],", "],", RA_ERR_FORMAT, "sgxtcbcomponents");
	expect_tcb(
	    "[\"INTEL-SA-00001\"]", "[1]", RA_ERR_FORMAT, "advisoryIDs[0]");
	expect_tcb("\"tcbEvaluationDataNumber\":16,",
	    "\"tcbEvaluationDataNumber\":16,\"tdxModule\":{},", RA_ERR_FORMAT,
	    "tdxModule (in SGX)");
	expect_tcb("\"version\":3,", "\"version\":3,\"version\":3,",
	    RA_ERR_FORMAT, "JSON");
	expect_tcb("\"tcbLevels\":[", "\"tcbLevels\":[],\"x\":[", RA_ERR_FORMAT,
	    "tcbLevels");
	test_truncations(tcb_bytes, (const uint8_t *)tcb_v3, strlen(tcb_v3));
	test_tcb_duplicate();
}

static const char qe_v2[] =
    "{\"id\":\"QE\",\"version\":2,\"issueDate\":\"2024-03-01T00:00:00Z\","
    "\"nextUpdate\":\"2024-03-31T00:00:00Z\",\"tcbEvaluationDataNumber\":16,"
    "\"miscselect\":\"D182B18C\",\"miscselectMask\":\"FFFFFFFF\","
    "\"attributes\":\"11000000000000000000000000000000\","
    "\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\","
    "\"mrsigner\":\"8C4F5775D796503E96137F77C68A829A0056AC8DED70140B081B0944"
    "90C57BFF\",\"isvprodid\":1,\"tcbLevels\":[{\"tcb\":{\"isvsvn\":8},"
    "\"tcbDate\":\"2023-08-09T00:00:00Z\",\"tcbStatus\":\"UpToDate\"},"
    "{\"tcb\":{\"isvsvn\":6},\"tcbDate\":\"2021-11-10T00:00:00Z\","
    "\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00615\"]}]}";

static enum ra_err
qe_bytes(const uint8_t *buf, size_t len)
{
	static struct ra_qe_identity qi;

	return ra_qe_identity_parse(&qi, (const char *)buf, len);
}

static void
expect_qe(
    const char *from, const char *to, enum ra_err want, const char *want_field)
{
	static struct ra_qe_identity qi;
	char *t = edit(qe_v2, from, to);

	assert_ra_err(ra_qe_identity_parse(&qi, t, strlen(t)), want);
	assert_string_equal(qi.err_field, want_field);
	free(t);
}

static void
test_qe_identity(void **state)
{
	static struct ra_qe_identity qi;

	(void)state;
	assert_ra_ok(ra_qe_identity_parse(&qi, qe_v2, strlen(qe_v2)));
	/* the hex is the REPORT's bytes: d1 82 b1 8c, little-endian value */
	assert_int_equal(qi.miscselect, 0x8cb182d1);
	assert_int_equal(qi.attributes[0], 0x11);
	assert_int_equal(qi.levels[1].status, RA_TCB_OUT_OF_DATE);
	assert_string_equal(qi.adv[qi.levels[1].adv.idx[0]], "INTEL-SA-00615");
	expect_qe("\"id\":\"QE\"", "\"id\":\"QX\"", RA_ERR_VERSION, "id");
	expect_qe("\"version\":2", "\"version\":1", RA_ERR_VERSION, "version");
	expect_qe(
	    "\"FFFFFFFF\"", "\"FFFFFFF\"", RA_ERR_FORMAT, "miscselectMask");
	expect_qe("\"isvprodid\":1", "\"isvprodid\":65536", RA_ERR_FORMAT,
	    "isvprodid");
	expect_qe("\"UpToDate\"", "\"SWHardeningNeeded\"", RA_ERR_VERSION,
	    "tcbStatus");
	expect_qe(
	    "{\"isvsvn\":8}", "{\"isvsvn\":\"8\"}", RA_ERR_FORMAT, "isvsvn");
	test_truncations(qe_bytes, (const uint8_t *)qe_v2, strlen(qe_v2));
}

/* ---- dates --------------------------------------------------------------- */

static void
test_dates(void **state)
{
	static const struct {
		const char *s;
		int64_t t;
	} good[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2000-02-29T23:59:59Z", 951868799 },
		{ "2024-12-31T23:59:59Z", 1735689599 },
		{ "2100-03-01T00:00:00Z", 4107542400 },
	};
	static const char *const bad[] = { "2100-02-29T00:00:00Z",
		"2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
		"2024-01-01T00:00:60Z", "2024-01-01 00:00:00Z",
		"2024-01-01T00:00:00", "2024-01-01T00:00:00.000Z",
		"1969-12-31T23:59:59Z", "2024-1-01T00:00:00Z" };
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_ra_ok(
		    ra_json_parse_date(&t, good[i].s, strlen(good[i].s)));
		assert_int_equal(t, good[i].t);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_ra_err(ra_json_parse_date(&t, bad[i], strlen(bad[i])),
		    RA_ERR_FORMAT);
	}
}

/* ---- envelopes ----------------------------------------------------------- */

static enum ra_err
split_tcb(const uint8_t *buf, size_t len)
{
	struct ra_signed_doc d;

	return ra_collateral_split(&d, (const char *)buf, len, "tcbInfo");
}

static void
test_split(void **state)
{
	static const char sig[] =
	    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	    "\"";
	char doc[1024];
	struct ra_signed_doc d;

	(void)state;
	/* whitespace, order, and nested strings with braces and escapes */
	snprintf(doc, sizeof(doc),
	    " { \"signature\" : %s ,\n \"tcbInfo\" : {\"a\":\"}\\\"{\",\"b\":"
	    "[1,{\"c\":2}]} }",
	    sig);
	assert_ra_ok(ra_collateral_split(&d, doc, strlen(doc), "tcbInfo"));
	assert_int_equal(
	    d.body.len, strlen("{\"a\":\"}\\\"{\",\"b\":[1,{\"c\":2}]}"));
	assert_memory_equal(d.body.p, "{\"a\":\"}\\\"{\"", 10);
	assert_int_equal(d.sig.r[0], 0x01);
	assert_int_equal(d.sig.s[31], 0xef);
	test_truncations(split_tcb, (const uint8_t *)doc, strlen(doc));
	/* a third member, an escaped key, a short signature, a non-object */
	snprintf(
	    doc, sizeof(doc), "{\"tcbInfo\":{},\"signature\":%s,\"x\":1}", sig);
	assert_ra_err(ra_collateral_split(&d, doc, strlen(doc), "tcbInfo"),
	    RA_ERR_FORMAT);
	snprintf(
	    doc, sizeof(doc), "{\"tcb\\u0049nfo\":{},\"signature\":%s}", sig);
	assert_ra_err(ra_collateral_split(&d, doc, strlen(doc), "tcbInfo"),
	    RA_ERR_FORMAT);
	snprintf(doc, sizeof(doc), "{\"tcbInfo\":{},\"signature\":\"00\"}");
	assert_ra_err(ra_collateral_split(&d, doc, strlen(doc), "tcbInfo"),
	    RA_ERR_FORMAT);
	snprintf(doc, sizeof(doc), "{\"tcbInfo\":[],\"signature\":%s}", sig);
	assert_ra_err(ra_collateral_split(&d, doc, strlen(doc), "tcbInfo"),
	    RA_ERR_FORMAT);
}

static void
test_qvl_json(void **state)
{
	struct test_dcap_set s;
	struct ra_dcap_collateral c;
	size_t len;
	uint8_t *json, *arena;
	char *bad;

	(void)state;
	test_dcap_set_load(&s, "phala-sgx-v3");
	json = test_load(
	    TEST_DCAP_DIR "/phala-sgx-v3/collateral.dcap-qvl.json", &len);
	arena = malloc(len);
	assert_non_null(arena);
	assert_ra_ok(
	    ra_collateral_parse_qvl(&c, arena, len, (const char *)json, len));
	/* the same bytes as the PCS files */
	assert_int_equal(c.tcb_info.len, s.coll.tcb_info.len);
	assert_memory_equal(c.tcb_info.p, s.coll.tcb_info.p, c.tcb_info.len);
	assert_int_equal(c.pck_crl.len, s.coll.pck_crl.len);
	assert_memory_equal(c.pck_crl.p, s.coll.pck_crl.p, c.pck_crl.len);
	assert_memory_equal(&c.qe_identity_sig, &s.coll.qe_identity_sig, 64);
	assert_null(c.pck_chain.p);
	assert_ra_err(ra_collateral_parse_qvl(
	                  &c, arena, len / 4, (const char *)json, len),
	    RA_ERR_SPACE);
	bad =
	    edit((const char *)json, "\"pck_crl\": \"30", "\"pck_crl\": \"3g");
	assert_ra_err(ra_collateral_parse_qvl(&c, arena, len, bad, strlen(bad)),
	    RA_ERR_FORMAT);
	free(bad);
	bad = edit((const char *)json, "\"qe_identity_signature\"", "\"x\"");
	assert_ra_err(ra_collateral_parse_qvl(&c, arena, len, bad, strlen(bad)),
	    RA_ERR_FORMAT);
	free(bad);
	free(arena);
	free(json);
	test_dcap_set_free(&s);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_pck_ext_real),
	cmocka_unit_test(test_pck_ext_malformed),
	cmocka_unit_test(test_pck_ext_build),
	cmocka_unit_test(test_real_documents),
	cmocka_unit_test(test_tcb_info),
	cmocka_unit_test(test_qe_identity),
	cmocka_unit_test(test_dates),
	cmocka_unit_test(test_split),
	cmocka_unit_test(test_qvl_json),
};

TEST_MAIN(tests)
