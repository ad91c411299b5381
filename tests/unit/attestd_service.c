/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-attestd end to end, in this process: the key-holding child (a
 * real fork), a fresh state directory and SQLite store, the HTTP front
 * on 127.0.0.1 and a port the kernel picks. The test plays the
 * administrator (libcurl), an emulated platform (EPID join through the
 * provisioning API, quotes made with ra_epid_quote_sign) and the service
 * provider (the library's IAS client, ra_avr_verify against the service's
 * EMULATED root). Each report status and each refusal is reached through
 * the API: OK, SIGRL_VERSION_MISMATCH, SIGNATURE_REVOKED, KEY_REVOKED,
 * GROUP_REVOKED, GROUP_OUT_OF_DATE (with its PIB), CONFIGURATION_NEEDED,
 * SIGNATURE_INVALID; 400, 401, 404, 409. And the pipeline on every
 * one-bit flip and every truncation of a valid quote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../attestd/harness.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/x509.h"
#include "test.h"

#define SPID    "00112233445566778899aabbccddeeff"
#define SPID_UL "ffeeddccbbaa99887766554433221100"

/* Thin wrappers: the harness reports, the test asserts. */

static int
setup(void **state)
{
	*state = harness_start(2);
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	harness_stop(*state);
	return 0;
}

static long
call(struct harness *s, const char *method, const char *path, const char *body,
    const char *key, json_t **out)
{
	long st = harness_call(s, method, path, body, key, out);

	if (out != NULL) {
		assert_non_null(*out);
	}
	return st;
}

static void
tenant(struct harness *s, const char *id, const char *spid, bool linkable,
    char *key)
{
	assert_true(harness_tenant(s, id, spid, linkable, key));
}

static void
new_group(struct harness *s, uint32_t gid)
{
	assert_true(harness_group(s, gid));
}

static void
join(struct harness *s, struct harness_member *mb)
{
	assert_true(harness_join(s, mb));
}

static bool
get_sigrl(struct harness *s, const char *key, uint32_t gid, uint8_t *buf,
    size_t cap, struct ra_epid_sigrl *rl)
{
	bool present;

	assert_true(harness_sigrl(s, key, gid, buf, cap, rl, &present));
	return present;
}

static uint8_t *
quote(struct harness *s, const struct harness_member *mb, const char *spid,
    bool linkable, const struct ra_epid_sigrl *rl, uint8_t cpusvn, size_t *len)
{
	uint8_t *q = harness_quote(s, mb, spid, linkable, rl, cpusvn, len);

	assert_non_null(q);
	return q;
}

static long
report(struct harness *s, const char *key, const uint8_t *q, size_t qlen,
    const char *nonce, struct ra_avr *avr)
{
	long st = harness_report(s, key, q, qlen, nonce, avr);

	assert_int_not_equal(st, 0); /* a 200 whose report does not verify */
	return st;
}

/* --- tests --------------------------------------------------------------- */

/* One TCB level at CPUSVN 03..03 with this status (and an advisory). */
static void
sw_level(struct harness *s, const char *status)
{
	char body[256];

	snprintf(body, sizeof(body),
	    "{\"levels\":[{\"cpuSvn\":\"03030303030303030303030303030303\","
	    "\"qeSvn\":11,\"pceSvn\":10,\"status\":\"%s\","
	    "\"advisoryIDs\":[\"INTEL-SA-00334\"]}]}",
	    status);
	assert_int_equal(
	    call(s, "PUT", "/admin/v1/groups/00000b2a/tcb", body, NULL, NULL),
	    200);
}

static void
life_of_a_platform(void **state)
{
	struct harness *s = *state;
	struct harness_member *mb = calloc(1, sizeof(*mb));
	struct ra_avr *avr = calloc(1, sizeof(*avr));
	struct ra_epid_sigrl rl;
	uint8_t *q, *q2, rlbuf[4096];
	char key[40], body[4096], f_hex[65], *b64;
	size_t qlen, q2len, n;
	json_t *o;

	assert_non_null(mb);
	assert_non_null(avr);
	tenant(s, "acme", SPID, true, key);
	new_group(s, 0xb2a);
	join(s, mb);
	assert_int_equal(mb->gid, 0xb2a);
	/* no SigRL yet: an empty 200 */
	assert_false(get_sigrl(s, key, mb->gid, rlbuf, sizeof(rlbuf), &rl));

	/* OK, with the nonce and the pseudonym; the audit log has it */
	q = quote(s, mb, SPID, true, NULL, 2, &qlen);
	assert_int_equal(report(s, key, q, qlen, "n0nce", avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_OK);
	assert_true(avr->has_epid_pseudonym);
	assert_false(avr->has_pib);
	assert_string_equal(avr->nonce, "n0nce");
	assert_int_equal(
	    call(s, "GET", "/admin/v1/audit/verify", NULL, NULL, &o), 200);
	assert_true(json_is_true(json_object_get(o, "intact")));
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 1);
	json_decref(o);

	/* a changed byte of the body: SIGNATURE_INVALID (and a PIB) */
	q[200] ^= 1;
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_SIGNATURE_INVALID);
	q[200] ^= 1;

	/* TCB levels: this platform's CPUSVN 2 is below the newest level */
	snprintf(body, sizeof(body),
	    "{\"levels\":[{\"cpuSvn\":\"%s\",\"qeSvn\":11,\"pceSvn\":10,"
	    "\"status\":\"OK\"},{\"cpuSvn\":\"%s\",\"qeSvn\":11,\"pceSvn\":10,"
	    "\"status\":\"CONFIGURATION_NEEDED\",\"advisoryIDs\":"
	    "[\"INTEL-SA-00161\"]}]}",
	    "03030303030303030303030303030303",
	    "02020202020202020202020202020202");
	assert_int_equal(
	    call(s, "PUT", "/admin/v1/groups/00000b2a/tcb", body, NULL, NULL),
	    200);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_CONFIGURATION_NEEDED);
	assert_true(avr->has_pib);
	assert_int_equal(avr->advisory_count, 1);
	assert_string_equal(avr->advisory_ids[0], "INTEL-SA-00161");
	free(q);
	q = quote(s, mb, SPID, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_GROUP_OUT_OF_DATE);
	assert_true(avr->has_pib);
	free(q);
	q = quote(s, mb, SPID, true, NULL, 3, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_OK);
	/* the other TCB statuses, by configuration; then back to OK */
	sw_level(s, "SW_HARDENING_NEEDED");
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_SW_HARDENING_NEEDED);
	assert_false(avr->has_pib);
	assert_int_equal(avr->advisory_count, 1);
	assert_string_equal(avr->advisory_ids[0], "INTEL-SA-00334");
	sw_level(s, "CONFIGURATION_AND_SW_HARDENING_NEEDED");
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(
	    avr->status, RA_AVR_STATUS_CONFIGURATION_AND_SW_HARDENING_NEEDED);
	assert_true(avr->has_pib);
	sw_level(s, "OK");

	/* revoke this quote's signature: the SigRL grows to version 1 */
	n = RA_BASE64_LEN(qlen) + 1;
	b64 = malloc(n);
	assert_ra_ok(ra_base64_encode(b64, n, q, qlen));
	snprintf(body, sizeof(body), "{\"quote\":\"%.3000s\"}", b64);
	assert_true(strlen(b64) < 3000);
	free(b64);
	assert_int_equal(
	    call(s, "POST", "/admin/v1/groups/00000b2a/sigrl", body, NULL, &o),
	    200);
	assert_int_equal(
	    json_integer_value(json_object_get(o, "sigrlVersion")), 1);
	json_decref(o);
	/* a pseudonym that is not a pair of points is refused */
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/sigrl",
	                     "{\"pseudonym\":\"AAAA\"}", NULL, NULL),
	    400);
	assert_true(get_sigrl(s, key, mb->gid, rlbuf, sizeof(rlbuf), &rl));
	assert_int_equal(rl.version, 1);
	assert_int_equal(rl.n2, 1);
	/* the quote made without it: SIGRL_VERSION_MISMATCH */
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_SIGRL_VERSION_MISMATCH);
	/* with it, the same platform is found out: SIGNATURE_REVOKED */
	q2 = quote(s, mb, SPID, true, &rl, 3, &q2len);
	assert_int_equal(report(s, key, q2, q2len, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_SIGNATURE_REVOKED);
	free(q2);

	/* the member key on the PrivRL: KEY_REVOKED, whatever the SigRL */
	assert_ra_ok(ra_hex_encode(f_hex, sizeof(f_hex), mb->key.f.b, 32));
	snprintf(body, sizeof(body), "{\"f\":\"%s\"}", f_hex);
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/privrl",
	                     body, NULL, NULL),
	    200);
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/privrl",
	                     body, NULL, NULL),
	    409);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_KEY_REVOKED);

	/* the group revoked: GROUP_REVOKED with its reason */
	assert_int_equal(call(s, "POST", "/admin/v1/groups/00000b2a/revoke",
	                     "{\"reason\":1}", NULL, NULL),
	    200);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_GROUP_REVOKED);
	assert_true(avr->has_revocation_reason);
	assert_int_equal(avr->revocation_reason, 1);
	free(q);

	assert_int_equal(
	    call(s, "GET", "/admin/v1/audit/verify", NULL, NULL, &o), 200);
	assert_true(json_is_true(json_object_get(o, "intact")));
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 11);
	json_decref(o);
	free(avr);
	free(mb);
}

static void
unlinkable(void **state)
{
	struct harness *s = *state;
	struct harness_member *mb = calloc(1, sizeof(*mb));
	struct ra_avr *avr = calloc(1, sizeof(*avr));
	char key[40];
	uint8_t *q;
	size_t qlen;

	assert_non_null(mb);
	assert_non_null(avr);
	tenant(s, "anon", SPID_UL, false, key);
	new_group(s, 7);
	join(s, mb);
	q = quote(s, mb, SPID_UL, false, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 200);
	assert_int_equal(avr->status, RA_AVR_STATUS_OK);
	assert_false(avr->has_epid_pseudonym);
	/* a linkable quote on an unlinkable subscription: 400 */
	free(q);
	q = quote(s, mb, SPID_UL, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 400);
	free(q);
	free(avr);
	free(mb);
}

static void
refusals(void **state)
{
	struct harness *s = *state;
	struct harness_member *mb = calloc(1, sizeof(*mb));
	struct ra_avr *avr = calloc(1, sizeof(*avr));
	uint8_t rlbuf[512], junk[600];
	struct ra_epid_sigrl rl;
	char key[40], url[128];
	struct ra_ias_conn conn = { url, "0123456789abcdef", NULL, 60000 };
	size_t len, qlen;
	long status;
	uint8_t *q;

	assert_non_null(mb);
	assert_non_null(avr);
	tenant(s, "t1", SPID, true, key);
	new_group(s, 0x10);
	join(s, mb);
	q = quote(s, mb, SPID, true, NULL, 1, &qlen);
	/* 401: no such subscription key */
	assert_int_equal(
	    report(s, "0123456789abcdef", q, qlen, NULL, avr), 401);
	snprintf(url, sizeof(url), "%s/attestation/v4", s->base);
	assert_int_equal(
	    ra_ias_get_sigrl(&conn, rlbuf, sizeof(rlbuf), &len, &status, 0x10),
	    RA_ERR_UNAUTHORIZED);
	/* 404: an unknown group's SigRL */
	conn.api_key = key;
	assert_int_equal(
	    ra_ias_get_sigrl(&conn, rlbuf, sizeof(rlbuf), &len, &status, 0x11),
	    RA_ERR_NOT_FOUND);
	assert_false(get_sigrl(s, key, 0x10, rlbuf, sizeof(rlbuf), &rl));
	/* 400: another SPID, garbage, a truncated quote */
	free(q);
	q = quote(s, mb, SPID_UL, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 400);
	memset(junk, 0x41, sizeof(junk));
	assert_int_equal(report(s, key, junk, sizeof(junk), NULL, avr), 400);
	free(q);
	q = quote(s, mb, SPID, true, NULL, 1, &qlen);
	assert_int_equal(report(s, key, q, qlen - 1, NULL, avr), 400);
	/* a signature blob for another key: 400 */
	q[436 + 10] ^= 0x80;
	assert_int_equal(report(s, key, q, qlen, NULL, avr), 400);
	free(q);
	/* 400: the request body */
	assert_int_equal(
	    call(s, "POST", "/attestation/v4/report", "[]", key, NULL), 400);
	assert_int_equal(call(s, "POST", "/attestation/v4/report",
	                     "{\"isvEnclaveQuote\":\"!!\"}", key, NULL),
	    400);
	/* the administration API wants its token */
	assert_int_equal(
	    call(s, "GET", "/admin/v1/groups", NULL, "x", NULL), 401);
	assert_int_equal(
	    call(s, "GET", "/admin/v1/groups/zz", NULL, NULL, NULL), 400);
	assert_int_equal(
	    call(s, "GET", "/admin/v1/groups/00000099", NULL, NULL, NULL), 404);
	assert_int_equal(call(s, "POST", "/admin/v1/groups",
	                     "{\"gid\":\"00000010\"}", NULL, NULL),
	    409);
	assert_int_equal(call(s, "PUT", "/admin/v1/groups/00000010/tcb",
	                     "{\"levels\":[{\"cpuSvn\":\"00\"}]}", NULL, NULL),
	    400);
	free(avr);
	free(mb);
}

/*
 * Every byte of a valid quote, one bit flipped at a time (the bit moving
 * with the offset), and every truncation: the pipeline never says OK and
 * never fails as if the service were broken (RA_ERR_IO); the untouched
 * quote says OK. The body's flips reach the EPID verification, the
 * blob's the RSA-OAEP unwrap, key hash and AES-GCM checks.
 */
static void
flips_and_truncations(void **state)
{
	struct harness *s = *state;
	struct harness_member *mb = calloc(1, sizeof(*mb));
	struct store_tenant t;
	struct ias_verdict v;
	char key[40], why[256];
	size_t qlen, i;
	bool found = false;
	uint8_t *q;
	enum ra_err err;

	assert_non_null(mb);
	tenant(s, "flip", SPID, true, key);
	new_group(s, 0x20);
	join(s, mb);
	assert_ra_ok(store_tenant_get(s->ad.store, "flip", &t, &found));
	assert_true(found);
	q = quote(s, mb, SPID, true, NULL, 1, &qlen);
	assert_ra_ok(
	    ias_verify_quote(&s->ad, &t, q, qlen, &v, why, sizeof(why)));
	assert_int_equal(v.status, IAS_OK);
	for (i = 0; i < qlen; i++) {
		uint8_t bit = (uint8_t)(1u << (i % 8));

		q[i] ^= bit;
		err =
		    ias_verify_quote(&s->ad, &t, q, qlen, &v, why, sizeof(why));
		q[i] ^= bit;
		if (err == RA_ERR_IO || (err == RA_OK && v.status == IAS_OK)) {
			fail_msg("byte %zu bit %u: %s, status %d", i,
			    (unsigned int)(i % 8), ra_errname(err),
			    err == RA_OK ? (int)v.status : -1);
		}
		assert_true(err == RA_OK || why[0] != '\0');
	}
	for (i = 0; i < qlen; i++) {
		err = ias_verify_quote(&s->ad, &t, q, i, &v, why, sizeof(why));
		if (err == RA_OK || err == RA_ERR_IO) {
			fail_msg("truncated to %zu of %zu bytes: %s", i, qlen,
			    ra_errname(err));
		}
	}
	/* still OK: nothing above changed the service */
	assert_ra_ok(
	    ias_verify_quote(&s->ad, &t, q, qlen, &v, why, sizeof(why)));
	assert_int_equal(v.status, IAS_OK);
	free(q);
	ra_wipe(mb, sizeof(*mb));
	free(mb);
}

int
main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    life_of_a_platform, setup, teardown),
		cmocka_unit_test_setup_teardown(unlinkable, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    flips_and_truncations, setup, teardown),
	};
	int rc;

	if (ra_ias_global_init() != RA_OK) {
		return 1;
	}
	rc = test_main(
	    argc, argv, __FILE__, tests, sizeof(tests) / sizeof(tests[0]));
	ra_ias_global_cleanup();
	return rc;
}
