/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sealing example enclave. ECALLs:
 *   0 seal      input: a secret; output: it sealed to this enclave
 *               (MRENCLAVE policy, the SDK's sealed-data layout)
 *   1 unseal    input: a sealed blob; output: the secret
 *   2 identity  output: this enclave's REPORT body (384 bytes)
 * The secret never leaves the enclave in the clear except as unseal's
 * answer to the application that holds the blob, which is the point of
 * the example: the blob is useless to any other enclave or platform.
 */
#include <string.h>

#include "sgxra/buf.h"
#include "sgxra/enclave.h"
#include "sgxra/seal.h"

static const uint8_t label[] = "sgxra example";

static enum ra_err
seal(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	return ra_enclave_seal(out, cap, out_len, RA_SEAL_MRENCLAVE, in, in_len,
	    label, sizeof(label) - 1);
}

static enum ra_err
unseal(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_bytes aad;
	enum ra_err err;

	err = ra_enclave_unseal(out, cap, out_len, &aad, in, in_len);
	if (err == RA_OK &&
	    (aad.len != sizeof(label) - 1 ||
	        memcmp(aad.p, label, aad.len) != 0)) {
		memset(out, 0, *out_len);
		*out_len = 0;
		return RA_ERR_AUTH;
	}
	return err;
}

static enum ra_err
identity(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_report_body me;
	struct ra_buf b = ra_buf_init(out, cap);
	enum ra_err err;

	(void)in;
	(void)in_len;
	if ((err = ra_enclave_identity(&me)) != RA_OK) {
		return err;
	}
	ra_report_body_build(&b, &me);
	*out_len = b.len;
	return ra_buf_finish(&b);
}

static const struct ra_ecall ecalls[] = {
	{ "seal", seal },
	{ "unseal", unseal },
	{ "identity", identity },
};

RA_ENCLAVE_ECALLS(ecalls);
