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
 *   5 hfill  u64 seed: a 1 MiB heap block (malloc, made once) := the
 *            pattern of seed; output u64, its address
 *   6 hcheck u64 seed, u32 first page, u32 pages: as check, on the block
 *   7 stack  u64 seed: a 96 KiB local array := the pattern of seed, the
 *            heap block read through (evicting the stack's pages), the
 *            array checked; output u32, the words that differ
 *   8 rand   u32 n: n fresh 16 KiB heap blocks filled by getrandom(2)
 *            (the kernel writes them, page by page), each hashed, sealed
 *            and unsealed (EGETKEY's reply lands on the stack; AES-GCM
 *            in libcrypto, its contexts on the heap) and one EC key made
 *            per block (libcrypto's RAND); output u32, the failures (a
 *            call failing, a block all zero, equal to the one before, or
 *            not unsealed to itself)
 * The pattern is word i (8 bytes, LE) = splitmix64(seed + i), as
 * tests/tools/mee_pattern.c makes it.
 */
#include <stdlib.h>
#include <string.h>

#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/enclave.h"
#include "sgxra/random.h"
#include "sgxra/seal.h"

#define PAGES 256
#define PAGE  4096

#define STACK_WORDS ((size_t)96 * 1024 / 8)
#define RAND_LEN    ((size_t)16 * 1024)

static uint8_t buf[PAGES * PAGE] __attribute__((aligned(PAGE)));
static uint8_t *heap_buf; /* PAGES * PAGE bytes of heap, made by hfill */

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

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
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

static void
pattern_fill(uint8_t *b, uint64_t seed)
{
	for (size_t i = 0; i < (size_t)PAGES * PAGE / 8; i++) {
		put64(b + 8 * i, splitmix64(seed + i));
	}
}

/* The pages of b in [first, first + n) that differ from the pattern. */
static uint32_t
pattern_check(const uint8_t *b, uint64_t seed, uint32_t first, uint32_t n)
{
	uint32_t bad = 0;

	for (uint32_t p = first; p < first + n; p++) {
		size_t w0 = (size_t)p * PAGE / 8;
		bool same = true;

		for (size_t i = w0; i < w0 + PAGE / 8; i++) {
			same &= get64(b + 8 * i) == splitmix64(seed + i);
		}
		bad += same ? 0 : 1;
	}
	return bad;
}

/* The handlers share the ECALL signature, whether or not they write out.
 * NOLINTBEGIN(readability-non-const-parameter) */
static enum ra_err
fill(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	(void)out;
	(void)cap;
	*out_len = 0;
	if (in_len != 8) {
		return RA_ERR_FORMAT;
	}
	pattern_fill(buf, get64(in));
	return RA_OK;
}

/* check and hcheck: the pattern in b, pages [first, first + n). */
static enum ra_err
check_in(const uint8_t *b, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t cap, size_t *out_len)
{
	uint32_t first, n;

	if (in_len != 16 || cap < 4) {
		return RA_ERR_FORMAT;
	}
	first = get32(in + 8);
	n = get32(in + 12);
	if (b == NULL || first > PAGES || n > PAGES - first) {
		return RA_ERR_ARG;
	}
	put32(out, pattern_check(b, get64(in), first, n));
	*out_len = 4;
	return RA_OK;
}

static enum ra_err
check(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	return check_in(buf, in, in_len, out, cap, out_len);
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
static enum ra_err
hfill(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	if (in_len != 8 || cap < 8) {
		return RA_ERR_FORMAT;
	}
	if (heap_buf == NULL &&
	    (heap_buf = malloc((size_t)PAGES * PAGE)) == NULL) {
		return RA_ERR_NOMEM;
	}
	pattern_fill(heap_buf, get64(in));
	put64(out, (uint64_t)(uintptr_t)heap_buf);
	*out_len = 8;
	return RA_OK;
}

static enum ra_err
hcheck(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	return check_in(heap_buf, in, in_len, out, cap, out_len);
}

static enum ra_err
stack(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	volatile uint64_t words[STACK_WORDS];
	uint64_t seed;
	uint32_t bad = 0;
	uint8_t x = 0;

	if (in_len != 8 || cap < 4) {
		return RA_ERR_FORMAT;
	}
	seed = get64(in);
	for (size_t i = 0; i < STACK_WORDS; i++) {
		uint8_t w[8];

		put64(w, splitmix64(seed + i));
		memcpy((void *)(uintptr_t)&words[i], w, 8);
	}
	for (size_t i = 0; heap_buf != NULL && i < (size_t)PAGES * PAGE;
	     i += PAGE) {
		x ^= *(volatile uint8_t *)(heap_buf + i);
	}
	for (size_t i = 0; i < STACK_WORDS; i++) {
		uint8_t w[8];

		memcpy(w, (const void *)(uintptr_t)&words[i], 8);
		bad += get64(w) != splitmix64(seed + i);
	}
	(void)x;
	put32(out, bad);
	*out_len = 4;
	return RA_OK;
}

/* Seal b into a fresh heap blob, unseal it into another: the same? */
static bool
seal_round_trip(const uint8_t *b)
{
	size_t cap = RA_SEALED_HEADER_LEN + RAND_LEN + 64, blob_len = 0;
	size_t back_len = 0;
	uint8_t *blob = malloc(cap), *back = malloc(RAND_LEN);
	struct ra_bytes aad;
	bool ok = blob != NULL && back != NULL &&
	    ra_enclave_seal(blob, cap, &blob_len, RA_SEAL_MRENCLAVE, b,
	        RAND_LEN, NULL, 0) == RA_OK &&
	    ra_enclave_unseal(
	        back, RAND_LEN, &back_len, &aad, blob, blob_len) == RA_OK &&
	    back_len == RAND_LEN && memcmp(back, b, RAND_LEN) == 0;

	free(blob);
	free(back);
	return ok;
}

/* One fresh block: getrandom into it, its hash, an EC key; false if bad. */
static bool
rand_one(uint8_t *b, struct ra_hash256 *h, const struct ra_hash256 *prev)
{
	static const uint8_t zero[RAND_LEN];
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub;

	if (ra_random(b, RAND_LEN) != RA_OK || memcmp(b, zero, RAND_LEN) == 0) {
		return false;
	}
	ra_sha256(h, b, RAND_LEN);
	if (memcmp(h, prev, sizeof(*h)) == 0) {
		return false;
	}
	if (ra_ec256_keygen(&priv, &pub, NULL) != RA_OK) {
		return false;
	}
	RA_WIPE(priv);
	return seal_round_trip(b);
}

static enum ra_err
rand_blocks(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_hash256 h = { { 0 } }, prev;
	uint8_t *blocks[256];
	uint32_t n, bad = 0;

	if (in_len != 4 || cap < 4 || (n = get32(in)) > 256) {
		return RA_ERR_ARG;
	}
	memset(&prev, 0, sizeof(prev));
	for (uint32_t i = 0; i < n; i++) {
		blocks[i] = malloc(RAND_LEN);
		if (blocks[i] == NULL || !rand_one(blocks[i], &h, &prev)) {
			bad++;
		}
		prev = h;
	}
	for (uint32_t i = 0; i < n; i++) {
		free(blocks[i]);
	}
	put32(out, bad);
	*out_len = 4;
	return RA_OK;
}
/* NOLINTEND(readability-non-const-parameter) */

static const struct ra_ecall ecalls[] = {
	{ "fill", fill },
	{ "check", check },
	{ "write", write_page },
	{ "touch", touch },
	{ "addr", addr },
	{ "hfill", hfill },
	{ "hcheck", hcheck },
	{ "stack", stack },
	{ "rand", rand_blocks },
};

RA_ENCLAVE_ECALLS(ecalls);
