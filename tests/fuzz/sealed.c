/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sealed blobs (SDK layout). Property: a parsed blob rebuilds to the
 * input exactly, and its views lie inside it.
 */
#include "fuzz.h"
#include "sgxra/seal.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[1 << 20];
	struct ra_sealed s;
	struct ra_buf b;

	if (size > sizeof(out) || ra_sealed_parse(&s, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(
	    s.ciphertext.p >= data && s.aad.p + s.aad.len == data + size);
	b = ra_buf_init(out, sizeof(out));
	fuzz_same(&b, ra_sealed_build(&b, &s), data, size);
	return 0;
}
