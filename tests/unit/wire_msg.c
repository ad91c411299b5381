/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wire/: RA msg0..msg4 and the platform info blob. Layout known answers
 * written from FORMATS.md §4.3 / docs/protocol.md offsets (including the
 * little-endian EC encodings), round trips, the generic adversarial
 * checks.
 */
#include <string.h>

#include "sgxra/buf.h"
#include "sgxra/msg.h"
#include "sgxra/pib.h"
#include "sgxra/quote.h"
#include "sgxra/sigrl.h"
#include "test.h"

#define EPID_QUOTE "tests/data/real/epid-quotes/sbellem-sgx-iot/epid_quote.bin"

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

/* b[0..n) is a[0..n) reversed. */
static void
assert_reversed(const uint8_t *b, const uint8_t *a, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] != a[n - 1 - i]) {
			fail_msg("%s: byte %zu not reversed", what, i);
		}
	}
}

static enum ra_err
parse_msg0(const uint8_t *buf, size_t len)
{
	struct ra_msg0 m;

	return ra_msg0_parse(&m, buf, len);
}

static enum ra_err
parse_msg1(const uint8_t *buf, size_t len)
{
	struct ra_msg1 m;

	return ra_msg1_parse(&m, buf, len);
}

static enum ra_err
parse_msg01(const uint8_t *buf, size_t len)
{
	struct ra_msg01 m;

	return ra_msg01_parse(&m, buf, len);
}

static enum ra_err
parse_msg2(const uint8_t *buf, size_t len)
{
	struct ra_msg2 m;

	return ra_msg2_parse(&m, buf, len);
}

/* msg3 and the EPID quote inside: msg3 alone cannot see a truncation. */
static enum ra_err
parse_msg3_quote(const uint8_t *buf, size_t len)
{
	struct ra_msg3 m;
	struct ra_epid_quote q;
	enum ra_err err = ra_msg3_parse(&m, buf, len);

	return err != RA_OK ? err
	                    : ra_epid_quote_parse(&q, m.quote.p, m.quote.len);
}

static enum ra_err
parse_msg4(const uint8_t *buf, size_t len)
{
	struct ra_msg4 m;

	return ra_msg4_parse(&m, buf, len);
}

static enum ra_err
parse_msg4_ras(const uint8_t *buf, size_t len)
{
	struct ra_msg4_ras m;

	return ra_msg4_ras_parse(&m, buf, len);
}

static enum ra_err
parse_pib_tlv(const uint8_t *buf, size_t len)
{
	struct ra_pib p;

	return ra_pib_tlv_parse(&p, buf, len);
}

static enum ra_err
parse_pib(const uint8_t *buf, size_t len)
{
	struct ra_pib p;
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err = ra_pib_parse(&p, &c);

	return err != RA_OK ? err : ra_cur_finish(&c);
}

/* ---- msg0, msg1, msg0||msg1 ----------------------------------------- */

static void
msg01_layout(void **state)
{
	struct ra_msg01 m, back;
	uint8_t out[RA_MSG01_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	(void)state;
	memset(&m, 0, sizeof(m));
	m.msg0.extended_gid = 0x01020304;
	pattern(m.msg1.g_a.x, 32, 1);
	pattern(m.msg1.g_a.y, 32, 2);
	m.msg1.gid = 0x00000b5b;
	ra_msg01_build(&b, &m);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_MSG01_LEN);
	assert_int_equal(le32(out), 0x01020304);
	/* sgx_ec256_public_t: each coordinate little-endian */
	assert_reversed(out + 4, m.msg1.g_a.x, 32, "gx");
	assert_reversed(out + 36, m.msg1.g_a.y, 32, "gy");
	assert_int_equal(out[68], 0x5b); /* GID byte-reversed */
	assert_int_equal(le32(out + 68), 0x00000b5b);

	memset(&back, 0, sizeof(back));
	assert_ra_ok(ra_msg01_parse(&back, out, sizeof(out)));
	assert_memory_equal(&back, &m, sizeof(m));
	test_truncations(parse_msg01, out, sizeof(out));
	test_truncations(parse_msg0, out, RA_MSG0_LEN);
	test_truncations(parse_msg1, out + 4, RA_MSG1_LEN);

	/* msg1 alone is the same 68 bytes */
	assert_ra_ok(ra_msg1_parse(&back.msg1, out + 4, RA_MSG1_LEN));
	assert_memory_equal(&back.msg1, &m.msg1, sizeof(m.msg1));
	b = ra_buf_init(out, sizeof(out));
	ra_msg1_build(&b, &m.msg1);
	assert_int_equal(b.len, RA_MSG1_LEN);
	assert_reversed(out, m.msg1.g_a.x, 32, "msg1 gx");
	b = ra_buf_init(out, sizeof(out));
	ra_msg0_build(&b, &m.msg0);
	assert_int_equal(b.len, RA_MSG0_LEN);
	assert_ra_ok(ra_msg0_parse(&back.msg0, out, RA_MSG0_LEN));
	assert_int_equal(back.msg0.extended_gid, 0x01020304);
}

/* ---- msg2 ----------------------------------------------------------- */

static size_t
build_sigrl(uint8_t *out, size_t cap, uint32_t n2, uint8_t *entries)
{
	struct ra_sigrl rl;
	struct ra_buf b = ra_buf_init(out, cap);

	memset(&rl, 0, sizeof(rl));
	rl.gid = 0x00000b5b;
	rl.rl_ver = 7;
	rl.n2 = n2;
	pattern(entries, (size_t)n2 * RA_SIGRL_ENTRY_LEN, 3);
	rl.entries = (struct ra_bytes){ entries, (size_t)n2 * 128 };
	pattern(rl.sig.r, 32, 4);
	assert_ra_ok(ra_sigrl_build(&b, &rl));
	return b.len;
}

static void
fill_msg2(struct ra_msg2 *m, const uint8_t *sig_rl, size_t sig_rl_len)
{
	memset(m, 0, sizeof(*m));
	pattern(m->g_b.x, 32, 1);
	pattern(m->g_b.y, 32, 2);
	pattern(m->spid, 16, 3);
	m->quote_type = RA_QUOTE_LINKABLE;
	m->kdf_id = 1;
	pattern(m->sign_gb_ga.r, 32, 4);
	pattern(m->sign_gb_ga.s, 32, 5);
	pattern(m->mac.b, 16, 6);
	m->sig_rl = (struct ra_bytes){ sig_rl, sig_rl_len };
}

static void
msg2_layout(void **state)
{
	uint8_t entries[2 * 128], sig_rl[400], out[600];
	size_t rl_len = build_sigrl(sig_rl, sizeof(sig_rl), 2, entries);
	struct ra_msg2 m, back;
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	uint8_t want[16];

	(void)state;
	fill_msg2(&m, sig_rl, rl_len);
	assert_ra_ok(ra_msg2_build(&b, &m));
	assert_int_equal(b.len, RA_MSG2_MIN_LEN + rl_len);
	/* FORMATS.md §4.3 offsets */
	assert_reversed(out, m.g_b.x, 32, "gx");
	assert_reversed(out + 32, m.g_b.y, 32, "gy");
	pattern(want, 16, 3);
	test_assert_bytes(out + 64, want, 16, "spid");
	assert_int_equal(out[80], 1);
	assert_int_equal(out[81], 0);
	assert_int_equal(out[82], 1);
	assert_reversed(out + 84, m.sign_gb_ga.r, 32, "r");
	assert_reversed(out + 116, m.sign_gb_ga.s, 32, "s");
	test_assert_bytes(out + 148, m.mac.b, 16, "mac");
	assert_int_equal(le32(out + 164), rl_len);
	test_assert_bytes(out + 168, sig_rl, rl_len, "sig_rl");

	assert_ra_ok(ra_msg2_parse(&back, out, b.len));
	assert_memory_equal(&back.g_b, &m.g_b, sizeof(m.g_b));
	assert_memory_equal(back.spid, m.spid, 16);
	assert_int_equal(back.quote_type, m.quote_type);
	assert_int_equal(back.kdf_id, m.kdf_id);
	assert_memory_equal(&back.sign_gb_ga, &m.sign_gb_ga, 64);
	assert_memory_equal(back.mac.b, m.mac.b, 16);
	assert_ptr_equal(back.sig_rl.p, out + 168);
	assert_int_equal(back.sig_rl.len, rl_len);
	assert_ptr_equal(back.mac_data.p, out);
	assert_int_equal(back.mac_data.len, RA_MSG2_MAC_DATA_LEN);
}

static void
msg2_adversarial(void **state)
{
	uint8_t entries[128], sig_rl[300], out[600];
	size_t rl_len = build_sigrl(sig_rl, sizeof(sig_rl), 1, entries);
	struct ra_msg2 m;
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	unsigned v;

	(void)state;
	fill_msg2(&m, sig_rl, rl_len);
	assert_ra_ok(ra_msg2_build(&b, &m));
	test_truncations(parse_msg2, out, b.len);
	test_length_field(parse_msg2, out, b.len, 164);
	/* quote_type 2 is DCAP (sgxra's extension); 3 and above are not */
	out[80] = 2;
	out[81] = 0;
	assert_ra_ok(ra_msg2_parse(&m, out, b.len));
	assert_int_equal(m.quote_type, RA_QUOTE_DCAP);
	for (v = 3; v < 0x10000; v = v < 4 ? 4 : v << 1) {
		out[80] = (uint8_t)v;
		out[81] = (uint8_t)(v >> 8);
		assert_ra_err(parse_msg2(out, b.len), RA_ERR_VERSION);
	}
	out[80] = 0;
	out[81] = 0;
	assert_ra_ok(parse_msg2(out, b.len));
	/* an empty SigRL: exactly 168 bytes */
	fill_msg2(&m, NULL, 0);
	b = ra_buf_init(out, sizeof(out));
	assert_ra_ok(ra_msg2_build(&b, &m));
	assert_int_equal(b.len, RA_MSG2_MIN_LEN);
	assert_ra_ok(ra_msg2_parse(&m, out, b.len));
	assert_int_equal(m.sig_rl.len, 0);
	test_truncations(parse_msg2, out, b.len);
	m.sig_rl.len = (size_t)UINT32_MAX + 1;
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_msg2_build(&b, &m), RA_ERR_ARG);
	assert_int_equal(b.len, 0);
}

/* ---- msg3 ----------------------------------------------------------- */

static void
msg3_real_quote(void **state)
{
	size_t qlen;
	uint8_t *quote = test_load(EPID_QUOTE, &qlen);
	uint8_t *out = malloc(RA_MSG3_MIN_LEN + qlen + 1);
	struct ra_msg3 m, back;
	struct ra_buf b = ra_buf_init(out, RA_MSG3_MIN_LEN + qlen + 1);
	size_t n = RA_MSG3_MIN_LEN + qlen;

	(void)state;
	assert_non_null(out);
	memset(&m, 0, sizeof(m));
	pattern(m.mac.b, 16, 1);
	pattern(m.g_a.x, 32, 2);
	pattern(m.g_a.y, 32, 3);
	m.quote = (struct ra_bytes){ quote, qlen };
	assert_ra_ok(ra_msg3_build(&b, &m));
	assert_int_equal(b.len, n);
	test_assert_bytes(out, m.mac.b, 16, "mac");
	assert_reversed(out + 16, m.g_a.x, 32, "gx");
	assert_reversed(out + 48, m.g_a.y, 32, "gy");
	assert_true(out[80] == 0 && out[335] == 0); /* ps_sec_prop */
	test_assert_bytes(out + 336, quote, qlen, "quote");

	assert_ra_ok(ra_msg3_parse(&back, out, n));
	assert_memory_equal(back.mac.b, m.mac.b, 16);
	assert_memory_equal(&back.g_a, &m.g_a, sizeof(m.g_a));
	assert_memory_equal(back.ps_sec_prop, m.ps_sec_prop, 256);
	assert_ptr_equal(back.quote.p, out + 336);
	assert_int_equal(back.quote.len, qlen);
	assert_ptr_equal(back.mac_data.p, out + 16);
	assert_int_equal(back.mac_data.len, n - 16);

	test_truncations(parse_msg3_quote, out, n);
	test_length_field(parse_msg3_quote, out, n, 336 + 432);
	/* no quote at all */
	assert_ra_err(
	    ra_msg3_parse(&back, out, RA_MSG3_MIN_LEN), RA_ERR_FORMAT);
	m.quote.len = 0;
	b = ra_buf_init(out, n);
	assert_ra_err(ra_msg3_build(&b, &m), RA_ERR_ARG);
	free(out);
	free(quote);
}

/* ---- PIB ------------------------------------------------------------ */

static void
fill_pib(struct ra_pib *p)
{
	memset(p, 0, sizeof(*p));
	p->epid_group_flags = RA_PIB_GROUP_OUT_OF_DATE;
	p->tcb_evaluation_flags = 0x0102;
	p->pse_evaluation_flags = 0x0304;
	pattern(p->latest_psvn, 18, 1);
	pattern(p->latest_pse_isvsvn, 2, 2);
	pattern(p->latest_psda_svn, 4, 3);
	pattern(p->xeid, 4, 4);
	pattern(p->gid, 4, 5);
	pattern(p->signature.r, 32, 6);
	pattern(p->signature.s, 32, 7);
}

/* The TLV size (u16 BE at 2) set to 0, 100, 102, 0x165, 0xffff. */
static void
pib_sizes(uint8_t *tlv, size_t len)
{
	static const uint16_t sizes[] = { 0, 0x64, 0x66, 0x165, 0xffff };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		tlv[2] = (uint8_t)(sizes[i] >> 8);
		tlv[3] = (uint8_t)sizes[i];
		assert_ra_err(parse_pib_tlv(tlv, len), RA_ERR_FORMAT);
	}
	tlv[2] = 0;
	tlv[3] = RA_PIB_LEN;
	assert_ra_ok(parse_pib_tlv(tlv, len));
}

static void
pib_layout(void **state)
{
	struct ra_pib p, back;
	uint8_t out[RA_PIB_TLV_LEN], want[32];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	(void)state;
	fill_pib(&p);
	ra_pib_tlv_build(&b, &p);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_PIB_TLV_LEN);
	/* FORMATS.md §3.4: 15 02 00 65, then the payload */
	assert_int_equal(out[0], 0x15);
	assert_int_equal(out[1], 0x02);
	assert_int_equal(out[2], 0x00);
	assert_int_equal(out[3], 0x65);
	assert_int_equal(out[4 + 0], 0x04);
	assert_int_equal(out[4 + 1], 0x01); /* big-endian flags */
	assert_int_equal(out[4 + 2], 0x02);
	assert_int_equal(out[4 + 3], 0x03);
	assert_int_equal(out[4 + 4], 0x04);
	pattern(want, 18, 1);
	test_assert_bytes(out + 4 + 5, want, 18, "psvn");
	pattern(want, 4, 5);
	test_assert_bytes(out + 4 + 33, want, 4, "gid");
	test_assert_bytes(out + 4 + 37, p.signature.r, 32, "r");
	test_assert_bytes(out + 4 + 69, p.signature.s, 32, "s");

	memset(&back, 0, sizeof(back));
	assert_ra_ok(ra_pib_tlv_parse(&back, out, sizeof(out)));
	assert_memory_equal(&back, &p, sizeof(p));
	test_truncations(parse_pib_tlv, out, sizeof(out));
	test_truncations(parse_pib, out + 4, RA_PIB_LEN);

	out[0] = 0x16;
	assert_ra_err(parse_pib_tlv(out, sizeof(out)), RA_ERR_VERSION);
	out[0] = 0x15;
	out[1] = 0x01;
	assert_ra_err(parse_pib_tlv(out, sizeof(out)), RA_ERR_VERSION);
	out[1] = 0x02;
	pib_sizes(out, sizeof(out));
}

/* ---- msg4 ----------------------------------------------------------- */

static void
fill_msg4(struct ra_msg4 *m, const uint8_t *secret, size_t secret_len)
{
	memset(m, 0, sizeof(*m));
	m->status = RA_ATT_TRUSTED;
	fill_pib(&m->pib);
	pattern(m->mac.b, 16, 8);
	pattern(m->tag.b, 16, 9);
	m->secret = (struct ra_bytes){ secret, secret_len };
}

static void
msg4_layout(void **state)
{
	uint8_t secret[40], out[300], pib[RA_PIB_LEN];
	struct ra_msg4 m, back;
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	size_t i;

	(void)state;
	pattern(secret, sizeof(secret), 10);
	fill_msg4(&m, secret, sizeof(secret));
	assert_ra_ok(ra_msg4_build(&b, &m));
	assert_int_equal(b.len, RA_MSG4_MIN_LEN + sizeof(secret));
	/* docs/protocol.md msg4 offsets */
	assert_int_equal(le32(out), 3);
	{
		struct ra_buf pb = ra_buf_init(pib, sizeof(pib));

		ra_pib_build(&pb, &m.pib);
		assert_ra_ok(ra_buf_finish(&pb));
	}
	test_assert_bytes(out + 4, pib, RA_PIB_LEN, "pib");
	test_assert_bytes(out + 105, m.mac.b, 16, "mac");
	assert_int_equal(le32(out + 121), sizeof(secret));
	for (i = 125; i < 137; i++) {
		assert_int_equal(out[i], 0);
	}
	test_assert_bytes(out + 137, m.tag.b, 16, "tag");
	test_assert_bytes(out + 153, secret, sizeof(secret), "secret");

	memset(&back, 0, sizeof(back)); /* padding, for memory compares */
	assert_ra_ok(ra_msg4_parse(&back, out, b.len));
	assert_int_equal(back.status, m.status);
	assert_memory_equal(&back.pib, &m.pib, sizeof(m.pib));
	assert_memory_equal(back.mac.b, m.mac.b, 16);
	assert_memory_equal(back.tag.b, m.tag.b, 16);
	assert_ptr_equal(back.secret.p, out + 153);
	assert_int_equal(back.secret.len, sizeof(secret));
	assert_ptr_equal(back.mac_data.p, out);
	assert_int_equal(back.mac_data.len, RA_MSG4_MAC_DATA_LEN);
}

static void
msg4_adversarial(void **state)
{
	uint8_t secret[16], out[300];
	struct ra_msg4 m;
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	size_t i, n;
	uint32_t st;

	(void)state;
	pattern(secret, sizeof(secret), 1);
	fill_msg4(&m, secret, sizeof(secret));
	assert_ra_ok(ra_msg4_build(&b, &m));
	n = b.len;
	test_truncations(parse_msg4, out, n);
	test_length_field(parse_msg4, out, n, 121);
	for (i = 125; i < 137; i++) {
		out[i] = 0x80;
		assert_ra_err(parse_msg4(out, n), RA_ERR_FORMAT);
		out[i] = 0;
	}
	for (st = 0; st < 8; st++) {
		out[0] = (uint8_t)st;
		assert_ra_err(
		    parse_msg4(out, n), st <= 3 ? RA_OK : RA_ERR_VERSION);
	}
	out[0] = 3;
	out[3] = 0x80;
	assert_ra_err(parse_msg4(out, n), RA_ERR_VERSION);
	out[3] = 0;
	/* not trusted: no secret, 153 bytes */
	fill_msg4(&m, NULL, 0);
	m.status = RA_ATT_NOT_TRUSTED;
	memset(&m.pib, 0, sizeof(m.pib));
	b = ra_buf_init(out, sizeof(out));
	assert_ra_ok(ra_msg4_build(&b, &m));
	assert_int_equal(b.len, RA_MSG4_MIN_LEN);
	test_truncations(parse_msg4, out, b.len);
	m.secret.len = (size_t)UINT32_MAX + 1;
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_msg4_build(&b, &m), RA_ERR_ARG);
	assert_int_equal(b.len, 0);
}

static void
msg4_ras(void **state)
{
	struct ra_msg4_ras m, back;
	uint8_t out[RA_MSG4_RAS_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	(void)state;
	memset(&m, 0, sizeof(m));
	m.status = RA_ATT_TRUSTED_COMPLICATED;
	fill_pib(&m.pib);
	ra_msg4_ras_build(&b, &m);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, RA_MSG4_RAS_LEN);
	assert_int_equal(le32(out), 2);
	assert_int_equal(out[4], RA_PIB_GROUP_OUT_OF_DATE);
	memset(&back, 0, sizeof(back));
	assert_ra_ok(ra_msg4_ras_parse(&back, out, sizeof(out)));
	assert_memory_equal(&back, &m, sizeof(m));
	test_truncations(parse_msg4_ras, out, sizeof(out));
	out[0] = 4;
	assert_ra_err(parse_msg4_ras(out, sizeof(out)), RA_ERR_VERSION);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(msg01_layout),
	cmocka_unit_test(msg2_layout),
	cmocka_unit_test(msg2_adversarial),
	cmocka_unit_test(msg3_real_quote),
	cmocka_unit_test(pib_layout),
	cmocka_unit_test(msg4_layout),
	cmocka_unit_test(msg4_adversarial),
	cmocka_unit_test(msg4_ras),
};

TEST_MAIN(tests)
