/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_ROUTE_H
#define SGXRA_ROUTE_H

/*
 * Route patterns of the HTTP front (httpd.h), kept apart from the server
 * so that they can be tested and fuzzed alone.
 *
 * A pattern is "/" or "/" followed by segments separated by single '/':
 * no empty segment, so no "//" and no trailing slash. A segment is either
 * "{}" (a wildcard: exactly one non-empty path segment, captured) or a
 * literal of printable ASCII (0x21..0x7e) other than '{', '}', '?', '#'
 * and '%' (paths are matched after percent-decoding, so a '%' in a
 * pattern could never mean what it seems to). A literal matches a path
 * segment byte for byte. Nothing else is special: "/a/" never matches
 * "/a", and a path segment that is empty ("//", a trailing '/') matches
 * neither a literal nor a wildcard.
 */
#include <stdbool.h>
#include <stddef.h>

#include "sgxra/err.h"

#define ROUTE_PATTERN_MAX_LEN 256 /* bytes, without the NUL */

/* A captured wildcard: len bytes at p, inside the matched path. */
struct route_param {
	const char *p;
	size_t len;
};

/*
 * Check that pattern is a valid pattern of at most ROUTE_PATTERN_MAX_LEN
 * bytes; *nparams receives its number of "{}" segments. RA_ERR_ARG for
 * NULL or an invalid pattern (then *nparams is 0).
 */
RA_MUST_CHECK enum ra_err route_check(const char *pattern, size_t *nparams);

/*
 * True iff path (NUL-terminated) matches pattern. The wildcards' values
 * go to params[0..*nparams), views into path (valid while path is). A
 * pattern with more than max_params wildcards matches nothing. Safe on
 * any pattern, but only a pattern accepted by route_check has the
 * meaning described above.
 */
bool route_match(const char *pattern, const char *path,
    struct route_param *params, size_t max_params, size_t *nparams);

#endif
