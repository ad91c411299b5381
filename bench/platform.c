/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/platform: enclave load time through sgxra-platformd (copy into a
 * sealed memfd, ELF parse, measurement, EINIT with the SIGSTRUCT check,
 * fork and re-exec of the enclave process, dlopen, sandbox, first ECALL)
 * for a 1 MiB and a 64 MiB image, and the ECALL round trip. The floor of
 * a load is hashing the image once with SHA-256 in this process: the
 * ratio says how many hashes of the image one load costs.
 *
 * The EPC (docs/mee.md): an ECALL of the EPC test enclave that touches
 * its 256-page buffer, with the platform's default 16 resident pages,
 * takes a page fault per page (page-in through the engine, the oldest
 * page dropped); the figure is per fault, its floor one client-mode
 * engine page read in this process.
 *
 * It starts its own platform on a socket in a temporary directory and
 * stops it by PID.
 */
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "sgxra/crypto.h"
#include "sgxra/host.h"
#include "sgxra/mee.h"
#include "test.h"

struct load_arg {
	struct ra_host *h;
	const char *path;
};

static void
load_once(void *arg)
{
	struct load_arg *a = arg;
	struct ra_host_enclave *e = NULL;
	uint8_t out[4];
	size_t n;

	if (ra_host_load(a->h, &e, a->path, 0, NULL) != RA_OK ||
	    ra_host_ecall(e, 0, NULL, 0, out, sizeof(out), &n, NULL) != RA_OK) {
		fprintf(stderr, "bench/platform: load of %s failed\n", a->path);
		exit(1);
	}
	ra_host_destroy(e);
}

struct hash_arg {
	uint8_t *buf;
	size_t len;
};

static void
hash_once(void *arg)
{
	struct hash_arg *a = arg;
	struct ra_hash256 h;

	ra_sha256(&h, a->buf, a->len);
	bench_use(&h, sizeof(h));
}

static void
ecall_once(void *arg)
{
	struct ra_host_enclave *e = arg;
	uint8_t out[4];
	size_t n;

	if (ra_host_ecall(e, 0, NULL, 0, out, sizeof(out), &n, NULL) != RA_OK) {
		exit(1);
	}
}

static void
touch_all(void *arg)
{
	struct ra_host_enclave *e = arg;
	/* ECALL 3 touch: u32 first page 0, u32 pages 256 */
	static const uint8_t in[8] = { 0, 0, 0, 0, 0, 1, 0, 0 };
	uint8_t out[4];
	size_t n;

	if (ra_host_ecall(e, 3, in, sizeof(in), out, sizeof(out), &n, NULL) !=
	    RA_OK) {
		fprintf(stderr, "bench/platform: EPC touch failed\n");
		exit(1);
	}
}

struct mee_arg {
	struct ra_mee *m;
	uint8_t page[RA_MEE_PAGE_LEN];
	uint64_t next;
};

static void
mee_read_once(void *arg)
{
	struct mee_arg *a = arg;

	if (ra_mee_read_page(a->m, a->page, a->next++ % 256) != RA_OK) {
		exit(1);
	}
	bench_use(a->page, sizeof(a->page));
}

/* Per page fault of the EPC test enclave; floor: one engine page read. */
static bool
bench_epc(struct ra_host *h, const char *build)
{
	char path[512];
	struct ra_host_enclave *e = NULL;
	struct mee_arg *a = calloc(1, sizeof(*a));
	size_t len = ra_mee_dram_len(RA_MEE_CLIENT, (size_t)1 << 20);
	uint8_t *dram = malloc(len);
	double faults, reads;

	snprintf(path, sizeof(path), "%s/tests/enclaves/epc/enclave.signed.so",
	    build);
	if (a == NULL || dram == NULL ||
	    ra_mee_new(&a->m, RA_MEE_CLIENT, dram, len, NULL) != RA_OK ||
	    ra_host_load(h, &e, path, 0, NULL) != RA_OK) {
		fprintf(stderr, "bench/platform: no EPC enclave %s\n", path);
		if (a != NULL) {
			ra_mee_free(a->m);
		}
		free(a);
		free(dram);
		return false;
	}
	faults = 256.0 * bench_rate(touch_all, e, 5, 300, 3);
	reads = bench_rate(mee_read_once, a, 5, 100, 256);
	bench_report("platform", "epc-page-fault", 1e6 / faults, "us",
	    "mee-client-page-read", 1e6 / reads, "us", faults / reads, 0, 0);
	ra_host_destroy(e);
	ra_mee_free(a->m);
	free(a);
	free(dram);
	return true;
}

static pid_t
start_platform(const char *build, const char *dir, const char *sock)
{
	char pd[512], state[512];
	pid_t pid;
	int i, status;

	snprintf(pd, sizeof(pd), "%s/bin/sgxra-platformd", build);
	snprintf(state, sizeof(state), "%s/state", dir);
	if ((pid = fork()) == 0) {
		execl(pd, pd, "--init", "--state", state, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || status != 0) {
		return -1;
	}
	if ((pid = fork()) == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL) {
			_exit(127);
		}
		execl(pd, pd, "-d", "--state", state, "--socket", sock,
		    (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && access(sock, F_OK) != 0; i++) {
		usleep(50000);
	}
	return access(sock, F_OK) == 0 ? pid : -1;
}

static bool
bench_image(struct ra_host *h, const char *build, const char *name)
{
	char path[512], label[64];
	struct load_arg la;
	struct hash_arg ha;
	double loads, hashes;

	snprintf(path, sizeof(path), "%s/bench/enclaves/%s/enclave.signed.so",
	    build, name);
	ha.buf = test_read_file(path, &ha.len);
	if (ha.buf == NULL) {
		fprintf(stderr,
		    "bench/platform: no %s (make bench builds it)\n", path);
		return false;
	}
	la.h = h;
	la.path = path;
	loads = bench_rate(load_once, &la, 5, 300, 3);
	hashes = bench_rate(hash_once, &ha, 5, 200, 3);
	snprintf(label, sizeof(label), "load-%s-%.1fMiB", name,
	    (double)ha.len / (1024.0 * 1024.0));
	bench_report("platform", label, 1000.0 / loads, "ms", "sha256-of-image",
	    1000.0 / hashes, "ms", hashes / loads, 0, 0);
	free(ha.buf);
	return true;
}

static int
rm_entry(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(p);
}

int
main(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build/release";
	char dir[] = "/tmp/sgxra-bench-XXXXXX", sock[512], path[512];
	struct ra_host *h = NULL;
	struct ra_host_enclave *e = NULL;
	pid_t pd;
	bool ok = true;
	double rate;

	if (mkdtemp(dir) == NULL) {
		return 1;
	}
	snprintf(sock, sizeof(sock), "%s/platform.sock", dir);
	if ((pd = start_platform(build, dir, sock)) < 0 ||
	    ra_host_connect(&h, sock) != RA_OK) {
		fprintf(stderr, "bench/platform: cannot start the platform\n");
		return 1;
	}
	ok &= bench_image(h, build, "img1m");
	ok &= bench_image(h, build, "img64m");
	snprintf(path, sizeof(path),
	    "%s/bench/enclaves/img1m/enclave.signed.so", build);
	if (ra_host_load(h, &e, path, 0, NULL) == RA_OK) {
		rate = bench_rate(ecall_once, e, 5, 200, 100);
		bench_report("platform", "ecall-round-trip", 1e6 / rate, "us",
		    NULL, 0, NULL, 0, 0, 0);
		ra_host_destroy(e);
	}
	ok &= bench_epc(h, build);
	ra_host_close(h);
	kill(pd, SIGTERM);
	waitpid(pd, NULL, 0);
	if (nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS) != 0) {
		fprintf(stderr, "bench/platform: cannot remove %s\n", dir);
	}
	return ok ? 0 : 1;
}
