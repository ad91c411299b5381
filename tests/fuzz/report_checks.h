/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checks shared by the fuzz targets of the two signed-report parsers
 * (avr_json: IAS AVRs, qvs_json: QVS reports): their text fields and
 * their status share one representation.
 */
#ifndef RA_FUZZ_REPORT_CHECKS_H
#define RA_FUZZ_REPORT_CHECKS_H

#include "fuzz.h"
#include "sgxra/ias.h"

/* A NUL-terminated printable string of 1..cap-1 characters, or empty. */
static void
text_ok(const char *s, size_t cap, bool present)
{
	size_t i, n = strnlen(s, cap);

	fuzz_assert(n < cap);
	fuzz_assert(present ? n > 0 : n == 0);
	for (i = 0; i < n; i++) {
		fuzz_assert(s[i] >= 0x20 && s[i] <= 0x7e);
	}
}

/* A known status with its own name, or an unknown one in [A-Z0-9_]. */
static void
status_ok(enum ra_avr_status status, const char *text, size_t cap)
{
	size_t i;

	fuzz_assert((unsigned int)status <= RA_AVR_STATUS_LAST);
	text_ok(text, cap, true);
	if (status != RA_AVR_STATUS_UNKNOWN) {
		fuzz_assert(strcmp(ra_avr_status_name(status), text) == 0);
		return;
	}
	for (i = 0; text[i] != '\0'; i++) {
		char c = text[i];

		fuzz_assert((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_');
	}
}

#endif
