/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Percent-decoding (the X-IASReport-Signing-Certificate header) on
 * arbitrary bytes. Properties: decoding succeeds exactly when the input
 * is visible ASCII with well-formed escapes (checked here independently);
 * what it decodes, encoded again and decoded, comes back the same; and
 * encoding the raw input then decoding it gives the input back.
 */
#include "fuzz.h"
#include "sgxra/encode.h"

static bool
is_hex(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* The grammar, written apart from the decoder. Also counts the output. */
static bool
well_formed(const uint8_t *p, size_t n, size_t *out_len)
{
	size_t i = 0;

	*out_len = 0;
	while (i < n) {
		if (p[i] < 0x21 || p[i] > 0x7e) {
			return false;
		}
		if (p[i] == '%') {
			if (n - i < 3 || !is_hex(p[i + 1]) ||
			    !is_hex(p[i + 2])) {
				return false;
			}
			i += 2;
		}
		i++;
		(*out_len)++;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *dec = malloc(size + 1), *dec2 = malloc(size + 1);
	char *enc = malloc(RA_PCT_MAX_LEN(size) + 1);
	size_t n = 0, want, e, n2;
	enum ra_err err;

	fuzz_assert(dec != NULL && dec2 != NULL && enc != NULL);
	err = ra_pct_decode(dec, size, &n, (const char *)data, size);
	fuzz_assert((err == RA_OK) == well_formed(data, size, &want));
	if (err == RA_OK) {
		fuzz_assert(n == want && n <= size);
		fuzz_assert(ra_pct_encode(enc, RA_PCT_MAX_LEN(n) + 1, &e, dec,
		                n) == RA_OK);
		fuzz_assert(ra_pct_decode(dec2, size, &n2, enc, e) == RA_OK);
		fuzz_assert(n2 == n && memcmp(dec, dec2, n) == 0);
	}
	/* any bytes survive encode then decode */
	fuzz_assert(ra_pct_encode(enc, RA_PCT_MAX_LEN(size) + 1, &e, data,
	                size) == RA_OK);
	fuzz_assert(ra_pct_decode(dec, size + 1, &n, enc, e) == RA_OK);
	fuzz_assert(n == size && (size == 0 || memcmp(dec, data, size) == 0));
	free(enc);
	free(dec2);
	free(dec);
	return 0;
}
