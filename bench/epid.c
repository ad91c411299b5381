/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/epid: EPID 2.0 pairings, signing and verification, each the
 * median of several runs, with the same run's OpenSSL ECDSA P-256 verify
 * as the floor (ratio = how many ECDSA verifications one EPID operation
 * costs). Targets (issue 4, on a 2-core x86-64): a pairing <= 1 ms, sign
 * <= 4 ms, verify <= 5 ms, and each SigRL entry <= 1.5 ms more for sign
 * and for verify. Keys are the EPID SDK's grp_x member0; the SigRLs hold
 * signatures of grp_x member1, so member0's proofs are real ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "bench.h"
#include "epid/g1.h"
#include "epid/g2.h"
#include "epid/pairing.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/epid.h"

#define TV      "tests/data/real/epid/intel-epid-sdk/testvectors/testhelper/"
#define MAX_RL  100
#define SIG_CAP (RA_EPID_SIG_MIN_LEN + MAX_RL * RA_EPID_NR_PROOF_LEN)

static struct ra_epid_member member, other;
static struct ra_epid_verifier verifier;
static struct ra_epid_group_pub pub;
#define RL_CAP (24 + MAX_RL * 128)
static uint8_t rl_buf[3][RL_CAP]; /* the 10- and 100-entry lists, scratch */
static uint8_t scratch[2][RL_CAP];
static struct ra_epid_sigrl sigrl[3];
static uint8_t sigs[3][SIG_CAP];
static size_t sig_len[3];
static const uint32_t rl_n[3] = { 0, 10, 100 };
static int cur; /* which SigRL the closures use */

static uint8_t *
load(const char *rel, size_t *len)
{
	char path[1024];
	const char *top = getenv("SGXRA_TOP");
	FILE *f;
	uint8_t *b = malloc(1 << 16);

	snprintf(path, sizeof(path), "%s/%s", top == NULL ? "." : top, rel);
	f = fopen(path, "rb");
	if (f == NULL || b == NULL) {
		fprintf(stderr, "bench/epid: cannot read %s\n", path);
		exit(1);
	}
	*len = fread(b, 1, 1 << 16, f);
	fclose(f);
	return b;
}

static void
check(enum ra_err e, const char *what)
{
	if (e != RA_OK) {
		fprintf(stderr, "bench/epid: %s: %s\n", what, ra_strerror(e));
		exit(1);
	}
}

static void
setup_member(struct ra_epid_member *m, const char *rel)
{
	struct ra_epid_member_key key;
	size_t len;
	uint8_t *b = load(rel, &len);

	check(ra_epid_member_key_parse(&key, b, len, RA_EPID_GID_SDK), rel);
	check(ra_epid_member_init(m, &pub, &key), "member init");
	free(b);
}

/*
 * SigRLs of 0, 10 and 100 signatures by member1 (random basenames). Each
 * revocation writes a new list from the previous one, so two scratch
 * buffers alternate (a builder's output may not overlap its input).
 */
static void
setup_sigrls(void)
{
	struct ra_epid_sigrl rl = { pub.gid, 0, 0, { NULL, 0 } };
	struct ra_epid_sign_args a = { "m", 1, NULL, 0, NULL };
	struct ra_epid_sig s;
	uint8_t sig[SIG_CAP];
	size_t len, i, k = 1;
	bool revoked;

	sigrl[0] = rl;
	for (i = 0; i < MAX_RL; i++) {
		struct ra_buf b = ra_buf_init(scratch[i % 2], RL_CAP);

		check(ra_epid_sign(
		          &other, sig, sizeof(sig), &len, &revoked, &a, NULL),
		    "sign for SigRL");
		check(ra_epid_sig_parse(&s, sig, len), "parse");
		check(ra_epid_sigrl_add(&b, &rl, &s.sigma0), "sigrl add");
		check(ra_epid_sigrl_parse(
		          &rl, scratch[i % 2], b.len, RA_EPID_GID_SDK),
		    "sigrl parse");
		if (k < 3 && rl.n2 == rl_n[k]) {
			memcpy(rl_buf[k], scratch[i % 2], b.len);
			check(ra_epid_sigrl_parse(
			          &sigrl[k], rl_buf[k], b.len, RA_EPID_GID_SDK),
			    "sigrl parse");
			k++;
		}
	}
}

static void
do_pairing(void *arg)
{
	struct ra_g1 p;
	struct ra_g2 q;
	struct ra_fq12 e;

	(void)arg;
	ra_g1_generator(&p);
	ra_g2_generator(&q);
	ra_pairing(&e, &p, &q);
	bench_use(&e, sizeof(e));
}

static void
do_sign(void *arg)
{
	struct ra_epid_sign_args a = { "bench message", 13, "basename", 8,
		cur == 0 ? NULL : &sigrl[cur] };
	bool revoked;

	(void)arg;
	check(ra_epid_sign(&member, sigs[cur], SIG_CAP, &sig_len[cur], &revoked,
	          &a, NULL),
	    "sign");
}

static void
do_verify(void *arg)
{
	struct ra_epid_verify_args a = { "bench message", 13, "basename", 8,
		NULL, NULL, cur == 0 ? NULL : &sigrl[cur], NULL };
	struct ra_epid_sig s;
	enum ra_epid_verdict v;

	(void)arg;
	check(ra_epid_sig_parse(&s, sigs[cur], sig_len[cur]), "parse");
	check(ra_epid_verify(&verifier, &v, &s, &a), "verify");
	if (v != RA_EPID_VALID) {
		fprintf(stderr, "bench/epid: verdict %s\n",
		    ra_epid_verdict_name(v));
		exit(1);
	}
}

struct ecdsa_arg {
	EVP_PKEY *pk;
	uint8_t der[80];
	size_t der_len;
	uint8_t h[32];
};

static void
ossl_verify(void *arg)
{
	struct ecdsa_arg *a = arg;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(a->pk, NULL);

	if (EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_verify(ctx, a->der, a->der_len, a->h, 32) != 1) {
		abort();
	}
	EVP_PKEY_CTX_free(ctx);
}

/* The floor: OpenSSL ECDSA P-256 verifications per second. */
static double
ecdsa_floor(void)
{
	struct ecdsa_arg a;
	struct ra_ec256_priv priv;
	struct ra_ec256_pub epub;
	struct ra_ec256_sig sig;
	struct ra_hash256 h;
	char pem[1024];
	size_t pem_len;
	BIO *bio;
	double rate;

	memset(h.b, 7, sizeof(h.b));
	memcpy(a.h, h.b, 32);
	if (ra_ec256_keygen(&priv, &epub, NULL) != RA_OK ||
	    ra_ecdsa_sign(&sig, &priv, &h, NULL) != RA_OK ||
	    ra_ecdsa_sig_to_der(a.der, sizeof(a.der), &a.der_len, &sig) !=
	        RA_OK ||
	    ra_ec256_priv_to_pem(pem, sizeof(pem), &pem_len, &priv) != RA_OK) {
		exit(1);
	}
	bio = BIO_new_mem_buf(pem, (int)pem_len);
	a.pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (a.pk == NULL) {
		exit(1);
	}
	rate = bench_rate(ossl_verify, &a, 7, 200, 20);
	EVP_PKEY_free(a.pk);
	return rate;
}

/* One line: value in ms, the floor in ms, target in ms. */
static bool
report(const char *name, double rate, double floor_rate, double target_ms)
{
	double ms = 1e3 / rate, floor_ms = 1e3 / floor_rate;

	return bench_report("epid", name, ms, "ms", "openssl-ecdsa-p256-verify",
	    floor_ms, "ms", ms / floor_ms, 0, target_ms);
}

int
main(void)
{
	double floor, pr, sign[3], ver[3];
	size_t len;
	uint8_t *b;
	bool ok = true;
	char name[64];
	int i;

	b = load(TV "grp_x/pubkey.bin", &len);
	check(ra_epid_group_pub_parse(&pub, b, len, RA_EPID_GID_SDK), "pubkey");
	free(b);
	check(ra_epid_verifier_init(&verifier, &pub), "verifier");
	setup_member(&member, TV "grp_x/member0/mprivkey.bin");
	setup_member(&other, TV "grp_x/member1/mprivkey.bin");
	setup_sigrls();

	floor = ecdsa_floor();
	pr = bench_rate(do_pairing, NULL, 7, 300, 20);
	for (i = 0; i < 3; i++) {
		cur = i;
		sign[i] = bench_rate(do_sign, NULL, 5, 300, 3);
		ver[i] = bench_rate(do_verify, NULL, 5, 300, 3);
	}
	printf("epid: ECDSA P-256 verify (OpenSSL): %.0f/s; pairings %.0f/s; "
	       "sign %.0f/s, %.0f/s, %.0f/s and verify %.0f/s, %.0f/s, "
	       "%.0f/s with SigRLs of 0, 10, 100 entries\n",
	    floor, pr, sign[0], sign[1], sign[2], ver[0], ver[1], ver[2]);
	ok &= report("pairing", pr, floor, 1.0);
	ok &= report("sign", sign[0], floor, 4.0);
	ok &= report("verify", ver[0], floor, 5.0);
	for (i = 1; i < 3; i++) {
		snprintf(name, sizeof(name), "sign-sigrl-%u", rl_n[i]);
		ok &= report(name, sign[i], floor, 4.0 + 1.5 * rl_n[i]);
		snprintf(name, sizeof(name), "verify-sigrl-%u", rl_n[i]);
		ok &= report(name, ver[i], floor, 5.0 + 1.5 * rl_n[i]);
	}
	/* the marginal cost of one entry, from the 100-entry runs */
	ok &= bench_report("epid", "sign-per-sigrl-entry",
	    (1e3 / sign[2] - 1e3 / sign[0]) / 100, "ms", NULL, 0, NULL, 0, 0,
	    1.5);
	ok &= bench_report("epid", "verify-per-sigrl-entry",
	    (1e3 / ver[2] - 1e3 / ver[0]) / 100, "ms", NULL, 0, NULL, 0, 0,
	    1.5);
	RA_WIPE(member);
	RA_WIPE(other);
	return ok ? 0 : 1;
}
