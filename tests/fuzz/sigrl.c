/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SigRL: exact round trip, length = 80 + 128 * n2, every entry readable
 * and equal to its bytes, entry n2 refused.
 */
#include "sgxra/sigrl.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_sigrl rl;
	struct ra_sigrl_entry e;
	uint8_t *out;
	struct ra_buf b;
	uint32_t i;

	if (ra_sigrl_parse(&rl, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(size == RA_SIGRL_MIN_LEN + (size_t)rl.n2 * 128);
	fuzz_assert(rl.entries.p == data + RA_SIGRL_HEADER_LEN);
	fuzz_assert(rl.signed_data.p == data);
	fuzz_assert(rl.signed_data.len == size - RA_SIGRL_SIG_LEN);
	for (i = 0; i < rl.n2; i++) {
		fuzz_assert(ra_sigrl_entry_parse(&e, &rl, i) == RA_OK);
		fuzz_assert(
		    memcmp(e.b, rl.entries.p + (size_t)i * 128, 64) == 0);
		fuzz_assert(
		    memcmp(e.k, rl.entries.p + (size_t)i * 128 + 64, 64) == 0);
	}
	fuzz_assert(ra_sigrl_entry_parse(&e, &rl, rl.n2) == RA_ERR_ARG);
	out = malloc(size);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, size);
	fuzz_same(&b, ra_sigrl_build(&b, &rl), data, size);
	free(out);
	return 0;
}
