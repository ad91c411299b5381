/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_BENCH_H
#define RA_BENCH_H

/*
 * Benchmark helpers. Every benchmark prints its figure next to the same
 * run's crypto floor (an OpenSSL primitive measured in the same process,
 * on the same machine, a moment earlier) and the ratio of the two, so a
 * reader never compares numbers from different machines or days.
 *
 * Output lines, one per figure, machine-readable:
 *   <bench>/<name>: <value> <unit> | floor <floor-name> <value> <unit> |
 *   ratio <r> | target <op> <t> | <ok|MISSED>
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Monotonic time in nanoseconds. */
uint64_t bench_now_ns(void);

/*
 * Run fn(arg) repeatedly for about min_ms milliseconds (at least min_iters
 * times), `runs` times; return the median rate in operations per second.
 */
double bench_rate(void (*fn)(void *arg), void *arg, unsigned int runs,
    unsigned int min_ms, unsigned long min_iters);

/*
 * Print one result line. target_ratio > 0 states "ratio must be >= it";
 * target_max > 0 (with target_ratio 0) states "value must be <= it";
 * both 0: no target. Returns true if the target is met (or none).
 */
bool bench_report(const char *bench, const char *name, double value,
    const char *unit, const char *floor_name, double floor_value,
    const char *floor_unit, double ratio, double target_ratio,
    double target_max);

/* A sink the compiler cannot see through, to keep results alive. */
void bench_use(const void *p, size_t n);

/* Peak resident set size of this process in KiB (getrusage). */
long bench_peak_rss_kib(void);

#endif
