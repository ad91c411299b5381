/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_ERR_H
#define RA_ERR_H

/*
 * Error codes of libsgxra. Codes are grouped by who must act: the caller
 * (1xx), the peer that sent the bytes (2xx), cryptography (3xx), policy
 * (4xx) and the environment (5xx). A verification that completes returns
 * RA_OK and reports its verdict in an out-struct: an error means that no
 * verdict could be reached.
 *
 * Every MAC, signature and key-confirmation failure is RA_ERR_AUTH, on
 * purpose: callers learn that authentication failed, not which byte.
 */
enum ra_err {
	RA_OK = 0,

	RA_ERR_ARG = 100, /* NULL pointer, bad size: a bug in the caller */
	RA_ERR_STATE,     /* call made out of protocol order */
	RA_ERR_SPACE,     /* output buffer too small */

	RA_ERR_FORMAT = 200, /* truncated, trailing bytes, bad length */
	RA_ERR_VERSION,      /* unknown version, type or algorithm id */

	RA_ERR_AUTH = 300, /* MAC or signature mismatch; deliberately vague */
	RA_ERR_KEY,        /* public key not on the curve, or unusable key */
	RA_ERR_CERT,       /* certificate chain or CRL does not verify */
	RA_ERR_LOCKED,     /* memory engine locked (integrity failure or
	                      counter overflow): nothing until a reset */

	RA_ERR_POLICY = 400, /* well formed and authentic, but not accepted */

	RA_ERR_NOMEM = 500,
	RA_ERR_IO,
	RA_ERR_RNG,
	RA_ERR_CRYPTO, /* the crypto backend failed for no reason of ours */
	/* An HTTP service answered, but not with success (status returned
	 * alongside): 401 and 404 have their own codes because a caller acts
	 * on them (another subscription key; an unknown EPID group). */
	RA_ERR_HTTP,
	RA_ERR_UNAUTHORIZED, /* HTTP 401: the credentials were refused */
	RA_ERR_NOT_FOUND,    /* HTTP 404: no such resource */
};

#if defined(__GNUC__) || defined(__clang__)
#define RA_MUST_CHECK __attribute__((warn_unused_result))
#else
#define RA_MUST_CHECK
#endif

/*
 * A short, static, English description of err ("format error: truncated,
 * trailing bytes or bad length"). Never NULL; unknown codes give
 * "unknown error". The string is owned by the library.
 */
const char *ra_strerror(enum ra_err err);

/* The symbolic name of err ("RA_ERR_FORMAT"), or "RA_ERR_?" if unknown. */
const char *ra_errname(enum ra_err err);

#endif
