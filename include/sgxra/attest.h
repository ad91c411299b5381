/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_ATTEST_H
#define RA_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * Remote attestation inside an enclave (sgxra's trusted runtime,
 * src/trts/trts_attest.c): the enclave side of the msg0..msg4 exchange
 * (sgxra/ra.h) as four ECALLs that the application drives with
 * ra_host_attest() (sgxra/host.h). An enclave that attests:
 *
 *   1. defines the service provider's public key, which thereby becomes
 *      part of its MRENCLAVE (the enclave talks to that SP and no other):
 *
 *        const struct ra_ec256_pub ra_attest_sp_key = { { x... }, { y... } };
 *
 *   2. puts RA_ATTEST_ECALLS, four consecutive entries, in its ECALL
 *      table, and tells the application their first index;
 *
 *   3. after a successful attestation, takes the provisioned secret with
 *      ra_attest_secret() (and typically seals it).
 *
 * The ECALLs (one session at a time; a new msg1 starts over):
 *
 *   msg1  in: gid (u32 LE)                        out: msg1 (68)
 *   msg2  in: QE TARGETINFO (512) || msg2         out: REPORT for the QE
 *                                                      (432) || nonce (16)
 *   msg3  in: QE REPORT (432) || quote            out: msg3
 *   msg4  in: msg4                                out: status (u32 LE) ||
 *                                                      secret length (u32
 *                                                      LE) || SHA-256 of
 *                                                      the secret (32)
 *
 * The secret itself never leaves the enclave: the application sees its
 * length and hash only.
 */

/* The SP's public key: defined by the enclave (big-endian x, y). */
extern const struct ra_ec256_pub ra_attest_sp_key;

RA_MUST_CHECK enum ra_err ra_attest_ecall_msg1(const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len);
RA_MUST_CHECK enum ra_err ra_attest_ecall_msg2(const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len);
RA_MUST_CHECK enum ra_err ra_attest_ecall_msg3(const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len);
RA_MUST_CHECK enum ra_err ra_attest_ecall_msg4(const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len);

#define RA_ATTEST_ECALLS                         \
	{ "ra_msg1", ra_attest_ecall_msg1 },     \
	    { "ra_msg2", ra_attest_ecall_msg2 }, \
	    { "ra_msg3", ra_attest_ecall_msg3 }, \
	{                                        \
		"ra_msg4", ra_attest_ecall_msg4  \
	}

/* Output of the msg4 ECALL. */
#define RA_ATTEST_MSG4_OUT_LEN 40

/*
 * The secret the last attestation provisioned: a view valid until the
 * next msg1 or ra_attest_clear(); NULL (and *len 0) if none.
 */
const uint8_t *ra_attest_secret(size_t *len);

/* Wipe the session and the secret. */
void ra_attest_clear(void);

#endif
