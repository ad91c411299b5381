/* SPDX-License-Identifier: BSD-3-Clause */
/* PCMD: a parse that succeeds consumed all, and builds back exactly. */
#include "fuzz.h"
#include "sgxra/cursor.h"
#include "sgxra/sgx.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_pcmd x;
	uint8_t out[RA_PCMD_LEN];
	struct ra_cur c = ra_cur_init(data, size);
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	if (ra_pcmd_parse(&x, &c) != RA_OK || ra_cur_finish(&c) != RA_OK) {
		return 0;
	}
	fuzz_assert(size == RA_PCMD_LEN);
	ra_pcmd_build(&b, &x);
	fuzz_same(&b, RA_OK, data, size);
	return 0;
}
