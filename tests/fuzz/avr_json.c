/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The AVR body parser (ra_avr_json_parse) on arbitrary bytes: it never
 * crashes, and a successful parse has every field within its bound: text
 * NUL-terminated printable ASCII of the right length, counts and numbers
 * in range, the timestamp consistent with its text, no views.
 */
#include "report_checks.h"

static void
time_ok(const struct ra_avr *a)
{
	int64_t t;
	char frac[RA_AVR_FRAC_MAX_LEN + 1];

	text_ok(a->timestamp, sizeof(a->timestamp), true);
	fuzz_assert(ra_avr_json_time(
	                &t, frac, a->timestamp, strlen(a->timestamp)) == RA_OK);
	fuzz_assert(t == a->time && strcmp(frac, a->time_frac) == 0);
	fuzz_assert(a->time >= 0 && a->time <= 253402300799);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_avr a;
	size_t i;

	if (ra_avr_json_parse(&a, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(size <= RA_AVR_BODY_MAX_LEN);
	text_ok(a.id, sizeof(a.id), true);
	time_ok(&a);
	fuzz_assert(a.version >= 1 && a.version <= 1000);
	status_ok(a.status, a.status_text, sizeof(a.status_text));
	fuzz_assert(a.quote.version == 1 || a.quote.version == 2);
	fuzz_assert(a.quote.body.p == NULL && a.quote.body.len == 0);
	fuzz_assert(a.quote.signature.p == NULL && a.quote.signature.len == 0);
	fuzz_assert(a.has_revocation_reason || a.revocation_reason == 0);
	fuzz_assert(a.revocation_reason <= RA_AVR_REVOCATION_REASON_MAX);
	text_ok(a.pse_manifest_status, sizeof(a.pse_manifest_status),
	    a.has_pse_manifest_status);
	text_ok(a.nonce, sizeof(a.nonce), a.has_nonce);
	text_ok(a.advisory_url, sizeof(a.advisory_url), a.has_advisory_url);
	fuzz_assert(a.advisory_count <= RA_AVR_ADVISORY_MAX);
	fuzz_assert(a.has_advisory_ids || a.advisory_count == 0);
	for (i = 0; i < RA_AVR_ADVISORY_MAX; i++) {
		text_ok(a.advisory_ids[i], sizeof(a.advisory_ids[i]),
		    i < a.advisory_count);
	}
	return 0;
}
