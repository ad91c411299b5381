/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sgxra/encode.h"
#include "wire/json.h"
/* last: internal.h bans functions the headers above may declare */
#include "internal.h"

/* Collateral documents are a few KiB; refuse anything absurd early. */
#define JSON_MAX_LEN ((size_t)1024 * 1024)
#define DATE_LEN     20 /* "2019-09-05T07:47:07Z" */

void
ra_json_field(char *err_field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err_field, RA_ERR_FIELD_LEN, fmt, ap);
	va_end(ap);
}

bool
ra_json_str_is(const json_t *v, const char *s)
{
	return json_is_string(v) && json_string_length(v) == strlen(s) &&
	    strcmp(json_string_value(v), s) == 0;
}

enum ra_err
ra_json_load(json_t **out, const char *text, size_t len)
{
	json_error_t jerr;

	*out = NULL;
	if (text == NULL || len == 0 || len > JSON_MAX_LEN) {
		return RA_ERR_FORMAT;
	}
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (*out == NULL) {
		return json_error_code(&jerr) == json_error_out_of_memory
		    ? RA_ERR_NOMEM
		    : RA_ERR_FORMAT;
	}
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

enum ra_err
ra_json_uint(const json_t *obj, const char *key, uint64_t max, uint64_t *out,
    char *err_field)
{
	const json_t *v = json_object_get(obj, key);
	json_int_t x;

	*out = 0;
	if (!json_is_integer(v) || (x = json_integer_value(v)) < 0 ||
	    (uint64_t)x > max) {
		ra_json_field(err_field, "%s", key);
		return RA_ERR_FORMAT;
	}
	*out = (uint64_t)x;
	return RA_OK;
}

enum ra_err
ra_json_hex(
    const json_t *obj, const char *key, uint8_t *out, size_t n, char *err_field)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) ||
	    ra_hex_decode_exact(
	        out, n, json_string_value(v), json_string_length(v)) != RA_OK) {
		ra_json_field(err_field, "%s", key);
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/* n decimal digits at s, or -1. */
static int
digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

enum ra_err
ra_json_parse_date(int64_t *out, const char *s, size_t len)
{
	int y, mo, d, h, mi, se;

	*out = 0;
	if (len != DATE_LEN || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z') {
		return RA_ERR_FORMAT;
	}
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	se = digits(s + 17, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || se < 0 || se > 59 || d > month_days(y, mo)) {
		return RA_ERR_FORMAT;
	}
	*out = days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 +
	    (int64_t)mi * 60 + se;
	return RA_OK;
}

enum ra_err
ra_json_date(const json_t *obj, const char *key, int64_t *out, char *err_field)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) ||
	    ra_json_parse_date(
	        out, json_string_value(v), json_string_length(v)) != RA_OK) {
		ra_json_field(err_field, "%s", key);
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

enum ra_err
ra_json_status(const json_t *obj, const char *key, unsigned int allowed,
    enum ra_tcb_status *out, char *err_field)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;
	unsigned int i;

	if (!json_is_string(v)) {
		ra_json_field(err_field, "%s", key);
		return RA_ERR_FORMAT;
	}
	s = json_string_value(v);
	for (i = 0; i <= RA_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED; i++) {
		const char *name =
		    ra_tcb_info_status_name((enum ra_tcb_status)i);

		if ((allowed & (1U << i)) != 0 &&
		    strlen(name) == json_string_length(v) &&
		    strcmp(name, s) == 0) {
			*out = (enum ra_tcb_status)i;
			return RA_OK;
		}
	}
	ra_json_field(err_field, "%s", key);
	return RA_ERR_VERSION;
}

/* Index of id in table, adding it if new; -1 if full. */
static int
intern(char (*table)[RA_ADVISORY_ID_LEN], size_t *n, size_t cap, const char *id,
    size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strlen(table[i]) == len && strcmp(table[i], id) == 0) {
			return (int)i;
		}
	}
	if (*n == cap) {
		return -1;
	}
	memcpy(table[*n], id, len);
	table[*n][len] = '\0';
	return (int)(*n)++;
}

enum ra_err
ra_json_advisories(const json_t *obj, char (*table)[RA_ADVISORY_ID_LEN],
    size_t *n, size_t cap, struct ra_advisory_refs *refs, char *err_field)
{
	const json_t *arr = json_object_get(obj, "advisoryIDs"), *v;
	size_t i, len;
	int idx;

	refs->n = 0;
	if (arr == NULL) {
		return RA_OK; /* optional */
	}
	if (!json_is_array(arr) ||
	    json_array_size(arr) > RA_LEVEL_ADVISORIES_MAX) {
		ra_json_field(err_field, "advisoryIDs");
		return RA_ERR_FORMAT;
	}
	json_array_foreach(arr, i, v)
	{
		len = json_string_length(v);
		if (!json_is_string(v) || len == 0 ||
		    len >= RA_ADVISORY_ID_LEN ||
		    strlen(json_string_value(v)) != len ||
		    (idx = intern(table, n, cap, json_string_value(v), len)) <
		        0) {
			ra_json_field(err_field, "advisoryIDs[%zu]", i);
			return RA_ERR_FORMAT;
		}
		refs->idx[refs->n++] = (uint16_t)idx;
	}
	return RA_OK;
}

/* ---- raw extents ------------------------------------------------------ */

static size_t
skip_ws(const char *p, size_t i, size_t n)
{
	while (i < n &&
	    (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) {
		i++;
	}
	return i;
}

/* p[i] is '"': the index just past the closing quote, or n. */
static size_t
skip_string(const char *p, size_t i, size_t n)
{
	for (i++; i < n; i++) {
		if (p[i] == '\\') {
			i++;
		} else if (p[i] == '"') {
			return i + 1;
		}
	}
	return n;
}

/*
 * The index just past the value starting at p[i]. Non-recursive: objects
 * and arrays are skipped with a depth counter. The input is known to be
 * valid JSON, so brackets balance.
 */
static size_t
skip_value(const char *p, size_t i, size_t n)
{
	size_t depth = 0;

	if (i < n && p[i] == '"') {
		return skip_string(p, i, n);
	}
	if (i < n && p[i] != '{' && p[i] != '[') {
		while (i < n && strchr(",}] \t\r\n", p[i]) == NULL) {
			i++;
		}
		return i;
	}
	while (i < n) {
		if (p[i] == '"') {
			i = skip_string(p, i, n);
			continue;
		}
		if (p[i] == '{' || p[i] == '[') {
			depth++;
		} else if ((p[i] == '}' || p[i] == ']') && --depth == 0) {
			return i + 1;
		}
		i++;
	}
	return n;
}

enum ra_err
ra_json_raw_member(
    struct ra_bytes *val, const char *doc, size_t len, const char *key)
{
	size_t i = skip_ws(doc, 0, len), k, klen = strlen(key), end;

	if (i >= len || doc[i] != '{') {
		return RA_ERR_FORMAT;
	}
	i++;
	while (i < len) {
		i = skip_ws(doc, i, len);
		if (i >= len || doc[i] != '"') {
			break;
		}
		k = i + 1;
		i = skip_string(doc, i, len);
		i = skip_ws(doc, i, len);
		if (i >= len || doc[i] != ':') {
			break;
		}
		i = skip_ws(doc, i + 1, len);
		end = skip_value(doc, i, len);
		/* an escaped key never matches: its raw text differs */
		if (end > i && k + klen + 1 <= len && doc[k + klen] == '"' &&
		    strncmp(doc + k, key, klen) == 0) {
			val->p = (const uint8_t *)doc + i;
			val->len = end - i;
			return RA_OK;
		}
		i = skip_ws(doc, end, len);
		if (i >= len || doc[i] != ',') {
			break;
		}
		i++;
	}
	return RA_ERR_FORMAT;
}
