/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The route patterns of the HTTP front (src/common/route.c). The input is
 * a pattern, a newline and a path. Properties, for a pattern that
 * route_check accepts:
 *   - a match captures exactly the pattern's wildcards, each a non-empty
 *     view inside the path without '/', and putting the captured values
 *     back into the pattern gives the path byte for byte;
 *   - the path built from the pattern with values of our own always
 *     matches and gives those values back;
 *   - with room for one wildcard fewer than the pattern has, nothing
 *     matches.
 * For any pattern, valid or not, route_match must not crash.
 */
#include "route.h"
#include "fuzz.h"

#define MAXIN   1024
#define NPARAMS 96 /* > ROUTE_PATTERN_MAX_LEN / 3 */

/* Substitute vals into pattern's "{}" segments; false if out is small. */
static bool
fill(char *out, size_t cap, const char *pattern, const struct route_param *vals,
    size_t n)
{
	size_t o = 0, i = 0, j = 0, k, len;
	const char *src;

	while (pattern[j] != '\0') {
		bool wild = j > 0 && pattern[j - 1] == '/' &&
		    pattern[j] == '{' && pattern[j + 1] == '}' &&
		    (pattern[j + 2] == '/' || pattern[j + 2] == '\0');

		if (wild) {
			if (i == n) {
				return false;
			}
			src = vals[i].p;
			len = vals[i].len;
			i++;
			j += 2;
		} else {
			src = &pattern[j];
			len = 1;
			j++;
		}
		if (len >= cap - o) {
			return false;
		}
		for (k = 0; k < len; k++) {
			out[o++] = src[k];
		}
	}
	out[o] = '\0';
	return i == n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char pattern[MAXIN + 1], path[MAXIN + 1], built[4 * MAXIN];
	static const char *const names[] = { "a", "bc", "x.y", "%20" };
	struct route_param p[NPARAMS], mine[NPARAMS];
	const uint8_t *nl;
	size_t plen, n, np, i;

	if (size > MAXIN) {
		return 0;
	}
	nl = memchr(data, '\n', size);
	plen = nl != NULL ? (size_t)(nl - data) : size;
	memcpy(pattern, data, plen);
	pattern[plen] = '\0';
	n = nl != NULL ? size - plen - 1 : 0;
	if (n > 0) {
		memcpy(path, nl + 1, n);
	}
	path[n] = '\0';

	if (route_check(pattern, &np) != RA_OK) {
		fuzz_assert(np == 0);
		(void)route_match(pattern, path, p, NPARAMS, &n);
		return 0;
	}
	fuzz_assert(np <= ROUTE_PATTERN_MAX_LEN / 3);
	if (route_match(pattern, path, p, NPARAMS, &n)) {
		fuzz_assert(n == np);
		for (i = 0; i < n; i++) {
			fuzz_inside((const uint8_t *)p[i].p, p[i].len,
			    (const uint8_t *)path, strlen(path));
			fuzz_assert(p[i].len > 0);
			fuzz_assert(memchr(p[i].p, '/', p[i].len) == NULL);
		}
		fuzz_assert(fill(built, sizeof(built), pattern, p, n));
		fuzz_assert(strcmp(built, path) == 0);
	}
	if (np > 0) {
		fuzz_assert(!route_match(pattern, path, p, np - 1, &n));
		fuzz_assert(n == 0);
	}
	/* Our own values always match and come back. */
	for (i = 0; i < np && i < NPARAMS; i++) {
		mine[i].p = names[i % 4];
		mine[i].len = strlen(names[i % 4]);
	}
	if (np <= NPARAMS && fill(built, sizeof(built), pattern, mine, np)) {
		fuzz_assert(route_match(pattern, built, p, NPARAMS, &n));
		fuzz_assert(n == np);
		for (i = 0; i < n; i++) {
			fuzz_assert(p[i].len == mine[i].len &&
			    memcmp(p[i].p, mine[i].p, p[i].len) == 0);
		}
	}
	return 0;
}
