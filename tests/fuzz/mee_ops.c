/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The MEE against a reference model (MEE.md 8.5 item 12). The input is a
 * program: byte 0 picks the mode, then each op is one byte followed by
 * its operands. Properties, checked after every op:
 *
 *   - a read that returns RA_OK returns the reference data: the latest
 *     write (client mode), or the latest write or restored recording
 *     (scalable mode, which has no freshness);
 *   - RA_ERR_AUTH happens only after DRAM was tampered with (a flip or a
 *     restore since the last reset), and then the engine is locked;
 *   - once locked, everything returns RA_ERR_LOCKED until a reset.
 */
#include "fuzz.h"
#include "sgxra/crypto.h"
#include "sgxra/mee.h"

#define DATA_LEN RA_MEE_ROOT_SPAN_LEN
#define LINES    (DATA_LEN / RA_MEE_LINE_LEN)

struct state {
	enum ra_mee_mode mode;
	struct ra_mee *m;
	uint8_t *dram;
	size_t dram_len;
	uint8_t *img;
	bool has_img;
	bool tampered;
	uint8_t ref[DATA_LEN];
	uint8_t iref[DATA_LEN];
};

static struct state st;

static enum ra_err
zero_fill(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *c = ctx;
	size_t i;

	for (i = 0; i < len; i++) {
		buf[i] = (uint8_t)(*c + i);
	}
	(*c)++;
	return RA_OK;
}

static uint8_t seed;

static void
start(enum ra_mee_mode mode)
{
	struct ra_rng rng = { zero_fill, &seed };

	ra_mee_free(st.m);
	free(st.dram);
	free(st.img);
	memset(&st, 0, sizeof(st));
	seed = 0; /* the same keys for the same input */
	st.mode = mode;
	st.dram_len = ra_mee_dram_len(mode, DATA_LEN);
	st.dram = calloc(1, st.dram_len);
	st.img = malloc(st.dram_len);
	fuzz_assert(st.dram != NULL && st.img != NULL);
	/* The rng struct is copied by the engine; its context is static. */
	fuzz_assert(
	    ra_mee_new(&st.m, mode, st.dram, st.dram_len, &rng) == RA_OK);
}

/* The outcome of an access, against the model. */
static void
check(enum ra_err err, bool was_locked)
{
	if (was_locked) {
		fuzz_assert(err == RA_ERR_LOCKED);
		return;
	}
	if (err == RA_ERR_AUTH) {
		fuzz_assert(st.tampered && ra_mee_is_locked(st.m));
		return;
	}
	fuzz_assert(err == RA_OK);
}

/* The data offset named by two operand bytes. */
static uint64_t
line_at(const uint8_t *p)
{
	return ((uint64_t)p[0] | (uint64_t)p[1] << 8) % LINES * RA_MEE_LINE_LEN;
}

static size_t
op_write(const uint8_t *p, size_t n)
{
	uint8_t line[RA_MEE_LINE_LEN];
	bool was = ra_mee_is_locked(st.m);
	uint64_t at;
	enum ra_err err;

	if (n < 3) {
		return n;
	}
	at = line_at(p);
	memset(line, p[2], sizeof(line));
	err = ra_mee_write_line(st.m, at, line);
	check(err, was);
	if (err == RA_OK) {
		memcpy(st.ref + at, line, sizeof(line));
	}
	return 3;
}

static size_t
op_read(const uint8_t *p, size_t n)
{
	uint8_t line[RA_MEE_LINE_LEN];
	bool was = ra_mee_is_locked(st.m);
	uint64_t at;
	enum ra_err err;

	if (n < 2) {
		return n;
	}
	at = line_at(p);
	err = ra_mee_read_line(st.m, line, at);
	check(err, was);
	if (err == RA_OK) {
		fuzz_assert(memcmp(line, st.ref + at, sizeof(line)) == 0);
	}
	return 2;
}

static size_t
op_flip(const uint8_t *p, size_t n)
{
	size_t off;

	if (n < 4) {
		return n;
	}
	off = ((size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16) %
	    st.dram_len;
	st.dram[off] ^= (uint8_t)(1u << (p[3] & 7));
	st.tampered = true;
	return 4;
}

static void
op_restore(void)
{
	if (!st.has_img) {
		return;
	}
	memcpy(st.dram, st.img, st.dram_len);
	st.tampered = true;
	if (st.mode == RA_MEE_SCALABLE) {
		/* No freshness: the recording is what reads may now return. */
		memcpy(st.ref, st.iref, DATA_LEN);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 1;

	if (size < 1) {
		return 0;
	}
	start((data[0] & 1) != 0 ? RA_MEE_SCALABLE : RA_MEE_CLIENT);
	while (i < size) {
		uint8_t op = data[i++];

		switch (op % 8) {
		case 0:
		case 1:
			i += op_write(data + i, size - i);
			break;
		case 2:
		case 3:
			i += op_read(data + i, size - i);
			break;
		case 4:
			ra_mee_cache_flush(st.m);
			break;
		case 5:
			i += op_flip(data + i, size - i);
			break;
		case 6:
			memcpy(st.img, st.dram, st.dram_len);
			memcpy(st.iref, st.ref, DATA_LEN);
			st.has_img = true;
			break;
		default:
			if (ra_mee_is_locked(st.m)) {
				fuzz_assert(ra_mee_reset(st.m) == RA_OK);
				memset(st.ref, 0, DATA_LEN);
				st.tampered = false;
				st.has_img = false;
			} else {
				op_restore();
			}
			break;
		}
	}
	return 0;
}
