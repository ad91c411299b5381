/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hex and base64 decoders, and the strict DER ECDSA signature decoder.
 * Properties: whatever decodes re-encodes to exactly the input (base64 and
 * lowercase hex are canonical; DER is unique), and the decoded length is
 * the one the encoding implies.
 */
#include <ctype.h>

#include "fuzz.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"

#define MAXIN 4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bin[MAXIN];
	static char txt[2 * MAXIN + 8];
	struct ra_ec256_sig sig;
	uint8_t der[80];
	size_t n, dl, i;

	if (size > MAXIN) {
		return 0;
	}
	if (ra_base64_decode(bin, sizeof(bin), &n, (const char *)data, size) ==
	    RA_OK) {
		fuzz_assert(n ==
		    size / 4 * 3 - (size > 0 && data[size - 1] == '=') -
		        (size > 1 && data[size - 2] == '='));
		fuzz_assert(
		    ra_base64_encode(txt, sizeof(txt), bin, n) == RA_OK);
		fuzz_assert(
		    strlen(txt) == size && memcmp(txt, data, size) == 0);
	}
	if (ra_hex_decode(bin, sizeof(bin), &n, (const char *)data, size) ==
	    RA_OK) {
		fuzz_assert(n * 2 == size);
		fuzz_assert(ra_hex_encode(txt, sizeof(txt), bin, n) == RA_OK);
		for (i = 0; i < size; i++) {
			fuzz_assert(txt[i] == tolower(data[i]));
		}
	}
	if (ra_ecdsa_sig_from_der(&sig, data, size) == RA_OK) {
		fuzz_assert(
		    ra_ecdsa_sig_to_der(der, sizeof(der), &dl, &sig) == RA_OK);
		fuzz_assert(dl == size && memcmp(der, data, size) == 0);
	}
	return 0;
}
