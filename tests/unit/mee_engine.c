/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory encryption engine as a physical attacker sees it: the DRAM
 * region is a plain buffer of this test, read, flipped, replayed and
 * swapped here, in both modes. Known answers come from
 * tests/vectors/mee_kat.txt (tests/vectors/mee_gen.py: openssl enc and
 * Python, independent of src/lib).
 */
#include <stdlib.h>
#include <string.h>

#include "sgxra/crypto.h"
#include "sgxra/mee.h"
#include "test.h"

#define MIB ((size_t)1024 * 1024)

/* A randomness source that counts 00, 01, ...: the KAT keys. */
static enum ra_err
count_fill(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *c = ctx;
	size_t i;

	for (i = 0; i < len; i++) {
		buf[i] = (*c)++;
	}
	return RA_OK;
}

struct fx {
	enum ra_mee_mode mode;
	uint8_t *dram;
	size_t dram_len;
	struct ra_mee *m;
	struct ra_mee_layout lay;
	uint8_t counter;
	struct ra_drbg drbg;
	struct ra_rng rng;
};

static void
fx_open(struct fx *f, enum ra_mee_mode mode, size_t data_len, bool kat)
{
	memset(f, 0, sizeof(*f));
	f->mode = mode;
	f->dram_len = ra_mee_dram_len(mode, data_len);
	assert_true(f->dram_len > data_len);
	f->dram = calloc(1, f->dram_len);
	assert_non_null(f->dram);
	if (kat) {
		f->rng.fill = count_fill;
		f->rng.ctx = &f->counter;
	} else {
		ra_drbg_init(&f->drbg, "mee", 3);
		f->rng = ra_drbg_rng(&f->drbg);
	}
	assert_ra_ok(ra_mee_new(&f->m, mode, f->dram, f->dram_len, &f->rng));
	assert_int_equal(ra_mee_data_len(f->m), data_len);
	ra_mee_layout(f->m, &f->lay);
}

static void
fx_close(struct fx *f)
{
	ra_mee_free(f->m);
	free(f->dram);
}

static void
fill_line(uint8_t line[RA_MEE_LINE_LEN], unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < RA_MEE_LINE_LEN; i++) {
		line[i] = (uint8_t)(seed * 31 + i * 7 + 1);
	}
}

static const char *
kat_value(char **lines, size_t n, const char *key)
{
	size_t klen = strlen(key);
	size_t i;

	for (i = 0; i < n; i++) {
		if (strncmp(lines[i], key, klen) == 0 &&
		    lines[i][klen] == ' ') {
			return lines[i] + klen + 1;
		}
	}
	fail_msg("no %s in mee_kat.txt", key);
	return NULL;
}

static uint64_t
kat_u64(char **lines, size_t n, const char *key)
{
	return strtoull(kat_value(lines, n, key), NULL, 16);
}

/* The 56-bit field i of the 64-byte line at p. */
static uint64_t
field56(const uint8_t *p, size_t i)
{
	uint64_t v = 0;
	int b;

	for (b = 6; b >= 0; b--) {
		v = v << 8 | p[7 * i + (size_t)b];
	}
	return v;
}

static bool
all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != 0) {
			return false;
		}
	}
	return true;
}

/* --- known answers -------------------------------------------------------- */

static void
kat_gf64(void **state)
{
	size_t n;
	char **lines = test_vector_lines("tests/vectors/mee_kat.txt", &n);
	struct ra_drbg d;
	uint8_t key[64];
	uint8_t msg[64];
	unsigned int seen = 0;
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		char *end;
		uint64_t a;
		uint64_t b;
		uint64_t p;

		if (strncmp(lines[i], "gf64 ", 5) != 0) {
			continue;
		}
		a = strtoull(lines[i] + 5, &end, 16);
		b = strtoull(end, &end, 16);
		p = strtoull(end, &end, 16);
		assert_true(*end == '\0');
		assert_int_equal(ra_gf64_mul(a, b), p);
		assert_int_equal(ra_gf64_mul(b, a), p);
		seen++;
	}
	assert_true(seen >= 4);
	/* The fast path agrees with the portable one. */
	ra_drbg_init(&d, "uhash", 5);
	for (i = 0; i < 20000; i++) {
		struct ra_rng r = ra_drbg_rng(&d);

		assert_ra_ok(ra_rng_fill(&r, key, sizeof(key)));
		assert_ra_ok(ra_rng_fill(&r, msg, sizeof(msg)));
		assert_int_equal(
		    ra_uhash64(key, msg), ra_uhash64_ref(key, msg));
	}
	test_free_lines(lines, n);
}

static void
kat_client(void **state)
{
	size_t n;
	char **lines = test_vector_lines("tests/vectors/mee_kat.txt", &n);
	uint8_t pt[64];
	uint8_t ct[64];
	uint8_t line[64];
	uint8_t back[64];
	uint64_t off;
	struct fx f;

	(void)state;
	fx_open(&f, RA_MEE_CLIENT, (size_t)kat_u64(lines, n, "client_data_len"),
	    true);
	off = kat_u64(lines, n, "client_off");
	test_unhex_into(pt, 64, kat_value(lines, n, "client_pt"));
	test_unhex_into(ct, 64, kat_value(lines, n, "client_ct"));
	/* One write: version 0 -> 1. */
	assert_ra_ok(ra_mee_write_line(f.m, off, pt));
	test_assert_bytes(f.dram + off, ct, 64, "ciphertext");
	assert_int_equal(field56(f.dram + f.lay.tag_off, off / 64),
	    kat_u64(lines, n, "client_tag"));
	assert_int_equal(f.lay.ver_off, kat_u64(lines, n, "client_ver_off"));
	test_unhex_into(line, 64, kat_value(lines, n, "client_ver_line"));
	test_assert_bytes(f.dram + f.lay.ver_off, line, 64, "version line");
	assert_int_equal(f.lay.l2_off, kat_u64(lines, n, "client_l2_off"));
	test_unhex_into(line, 64, kat_value(lines, n, "client_l2_line"));
	test_assert_bytes(f.dram + f.lay.l2_off, line, 64, "L2 line");
	ra_mee_cache_flush(f.m);
	assert_ra_ok(ra_mee_read_line(f.m, back, off));
	test_assert_bytes(back, pt, 64, "plaintext");
	fx_close(&f);
	test_free_lines(lines, n);
}

static void
kat_scalable(void **state)
{
	size_t n;
	char **lines = test_vector_lines("tests/vectors/mee_kat.txt", &n);
	uint8_t pt[64];
	uint8_t ct[64];
	uint8_t back[64];
	uint64_t off;
	struct fx f;

	(void)state;
	fx_open(&f, RA_MEE_SCALABLE, MIB, true);
	off = kat_u64(lines, n, "client_off");
	test_unhex_into(pt, 64, kat_value(lines, n, "client_pt"));
	test_unhex_into(ct, 64, kat_value(lines, n, "scalable_ct"));
	assert_ra_ok(ra_mee_write_line(f.m, off, pt));
	test_assert_bytes(f.dram + off, ct, 64, "XTS ciphertext");
	assert_int_equal(field56(f.dram + f.lay.tag_off, off / 64),
	    kat_u64(lines, n, "scalable_tag"));
	assert_ra_ok(ra_mee_read_line(f.m, back, off));
	test_assert_bytes(back, pt, 64, "plaintext");
	fx_close(&f);
	test_free_lines(lines, n);
}

/* --- confidentiality ------------------------------------------------------ */

static uint64_t
window_key(const uint8_t *p)
{
	uint64_t a;
	uint64_t b;

	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	return a ^ (b << 17 | b >> 47);
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x;
	uint64_t b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* How many 16-byte windows of pat (at any offset) occur in hay. */
static size_t
count_windows(
    const uint8_t *pat, size_t pat_len, const uint8_t *hay, size_t hay_len)
{
	size_t nw = pat_len - 15;
	uint64_t *keys = malloc(nw * sizeof(*keys));
	size_t hits = 0;
	size_t i;

	assert_non_null(keys);
	for (i = 0; i < nw; i++) {
		keys[i] = window_key(pat + i);
	}
	qsort(keys, nw, sizeof(*keys), cmp_u64);
	for (i = 0; i + 16 <= hay_len; i++) {
		uint64_t k = window_key(hay + i);

		if (bsearch(&k, keys, nw, sizeof(*keys), cmp_u64) != NULL) {
			hits++;
		}
	}
	free(keys);
	return hits;
}

static void
no_plaintext_in_dram(enum ra_mee_mode mode)
{
	struct fx f;
	uint8_t *pat = malloc(MIB);
	uint8_t *back = malloc(MIB);
	struct ra_drbg d;
	struct ra_rng r;

	assert_non_null(pat);
	assert_non_null(back);
	ra_drbg_init(&d, "pattern", 7);
	r = ra_drbg_rng(&d);
	assert_ra_ok(ra_rng_fill(&r, pat, MIB));
	fx_open(&f, mode, MIB, false);
	assert_ra_ok(ra_mee_write(f.m, 0, pat, MIB));
	/* The check itself can fail: the plain pattern is found in itself. */
	assert_true(count_windows(pat, MIB, pat, 4096) > 4000);
	assert_int_equal(count_windows(pat, MIB, f.dram, f.dram_len), 0);
	ra_mee_cache_flush(f.m);
	assert_ra_ok(ra_mee_read(f.m, back, MIB, 0));
	assert_memory_equal(back, pat, MIB);
	fx_close(&f);
	free(pat);
	free(back);
}

static void
no_plaintext_client(void **state)
{
	(void)state;
	no_plaintext_in_dram(RA_MEE_CLIENT);
}

static void
no_plaintext_scalable(void **state)
{
	(void)state;
	no_plaintext_in_dram(RA_MEE_SCALABLE);
}

/* Client: same plaintext twice gives new ciphertext; scalable: the same. */
static void
rewrite_same_plaintext(void **state)
{
	struct fx f;
	uint8_t line[64];
	uint8_t c1[64];

	(void)state;
	fill_line(line, 3);
	fx_open(&f, RA_MEE_CLIENT, MIB, false);
	assert_ra_ok(ra_mee_write_line(f.m, 128, line));
	memcpy(c1, f.dram + 128, 64);
	assert_ra_ok(ra_mee_write_line(f.m, 128, line));
	assert_memory_not_equal(c1, f.dram + 128, 64);
	fx_close(&f);
	fx_open(&f, RA_MEE_SCALABLE, MIB, false);
	assert_ra_ok(ra_mee_write_line(f.m, 128, line));
	memcpy(c1, f.dram + 128, 64);
	assert_ra_ok(ra_mee_write_line(f.m, 128, line));
	assert_memory_equal(c1, f.dram + 128, 64); /* the known weakness */
	fx_close(&f);
}

/* --- integrity: one flipped bit ------------------------------------------- */

/*
 * Write a page, flush the cache, flip bit `bit` of DRAM byte `at`, read
 * the line at addr: RA_ERR_AUTH, output wiped, engine locked with the
 * failing offset and kind recorded; later calls RA_ERR_LOCKED; a reset
 * makes the engine usable again.
 */
static void
flip_and_read(enum ra_mee_mode mode, size_t at, unsigned int bit, uint64_t addr,
    enum ra_mee_fail kind, uint64_t fail_off)
{
	struct fx f;
	uint8_t page[RA_MEE_PAGE_LEN];
	uint8_t out[64];
	struct ra_mee_stats st;
	size_t i;

	for (i = 0; i < sizeof(page); i++) {
		page[i] = (uint8_t)(i * 13 + 5);
	}
	fx_open(&f, mode, MIB, false);
	assert_ra_ok(ra_mee_write(f.m, addr - addr % 4096, page, sizeof(page)));
	ra_mee_cache_flush(f.m);
	f.dram[at] ^= (uint8_t)(1u << bit);
	memset(out, 0xaa, sizeof(out));
	assert_ra_err(ra_mee_read_line(f.m, out, addr), RA_ERR_AUTH);
	assert_true(all_zero(out, sizeof(out)));
	assert_true(ra_mee_is_locked(f.m));
	ra_mee_stats(f.m, &st);
	assert_int_equal(st.fail, kind);
	assert_int_equal(st.fail_offset, fail_off);
	assert_ra_err(ra_mee_read_line(f.m, out, 0x8000), RA_ERR_LOCKED);
	assert_ra_err(ra_mee_write_line(f.m, 0x8000, out), RA_ERR_LOCKED);
	assert_ra_ok(ra_mee_reset(f.m));
	assert_false(ra_mee_is_locked(f.m));
	assert_ra_ok(ra_mee_read_line(f.m, out, addr));
	assert_true(all_zero(out, sizeof(out)));
	fx_close(&f);
}

static void
flip_client(void **state)
{
	struct ra_mee_layout l;
	uint64_t addr = 0x48040; /* line n = 0x1201: VER 0x240, L0 0x48 */
	uint64_t n = addr / 64;
	size_t ver = 0;
	size_t l0 = 0;
	size_t l1 = 0;
	size_t l2 = 0;
	unsigned int bit;

	(void)state;
	{
		uint8_t *tmp = calloc(1, ra_mee_dram_len(RA_MEE_CLIENT, MIB));
		struct ra_mee *m;

		assert_ra_ok(ra_mee_new(&m, RA_MEE_CLIENT, tmp,
		    ra_mee_dram_len(RA_MEE_CLIENT, MIB), NULL));
		ra_mee_layout(m, &l);
		ra_mee_free(m);
		free(tmp);
	}
	ver = l.ver_off + (n >> 3) * 64;
	l0 = l.l0_off + (n >> 6) * 64;
	l1 = l.l1_off + (n >> 9) * 64;
	l2 = l.l2_off + (n >> 12) * 64;
	for (bit = 0; bit < 8; bit += 7) {
		flip_and_read(RA_MEE_CLIENT, addr + 17, bit, addr,
		    RA_MEE_FAIL_DATA, addr);
		flip_and_read(RA_MEE_CLIENT, l.tag_off + (n >> 3) * 64 + 7 + 3,
		    bit, addr, RA_MEE_FAIL_DATA, addr);
		/* version field of this line, another line's, the VER MAC */
		flip_and_read(RA_MEE_CLIENT, ver + 7 + 2, bit, addr,
		    RA_MEE_FAIL_VER, ver);
		flip_and_read(
		    RA_MEE_CLIENT, ver + 40, bit, addr, RA_MEE_FAIL_VER, ver);
		flip_and_read(
		    RA_MEE_CLIENT, ver + 58, bit, addr, RA_MEE_FAIL_VER, ver);
		flip_and_read(
		    RA_MEE_CLIENT, ver + 63, bit, addr, RA_MEE_FAIL_VER, ver);
		flip_and_read(
		    RA_MEE_CLIENT, l0 + 3, bit, addr, RA_MEE_FAIL_L0, l0);
		flip_and_read(
		    RA_MEE_CLIENT, l0 + 60, bit, addr, RA_MEE_FAIL_L0, l0);
		flip_and_read(
		    RA_MEE_CLIENT, l1 + 7, bit, addr, RA_MEE_FAIL_L1, l1);
		flip_and_read(
		    RA_MEE_CLIENT, l2 + 14, bit, addr, RA_MEE_FAIL_L2, l2);
		flip_and_read(
		    RA_MEE_CLIENT, l2 + 62, bit, addr, RA_MEE_FAIL_L2, l2);
	}
}

static void
flip_scalable(void **state)
{
	size_t tag_off = MIB;
	uint64_t addr = 0x48040;

	(void)state;
	flip_and_read(RA_MEE_SCALABLE, addr, 0, addr, RA_MEE_FAIL_DATA, addr);
	flip_and_read(
	    RA_MEE_SCALABLE, addr + 63, 7, addr, RA_MEE_FAIL_DATA, addr);
	flip_and_read(RA_MEE_SCALABLE, tag_off + (addr / 512) * 64 + 7 + 6, 7,
	    addr, RA_MEE_FAIL_DATA, addr);
}

/* A node tampered with while cached is trusted until it leaves the cache. */
static void
cache_masks_until_flush(void **state)
{
	struct fx f;
	uint8_t line[64];
	uint8_t out[64];

	(void)state;
	fill_line(line, 9);
	fx_open(&f, RA_MEE_CLIENT, MIB, false);
	assert_ra_ok(ra_mee_write_line(f.m, 0, line));
	f.dram[f.lay.ver_off + 50] ^= 1; /* another line's version */
	assert_ra_ok(ra_mee_read_line(f.m, out, 0));
	ra_mee_cache_flush(f.m);
	assert_ra_err(ra_mee_read_line(f.m, out, 0), RA_ERR_AUTH);
	fx_close(&f);
}

/* --- replay --------------------------------------------------------------- */

static void
replay_line(enum ra_mee_mode mode, bool whole_image)
{
	struct fx f;
	uint8_t old[64];
	uint8_t fresh[64];
	uint8_t out[64];
	uint8_t *img;
	uint64_t addr = 0x20040;

	fill_line(old, 1);
	fill_line(fresh, 2);
	fx_open(&f, mode, MIB, false);
	img = malloc(f.dram_len);
	assert_non_null(img);
	assert_ra_ok(ra_mee_write_line(f.m, addr, old));
	memcpy(img, f.dram, f.dram_len); /* the attacker's recording */
	assert_ra_ok(ra_mee_write_line(f.m, addr, fresh));
	if (whole_image) {
		memcpy(f.dram, img, f.dram_len);
	} else {
		/* the line, its MAC line and (client) its version line */
		size_t tl = f.lay.tag_off + (addr / 512) * 64;

		memcpy(f.dram + addr, img + addr, 64);
		memcpy(f.dram + tl, img + tl, 64);
		if (mode == RA_MEE_CLIENT) {
			size_t vl = f.lay.ver_off + (addr / 512) * 64;

			memcpy(f.dram + vl, img + vl, 64);
		}
	}
	ra_mee_cache_flush(f.m);
	if (mode == RA_MEE_CLIENT) {
		assert_ra_err(ra_mee_read_line(f.m, out, addr), RA_ERR_AUTH);
		assert_true(all_zero(out, sizeof(out)));
	} else {
		/* No tree, no freshness: the old value comes back. By design.
		 */
		assert_ra_ok(ra_mee_read_line(f.m, out, addr));
		assert_memory_equal(out, old, 64);
	}
	free(img);
	fx_close(&f);
}

static void
replay_client(void **state)
{
	(void)state;
	replay_line(RA_MEE_CLIENT, false);
	replay_line(RA_MEE_CLIENT, true);
}

static void
replay_scalable(void **state)
{
	(void)state;
	replay_line(RA_MEE_SCALABLE, false);
	replay_line(RA_MEE_SCALABLE, true);
}

/* --- splicing ------------------------------------------------------------- */

static void
swap_bytes(uint8_t *a, uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

/* Swap lines x and y with their MAC fields: caught in both modes. */
static void
swap_lines(enum ra_mee_mode mode)
{
	struct fx f;
	uint8_t a[64];
	uint8_t b[64];
	uint8_t out[64];
	uint64_t x = 0x1000;
	uint64_t y = 0x1040;

	fill_line(a, 4);
	fill_line(b, 5);
	fx_open(&f, mode, MIB, false);
	assert_ra_ok(ra_mee_write_line(f.m, x, a));
	assert_ra_ok(ra_mee_write_line(f.m, y, b));
	swap_bytes(f.dram + x, f.dram + y, 64);
	swap_bytes(f.dram + f.lay.tag_off + x / 64 * 7,
	    f.dram + f.lay.tag_off + y / 64 * 7, 7);
	ra_mee_cache_flush(f.m);
	assert_ra_err(ra_mee_read_line(f.m, out, x), RA_ERR_AUTH);
	fx_close(&f);
}

/* Swap two whole pages with all their metadata lines. */
static void
swap_pages(enum ra_mee_mode mode)
{
	struct fx f;
	uint8_t p[RA_MEE_PAGE_LEN];
	uint8_t out[RA_MEE_PAGE_LEN];
	size_t i;

	fx_open(&f, mode, MIB, false);
	for (i = 0; i < sizeof(p); i++) {
		p[i] = (uint8_t)i;
	}
	assert_ra_ok(ra_mee_write_page(f.m, 3, p));
	p[0] ^= 1;
	assert_ra_ok(ra_mee_write_page(f.m, 9, p));
	swap_bytes(f.dram + (size_t)3 * 4096, f.dram + (size_t)9 * 4096, 4096);
	swap_bytes(f.dram + f.lay.tag_off + (size_t)3 * 512,
	    f.dram + f.lay.tag_off + (size_t)9 * 512, 512);
	if (mode == RA_MEE_CLIENT) {
		swap_bytes(f.dram + f.lay.ver_off + (size_t)3 * 512,
		    f.dram + f.lay.ver_off + (size_t)9 * 512, 512);
		swap_bytes(f.dram + f.lay.l0_off + (size_t)3 * 64,
		    f.dram + f.lay.l0_off + (size_t)9 * 64, 64);
	}
	ra_mee_cache_flush(f.m);
	assert_ra_err(ra_mee_read_page(f.m, out, 3), RA_ERR_AUTH);
	fx_close(&f);
}

static void
swap_client(void **state)
{
	(void)state;
	swap_lines(RA_MEE_CLIENT);
	swap_pages(RA_MEE_CLIENT);
}

static void
swap_scalable(void **state)
{
	(void)state;
	swap_lines(RA_MEE_SCALABLE);
	swap_pages(RA_MEE_SCALABLE);
}

/* --- counter overflow ----------------------------------------------------- */

static void
overflow(void **state)
{
	unsigned int level;

	(void)state;
	for (level = 0; level <= 4; level++) {
		struct fx f;
		uint8_t line[64];
		uint8_t out[64];
		uint8_t *img;
		struct ra_mee_stats st;
		uint64_t addr = 0x9040;

		fill_line(line, level);
		fx_open(&f, RA_MEE_CLIENT, MIB, false);
		assert_ra_ok(ra_mee_write_line(f.m, addr, line));
		assert_ra_ok(ra_mee_test_set_counter(
		    f.m, addr, level, RA_MEE_CTR_MAX - 1));
		/* The path stays consistent: the data is still there. */
		ra_mee_cache_flush(f.m);
		assert_ra_ok(ra_mee_read_line(f.m, out, addr));
		assert_memory_equal(out, line, 64);
		/* The last value is usable once ... */
		assert_ra_ok(ra_mee_write_line(f.m, addr, line));
		/* ... then the engine refuses and locks, writing nothing. */
		img = malloc(f.dram_len);
		assert_non_null(img);
		memcpy(img, f.dram, f.dram_len);
		assert_ra_err(
		    ra_mee_write_line(f.m, addr, line), RA_ERR_LOCKED);
		assert_memory_equal(img, f.dram, f.dram_len);
		ra_mee_stats(f.m, &st);
		assert_int_equal(st.fail, RA_MEE_FAIL_OVERFLOW);
		assert_int_equal(st.fail_offset, addr);
		assert_ra_err(ra_mee_read_line(f.m, out, addr), RA_ERR_LOCKED);
		assert_ra_ok(ra_mee_reset(f.m));
		assert_ra_ok(ra_mee_write_line(f.m, addr, line));
		free(img);
		fx_close(&f);
	}
}

/* --- keys, arguments, stats ----------------------------------------------- */

static void
keys_per_boot(void **state)
{
	struct fx f;
	uint8_t line[64];
	uint8_t out[64];
	uint8_t *img;

	(void)state;
	fill_line(line, 7);
	fx_open(&f, RA_MEE_CLIENT, MIB, false);
	assert_ra_ok(ra_mee_write_line(f.m, 0, line));
	img = malloc(f.dram_len);
	assert_non_null(img);
	memcpy(img, f.dram, f.dram_len);
	assert_ra_ok(ra_mee_reset(f.m)); /* new keys from the drbg */
	assert_ra_ok(ra_mee_write_line(f.m, 0, line));
	assert_memory_not_equal(img, f.dram, 64);
	memcpy(f.dram, img, f.dram_len); /* the old boot's image */
	ra_mee_cache_flush(f.m);
	assert_ra_err(ra_mee_read_line(f.m, out, 0), RA_ERR_AUTH);
	free(img);
	fx_close(&f);
}

static void
bad_args(void **state)
{
	struct fx f;
	uint8_t line[64] = { 0 };
	uint8_t small[4096];
	struct ra_mee *m = NULL;

	(void)state;
	fx_open(&f, RA_MEE_CLIENT, MIB, false);
	assert_ra_err(ra_mee_read_line(f.m, line, 1), RA_ERR_ARG);
	assert_ra_err(ra_mee_read_line(f.m, line, MIB), RA_ERR_ARG);
	assert_ra_err(ra_mee_write_line(f.m, MIB - 32, line), RA_ERR_ARG);
	assert_ra_err(ra_mee_read(f.m, line, 65, 0), RA_ERR_ARG);
	assert_ra_err(ra_mee_read(f.m, line, 64, UINT64_MAX - 63), RA_ERR_ARG);
	assert_ra_err(ra_mee_read_page(f.m, small, MIB / 4096), RA_ERR_ARG);
	assert_ra_err(ra_mee_test_set_counter(f.m, 0, 5, 1), RA_ERR_ARG);
	/* Counters never move back (no MAC nonce is ever reused). */
	assert_ra_ok(ra_mee_write_line(f.m, 0, line));
	assert_ra_err(ra_mee_test_set_counter(f.m, 0, 0, 0), RA_ERR_ARG);
	assert_ra_err(ra_mee_test_set_counter(f.m, 0, 4, 0), RA_ERR_ARG);
	assert_false(ra_mee_is_locked(f.m));
	assert_ra_ok(ra_mee_read_line(f.m, line, MIB - 64));
	fx_close(&f);
	assert_ra_err(ra_mee_new(&m, RA_MEE_CLIENT, small, sizeof(small), NULL),
	    RA_ERR_ARG);
	assert_ra_err(
	    ra_mee_new(&m, (enum ra_mee_mode)7, small, sizeof(small), NULL),
	    RA_ERR_ARG);
	assert_null(m);
	assert_int_equal(ra_mee_dram_len(RA_MEE_CLIENT, 4096), 0);
	assert_int_equal(
	    ra_mee_dram_len(RA_MEE_CLIENT, (size_t)1025 * RA_MEE_ROOT_SPAN_LEN),
	    0);
	assert_int_equal(ra_mee_dram_len(RA_MEE_SCALABLE, 4096), 4096 + 512);
}

static void
stats_walks(void **state)
{
	struct fx f;
	uint8_t page[RA_MEE_PAGE_LEN] = { 1 };
	struct ra_mee_stats st;

	(void)state;
	fx_open(&f, RA_MEE_CLIENT, MIB, false);
	ra_mee_cache_flush(f.m);
	ra_mee_stats_clear(f.m);
	assert_ra_ok(ra_mee_read_page(f.m, page, 0));
	ra_mee_stats(f.m, &st);
	assert_int_equal(st.lines_read, 64);
	assert_int_equal(st.walks, 8);
	assert_int_equal(st.walk_depth[4], 1); /* first: VER, L0, L1, L2 */
	assert_int_equal(st.walk_depth[1], 7); /* then only the VER line */
	assert_int_equal(st.meta_bytes_read, (4 + 7) * 64 + 8 * 64);
	ra_mee_stats_clear(f.m);
	assert_ra_ok(ra_mee_read_page(f.m, page, 0));
	ra_mee_stats(f.m, &st);
	assert_int_equal(st.walk_depth[0], 8); /* warm cache */
	assert_int_equal(st.cache_hits, 8);
	fx_close(&f);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(kat_gf64),
	cmocka_unit_test(kat_client),
	cmocka_unit_test(kat_scalable),
	cmocka_unit_test(no_plaintext_client),
	cmocka_unit_test(no_plaintext_scalable),
	cmocka_unit_test(rewrite_same_plaintext),
	cmocka_unit_test(flip_client),
	cmocka_unit_test(flip_scalable),
	cmocka_unit_test(cache_masks_until_flush),
	cmocka_unit_test(replay_client),
	cmocka_unit_test(replay_scalable),
	cmocka_unit_test(swap_client),
	cmocka_unit_test(swap_scalable),
	cmocka_unit_test(overflow),
	cmocka_unit_test(keys_per_boot),
	cmocka_unit_test(bad_args),
	cmocka_unit_test(stats_walks),
};

TEST_MAIN(tests)
