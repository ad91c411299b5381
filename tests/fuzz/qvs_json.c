/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The QVS report parser (ra_qvs_json_parse) on arbitrary bytes: it never
 * crashes, and a successful parse has every field within its bound: text
 * NUL-terminated printable ASCII, the status known or a well-formed
 * unknown, both times "…Z" and consistent with their text, the quote
 * body within its bound and, when it has an SGX body, a v3..v5 SGX
 * header of the right length; a failed parse leaves nothing in *r.
 */
#include "report_checks.h"

static void
time_ok(const char *text, int64_t t)
{
	int64_t again;
	char frac[RA_AVR_FRAC_MAX_LEN + 1];

	fuzz_assert(strlen(text) == 20 && text[19] == 'Z');
	fuzz_assert(ra_avr_json_time(&again, frac, text, 19) == RA_OK);
	fuzz_assert(again == t && frac[0] == '\0');
}

static void
body_ok(const struct ra_qvs_report *r)
{
	unsigned int version;

	fuzz_assert(r->quote_body_len >= RA_DCAP_HEADER_LEN &&
	    r->quote_body_len <= RA_QVS_QUOTE_BODY_MAX_LEN);
	if (!r->has_sgx_body) {
		return;
	}
	version = (unsigned int)(r->quote_body[0] | r->quote_body[1] << 8);
	fuzz_assert(version >= 3 && version <= 5);
	fuzz_assert(r->quote_body_len ==
	    RA_DCAP_HEADER_LEN + RA_REPORT_BODY_LEN + (version == 5 ? 6 : 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_qvs_report r;
	size_t i;

	if (ra_qvs_json_parse(&r, data, size) != RA_OK) {
		fuzz_assert(r.id[0] == '\0' && r.quote_body_len == 0 &&
		    !r.has_sgx_body && r.status == RA_AVR_STATUS_UNKNOWN);
		return 0;
	}
	fuzz_assert(size <= RA_AVR_BODY_MAX_LEN);
	text_ok(r.id, sizeof(r.id), true);
	time_ok(r.timestamp, r.time);
	time_ok(r.tcb_date, r.tcb_time);
	fuzz_assert(r.version >= 1 && r.version <= 1000);
	text_ok(r.attestation_type, sizeof(r.attestation_type), true);
	text_ok(r.tee_type, sizeof(r.tee_type), true);
	status_ok(r.status, r.status_text, sizeof(r.status_text));
	body_ok(&r);
	text_ok(r.nonce, sizeof(r.nonce), r.has_nonce);
	text_ok(r.advisory_url, sizeof(r.advisory_url), r.has_advisory_url);
	fuzz_assert(r.advisory_count <= RA_AVR_ADVISORY_MAX);
	fuzz_assert(r.has_advisory_ids || r.advisory_count == 0);
	for (i = 0; i < RA_AVR_ADVISORY_MAX; i++) {
		text_ok(r.advisory_ids[i], sizeof(r.advisory_ids[i]),
		    i < r.advisory_count);
	}
	fuzz_assert(r.configuration_count <= RA_QVS_CONFIGURATION_MAX);
	return 0;
}
