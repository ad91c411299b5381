/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPID member and issuer: signatures made with the EPID SDK's own
 * member keys verify and carry the K of the SDK's signatures for the same
 * basename; the SDK's revoked members come out revoked in the right list;
 * the SDK's join requests verify; and a whole life cycle with our issuer
 * (new group, join, sign, revoke in each list) in both group-id widths.
 */
#include <stdio.h>
#include <string.h>

#include "epid/fp.h"
#include "epid/g1.h"
#include "sgxra/ct.h"
#include "sgxra/epid.h"
#include "test.h"

#define SDK "tests/data/real/epid/intel-epid-sdk/"
#define TV  SDK "testvectors/testhelper/"
#define EX  SDK "example-data/"

#define SIG_CAP 4096

static struct ra_drbg drbg;
static struct ra_rng rng;

static int
setup(void **state)
{
	(void)state;
	ra_drbg_init(&drbg, "epid_sign", 9);
	rng = ra_drbg_rng(&drbg);
	return 0;
}

/*
 * Load a group public key, raw (GroupPubKey) or in the SDK's signed file
 * format, with byte 1 of its group id set to the hash algorithm.
 */
static void
load_pub(struct ra_epid_group_pub *pub, const char *rel, int alg)
{
	size_t len;
	uint8_t *b = test_load(rel, &len);
	struct ra_epid_file f;
	uint8_t *body = b;
	size_t body_len = len;

	if (ra_epid_file_parse(&f, b, len) == RA_OK) {
		body = (uint8_t *)(uintptr_t)f.body.p;
		body_len = f.body.len;
	}
	body[1] = (uint8_t)alg;
	assert_ra_ok(
	    ra_epid_group_pub_parse(pub, body, body_len, RA_EPID_GID_SDK));
	free(b);
}

static void
load_key(struct ra_epid_member_key *key, const char *rel, int alg)
{
	size_t len;
	uint8_t *b = test_load(rel, &len);

	b[1] = (uint8_t)alg;
	assert_ra_ok(ra_epid_member_key_parse(key, b, len, RA_EPID_GID_SDK));
	free(b);
}

/* A member from an SDK key; the context is large, so it is static. */
static struct ra_epid_member member;
static struct ra_epid_verifier verifier;

static void
sign(uint8_t *sig, size_t *len, bool *revoked, const char *msg, const char *bsn,
    const struct ra_epid_sigrl *sigrl)
{
	struct ra_epid_sign_args a = { msg, strlen(msg), bsn,
		bsn == NULL ? 0 : strlen(bsn), sigrl };

	assert_ra_ok(
	    ra_epid_sign(&member, sig, SIG_CAP, len, revoked, &a, &rng));
}

static enum ra_epid_verdict
verify(const uint8_t *sig, size_t len, const char *msg, const char *bsn,
    struct ra_epid_verify_args *a)
{
	struct ra_epid_sig s;
	enum ra_epid_verdict v;

	a->msg = msg;
	a->msg_len = strlen(msg);
	a->bsn = bsn;
	a->bsn_len = bsn == NULL ? 0 : strlen(bsn);
	assert_ra_ok(ra_epid_sig_parse(&s, sig, len));
	assert_ra_ok(ra_epid_verify(&verifier, &v, &s, a));
	return v;
}

/*
 * Sign "msg0" with basename "bsn0" using an SDK member key; our verifier
 * says valid and K equals the K of the SDK's signature (bytes 64..127).
 */
static void
check_sdk_member(
    const char *pub_rel, const char *key_rel, const char *sdk_sig_rel, int alg)
{
	struct ra_epid_group_pub pub;
	struct ra_epid_member_key key;
	struct ra_epid_verify_args a = { 0 };
	uint8_t sig[SIG_CAP], *sdk;
	size_t len, sdk_len;
	bool revoked;

	load_pub(&pub, pub_rel, alg);
	load_key(&key, key_rel, alg);
	assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
	assert_ra_ok(ra_epid_verifier_init(&verifier, &pub));
	sign(sig, &len, &revoked, "msg0", "bsn0", NULL);
	assert_int_equal(len, RA_EPID_SIG_MIN_LEN);
	assert_false(revoked);
	assert_int_equal(verify(sig, len, "msg0", "bsn0", &a), RA_EPID_VALID);
	sdk = test_load(sdk_sig_rel, &sdk_len);
	test_assert_bytes(sig, sdk, 128, "B || K of the SDK's signature");
	free(sdk);
	RA_WIPE(member);
	RA_WIPE(key);
}

static void
sdk_members_same_k(void **state)
{
	(void)state;
	check_sdk_member(TV "grp_x/pubkey.bin", TV "grp_x/member0/mprivkey.bin",
	    TV "grp_x/member0/sig_sha256_bsn0_msg0.bin", 0);
	check_sdk_member(TV "grp_x/pubkey.bin", TV "grp_x/member0/mprivkey.bin",
	    TV "grp_x/member0/sig_sha384_bsn0_msg0.bin", 1);
	check_sdk_member(TV "grp_x/pubkey.bin", TV "grp_x/member0/mprivkey.bin",
	    TV "grp_x/member0/sig_sha512_bsn0_msg0.bin", 2);
	check_sdk_member(TV "grp_x/pubkey.bin", TV "grp_x/member0/mprivkey.bin",
	    TV "grp_x/member0/sig_sha512_256_bsn0_msg0.bin", 3);
	check_sdk_member(TV "grp_x/pubkey.bin", TV "grp_x/member1/mprivkey.bin",
	    TV "grp_x/member1/sig_sha256_bsn0_msg0.bin", 0);
	/* the example data (signed file format) and its ikgf twin */
	check_sdk_member(EX "groupa/pubkey.bin",
	    EX "groupa/member0/mprivkey.dat",
	    TV "ikgf/groupa/sig_sha256_bsn0_msg0.bin", 0);
	check_sdk_member(EX "groupb/pubkey.bin",
	    EX "groupb/member0/mprivkey.dat",
	    TV "ikgf/groupb/sig_grouprevoked_sha256_bsn0_msg0.bin", 0);
}

/*
 * Every member key of the example data signs with and without a
 * basename, against the group's SigRL; the revoked ones come out revoked
 * in the PrivRL or SigRL that lists them, the others valid.
 */
struct example_member {
	const char *key;
	enum ra_epid_verdict want;
};

static void
load_file_body(uint8_t **buf, struct ra_bytes *body, const char *rel)
{
	size_t len;
	struct ra_epid_file f;

	*buf = test_load(rel, &len);
	assert_ra_ok(ra_epid_file_parse(&f, *buf, len));
	*body = f.body;
}

static void
check_example_group(const char *group, const struct example_member *m, size_t n)
{
	char rel[256];
	uint8_t *pb, *sb, sig[SIG_CAP];
	struct ra_bytes pbody, sbody;
	struct ra_epid_group_pub pub;
	struct ra_epid_member_key key;
	struct ra_epid_privrl priv;
	struct ra_epid_sigrl srl;
	struct ra_epid_verify_args a = { 0 };
	size_t i, len;
	bool revoked;

	snprintf(rel, sizeof(rel), EX "%s/pubkey.bin", group);
	load_pub(&pub, rel, 0);
	assert_ra_ok(ra_epid_verifier_init(&verifier, &pub));
	snprintf(rel, sizeof(rel), EX "%s/privrl.bin", group);
	load_file_body(&pb, &pbody, rel);
	assert_ra_ok(
	    ra_epid_privrl_parse(&priv, pbody.p, pbody.len, RA_EPID_GID_SDK));
	snprintf(rel, sizeof(rel), EX "%s/sigrl.bin", group);
	load_file_body(&sb, &sbody, rel);
	assert_ra_ok(
	    ra_epid_sigrl_parse(&srl, sbody.p, sbody.len, RA_EPID_GID_SDK));
	a.privrl = &priv;
	a.sigrl = &srl;
	for (i = 0; i < n; i++) {
		snprintf(
		    rel, sizeof(rel), EX "%s/%s/mprivkey.dat", group, m[i].key);
		load_key(&key, rel, 0);
		assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
		sign(sig, &len, &revoked, "test message", "basename", &srl);
		assert_int_equal(revoked, m[i].want == RA_EPID_REVOKED_SIG);
		assert_int_equal(
		    verify(sig, len, "test message", "basename", &a),
		    m[i].want);
		sign(sig, &len, &revoked, "test message", NULL, &srl);
		assert_int_equal(
		    verify(sig, len, "test message", NULL, &a), m[i].want);
	}
	RA_WIPE(member);
	RA_WIPE(key);
	free(pb);
	free(sb);
}

static void
example_data_revocation(void **state)
{
	static const struct example_member a[] = {
		{ "member0", RA_EPID_VALID },
		{ "member1", RA_EPID_VALID },
		{ "privrevokedmember0", RA_EPID_REVOKED_PRIV },
		{ "privrevokedmember1", RA_EPID_REVOKED_PRIV },
		{ "privrevokedmember2", RA_EPID_REVOKED_PRIV },
		{ "sigrevokedmember0", RA_EPID_REVOKED_SIG },
		{ "sigrevokedmember1", RA_EPID_REVOKED_SIG },
		{ "sigrevokedmember2", RA_EPID_REVOKED_SIG },
	};
	static const struct example_member b[] = {
		{ "member0", RA_EPID_VALID },
		{ "privrevokedmember0", RA_EPID_REVOKED_PRIV },
		{ "sigrevokedmember0", RA_EPID_REVOKED_SIG },
	};

	(void)state;
	check_example_group("groupa", a, sizeof(a) / sizeof(a[0]));
	check_example_group("groupb", b, sizeof(b) / sizeof(b[0]));
}

/* grp_x's revoked members, the group RL and the verifier RL. */
static void
grp_x_revocation(void **state)
{
	static const char *sigrevoked[] = { "000", "001", "002" };
	struct ra_epid_group_pub pub;
	struct ra_epid_member_key key;
	struct ra_epid_sigrl srl;
	struct ra_epid_privrl priv;
	struct ra_epid_verifierrl vrl;
	struct ra_epid_grouprl grl;
	struct ra_epid_verify_args a = { 0 };
	uint8_t sig[SIG_CAP], *rb, *pb, *vb, *gb;
	size_t len, i;
	bool revoked;
	char rel[256];

	(void)state;
	load_pub(&pub, TV "grp_x/pubkey.bin", 0);
	assert_ra_ok(ra_epid_verifier_init(&verifier, &pub));
	rb = test_load(TV "grp_x/sigrl.bin", &len);
	assert_ra_ok(ra_epid_sigrl_parse(&srl, rb, len, RA_EPID_GID_SDK));
	pb = test_load(TV "grp_x/privrl.bin", &len);
	assert_ra_ok(ra_epid_privrl_parse(&priv, pb, len, RA_EPID_GID_SDK));
	vb = test_load(TV "grp_x/verrevoked/bsn0/verrl.bin", &len);
	assert_ra_ok(ra_epid_verifierrl_parse(&vrl, vb, len, RA_EPID_GID_SDK));
	for (i = 0; i < 3; i++) {
		snprintf(rel, sizeof(rel),
		    TV "grp_x/sigrevoked/mprivatekey%s.bin", sigrevoked[i]);
		load_key(&key, rel, 0);
		assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
		sign(sig, &len, &revoked, "msg0", "bsn0", &srl);
		assert_true(revoked);
		a.sigrl = &srl;
		assert_int_equal(
		    verify(sig, len, "msg0", "bsn0", &a), RA_EPID_REVOKED_SIG);
		snprintf(rel, sizeof(rel),
		    TV "grp_x/privrevoked/mprivatekey%s.bin", sigrevoked[i]);
		load_key(&key, rel, 0);
		assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
		sign(sig, &len, &revoked, "msg0", "bsn0", &srl);
		assert_false(revoked);
		a.privrl = &priv;
		assert_int_equal(
		    verify(sig, len, "msg0", "bsn0", &a), RA_EPID_REVOKED_PRIV);
		a.privrl = NULL;
		snprintf(rel, sizeof(rel),
		    TV "grp_x/verrevoked/bsn0/mprivkey%s.bin", sigrevoked[i]);
		load_key(&key, rel, 0);
		assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
		sign(sig, &len, &revoked, "msg0", "bsn0", &srl);
		a.verifierrl = &vrl;
		assert_int_equal(verify(sig, len, "msg0", "bsn0", &a),
		    RA_EPID_REVOKED_VERIFIER);
		a.verifierrl = NULL;
		a.sigrl = NULL;
	}
	/* groupb is in ikgf's GroupRL */
	load_pub(&pub, TV "ikgf/groupb/pubkey.bin", 0);
	load_key(&key, TV "ikgf/groupb/member0/mprivkey.bin", 0);
	assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
	assert_ra_ok(ra_epid_verifier_init(&verifier, &pub));
	gb = test_load(TV "ikgf/grprl.bin", &len);
	assert_ra_ok(ra_epid_grouprl_parse(&grl, gb, len, RA_EPID_GID_SDK));
	sign(sig, &len, &revoked, "msg0", NULL, NULL);
	a.grouprl = &grl;
	assert_int_equal(
	    verify(sig, len, "msg0", NULL, &a), RA_EPID_REVOKED_GROUP);
	RA_WIPE(member);
	RA_WIPE(key);
	free(rb);
	free(pb);
	free(vb);
	free(gb);
}

/* Same rng seed, same signature; random basenames are unlinkable. */
static void
deterministic_and_linkability(void **state)
{
	struct ra_epid_group_pub pub;
	struct ra_epid_member_key key;
	struct ra_epid_sig s1, s2, s3;
	uint8_t a[SIG_CAP], b[SIG_CAP], c[SIG_CAP];
	size_t la, lb, lc;
	bool revoked;

	(void)state;
	load_pub(&pub, TV "grp_x/pubkey.bin", 0);
	load_key(&key, TV "grp_x/member0/mprivkey.bin", 0);
	assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
	ra_drbg_init(&drbg, "seed", 4);
	sign(a, &la, &revoked, "m", "bsn", NULL);
	ra_drbg_init(&drbg, "seed", 4);
	sign(b, &lb, &revoked, "m", "bsn", NULL);
	assert_int_equal(la, lb);
	test_assert_bytes(a, b, la, "same seed, same signature");
	sign(c, &lc, &revoked, "m", "bsn", NULL);
	assert_ra_ok(ra_epid_sig_parse(&s1, a, la));
	assert_ra_ok(ra_epid_sig_parse(&s2, c, lc));
	assert_true(ra_epid_sig_linked(&s1, &s2));
	assert_false(ra_ct_eq(a, c, la)); /* fresh randomness */
	sign(c, &lc, &revoked, "m", NULL, NULL);
	assert_ra_ok(ra_epid_sig_parse(&s3, c, lc));
	assert_false(ra_epid_sig_linked(&s1, &s3));
	sign(b, &lb, &revoked, "m", NULL, NULL);
	assert_ra_ok(ra_epid_sig_parse(&s2, b, lb));
	assert_false(ra_epid_sig_linked(&s2, &s3));
	RA_WIPE(member);
	RA_WIPE(key);
}

/*
 * The SDK's join requests (grp_x/member2, issuer nonces nonce.bin and
 * nonce2.bin) verify under our issuer, with the hash of their names; and
 * the SDK issuer's credentials satisfy A^(x + gamma) = g1 F.
 */
static void
sdk_join_requests(void **state)
{
	static const char *algs[] = { "sha256", "sha384", "sha512",
		"sha512_256" };
	struct ra_epid_group_pub pub;
	struct ra_epid_join_request req;
	struct ra_epid_nonce ni[2];
	struct ra_epid_credential cred;
	struct ra_epid_issuer_key isk;
	uint8_t *b;
	size_t len;
	int alg, k;
	char rel[256];

	(void)state;
	for (k = 0; k < 2; k++) {
		b = test_load(k == 0 ? TV "grp_x/member2/nonce.bin"
		                     : TV "grp_x/member2/nonce2.bin",
		    &len);
		assert_int_equal(len, 32);
		memcpy(ni[k].b, b, 32);
		free(b);
	}
	for (alg = 0; alg < 4; alg++) {
		load_pub(&pub, TV "grp_x/pubkey.bin", alg);
		for (k = 0; k < 2; k++) {
			struct ra_g1 a, f, g1;
			struct ra_fp x, gamma;
			struct ra_scalar e;

			snprintf(rel, sizeof(rel),
			    TV "grp_x/member2/joinreq_grpx_member2_%s_0%d.bin",
			    algs[alg], k + 1);
			b = test_load(rel, &len);
			assert_ra_ok(ra_epid_join_request_parse(&req, b, len));
			free(b);
			assert_ra_ok(
			    ra_epid_join_request_verify(&pub, &ni[k], &req));
			assert_ra_err(
			    ra_epid_join_request_verify(&pub, &ni[1 - k], &req),
			    RA_ERR_AUTH);
			snprintf(rel, sizeof(rel),
			    TV "grp_x/member2/"
			       "membercredential_grpx_member2_%s_0%d.bin",
			    algs[alg], k + 1);
			b = test_load(rel, &len);
			assert_ra_ok(ra_epid_credential_parse(
			    &cred, b, len, RA_EPID_GID_SDK));
			free(b);
			b = test_load(TV "grp_x/iprivkey.bin", &len);
			assert_ra_ok(ra_epid_issuer_key_parse(
			    &isk, b, len, RA_EPID_GID_SDK));
			free(b);
			assert_true(ra_g1_from_bytes(&a, cred.a.b));
			assert_true(ra_g1_from_bytes(&f, req.big_f.b));
			assert_true(ra_fp_from_bytes(&x, cred.x.b));
			assert_true(ra_fp_from_bytes(&gamma, isk.gamma.b));
			ra_fp_add(&x, &x, &gamma);
			ra_fp_to_scalar(&e, &x);
			ra_g1_mul(&a, &a, &e);
			ra_g1_generator(&g1);
			ra_g1_add(&f, &f, &g1);
			assert_true(ra_g1_eq(&a, &f) != 0);
		}
	}
}

/* One member's join against our issuer; the member context is set up. */
static void
join(struct ra_epid_member *m, struct ra_epid_member_key *key,
    const struct ra_epid_issuer_key *isk, const struct ra_epid_group_pub *pub)
{
	struct ra_epid_nonce ni;
	struct ra_epid_join_request req;
	struct ra_epid_credential cred;
	struct ra_epid_fp f;

	assert_ra_ok(ra_rng_fill(&rng, ni.b, sizeof(ni.b)));
	assert_ra_ok(ra_epid_join_request_make(&req, &f, NULL, pub, &ni, &rng));
	assert_ra_ok(ra_epid_join_request_verify(pub, &ni, &req));
	assert_ra_ok(
	    ra_epid_credential_issue(&cred, isk, pub, &ni, &req, &rng));
	key->gid = cred.gid;
	key->a = cred.a;
	key->x = cred.x;
	key->f = f;
	assert_ra_ok(ra_epid_member_init(m, pub, key));
	/* a tampered request is refused */
	req.s.b[31] ^= 1;
	assert_ra_err(
	    ra_epid_credential_issue(&cred, isk, pub, &ni, &req, &rng),
	    RA_ERR_AUTH);
}

static struct ra_epid_member other;

/*
 * Our issuer end to end, in one group-id width: create a group, join two
 * members, sign and verify; revoke member 1's key (PrivRL), one of its
 * signatures (SigRL, RLver bumped), then the group (GroupRL).
 */
static void
life_cycle(enum ra_epid_gid_width width)
{
	struct ra_epid_gid gid = { width, { 0 } };
	struct ra_epid_issuer_key isk;
	struct ra_epid_group_pub pub;
	struct ra_epid_member_key k1, k2;
	struct ra_epid_privrl priv = { 0 };
	struct ra_epid_sigrl srl = { 0 }, srl2;
	struct ra_epid_grouprl grl = { 0 };
	struct ra_epid_sig s;
	struct ra_epid_verify_args a = { 0 };
	uint8_t sig[SIG_CAP], old[SIG_CAP], pbuf[256], sbuf[512], gbuf[64];
	struct ra_buf pb = ra_buf_init(pbuf, sizeof(pbuf));
	struct ra_buf sb = ra_buf_init(sbuf, sizeof(sbuf));
	struct ra_buf gb = ra_buf_init(gbuf, sizeof(gbuf));
	enum ra_epid_verdict v;
	size_t len, old_len;
	bool revoked;

	gid.b[width - 1] = 0x2a;
	assert_ra_ok(ra_epid_issuer_keygen(&isk, &pub, &gid, &rng));
	join(&member, &k1, &isk, &pub);
	join(&other, &k2, &isk, &pub);
	assert_ra_ok(ra_epid_verifier_init(&verifier, &pub));
	sign(sig, &len, &revoked, "quote body", "basename", NULL);
	assert_int_equal(
	    verify(sig, len, "quote body", "basename", &a), RA_EPID_VALID);
	memcpy(old, sig, len);
	old_len = len;
	/* PrivRL: revoke member 1's f */
	priv.gid = pub.gid;
	assert_ra_ok(ra_epid_privrl_add(&pb, &priv, &k1.f));
	assert_ra_ok(ra_epid_privrl_parse(&priv, pbuf, pb.len, width));
	assert_int_equal(priv.version, 1);
	a.privrl = &priv;
	assert_int_equal(verify(sig, len, "quote body", "basename", &a),
	    RA_EPID_REVOKED_PRIV);
	a.privrl = NULL;
	/* SigRL: revoke member 1's signature; it signs again with proofs */
	srl.gid = pub.gid;
	assert_ra_ok(ra_epid_sig_parse(&s, old, old_len));
	assert_ra_ok(ra_epid_sigrl_add(&sb, &srl, &s.sigma0));
	assert_ra_ok(ra_epid_sigrl_parse(&srl2, sbuf, sb.len, width));
	assert_int_equal(srl2.version, 1);
	sign(sig, &len, &revoked, "quote body", NULL, &srl2);
	assert_true(revoked);
	assert_int_equal(len, ra_epid_sig_len(1));
	a.sigrl = &srl2;
	assert_int_equal(
	    verify(sig, len, "quote body", NULL, &a), RA_EPID_REVOKED_SIG);
	/* the old signature was made for RLver 0 */
	assert_ra_ok(ra_epid_sig_parse(&s, old, old_len));
	a.msg = "quote body";
	a.msg_len = 10;
	a.bsn = NULL;
	assert_ra_err(ra_epid_verify(&verifier, &v, &s, &a), RA_ERR_VERSION);
	/* member 2 proves it is not the revoked one */
	assert_ra_ok(ra_epid_sign(&other, sig, SIG_CAP, &len, &revoked,
	    &(struct ra_epid_sign_args){ "quote body", 10, NULL, 0, &srl2 },
	    &rng));
	assert_false(revoked);
	assert_int_equal(
	    verify(sig, len, "quote body", NULL, &a), RA_EPID_VALID);
	/* GroupRL: the whole group */
	grl.width = width;
	assert_ra_ok(ra_epid_grouprl_add(&gb, &grl, &pub.gid));
	assert_ra_ok(ra_epid_grouprl_parse(&grl, gbuf, gb.len, width));
	a.grouprl = &grl;
	assert_int_equal(
	    verify(sig, len, "quote body", NULL, &a), RA_EPID_REVOKED_GROUP);
	RA_WIPE(member);
	RA_WIPE(other);
	RA_WIPE(k1);
	RA_WIPE(k2);
	RA_WIPE(isk);
}

static void
issuer_life_cycle_sdk(void **state)
{
	(void)state;
	life_cycle(RA_EPID_GID_SDK);
}

static void
issuer_life_cycle_sgx(void **state)
{
	(void)state;
	life_cycle(RA_EPID_GID_SGX);
}

/*
 * The quoting enclave's call: a 432-byte body, a 32-byte basename, a
 * 4-byte group id. The SDK's grp_x keys are re-encoded with a 4-byte gid
 * (the gid is in no hash, so the K is the 16-byte case's).
 */
static void
sgx_width_quote(void **state)
{
	struct ra_epid_group_pub pub, pub4;
	struct ra_epid_member_key key, key4;
	struct ra_epid_verify_args a = { 0 };
	struct ra_epid_sig s;
	enum ra_epid_verdict v;
	uint8_t buf[512], body[432], bsn[32], sig[SIG_CAP], k16[64];
	struct ra_buf b = ra_buf_init(buf, sizeof(buf));
	size_t len, i;
	bool revoked;

	(void)state;
	for (i = 0; i < sizeof(body); i++) {
		body[i] = (uint8_t)i;
	}
	memset(bsn, 0xb5, sizeof(bsn));
	load_pub(&pub, TV "grp_x/pubkey.bin", 0);
	load_key(&key, TV "grp_x/member0/mprivkey.bin", 0);
	assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
	assert_ra_ok(ra_epid_sign(&member, sig, SIG_CAP, &len, &revoked,
	    &(struct ra_epid_sign_args){ body, sizeof(body), bsn, 32, NULL },
	    &rng));
	memcpy(k16, sig + 64, 64);
	/* the same keys with gid 00 00 0b 29 */
	pub.gid = (struct ra_epid_gid){ RA_EPID_GID_SGX, { 0, 0, 0x0b, 0x29 } };
	key.gid = pub.gid;
	assert_ra_ok(ra_epid_group_pub_build(&b, &pub));
	assert_int_equal(b.len, 4 + 256);
	assert_ra_ok(
	    ra_epid_group_pub_parse(&pub4, buf, b.len, RA_EPID_GID_SGX));
	b = ra_buf_init(buf, sizeof(buf));
	assert_ra_ok(ra_epid_member_key_build(&b, &key));
	assert_int_equal(b.len, 132);
	assert_ra_ok(
	    ra_epid_member_key_parse(&key4, buf, b.len, RA_EPID_GID_SGX));
	assert_ra_ok(ra_epid_member_init(&member, &pub4, &key4));
	assert_ra_ok(ra_epid_verifier_init(&verifier, &pub4));
	assert_ra_ok(ra_epid_sign(&member, sig, SIG_CAP, &len, &revoked,
	    &(struct ra_epid_sign_args){ body, sizeof(body), bsn, 32, NULL },
	    &rng));
	test_assert_bytes(sig + 64, k16, 64, "K with a 4-byte gid");
	a.msg = body;
	a.msg_len = sizeof(body);
	a.bsn = bsn;
	a.bsn_len = 32;
	assert_ra_ok(ra_epid_sig_parse(&s, sig, len));
	assert_ra_ok(ra_epid_verify(&verifier, &v, &s, &a));
	assert_int_equal(v, RA_EPID_VALID);
	RA_WIPE(member);
	RA_WIPE(key);
	RA_WIPE(key4);
}

/* Errors: wrong group, a key that is not the group's, no space. */
static void
member_errors(void **state)
{
	struct ra_epid_group_pub pub, pub_y;
	struct ra_epid_member_key key;
	struct ra_epid_sigrl srl;
	uint8_t sig[SIG_CAP], *rb;
	size_t len;
	bool revoked;

	(void)state;
	load_pub(&pub, TV "grp_x/pubkey.bin", 0);
	load_pub(&pub_y, TV "grp_y/pubkey.bin", 0);
	load_key(&key, TV "grp_x/member0/mprivkey.bin", 0);
	/* grp_y under grp_x's gid: the gid matches, the key does not */
	pub_y.gid = pub.gid;
	assert_ra_err(ra_epid_member_init(&member, &pub_y, &key), RA_ERR_KEY);
	key.gid.b[15] ^= 1;
	assert_ra_err(ra_epid_member_init(&member, &pub, &key), RA_ERR_ARG);
	key.gid.b[15] ^= 1;
	key.gid.b[1] = 9; /* and the key's gid too: no such hash */
	pub.gid.b[1] = 9;
	assert_ra_err(ra_epid_member_init(&member, &pub, &key), RA_ERR_VERSION);
	load_pub(&pub, TV "grp_x/pubkey.bin", 0);
	load_key(&key, TV "grp_x/member0/mprivkey.bin", 0);
	assert_ra_ok(ra_epid_member_init(&member, &pub, &key));
	rb = test_load(TV "grp_x/sigrl.bin", &len);
	assert_ra_ok(ra_epid_sigrl_parse(&srl, rb, len, RA_EPID_GID_SDK));
	assert_ra_err(
	    ra_epid_sign(&member, sig, ra_epid_sig_len(3) - 1, &len, &revoked,
	        &(struct ra_epid_sign_args){ "m", 1, NULL, 0, &srl }, &rng),
	    RA_ERR_SPACE);
	srl.gid.b[0] ^= 1;
	assert_ra_err(
	    ra_epid_sign(&member, sig, SIG_CAP, &len, &revoked,
	        &(struct ra_epid_sign_args){ "m", 1, NULL, 0, &srl }, &rng),
	    RA_ERR_ARG);
	srl.gid.b[0] ^= 1;
	/* a SigRL entry that is not a point */
	rb[16 + 8] ^= 1;
	assert_ra_err(
	    ra_epid_sign(&member, sig, SIG_CAP, &len, &revoked,
	        &(struct ra_epid_sign_args){ "m", 1, NULL, 0, &srl }, &rng),
	    RA_ERR_KEY);
	free(rb);
	RA_WIPE(member);
	RA_WIPE(key);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup(sdk_members_same_k, setup),
	cmocka_unit_test_setup(example_data_revocation, setup),
	cmocka_unit_test_setup(grp_x_revocation, setup),
	cmocka_unit_test_setup(deterministic_and_linkability, setup),
	cmocka_unit_test_setup(sdk_join_requests, setup),
	cmocka_unit_test_setup(issuer_life_cycle_sdk, setup),
	cmocka_unit_test_setup(issuer_life_cycle_sgx, setup),
	cmocka_unit_test_setup(sgx_width_quote, setup),
	cmocka_unit_test_setup(member_errors, setup),
};

TEST_MAIN(tests)
