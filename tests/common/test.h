/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_TEST_H
#define RA_TEST_H

/*
 * Shared helpers for the cmocka unit tests: data files, hex vectors, and
 * the generic adversarial checks (truncation at every offset, a trailing
 * byte, every bit flipped) that every parser and verifier must pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "sgxra/err.h"

/*
 * Run a table of tests. Arguments on the command line are cmocka test
 * filters (shell patterns on the test name), so `./cursor exhaustive*`
 * runs one test.
 */
int test_main(int argc, char **argv, const char *name,
    const struct CMUnitTest *tests, size_t count);
#define TEST_MAIN(tests)                                        \
	int main(int argc, char **argv)                         \
	{                                                       \
		return test_main(argc, argv, __FILE__, (tests), \
		    sizeof(tests) / sizeof((tests)[0]));        \
	}

/* An errno-free, bounded file read: malloc'd, caller frees. NULL if absent. */
uint8_t *test_read_file(const char *path, size_t *len);

/*
 * Path of a file under tests/data/ (or any repository path). The tests run
 * from the repository root; SGXRA_TOP overrides it. Returns a static
 * buffer, valid until the next call.
 */
const char *test_path(const char *rel);

/* Read a test data file or fail the test with its name. */
uint8_t *test_load(const char *rel, size_t *len);

/* Decode hex (whitespace ignored) into a malloc'd buffer; fails the test. */
uint8_t *test_unhex(const char *hex, size_t *len);

/* Decode hex of exactly n bytes into out; fails the test otherwise. */
void test_unhex_into(uint8_t *out, size_t n, const char *hex);

/* Assert two byte strings are equal, printing both in hex if not. */
void test_assert_bytes(
    const void *got, const void *want, size_t n, const char *what);

/* A parse function over a whole buffer, for the generic checks. */
typedef enum ra_err (*test_parse_fn)(const uint8_t *buf, size_t len);

/*
 * Every strict prefix of buf (lengths 0 .. len-1) and buf plus one
 * trailing byte must make parse return RA_ERR_FORMAT; buf itself must give
 * RA_OK.
 */
void test_truncations(test_parse_fn parse, const uint8_t *buf, size_t len);

/*
 * Flipping each bit of buf[from..to) one at a time must make check return
 * want (typically RA_ERR_AUTH); the original must return RA_OK.
 */
void test_bitflips(test_parse_fn check, const uint8_t *buf, size_t len,
    size_t from, size_t to, enum ra_err want);

/*
 * Write a little-endian u32 length field at offset off of a copy of buf
 * with each of 0, v-1, v+1 and UINT32_MAX (v = current value) and require
 * parse to return an error (never RA_OK, never a crash).
 */
void test_length_field(
    test_parse_fn parse, const uint8_t *buf, size_t len, size_t off);

/*
 * Read the non-comment, non-empty lines of a tests/vectors/ file into a
 * malloc'd array of malloc'd strings; *n receives the count.
 */
char **test_vector_lines(const char *rel, size_t *n);
void test_free_lines(char **lines, size_t n);

/* Lower case like cmocka's own assert_* macros. */
/* NOLINTBEGIN(readability-identifier-naming) */
#define assert_ra_ok(e) assert_ra_err((e), RA_OK)
#define assert_ra_err(e, want)                                                \
	do {                                                                  \
		enum ra_err got_ = (e);                                       \
		if (got_ != (want)) {                                         \
			fail_msg("%s: got %s, want %s", #e, ra_errname(got_), \
			    ra_errname(want));                                \
		}                                                             \
	} while (0)
/* NOLINTEND(readability-identifier-naming) */

#endif
