/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_CT_H
#define RA_CT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Constant-time comparison and wiping. Every comparison of bytes inside
 * libsgxra goes through ra_ct_eq(), secret or not: one rule, no judgement
 * calls.
 */

/* True iff a[0..n) == b[0..n). Run time depends on n only. */
bool ra_ct_eq(const void *a, const void *b, size_t n);

/* True iff p[0..n) is all zero. Run time depends on n only. */
bool ra_ct_is_zero(const void *p, size_t n);

/* Zero n bytes at p; the compiler may not elide it. */
void ra_wipe(void *p, size_t n);

/* For arrays and structs only: sizeof a pointer is not what you want. */
#define RA_WIPE(obj) ra_wipe(&(obj), sizeof(obj))

#endif
