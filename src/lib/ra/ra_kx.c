/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The key exchange's shared computations (see ra_kx.h): the SGX RA KDF
 * (Intel SGX SDK common/src/ecp.cpp, derive_key), the sign_gb_ga digest
 * (sdk/tkey_exchange/tkey_exchange.cpp) and the REPORTDATA binding.
 */
#include <string.h>

#include "internal.h"
#include "ra/ra_kx.h"

enum ra_err
ra_kx_derive(struct ra_kx_keys *k, const struct ra_ec256_priv *priv,
    const struct ra_ec256_pub *peer)
{
	struct ra_ec256_shared gab;
	struct ra_key128 kdk;
	enum ra_err err;

	/* Gab = ECDH(priv, peer); the peer point is validated first */
	if ((err = ra_ecdh(&gab, priv, peer)) != RA_OK) {
		goto out;
	}
	/* KDK = AES-CMAC(0^16, Gab.x little-endian) */
	if ((err = ra_kdf_kdk(&kdk, &gab)) != RA_OK) {
		goto out;
	}
	RA_WIPE(gab);
	/* SMK = CMAC(KDK, 0x01||"SMK"||0x00||0x80||0x00) */
	/* SK  = CMAC(KDK, 0x01||"SK"||0x00||0x80||0x00) */
	/* MK  = CMAC(KDK, 0x01||"MK"||0x00||0x80||0x00) */
	/* VK  = CMAC(KDK, 0x01||"VK"||0x00||0x80||0x00) */
	if ((err = ra_kdf_derive(&k->smk, &kdk, RA_KDF_SMK)) != RA_OK ||
	    (err = ra_kdf_derive(&k->sk, &kdk, RA_KDF_SK)) != RA_OK ||
	    (err = ra_kdf_derive(&k->mk, &kdk, RA_KDF_MK)) != RA_OK ||
	    (err = ra_kdf_derive(&k->vk, &kdk, RA_KDF_VK)) != RA_OK) {
		goto out;
	}
out:
	RA_WIPE(gab);
	RA_WIPE(kdk);
	if (err != RA_OK) {
		ra_wipe(k, sizeof(*k));
	}
	return err;
}

void
ra_kx_gb_ga_digest(struct ra_hash256 *h, const struct ra_ec256_pub *g_b,
    const struct ra_ec256_pub *g_a)
{
	uint8_t w[2 * RA_SGX_EC256_PUB_LEN];

	ra_ec256_pub_to_sgx(w, g_b);
	ra_ec256_pub_to_sgx(w + RA_SGX_EC256_PUB_LEN, g_a);
	ra_sha256(h, w, sizeof(w));
}

void
ra_kx_report_data(uint8_t rd[RA_REPORT_DATA_LEN],
    const struct ra_ec256_pub *g_a, const struct ra_ec256_pub *g_b,
    const struct ra_key128 *vk)
{
	uint8_t w[RA_SGX_EC256_PUB_LEN];
	struct ra_sha256_ctx ctx;
	struct ra_hash256 h;

	ra_sha256_init(&ctx);
	ra_ec256_pub_to_sgx(w, g_a);
	ra_sha256_update(&ctx, w, sizeof(w));
	ra_ec256_pub_to_sgx(w, g_b);
	ra_sha256_update(&ctx, w, sizeof(w));
	ra_sha256_update(&ctx, vk->b, sizeof(vk->b));
	ra_sha256_final(&ctx, &h);
	memset(rd, 0, RA_REPORT_DATA_LEN);
	memcpy(rd, h.b, sizeof(h.b));
}
