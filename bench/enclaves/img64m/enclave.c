/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A benchmark enclave: one ECALL that touches its payload (enclave_blob.S,
 * a read-only block of measured data) and returns a byte of it.
 */
#include <stddef.h>
#include <stdint.h>

#include "sgxra/enclave.h"

extern const uint8_t bench_blob[];
extern const uint8_t bench_blob_end[];

static enum ra_err
touch(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	(void)in;
	(void)in_len;
	if (cap < 1) {
		return RA_ERR_SPACE;
	}
	out[0] = bench_blob[(size_t)(bench_blob_end - bench_blob) / 2];
	*out_len = 1;
	return RA_OK;
}

static const struct ra_ecall ecalls[] = {
	{ "touch", touch },
};

RA_ENCLAVE_ECALLS(ecalls);
