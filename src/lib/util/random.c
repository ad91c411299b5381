/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <sys/random.h>

#include "internal.h"
#include "sgxra/random.h"

enum ra_err
ra_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;
	unsigned int tries = 0;

	if (buf == NULL && len != 0) {
		return RA_ERR_ARG;
	}
	while (len > 0) {
		/* getrandom returns at most 32 MiB per call; EINTR is benign.
		 */
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR && ++tries < 100) {
				continue;
			}
			return RA_ERR_RNG;
		}
		p += n;
		len -= (size_t)n;
	}
	return RA_OK;
}

static enum ra_err
system_fill(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	return ra_random(buf, len);
}

struct ra_rng
ra_rng_system(void)
{
	struct ra_rng r = { system_fill, NULL };

	return r;
}

enum ra_err
ra_rng_fill(const struct ra_rng *rng, void *buf, size_t len)
{
	enum ra_err err;

	if (buf == NULL && len != 0) {
		return RA_ERR_ARG;
	}
	if (rng == NULL || rng->fill == NULL) {
		err = ra_random(buf, len);
	} else {
		err = rng->fill(rng->ctx, buf, len);
	}
	if (err != RA_OK && len != 0) {
		ra_wipe(buf, len);
	}
	return err;
}
