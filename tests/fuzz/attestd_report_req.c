/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The request body of POST /attestation/v4/report, the Attestation
 * Evidence Payload (ias_report_req_parse, src/attestd/ias.c): JSON with
 * isvEnclaveQuote (base64), nonce and pseManifest. Properties:
 *   - a refusal is RA_ERR_FORMAT with a reason, and leaves nothing held;
 *   - an accepted body is an object whose isvEnclaveQuote is a string and
 *     has no pseManifest; the nonce is absent (NULL) or the body's own
 *     string of at most 32 characters without a NUL;
 *   - the quote is what the base64 says: encoding it again and sending
 *     that with the same nonce parses to the same quote and nonce.
 */
#include <stdio.h>

#include "../../src/attestd/attestd.h"
#include "fuzz.h"
#include "sgxra/encode.h"

#define MAXIN     ((size_t)256 * 1024)
#define NONCE_MAX 32

/* Encode the parsed quote and nonce as a payload, parse it, compare. */
static void
round_trip(const struct ias_report_req *r)
{
	size_t b64_len = RA_BASE64_LEN(r->quote_len) + 1;
	char *b64 = malloc(b64_len);
	json_t *o = json_object();
	struct ias_report_req again;
	char *text, why[256];

	fuzz_assert(b64 != NULL && o != NULL);
	fuzz_assert(
	    ra_base64_encode(b64, b64_len, r->quote, r->quote_len) == RA_OK);
	json_object_set_new(o, "isvEnclaveQuote", json_string(b64));
	if (r->nonce != NULL) {
		json_object_set_new(o, "nonce", json_string(r->nonce));
	}
	text = json_dumps(o, JSON_COMPACT);
	fuzz_assert(text != NULL);
	fuzz_assert(ias_report_req_parse(&again, (const uint8_t *)text,
	                strlen(text), why, sizeof(why)) == RA_OK);
	fuzz_assert(again.quote_len == r->quote_len);
	fuzz_assert(r->quote_len == 0 ||
	    memcmp(again.quote, r->quote, r->quote_len) == 0);
	fuzz_assert((again.nonce == NULL) == (r->nonce == NULL));
	fuzz_assert(r->nonce == NULL || strcmp(again.nonce, r->nonce) == 0);
	ias_report_req_free(&again);
	free(text);
	json_decref(o);
	free(b64);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ias_report_req r;
	char why[256] = "";
	json_t *q, *n;
	enum ra_err err;

	if (size > MAXIN) {
		return 0;
	}
	err = ias_report_req_parse(&r, data, size, why, sizeof(why));
	if (err != RA_OK) {
		fuzz_assert(err == RA_ERR_FORMAT && why[0] != '\0');
		fuzz_assert(
		    r.root == NULL && r.quote == NULL && r.nonce == NULL);
		return 0;
	}
	fuzz_assert(json_is_object(r.root));
	q = json_object_get(r.root, "isvEnclaveQuote");
	fuzz_assert(json_is_string(q));
	fuzz_assert(json_object_get(r.root, "pseManifest") == NULL);
	fuzz_assert(r.quote != NULL);
	/* base64: at most 3 bytes per 4 characters */
	fuzz_assert(r.quote_len <= json_string_length(q) / 4 * 3 + 2);
	n = json_object_get(r.root, "nonce");
	fuzz_assert((n == NULL) == (r.nonce == NULL));
	if (r.nonce != NULL) {
		fuzz_assert(r.nonce == json_string_value(n));
		fuzz_assert(strlen(r.nonce) <= NONCE_MAX);
		fuzz_assert(strlen(r.nonce) == json_string_length(n));
	}
	round_trip(&r);
	ias_report_req_free(&r);
	fuzz_assert(r.root == NULL && r.quote == NULL);
	return 0;
}
