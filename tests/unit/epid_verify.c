/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPID verifier on Intel's own data: the 33 EpidVerify cases of the
 * EPID SDK's verify-test.cc (tests/data/real/epid/intel-epid-sdk/
 * expected.json), read with jansson and run as a table; then the other
 * upstream signatures with a clear expected outcome, the SGX-width
 * equivalents, and the verifier's errors.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <valgrind/valgrind.h>

#include "sgxra/epid.h"
#include "test.h"

#define SDK "tests/data/real/epid/intel-epid-sdk/"
#define TV  SDK "testvectors/"

/* One case's inputs, loaded and patched. */
struct vcase {
	uint8_t *pub, *sig, *grp, *priv, *sigrl, *ver, *msg;
	size_t pub_len, sig_len, grp_len, priv_len, sigrl_len, ver_len, msg_len;
	const char *sig_file;
	bool has_bsn;
};

static void
vcase_free(struct vcase *c)
{
	free(c->pub);
	free(c->sig);
	free(c->grp);
	free(c->priv);
	free(c->sigrl);
	free(c->ver);
	free(c->msg);
	memset(c, 0, sizeof(*c));
}

/* The input kinds, classified by the SDK's constant names. */
enum kind {
	K_PUB,
	K_SIG,
	K_GRPRL,
	K_PRIVRL,
	K_SIGRL,
	K_VERRL,
	K_OTHER
};

static bool
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static enum kind
classify(const char *name)
{
	if (strstr(name, "VerRl") != NULL) {
		return K_VERRL;
	}
	if (has_prefix(name, "kGrpRl")) {
		return K_GRPRL;
	}
	if (strstr(name, "PrivRl") != NULL) {
		return K_PRIVRL;
	}
	if (has_prefix(name, "kSigRl")) {
		return K_SIGRL;
	}
	if (has_prefix(name, "kSig") || has_prefix(name, "kRevGroupSig")) {
		return K_SIG;
	}
	if (strstr(name, "Key") != NULL) {
		return K_PUB;
	}
	if (strstr(name, "SigRl") != NULL) {
		return K_SIGRL;
	}
	return K_OTHER;
}

/* "HashAlg" of a file in all_vectors_index: 0 SHA-256 .. 3 SHA-512/256. */
static int
hash_of(json_t *root, const char *file)
{
	json_t *idx = json_object_get(root, "all_vectors_index"), *e;
	size_t i;
	const char *h;

	if (file == NULL) {
		fail_msg("a case without a signature");
		return -1;
	}
	json_array_foreach(idx, i, e)
	{
		const char *f = json_string_value(json_object_get(e, "file"));

		if (f == NULL ||
		    strcmp(f, file + strlen("testvectors/")) != 0) {
			continue;
		}
		h = json_string_value(json_object_get(e, "HashAlg"));
		if (h == NULL || strcmp(h, "Sha256") == 0) {
			return 0;
		}
		if (strcmp(h, "Sha384") == 0) {
			return 1;
		}
		return strcmp(h, "Sha512") == 0 ? 2 : 3;
	}
	fail_msg("%s not in all_vectors_index", file);
	return -1;
}

static void
load_input(struct vcase *c, const char *name, const char *val)
{
	char rel[512];
	uint8_t **dst = NULL;
	size_t *dlen = NULL;

	if (strcmp(name, "kBsn0") == 0) {
		c->has_bsn = true;
		return;
	}
	if (strcmp(name, "kMsg0") == 0 || strcmp(name, "kData_0_255") == 0) {
		size_t i, n = name[1] == 'M' ? 4 : 256;

		c->msg = malloc(n);
		assert_non_null(c->msg);
		for (i = 0; i < n; i++) {
			c->msg[i] = n == 4 ? (uint8_t) "msg0"[i] : (uint8_t)i;
		}
		c->msg_len = n;
		return;
	}
	switch (classify(name)) {
	case K_PUB:
		dst = &c->pub, dlen = &c->pub_len;
		break;
	case K_SIG:
		dst = &c->sig, dlen = &c->sig_len;
		c->sig_file = val;
		break;
	case K_GRPRL:
		dst = &c->grp, dlen = &c->grp_len;
		break;
	case K_PRIVRL:
		dst = &c->priv, dlen = &c->priv_len;
		break;
	case K_SIGRL:
		dst = &c->sigrl, dlen = &c->sigrl_len;
		break;
	case K_VERRL:
		dst = &c->ver, dlen = &c->ver_len;
		break;
	default:
		fail_msg("unknown input %s", name);
		return;
	}
	snprintf(rel, sizeof(rel), SDK "%s", val);
	*dst = test_load(rel, dlen);
}

static enum ra_epid_verdict
verdict_of(json_t *codes, const char *name)
{
	json_t *v = json_object_get(codes, name);

	assert_non_null(v);
	return (enum ra_epid_verdict)json_integer_value(v);
}

/*
 * Run one case: parse everything with the SDK's 16-byte group ids, apply
 * the hash-algorithm rule (byte 1 of the group id of the key and of the
 * PrivRL, SigRL and VerifierRL, set from the signature's HashAlg, as the
 * upstream tests do), set up the lists and verify.
 */
static enum ra_epid_verdict
run_case(struct vcase *c, int alg)
{
	struct ra_epid_group_pub pub;
	struct ra_epid_verifier v;
	struct ra_epid_sig sig;
	struct ra_epid_grouprl grp;
	struct ra_epid_privrl priv;
	struct ra_epid_sigrl srl;
	struct ra_epid_verifierrl vrl;
	struct ra_epid_verify_args a = { 0 };
	enum ra_epid_verdict verdict;

	if (c->pub == NULL || c->sig == NULL) {
		fail_msg("case without a group key or signature");
		return RA_EPID_INVALID;
	}
	c->pub[1] = (uint8_t)alg;
	assert_ra_ok(
	    ra_epid_group_pub_parse(&pub, c->pub, c->pub_len, RA_EPID_GID_SDK));
	assert_ra_ok(ra_epid_verifier_init(&v, &pub));
	assert_ra_ok(ra_epid_sig_parse(&sig, c->sig, c->sig_len));
	a.msg = c->msg;
	a.msg_len = c->msg_len;
	a.bsn = c->has_bsn ? "bsn0" : NULL;
	a.bsn_len = c->has_bsn ? 4 : 0;
	if (c->grp != NULL) {
		assert_ra_ok(ra_epid_grouprl_parse(
		    &grp, c->grp, c->grp_len, RA_EPID_GID_SDK));
		a.grouprl = &grp;
	}
	if (c->priv != NULL) {
		c->priv[1] = (uint8_t)alg;
		assert_ra_ok(ra_epid_privrl_parse(
		    &priv, c->priv, c->priv_len, RA_EPID_GID_SDK));
		a.privrl = &priv;
	}
	if (c->sigrl != NULL) {
		c->sigrl[1] = (uint8_t)alg;
		assert_ra_ok(ra_epid_sigrl_parse(
		    &srl, c->sigrl, c->sigrl_len, RA_EPID_GID_SDK));
		a.sigrl = &srl;
	}
	if (c->ver != NULL) {
		c->ver[1] = (uint8_t)alg;
		assert_ra_ok(ra_epid_verifierrl_parse(
		    &vrl, c->ver, c->ver_len, RA_EPID_GID_SDK));
		a.verifierrl = &vrl;
	}
	assert_ra_ok(ra_epid_verify(&v, &verdict, &sig, &a));
	return verdict;
}

/* The 33 cases of expected.json, each with Intel's result code. */
static void
sdk_cases(void **state)
{
	size_t len, i, n = 0;
	uint8_t *text = test_load(SDK "expected.json", &len);
	json_error_t jerr;
	json_t *root = json_loadb((const char *)text, len, 0, &jerr), *t;
	json_t *tests, *codes;
	unsigned failures = 0;

	(void)state;
	assert_non_null(root);
	tests = json_object_get(root, "tests");
	codes = json_object_get(root, "result_codes");
	json_array_foreach(tests, i, t)
	{
		struct vcase c = { 0 };
		const char *key, *name;
		json_t *val;
		enum ra_epid_verdict want, got;

		name = json_string_value(json_object_get(t, "test"));
		json_object_foreach(json_object_get(t, "inputs"), key, val)
		{
			load_input(&c, key, json_string_value(val));
		}
		want = verdict_of(codes,
		    json_string_value(
		        json_object_get(t, "expected_EpidVerify_result")));
		got = run_case(&c, hash_of(root, c.sig_file));
		if (got != want) {
			fprintf(stderr, "%s: got %s, want %s\n", name,
			    ra_epid_verdict_name(got),
			    ra_epid_verdict_name(want));
			failures++;
		}
		/* The same case with the message's last byte changed: the
		 * basic signature fails first, whatever the lists say. */
		c.msg[c.msg_len - 1] ^= 1;
		if (run_case(&c, hash_of(root, c.sig_file)) !=
		    RA_EPID_INVALID) {
			fprintf(
			    stderr, "%s: changed message not invalid\n", name);
			failures++;
		}
		vcase_free(&c);
		n++;
	}
	json_decref(root);
	free(text);
	assert_int_equal(n, 33);
	assert_int_equal(failures, 0);
}

/* --- the other upstream signatures -------------------------------------- */

/* A loaded raw list or key with byte 1 (the hash nibble) set. */
static uint8_t *
load_alg(const char *rel, size_t *len, int alg)
{
	uint8_t *b = test_load(rel, len);

	b[1] = (uint8_t)alg;
	return b;
}

struct other {
	const char *pub, *sig, *sigrl, *msg, *bsn;
	int alg;
	enum ra_epid_verdict want;
	size_t msg_len; /* 0: strlen(msg) */
};

static void
check_other(const struct other *o)
{
	struct ra_epid_group_pub pub;
	struct ra_epid_verifier v;
	struct ra_epid_sig sig;
	struct ra_epid_sigrl srl;
	struct ra_epid_verify_args a = { 0 };
	enum ra_epid_verdict verdict;
	uint8_t *pb, *sb, *rb = NULL;
	size_t pl, sl, rl;
	char rel[256];

	snprintf(rel, sizeof(rel), TV "testhelper/%s", o->pub);
	pb = load_alg(rel, &pl, o->alg);
	snprintf(rel, sizeof(rel), TV "testhelper/%s", o->sig);
	sb = test_load(rel, &sl);
	assert_ra_ok(ra_epid_group_pub_parse(&pub, pb, pl, RA_EPID_GID_SDK));
	assert_ra_ok(ra_epid_verifier_init(&v, &pub));
	assert_ra_ok(ra_epid_sig_parse(&sig, sb, sl));
	if (o->sigrl != NULL) {
		snprintf(rel, sizeof(rel), TV "testhelper/%s", o->sigrl);
		rb = load_alg(rel, &rl, o->alg);
		assert_ra_ok(
		    ra_epid_sigrl_parse(&srl, rb, rl, RA_EPID_GID_SDK));
		a.sigrl = &srl;
	}
	a.msg = o->msg;
	a.msg_len = o->msg_len != 0 ? o->msg_len : strlen(o->msg);
	a.bsn = o->bsn;
	a.bsn_len = o->bsn == NULL ? 0 : strlen(o->bsn);
	assert_ra_ok(ra_epid_verify(&v, &verdict, &sig, &a));
	if (verdict != o->want) {
		fail_msg("%s: got %s, want %s", o->sig,
		    ra_epid_verdict_name(verdict),
		    ra_epid_verdict_name(o->want));
	}
	free(pb);
	free(sb);
	free(rb);
}

/*
 * Upstream signatures outside the 33 cases whose outcome the index
 * states (signer, message, basename, SigRL, hash).
 */
static void
other_vectors(void **state)
{
	static const struct other o[] = {
		{ "grp_x/pubkey.bin", "grp_x/member0/sig_sha256_bsn0_msg1.bin",
		    "grp_x/sigrl.bin", "msg1", "bsn0", 0, RA_EPID_VALID, 0 },
		{ "grp_x/pubkey.bin", "grp_x/member0/sig_sha256_bsn1_msg0.bin",
		    "grp_x/sigrl.bin", "msg0", "bsn1", 0, RA_EPID_VALID, 0 },
		{ "grp_x/pubkey.bin",
		    "grp_x/member0/sig_sha256_rndbase_msg1.bin",
		    "grp_x/sigrl.bin", "msg1", NULL, 0, RA_EPID_VALID, 0 },
		{ "grp_x/pubkey.bin",
		    "grp_x/member0/sig_sha512_256_rndbase_msg0_no_sigrl.bin",
		    NULL, "msg0", NULL, 3, RA_EPID_VALID, 0 },
		{ "grp_x/pubkey.bin", "grp_x/member1/sig_sha256_bsn0_msg0.bin",
		    "grp_x/sigrl.bin", "msg0", "bsn0", 0, RA_EPID_VALID, 0 },
		{ "grp_x/pubkey.bin",
		    "grp_x/member0/sig_sha256_bsn0_msg0_rl_singleentry.bin",
		    "grp_x/sigrl_single_entry.bin", "msg0", "bsn0", 0,
		    RA_EPID_REVOKED_SIG, 0 },
		{ "grp01/gpubkey.bin",
		    "grp01/member0/sig_test0_sha256_sigrl.bin",
		    "grp01/sigrl.bin", "test message", NULL, 0, RA_EPID_VALID,
		    13 }, /* the SDK's kTest0 includes the NUL */
		{ "grp01/gpubkey.bin",
		    "grp01/member0/sig_test0_sha384_sigrl.bin",
		    "grp01/sigrl.bin", "test message", NULL, 1, RA_EPID_VALID,
		    13 }, /* the SDK's kTest0 includes the NUL */
		{ "grp01/gpubkey.bin",
		    "grp01/member0/sig_test0_sha512_sigrl.bin",
		    "grp01/sigrl.bin", "test message", NULL, 2, RA_EPID_VALID,
		    13 }, /* the SDK's kTest0 includes the NUL */
		{ "grp01/gpubkey.bin", "grp01/member0/sig_test1_sha256.bin",
		    NULL, "test1", NULL, 0, RA_EPID_VALID, 0 },
		{ "grp01/gpubkey.bin", "grp01/member0/sig_test1_sha384.bin",
		    NULL, "test1", NULL, 1, RA_EPID_VALID, 0 },
		{ "grp01/gpubkey.bin", "grp01/member0/sig_test1_sha512.bin",
		    NULL, "test1", NULL, 2, RA_EPID_VALID, 0 },
		/* sig_test1.bin has no hash suffix and no SDK test uses it;
		 * it does not verify under grp01's key */
		{ "grp01/gpubkey.bin", "grp01/member0/sig_test1.bin", NULL,
		    "test1", NULL, 0, RA_EPID_INVALID, 0 },
		{ "grp01/gpubkey.bin",
		    "grp01/member0/sig_test1_basename1_sha256.bin", NULL,
		    "test1", "basename1", 0, RA_EPID_VALID, 0 },
		{ "ikgf/groupa/pubkey.bin",
		    "ikgf/groupa/sig_msg0_sha256_sigrl.bin",
		    "ikgf/groupa/sigrl.bin", "msg0", NULL, 0, RA_EPID_VALID,
		    0 },
		{ "ikgf/groupa/pubkey.bin",
		    "ikgf/groupa/sig_sha256_bsn0_msg0_empty_sigrl.bin",
		    "ikgf/groupa/sigrl_empty.bin", "msg0", "bsn0", 0,
		    RA_EPID_VALID, 0 },
		{ "ikgf/groupa/pubkey.bin",
		    "ikgf/groupa/sig_test1_basename1_sha256.bin", NULL, "test1",
		    "basename1", 0, RA_EPID_VALID, 0 },
		{ "ikgf/groupa/pubkey.bin",
		    "ikgf/groupa/sig_sha256_bsn0_msg0.bin", NULL, "msg1",
		    "bsn0", 0, RA_EPID_INVALID, 0 },
		{ "ikgf/groupa/pubkey.bin",
		    "ikgf/groupa/sig_sha256_bsn0_msg0.bin", NULL, "msg0",
		    "bsn1", 0, RA_EPID_INVALID, 0 },
		{ "grp_x/pubkey.bin", "grp_x/member0/sig_sha256_bsn0_msg0.bin",
		    "grp_x/sigrl.bin", "msg0", "bsn0", 1, RA_EPID_INVALID, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++) {
		check_other(&o[i]);
	}
}

/* --- every bit flipped --------------------------------------------------- */

static struct ra_epid_verifier flip_v;
static struct ra_epid_sigrl flip_rl;
static bool flip_has_rl;

/* RA_OK iff the bytes parse and verify as VALID; anything else AUTH. */
static enum ra_err
check_sig(const uint8_t *b, size_t len)
{
	struct ra_epid_sig sig;
	struct ra_epid_verify_args a = { "msg0", 4, "bsn0", 4, NULL, NULL,
		flip_has_rl ? &flip_rl : NULL, NULL };
	enum ra_epid_verdict v;

	if (ra_epid_sig_parse(&sig, b, len) != RA_OK ||
	    ra_epid_verify(&flip_v, &v, &sig, &a) != RA_OK ||
	    v != RA_EPID_VALID) {
		return RA_ERR_AUTH;
	}
	return RA_OK;
}

/*
 * Every bit of a whole signature, NrProof included (checked against the
 * SigRL it was made for), flipped one at a time: never VALID. That is 6720
 * verifications; under valgrind (make V=vg check), which runs them about
 * 50 times slower, only bytes 64..519 are flipped (K, T, the scalars,
 * RLver, n2 and the first proof: 3648 bits, every kind of field).
 */
static void
signature_bitflips(void **state)
{
	struct ra_epid_group_pub pub;
	uint8_t *pb, *sb, *rb;
	size_t pl, sl, rl;

	(void)state;
	pb = test_load(TV "testhelper/grp_x/pubkey.bin", &pl);
	rb = test_load(TV "testhelper/grp_x/sigrl.bin", &rl);
	sb = test_load(
	    TV "testhelper/grp_x/member0/sig_sha256_bsn0_msg0.bin", &sl);
	assert_ra_ok(ra_epid_group_pub_parse(&pub, pb, pl, RA_EPID_GID_SDK));
	assert_ra_ok(ra_epid_verifier_init(&flip_v, &pub));
	assert_ra_ok(ra_epid_sigrl_parse(&flip_rl, rb, rl, RA_EPID_GID_SDK));
	flip_has_rl = true;
	if (RUNNING_ON_VALGRIND) {
		test_bitflips(check_sig, sb, sl, 64, 520, RA_ERR_AUTH);
	} else {
		test_bitflips(check_sig, sb, sl, 0, sl, RA_ERR_AUTH);
	}
	flip_has_rl = false;
	free(pb);
	free(sb);
	free(rb);
}

/* --- errors -------------------------------------------------------------- */

static void
verify_errors(void **state)
{
	struct ra_epid_group_pub pub;
	struct ra_epid_verifier v;
	struct ra_epid_sig sig;
	struct ra_epid_sigrl srl;
	struct ra_epid_privrl priv;
	struct ra_epid_grouprl grl;
	struct ra_epid_verifierrl vrl;
	struct ra_epid_verify_args a = { "msg0", 4, "bsn0", 4, NULL, NULL, NULL,
		NULL };
	enum ra_epid_verdict verdict;
	uint8_t *pb, *sb, *rb, *qb, *vb, *gb;
	size_t pl, sl, rl, ql, vl, gl;

	(void)state;
	pb = test_load(TV "testhelper/grp_x/pubkey.bin", &pl);
	sb = test_load(
	    TV "testhelper/grp_x/member0/sig_sha256_bsn0_msg0.bin", &sl);
	rb = test_load(TV "testhelper/grp_x/sigrl_ver_2.bin", &rl);
	qb = test_load(TV "testhelper/grp_x/privrl.bin", &ql);
	vb = test_load(TV "testhelper/grp_x/verrevoked/bsn0/verrl.bin", &vl);
	gb = test_load(TV "testhelper/grprl.bin", &gl);
	assert_ra_ok(ra_epid_group_pub_parse(&pub, pb, pl, RA_EPID_GID_SDK));
	assert_ra_ok(ra_epid_verifier_init(&v, &pub));
	assert_ra_ok(ra_epid_sig_parse(&sig, sb, sl));
	/* RLver 2 list, signature made for RLver 3 */
	assert_ra_ok(ra_epid_sigrl_parse(&srl, rb, rl, RA_EPID_GID_SDK));
	a.sigrl = &srl;
	assert_ra_err(ra_epid_verify(&v, &verdict, &sig, &a), RA_ERR_VERSION);
	assert_int_equal(verdict, RA_EPID_INVALID);
	/* same RLver, one entry fewer */
	srl.version = 3;
	srl.n2 = 2;
	srl.bk.len = 256;
	assert_ra_err(ra_epid_verify(&v, &verdict, &sig, &a), RA_ERR_FORMAT);
	/* a list of another group */
	a.sigrl = NULL;
	qb[0] ^= 0x01;
	assert_ra_ok(ra_epid_privrl_parse(&priv, qb, ql, RA_EPID_GID_SDK));
	a.privrl = &priv;
	assert_ra_err(ra_epid_verify(&v, &verdict, &sig, &a), RA_ERR_ARG);
	a.privrl = NULL;
	/* a VerifierRL needs its basename */
	assert_ra_ok(ra_epid_verifierrl_parse(&vrl, vb, vl, RA_EPID_GID_SDK));
	a.verifierrl = &vrl;
	a.bsn = "bsn1";
	assert_ra_err(ra_epid_verify(&v, &verdict, &sig, &a), RA_ERR_ARG);
	a.bsn = NULL;
	assert_ra_err(ra_epid_verify(&v, &verdict, &sig, &a), RA_ERR_ARG);
	a.verifierrl = NULL;
	/* a GroupRL of 4-byte gids for a 16-byte group */
	assert_ra_ok(ra_epid_grouprl_parse(&grl, gb, gl, RA_EPID_GID_SGX));
	a.grouprl = &grl;
	assert_ra_err(ra_epid_verify(&v, &verdict, &sig, &a), RA_ERR_ARG);
	a.grouprl = NULL;
	a.msg = NULL;
	assert_ra_err(ra_epid_verify(&v, &verdict, &sig, &a), RA_ERR_ARG);
	/* a group id naming no known hash */
	pub.gid.b[1] = 4; /* SHA3-256 */
	assert_ra_err(ra_epid_verifier_init(&v, &pub), RA_ERR_VERSION);
	pub.gid.b[1] = 0;
	pub.gid.b[0] = 0x10; /* schema 1 */
	assert_ra_err(ra_epid_verifier_init(&v, &pub), RA_ERR_VERSION);
	free(pb);
	free(sb);
	free(rb);
	free(qb);
	free(vb);
	free(gb);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(sdk_cases),
	cmocka_unit_test(other_vectors),
	cmocka_unit_test(signature_bitflips),
	cmocka_unit_test(verify_errors),
};

TEST_MAIN(tests)
