/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "internal.h"

bool
ra_ct_eq(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a;
	const uint8_t *y = b;
	volatile uint8_t d = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		d |= (uint8_t)(x[i] ^ y[i]);
	}
	/* 1 iff d == 0, without a data-dependent branch. */
	return (1 & (((uint32_t)d - 1) >> 8)) != 0;
}

bool
ra_ct_is_zero(const void *p, size_t n)
{
	const uint8_t *x = p;
	volatile uint8_t d = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		d |= x[i];
	}
	return (1 & (((uint32_t)d - 1) >> 8)) != 0;
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
