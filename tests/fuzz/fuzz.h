/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_FUZZ_H
#define RA_FUZZ_H

/*
 * Shared by the libFuzzer targets of tests/fuzz/. Each target asserts
 * properties, not just the absence of a crash: a successful parse must
 * have consumed exactly the input, and building from the parsed struct
 * must give back exactly the input bytes. A violated property aborts, so
 * libFuzzer (and the corpus replay of `make check`) reports it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sgxra/buf.h"
#include "sgxra/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless ok: a property of the parser does not hold. */
static inline void
fuzz_assert(bool ok)
{
	if (!ok) {
		abort();
	}
}

/*
 * The writer b, finished with err, must have written exactly want[0..n).
 */
static inline void
fuzz_same(const struct ra_buf *b, enum ra_err err, const void *want, size_t n)
{
	fuzz_assert(err == RA_OK && ra_buf_finish(b) == RA_OK);
	fuzz_assert(b->len == n);
	fuzz_assert(n == 0 || memcmp(b->p, want, n) == 0);
}

/* A view must lie inside data[0..size). */
static inline void
fuzz_inside(const uint8_t *p, size_t len, const uint8_t *data, size_t size)
{
	fuzz_assert(len == 0 ||
	    (p >= data && len <= size && (size_t)(p - data) <= size - len));
}

#endif
