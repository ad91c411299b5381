/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine against a plain reference copy of the data, over long random
 * sequences of writes, reads, cache flushes, bit flips anywhere in DRAM
 * and whole-image rollbacks, in both modes (MEE.md 8.5 item 12):
 *
 *   - every RA_OK read returns the latest data written there;
 *   - a flipped bit is caught by the next full read after a cache flush,
 *     unless it is in the spare bytes 56..63 of a MAC line (not covered,
 *     by layout), and once caught nothing succeeds until a reset;
 *   - a rollback of the whole image after at least one write is caught in
 *     client mode, and silently accepted in scalable mode (the old data
 *     comes back).
 */
#include <stdlib.h>
#include <string.h>

#include "sgxra/crypto.h"
#include "sgxra/mee.h"
#include "test.h"

#define DATA_LEN RA_MEE_ROOT_SPAN_LEN
#define STEPS    8000

struct model {
	enum ra_mee_mode mode;
	struct ra_mee *m;
	struct ra_mee_layout lay;
	uint8_t *dram;
	size_t dram_len;
	uint8_t *ref;  /* what the data area must read as */
	uint8_t *buf;  /* scratch, DATA_LEN */
	uint8_t *img;  /* a recorded DRAM image */
	uint8_t *iref; /* the reference at the time of the recording */
	struct ra_rng rng;
	struct ra_drbg drbg;
	unsigned int flips_caught;
	unsigned int rollbacks_caught;
	unsigned int rollbacks_accepted; /* after writes, scalable */
};

static uint64_t
rnd(struct model *md, uint64_t below)
{
	uint64_t v;

	assert_ra_ok(ra_rng_fill(&md->rng, &v, sizeof(v)));
	return v % below;
}

/* Read everything after a flush: RA_OK and equal to the reference. */
static void
read_all_ok(struct model *md, const uint8_t *want)
{
	ra_mee_cache_flush(md->m);
	assert_ra_ok(ra_mee_read(md->m, md->buf, DATA_LEN, 0));
	assert_memory_equal(md->buf, want, DATA_LEN);
}

/* After a detected attack: locked, then a reset gives a zero region. */
static void
expect_locked_then_reset(struct model *md)
{
	uint8_t line[RA_MEE_LINE_LEN];

	assert_true(ra_mee_is_locked(md->m));
	assert_ra_err(ra_mee_read_line(md->m, line, 0), RA_ERR_LOCKED);
	assert_ra_err(ra_mee_write_line(md->m, 0, line), RA_ERR_LOCKED);
	assert_ra_ok(ra_mee_reset(md->m));
	memset(md->ref, 0, DATA_LEN);
}

static void
step_write(struct model *md)
{
	bool page = rnd(md, 2) == 0;
	size_t len = page ? RA_MEE_PAGE_LEN : RA_MEE_LINE_LEN;
	uint64_t at = rnd(md, DATA_LEN / len) * len;

	assert_ra_ok(ra_rng_fill(&md->rng, md->buf, len));
	assert_ra_ok(ra_mee_write(md->m, at, md->buf, len));
	memcpy(md->ref + at, md->buf, len);
}

static void
step_read(struct model *md)
{
	bool page = rnd(md, 2) == 0;
	size_t len = page ? RA_MEE_PAGE_LEN : RA_MEE_LINE_LEN;
	uint64_t at = rnd(md, DATA_LEN / len) * len;

	assert_ra_ok(ra_mee_read(md->m, md->buf, len, at));
	assert_memory_equal(md->buf, md->ref + at, len);
}

static bool
in_mac_spare(const struct model *md, size_t off)
{
	size_t mac_end = md->lay.tag_off + DATA_LEN / 8;

	return off >= md->lay.tag_off && off < mac_end && off % 64 >= 56;
}

static void
step_flip(struct model *md)
{
	size_t off = (size_t)rnd(md, md->lay.end);
	enum ra_err err;

	md->dram[off] ^= (uint8_t)(1u << rnd(md, 8));
	ra_mee_cache_flush(md->m);
	err = ra_mee_read(md->m, md->buf, DATA_LEN, 0);
	if (in_mac_spare(md, off)) {
		assert_ra_ok(err);
		assert_memory_equal(md->buf, md->ref, DATA_LEN);
		return;
	}
	assert_ra_err(err, RA_ERR_AUTH);
	md->flips_caught++;
	expect_locked_then_reset(md);
}

static void
step_rollback(struct model *md)
{
	unsigned int writes = (unsigned int)rnd(md, 3);
	unsigned int i;
	enum ra_err err;

	memcpy(md->img, md->dram, md->dram_len);
	memcpy(md->iref, md->ref, DATA_LEN);
	for (i = 0; i < writes; i++) {
		step_write(md);
	}
	memcpy(md->dram, md->img, md->dram_len);
	ra_mee_cache_flush(md->m);
	err = ra_mee_read(md->m, md->buf, DATA_LEN, 0);
	if (writes == 0 || md->mode == RA_MEE_SCALABLE) {
		/* Nothing changed, or no freshness: the recorded data. */
		assert_ra_ok(err);
		assert_memory_equal(md->buf, md->iref, DATA_LEN);
		memcpy(md->ref, md->iref, DATA_LEN);
		md->rollbacks_accepted += writes > 0;
		return;
	}
	assert_ra_err(err, RA_ERR_AUTH);
	md->rollbacks_caught++;
	expect_locked_then_reset(md);
}

static void
run_model(enum ra_mee_mode mode)
{
	struct model md;
	const char *seed;
	unsigned int i;

	memset(&md, 0, sizeof(md));
	md.mode = mode;
	md.dram_len = ra_mee_dram_len(mode, DATA_LEN);
	md.dram = calloc(1, md.dram_len);
	md.img = malloc(md.dram_len);
	md.ref = calloc(1, DATA_LEN);
	md.iref = malloc(DATA_LEN);
	md.buf = malloc(DATA_LEN);
	assert_true(md.dram != NULL && md.img != NULL && md.ref != NULL &&
	    md.iref != NULL && md.buf != NULL);
	seed = mode == RA_MEE_CLIENT ? "model-client" : "model-scalable";
	ra_drbg_init(&md.drbg, seed, strlen(seed));
	md.rng = ra_drbg_rng(&md.drbg);
	assert_ra_ok(ra_mee_new(&md.m, mode, md.dram, md.dram_len, &md.rng));
	ra_mee_layout(md.m, &md.lay);
	read_all_ok(&md, md.ref);
	for (i = 0; i < STEPS; i++) {
		uint64_t op = rnd(&md, 100);

		if (op < 45) {
			step_write(&md);
		} else if (op < 85) {
			step_read(&md);
		} else if (op < 92) {
			ra_mee_cache_flush(md.m);
		} else if (op < 96) {
			step_flip(&md);
		} else {
			step_rollback(&md);
		}
	}
	read_all_ok(&md, md.ref);
	/* The sequence did exercise the attacks. */
	assert_true(md.flips_caught > 100);
	if (mode == RA_MEE_CLIENT) {
		assert_true(md.rollbacks_caught > 100);
	} else {
		assert_true(md.rollbacks_accepted > 100);
	}
	ra_mee_free(md.m);
	free(md.dram);
	free(md.img);
	free(md.ref);
	free(md.iref);
	free(md.buf);
}

static void
model_client(void **state)
{
	(void)state;
	run_model(RA_MEE_CLIENT);
}

static void
model_scalable(void **state)
{
	(void)state;
	run_model(RA_MEE_SCALABLE);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(model_client),
	cmocka_unit_test(model_scalable),
};

TEST_MAIN(tests)
