/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EPID quote and its signature blob: exact round trips; the body and
 * signature views lie in the input where the layout says.
 */
#include "fuzz.h"
#include "sgxra/quote.h"

static void
check_sig(const struct ra_bytes *sig)
{
	struct ra_epid_quote_sig s;
	uint8_t *out;
	struct ra_buf b;

	if (ra_epid_quote_sig_parse(&s, sig->p, sig->len) != RA_OK) {
		return;
	}
	fuzz_inside(s.ciphertext.p, s.ciphertext.len, sig->p, sig->len);
	fuzz_assert(s.ciphertext.len + RA_EPID_SIG_OVERHEAD_LEN == sig->len);
	out = malloc(sig->len);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, sig->len);
	fuzz_same(&b, ra_epid_quote_sig_build(&b, &s), sig->p, sig->len);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_epid_quote q;
	uint8_t *out;
	struct ra_buf b;

	/* the input may also be a bare signature blob */
	check_sig(&(struct ra_bytes){ data, size });
	if (ra_epid_quote_parse(&q, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(q.body.p == data && q.body.len == RA_EPID_QUOTE_BODY_LEN);
	fuzz_assert(q.signature.len == size - RA_EPID_QUOTE_MIN_LEN);
	fuzz_inside(q.signature.p, q.signature.len, data, size);
	out = malloc(size);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, size);
	fuzz_same(&b, ra_epid_quote_build(&b, &q), data, size);
	free(out);
	check_sig(&q.signature);
	return 0;
}
