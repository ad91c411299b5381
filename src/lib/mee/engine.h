/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_MEE_ENGINE_H
#define RA_MEE_ENGINE_H

/*
 * Private to src/lib/mee/: what the paging leaves (paging.c) need from the
 * engine besides its public read and write calls.
 */
#include "sgxra/mee.h"

/* The per-boot paging key (CR_BASE_PK); valid while m is unchanged. */
const struct ra_key128 *ra_mee_page_key(const struct ra_mee *m);

/*
 * The next EWB version: 1, 2, ... per boot, never 0, never reused.
 * RA_ERR_LOCKED (engine locked) if the 64-bit counter is exhausted.
 */
RA_MUST_CHECK enum ra_err ra_mee_next_page_ver(struct ra_mee *m, uint64_t *ver);

#endif
