/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_RA_KX_H
#define RA_RA_KX_H

/*
 * Private to src/lib/ra/: the computations both protocol engines make
 * (ra_enclave.c, ra_sp.c) in one place, so that the two sides cannot
 * drift apart. docs/protocol.md, "Key derivation"; FORMATS.md §4.2 and
 * §4.5. Included after the public headers and before internal.h.
 */
#include <stdint.h>

#include "sgxra/crypto.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/* The session keys of kdf_id 1 (secret: wipe with RA_WIPE). */
struct ra_kx_keys {
	struct ra_key128 smk, sk, mk, vk;
};

/*
 * Gab = ECDH(priv, peer); KDK = AES-CMAC(0^16, Gab.x LE); then SMK, SK,
 * MK and VK from KDK. The shared secret and KDK are wiped before return;
 * on failure *k is wiped. RA_ERR_KEY if peer is not a P-256 point.
 */
RA_MUST_CHECK enum ra_err ra_kx_derive(struct ra_kx_keys *k,
    const struct ra_ec256_priv *priv, const struct ra_ec256_pub *peer);

/*
 * SHA-256(g_b || g_a), each point in the SDK's wire encoding (64 bytes,
 * coordinates little-endian): what sign_gb_ga signs.
 */
void ra_kx_gb_ga_digest(struct ra_hash256 *h, const struct ra_ec256_pub *g_b,
    const struct ra_ec256_pub *g_a);

/*
 * REPORTDATA = SHA-256(g_a || g_b || VK) || 0^32, points in the wire
 * encoding: what binds the enclave's quote to this session.
 */
void ra_kx_report_data(uint8_t rd[RA_REPORT_DATA_LEN],
    const struct ra_ec256_pub *g_a, const struct ra_ec256_pub *g_b,
    const struct ra_key128 *vk);

#endif
