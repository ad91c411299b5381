/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_TEST_DCAP_SETS_H
#define RA_TEST_DCAP_SETS_H

/*
 * The real DCAP evidence sets of tests/data/real/dcap/<set>/ (see
 * tests/data/real/PROVENANCE.md): the quote, the trust anchor, the pinned
 * time, the expectation, and the collateral as views, loaded from the
 * PCS-layout files (or Intel QVL's sample file names) and, where the set
 * has one, from its dcap-qvl collateral JSON.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "sgxra/verify.h"

#define TEST_DCAP_DIR "tests/data/real/dcap"

struct test_dcap_set {
	char name[128];
	json_t *expected; /* expected.json, parsed */
	uint8_t *quote;
	size_t quote_len;
	uint8_t *anchor; /* DER or PEM */
	size_t anchor_len;
	int64_t time; /* the pinned verification time */
	bool no_crl;  /* "missing_collateral": no CRLs */
	struct ra_dcap_collateral coll;
	bool has_qvl; /* collateral.dcap-qvl.json */
	struct ra_dcap_collateral qvl;
	uint8_t *owned[16]; /* file buffers and arenas */
	size_t n_owned;
};

/*
 * The names of the sets that have an expected.json, sorted; NULL (and *n
 * = 0) if the data directory is absent. Free with test_free_lines().
 */
char **test_dcap_set_names(size_t *n);

/* Load a set or fail the test. */
void test_dcap_set_load(struct test_dcap_set *s, const char *name);
void test_dcap_set_free(struct test_dcap_set *s);

/* A verifier for the set's anchor (and no_crl), or fail the test. */
struct ra_dcap_verifier *test_dcap_verifier(
    const struct test_dcap_set *s, unsigned int extra_options);

/* expected.json string at "a.b" (dots), or NULL. */
const char *test_dcap_str(const struct test_dcap_set *s, const char *path);

#endif
