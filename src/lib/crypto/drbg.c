/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A deterministic byte stream for tests and golden transcripts: block i is
 * SHA-256(seed || i as u64 little-endian). It is not a DRBG in the
 * SP 800-90A sense and must never produce real keys; production code
 * passes NULL (the system source) wherever a struct ra_rng is taken.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/crypto.h"

void
ra_drbg_init(struct ra_drbg *d, const void *seed, size_t len)
{
	memset(d, 0, sizeof(*d));
	ra_sha256(&d->seed, seed, len);
	d->used = sizeof(d->block);
}

static enum ra_err
drbg_fill(void *ctx, uint8_t *buf, size_t len)
{
	struct ra_drbg *d = ctx;
	struct ra_sha256_ctx h;
	struct ra_hash256 out;
	uint8_t ctr[8];
	size_t n;

	while (len > 0) {
		if (d->used == sizeof(d->block)) {
			ra_enc64le(ctr, d->counter++);
			ra_sha256_init(&h);
			ra_sha256_update(&h, d->seed.b, sizeof(d->seed.b));
			ra_sha256_update(&h, ctr, sizeof(ctr));
			ra_sha256_final(&h, &out);
			memcpy(d->block, out.b, sizeof(d->block));
			d->used = 0;
		}
		n = sizeof(d->block) - d->used;
		n = n < len ? n : len;
		memcpy(buf, d->block + d->used, n);
		d->used += n;
		buf += n;
		len -= n;
	}
	return RA_OK;
}

struct ra_rng
ra_drbg_rng(struct ra_drbg *d)
{
	struct ra_rng r = { drbg_fill, d };

	return r;
}
