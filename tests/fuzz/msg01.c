/* SPDX-License-Identifier: BSD-3-Clause */
/* msg0 (4), msg1 (68) and msg0||msg1 (72): exact round trips. */
#include "fuzz.h"
#include "sgxra/msg.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_msg0 m0;
	struct ra_msg1 m1;
	struct ra_msg01 m01;
	uint8_t out[RA_MSG01_LEN];
	struct ra_buf b;

	if (ra_msg0_parse(&m0, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_msg0_build(&b, &m0);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_msg1_parse(&m1, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_msg1_build(&b, &m1);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_msg01_parse(&m01, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_msg01_build(&b, &m01);
		fuzz_same(&b, RA_OK, data, size);
	}
	return 0;
}
