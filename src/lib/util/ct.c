/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "internal.h"

/*
 * Both comparisons OR the differences of whole 64-bit words into one
 * accumulator, with no branch on the data, then collapse it to a bit with
 * arithmetic. The accumulator is read once through a volatile, so the
 * compiler can neither drop the loop nor turn it into an early exit. A
 * byte-at-a-time volatile loop costs a store per byte: several
 * microseconds on a DCAP quote's padding.
 */
static uint64_t
load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* 1 iff d == 0, without a data-dependent branch. */
static bool
is_zero64(uint64_t d)
{
	volatile uint64_t v = d;
	uint64_t x = v;

	x |= x >> 32;
	x &= 0xffffffffU;
	return (1 & ((x - 1) >> 63)) != 0;
}

bool
ra_ct_eq(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a;
	const uint8_t *y = b;
	uint64_t d = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		d |= load64(x + i) ^ load64(y + i);
	}
	for (; i < n; i++) {
		d |= (uint64_t)(x[i] ^ y[i]);
	}
	return is_zero64(d);
}

bool
ra_ct_is_zero(const void *p, size_t n)
{
	const uint8_t *x = p;
	uint64_t d = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		d |= load64(x + i);
	}
	for (; i < n; i++) {
		d |= x[i];
	}
	return is_zero64(d);
}

void
ra_wipe(void *p, size_t n)
{
	if (n == 0) {
		return;
	}
	explicit_bzero(p, n);
}

void
ra_reverse(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	size_t i;
	uint8_t t;

	if (d == s) {
		for (i = 0; i < n / 2; i++) {
			t = d[i];
			d[i] = d[n - 1 - i];
			d[n - 1 - i] = t;
		}
		return;
	}
	for (i = 0; i < n; i++) {
		d[i] = s[n - 1 - i];
	}
}
