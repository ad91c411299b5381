/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>

#include "internal.h"
#include "sgxra/encode.h"

/*
 * All character classification below is arithmetic on masks, with no
 * branch or table index that depends on the data (libsodium's
 * sodium_bin2hex / sodium_bin2base64 approach). mask(c) is 0xff.. when
 * c is true and 0 otherwise.
 */

/* 0xffffffff if a < b else 0, for a, b < 2^31. */
static uint32_t
lt_mask(uint32_t a, uint32_t b)
{
	return 0U - ((a - b) >> 31);
}

/* 0xffffffff if lo <= c <= hi else 0, for small values. */
static uint32_t
range_mask(uint32_t c, uint32_t lo, uint32_t hi)
{
	return ~lt_mask(c, lo) & lt_mask(c, hi + 1);
}

static uint32_t
eq_mask(uint32_t a, uint32_t b)
{
	return range_mask(a, b, b);
}

static char
hex_digit(uint32_t v)
{
	/* v in 0..15: '0' + v, or 'a' + v - 10 */
	return (char)(v + 48 + (lt_mask(9, v) & 39));
}

enum ra_err
ra_hex_encode(char *out, size_t out_cap, const uint8_t *in, size_t len)
{
	size_t i;

	if (out == NULL || (in == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	if (len > (SIZE_MAX - 1) / 2 || out_cap < RA_HEX_LEN(len) + 1) {
		return RA_ERR_SPACE;
	}
	for (i = 0; i < len; i++) {
		out[2 * i] = hex_digit(in[i] >> 4);
		out[2 * i + 1] = hex_digit(in[i] & 15U);
	}
	out[2 * len] = '\0';
	return RA_OK;
}

/* Value of a hex digit, and *bad |= 0xff.. if c is not one. */
static uint32_t
hex_value(uint8_t c, uint32_t *bad)
{
	uint32_t d = range_mask(c, '0', '9');
	uint32_t lo = range_mask(c, 'a', 'f');
	uint32_t up = range_mask(c, 'A', 'F');

	*bad |= ~(d | lo | up);
	return ((c - 48U) & d) | ((c - 87U) & lo) | ((c - 55U) & up);
}

enum ra_err
ra_hex_decode(uint8_t *out, size_t out_cap, size_t *out_len, const char *in,
    size_t in_len)
{
	uint32_t bad = 0;
	size_t i;

	if (out_len == NULL || (out == NULL && out_cap != 0) ||
	    (in == NULL && in_len != 0)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	if (in_len % 2 != 0) {
		return RA_ERR_FORMAT;
	}
	if (in_len / 2 > out_cap) {
		return RA_ERR_SPACE;
	}
	for (i = 0; i < in_len / 2; i++) {
		uint32_t hi = hex_value((uint8_t)in[2 * i], &bad);
		uint32_t lo = hex_value((uint8_t)in[2 * i + 1], &bad);

		out[i] = (uint8_t)(hi << 4 | lo);
	}
	/* Validity is public: the result says it. */
	RA_DECLASSIFY(&bad, sizeof(bad));
	if (bad != 0) {
		ra_wipe(out, in_len / 2);
		return RA_ERR_FORMAT;
	}
	*out_len = in_len / 2;
	return RA_OK;
}

enum ra_err
ra_hex_decode_exact(uint8_t *out, size_t out_len, const char *in, size_t in_len)
{
	size_t n;
	enum ra_err err;

	if (out_len > SIZE_MAX / 2 || in_len != 2 * out_len) {
		return RA_ERR_FORMAT;
	}
	err = ra_hex_decode(out, out_len, &n, in, in_len);
	return err;
}

static char
b64_char(uint32_t v)
{
	/* A-Z 0..25, a-z 26..51, 0-9 52..61, + 62, / 63 */
	uint32_t c = v + 'A';

	c += lt_mask(25, v) & (uint32_t)('a' - 26 - 'A');
	c += lt_mask(51, v) & (uint32_t)('0' - 52 - ('a' - 26));
	c += eq_mask(v, 62) & (uint32_t)('+' - ('0' + 10));
	c += eq_mask(v, 63) & (uint32_t)('/' - ('0' + 11));
	return (char)c;
}

static uint32_t
b64_value(uint8_t c, uint32_t *bad)
{
	uint32_t up = range_mask(c, 'A', 'Z');
	uint32_t lo = range_mask(c, 'a', 'z');
	uint32_t d = range_mask(c, '0', '9');
	uint32_t plus = eq_mask(c, '+');
	uint32_t slash = eq_mask(c, '/');

	*bad |= ~(up | lo | d | plus | slash);
	return ((c - 'A') & up) | ((c - 'a' + 26U) & lo) |
	    ((c - '0' + 52U) & d) | (62U & plus) | (63U & slash);
}

enum ra_err
ra_base64_encode(char *out, size_t out_cap, const uint8_t *in, size_t len)
{
	size_t i, o = 0;
	uint32_t w;

	if (out == NULL || (in == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	if (len > (SIZE_MAX / 4) * 3 - 3 || out_cap < RA_BASE64_LEN(len) + 1) {
		return RA_ERR_SPACE;
	}
	for (i = 0; i + 3 <= len; i += 3) {
		w = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		out[o++] = b64_char(w >> 18);
		out[o++] = b64_char((w >> 12) & 63U);
		out[o++] = b64_char((w >> 6) & 63U);
		out[o++] = b64_char(w & 63U);
	}
	if (len - i == 1) {
		w = (uint32_t)in[i] << 16;
		out[o++] = b64_char(w >> 18);
		out[o++] = b64_char((w >> 12) & 63U);
		out[o++] = '=';
		out[o++] = '=';
	} else if (len - i == 2) {
		w = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = b64_char(w >> 18);
		out[o++] = b64_char((w >> 12) & 63U);
		out[o++] = b64_char((w >> 6) & 63U);
		out[o++] = '=';
	}
	out[o] = '\0';
	return RA_OK;
}

/*
 * Count of '=' at the end of the input (0, 1 or 2), computed without a
 * branch on the characters; the count is public (it gives the length).
 */
static size_t
b64_padding(const char *in, size_t in_len)
{
	uint32_t last, prev;
	size_t pad;

	if (in_len < 2) {
		return 0;
	}
	last = eq_mask((uint8_t)in[in_len - 1], '=');
	prev = eq_mask((uint8_t)in[in_len - 2], '=') & last;
	pad = (size_t)(last & 1U) + (size_t)(prev & 1U);
	RA_DECLASSIFY(&pad, sizeof(pad));
	return pad;
}

enum ra_err
ra_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len, const char *in,
    size_t in_len)
{
	uint32_t bad = 0, w, v[4];
	size_t pad, n, i, o = 0, k, chars;

	if (out_len == NULL || (out == NULL && out_cap != 0) ||
	    (in == NULL && in_len != 0)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	if (in_len % 4 != 0) {
		return RA_ERR_FORMAT;
	}
	/* The padding is public: it only reveals the length. */
	pad = b64_padding(in, in_len);
	n = in_len / 4 * 3 - pad;
	if (n > out_cap) {
		return RA_ERR_SPACE;
	}
	for (i = 0; i < in_len; i += 4) {
		chars = i + 4 == in_len ? 4 - pad : 4;
		for (k = 0; k < 4; k++) {
			v[k] =
			    k < chars ? b64_value((uint8_t)in[i + k], &bad) : 0;
		}
		w = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
		out[o++] = (uint8_t)(w >> 16);
		if (chars > 2) {
			out[o++] = (uint8_t)(w >> 8);
		} else {
			/* canonical: the unused bits must be zero */
			bad |= w & 0xffffU;
		}
		if (chars > 3) {
			out[o++] = (uint8_t)w;
		} else if (chars == 3) {
			bad |= w & 0xffU;
		}
	}
	RA_DECLASSIFY(&bad, sizeof(bad));
	if (bad != 0) {
		ra_wipe(out, n);
		return RA_ERR_FORMAT;
	}
	*out_len = n;
	return RA_OK;
}

/* Percent-encoding (RFC 3986 §2.1). Not constant-time: see encode.h. */

static bool
pct_is_raw(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '/';
}

enum ra_err
ra_pct_encode(
    char *out, size_t out_cap, size_t *out_len, const uint8_t *in, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i, o = 0;

	if (out == NULL || out_len == NULL || (in == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	for (i = 0; i < len; i++) {
		size_t need = pct_is_raw(in[i]) ? 1 : 3;

		if (out_cap - o <= need) {
			return RA_ERR_SPACE;
		}
		if (need == 1) {
			out[o++] = (char)in[i];
			continue;
		}
		out[o++] = '%';
		out[o++] = digits[in[i] >> 4];
		out[o++] = digits[in[i] & 15U];
	}
	if (out_cap == 0) {
		return RA_ERR_SPACE;
	}
	out[o] = '\0';
	*out_len = o;
	return RA_OK;
}

/* The value of one hex digit, or -1. */
static int
pct_hex(uint8_t c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

enum ra_err
ra_pct_decode(uint8_t *out, size_t out_cap, size_t *out_len, const char *in,
    size_t in_len)
{
	size_t i = 0, o = 0;
	int hi, lo;

	if (out_len == NULL || (out == NULL && out_cap != 0) ||
	    (in == NULL && in_len != 0)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	while (i < in_len) {
		uint8_t c = (uint8_t)in[i];

		if (c <= 0x20 || c >= 0x7f) {
			return RA_ERR_FORMAT;
		}
		if (c == '%') {
			if (in_len - i < 3 ||
			    (hi = pct_hex((uint8_t)in[i + 1])) < 0 ||
			    (lo = pct_hex((uint8_t)in[i + 2])) < 0) {
				return RA_ERR_FORMAT;
			}
			c = (uint8_t)(hi << 4 | lo);
			i += 3;
		} else {
			i++;
		}
		if (o == out_cap) {
			return RA_ERR_SPACE;
		}
		out[o++] = c;
	}
	*out_len = o;
	return RA_OK;
}
