/* SPDX-License-Identifier: BSD-3-Clause */
/* src/common/route.c: the route pattern checker and matcher of httpd. */
#include <string.h>

#include "route.h"
#include "test.h"

#define NPARAMS 4

static void
check_valid(void **state)
{
	static const struct {
		const char *pattern;
		size_t nparams;
	} good[] = {
		{ "/", 0 },
		{ "/a", 0 },
		{ "/attestation/v4/report", 0 },
		{ "/{}", 1 },
		{ "/users/{}/keys/{}", 2 },
		{ "/{}/{}/{}/{}/{}", 5 }, /* httpd caps it, not the parser */
		{ "/a.b-c_d~e!$&'()*+,;=:@", 0 },
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_ra_ok(route_check(good[i].pattern, &n));
		assert_int_equal(n, good[i].nparams);
	}
}

static void
check_invalid(void **state)
{
	static const char *const bad[] = {
		"",
		"a",
		"a/b",
		"//",
		"/a/",
		"/a//b",
		"/{x}",
		"/{}{}",
		"/x{}",
		"/{",
		"/}",
		"/a b",
		"/a\tb",
		"/%41",
		"/a?b",
		"/a#b",
		"/\x7f",
		"/\xc3\xa9",
	};
	char longp[ROUTE_PATTERN_MAX_LEN + 2];
	size_t i, n;

	(void)state;
	assert_ra_err(route_check(NULL, &n), RA_ERR_ARG);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = 99;
		if (route_check(bad[i], &n) != RA_ERR_ARG) {
			fail_msg("pattern \"%s\" accepted", bad[i]);
		}
		assert_int_equal(n, 0);
	}
	/* The length bound: exactly at it is fine, one over is not. */
	memset(longp, 'a', sizeof(longp));
	longp[0] = '/';
	longp[ROUTE_PATTERN_MAX_LEN] = '\0';
	assert_ra_ok(route_check(longp, &n));
	longp[ROUTE_PATTERN_MAX_LEN] = 'a';
	longp[ROUTE_PATTERN_MAX_LEN + 1] = '\0';
	assert_ra_err(route_check(longp, &n), RA_ERR_ARG);
}

static void
match_table(void **state)
{
	static const struct {
		const char *pattern, *path;
		bool match;
		const char *p0, *p1;
	} cases[] = {
		{ "/", "/", true, NULL, NULL },
		{ "/", "/a", false, NULL, NULL },
		{ "/", "//", false, NULL, NULL },
		{ "/", "", false, NULL, NULL },
		{ "/a", "/a", true, NULL, NULL },
		{ "/a", "/a/", false, NULL, NULL },
		{ "/a", "/ab", false, NULL, NULL },
		{ "/ab", "/a", false, NULL, NULL },
		{ "/a", "/A", false, NULL, NULL },
		{ "/a", "a", false, NULL, NULL },
		{ "/a/b", "/a", false, NULL, NULL },
		{ "/a", "/a/b", false, NULL, NULL },
		{ "/{}", "/x", true, "x", NULL },
		{ "/{}", "/", false, NULL, NULL },
		{ "/{}", "//", false, NULL, NULL },
		{ "/{}", "/x/", false, NULL, NULL },
		{ "/{}", "/x/y", false, NULL, NULL },
		{ "/u/{}/k/{}", "/u/alice/k/k1", true, "alice", "k1" },
		{ "/u/{}/k/{}", "/u/alice/k/", false, NULL, NULL },
		{ "/u/{}/k/{}", "/u//k/k1", false, NULL, NULL },
		{ "/u/{}/k/{}", "/u/alice/x/k1", false, NULL, NULL },
		{ "/u/{}", "/u/a b%{}", true, "a b%{}", NULL },
	};
	struct route_param p[NPARAMS];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = route_match(
		    cases[i].pattern, cases[i].path, p, NPARAMS, &n);

		if (got != cases[i].match) {
			fail_msg("%s ~ %s: got %d", cases[i].pattern,
			    cases[i].path, got);
		}
		if (!got) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(
		    n, (cases[i].p0 != NULL) + (cases[i].p1 != NULL));
		if (cases[i].p0 != NULL) {
			assert_int_equal(p[0].len, strlen(cases[i].p0));
			assert_memory_equal(p[0].p, cases[i].p0, p[0].len);
		}
		if (cases[i].p1 != NULL) {
			assert_int_equal(p[1].len, strlen(cases[i].p1));
			assert_memory_equal(p[1].p, cases[i].p1, p[1].len);
		}
	}
}

/* More wildcards than room for them: no match, nothing written past. */
static void
match_param_room(void **state)
{
	struct route_param p[3];
	size_t n = 99;

	(void)state;
	memset(p, 0, sizeof(p));
	assert_false(route_match("/{}/{}/{}", "/a/b/c", p, 2, &n));
	assert_int_equal(n, 0);
	assert_null(p[2].p);
	assert_true(route_match("/{}/{}/{}", "/a/b/c", p, 3, &n));
	assert_int_equal(n, 3);
	assert_false(route_match("/{}", "/a", p, 0, &n));
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(check_valid),
	cmocka_unit_test(check_invalid),
	cmocka_unit_test(match_table),
	cmocka_unit_test(match_param_room),
};

TEST_MAIN(tests)
