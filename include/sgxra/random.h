/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_RANDOM_H
#define RA_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"

/*
 * Randomness. Production code draws from the kernel with getrandom(2) and
 * never falls back to anything weaker. Protocol engines and generators
 * take a struct ra_rng so that tests can inject a deterministic source
 * (ra_drbg in sgxra/crypto.h) and reproduce transcripts byte for byte.
 */

/*
 * A source of random bytes: fill(ctx, buf, len) writes len bytes or
 * fails. The struct holds no bytes of its own; ctx is owned by the caller
 * and must outlive every use.
 */
struct ra_rng {
	enum ra_err (*fill)(void *ctx, uint8_t *buf, size_t len);
	void *ctx;
};

/*
 * Fill buf with len bytes from getrandom(2), blocking until the kernel's
 * pool is initialised. RA_ERR_RNG if the kernel refuses.
 */
RA_MUST_CHECK enum ra_err ra_random(void *buf, size_t len);

/*
 * Fill buf from rng, or from ra_random() when rng is NULL. On failure the
 * buffer is wiped.
 */
RA_MUST_CHECK enum ra_err ra_rng_fill(
    const struct ra_rng *rng, void *buf, size_t len);

/* The system source as a struct ra_rng (fill = getrandom, ctx = NULL). */
struct ra_rng ra_rng_system(void);

#endif
