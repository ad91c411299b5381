/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated PCK derivation (sgxra/pck.h): a known answer computed
 * independently (python3 hashlib for d, the openssl command line for
 * d*G: see the comment at kat), determinism, and that every input
 * changes the key.
 */
#include <string.h>

#include "sgxra/crypto.h"
#include "sgxra/pck.h"
#include "test.h"

static void
inputs(struct ra_key128 *auth, uint8_t cpusvn[16])
{
	for (unsigned int i = 0; i < 16; i++) {
		auth->b[i] = (uint8_t)i;
	}
	memset(cpusvn, 5, 16);
}

/*
 * d = SHA-256("sgxra PCK key" || 00 01 .. 0f || 05 x 16 || 0a 00 || 00)
 * (python3: hashlib.sha256(...).hexdigest()); the public key from
 * `openssl ec -inform DER -pubout` of the SEC 1 key holding d.
 */
static void
kat(void **state)
{
	static const char want_d[] =
	    "752b720b7aa579857f8328010b20ab375e810124e2ab256b61de13ec3a8d880a";
	static const char want_pub[] =
	    "e91e02e73a125761d2f5168861dacb4ed080cf5c072601a47e75982f27027155"
	    "0cc35b964de23b147f8ff8b4be82df79869fd04d3b1319e8ce83e4c53c2dbf63";
	struct ra_key128 auth;
	uint8_t cpusvn[16], d[32], pub[64];
	struct ra_ec256_priv priv;
	struct ra_ec256_pub p;

	(void)state;
	inputs(&auth, cpusvn);
	assert_ra_ok(ra_pck_key_derive(&priv, &p, &auth, cpusvn, 10));
	test_unhex_into(d, sizeof(d), want_d);
	test_unhex_into(pub, sizeof(pub), want_pub);
	test_assert_bytes(priv.d, d, 32, "d");
	test_assert_bytes(p.x, pub, 32, "x");
	test_assert_bytes(p.y, pub + 32, 32, "y");
}

static void
every_input_matters(void **state)
{
	struct ra_key128 auth, a2;
	uint8_t cpusvn[16], c2[16];
	struct ra_ec256_priv k0, k1;
	struct ra_ec256_pub p0, p1;

	(void)state;
	inputs(&auth, cpusvn);
	assert_ra_ok(ra_pck_key_derive(&k0, &p0, &auth, cpusvn, 10));
	assert_ra_ok(ra_pck_key_derive(&k1, &p1, &auth, cpusvn, 10));
	test_assert_bytes(&p0, &p1, sizeof(p0), "deterministic");
	a2 = auth;
	a2.b[15] ^= 1;
	assert_ra_ok(ra_pck_key_derive(&k1, &p1, &a2, cpusvn, 10));
	assert_memory_not_equal(&p0, &p1, sizeof(p0));
	memcpy(c2, cpusvn, 16);
	c2[0] ^= 0x80;
	assert_ra_ok(ra_pck_key_derive(&k1, &p1, &auth, c2, 10));
	assert_memory_not_equal(&p0, &p1, sizeof(p0));
	assert_ra_ok(ra_pck_key_derive(&k1, &p1, &auth, cpusvn, 11));
	assert_memory_not_equal(&p0, &p1, sizeof(p0));
	assert_ra_ok(ra_pck_key_derive(&k1, &p1, &auth, cpusvn, 0x100 | 10));
	assert_memory_not_equal(&p0, &p1, sizeof(p0));
	assert_ra_err(
	    ra_pck_key_derive(NULL, &p1, &auth, cpusvn, 10), RA_ERR_ARG);
	assert_ra_err(
	    ra_pck_key_derive(&k1, &p1, NULL, cpusvn, 10), RA_ERR_ARG);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(kat),
	cmocka_unit_test(every_input_matters),
};

TEST_MAIN(tests)
