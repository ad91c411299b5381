/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * msg4 (this project's layout) and sgx-ra-sample's msg4: exact round
 * trips; the MAC'd region is bytes 0..104 and the secret the tail.
 */
#include "fuzz.h"
#include "sgxra/msg.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_msg4 m;
	struct ra_msg4_ras r;
	uint8_t *out;
	struct ra_buf b;

	if (ra_msg4_ras_parse(&r, data, size) == RA_OK) {
		uint8_t ras[RA_MSG4_RAS_LEN];

		b = ra_buf_init(ras, sizeof(ras));
		ra_msg4_ras_build(&b, &r);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_msg4_parse(&m, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(m.mac_data.p == data);
	fuzz_assert(m.mac_data.len == RA_MSG4_MAC_DATA_LEN);
	fuzz_assert(m.secret.len == size - RA_MSG4_MIN_LEN);
	out = malloc(size);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, size);
	fuzz_same(&b, ra_msg4_build(&b, &m), data, size);
	free(out);
	return 0;
}
