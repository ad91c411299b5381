/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * msg3: exact round trip; the MAC'd region is bytes 16..end and the quote
 * the tail. The quote is also run through both quote parsers.
 */
#include "fuzz.h"
#include "sgxra/msg.h"
#include "sgxra/quote.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_msg3 m;
	struct ra_epid_quote eq;
	struct ra_dcap_quote dq;
	uint8_t *out;
	struct ra_buf b;

	if (ra_msg3_parse(&m, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(size > RA_MSG3_MIN_LEN);
	fuzz_assert(m.mac_data.p == data + 16 && m.mac_data.len == size - 16);
	fuzz_assert(m.quote.p == data + RA_MSG3_MIN_LEN);
	fuzz_assert(m.quote.len == size - RA_MSG3_MIN_LEN);
	out = malloc(size);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, size);
	fuzz_same(&b, ra_msg3_build(&b, &m), data, size);
	free(out);
	if (ra_epid_quote_parse(&eq, m.quote.p, m.quote.len) == RA_OK) {
		fuzz_assert(eq.body.p == m.quote.p);
	}
	if (ra_dcap_quote_parse(&dq, m.quote.p, m.quote.len) == RA_OK) {
		fuzz_assert(dq.signed_data.p == m.quote.p);
	}
	return 0;
}
