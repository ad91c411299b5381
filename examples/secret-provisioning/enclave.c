/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The secret-provisioning example enclave: it attests to a service
 * provider (sgxra-spd), receives the SP's secret over the attested
 * channel, seals it, and later proves that it holds it without
 * attesting again. ECALLs:
 *
 *   0..3 ra_msg1 .. ra_msg4   remote attestation (sgxra/attest.h)
 *   4    seal      output: the provisioned secret sealed to this enclave
 *                  (MRENCLAVE policy); refused if none was provisioned
 *   5    prove     input: sealed blob || challenge (1..256 bytes);
 *                  output: AES-CMAC(K, challenge), K = the first 16 bytes
 *                  of SHA-256("sgxra prove" || secret). The SP, which
 *                  knows the secret, checks it. The secret never leaves
 *                  the enclave.
 *   6    identity  output: this enclave's REPORT body (384 bytes)
 *
 * The SP's public key below is compiled in, so it is part of MRENCLAVE:
 * the enclave accepts msg2 only from the holder of sp-key.pem. That key
 * is a published demo key: never use it for anything real (make your
 * own with `sgxra keygen --type ec256`).
 */
#include <string.h>

#include "sgxra/attest.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/enclave.h"

/* sp-key.pem's public key, big-endian x and y. */
const struct ra_ec256_pub ra_attest_sp_key = {
	{ 0xf0, 0x67, 0x48, 0xd1, 0xfb, 0x6b, 0x56, 0x96, 0x9d, 0x75, 0xfc,
	    0xb2, 0x32, 0x55, 0x93, 0xab, 0xb2, 0x08, 0x00, 0x72, 0x40, 0x26,
	    0x13, 0xbc, 0xfb, 0x8b, 0x55, 0xc3, 0xe4, 0xa1, 0x19, 0xe6 },
	{ 0x91, 0xf9, 0x9e, 0xdc, 0x9b, 0x75, 0x40, 0xf2, 0xdb, 0x4c, 0x7e,
	    0x15, 0xe9, 0xb7, 0x09, 0x22, 0xb5, 0x1d, 0x4d, 0xea, 0x0d, 0xe7,
	    0x64, 0x73, 0x8a, 0xe8, 0x09, 0xd7, 0x3d, 0x48, 0xfc, 0xc5 },
};

static const uint8_t label[] = "sgxra secret-provisioning";
#define SECRET_MAX    ((size_t)64 * 1024)
#define CHALLENGE_MAX 256

static enum ra_err
seal(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t n = 0;
	const uint8_t *secret = ra_attest_secret(&n);

	(void)in;
	if (in_len != 0) {
		return RA_ERR_FORMAT;
	}
	if (secret == NULL) {
		return RA_ERR_STATE; /* not attested, or nothing provisioned */
	}
	return ra_enclave_seal(out, cap, out_len, RA_SEAL_MRENCLAVE, secret, n,
	    label, sizeof(label) - 1);
}

static uint8_t secret_buf[SECRET_MAX];

/* in: u32 LE blob length || blob || challenge. */
static enum ra_err
prove(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_sha256_ctx h;
	struct ra_hash256 d;
	struct ra_key128 k;
	struct ra_mac128 mac;
	struct ra_bytes aad;
	size_t blob_len, n = 0, ch_len;
	enum ra_err err;

	if (in_len < 4 || cap < sizeof(mac.b)) {
		return RA_ERR_FORMAT;
	}
	blob_len = (size_t)in[0] | (size_t)in[1] << 8 | (size_t)in[2] << 16 |
	    (size_t)in[3] << 24;
	if (blob_len > in_len - 4) {
		return RA_ERR_FORMAT;
	}
	ch_len = in_len - 4 - blob_len;
	if (ch_len == 0 || ch_len > CHALLENGE_MAX) {
		return RA_ERR_FORMAT;
	}
	err = ra_enclave_unseal(
	    secret_buf, sizeof(secret_buf), &n, &aad, in + 4, blob_len);
	if (err == RA_OK &&
	    (aad.len != sizeof(label) - 1 ||
	        memcmp(aad.p, label, aad.len) != 0)) {
		err = RA_ERR_AUTH;
	}
	if (err == RA_OK) {
		/* K = SHA-256("sgxra prove" || secret)[0..16) */
		ra_sha256_init(&h);
		ra_sha256_update(&h, "sgxra prove", 11);
		ra_sha256_update(&h, secret_buf, n);
		ra_sha256_final(&h, &d);
		memcpy(k.b, d.b, sizeof(k.b));
		err = ra_cmac(&mac, &k, in + 4 + blob_len, ch_len);
	}
	ra_wipe(secret_buf, n);
	RA_WIPE(k);
	RA_WIPE(d);
	if (err != RA_OK) {
		return err;
	}
	memcpy(out, mac.b, sizeof(mac.b));
	*out_len = sizeof(mac.b);
	return RA_OK;
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
	RA_ATTEST_ECALLS,
	{ "seal", seal },
	{ "prove", prove },
	{ "identity", identity },
};

RA_ENCLAVE_ECALLS(ecalls);
