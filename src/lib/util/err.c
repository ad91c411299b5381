/* SPDX-License-Identifier: BSD-3-Clause */
#include "internal.h"

struct err_entry {
	enum ra_err err;
	const char *name;
	const char *text;
};

static const struct err_entry errors[] = {
	{ RA_OK, "RA_OK", "success" },
	{ RA_ERR_ARG, "RA_ERR_ARG", "invalid argument" },
	{ RA_ERR_STATE, "RA_ERR_STATE", "call made out of protocol order" },
	{ RA_ERR_SPACE, "RA_ERR_SPACE", "output buffer too small" },
	{ RA_ERR_FORMAT, "RA_ERR_FORMAT",
	    "format error: truncated, trailing bytes or bad length" },
	{ RA_ERR_VERSION, "RA_ERR_VERSION",
	    "unknown version, type or algorithm" },
	{ RA_ERR_AUTH, "RA_ERR_AUTH", "authentication failed" },
	{ RA_ERR_KEY, "RA_ERR_KEY", "invalid or unusable key" },
	{ RA_ERR_CERT, "RA_ERR_CERT",
	    "certificate chain or revocation list does not verify" },
	{ RA_ERR_LOCKED, "RA_ERR_LOCKED",
	    "memory encryption engine locked: reset required" },
	{ RA_ERR_POLICY, "RA_ERR_POLICY", "refused by policy" },
	{ RA_ERR_NOMEM, "RA_ERR_NOMEM", "out of memory" },
	{ RA_ERR_IO, "RA_ERR_IO", "input/output error" },
	{ RA_ERR_RNG, "RA_ERR_RNG", "random number generator failed" },
	{ RA_ERR_CRYPTO, "RA_ERR_CRYPTO", "cryptographic backend failed" },
	{ RA_ERR_HTTP, "RA_ERR_HTTP",
	    "the HTTP service answered with an error status" },
	{ RA_ERR_UNAUTHORIZED, "RA_ERR_UNAUTHORIZED",
	    "the HTTP service refused the credentials (401)" },
	{ RA_ERR_NOT_FOUND, "RA_ERR_NOT_FOUND",
	    "the HTTP service has no such resource (404)" },
};

static const struct err_entry *
lookup(enum ra_err err)
{
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		if (errors[i].err == err) {
			return &errors[i];
		}
	}
	return NULL;
}

const char *
ra_strerror(enum ra_err err)
{
	const struct err_entry *e = lookup(err);

	return e == NULL ? "unknown error" : e->text;
}

const char *
ra_errname(enum ra_err err)
{
	const struct err_entry *e = lookup(err);

	return e == NULL ? "RA_ERR_?" : e->name;
}
