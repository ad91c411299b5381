/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/dcap: verifications per second of one real SGX v3 quote
 * (tests/data/real/dcap/phala-sgx-v3, PCK chain in the quote, complete
 * collateral, its pinned time), against the same run's OpenSSL ECDSA
 * P-256 verify/s:
 *
 *   warm   through a cache that already holds the verified collateral and
 *          PCK chain: the two ECDSA verifications of the quote (QE report,
 *          quote), hashing, the TCB evaluation. Target ratio >= 0.40 (the
 *          two verifications alone make 0.50).
 *   cold   no cache: every certificate, CRL, TCB Info and QE Identity is
 *          parsed and verified each time. Target ratio >= 0.10.
 *
 * And the peak resident set of `sgxra quote verify` on the same set
 * (a child process; getrusage of the child), against 16 MiB.
 */
#include <limits.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include "bench.h"
#include "dcap_sets.h"
#include "sgxra/verify.h"
#include "test.h"

#define SET       "phala-sgx-v3"
#define RSS_LIMIT (16.0 * 1024) /* KiB */

struct arg {
	struct test_dcap_set s;
	struct ra_dcap_verifier *vf;
	struct ra_dcap_cache *cache;
};

static void
verify(void *p)
{
	struct arg *a = p;
	struct ra_dcap_verdict v;

	if (ra_dcap_verify_quote(&v, a->vf, a->cache, a->s.quote,
	        a->s.quote_len, &a->s.coll, a->s.time) != RA_OK ||
	    v.fail != RA_DCAP_FAIL_NONE) {
		abort();
	}
	bench_use(&v.status, sizeof(v.status));
}

struct ec_arg {
	EVP_PKEY *pk;
	uint8_t digest[32];
	uint8_t sig[80];
	size_t sig_len;
};

/* The floor: OpenSSL's own ECDSA P-256 verification, as bench/crypto. */
static void
ossl_verify(void *p)
{
	struct ec_arg *a = p;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(a->pk, NULL);

	if (ctx == NULL || EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_verify(ctx, a->sig, a->sig_len, a->digest, 32) != 1) {
		abort();
	}
	EVP_PKEY_CTX_free(ctx);
}

static double
floor_rate(void)
{
	struct ec_arg a;
	EVP_PKEY_CTX *ctx;
	double r;

	memset(&a, 0, sizeof(a));
	a.pk = EVP_EC_gen("prime256v1");
	memset(a.digest, 0x5a, sizeof(a.digest));
	a.sig_len = sizeof(a.sig);
	ctx = EVP_PKEY_CTX_new(a.pk, NULL);
	if (a.pk == NULL || ctx == NULL || EVP_PKEY_sign_init(ctx) != 1 ||
	    EVP_PKEY_sign(ctx, a.sig, &a.sig_len, a.digest, 32) != 1) {
		abort();
	}
	EVP_PKEY_CTX_free(ctx);
	r = bench_rate(ossl_verify, &a, 7, 200, 200);
	EVP_PKEY_free(a.pk);
	return r;
}

/* $BUILD/bin/sgxra, next to this program's $BUILD/bench/dcap. */
static bool
sgxra_path(char *out, size_t cap)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0) {
		return false;
	}
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL) {
		return false;
	}
	*slash = '\0';
	if ((slash = strrchr(self, '/')) == NULL) {
		return false;
	}
	*slash = '\0';
	return snprintf(out, cap, "%s/bin/sgxra", self) < (int)cap;
}

/* Peak RSS (KiB) of the CLI verifying the set; -1 on failure. */
static long
cli_peak_rss(const struct test_dcap_set *s)
{
	char exe[PATH_MAX], quote[PATH_MAX + 16], dir[PATH_MAX], t[32];
	struct rusage ru;
	int status;
	pid_t pid;

	if (!sgxra_path(exe, sizeof(exe))) {
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/%s", test_path(TEST_DCAP_DIR), s->name);
	snprintf(quote, sizeof(quote), "%s/quote.bin", dir);
	snprintf(t, sizeof(t), "%lld", (long long)s->time);
	if ((pid = fork()) < 0) {
		return -1;
	}
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL) {
			_exit(127);
		}
		execl(exe, exe, "quote", "verify", quote, "--collateral", dir,
		    "--time", t, (char *)NULL);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		return -1;
	}
	return ru.ru_maxrss;
}

int
main(void)
{
	struct arg a;
	double fl, warm, cold;
	long rss;
	bool ok = true;

	memset(&a, 0, sizeof(a));
	test_dcap_set_load(&a.s, SET);
	a.vf = test_dcap_verifier(&a.s, 0);
	if (ra_dcap_cache_new(&a.cache, 16, NULL, NULL, 0) != RA_OK) {
		return 1;
	}
	verify(&a); /* fill the cache */
	fl = floor_rate();
	warm = bench_rate(verify, &a, 7, 300, 200);
	ok &= bench_report("dcap", "verify-warm-sgx-v3", warm, "verify/s",
	    "openssl-ecdsa-p256-verify", fl, "op/s", warm / fl, 0.40, 0);
	ra_dcap_cache_free(a.cache);
	a.cache = NULL;
	fl = floor_rate();
	cold = bench_rate(verify, &a, 5, 300, 50);
	ok &= bench_report("dcap", "verify-cold-sgx-v3", cold, "verify/s",
	    "openssl-ecdsa-p256-verify", fl, "op/s", cold / fl, 0.10, 0);
	rss = cli_peak_rss(&a.s);
	if (rss < 0) {
		fprintf(stderr, "bench/dcap: cannot run sgxra quote verify\n");
		ok = false;
	} else {
		ok &= bench_report("dcap", "cli-peak-rss", (double)rss, "KiB",
		    NULL, 0, NULL, 0, 0, RSS_LIMIT);
	}
	ra_dcap_verify_free(a.vf);
	test_dcap_set_free(&a.s);
	return ok ? 0 : 1;
}
