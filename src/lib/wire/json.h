/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_WIRE_JSON_H
#define RA_WIRE_JSON_H

/*
 * Private helpers of src/lib/wire/ for the JSON collateral documents
 * (tcb_info.c, qe_identity.c, collateral.c): strict field readers over
 * jansson objects, ISO 8601 dates, advisory id lists, and the raw-text
 * extent of a top-level member (what a PCS signature covers). Each
 * reader returns RA_OK, RA_ERR_FORMAT (missing, wrong type or size, out
 * of range) or RA_ERR_VERSION (a string outside a closed set), and names
 * the member in err_field (RA_ERR_FIELD_LEN bytes) on failure.
 */
#include <jansson.h>

#include "sgxra/dcap.h"

/* Parse text as one JSON object; duplicate keys and trailing bytes refused. */
enum ra_err ra_json_load(json_t **out, const char *text, size_t len);

/* A JSON integer in [0, max]. */
enum ra_err ra_json_uint(const json_t *obj, const char *key, uint64_t max,
    uint64_t *out, char *err_field);

/* A string of exactly 2 * n hex digits (either case), decoded. */
enum ra_err ra_json_hex(const json_t *obj, const char *key, uint8_t *out,
    size_t n, char *err_field);

/* "YYYY-MM-DDThh:mm:ssZ" as Unix seconds (UTC). */
enum ra_err ra_json_date(
    const json_t *obj, const char *key, int64_t *out, char *err_field);

/* The same parse on bytes (exported for tests and the tools). */
enum ra_err ra_json_parse_date(int64_t *out, const char *s, size_t len);

/*
 * tcbStatus: one of the names of enum ra_tcb_status whose bit
 * (1 << status) is in allowed; RA_ERR_VERSION for another string.
 */
enum ra_err ra_json_status(const json_t *obj, const char *key,
    unsigned int allowed, enum ra_tcb_status *out, char *err_field);

/*
 * The optional "advisoryIDs" array of obj: each id is looked up in (or
 * added to) table[0..*n) of capacity cap, and its index appended to refs.
 */
enum ra_err ra_json_advisories(const json_t *obj,
    char (*table)[RA_ADVISORY_ID_LEN], size_t *n, size_t cap,
    struct ra_advisory_refs *refs, char *err_field);

/*
 * In doc[0..len), which jansson has already accepted as one JSON object,
 * the raw text of the value of the top-level member key: from its first
 * to its last byte. RA_ERR_FORMAT if there is no such member.
 */
enum ra_err ra_json_raw_member(
    struct ra_bytes *val, const char *doc, size_t len, const char *key);

/* True iff v is a JSON string equal to s (no NUL inside, same length). */
bool ra_json_str_is(const json_t *v, const char *s);

/* Set err_field (RA_ERR_FIELD_LEN bytes) to a formatted name. */
void ra_json_field(char *err_field, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
