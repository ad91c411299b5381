/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "test.h"

/*
 * The cursor's invariants, checked exhaustively on a small buffer in place
 * of a proof: for every prefix length l of the buffer and every request
 * n in 0..l+1, a take either consumes exactly n bytes and returns the
 * right pointer, or consumes nothing, returns NULL and fails the cursor;
 * and once failed, every later read fails and yields zeros.
 */
static void
exhaustive_take(void **state)
{
	uint8_t buf[24];
	size_t l, n, m;

	(void)state;
	for (l = 0; l < sizeof(buf); l++) {
		buf[l] = (uint8_t)(0xa0 + l);
	}
	for (l = 0; l <= sizeof(buf); l++) {
		for (n = 0; n <= l + 1; n++) {
			struct ra_cur c = ra_cur_init(l == 0 ? NULL : buf, l);
			const uint8_t *p = ra_cur_take(&c, n);

			if (n <= l) {
				assert_true(ra_cur_ok(&c));
				assert_true(l == 0 || p == buf);
				assert_int_equal(ra_cur_left(&c), l - n);
				assert_int_equal(
				    ra_cur_finish(&c) == RA_OK, n == l);
			} else {
				assert_null(p);
				assert_false(ra_cur_ok(&c));
				/* nothing consumed */
				assert_int_equal(ra_cur_left(&c), l);
				assert_ra_err(ra_cur_finish(&c), RA_ERR_FORMAT);
				/* sticky: even a zero-length read now fails */
				for (m = 0; m <= l; m++) {
					assert_null(ra_cur_take(&c, m));
				}
				assert_int_equal(ra_cur_u8(&c), 0);
				assert_int_equal(ra_cur_u32le(&c), 0);
				assert_int_equal(ra_cur_u64le(&c), 0);
				assert_false(ra_cur_ok(&c));
			}
		}
	}
}

/* Two consecutive takes: the second sees exactly what the first left. */
static void
exhaustive_pairs(void **state)
{
	uint8_t buf[12];
	size_t l, a, b;

	(void)state;
	memset(buf, 0x5a, sizeof(buf));
	for (l = 0; l <= sizeof(buf); l++) {
		for (a = 0; a <= l + 1; a++) {
			for (b = 0; b <= l + 1; b++) {
				struct ra_cur c = ra_cur_init(buf, l);
				const uint8_t *p1 = ra_cur_take(&c, a);
				const uint8_t *p2 = ra_cur_take(&c, b);
				bool ok = a + b <= l;

				assert_int_equal(ra_cur_ok(&c), ok);
				if (ok) {
					assert_ptr_equal(p1, buf);
					assert_ptr_equal(p2, buf + a);
					assert_int_equal(
					    ra_cur_left(&c), l - a - b);
				} else {
					assert_null(p2);
				}
			}
		}
	}
}

static void
null_input(void **state)
{
	struct ra_cur c = ra_cur_init(NULL, 0);
	struct ra_cur bad = ra_cur_init(NULL, 5);

	(void)state;
	assert_true(ra_cur_ok(&c));
	assert_ra_ok(ra_cur_finish(&c));
	assert_non_null(ra_cur_take(&c, 0));
	assert_false(ra_cur_ok(&bad));
	assert_ra_err(ra_cur_finish(&bad), RA_ERR_FORMAT);
}

static void
integers(void **state)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99,
		0xaa, 0xbb };
	struct ra_cur c = ra_cur_init(b, sizeof(b));

	(void)state;
	assert_int_equal(ra_cur_u64le(&c), 0x0807060504030201ULL);
	assert_int_equal(ra_cur_u32le(&c), 0x44332211U);
	assert_int_equal(ra_cur_u32be(&c), 0x55667788U);
	assert_int_equal(ra_cur_u16le(&c), 0xaa99);
	assert_int_equal(ra_cur_u8(&c), 0xbb);
	assert_ra_ok(ra_cur_finish(&c));

	c = ra_cur_init(b, 9);
	assert_int_equal(ra_cur_u64be(&c), 0x0102030405060708ULL);
	assert_int_equal(ra_cur_u64be(&c), 0); /* does not fit */
	assert_ra_err(ra_cur_finish(&c), RA_ERR_FORMAT);

	c = ra_cur_init(b, 3);
	assert_int_equal(ra_cur_u16be(&c), 0x0102);
	assert_int_equal(ra_cur_u32le(&c), 0); /* does not fit */
	assert_int_equal(ra_cur_left(&c), 1);
	assert_ra_err(ra_cur_finish(&c), RA_ERR_FORMAT);
}

static void
sub_cursor(void **state)
{
	static const uint8_t b[] = { 1, 2, 3, 4, 5, 6 };
	struct ra_cur c = ra_cur_init(b, sizeof(b));
	struct ra_cur s = ra_cur_sub(&c, 4);

	(void)state;
	assert_int_equal(ra_cur_u8(&s), 1);
	assert_ra_err(ra_cur_finish(&s), RA_ERR_FORMAT); /* 3 bytes left */
	ra_cur_skip(&s, 3);
	assert_ra_ok(ra_cur_finish(&s));
	/* a sub-cursor that lies about its length fails both */
	s = ra_cur_sub(&c, 3);
	assert_false(ra_cur_ok(&s));
	assert_false(ra_cur_ok(&c));
	assert_int_equal(ra_cur_left(&s), 0);
	assert_int_equal(ra_cur_u8(&s), 0);
}

static void
copies(void **state)
{
	static const uint8_t b[] = { 1, 2, 3, 4, 0, 0 };
	uint8_t out[4];
	struct ra_cur c = ra_cur_init(b, sizeof(b));
	struct ra_bytes v;

	(void)state;
	ra_cur_copy_reversed(&c, out, 4);
	assert_int_equal(out[0], 4);
	assert_int_equal(out[3], 1);
	ra_cur_zero(&c, 2);
	assert_ra_ok(ra_cur_finish(&c));

	c = ra_cur_init(b, sizeof(b));
	ra_cur_zero(&c, 1); /* b[0] = 1: not zero */
	assert_false(ra_cur_ok(&c));

	c = ra_cur_init(b, sizeof(b));
	memset(out, 0xff, sizeof(out));
	ra_cur_skip(&c, 3);
	RA_CUR_COPY(&c, out); /* only 3 left */
	assert_true(out[0] == 0 && out[3] == 0);

	c = ra_cur_init(b, sizeof(b));
	ra_cur_skip(&c, 2);
	v = ra_cur_rest(&c);
	assert_int_equal(v.len, 4);
	assert_ptr_equal(v.p, b + 2);
	assert_ra_ok(ra_cur_finish(&c));
	v = ra_cur_bytes(&c, 1);
	assert_null(v.p);
	assert_int_equal(v.len, 0);
}

/* The writer: sticky overflow, nothing written past cap. */
static void
writer(void **state)
{
	uint8_t out[16];
	struct ra_buf b;
	size_t cap, n;

	(void)state;
	b = ra_buf_init(out, sizeof(out));
	ra_buf_u16le(&b, 0x0201);
	ra_buf_u32be(&b, 0x03040506);
	ra_buf_u64le(&b, 0x0e0d0c0b0a090807ULL);
	ra_buf_u8(&b, 0x0f);
	ra_buf_put_reversed(&b, "\x11", 1);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, 16);
	for (n = 0; n < 16; n++) {
		assert_int_equal(out[n], n + 1 == 16 ? 0x11 : n + 1);
	}
	ra_buf_u8(&b, 0);
	assert_ra_err(ra_buf_finish(&b), RA_ERR_SPACE);
	assert_int_equal(b.len, 16);
	b = ra_buf_init(out, 8);
	ra_buf_u64be(&b, 0x0102030405060708ULL);
	assert_ra_ok(ra_buf_finish(&b));
	for (n = 0; n < 8; n++) {
		assert_int_equal(out[n], n + 1);
	}
	ra_buf_u64be(&b, 1);
	assert_ra_err(ra_buf_finish(&b), RA_ERR_SPACE);

	/* every capacity below what is needed fails, and writes in bounds */
	for (cap = 0; cap < 10; cap++) {
		memset(out, 0xee, sizeof(out));
		b = ra_buf_init(out, cap);
		ra_buf_u32le(&b, 0x01020304);
		ra_buf_zero(&b, 2);
		ra_buf_u32be(&b, 0x01020304);
		assert_int_equal(ra_buf_finish(&b) == RA_OK, cap >= 10);
		for (n = cap; n < sizeof(out); n++) {
			assert_int_equal(out[n], 0xee);
		}
	}
	b = ra_buf_init(NULL, 0);
	ra_buf_put(&b, "", 0);
	assert_ra_ok(ra_buf_finish(&b));
	assert_null(ra_buf_reserve(&b, 1));
	assert_ra_err(ra_buf_finish(&b), RA_ERR_SPACE);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(exhaustive_take),
	cmocka_unit_test(exhaustive_pairs),
	cmocka_unit_test(null_input),
	cmocka_unit_test(integers),
	cmocka_unit_test(sub_cursor),
	cmocka_unit_test(copies),
	cmocka_unit_test(writer),
};

TEST_MAIN(tests)
