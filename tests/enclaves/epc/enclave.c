/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPC test enclave (tests/integration/mee_platform.sh): a static
 * 1 MiB buffer in .bss, which the platform keeps in its EPC through the
 * memory encryption engine. ECALLs (inputs little-endian):
 *   0 fill   u64 seed: the buffer := the pattern of seed
 *   1 check  u64 seed, u32 first page, u32 pages: output u32, the
 *            number of those pages that differ from the pattern
 *   2 write  u32 page, u8 byte: fill that page with byte
 *   3 touch  u32 first page, u32 pages: read a byte of each (evictions)
 *   4 addr   output u64: the buffer's address (its ELRANGE offset is
 *            this minus the base the platform reports)
 * The pattern is word i (8 bytes, LE) = splitmix64(seed + i), as
 * tests/tools/mee_pattern.c makes it.
 */
#include <string.h>

#include "sgxra/enclave.h"

#define PAGES 256
#define PAGE  4096

static uint8_t buf[PAGES * PAGE] __attribute__((aligned(PAGE)));

static uint64_t
splitmix64(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--) {
		v = v << 8 | p[i];
	}
	return v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

/* The handlers share the ECALL signature, whether or not they write out.
 * NOLINTBEGIN(readability-non-const-parameter) */
static enum ra_err
fill(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	uint64_t seed;

	(void)out;
	(void)cap;
	*out_len = 0;
	if (in_len != 8) {
		return RA_ERR_FORMAT;
	}
	seed = get64(in);
	for (size_t i = 0; i < sizeof(buf) / 8; i++) {
		put64(buf + 8 * i, splitmix64(seed + i));
	}
	return RA_OK;
}

static enum ra_err
check(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	uint64_t seed;
	uint32_t first, n, bad = 0;

	if (in_len != 16 || cap < 4) {
		return RA_ERR_FORMAT;
	}
	seed = get64(in);
	first = get32(in + 8);
	n = get32(in + 12);
	if (first > PAGES || n > PAGES - first) {
		return RA_ERR_ARG;
	}
	for (uint32_t p = first; p < first + n; p++) {
		size_t w0 = (size_t)p * PAGE / 8;
		bool same = true;

		for (size_t i = w0; i < w0 + PAGE / 8; i++) {
			same &= get64(buf + 8 * i) == splitmix64(seed + i);
		}
		bad += same ? 0 : 1;
	}
	out[0] = (uint8_t)bad;
	out[1] = (uint8_t)(bad >> 8);
	out[2] = 0;
	out[3] = 0;
	*out_len = 4;
	return RA_OK;
}

static enum ra_err
write_page(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	uint32_t p;

	(void)out;
	(void)cap;
	*out_len = 0;
	if (in_len != 5 || (p = get32(in)) >= PAGES) {
		return RA_ERR_ARG;
	}
	memset(buf + (size_t)p * PAGE, in[4], PAGE);
	return RA_OK;
}

static enum ra_err
touch(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	uint32_t first, n;
	uint8_t x = 0;

	if (in_len != 8 || cap < 1) {
		return RA_ERR_FORMAT;
	}
	first = get32(in);
	n = get32(in + 4);
	if (first > PAGES || n > PAGES - first) {
		return RA_ERR_ARG;
	}
	for (uint32_t p = first; p < first + n; p++) {
		x ^= *(volatile uint8_t *)(buf + (size_t)p * PAGE);
	}
	out[0] = x;
	*out_len = 1;
	return RA_OK;
}

static enum ra_err
addr(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	(void)in;
	(void)in_len;
	if (cap < 8) {
		return RA_ERR_SPACE;
	}
	put64(out, (uint64_t)(uintptr_t)buf);
	*out_len = 8;
	return RA_OK;
}
/* NOLINTEND(readability-non-const-parameter) */

static const struct ra_ecall ecalls[] = {
	{ "fill", fill },
	{ "check", check },
	{ "write", write_page },
	{ "touch", touch },
	{ "addr", addr },
};

RA_ENCLAVE_ECALLS(ecalls);
