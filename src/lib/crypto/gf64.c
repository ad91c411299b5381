/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GF(2^64) arithmetic and the MEE's multilinear universal hash (MEE.md
 * 3.2): U(M) = XOR_i M_i * H_i over GF(2)[x] / (x^64 + x^4 + x^3 + x + 1).
 *
 * Two paths give the same value: a portable shift-and-add multiply with
 * masks (no secret-dependent branch or index), and, on x86-64 CPUs with
 * PCLMULQDQ, eight carry-less products summed into 128 bits and reduced
 * once (reduction is linear). tests/unit/mee_crypto.c checks that they
 * agree.
 */
#include <stdbool.h>

/* System headers before internal.h (its banned-function macros). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_CLMUL_PATH 1
#endif

#include "internal.h"
#include "sgxra/crypto.h"

/* x^64 = x^4 + x^3 + x + 1 modulo the field polynomial. */
#define GF64_R 0x1bU

uint64_t
ra_gf64_mul(uint64_t a, uint64_t b)
{
	uint64_t r = 0;
	unsigned int i;

	for (i = 0; i < 64; i++) {
		r ^= a & (0 - ((b >> i) & 1));
		a = (a << 1) ^ (GF64_R & (0 - (a >> 63)));
	}
	return r;
}

uint64_t
ra_uhash64_ref(const uint8_t key[64], const uint8_t msg[64])
{
	uint64_t u = 0;
	size_t i;

	for (i = 0; i < 8; i++) {
		u ^= ra_gf64_mul(
		    ra_dec64le(msg + 8 * i), ra_dec64le(key + 8 * i));
	}
	return u;
}

#ifdef HAVE_CLMUL_PATH
__attribute__((target("pclmul,sse4.1"))) static uint64_t
uhash_clmul(const uint8_t key[64], const uint8_t msg[64])
{
	__m128i acc = _mm_setzero_si128();
	__m128i r = _mm_cvtsi32_si128((int)GF64_R);
	__m128i t;
	__m128i t2;
	size_t i;

	/* Two words per 128-bit load: lanes 0 and 1 multiply separately
	 * (x86-64 is little-endian, so the lanes are the LE64 words). */
	for (i = 0; i < 4; i++) {
		__m128i m = _mm_loadu_si128((const __m128i *)(msg + 16 * i));
		__m128i h = _mm_loadu_si128((const __m128i *)(key + 16 * i));

		acc = _mm_xor_si128(acc, _mm_clmulepi64_si128(m, h, 0x00));
		acc = _mm_xor_si128(acc, _mm_clmulepi64_si128(m, h, 0x11));
	}
	/* acc = hi * x^64 + lo; hi * x^64 = hi * R, whose top 4 bits fold once
	 * more. */
	t = _mm_clmulepi64_si128(acc, r, 0x01);
	t2 = _mm_clmulepi64_si128(t, r, 0x01);
	acc = _mm_xor_si128(acc, _mm_xor_si128(t, t2));
	return (uint64_t)_mm_cvtsi128_si64(acc);
}

/* Reads the CPU features the runtime recorded at start-up. */
static bool
has_clmul(void)
{
	return __builtin_cpu_supports("pclmul") != 0;
}
#endif

uint64_t
ra_uhash64(const uint8_t key[64], const uint8_t msg[64])
{
#ifdef HAVE_CLMUL_PATH
	if (has_clmul()) {
		return uhash_clmul(key, msg);
	}
#endif
	return ra_uhash64_ref(key, msg);
}
