/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DCAP quotes v3..v5: exact round trips (padding included), views inside
 * the input, ra_dcap_quote_len agreeing with the parse, and the PPID
 * certification data round-tripping when it parses.
 */
#include "fuzz.h"
#include "sgxra/quote.h"

static void
check_ppid(const struct ra_dcap_quote *q)
{
	struct ra_dcap_ppid p;
	uint8_t out[RA_PPID_RSA3072_LEN + 20];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	if (ra_dcap_quote_ppid_parse(
	        &p, q->cert_type, q->cert_data.p, q->cert_data.len) != RA_OK) {
		return;
	}
	fuzz_same(&b, ra_dcap_quote_ppid_build(&b, &p), q->cert_data.p,
	    q->cert_data.len);
}

static void
check_views(const struct ra_dcap_quote *q, const uint8_t *data, size_t size)
{
	fuzz_assert(q->signed_data.p == data);
	fuzz_inside(q->signed_data.p, q->signed_data.len, data, size);
	fuzz_inside(q->qe_report_raw.p, q->qe_report_raw.len, data, size);
	fuzz_assert(q->qe_report_raw.len == RA_REPORT_BODY_LEN);
	fuzz_inside(q->qe_auth_data.p, q->qe_auth_data.len, data, size);
	fuzz_inside(q->cert_data.p, q->cert_data.len, data, size);
	fuzz_assert(q->cert_type >= RA_DCAP_CERT_PPID_CLEAR &&
	    q->cert_type <= RA_DCAP_CERT_PCK_CHAIN);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_dcap_quote q;
	size_t qlen;
	uint8_t *out;
	struct ra_buf b;
	enum ra_err err = ra_dcap_quote_parse(&q, data, size);
	enum ra_err len_err = ra_dcap_quote_len(&qlen, data, size);

	if (err != RA_OK) {
		/* the declared length may still be there: junk after it */
		if (len_err == RA_OK) {
			fuzz_assert(qlen <= size);
		}
		return 0;
	}
	fuzz_assert(len_err == RA_OK && qlen == size - q.padding_len);
	check_views(&q, data, size);
	out = malloc(size);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, size);
	fuzz_same(&b, ra_dcap_quote_build(&b, &q), data, size);
	free(out);
	check_ppid(&q);
	return 0;
}
