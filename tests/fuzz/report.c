/* SPDX-License-Identifier: BSD-3-Clause */
/* REPORT (432) and REPORT body (384): parse -> build is exact. */
#include "fuzz.h"
#include "sgxra/cursor.h"
#include "sgxra/sgx.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_report r;
	struct ra_report_body rb;
	uint8_t out[RA_REPORT_LEN];
	struct ra_cur c = ra_cur_init(data, size);
	struct ra_buf b;

	if (ra_report_parse(&r, &c) == RA_OK && ra_cur_finish(&c) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_report_build(&b, &r);
		fuzz_same(&b, RA_OK, data, size);
	}
	/* Any 384 bytes are a body: reserved bytes are kept. */
	c = ra_cur_init(data, size);
	if (ra_report_body_parse(&rb, &c) == RA_OK) {
		fuzz_assert(size >= RA_REPORT_BODY_LEN);
		b = ra_buf_init(out, sizeof(out));
		ra_report_body_build(&b, &rb);
		fuzz_same(&b, RA_OK, data, RA_REPORT_BODY_LEN);
	} else {
		fuzz_assert(size < RA_REPORT_BODY_LEN);
	}
	return 0;
}
