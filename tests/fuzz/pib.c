/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform info blob, payload (101) and TLV (105): exact round trips. */
#include "sgxra/pib.h"
#include "fuzz.h"
#include "sgxra/cursor.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_pib p;
	uint8_t out[RA_PIB_TLV_LEN];
	struct ra_cur c = ra_cur_init(data, size);
	struct ra_buf b;

	if (ra_pib_parse(&p, &c) == RA_OK && ra_cur_finish(&c) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_pib_build(&b, &p);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_pib_tlv_parse(&p, data, size) == RA_OK) {
		fuzz_assert(data[0] == RA_PIB_TLV_TYPE);
		b = ra_buf_init(out, sizeof(out));
		ra_pib_tlv_build(&b, &p);
		fuzz_same(&b, RA_OK, data, size);
	}
	return 0;
}
