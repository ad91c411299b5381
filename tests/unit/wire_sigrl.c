/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wire/: the SGX/IAS SigRL (FORMATS.md §5.7). Layout known answers, round
 * trips, bounds of the entry accessor, and the count/length checks with
 * big-endian n2 values chosen to overflow careless arithmetic.
 */
#include <string.h>

#include "sgxra/buf.h"
#include "sgxra/sigrl.h"
#include "test.h"

static void
pattern(void *p, size_t n, unsigned seed)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		b[i] = (uint8_t)((size_t)seed * 16 + i * 7 + 1);
	}
}

static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

static void
put_be32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static enum ra_err
parse_sigrl(const uint8_t *buf, size_t len)
{
	struct ra_sigrl rl;

	return ra_sigrl_parse(&rl, buf, len);
}

static void
fill(struct ra_sigrl *rl, uint32_t n2, uint8_t *entries)
{
	memset(rl, 0, sizeof(*rl));
	rl->gid = 0x00000b5b;
	rl->rl_ver = 0x01020304;
	rl->n2 = n2;
	pattern(entries, (size_t)n2 * RA_SIGRL_ENTRY_LEN, 1);
	rl->entries = (struct ra_bytes){ entries, (size_t)n2 * 128 };
	pattern(rl->sig.r, 32, 2);
	pattern(rl->sig.s, 32, 3);
}

static void
sigrl_layout(void **state)
{
	uint8_t entries[3 * 128], out[16 + 3 * 128 + 64 + 1];
	struct ra_sigrl rl, back;
	struct ra_sigrl_entry e;
	struct ra_buf b;
	uint32_t n2, i;

	(void)state;
	for (n2 = 0; n2 <= 3; n2++) {
		size_t n = RA_SIGRL_MIN_LEN + (size_t)n2 * 128;

		fill(&rl, n2, entries);
		b = ra_buf_init(out, sizeof(out));
		assert_ra_ok(ra_sigrl_build(&b, &rl));
		assert_int_equal(b.len, n);
		/* FORMATS.md §5.7: 00 02 00 0E, then big-endian fields */
		assert_int_equal(out[0], 0x00);
		assert_int_equal(out[1], 0x02);
		assert_int_equal(out[2], 0x00);
		assert_int_equal(out[3], 0x0e);
		assert_int_equal(be32(out + 4), 0x00000b5b);
		assert_int_equal(be32(out + 8), 0x01020304);
		assert_int_equal(be32(out + 12), n2);
		test_assert_bytes(
		    out + 16, entries, (size_t)n2 * 128, "entries");
		test_assert_bytes(out + n - 64, rl.sig.r, 32, "r");
		test_assert_bytes(out + n - 32, rl.sig.s, 32, "s");

		assert_ra_ok(ra_sigrl_parse(&back, out, n));
		assert_int_equal(back.gid, rl.gid);
		assert_int_equal(back.rl_ver, rl.rl_ver);
		assert_int_equal(back.n2, n2);
		assert_int_equal(back.entries.len, (size_t)n2 * 128);
		assert_ptr_equal(back.signed_data.p, out);
		assert_int_equal(back.signed_data.len, n - 64);
		assert_memory_equal(&back.sig, &rl.sig, sizeof(rl.sig));
		for (i = 0; i < n2; i++) {
			assert_ra_ok(ra_sigrl_entry_parse(&e, &back, i));
			assert_memory_equal(e.b, entries + (size_t)i * 128, 64);
			assert_memory_equal(
			    e.k, entries + (size_t)i * 128 + 64, 64);
		}
		assert_ra_err(ra_sigrl_entry_parse(&e, &back, n2), RA_ERR_ARG);
		assert_ra_err(
		    ra_sigrl_entry_parse(&e, &back, UINT32_MAX), RA_ERR_ARG);

		/* the signed part is everything but the signature */
		b = ra_buf_init(out + 0, n - 64);
		assert_ra_ok(ra_sigrl_build_signed(&b, &rl));
		assert_int_equal(b.len, n - 64);
		test_truncations(parse_sigrl, out, n);
	}
}

static void
sigrl_counts(void **state)
{
	static const uint32_t lies[] = { 0, 1, 3, 4, 0x01000000, 0x02000000,
		0x7fffffff, 0x80000000, 0xfffffffe, UINT32_MAX };
	uint8_t entries[2 * 128], out[16 + 2 * 128 + 64];
	struct ra_sigrl rl;
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	size_t i;

	(void)state;
	fill(&rl, 2, entries);
	assert_ra_ok(ra_sigrl_build(&b, &rl));
	for (i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		put_be32(out + 12, lies[i]);
		assert_ra_err(parse_sigrl(out, sizeof(out)), RA_ERR_FORMAT);
	}
	put_be32(out + 12, 2);
	assert_ra_ok(parse_sigrl(out, sizeof(out)));

	/* a struct whose view disagrees with n2 is refused, not trusted */
	rl.n2 = 3;
	b = ra_buf_init(out, sizeof(out));
	assert_ra_err(ra_sigrl_build(&b, &rl), RA_ERR_ARG);
	assert_int_equal(b.len, 0);
	assert_ra_err(ra_sigrl_build_signed(&b, &rl), RA_ERR_ARG);
	{
		struct ra_sigrl_entry e;

		assert_ra_err(ra_sigrl_entry_parse(&e, &rl, 2), RA_ERR_ARG);
	}
}

static void
sigrl_header(void **state)
{
	uint8_t entries[128], out[16 + 128 + 64];
	struct ra_sigrl rl;
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	size_t i, len;
	uint8_t *sdk;

	(void)state;
	fill(&rl, 1, entries);
	assert_ra_ok(ra_sigrl_build(&b, &rl));
	for (i = 0; i < 4; i++) {
		out[i] ^= 0x01;
		assert_ra_err(parse_sigrl(out, sizeof(out)), RA_ERR_VERSION);
		out[i] ^= 0x01;
	}
	/*
	 * The standalone EPID SDK writes 02 00 00 0E and a 16-byte GID
	 * (FORMATS.md §7.9): not the SGX form.
	 */
	sdk = test_load(
	    "tests/data/real/epid/intel-epid-sdk/example-data/groupa/sigrl.bin",
	    &len);
	assert_ra_err(parse_sigrl(sdk, len), RA_ERR_VERSION);
	free(sdk);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(sigrl_layout),
	cmocka_unit_test(sigrl_counts),
	cmocka_unit_test(sigrl_header),
};

TEST_MAIN(tests)
