/* SPDX-License-Identifier: BSD-3-Clause */
/* util/: hex and base64 (RFC 4648 vectors and strictness), ct, errors. */
#include <string.h>

#include <openssl/evp.h>

#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/random.h"
#include "test.h"

/* RFC 4648 §10 test vectors. */
static const char *const rfc4648[][2] = {
	{ "", "" },
	{ "f", "Zg==" },
	{ "fo", "Zm8=" },
	{ "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" },
	{ "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

static void
base64_rfc4648(void **state)
{
	char out[32];
	uint8_t bin[32];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++) {
		const char *plain = rfc4648[i][0], *enc = rfc4648[i][1];

		assert_ra_ok(ra_base64_encode(
		    out, sizeof(out), (const uint8_t *)plain, strlen(plain)));
		assert_string_equal(out, enc);
		assert_ra_ok(
		    ra_base64_decode(bin, sizeof(bin), &n, enc, strlen(enc)));
		assert_int_equal(n, strlen(plain));
		assert_memory_equal(bin, plain, n);
	}
}

/* Every byte value, every length, against OpenSSL's EVP_EncodeBlock. */
static void
base64_differential(void **state)
{
	uint8_t in[256], back[256];
	char ours[400];
	unsigned char theirs[400];
	size_t len, n;

	(void)state;
	for (len = 0; len < sizeof(in); len++) {
		in[len] = (uint8_t)(len * 37 + 11);
	}
	for (len = 0; len <= sizeof(in); len++) {
		int tl = EVP_EncodeBlock(theirs, in, (int)len);

		assert_ra_ok(ra_base64_encode(ours, sizeof(ours), in, len));
		assert_int_equal(strlen(ours), (size_t)tl);
		assert_memory_equal(ours, theirs, (size_t)tl);
		assert_ra_ok(ra_base64_decode(
		    back, sizeof(back), &n, ours, strlen(ours)));
		assert_int_equal(n, len);
		assert_memory_equal(back, in, len);
	}
}

static void
base64_strict(void **state)
{
	static const char *const bad[] = {
		"Zg=",      /* not a multiple of 4 */
		"Zg",       /* unpadded */
		"Zh==",     /* non-zero trailing bits */
		"Zm9=",     /* non-zero trailing bits */
		"Z===",     /* three pads */
		"====",     /* only pads */
		"Zm=v",     /* pad inside */
		"Zg==Zg==", /* pad before the end */
		"Zm9v\n",   /* whitespace */
		"Zm 9",     /* space */
		"Zm9-",     /* URL alphabet */
		"Zm9_",     /* URL alphabet */
		"Zm\x80v",  /* high byte */
	};
	uint8_t out[16];
	size_t i, n = 99;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum ra_err e = ra_base64_decode(
		    out, sizeof(out), &n, bad[i], strlen(bad[i]));

		if (e != RA_ERR_FORMAT) {
			fail_msg("\"%s\" decoded (%s)", bad[i], ra_errname(e));
		}
		assert_int_equal(n, 0);
	}
	assert_ra_err(ra_base64_decode(out, 2, &n, "Zm9v", 4), RA_ERR_SPACE);
	assert_ra_err(ra_base64_encode((char *)out, 4, (const uint8_t *)"f", 1),
	    RA_ERR_SPACE);
}

static void
hex(void **state)
{
	static const uint8_t b[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char out[13];
	uint8_t back[6];
	size_t n;
	unsigned int c;

	(void)state;
	assert_ra_ok(ra_hex_encode(out, sizeof(out), b, sizeof(b)));
	assert_string_equal(out, "00017f80abff");
	assert_ra_ok(ra_hex_decode(back, sizeof(back), &n, "00017F80ABff", 12));
	assert_int_equal(n, 6);
	assert_memory_equal(back, b, 6);
	assert_ra_ok(ra_hex_decode_exact(back, 6, out, 12));
	assert_ra_err(ra_hex_decode_exact(back, 6, out, 10), RA_ERR_FORMAT);
	assert_ra_err(ra_hex_decode(back, 6, &n, "0", 1), RA_ERR_FORMAT);
	assert_ra_err(ra_hex_decode(back, 2, &n, "000000", 6), RA_ERR_SPACE);
	assert_ra_err(ra_hex_encode(out, 12, b, 6), RA_ERR_SPACE);
	/* every non-hex character is refused, every hex one accepted */
	for (c = 0; c < 256; c++) {
		/* in[2] terminates the string for strtoul; decoded: 2 bytes */
		char in[3] = { '0', (char)c, 0 };
		bool is_hex = (c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

		assert_int_equal(
		    ra_hex_decode(back, 1, &n, in, 2) == RA_OK, is_hex);
		if (is_hex) {
			assert_int_equal(back[0], strtoul(in, NULL, 16));
		}
	}
	assert_ra_ok(ra_hex_decode(back, 0, &n, "", 0));
	assert_int_equal(n, 0);
}

static void
ct(void **state)
{
	uint8_t a[33], b[33];
	size_t i;

	(void)state;
	memset(a, 0x42, sizeof(a));
	memset(b, 0x42, sizeof(b));
	assert_true(ra_ct_eq(a, b, sizeof(a)));
	assert_true(ra_ct_eq(a, b, 0));
	for (i = 0; i < sizeof(a) * 8; i++) {
		b[i / 8] ^= (uint8_t)(1U << (i % 8));
		assert_false(ra_ct_eq(a, b, sizeof(a)));
		b[i / 8] ^= (uint8_t)(1U << (i % 8));
	}
	memset(a, 0, sizeof(a));
	assert_true(ra_ct_is_zero(a, sizeof(a)));
	a[32] = 0x80;
	assert_false(ra_ct_is_zero(a, sizeof(a)));
	RA_WIPE(a);
	assert_true(ra_ct_is_zero(a, sizeof(a)));
}

static enum ra_err
failing_rng(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0xaa, len);
	return RA_ERR_RNG;
}

static void
random_sources(void **state)
{
	uint8_t x[64], y[64];
	struct ra_rng bad = { failing_rng, NULL };
	struct ra_rng sys = ra_rng_system();

	(void)state;
	assert_ra_ok(ra_random(x, sizeof(x)));
	assert_ra_ok(ra_rng_fill(&sys, y, sizeof(y)));
	assert_memory_not_equal(x, y, sizeof(x));
	/* a failing source leaves nothing behind */
	assert_ra_err(ra_rng_fill(&bad, x, sizeof(x)), RA_ERR_RNG);
	assert_true(ra_ct_is_zero(x, sizeof(x)));
	assert_ra_err(ra_random(NULL, 1), RA_ERR_ARG);
}

static void
errors(void **state)
{
	(void)state;
	assert_string_equal(ra_errname(RA_ERR_FORMAT), "RA_ERR_FORMAT");
	assert_string_equal(ra_strerror(RA_OK), "success");
	assert_string_equal(ra_strerror((enum ra_err)12345), "unknown error");
	assert_string_equal(ra_errname((enum ra_err)12345), "RA_ERR_?");
	assert_non_null(strstr(ra_strerror(RA_ERR_AUTH), "authentication"));
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(base64_rfc4648),
	cmocka_unit_test(base64_differential),
	cmocka_unit_test(base64_strict),
	cmocka_unit_test(hex),
	cmocka_unit_test(ct),
	cmocka_unit_test(random_sources),
	cmocka_unit_test(errors),
};

TEST_MAIN(tests)
