/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "route.h"

static bool
is_wildcard(const char *seg, size_t len)
{
	return len == 2 && seg[0] == '{' && seg[1] == '}';
}

static bool
is_literal(const char *seg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)seg[i];

		if (c < 0x21 || c > 0x7e || strchr("{}?#%", c) != NULL) {
			return false;
		}
	}
	return len > 0;
}

enum ra_err
route_check(const char *pattern, size_t *nparams)
{
	size_t n = 0, len;

	*nparams = 0;
	if (pattern == NULL || pattern[0] != '/' ||
	    strnlen(pattern, ROUTE_PATTERN_MAX_LEN + 1) >
	        ROUTE_PATTERN_MAX_LEN) {
		return RA_ERR_ARG;
	}
	if (pattern[1] == '\0') {
		return RA_OK; /* "/" */
	}
	while (*pattern == '/') {
		pattern++;
		len = strcspn(pattern, "/");
		if (is_wildcard(pattern, len)) {
			n++;
		} else if (!is_literal(pattern, len)) {
			return RA_ERR_ARG; /* also an empty segment */
		}
		pattern += len;
	}
	*nparams = n;
	return RA_OK;
}

/*
 * Walk pattern and path one segment at a time. Both start with '/'; each
 * step consumes a '/' and the segment after it, up to the next '/' or
 * the end. "/" is one empty segment, so it matches exactly "/".
 */
bool
route_match(const char *pattern, const char *path, struct route_param *params,
    size_t max_params, size_t *nparams)
{
	size_t n = 0, plen, slen;

	*nparams = 0;
	if (pattern[0] != '/' || path[0] != '/') {
		return false;
	}
	while (*pattern == '/' && *path == '/') {
		pattern++;
		path++;
		plen = strcspn(pattern, "/");
		slen = strcspn(path, "/");
		if (is_wildcard(pattern, plen)) {
			if (slen == 0 || n == max_params) {
				return false;
			}
			params[n].p = path;
			params[n].len = slen;
			n++;
		} else if (plen != slen || strncmp(pattern, path, plen) != 0) {
			return false;
		}
		pattern += plen;
		path += slen;
	}
	if (*pattern != '\0' || *path != '\0') {
		return false;
	}
	*nparams = n;
	return true;
}
