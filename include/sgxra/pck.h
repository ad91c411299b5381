/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_PCK_H
#define RA_PCK_H

#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * The emulated platform's Provisioning Certification Key (DCAP, FORMATS.md
 * §6; docs/dcap.md "The emulated DCAP platform").
 *
 * On real parts the PCE derives its PCK from the CPU's provisioning
 * secrets at a given (CPUSVN, PCESVN), and Intel, which escrows those
 * secrets, can derive the same public key to certify it. The emulation
 * keeps that shape: both the platform (from its PROVISION key, through the
 * provisioning authentication key of docs/platform.md) and sgxra-attestd
 * (from the authentication key the administrator enrolled) compute
 *
 *   d = the first candidate c_i, i = 0, 1, ..., with 1 <= c_i < n, where
 *   c_i = SHA-256("sgxra PCK key" || auth_key (16) || CPUSVN (16) ||
 *                 PCESVN (u16 LE) || i (u8)), read big-endian
 *
 * so a PCK certificate issued by the service names the key the platform
 * signs with, and a new TCB (CPUSVN or PCESVN) means a new key.
 */

/* The emulated platform's FMSPC: "SGXRA\0" — no Intel FMSPC has it. */
#define RA_EMU_FMSPC                               \
	{                                          \
		0x53, 0x47, 0x58, 0x52, 0x41, 0x00 \
	}
/* Its PCE-ID. */
#define RA_EMU_PCE_ID 0

RA_MUST_CHECK enum ra_err ra_pck_key_derive(struct ra_ec256_priv *priv,
    struct ra_ec256_pub *pub, const struct ra_key128 *auth_key,
    const uint8_t cpusvn[16], uint16_t pce_svn);

#endif
