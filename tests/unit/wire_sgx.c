/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wire/: ATTRIBUTES, REPORT, TARGETINFO, KEYREQUEST, SECINFO, SIGSTRUCT.
 * Known-answer layouts written from FORMATS.md §1 and §2.3 offsets,
 * independently of the parsers; round trips on real SIGSTRUCTs checked
 * against their expected.json; the generic adversarial checks.
 */
#include <string.h>

#include <jansson.h>
#include <openssl/sha.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/sgx.h"
#include "test.h"

/* ---- helpers -------------------------------------------------------- */

/* Fill n bytes with a pattern that differs per field (seed). */
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

static uint64_t
le64(const uint8_t *b)
{
	return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
}

/* The bytes of hex string field key of JSON object o, exactly n long. */
static void
json_hex(const json_t *o, const char *key, uint8_t *out, size_t n)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL) {
		fail_msg("expected.json: no string %s", key);
	}
	test_unhex_into(out, n, s);
}

/* True iff the hex string field key is a prefix of p ("abcd..."). */
static void
json_hex_prefix(const json_t *o, const char *key, const uint8_t *p)
{
	const char *s = json_string_value(json_object_get(o, key));
	char hex[3];
	size_t i;

	assert_non_null(s);
	for (i = 0; s[2 * i] != '\0' && s[2 * i] != '.'; i++) {
		snprintf(hex, sizeof(hex), "%02x", p[i]);
		if (strncmp(hex, s + 2 * i, 2) != 0) {
			fail_msg("%s: byte %zu is %s, want %.2s", key, i, hex,
			    s + 2 * i);
		}
	}
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

/* Parse a fixed-size structure from a whole buffer: nothing may follow. */
#define WHOLE_PARSER(name, type, fn)                            \
	static enum ra_err name(const uint8_t *buf, size_t len) \
	{                                                       \
		type x;                                         \
		struct ra_cur c = ra_cur_init(buf, len);        \
		enum ra_err err = fn(&x, &c);                   \
		return err != RA_OK ? err : ra_cur_finish(&c);  \
	}

WHOLE_PARSER(parse_attributes, struct ra_attributes, ra_attributes_parse)
WHOLE_PARSER(parse_report_body, struct ra_report_body, ra_report_body_parse)
WHOLE_PARSER(parse_report, struct ra_report, ra_report_parse)
WHOLE_PARSER(parse_targetinfo, struct ra_targetinfo, ra_targetinfo_parse)
WHOLE_PARSER(parse_keyrequest, struct ra_keyrequest, ra_keyrequest_parse)
WHOLE_PARSER(parse_secinfo, struct ra_secinfo, ra_secinfo_parse)
WHOLE_PARSER(parse_sigstruct, struct ra_sigstruct, ra_sigstruct_parse)

/* Flipping each bit of byte off of buf must make parse return want. */
static void
assert_byte_rejected(test_parse_fn parse, const uint8_t *buf, size_t len,
    size_t off, enum ra_err want)
{
	uint8_t *copy = malloc(len);
	unsigned v;
	enum ra_err err = want;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	for (v = 1; v < 256 && err == want; v <<= 1) {
		copy[off] = (uint8_t)(buf[off] ^ v);
		err = parse(copy, len);
	}
	free(copy);
	if (err != want) {
		fail_msg("byte %zu ^ %#x: got %s, want %s", off, v >> 1,
		    ra_errname(err), ra_errname(want));
	}
}

/* ---- ATTRIBUTES ----------------------------------------------------- */

static void
attributes_layout(void **state)
{
	struct ra_attributes a = { 0x0102030405060708ULL,
		0x1112131415161718ULL };
	struct ra_attributes back;
	uint8_t out[16];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_cur c;

	(void)state;
	ra_attributes_build(&b, &a);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_ATTRIBUTES_LEN);
	assert_int_equal(out[0], 0x08); /* FLAGS, little-endian */
	assert_int_equal(out[7], 0x01);
	assert_int_equal(out[8], 0x18); /* XFRM */
	c = ra_cur_init(out, sizeof(out));
	assert_ra_ok(ra_attributes_parse(&back, &c));
	assert_ra_ok(ra_cur_finish(&c));
	assert_true(back.flags == a.flags && back.xfrm == a.xfrm);
	test_truncations(parse_attributes, out, sizeof(out));
}

/* ---- REPORT --------------------------------------------------------- */

static void
fill_report(struct ra_report *r)
{
	memset(r, 0, sizeof(*r));
	pattern(r->body.cpu_svn, sizeof(r->body.cpu_svn), 1);
	r->body.misc_select = 0x11121314;
	pattern(r->body.reserved1, sizeof(r->body.reserved1), 2);
	pattern(r->body.isv_ext_prod_id, sizeof(r->body.isv_ext_prod_id), 3);
	r->body.attributes.flags = 0x2122232425262728ULL;
	r->body.attributes.xfrm = 0x3132333435363738ULL;
	pattern(r->body.mr_enclave.b, 32, 4);
	pattern(r->body.reserved2, sizeof(r->body.reserved2), 5);
	pattern(r->body.mr_signer.b, 32, 6);
	pattern(r->body.reserved3, sizeof(r->body.reserved3), 7);
	pattern(r->body.config_id, sizeof(r->body.config_id), 8);
	r->body.isv_prod_id = 0x4142;
	r->body.isv_svn = 0x5152;
	r->body.config_svn = 0x6162;
	pattern(r->body.reserved4, sizeof(r->body.reserved4), 9);
	pattern(r->body.isv_family_id, sizeof(r->body.isv_family_id), 10);
	pattern(r->body.report_data, sizeof(r->body.report_data), 11);
	pattern(r->key_id, sizeof(r->key_id), 12);
	pattern(r->mac.b, sizeof(r->mac.b), 13);
}

/* Every field at the offset of FORMATS.md §1.2, checked on the bytes. */
static void
report_layout(void **state)
{
	static const struct {
		size_t off, len;
		unsigned seed;
	} arrays[] = {
		{ 0, 16, 1 },    /* CPUSVN */
		{ 20, 12, 2 },   /* reserved */
		{ 32, 16, 3 },   /* ISVEXTPRODID */
		{ 64, 32, 4 },   /* MRENCLAVE */
		{ 96, 32, 5 },   /* reserved */
		{ 128, 32, 6 },  /* MRSIGNER */
		{ 160, 32, 7 },  /* reserved */
		{ 192, 64, 8 },  /* CONFIGID */
		{ 262, 42, 9 },  /* reserved */
		{ 304, 16, 10 }, /* ISVFAMILYID */
		{ 320, 64, 11 }, /* REPORTDATA */
		{ 384, 32, 12 }, /* KEYID */
		{ 416, 16, 13 }, /* MAC */
	};
	struct ra_report r;
	uint8_t out[RA_REPORT_LEN], want[64];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	size_t i;

	(void)state;
	fill_report(&r);
	ra_report_build(&b, &r);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_REPORT_LEN);
	for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
		pattern(want, arrays[i].len, arrays[i].seed);
		test_assert_bytes(
		    out + arrays[i].off, want, arrays[i].len, "report field");
	}
	assert_int_equal(le32(out + 16), 0x11121314);         /* MISCSELECT */
	assert_true(le64(out + 48) == 0x2122232425262728ULL); /* FLAGS */
	assert_true(le64(out + 56) == 0x3132333435363738ULL); /* XFRM */
	assert_int_equal(le16(out + 256), 0x4142);            /* ISVPRODID */
	assert_int_equal(le16(out + 258), 0x5152);            /* ISVSVN */
	assert_int_equal(le16(out + 260), 0x6162);            /* CONFIGSVN */
}

static void
report_round_trip(void **state)
{
	struct ra_report r, back;
	uint8_t out[RA_REPORT_LEN], again[RA_REPORT_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_cur c;

	(void)state;
	fill_report(&r);
	ra_report_build(&b, &r);
	assert_ra_ok(ra_buf_finish(&b));
	memset(&back, 0, sizeof(back));
	c = ra_cur_init(out, sizeof(out));
	assert_ra_ok(ra_report_parse(&back, &c));
	assert_ra_ok(ra_cur_finish(&c));
	assert_memory_equal(&back, &r, sizeof(r));

	/* Any 432 bytes parse and build back: reserved bytes are kept. */
	pattern(out, sizeof(out), 3);
	c = ra_cur_init(out, sizeof(out));
	assert_ra_ok(ra_report_parse(&back, &c));
	b = ra_buf_init(again, sizeof(again));
	ra_report_build(&b, &back);
	assert_ra_ok(ra_buf_finish(&b));
	assert_memory_equal(again, out, sizeof(out));

	/* The body builder writes the MAC input: the first 384 bytes. */
	b = ra_buf_init(again, sizeof(again));
	ra_report_body_build(&b, &back.body);
	assert_int_equal(b.len, RA_REPORT_BODY_LEN);
	assert_memory_equal(again, out, RA_REPORT_BODY_LEN);

	/* A short output buffer: sticky overflow, nothing past cap. */
	b = ra_buf_init(again, RA_REPORT_LEN - 1);
	ra_report_build(&b, &back);
	assert_ra_err(ra_buf_finish(&b), RA_ERR_SPACE);
}

static void
report_adversarial(void **state)
{
	uint8_t buf[RA_REPORT_LEN];

	(void)state;
	pattern(buf, sizeof(buf), 5);
	test_truncations(parse_report, buf, sizeof(buf));
	test_truncations(parse_report_body, buf, RA_REPORT_BODY_LEN);
}

/* ---- TARGETINFO ------------------------------------------------------ */

static void
targetinfo_round_trip(void **state)
{
	struct ra_targetinfo ti, back;
	uint8_t out[RA_TARGETINFO_LEN], want[64];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_cur c;
	size_t i;

	(void)state;
	memset(&ti, 0, sizeof(ti));
	pattern(ti.mr_enclave.b, 32, 1);
	ti.attributes.flags = 0x0102030405060708ULL;
	ti.attributes.xfrm = 0xe7;
	ti.cet_attributes = 0xa5;
	ti.config_svn = 0x1234;
	ti.misc_select = 0x89abcdef;
	pattern(ti.config_id, sizeof(ti.config_id), 2);
	ra_targetinfo_build(&b, &ti);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_TARGETINFO_LEN);

	/* layout, FORMATS.md §1.3 */
	pattern(want, 32, 1);
	test_assert_bytes(out, want, 32, "MEASUREMENT");
	assert_true(le64(out + 32) == 0x0102030405060708ULL);
	assert_int_equal(out[48], 0xa5);
	assert_int_equal(out[49], 0);
	assert_int_equal(le16(out + 50), 0x1234);
	assert_int_equal(le32(out + 52), 0x89abcdef);
	pattern(want, 64, 2);
	test_assert_bytes(out + 64, want, 64, "CONFIGID");
	for (i = 128; i < RA_TARGETINFO_LEN; i++) {
		assert_int_equal(out[i], 0);
	}

	memset(&back, 0, sizeof(back));
	c = ra_cur_init(out, sizeof(out));
	assert_ra_ok(ra_targetinfo_parse(&back, &c));
	assert_ra_ok(ra_cur_finish(&c));
	assert_memory_equal(&back, &ti, sizeof(ti));
}

static void
targetinfo_adversarial(void **state)
{
	uint8_t buf[RA_TARGETINFO_LEN];
	size_t i;

	(void)state;
	memset(buf, 0, sizeof(buf)); /* a zeroed TARGETINFO is legal */
	pattern(buf, 49, 4);
	pattern(buf + 50, 6, 5);
	pattern(buf + 64, 64, 6);
	test_truncations(parse_targetinfo, buf, sizeof(buf));
	assert_byte_rejected(
	    parse_targetinfo, buf, sizeof(buf), 49, RA_ERR_FORMAT);
	for (i = 56; i < 64; i++) {
		assert_byte_rejected(
		    parse_targetinfo, buf, sizeof(buf), i, RA_ERR_FORMAT);
	}
	for (i = 128; i < RA_TARGETINFO_LEN; i++) {
		assert_byte_rejected(
		    parse_targetinfo, buf, sizeof(buf), i, RA_ERR_FORMAT);
	}
}

/* ---- KEYREQUEST ----------------------------------------------------- */

static void
fill_keyrequest(struct ra_keyrequest *kr)
{
	memset(kr, 0, sizeof(*kr));
	kr->key_name = RA_KEYNAME_SEAL;
	kr->key_policy = RA_KEYPOLICY_MRSIGNER | RA_KEYPOLICY_ISVEXTPRODID;
	kr->isv_svn = 0x0102;
	kr->cet_attributes_mask = 0x5a;
	pattern(kr->cpu_svn, sizeof(kr->cpu_svn), 1);
	kr->attribute_mask.flags = 0xfffffffffffffff3ULL;
	kr->attribute_mask.xfrm = 0;
	pattern(kr->key_id, sizeof(kr->key_id), 2);
	kr->misc_mask = 0xf0000000;
	kr->config_svn = 0x0304;
}

static void
keyrequest_round_trip(void **state)
{
	struct ra_keyrequest kr, back;
	uint8_t out[RA_KEYREQUEST_LEN], want[32];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_cur c;
	size_t i;

	(void)state;
	fill_keyrequest(&kr);
	ra_keyrequest_build(&b, &kr);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_KEYREQUEST_LEN);

	/* layout, FORMATS.md §1.4 */
	assert_int_equal(le16(out + 0), 4);
	assert_int_equal(le16(out + 2), 0x22);
	assert_int_equal(le16(out + 4), 0x0102);
	assert_int_equal(out[6], 0x5a);
	assert_int_equal(out[7], 0);
	pattern(want, 16, 1);
	test_assert_bytes(out + 8, want, 16, "CPUSVN");
	assert_true(le64(out + 24) == 0xfffffffffffffff3ULL);
	pattern(want, 32, 2);
	test_assert_bytes(out + 40, want, 32, "KEYID");
	assert_int_equal(le32(out + 72), 0xf0000000);
	assert_int_equal(le16(out + 76), 0x0304);
	for (i = 78; i < RA_KEYREQUEST_LEN; i++) {
		assert_int_equal(out[i], 0);
	}

	memset(&back, 0, sizeof(back));
	c = ra_cur_init(out, sizeof(out));
	assert_ra_ok(ra_keyrequest_parse(&back, &c));
	assert_ra_ok(ra_cur_finish(&c));
	assert_memory_equal(&back, &kr, sizeof(kr));
}

static void
keyrequest_adversarial(void **state)
{
	struct ra_keyrequest kr;
	uint8_t buf[RA_KEYREQUEST_LEN];
	struct ra_buf b = ra_buf_init(buf, sizeof(buf));
	struct ra_cur c;
	uint16_t name;
	size_t i;

	(void)state;
	fill_keyrequest(&kr);
	ra_keyrequest_build(&b, &kr);
	assert_ra_ok(ra_buf_finish(&b));
	test_truncations(parse_keyrequest, buf, sizeof(buf));
	assert_byte_rejected(
	    parse_keyrequest, buf, sizeof(buf), 7, RA_ERR_FORMAT);
	for (i = 78; i < RA_KEYREQUEST_LEN; i++) {
		assert_byte_rejected(
		    parse_keyrequest, buf, sizeof(buf), i, RA_ERR_FORMAT);
	}
	/* KEYPOLICY bits 6..15 are reserved */
	for (i = 6; i < 16; i++) {
		buf[2] = (uint8_t)(0x01 | (i < 8 ? 1U << i : 0));
		buf[3] = (uint8_t)(i >= 8 ? 1U << (i - 8) : 0);
		assert_ra_err(
		    parse_keyrequest(buf, sizeof(buf)), RA_ERR_FORMAT);
	}
	buf[2] = 0x01;
	buf[3] = 0;
	/* every KEYNAME: 0..4 known, others RA_ERR_VERSION */
	for (name = 0; name < 300; name++) {
		buf[0] = (uint8_t)name;
		buf[1] = (uint8_t)(name >> 8);
		c = ra_cur_init(buf, sizeof(buf));
		assert_ra_err(ra_keyrequest_parse(&kr, &c),
		    name <= RA_KEYNAME_SEAL ? RA_OK : RA_ERR_VERSION);
		if (name <= RA_KEYNAME_SEAL) {
			assert_int_equal(kr.key_name, name);
		}
	}
}

/* ---- SECINFO -------------------------------------------------------- */

static void
secinfo_sdk_values(void **state)
{
	/* SDK values of FORMATS.md §1.6: RX 0x205, RW 0x203, TCS 0x100. */
	static const struct {
		uint64_t flags;
		uint8_t perms;
		enum ra_page_type pt;
	} v[] = {
		{ 0x205, RA_SECINFO_R | RA_SECINFO_X, RA_PT_REG },
		{ 0x203, RA_SECINFO_R | RA_SECINFO_W, RA_PT_REG },
		{ 0x100, 0, RA_PT_TCS },
		{ 0x000, 0, RA_PT_SECS },
		{ 0x63f, 0x3f, RA_PT_SS_REST },
	};
	uint8_t buf[RA_SECINFO_LEN], out[RA_SECINFO_LEN];
	struct ra_secinfo si;
	struct ra_buf b;
	struct ra_cur c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(buf, 0, sizeof(buf));
		buf[0] = (uint8_t)v[i].flags;
		buf[1] = (uint8_t)(v[i].flags >> 8);
		c = ra_cur_init(buf, sizeof(buf));
		assert_ra_ok(ra_secinfo_parse(&si, &c));
		assert_ra_ok(ra_cur_finish(&c));
		assert_int_equal(si.perms, v[i].perms);
		assert_int_equal(si.page_type, v[i].pt);
		b = ra_buf_init(out, sizeof(out));
		ra_secinfo_build(&b, &si);
		assert_ra_ok(ra_buf_finish(&b));
		assert_memory_equal(out, buf, sizeof(buf));
	}
}

static void
secinfo_adversarial(void **state)
{
	uint8_t buf[RA_SECINFO_LEN];
	struct ra_secinfo si;
	struct ra_cur c;
	unsigned pt, bit;
	size_t i;

	(void)state;
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x05;
	buf[1] = 0x02;
	test_truncations(parse_secinfo, buf, sizeof(buf));
	for (i = 8; i < RA_SECINFO_LEN; i++) {
		assert_byte_rejected(
		    parse_secinfo, buf, sizeof(buf), i, RA_ERR_FORMAT);
	}
	/* reserved FLAGS bits 6, 7 and 16..63 */
	for (bit = 6; bit < 64; bit++) {
		if (bit >= 8 && bit < 16) {
			continue;
		}
		buf[bit / 8] ^= (uint8_t)(1U << (bit % 8));
		assert_ra_err(parse_secinfo(buf, sizeof(buf)), RA_ERR_FORMAT);
		buf[bit / 8] ^= (uint8_t)(1U << (bit % 8));
	}
	for (pt = 0; pt < 256; pt++) {
		buf[1] = (uint8_t)pt;
		c = ra_cur_init(buf, sizeof(buf));
		assert_ra_err(ra_secinfo_parse(&si, &c),
		    pt <= RA_PT_SS_REST ? RA_OK : RA_ERR_VERSION);
	}
}

/* ---- SIGSTRUCT ------------------------------------------------------ */

static const char *const sigstructs[][2] = {
	{ "tests/data/real/enclave/fortanix-sigstruct-sig1/sig1.sigstruct.bin",
	    "tests/data/real/enclave/fortanix-sigstruct-sig1/expected.json" },
	{ "tests/data/real/enclave/fortanix-test-enclave/test_enclave.sig",
	    "tests/data/real/enclave/fortanix-test-enclave/expected.json" },
	{ "tests/data/real/enclave/intel-pce-1.25.100.1/sigstruct.bin",
	    "tests/data/real/enclave/intel-pce-1.25.100.1/expected.json" },
};

static void
attributes_bytes(const struct ra_attributes *a, uint8_t out[16])
{
	struct ra_buf b = ra_buf_init(out, 16);

	ra_attributes_build(&b, a);
	assert_ra_ok(ra_buf_finish(&b));
}

/* Check the parsed fields against the set's expected.json. */
static void
check_sigstruct_json(const struct ra_sigstruct *ss, const json_t *j)
{
	uint8_t h[32], a[16], want[16];
	char date[9];
	unsigned char md[SHA256_DIGEST_LENGTH];

	assert_int_equal(
	    ss->vendor, json_integer_value(json_object_get(j, "vendor")));
	snprintf(date, sizeof(date), "%08x", ss->date);
	assert_string_equal(
	    date, json_string_value(json_object_get(j, "date")));
	assert_int_equal(ss->sw_defined,
	    json_integer_value(json_object_get(j, "swdefined")));
	assert_int_equal(ss->misc_select,
	    json_integer_value(json_object_get(j, "miscselect")));
	assert_int_equal(
	    ss->misc_mask, json_integer_value(json_object_get(j, "miscmask")));
	assert_int_equal(ss->isv_prod_id,
	    json_integer_value(json_object_get(j, "isvprodid")));
	assert_int_equal(
	    ss->isv_svn, json_integer_value(json_object_get(j, "isvsvn")));
	json_hex(j, "enclavehash", h, 32);
	test_assert_bytes(ss->enclave_hash.b, h, 32, "ENCLAVEHASH");
	attributes_bytes(&ss->attributes, a);
	json_hex(j, "attributes", want, 16);
	test_assert_bytes(a, want, 16, "ATTRIBUTES");
	attributes_bytes(&ss->attribute_mask, a);
	json_hex(j, "attributemask", want, 16);
	test_assert_bytes(a, want, 16, "ATTRIBUTEMASK");
	json_hex(j, "isvfamilyid", want, 16);
	test_assert_bytes(ss->isv_family_id, want, 16, "ISVFAMILYID");
	json_hex(j, "isvextprodid", want, 16);
	test_assert_bytes(ss->isv_ext_prod_id, want, 16, "ISVEXTPRODID");
	json_hex_prefix(j, "modulus_le", ss->modulus_le);
	json_hex_prefix(j, "signature_le", ss->signature_le);
	json_hex_prefix(j, "q1_le", ss->q1_le);
	json_hex_prefix(j, "q2_le", ss->q2_le);
	/* MRSIGNER = SHA-256 of the modulus exactly as stored (LE). */
	SHA256(ss->modulus_le, sizeof(ss->modulus_le), md);
	json_hex(j, "mrsigner", h, 32);
	test_assert_bytes(md, h, 32, "MRSIGNER");
}

static void
sigstruct_real(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(sigstructs) / sizeof(sigstructs[0]); i++) {
		uint8_t *buf = test_load(sigstructs[i][0], &len);
		json_t *j = load_json(sigstructs[i][1]);
		uint8_t out[RA_SIGSTRUCT_LEN], signed_part[256];
		struct ra_sigstruct ss;
		struct ra_cur c = ra_cur_init(buf, len);
		struct ra_buf b = ra_buf_init(out, sizeof(out));

		assert_int_equal(len, RA_SIGSTRUCT_LEN);
		assert_ra_ok(ra_sigstruct_parse(&ss, &c));
		assert_ra_ok(ra_cur_finish(&c));
		check_sigstruct_json(&ss, json_object_get(j, "sigstruct"));
		ra_sigstruct_build(&b, &ss);
		assert_ra_ok(ra_buf_finish(&b));
		assert_int_equal(b.len, len);
		test_assert_bytes(out, buf, len, sigstructs[i][0]);
		/* the signed region: bytes 0..127 || 900..1027 */
		b = ra_buf_init(signed_part, sizeof(signed_part));
		ra_sigstruct_build_signed(&b, &ss);
		assert_ra_ok(ra_buf_finish(&b));
		assert_int_equal(b.len, RA_SIGSTRUCT_SIGNED_LEN);
		test_assert_bytes(signed_part, buf, 128, "signed 0..127");
		test_assert_bytes(
		    signed_part + 128, buf + 900, 128, "signed 900..1027");
		json_decref(j);
		free(buf);
	}
}

/* sig1.key_n.bin holds the same 384 modulus bytes, as stored. */
static void
sigstruct_modulus_order(void **state)
{
	size_t len, nlen;
	uint8_t *buf = test_load(sigstructs[0][0], &len);
	uint8_t *n = test_load(
	    "tests/data/real/enclave/fortanix-sigstruct-sig1/sig1.key_n.bin",
	    &nlen);
	struct ra_sigstruct ss;
	struct ra_cur c = ra_cur_init(buf, len);

	(void)state;
	assert_ra_ok(ra_sigstruct_parse(&ss, &c));
	assert_int_equal(nlen, RA_RSA3072_LEN);
	test_assert_bytes(ss.modulus_le, n, nlen, "modulus");
	free(n);
	free(buf);
}

static void
sigstruct_adversarial(void **state)
{
	static const size_t reserved[][2] = { { 44, 128 }, { 910, 912 },
		{ 992, 1008 }, { 1028, 1040 } };
	size_t len, i, k;
	uint8_t *buf = test_load(sigstructs[2][0], &len);

	(void)state;
	test_truncations(parse_sigstruct, buf, len);
	/* HEADER and HEADER2 are constants: RA_ERR_VERSION */
	for (i = 0; i < 12; i++) {
		assert_byte_rejected(
		    parse_sigstruct, buf, len, i, RA_ERR_VERSION);
	}
	for (i = 24; i < 40; i++) {
		assert_byte_rejected(
		    parse_sigstruct, buf, len, i, RA_ERR_VERSION);
	}
	/* EXPONENT must be 3 */
	for (i = 512; i < 516; i++) {
		assert_byte_rejected(
		    parse_sigstruct, buf, len, i, RA_ERR_VERSION);
	}
	/* reserved areas must be zero */
	for (k = 0; k < sizeof(reserved) / sizeof(reserved[0]); k++) {
		for (i = reserved[k][0]; i < reserved[k][1]; i++) {
			assert_byte_rejected(
			    parse_sigstruct, buf, len, i, RA_ERR_FORMAT);
		}
	}
	/* TYPE bits 0..30 are reserved, bit 31 (debug) is not */
	for (i = 12; i < 15; i++) {
		assert_byte_rejected(
		    parse_sigstruct, buf, len, i, RA_ERR_FORMAT);
	}
	buf[15] = 0x80;
	assert_ra_ok(parse_sigstruct(buf, len));
	buf[15] = 0x40;
	assert_ra_err(parse_sigstruct(buf, len), RA_ERR_FORMAT);
	buf[15] = 0;
	/* CET fields at 908/909 are fields: any value parses */
	buf[908] = 0xff;
	buf[909] = 0xff;
	assert_ra_ok(parse_sigstruct(buf, len));
	free(buf);
}

static void
sigstruct_synthetic(void **state)
{
	struct ra_sigstruct ss, back;
	uint8_t out[RA_SIGSTRUCT_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_cur c;

	(void)state;
	memset(&ss, 0, sizeof(ss));
	ss.type = RA_SIGSTRUCT_TYPE_DEBUG;
	ss.vendor = RA_SIGSTRUCT_VENDOR_INTEL;
	ss.date = 0x20250730;
	ss.sw_defined = 7;
	pattern(ss.modulus_le, sizeof(ss.modulus_le), 1);
	pattern(ss.signature_le, sizeof(ss.signature_le), 2);
	ss.misc_select = 1;
	ss.misc_mask = 0xffffffff;
	ss.cet_attributes = 0x11;
	ss.cet_attributes_mask = 0x22;
	pattern(ss.isv_family_id, 16, 3);
	ss.attributes.flags = RA_ATTR_MODE64BIT | RA_ATTR_KSS;
	ss.attributes.xfrm = 3;
	ss.attribute_mask.flags = ~(uint64_t)RA_ATTR_DEBUG;
	ss.attribute_mask.xfrm = 0xfffffffffffffff8ULL;
	pattern(ss.enclave_hash.b, 32, 4);
	pattern(ss.isv_ext_prod_id, 16, 5);
	ss.isv_prod_id = 0xfffe;
	ss.isv_svn = 0x1234;
	pattern(ss.q1_le, sizeof(ss.q1_le), 6);
	pattern(ss.q2_le, sizeof(ss.q2_le), 7);
	ra_sigstruct_build(&b, &ss);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_SIGSTRUCT_LEN);
	/* a few offsets of FORMATS.md §2.3 */
	assert_int_equal(le32(out + 12), RA_SIGSTRUCT_TYPE_DEBUG);
	assert_int_equal(le32(out + 16), 0x8086);
	assert_int_equal(le32(out + 20), 0x20250730);
	assert_int_equal(le32(out + 40), 7);
	assert_int_equal(le32(out + 512), 3);
	assert_int_equal(out[908], 0x11);
	assert_int_equal(out[909], 0x22);
	assert_true(le64(out + 928) == (RA_ATTR_MODE64BIT | RA_ATTR_KSS));
	assert_int_equal(le16(out + 1024), 0xfffe);
	assert_int_equal(le16(out + 1026), 0x1234);
	memset(&back, 0, sizeof(back));
	c = ra_cur_init(out, sizeof(out));
	assert_ra_ok(ra_sigstruct_parse(&back, &c));
	assert_ra_ok(ra_cur_finish(&c));
	assert_memory_equal(&back, &ss, sizeof(ss));
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(attributes_layout),
	cmocka_unit_test(report_layout),
	cmocka_unit_test(report_round_trip),
	cmocka_unit_test(report_adversarial),
	cmocka_unit_test(targetinfo_round_trip),
	cmocka_unit_test(targetinfo_adversarial),
	cmocka_unit_test(keyrequest_round_trip),
	cmocka_unit_test(keyrequest_adversarial),
	cmocka_unit_test(secinfo_sdk_values),
	cmocka_unit_test(secinfo_adversarial),
	cmocka_unit_test(sigstruct_real),
	cmocka_unit_test(sigstruct_modulus_order),
	cmocka_unit_test(sigstruct_adversarial),
	cmocka_unit_test(sigstruct_synthetic),
};

TEST_MAIN(tests)
