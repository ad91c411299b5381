/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SIGSTRUCT: parse -> build is exact, and the signed-region builder
 * writes bytes 0..127 || 900..1027 of the input.
 */
#include "fuzz.h"
#include "sgxra/cursor.h"
#include "sgxra/sgx.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_sigstruct ss;
	uint8_t out[RA_SIGSTRUCT_LEN];
	struct ra_cur c = ra_cur_init(data, size);
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	if (ra_sigstruct_parse(&ss, &c) != RA_OK ||
	    ra_cur_finish(&c) != RA_OK) {
		return 0;
	}
	ra_sigstruct_build(&b, &ss);
	fuzz_same(&b, RA_OK, data, size);
	b = ra_buf_init(out, sizeof(out));
	ra_sigstruct_build_signed(&b, &ss);
	fuzz_assert(ra_buf_finish(&b) == RA_OK);
	fuzz_assert(b.len == RA_SIGSTRUCT_SIGNED_LEN);
	fuzz_assert(memcmp(out, data, 128) == 0);
	fuzz_assert(memcmp(out + 128, data + 900, 128) == 0);
	return 0;
}
