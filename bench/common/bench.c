/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"

#define MAX_RUNS 32

uint64_t
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
bench_rate(void (*fn)(void *arg), void *arg, unsigned int runs,
    unsigned int min_ms, unsigned long min_iters)
{
	double rates[MAX_RUNS];
	unsigned int r;

	if (runs == 0 || runs > MAX_RUNS) {
		runs = runs == 0 ? 1 : MAX_RUNS;
	}
	fn(arg); /* warm up caches and lazy initialisation */
	for (r = 0; r < runs; r++) {
		uint64_t t0 = bench_now_ns(), t;
		unsigned long n = 0;

		do {
			fn(arg);
			n++;
			t = bench_now_ns() - t0;
		} while (n < min_iters || t < (uint64_t)min_ms * 1000000ULL);
		rates[r] = (double)n * 1e9 / (double)t;
	}
	qsort(rates, runs, sizeof(rates[0]), cmp_double);
	return rates[runs / 2];
}

bool
bench_report(const char *bench, const char *name, double value,
    const char *unit, const char *floor_name, double floor_value,
    const char *floor_unit, double ratio, double target_ratio,
    double target_max)
{
	bool ok = true;

	printf("%s/%s: %.4g %s", bench, name, value, unit);
	if (floor_name != NULL) {
		printf(" | floor %s %.4g %s | ratio %.3f", floor_name,
		    floor_value, floor_unit, ratio);
	}
	if (target_ratio > 0) {
		ok = ratio >= target_ratio;
		printf(" | target ratio >= %.2f | %s", target_ratio,
		    ok ? "ok" : "MISSED");
	} else if (target_max > 0) {
		ok = value <= target_max;
		printf(" | target <= %.4g %s | %s", target_max, unit,
		    ok ? "ok" : "MISSED");
	}
	printf("\n");
	fflush(stdout);
	return ok;
}

void
bench_use(const void *p, size_t n)
{
	static volatile unsigned char sink;
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		sink ^= b[i];
	}
}

long
bench_peak_rss_kib(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0) {
		return -1;
	}
	return ru.ru_maxrss;
}
