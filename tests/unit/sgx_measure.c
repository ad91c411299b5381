/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MRENCLAVE: the Fortanix test enclave's SGXS stream gives the MRENCLAVE
 * of its SIGSTRUCT (real data), the transcript builder matches a
 * hand-assembled transcript, and non-canonical streams are refused.
 */
#include <string.h>

#include "sgxra/measure.h"
#include "test.h"

#define FTX "tests/data/real/enclave/fortanix-test-enclave/"

static void
fortanix_sgxs(void **state)
{
	size_t len, sl;
	uint8_t *s = test_load(FTX "test_enclave.sgxs", &len);
	uint8_t *sig = test_load(FTX "test_enclave.sig", &sl);
	struct ra_hash256 mr, file;
	struct ra_sgxs_info info;

	(void)state;
	assert_ra_ok(ra_measure_sgxs(&mr, &info, s, len));
	test_unhex_into(file.b, 32,
	    "784acfd7d5096a8f0fbd3265760bff21b120f624"
	    "07a9a9e5ba31aa3c8ed198fc");
	test_assert_bytes(mr.b, file.b, 32, "MRENCLAVE from expected.json");
	/* and equal to ENCLAVEHASH in the SIGSTRUCT (offset 960) */
	assert_int_equal(sl, 1808);
	test_assert_bytes(mr.b, sig + 960, 32, "SIGSTRUCT ENCLAVEHASH");
	/* an SGXS without UNMEASRD records is the transcript itself */
	ra_sha256(&file, s, len);
	test_assert_bytes(mr.b, file.b, 32, "SHA-256 of the file");
	assert_int_equal(info.size, 0x40000);
	assert_int_equal(info.ssa_frame_size, 1);
	assert_true(info.pages > 0 && info.measured_chunks > 0);
	free(s);
	free(sig);
}

/* Copy of the stream with the record at index i (64-byte units) edited. */
static uint8_t *
edited(const uint8_t *s, size_t len, size_t off, const void *bytes, size_t n)
{
	uint8_t *c = malloc(len);

	assert_non_null(c);
	memcpy(c, s, len);
	memcpy(c + off, bytes, n);
	return c;
}

static void
non_canonical(void **state)
{
	size_t len;
	uint8_t *s = test_load(FTX "test_enclave.sgxs", &len);
	struct ra_hash256 mr;
	uint8_t *c;
	static const uint8_t tcs_rw[8] = { 0x03, 0x01 }; /* TCS with R|W */
	static const uint8_t bogus[8] = { 'B', 'O', 'G', 'U', 'S' };
	static const uint8_t ecreate[8] = { 'E', 'C', 'R', 'E', 'A', 'T', 'E' };
	static const uint8_t unsized[8] = { 'U', 'N', 'S', 'I', 'Z', 'E', 'D' };
	uint8_t off[8];

	(void)state;
	/* the record at 64 is the first EADD; 128 its first EEXTEND */
	assert_memory_equal(s + 64, "EADD", 4);
	assert_memory_equal(s + 128, "EEXTEND", 7);
	/* truncated inside a record */
	assert_ra_err(ra_measure_sgxs(&mr, NULL, s, len - 1), RA_ERR_FORMAT);
	assert_ra_err(ra_measure_sgxs(&mr, NULL, s, 63), RA_ERR_FORMAT);
	assert_ra_err(
	    ra_measure_sgxs(&mr, NULL, s, 64 + 64 + 100), RA_ERR_FORMAT);
	/* nothing, or no ECREATE */
	assert_ra_err(ra_measure_sgxs(&mr, NULL, NULL, 0), RA_ERR_FORMAT);
	assert_ra_err(
	    ra_measure_sgxs(&mr, NULL, s + 64, len - 64), RA_ERR_FORMAT);
	/* unknown tag */
	c = edited(s, len, 64, bogus, sizeof(bogus));
	assert_ra_err(ra_measure_sgxs(&mr, NULL, c, len), RA_ERR_VERSION);
	free(c);
	/* a second ECREATE in place of the first EADD */
	c = edited(s, len, 64, ecreate, sizeof(ecreate));
	assert_ra_err(ra_measure_sgxs(&mr, NULL, c, len), RA_ERR_FORMAT);
	free(c);
	/* UNSIZED cannot be measured */
	c = edited(s, len, 0, unsized, sizeof(unsized));
	assert_ra_err(ra_measure_sgxs(&mr, NULL, c, len), RA_ERR_FORMAT);
	free(c);
	/* EEXTEND outside its page (offset + 4096) */
	memcpy(off, s + 128 + 8, 8);
	off[1] = (uint8_t)(off[1] + 0x10);
	c = edited(s, len, 128 + 8, off, sizeof(off));
	assert_ra_err(ra_measure_sgxs(&mr, NULL, c, len), RA_ERR_FORMAT);
	free(c);
	/* the same chunk twice: second EEXTEND gets the first's offset */
	memcpy(off, s + 128 + 8, 8);
	c = edited(s, len, 128 + 320 + 8, off, sizeof(off));
	assert_ra_err(ra_measure_sgxs(&mr, NULL, c, len), RA_ERR_FORMAT);
	free(c);
	/* a TCS page with R|W */
	c = edited(s, len, 64 + 16, tcs_rw, sizeof(tcs_rw));
	assert_ra_err(ra_measure_sgxs(&mr, NULL, c, len), RA_ERR_FORMAT);
	free(c);
	/* a non-zero reserved byte in the ECREATE record */
	c = edited(s, len, 40, "\x01", 1);
	assert_ra_err(ra_measure_sgxs(&mr, NULL, c, len), RA_ERR_FORMAT);
	free(c);
	free(s);
}

/* The builder against a transcript assembled byte by byte here. */
static void
builder(void **state)
{
	uint8_t page[RA_PAGE_LEN], t[64 + 64 + 16 * 320 + 64];
	struct ra_secinfo rx = { RA_SECINFO_R | RA_SECINFO_X, RA_PT_REG };
	struct ra_secinfo tcs = { 0, RA_PT_TCS };
	struct ra_measure m;
	struct ra_hash256 got, want;
	size_t o = 0, i;

	(void)state;
	for (i = 0; i < sizeof(page); i++) {
		page[i] = (uint8_t)(i * 13);
	}
	memset(t, 0, sizeof(t));
	memcpy(t, "ECREATE", 8); /* the 8-byte tag, NUL-padded */
	t[8] = 2;                /* SSAFRAMESIZE 2 */
	t[12 + 2] = 0x02;        /* SIZE 0x20000 */
	o = 64;
	memcpy(t + o, "EADD\0\0\0", 8);
	t[o + 8 + 1] = 0x10; /* offset 0x1000 */
	t[o + 16] = 0x05;    /* R|X */
	t[o + 17] = 0x02;    /* PT_REG */
	o += 64;
	for (i = 0; i < 16; i++) {
		uint64_t off = 0x1000 + i * 256;

		memcpy(t + o, "EEXTEND", 8);
		t[o + 8] = (uint8_t)off;
		t[o + 9] = (uint8_t)(off >> 8);
		memcpy(t + o + 64, page + i * 256, 256);
		o += 320;
	}
	memcpy(t + o, "EADD\0\0\0", 8);
	t[o + 8 + 1] = 0x20; /* offset 0x2000 */
	t[o + 17] = 0x01;    /* PT_TCS, no permissions */
	o += 64;
	assert_int_equal(o, sizeof(t));
	ra_sha256(&want, t, sizeof(t));

	ra_measure_ecreate(&m, 2, 0x20000);
	ra_measure_page(&m, 0x1000, &rx, page, true);
	ra_measure_page(&m, 0x2000, &tcs, page, false);
	assert_ra_ok(ra_measure_final(&m, &got));
	test_assert_bytes(got.b, want.b, 32, "transcript");

	/* order violations fail the context */
	ra_measure_ecreate(&m, 1, 0x20000);
	ra_measure_page(&m, 0x2000, &rx, page, true);
	ra_measure_page(&m, 0x1000, &rx, page, true); /* decreasing */
	assert_ra_err(ra_measure_final(&m, &got), RA_ERR_STATE);
	ra_measure_ecreate(&m, 1, 0x20000);
	ra_measure_eadd(&m, 0x20000, &rx); /* outside SIZE */
	assert_ra_err(ra_measure_final(&m, &got), RA_ERR_STATE);
	ra_measure_ecreate(&m, 1, 0x20000);
	ra_measure_eadd(&m, 0x1000, &rx);
	ra_measure_eextend(&m, 0x1080, page); /* misaligned */
	assert_ra_err(ra_measure_final(&m, &got), RA_ERR_STATE);
	ra_measure_ecreate(&m, 1, 0x1800); /* not whole pages */
	assert_ra_err(ra_measure_final(&m, &got), RA_ERR_STATE);
	memset(&m, 0, sizeof(m));
	assert_ra_err(ra_measure_final(&m, &got), RA_ERR_STATE);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(fortanix_sgxs),
	cmocka_unit_test(non_canonical),
	cmocka_unit_test(builder),
};

TEST_MAIN(tests)
