/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_TEST_WYCHEPROOF_H
#define RA_TEST_WYCHEPROOF_H

/*
 * A runner for Wycheproof JSON vector files (tests/data/wycheproof/). The
 * callback runs one test case and says whether our code accepted it; the
 * runner checks the verdict against the file: "valid" must be accepted,
 * "invalid" must be refused, "acceptable" may go either way. It fails the
 * test on the first disagreement (naming the tcId and comment) and if no
 * case at all was run, so a filter mistake cannot pass silently.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct wp_case {
	const json_t *group;
	const json_t *test;
	long tc_id;
	const char *comment;
	const char *result; /* "valid", "invalid", "acceptable" */
};

/*
 * Returns 1 if our code accepted the case, 0 if it refused it, and -1 if
 * the case does not apply to our API (counted as not run).
 */
typedef int (*wp_fn)(const struct wp_case *c, void *arg);

/* Run every case of a file; returns the number of cases that applied. */
size_t wp_run(const char *rel_path, wp_fn fn, void *arg);

/* A string member; fails the test if absent. */
const char *wp_str(const json_t *obj, const char *key);
/* A hex member decoded into a malloc'd buffer (never NULL). */
uint8_t *wp_hex(const json_t *obj, const char *key, size_t *len);
/* An integer member. */
long wp_int(const json_t *obj, const char *key);
/* True iff the case's "flags" array contains flag. */
bool wp_has_flag(const struct wp_case *c, const char *flag);

#endif
