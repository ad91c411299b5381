/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_SHOW_H
#define SGXRA_SHOW_H

/*
 * The "show" subcommands build one JSON tree of what they decoded (keys in
 * wire order) and print it either as JSON (--json) or as indented text
 * rendered from the same tree, so both outputs always carry the same
 * fields.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "sgxra/quote.h"
#include "sgxra/sgx.h"

/* Lowercase hex of bytes as a JSON string. */
json_t *show_hex(const void *p, size_t len);
/* An unsigned integer as a JSON integer. */
json_t *show_uint(uint64_t v);
/* "0x%0*x" as a JSON string, for flag words and ids. */
json_t *show_flags(uint64_t v, int digits);

json_t *show_attributes(const struct ra_attributes *a);
json_t *show_report_body(const struct ra_report_body *rb);
json_t *show_td_report(const struct ra_td_report *td);
/* Unix seconds as "YYYY-MM-DDThh:mm:ssZ". */
json_t *show_time(int64_t t);
json_t *show_sigstruct(const struct ra_sigstruct *ss);
/* The certificates of DCAP certification data (types 4 and 5). */
json_t *show_certs(const uint8_t *p, size_t len);

/*
 * Print root (an object) as JSON or as text and release it. Text: one
 * "key  value" per line, nested objects indented under their key.
 */
void show_emit(json_t *root, bool as_json);

/* Set key on obj, taking the reference (exits on allocation failure). */
void show_set(json_t *obj, const char *key, json_t *value);

#endif
