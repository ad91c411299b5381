/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DCAP caches (src/lib/ra/dcap_cache.c): the collateral key of a
 * quote; fetched collateral with max-age and expiry refresh, single
 * flight under concurrent callers, errors handed to every waiter and not
 * cached, least-recently-used replacement; verified collateral and PCK
 * chains reused only for byte-identical inputs.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "dcap_sets.h"
#include "test.h"

#define THREADS 8

struct fetcher {
	pthread_mutex_t mu;
	int calls;
	enum ra_err fail; /* returned instead of collateral */
	int wait_for;     /* callers to see waiting first */
	const struct ra_dcap_collateral *coll;
	struct ra_dcap_cache *cache;
};

static enum ra_err
fetch(void *arg, const struct ra_dcap_coll_key *key, int64_t now,
    struct ra_dcap_coll **out)
{
	struct fetcher *f = arg;

	(void)key;
	(void)now;
	pthread_mutex_lock(&f->mu);
	f->calls++;
	pthread_mutex_unlock(&f->mu);
	/* hold the flight until the other callers wait (at most 10 s) */
	for (int i = 0; f->wait_for > 0 && i < 1000; i++) {
		struct ra_dcap_cache_stats st;

		ra_dcap_cache_stats(f->cache, &st);
		if (st.fetch_waits >= (uint64_t)f->wait_for) {
			break;
		}
		usleep(10000);
	}
	if (f->fail != RA_OK) {
		return f->fail;
	}
	return ra_dcap_cache_coll_new(out, f->coll);
}

static void
key_of(struct ra_dcap_coll_key *k, uint8_t fmspc0)
{
	memset(k, 0, sizeof(*k));
	k->fmspc[0] = fmspc0;
}

static void
test_key(void **state)
{
	static const struct {
		const char *set;
		uint32_t tee;
		const char *fmspc;
		enum ra_pck_ca ca;
	} sets[] = {
		{ "phala-sgx-v3", RA_DCAP_TEE_SGX, "00a067110000",
		    RA_PCK_CA_PROCESSOR },
		{ "phala-tdx-v4", RA_DCAP_TEE_TDX, "b0c06f000000",
		    RA_PCK_CA_PLATFORM },
		{ "go-tdx-guest-tdx-v4", RA_DCAP_TEE_TDX, "50806f000000",
		    RA_PCK_CA_PLATFORM },
	};
	struct ra_dcap_coll_key k;
	uint8_t want[6];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct test_dcap_set s;

		test_dcap_set_load(&s, sets[i].set);
		assert_ra_ok(ra_dcap_cache_key(&k, s.quote, s.quote_len));
		test_unhex_into(want, 6, sets[i].fmspc);
		test_assert_bytes(k.fmspc, want, 6, "FMSPC");
		assert_int_equal(k.tee_type, sets[i].tee);
		assert_int_equal(k.ca, sets[i].ca);
		test_dcap_set_free(&s);
	}
	/* certification data type 1 names no CA: no key */
	{
		struct test_dcap_set s;

		test_dcap_set_load(&s, "intel-qvl-sampledata-sgx");
		assert_ra_err(ra_dcap_cache_key(&k, s.quote, s.quote_len),
		    RA_ERR_VERSION);
		test_dcap_set_free(&s);
	}
}

static void
test_max_age(void **state)
{
	struct test_dcap_set s;
	struct fetcher f = { PTHREAD_MUTEX_INITIALIZER, 0, RA_OK, 0, NULL,
		NULL };
	struct ra_dcap_cache *c = NULL;
	struct ra_dcap_coll *a = NULL, *b = NULL;
	struct ra_dcap_coll_key k;
	struct ra_dcap_cache_stats st;

	(void)state;
	test_dcap_set_load(&s, "phala-sgx-v3");
	f.coll = &s.coll;
	key_of(&k, 1);
	assert_ra_ok(ra_dcap_cache_new(&c, 4, fetch, &f, 600));
	assert_ra_ok(ra_dcap_cache_get(c, &k, s.time - 1000, &a));
	assert_ra_ok(ra_dcap_cache_get(c, &k, s.time - 401, &b));
	assert_ptr_equal(a, b);
	assert_int_equal(f.calls, 1);
	/* the views are a copy of the fetched bytes */
	assert_ptr_not_equal(
	    ra_dcap_cache_coll_views(a)->tcb_info.p, s.coll.tcb_info.p);
	assert_memory_equal(ra_dcap_cache_coll_views(a)->tcb_info.p,
	    s.coll.tcb_info.p, s.coll.tcb_info.len);
	ra_dcap_cache_coll_release(b);
	/* max-age reached: fetched again */
	assert_ra_ok(ra_dcap_cache_get(c, &k, s.time - 400, &b));
	assert_int_equal(f.calls, 2);
	ra_dcap_cache_coll_release(b);
	/* an item expired (this set's earliest expiry is time + 1) */
	assert_int_equal(ra_dcap_cache_expiry(&s.coll), s.time + 1);
	assert_ra_ok(ra_dcap_cache_get(c, &k, s.time + 1, &b));
	ra_dcap_cache_coll_release(b);
	assert_ra_ok(ra_dcap_cache_get(c, &k, s.time + 2, &b));
	assert_int_equal(f.calls, 4);
	ra_dcap_cache_coll_release(b);
	ra_dcap_cache_stats(c, &st);
	assert_int_equal(st.fetches, 4);
	ra_dcap_cache_coll_release(a); /* still valid after replacement */
	ra_dcap_cache_free(c);
	test_dcap_set_free(&s);
}

static void
test_errors_and_lru(void **state)
{
	struct test_dcap_set s;
	struct fetcher f = { PTHREAD_MUTEX_INITIALIZER, 0, RA_ERR_IO, 0, NULL,
		NULL };
	struct ra_dcap_cache *c = NULL;
	struct ra_dcap_coll *a = NULL;
	struct ra_dcap_coll_key k;
	int i;

	(void)state;
	test_dcap_set_load(&s, "phala-sgx-v3");
	f.coll = &s.coll;
	key_of(&k, 1);
	assert_ra_ok(ra_dcap_cache_new(&c, 2, fetch, &f, 3600));
	assert_ra_err(ra_dcap_cache_get(c, &k, s.time, &a), RA_ERR_IO);
	assert_null(a);
	assert_ra_err(ra_dcap_cache_get(c, &k, s.time, &a), RA_ERR_IO);
	assert_int_equal(f.calls, 2); /* a failure is not cached */
	f.fail = RA_OK;
	/* keys 1, 2, 3 in a cache of two: 1 goes */
	for (i = 1; i <= 3; i++) {
		key_of(&k, (uint8_t)i);
		assert_ra_ok(ra_dcap_cache_get(c, &k, s.time - 10, &a));
		ra_dcap_cache_coll_release(a);
	}
	assert_int_equal(f.calls, 5);
	key_of(&k, 3);
	assert_ra_ok(ra_dcap_cache_get(c, &k, s.time - 10, &a));
	ra_dcap_cache_coll_release(a);
	assert_int_equal(f.calls, 5);
	key_of(&k, 1);
	assert_ra_ok(ra_dcap_cache_get(c, &k, s.time - 10, &a));
	ra_dcap_cache_coll_release(a);
	assert_int_equal(f.calls, 6);
	ra_dcap_cache_free(c);
	/* no fetcher: nothing to get */
	assert_ra_ok(ra_dcap_cache_new(&c, 2, NULL, NULL, 0));
	assert_ra_err(ra_dcap_cache_get(c, &k, s.time, &a), RA_ERR_STATE);
	ra_dcap_cache_free(c);
	test_dcap_set_free(&s);
}

struct racer {
	struct ra_dcap_cache *c;
	int64_t now;
	struct ra_dcap_coll *got;
	enum ra_err err;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct ra_dcap_coll_key k;

	key_of(&k, 7);
	r->err = ra_dcap_cache_get(r->c, &k, r->now, &r->got);
	return NULL;
}

/* THREADS callers at once: one fetch; its result (or error) for all. */
static void
single_flight(enum ra_err fail)
{
	struct test_dcap_set s;
	struct fetcher f = { PTHREAD_MUTEX_INITIALIZER, 0, fail, THREADS - 1,
		NULL, NULL };
	struct racer r[THREADS];
	pthread_t t[THREADS];
	struct ra_dcap_cache_stats st;
	struct ra_dcap_cache *c = NULL;
	int i;

	test_dcap_set_load(&s, "phala-sgx-v3");
	f.coll = &s.coll;
	assert_ra_ok(ra_dcap_cache_new(&c, 4, fetch, &f, 3600));
	f.cache = c;
	for (i = 0; i < THREADS; i++) {
		r[i] = (struct racer){ c, s.time - 100, NULL, RA_OK };
		assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_ra_err(r[i].err, fail);
		if (fail == RA_OK) {
			assert_ptr_equal(r[i].got, r[0].got);
		}
	}
	for (i = 0; i < THREADS; i++) {
		ra_dcap_cache_coll_release(r[i].got);
	}
	assert_int_equal(f.calls, 1);
	ra_dcap_cache_stats(c, &st);
	assert_int_equal(st.fetches, 1);
	assert_int_equal(st.fetch_waits, THREADS - 1);
	ra_dcap_cache_free(c);
	test_dcap_set_free(&s);
}

static void
test_single_flight(void **state)
{
	(void)state;
	single_flight(RA_OK);
	single_flight(RA_ERR_IO);
}

/* Verified collateral and chains: reused only for identical bytes. */
static void
test_verified(void **state)
{
	struct test_dcap_set s;
	struct ra_dcap_verifier *vf;
	struct ra_dcap_cache *c = NULL;
	struct ra_dcap_cache_stats st;
	struct ra_dcap_verdict v;
	struct ra_dcap_collateral other;
	uint8_t *copy;
	int i;

	(void)state;
	test_dcap_set_load(&s, "phala-sgx-v3");
	vf = test_dcap_verifier(&s, 0);
	assert_ra_ok(ra_dcap_cache_new(&c, 4, NULL, NULL, 0));
	for (i = 0; i < 3; i++) {
		assert_ra_ok(ra_dcap_verify_quote(
		    &v, vf, c, s.quote, s.quote_len, &s.coll, s.time));
		assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	}
	ra_dcap_cache_stats(c, &st);
	assert_int_equal(st.coll_misses, 1);
	assert_int_equal(st.coll_hits, 2);
	assert_int_equal(st.chain_misses, 1);
	assert_int_equal(st.chain_hits, 2);
	/* same bytes elsewhere in memory: still a hit */
	other = s.coll;
	copy = malloc(other.tcb_info.len);
	assert_non_null(copy);
	memcpy(copy, other.tcb_info.p, other.tcb_info.len);
	other.tcb_info.p = copy;
	assert_ra_ok(ra_dcap_verify_quote(
	    &v, vf, c, s.quote, s.quote_len, &other, s.time));
	ra_dcap_cache_stats(c, &st);
	assert_int_equal(st.coll_hits, 3);
	/* one byte changed at the end (outside the fingerprint's edges
	 * would be the middle: change that) */
	copy[other.tcb_info.len / 2] ^= 1;
	assert_ra_ok(ra_dcap_verify_quote(
	    &v, vf, c, s.quote, s.quote_len, &other, s.time));
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_INFO_SIGNATURE);
	ra_dcap_cache_stats(c, &st);
	assert_int_equal(st.coll_misses, 2);
	free(copy);
	ra_dcap_cache_free(c);
	ra_dcap_verify_free(vf);
	test_dcap_set_free(&s);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_key),
	cmocka_unit_test(test_max_age),
	cmocka_unit_test(test_errors_and_lru),
	cmocka_unit_test(test_single_flight),
	cmocka_unit_test(test_verified),
};

TEST_MAIN(tests)
