/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every real DCAP set of tests/data/real/dcap with an expected.json,
 * verified at its pinned time with its trust anchor, against what the
 * expected.json states (tests/data/real/PROVENANCE.md). The expectation is
 * read, not copied: each "expected.result" maps to a verdict as follows.
 *
 *   "accept"                 completed; tcb_status (or the collector's
 *                            computed status), advisory ids, QE status and
 *                            collateral_expired as stated
 *   "reject..."              refused; "TCB level" in the reason (every
 *                            such set) means RA_DCAP_FAIL_TCB_NOT_SUPPORTED
 *   "depends on policy..."   completed with collateral_expired (QvE's
 *                            expiration status 1), refused with
 *                            RA_DCAP_OPT_REFUSE_EXPIRED
 *   "accept except for the Root CA CRL time check"
 *                            the strict outcome: refused, Root CA CRL not
 *                            yet valid; the TCB level is checked directly
 *   "signatures and chains valid; TCB evaluation undefined"
 *                            chains and collateral signatures pass, QVL's
 *                            own refusal follows (TCB Info has no TDX
 *                            module identities); the quote's signatures
 *                            are checked directly
 *
 * Sets recorded without CRLs ("missing_collateral") are verified with
 * RA_DCAP_OPT_NO_CRL, and shown to be refused without it. Each set is
 * verified from its PCS files, from its dcap-qvl JSON where it has one,
 * and twice through a cache; the cross-checker's verdicts at other times
 * are replayed too.
 */
#include <stdio.h>
#include <string.h>

#include "dcap_sets.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "test.h"

#define MIN_SETS 13 /* the sets with an expected.json in the data */

static void
verify(struct ra_dcap_verdict *v, const struct test_dcap_set *s,
    const struct ra_dcap_collateral *coll, struct ra_dcap_cache *cache,
    unsigned int extra, int64_t now)
{
	struct ra_dcap_verifier *vf = test_dcap_verifier(s, extra);

	assert_ra_ok(ra_dcap_verify_quote(
	    v, vf, cache, s->quote, s->quote_len, coll, now));
	ra_dcap_verify_free(vf);
}

static void
print_verdict(const char *set, const struct ra_dcap_verdict *v)
{
	size_t i;

	printf("# %s: %s [%s%s]", set, v->msg,
	    v->collateral_expired ? "expired " : "",
	    ra_dcap_verify_item_name(v->expired_item));
	for (i = 0; i < v->n_advisories; i++) {
		printf(" %s", v->advisories[i]);
	}
	printf("\n");
}

/* The stated status: "tcb_status" or the collector's computation. */
static const char *
want_status(const struct test_dcap_set *s)
{
	const char *st = test_dcap_str(s, "expected.tcb_status");

	return st != NULL
	    ? st
	    : test_dcap_str(s, "expected.tcb_status_computed_by_collector");
}

static void
check_advisories(const struct test_dcap_set *s, const struct ra_dcap_verdict *v)
{
	const json_t *e = json_object_get(s->expected, "expected");
	const json_t *ids = json_object_get(e, "advisory_ids"), *id;
	size_t i;

	if (ids == NULL) {
		ids = json_object_get(e, "advisory_ids_computed_by_collector");
	}
	if (ids == NULL) {
		return;
	}
	assert_int_equal(v->n_advisories, json_array_size(ids));
	json_array_foreach(ids, i, id)
	{
		assert_string_equal(v->advisories[i], json_string_value(id));
	}
}

static void
check_quote_facts(
    const struct test_dcap_set *s, const struct ra_dcap_verdict *v)
{
	const json_t *qf = json_object_get(s->expected, "quote_fields");
	const char *fmspc = json_string_value(json_object_get(qf, "fmspc"));
	const char *mre = test_dcap_str(s, "expected.mrenclave");
	uint8_t want[32];

	if (json_is_integer(json_object_get(qf, "version"))) {
		assert_int_equal(v->version,
		    json_integer_value(json_object_get(qf, "version")));
	}
	if (fmspc != NULL && v->fail == RA_DCAP_FAIL_NONE) {
		assert_ra_ok(
		    ra_hex_decode_exact(want, 6, fmspc, strlen(fmspc)));
		test_assert_bytes(v->fmspc, want, 6, "fmspc");
	}
	if (mre != NULL) {
		assert_true(v->has_body);
		assert_ra_ok(ra_hex_decode_exact(want, 32, mre, strlen(mre)));
		test_assert_bytes(
		    v->body.sgx.mr_enclave.b, want, 32, "MRENCLAVE");
	}
}

static void
check_accept(const struct test_dcap_set *s, const struct ra_dcap_verdict *v)
{
	const json_t *exp = json_object_get(
	    json_object_get(s->expected, "expected"), "collateral_expired");
	const char *st = want_status(s);
	const char *qe = test_dcap_str(s, "expected.qe_tcb_status");

	if (v->fail != RA_DCAP_FAIL_NONE) {
		fail_msg("%s: want accept, got %s", s->name, v->msg);
	}
	if (st != NULL) {
		assert_string_equal(ra_tcb_info_status_name(v->status), st);
	}
	if (qe != NULL) {
		assert_string_equal(ra_tcb_info_status_name(v->qe_status), qe);
	}
	check_advisories(s, v);
	assert_int_equal(v->collateral_expired, json_is_true(exp));
	assert_true(v->has_body);
}

/* The collector's TCB level, from the PCK extension and the TCB Info. */
static void
check_tcb_directly(const struct test_dcap_set *s, const char *want)
{
	struct ra_dcap_quote *q = malloc(sizeof(*q));
	struct ra_tcb_info *ti = malloc(sizeof(*ti));
	struct ra_x509_list *l = NULL;
	struct ra_pck_ext ext;
	struct ra_tcb_result r;
	struct ra_bytes v;
	bool crit, found;

	assert_non_null(q);
	assert_non_null(ti);
	assert_ra_ok(ra_dcap_quote_parse(q, s->quote, s->quote_len));
	assert_ra_ok(
	    ra_x509_list_from_bytes(&l, q->cert_data.p, q->cert_data.len));
	assert_ra_ok(ra_x509_extension(
	    ra_x509_list_get(l, 0), RA_SGX_EXT_OID, &v, &crit, &found));
	assert_ra_ok(ra_pck_ext_parse(&ext, v.p, v.len));
	assert_ra_ok(ra_tcb_info_parse(
	    ti, (const char *)s->coll.tcb_info.p, s->coll.tcb_info.len));
	ra_tcb_evaluate(&r, ti, &ext, NULL, q->version, NULL);
	assert_int_equal(r.fail, RA_DCAP_FAIL_NONE);
	assert_string_equal(ra_tcb_info_status_name(r.status), want);
	ra_x509_list_free(l);
	free(ti);
	free(q);
}

/* The quote's own signatures and binding, checked by hand. */
static void
check_signatures_directly(const struct test_dcap_set *s)
{
	struct ra_dcap_quote *q = malloc(sizeof(*q));
	struct ra_x509_list *l = NULL;
	struct ra_ec256_pub pck;
	struct ra_sha256_ctx c;
	struct ra_hash256 h;

	assert_non_null(q);
	assert_ra_ok(ra_dcap_quote_parse(q, s->quote, s->quote_len));
	ra_sha256(&h, q->signed_data.p, q->signed_data.len);
	assert_ra_ok(ra_ecdsa_verify(&q->att_key, &h, &q->quote_sig));
	ra_sha256_init(&c);
	ra_sha256_update(&c, &q->att_key, sizeof(q->att_key));
	ra_sha256_update(&c, q->qe_auth_data.p, q->qe_auth_data.len);
	ra_sha256_final(&c, &h);
	test_assert_bytes(q->qe_report.report_data, h.b, 32, "QE binding");
	assert_ra_ok(ra_x509_list_from_bytes(
	    &l, s->coll.pck_chain.p, s->coll.pck_chain.len));
	assert_ra_ok(ra_x509_pub_ec256(ra_x509_list_get(l, 0), &pck));
	ra_sha256(&h, q->qe_report_raw.p, q->qe_report_raw.len);
	assert_ra_ok(ra_ecdsa_verify(&pck, &h, &q->qe_report_sig));
	ra_x509_list_free(l);
	free(q);
}

/* One verdict against the set's expectation. */
static void
check_verdict(const struct test_dcap_set *s, const struct ra_dcap_verdict *v)
{
	const char *result = test_dcap_str(s, "expected.result");
	const char *reason = test_dcap_str(s, "expected.reason");

	assert_non_null(result);
	if (strcmp(result, "accept") == 0) {
		check_accept(s, v);
	} else if (strncmp(result, "reject", 6) == 0) {
		assert_int_not_equal(v->fail, RA_DCAP_FAIL_NONE);
		if (strstr(result, "TCB level") != NULL ||
		    (reason != NULL && strstr(reason, "TCB level") != NULL)) {
			assert_int_equal(
			    v->fail, RA_DCAP_FAIL_TCB_NOT_SUPPORTED);
		}
	} else if (strncmp(result, "depends on policy", 17) == 0) {
		assert_int_equal(v->fail, RA_DCAP_FAIL_NONE);
		assert_true(v->collateral_expired);
		assert_string_equal(
		    ra_tcb_info_status_name(v->status), want_status(s));
	} else if (strncmp(result, "accept except for the Root CA CRL", 33) ==
	    0) {
		assert_int_equal(v->fail, RA_DCAP_FAIL_NOT_YET_VALID);
		assert_int_equal(v->item, RA_DCAP_ITEM_ROOT_CA_CRL);
	} else if (strncmp(result, "signatures and chains valid", 27) == 0) {
		/* past every chain and collateral signature: QVL's refusal */
		assert_int_equal(v->fail, RA_DCAP_FAIL_TCB_INFO_MISMATCH);
		assert_string_equal(v->field, "tdxModuleIdentities");
	} else {
		fail_msg(
		    "%s: expectation \"%s\" not understood", s->name, result);
	}
	check_quote_facts(s, v);
}

static void
check_trailing(const struct test_dcap_set *s, const struct ra_dcap_verdict *v)
{
	const json_t *t = json_object_get(
	    json_object_get(s->expected, "quote_fields"), "trailing_bytes");

	if (json_is_integer(t)) {
		assert_int_equal(v->trailing_len, json_integer_value(t));
	}
}

/* The cross-checker's verdicts at other times (expected.json). */
static void
check_other_times(const struct test_dcap_set *s)
{
	const json_t *cc = json_object_get(s->expected, "cross_check");
	const json_t *times = json_object_get(cc, "other_times"), *o;
	struct ra_dcap_verdict v;
	size_t i;

	json_array_foreach(times, i, o)
	{
		int64_t t = json_integer_value(json_object_get(o, "time_unix"));
		const json_t *r = json_object_get(o, "result");
		const char *err =
		    json_string_value(json_object_get(r, "error"));

		verify(&v, s, &s->coll, NULL, 0, t);
		print_verdict(s->name, &v);
		if (json_is_true(json_object_get(r, "ok"))) {
			assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
		} else if (err != NULL &&
		    strstr(err, "in the future") != NULL) {
			assert_int_equal(v.fail, RA_DCAP_FAIL_NOT_YET_VALID);
		} else if (err != NULL && strstr(err, "expired") != NULL) {
			assert_true(v.collateral_expired);
			verify(&v, s, &s->coll, NULL,
			    RA_DCAP_OPT_REFUSE_EXPIRED, t);
			assert_int_equal(
			    v.fail, RA_DCAP_FAIL_COLLATERAL_EXPIRED);
		}
	}
}

static void
same_verdict(const struct ra_dcap_verdict *a, const struct ra_dcap_verdict *b)
{
	assert_int_equal(a->fail, b->fail);
	assert_string_equal(a->msg, b->msg);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->collateral_expired, b->collateral_expired);
	assert_int_equal(a->n_advisories, b->n_advisories);
	assert_int_equal(a->has_body, b->has_body);
}

static void
test_set(void **state)
{
	const char *name = *state;
	struct test_dcap_set s;
	struct ra_dcap_verdict v, w;
	struct ra_dcap_cache *cache = NULL;
	struct ra_dcap_cache_stats st;
	const char *result;

	test_dcap_set_load(&s, name);
	verify(&v, &s, &s.coll, NULL, 0, s.time);
	print_verdict(name, &v);
	check_verdict(&s, &v);
	check_trailing(&s, &v);
	if (s.has_qvl) {
		verify(&w, &s, &s.qvl, NULL, 0, s.time);
		same_verdict(&v, &w);
	}
	assert_ra_ok(ra_dcap_cache_new(&cache, 8, NULL, NULL, 0));
	verify(&w, &s, &s.coll, cache, 0, s.time);
	same_verdict(&v, &w);
	verify(&w, &s, &s.coll, cache, 0, s.time);
	same_verdict(&v, &w);
	ra_dcap_cache_stats(cache, &st);
	ra_dcap_cache_free(cache);
	result = test_dcap_str(&s, "expected.result");
	if (strncmp(result, "depends on policy", 17) == 0) {
		verify(
		    &w, &s, &s.coll, NULL, RA_DCAP_OPT_REFUSE_EXPIRED, s.time);
		assert_int_equal(w.fail, RA_DCAP_FAIL_COLLATERAL_EXPIRED);
	}
	if (strncmp(result, "accept except", 13) == 0) {
		check_tcb_directly(&s, want_status(&s));
	}
	if (strncmp(result, "signatures and chains", 21) == 0) {
		check_signatures_directly(&s);
	}
	if (s.no_crl) {
		struct ra_dcap_verifier *vf = NULL;

		/* without the option, the absent CRL is named */
		assert_ra_ok(
		    ra_dcap_verify_new(&vf, s.anchor, s.anchor_len, 0));
		assert_ra_ok(ra_dcap_verify_quote(
		    &w, vf, NULL, s.quote, s.quote_len, &s.coll, s.time));
		assert_int_equal(w.fail, RA_DCAP_FAIL_COLLATERAL_MISSING);
		assert_int_equal(w.item, RA_DCAP_ITEM_ROOT_CA_CRL);
		assert_false(v.revocation_checked);
		ra_dcap_verify_free(vf);
	} else if (v.fail == RA_DCAP_FAIL_NONE) {
		assert_true(v.revocation_checked);
	}
	check_other_times(&s);
	test_dcap_set_free(&s);
}

/*
 * oasis-core's own time checks on its SGX set (its quote_test.go, quoted
 * in expected.json): the PCK certificate not yet valid one second before
 * its notBefore; expired (here: QvE's flag) one second after notAfter;
 * the collateral issued after the time; corrupt signed bytes.
 */
static void
test_oasis_times(void **state)
{
	struct test_dcap_set s;
	struct ra_dcap_verdict v;
	struct ra_dcap_collateral c;
	uint8_t *t;

	(void)state;
	test_dcap_set_load(&s, "oasis-core-sgx-v3");
	verify(&v, &s, &s.coll, NULL, 0, 1670238720);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NOT_YET_VALID);
	assert_int_equal(v.item, RA_DCAP_ITEM_PCK_CERT);
	verify(&v, &s, &s.coll, NULL, 0, 1891163522);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NONE);
	assert_true(v.collateral_expired);
	verify(&v, &s, &s.coll, NULL, RA_DCAP_OPT_REFUSE_EXPIRED, 1891163522);
	assert_int_equal(v.fail, RA_DCAP_FAIL_COLLATERAL_EXPIRED);
	/* the QE identity is issued after this time, and the TCB Info too:
	 * in QVL's order the TCB Info is judged first */
	verify(&v, &s, &s.coll, NULL, 0, 1671194735);
	assert_int_equal(v.fail, RA_DCAP_FAIL_NOT_YET_VALID);
	assert_int_equal(v.item, RA_DCAP_ITEM_TCB_INFO);
	/* byte 16 of the file is byte 4 of the signed text; 22 likewise */
	c = s.coll;
	t = malloc(c.tcb_info.len);
	assert_non_null(t);
	memcpy(t, c.tcb_info.p, c.tcb_info.len);
	t[16 - 11] ^= 1;
	c.tcb_info.p = t;
	verify(&v, &s, &c, NULL, 0, s.time);
	assert_int_equal(v.fail, RA_DCAP_FAIL_TCB_INFO_SIGNATURE);
	free(t);
	test_dcap_set_free(&s);
}

static void
test_enough_sets(void **state)
{
	size_t n;
	char **names = test_dcap_set_names(&n);

	(void)state;
	if (names == NULL) {
		skip();
		return;
	}
	assert_true(n >= MIN_SETS);
	test_free_lines(names, n);
}

int
main(int argc, char **argv)
{
	size_t n = 0, i;
	char **names = test_dcap_set_names(&n);
	struct CMUnitTest *tests = calloc(n + 2, sizeof(*tests));
	int rc;

	if (tests == NULL) {
		return 1;
	}
	tests[0] = (struct CMUnitTest)cmocka_unit_test(test_enough_sets);
	tests[1] = (struct CMUnitTest)cmocka_unit_test(test_oasis_times);
	for (i = 0; i < n; i++) {
		tests[i + 2].name = names[i];
		tests[i + 2].test_func = test_set;
		tests[i + 2].initial_state = names[i];
	}
	rc = test_main(argc, argv, __FILE__, tests, n + 2);
	if (names != NULL) {
		test_free_lines(names, n);
	}
	free(tests);
	return rc;
}
