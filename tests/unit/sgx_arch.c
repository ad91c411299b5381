/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated architecture: SIGSTRUCT signing (Fortanix's sig1 rebuilt
 * byte for byte) and verification (real Intel and Fortanix SIGSTRUCTs),
 * EINIT, every EGETKEY derivation rule, EREPORT and its verification by
 * the target, and SDK-layout sealing.
 */
#include <string.h>

#include "sgxra/ae.h"
#include "sgxra/arch.h"
#include "sgxra/buf.h"
#include "sgxra/seal.h"
#include "test.h"

#define ENC "tests/data/real/enclave/"

static void
load_sigstruct(struct ra_sigstruct *ss, const char *rel)
{
	size_t len;
	uint8_t *b = test_load(rel, &len);
	struct ra_cur c = ra_cur_init(b, len);

	assert_ra_ok(ra_sigstruct_parse(ss, &c));
	assert_ra_ok(ra_cur_finish(&c));
	free(b);
}

static void
css_real(void **state)
{
	static const struct {
		const char *file, *mrsigner;
	} sets[] = {
		{ ENC "intel-pce-1.25.100.1/sigstruct.bin",
		    "c54a62f2be9ef76efb1f3930ad81ea7f60defc1f5f25e09b7c067a815a"
		    "e0c6cb" },
		{ ENC "fortanix-test-enclave/test_enclave.sig",
		    "fb4bab3d6036ac1d730fa83d7366df1dd2dfeac194ef335d6854d8a6c6"
		    "475542" },
		{ ENC "fortanix-sigstruct-sig1/sig1.sigstruct.bin",
		    "83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08"
		    "c7ce9e" },
	};
	struct ra_sigstruct ss;
	struct ra_hash256 mr, want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		load_sigstruct(&ss, sets[i].file);
		assert_ra_ok(ra_css_verify(&ss));
		ra_css_mrsigner(&mr, &ss);
		test_unhex_into(want.b, 32, sets[i].mrsigner);
		test_assert_bytes(mr.b, want.b, 32, "MRSIGNER");
		/* a changed modulus, signature or quotient is refused */
		ss.modulus_le[5] ^= 1;
		assert_ra_err(ra_css_verify(&ss), RA_ERR_AUTH);
		ss.modulus_le[5] ^= 1;
		ss.signature_le[100] ^= 0x40;
		assert_ra_err(ra_css_verify(&ss), RA_ERR_AUTH);
		ss.signature_le[100] ^= 0x40;
		ss.q1_le[0] ^= 1;
		assert_ra_err(ra_css_verify(&ss), RA_ERR_AUTH);
		ss.q1_le[0] ^= 1;
		ss.q2_le[383] ^= 1;
		assert_ra_err(ra_css_verify(&ss), RA_ERR_AUTH);
		ss.q2_le[383] ^= 1;
		assert_ra_ok(ra_css_verify(&ss));
	}
}

/* Every bit of the signed region: the SIGSTRUCT is never accepted. */
static void
css_bitflips(void **state)
{
	size_t len, i;
	int bit;
	uint8_t *b = test_load(ENC "intel-pce-1.25.100.1/sigstruct.bin", &len);
	struct ra_sigstruct ss;

	(void)state;
	for (i = 0; i < len; i++) {
		bool is_signed = i < 128 || (i >= 900 && i < 1028);

		if (!is_signed) {
			continue;
		}
		for (bit = 0; bit < 8; bit++) {
			struct ra_cur c;

			b[i] ^= (uint8_t)(1U << bit);
			c = ra_cur_init(b, len);
			if (ra_sigstruct_parse(&ss, &c) == RA_OK) {
				assert_ra_err(ra_css_verify(&ss), RA_ERR_AUTH);
			}
			b[i] ^= (uint8_t)(1U << bit);
		}
	}
	free(b);
}

/* Fortanix's sig1: same fields, same key -> the same 1808 bytes. */
static void
css_sign_reproduces_sig1(void **state)
{
	size_t len, klen;
	uint8_t *want = test_load(ENC "fortanix-sigstruct-sig1/sig1.sigstruct."
	                              "bin",
	    &len);
	uint8_t *pem =
	    test_load(ENC "fortanix-sigstruct-sig1/sig1.key.pem", &klen);
	uint8_t got[RA_SIGSTRUCT_LEN];
	struct ra_sigstruct ss;
	struct ra_cur c = ra_cur_init(want, len);
	struct ra_buf b = ra_buf_init(got, sizeof(got));
	struct ra_rsa_key *key = NULL;

	(void)state;
	assert_ra_ok(ra_sigstruct_parse(&ss, &c));
	memset(ss.modulus_le, 0, sizeof(ss.modulus_le));
	memset(ss.signature_le, 0, sizeof(ss.signature_le));
	memset(ss.q1_le, 0, sizeof(ss.q1_le));
	memset(ss.q2_le, 0, sizeof(ss.q2_le));
	assert_ra_ok(ra_rsa_key_from_pem(&key, (char *)pem, klen));
	assert_ra_ok(ra_css_sign(&ss, key));
	ra_sigstruct_build(&b, &ss);
	assert_ra_ok(ra_buf_finish(&b));
	test_assert_bytes(got, want, RA_SIGSTRUCT_LEN, "sig1.sigstruct.bin");
	assert_ra_ok(ra_css_verify(&ss));
	ra_rsa_key_free(key);
	/* an exponent-65537 or 2048-bit key cannot sign a SIGSTRUCT */
	assert_ra_ok(ra_rsa_key_generate(&key, 3072, 65537));
	assert_ra_err(ra_css_sign(&ss, key), RA_ERR_KEY);
	ra_rsa_key_free(key);
	assert_ra_ok(ra_rsa_key_generate(&key, 2048, 3));
	assert_ra_err(ra_css_sign(&ss, key), RA_ERR_KEY);
	ra_rsa_key_free(key);
	free(want);
	free(pem);
}

static struct ra_einit_request
request_for(const struct ra_sigstruct *ss)
{
	struct ra_einit_request r;

	memset(&r, 0, sizeof(r));
	r.mr_enclave = ss->enclave_hash;
	r.size = 0x100000;
	r.ssa_frame_size = 1;
	r.attributes = ss->attributes;
	r.misc_select = ss->misc_select;
	return r;
}

static void
einit(void **state)
{
	struct ra_sigstruct ss;
	struct ra_einit_request r;
	struct ra_secs secs;
	enum ra_sgx_error why;
	struct ra_hash256 mrsigner;

	(void)state;
	/* the PCE asks for PROVISIONKEY */
	load_sigstruct(&ss, ENC "intel-pce-1.25.100.1/sigstruct.bin");
	r = request_for(&ss);
	assert_ra_err(ra_einit(&secs, &why, &ss, &r), RA_ERR_POLICY);
	assert_int_equal(why, RA_SGX_INVALID_ATTRIBUTE);
	r.allow_provision = true;
	assert_ra_ok(ra_einit(&secs, &why, &ss, &r));
	assert_int_equal(why, RA_SGX_SUCCESS);
	ra_css_mrsigner(&mrsigner, &ss);
	test_assert_bytes(&secs.mr_signer, &mrsigner, 32, "SECS.MRSIGNER");
	assert_int_equal(secs.isv_prod_id, 1);
	assert_int_equal(secs.isv_svn, 16);
	assert_true((secs.attributes.flags & RA_ATTR_INIT) != 0);
	/* a different measurement */
	r.mr_enclave.b[0] ^= 1;
	assert_ra_err(ra_einit(&secs, &why, &ss, &r), RA_ERR_POLICY);
	assert_int_equal(why, RA_SGX_INVALID_MEASUREMENT);
	r.mr_enclave.b[0] ^= 1;
	/* Intel's production PCE enforces DEBUG = 0 in its mask */
	r.attributes.flags |= RA_ATTR_DEBUG;
	r.allow_debug = true;
	assert_ra_err(ra_einit(&secs, &why, &ss, &r), RA_ERR_POLICY);
	assert_int_equal(why, RA_SGX_INVALID_ATTRIBUTE);
	r.attributes.flags &= ~(uint64_t)RA_ATTR_DEBUG;
	/* an attribute the mask enforces differs: MODE64BIT cleared */
	r.attributes.flags &= ~(uint64_t)RA_ATTR_MODE64BIT;
	assert_ra_err(ra_einit(&secs, &why, &ss, &r), RA_ERR_POLICY);
	assert_int_equal(why, RA_SGX_INVALID_ATTRIBUTE);
	/* Fortanix's test enclave leaves DEBUG to the launcher */
	load_sigstruct(&ss, ENC "fortanix-test-enclave/test_enclave.sig");
	r = request_for(&ss);
	assert_ra_ok(ra_einit(&secs, &why, &ss, &r));
	r.attributes.flags |= RA_ATTR_DEBUG;
	assert_ra_err(ra_einit(&secs, &why, &ss, &r), RA_ERR_POLICY);
	assert_int_equal(why, RA_SGX_INVALID_ATTRIBUTE);
	r.allow_debug = true;
	assert_ra_ok(ra_einit(&secs, &why, &ss, &r));
	assert_true((secs.attributes.flags & RA_ATTR_DEBUG) != 0);
	/* a bad signature */
	ss.signature_le[7] ^= 1;
	assert_ra_err(ra_einit(&secs, &why, &ss, &r), RA_ERR_POLICY);
	assert_int_equal(why, RA_SGX_INVALID_SIGNATURE);
	assert_string_equal(ra_sgx_strerror(why), "SGX_INVALID_SIGNATURE");
}

/* A platform and two enclaves with distinct identities, same signer. */
static void
fixture(struct ra_sgx_fuses *f, struct ra_secs *a, struct ra_secs *b)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < 16; i++) {
		f->root_seal.b[i] = (uint8_t)(i + 1);
		f->root_provision.b[i] = (uint8_t)(0x80 + i);
		f->owner_epoch[i] = (uint8_t)(0x40 + i);
	}
	f->cpu_svn[0] = 5;
	f->cpu_svn[1] = 5;
	memset(f->report_key_id, 0x77, sizeof(f->report_key_id));
	memset(a, 0, sizeof(*a));
	a->attributes.flags = RA_ATTR_INIT | RA_ATTR_MODE64BIT;
	a->attributes.xfrm = 3;
	memset(a->mr_enclave.b, 0xa1, 32);
	memset(a->mr_signer.b, 0x51, 32);
	a->isv_prod_id = 7;
	a->isv_svn = 3;
	*b = *a;
	memset(b->mr_enclave.b, 0xb2, 32);
}

static struct ra_keyrequest
seal_request(uint16_t policy)
{
	struct ra_keyrequest kr;

	memset(&kr, 0, sizeof(kr));
	kr.key_name = RA_KEYNAME_SEAL;
	kr.key_policy = policy;
	kr.attribute_mask.flags = ~(uint64_t)(0xFFFFFFFFFFFFC0ULL |
	    RA_ATTR_MODE64BIT | RA_ATTR_PROVISIONKEY | RA_ATTR_EINITTOKENKEY);
	kr.misc_mask = 0xF0000000U;
	memset(kr.key_id, 0x3c, sizeof(kr.key_id));
	return kr;
}

static void
get(struct ra_key128 *k, const struct ra_sgx_fuses *f, const struct ra_secs *s,
    const struct ra_keyrequest *kr)
{
	enum ra_sgx_error why;

	assert_ra_ok(ra_egetkey(k, &why, f, s, kr));
}

static void
refused(const struct ra_sgx_fuses *f, const struct ra_secs *s,
    const struct ra_keyrequest *kr, enum ra_sgx_error want)
{
	struct ra_key128 k;
	enum ra_sgx_error why;

	assert_ra_err(ra_egetkey(&k, &why, f, s, kr), RA_ERR_POLICY);
	assert_int_equal(why, want);
}

static void
egetkey_rules(void **state)
{
	struct ra_sgx_fuses f, f2;
	struct ra_secs a, b, s;
	struct ra_keyrequest kr = seal_request(RA_KEYPOLICY_MRSIGNER), k2;
	struct ra_key128 k, x;

	(void)state;
	fixture(&f, &a, &b);
	get(&k, &f, &a, &kr);
	/* MRSIGNER policy: another enclave of the same signer, same key */
	get(&x, &f, &b, &kr);
	test_assert_bytes(&k, &x, 16, "MRSIGNER seal key shared");
	/* MRENCLAVE policy: the other enclave differs */
	k2 = seal_request(RA_KEYPOLICY_MRENCLAVE);
	get(&k, &f, &a, &k2);
	get(&x, &f, &b, &k2);
	assert_memory_not_equal(&k, &x, 16);
	/* each bound input changes the key */
	get(&k, &f, &a, &kr);
	s = a;
	memset(s.mr_signer.b, 0x52, 32);
	get(&x, &f, &s, &kr);
	assert_memory_not_equal(&k, &x, 16);
	s = a;
	s.isv_prod_id = 8;
	get(&x, &f, &s, &kr);
	assert_memory_not_equal(&k, &x, 16);
	k2 = kr;
	k2.key_id[31] ^= 1;
	get(&x, &f, &a, &k2);
	assert_memory_not_equal(&k, &x, 16);
	k2 = kr;
	k2.isv_svn = 2; /* an older SVN's key, allowed and different */
	get(&x, &f, &a, &k2);
	assert_memory_not_equal(&k, &x, 16);
	s = a;
	s.attributes.flags |= RA_ATTR_DEBUG; /* DEBUG always binds */
	get(&x, &f, &s, &kr);
	assert_memory_not_equal(&k, &x, 16);
	f2 = f;
	f2.owner_epoch[0] ^= 1;
	get(&x, &f2, &a, &kr);
	assert_memory_not_equal(&k, &x, 16);
	f2 = f;
	f2.root_seal.b[0] ^= 1; /* another platform */
	get(&x, &f2, &a, &kr);
	assert_memory_not_equal(&k, &x, 16);
	/* masked-out inputs do not: MODE64BIT, low MISCSELECT bits, xfrm */
	s = a;
	s.attributes.flags &= ~(uint64_t)RA_ATTR_MODE64BIT;
	s.misc_select = 1;
	s.attributes.xfrm = 7;
	get(&x, &f, &s, &kr);
	test_assert_bytes(&k, &x, 16, "masked bits do not bind");
	/* a higher current CPUSVN does not change an old-SVN request */
	f2 = f;
	f2.cpu_svn[2] = 9;
	get(&x, &f2, &a, &kr);
	test_assert_bytes(&k, &x, 16, "request CPUSVN binds, not current");
	/* refusals with the SDM error */
	k2 = kr;
	k2.isv_svn = 4;
	refused(&f, &a, &k2, RA_SGX_INVALID_ISVSVN);
	k2 = kr;
	k2.config_svn = 1;
	refused(&f, &a, &k2, RA_SGX_INVALID_ISVSVN);
	k2 = kr;
	k2.cpu_svn[0] = 6;
	refused(&f, &a, &k2, RA_SGX_INVALID_CPUSVN);
	k2 = kr;
	k2.key_name = RA_KEYNAME_PROVISION;
	refused(&f, &a, &k2, RA_SGX_INVALID_ATTRIBUTE);
	k2.key_name = RA_KEYNAME_PROVISION_SEAL;
	refused(&f, &a, &k2, RA_SGX_INVALID_ATTRIBUTE);
	k2.key_name = RA_KEYNAME_EINITTOKEN;
	refused(&f, &a, &k2, RA_SGX_INVALID_ATTRIBUTE);
	k2.key_name = (enum ra_keyname)9;
	refused(&f, &a, &k2, RA_SGX_INVALID_KEYNAME);
	k2 = seal_request(RA_KEYPOLICY_MRSIGNER | RA_KEYPOLICY_CONFIGID);
	refused(&f, &a, &k2, RA_SGX_INVALID_ATTRIBUTE);
}

static void
egetkey_provision(void **state)
{
	struct ra_sgx_fuses f, f2;
	struct ra_secs a, b;
	struct ra_keyrequest kr;
	struct ra_key128 k, x;

	(void)state;
	fixture(&f, &a, &b);
	a.attributes.flags |= RA_ATTR_PROVISIONKEY;
	b.attributes.flags |= RA_ATTR_PROVISIONKEY;
	memset(&kr, 0, sizeof(kr));
	kr.key_name = RA_KEYNAME_PROVISION;
	kr.attribute_mask.flags = RA_ATTR_INIT | RA_ATTR_DEBUG;
	get(&k, &f, &a, &kr);
	/* PROVISION: no MRENCLAVE, no OWNEREPOCH, no seal root */
	get(&x, &f, &b, &kr);
	test_assert_bytes(&k, &x, 16, "PROVISION ignores MRENCLAVE");
	f2 = f;
	f2.owner_epoch[3] ^= 1;
	f2.root_seal.b[3] ^= 1;
	get(&x, &f2, &a, &kr);
	test_assert_bytes(&k, &x, 16, "PROVISION survives ownership");
	f2 = f;
	f2.root_provision.b[3] ^= 1;
	get(&x, &f2, &a, &kr);
	assert_memory_not_equal(&k, &x, 16);
	/* PROVISION_SEAL: seal root, no owner epoch, always MRSIGNER */
	kr.key_name = RA_KEYNAME_PROVISION_SEAL;
	get(&k, &f, &a, &kr);
	f2 = f;
	f2.owner_epoch[3] ^= 1;
	get(&x, &f2, &a, &kr);
	test_assert_bytes(&k, &x, 16, "PROVISION_SEAL ignores OWNEREPOCH");
	b.mr_signer.b[0] ^= 1;
	get(&x, &f, &b, &kr);
	assert_memory_not_equal(&k, &x, 16);
}

static void
ereport(void **state)
{
	struct ra_sgx_fuses f, f2;
	struct ra_secs a, b;
	struct ra_targetinfo ti;
	struct ra_report r, t;
	struct ra_keyrequest kr;
	struct ra_key128 k;
	struct ra_mac128 mac;
	uint8_t data[RA_REPORT_DATA_LEN], body[RA_REPORT_BODY_LEN];
	struct ra_buf bb = ra_buf_init(body, sizeof(body));
	size_t i;

	(void)state;
	fixture(&f, &a, &b);
	memset(data, 0x5a, sizeof(data));
	ra_secs_targetinfo(&ti, &b);
	assert_ra_ok(ra_ereport(&r, &f, &a, &ti, data));
	/* the body reports a, the MAC is for b */
	test_assert_bytes(&r.body.mr_enclave, &a.mr_enclave, 32, "MRENCLAVE");
	assert_memory_equal(r.body.report_data, data, sizeof(data));
	assert_ra_ok(ra_ereport_verify(&f, &b, &r));
	assert_ra_err(ra_ereport_verify(&f, &a, &r), RA_ERR_AUTH);
	/* b checks it with EGETKEY(REPORT, KEYID), as sgx_verify_report */
	memset(&kr, 0, sizeof(kr));
	kr.key_name = RA_KEYNAME_REPORT;
	memcpy(kr.key_id, r.key_id, sizeof(kr.key_id));
	get(&k, &f, &b, &kr);
	ra_report_body_build(&bb, &r.body);
	assert_ra_ok(ra_cmac(&mac, &k, body, sizeof(body)));
	test_assert_bytes(&mac, &r.mac, 16, "MAC with b's EGETKEY(REPORT)");
	/* every bit of the body, and the KEYID, matter */
	for (i = 0; i < (size_t)RA_REPORT_BODY_LEN * 8; i += 7) {
		t = r;
		bb = ra_buf_init(body, sizeof(body));
		ra_report_body_build(&bb, &t.body);
		body[i / 8] ^= (uint8_t)(1U << (i % 8));
		{
			struct ra_cur c = ra_cur_init(body, sizeof(body));

			assert_ra_ok(ra_report_body_parse(&t.body, &c));
		}
		assert_ra_err(ra_ereport_verify(&f, &b, &t), RA_ERR_AUTH);
	}
	t = r;
	t.key_id[0] ^= 1;
	assert_ra_err(ra_ereport_verify(&f, &b, &t), RA_ERR_AUTH);
	/* another platform cannot verify it */
	f2 = f;
	f2.root_seal.b[0] ^= 1;
	assert_ra_err(ra_ereport_verify(&f2, &b, &r), RA_ERR_AUTH);
}

static void
sealing(void **state)
{
	struct ra_sgx_fuses f;
	struct ra_secs a, b;
	struct ra_keyrequest kr = seal_request(RA_KEYPOLICY_MRENCLAVE);
	struct ra_key128 k, kb;
	struct ra_sealed s;
	static const char text[] = "the provisioned secret";
	static const char aad[] = "label";
	uint8_t blob[RA_SEALED_HEADER_LEN + 64], out[64];
	size_t n, i;

	(void)state;
	fixture(&f, &a, &b);
	get(&k, &f, &a, &kr);
	assert_ra_ok(ra_seal(blob, sizeof(blob), &n, &k, &kr, text,
	    sizeof(text), aad, sizeof(aad)));
	assert_int_equal(n, ra_seal_len(sizeof(text), sizeof(aad)));
	assert_ra_ok(ra_sealed_parse(&s, blob, n));
	assert_int_equal(s.ciphertext.len, sizeof(text));
	assert_memory_equal(s.aad.p, aad, sizeof(aad));
	/* the KEYREQUEST in the blob gives the key back */
	get(&kb, &f, &a, &s.key_request);
	test_assert_bytes(&k, &kb, 16, "key from the blob's request");
	assert_ra_ok(ra_unseal(out, sizeof(out), &kb, &s));
	assert_memory_equal(out, text, sizeof(text));
	/* another enclave cannot unseal an MRENCLAVE-bound blob */
	get(&kb, &f, &b, &s.key_request);
	assert_ra_err(ra_unseal(out, sizeof(out), &kb, &s), RA_ERR_AUTH);
	/* every bit of the blob: refused at parse, key or tag */
	for (i = 0; i < n * 8; i += 3) {
		blob[i / 8] ^= (uint8_t)(1U << (i % 8));
		if (ra_sealed_parse(&s, blob, n) == RA_OK) {
			enum ra_sgx_error why;

			if (ra_egetkey(&kb, &why, &f, &a, &s.key_request) ==
			    RA_OK) {
				assert_ra_err(
				    ra_unseal(out, sizeof(out), &kb, &s),
				    RA_ERR_AUTH);
			}
		}
		blob[i / 8] ^= (uint8_t)(1U << (i % 8));
	}
	assert_ra_ok(ra_sealed_parse(&s, blob, n));
	/* truncations and a trailing byte */
	for (i = 0; i < n; i++) {
		assert_ra_err(ra_sealed_parse(&s, blob, i), RA_ERR_FORMAT);
	}
	assert_ra_err(ra_sealed_parse(&s, blob, n + 1), RA_ERR_FORMAT);
	assert_ra_err(ra_seal(blob, n - 1, &n, &k, &kr, text, sizeof(text), aad,
	                  sizeof(aad)),
	    RA_ERR_SPACE);
	assert_ra_err(
	    ra_seal(blob, sizeof(blob), &n, &k, &kr, text, 0, NULL, 0),
	    RA_ERR_ARG);
}

/* The architectural enclaves pass EINIT with their compiled SIGSTRUCTs. */
static void
architectural_enclaves(void **state)
{
	struct ra_secs qe, pve, pce;
	struct ra_hash256 mr;

	(void)state;
	assert_ra_ok(ra_ae_secs(&qe, RA_AE_QE));
	assert_ra_ok(ra_ae_secs(&pve, RA_AE_PVE));
	assert_ra_ok(ra_ae_secs(&pce, RA_AE_PCE));
	/* one signer, three enclaves, PROVISIONKEY, not debug */
	assert_memory_equal(&qe.mr_signer, &pce.mr_signer, 32);
	assert_memory_equal(&qe.mr_signer, &pve.mr_signer, 32);
	assert_memory_not_equal(&qe.mr_enclave, &pce.mr_enclave, 32);
	assert_true((qe.attributes.flags & RA_ATTR_PROVISIONKEY) != 0);
	assert_true((qe.attributes.flags & RA_ATTR_DEBUG) == 0);
	assert_int_equal(qe.isv_prod_id, 1);
	assert_int_equal(pce.isv_prod_id, 3);
	/* the measurement is reproducible and is what the SIGSTRUCT signs */
	assert_ra_ok(ra_ae_measure(&mr, RA_AE_QE));
	assert_memory_equal(&mr, &qe.mr_enclave, 32);
	assert_string_equal(ra_ae_name(RA_AE_PVE), "PvE");
	assert_ra_err(ra_ae_measure(&mr, (enum ra_ae)7), RA_ERR_ARG);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(architectural_enclaves),
	cmocka_unit_test(css_real),
	cmocka_unit_test(css_bitflips),
	cmocka_unit_test(css_sign_reproduces_sig1),
	cmocka_unit_test(einit),
	cmocka_unit_test(egetkey_rules),
	cmocka_unit_test(egetkey_provision),
	cmocka_unit_test(ereport),
	cmocka_unit_test(sealing),
};

TEST_MAIN(tests)
