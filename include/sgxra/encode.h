/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_ENCODE_H
#define RA_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"

/*
 * Hex and base64 (RFC 4648 §4, standard alphabet, padded). Both directions
 * run in time that depends on the length only, not on the bytes: they are
 * used for keys in configuration files. Decoders are strict: any character
 * outside the alphabet, bad padding, non-zero trailing bits or a length
 * that is not a whole encoding give RA_ERR_FORMAT and write nothing
 * useful. Whitespace is not skipped.
 */

/* Characters needed to hex-encode len bytes, without the NUL. */
#define RA_HEX_LEN(len) ((len)*2)
/* Characters needed to base64-encode len bytes, without the NUL. */
#define RA_BASE64_LEN(len) ((((len) + 2) / 3) * 4)

/*
 * Write the lowercase hex of in[0..len) and a NUL to out. out_cap must be
 * at least RA_HEX_LEN(len) + 1, else RA_ERR_SPACE.
 */
RA_MUST_CHECK enum ra_err ra_hex_encode(
    char *out, size_t out_cap, const uint8_t *in, size_t len);

/*
 * Decode in_len hex characters (either case) into out. in_len must be
 * even and in_len / 2 <= out_cap. *out_len receives the byte count.
 */
RA_MUST_CHECK enum ra_err ra_hex_decode(uint8_t *out, size_t out_cap,
    size_t *out_len, const char *in, size_t in_len);

/*
 * Decode exactly out_len bytes: in must be exactly 2 * out_len hex
 * characters (a fixed-size key, digest or identifier).
 */
RA_MUST_CHECK enum ra_err ra_hex_decode_exact(
    uint8_t *out, size_t out_len, const char *in, size_t in_len);

/* Like ra_hex_encode, in base64 with padding; out_cap >= RA_BASE64_LEN + 1. */
RA_MUST_CHECK enum ra_err ra_base64_encode(
    char *out, size_t out_cap, const uint8_t *in, size_t len);

/*
 * Decode in_len base64 characters (a multiple of 4, padded) into out.
 * The decoded length must fit out_cap, else RA_ERR_SPACE.
 */
RA_MUST_CHECK enum ra_err ra_base64_decode(uint8_t *out, size_t out_cap,
    size_t *out_len, const char *in, size_t in_len);

/*
 * Percent-encoding (RFC 3986 §2.1), as IAS writes the PEM chain of its
 * X-IASReport-Signing-Certificate header. Unlike the codecs above these
 * are not constant-time: they serve public data (certificates), and
 * their output length depends on the bytes.
 */

/* Most characters percent-encoding len bytes can take, without the NUL. */
#define RA_PCT_MAX_LEN(len) ((len)*3)

/*
 * Encode in[0..len): the unreserved characters A-Z a-z 0-9 - . _ ~ and
 * the '/' stay as they are, every other byte becomes %XX with uppercase
 * hex (IAS's form: space %20, newline %0A, + %2B, = %3D). Writes a NUL;
 * *out_len excludes it. RA_ERR_SPACE if out_cap is too small (at most
 * RA_PCT_MAX_LEN(len) + 1 is needed).
 */
RA_MUST_CHECK enum ra_err ra_pct_encode(
    char *out, size_t out_cap, size_t *out_len, const uint8_t *in, size_t len);

/*
 * Decode in[0..in_len) strictly: "%" must be followed by two hex digits
 * (either case), and every other character must be visible ASCII (0x21
 * to 0x7e; "+" stays "+", it is not a space). Anything else, a truncated
 * or malformed escape included, is RA_ERR_FORMAT. The output may hold
 * any byte value. RA_ERR_SPACE if it does not fit out_cap (in_len
 * always suffices).
 */
RA_MUST_CHECK enum ra_err ra_pct_decode(uint8_t *out, size_t out_cap,
    size_t *out_len, const char *in, size_t in_len);

#endif
