/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SGX RA key derivation, kdf_id 1 (FORMATS.md §4.2; Intel SGX SDK
 * common/src/ecp.cpp derive_key). Each label's message is
 * 0x01 || label || 0x00 || 0x80 0x00: a counter byte, the ASCII label, a
 * separator, and the output length 128 as a little-endian u16.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/crypto.h"

struct kdf_msg {
	enum ra_kdf_label label;
	uint8_t len;
	uint8_t msg[7];
};

static const struct kdf_msg kdf_msgs[] = {
	{ RA_KDF_SMK, 7, { 0x01, 'S', 'M', 'K', 0x00, 0x80, 0x00 } },
	{ RA_KDF_SK, 6, { 0x01, 'S', 'K', 0x00, 0x80, 0x00 } },
	{ RA_KDF_MK, 6, { 0x01, 'M', 'K', 0x00, 0x80, 0x00 } },
	{ RA_KDF_VK, 6, { 0x01, 'V', 'K', 0x00, 0x80, 0x00 } },
};

enum ra_err
ra_kdf_kdk(struct ra_key128 *kdk, const struct ra_ec256_shared *shared)
{
	static const struct ra_key128 zero;
	uint8_t le[32];
	struct ra_mac128 mac;
	enum ra_err err;

	if (kdk == NULL || shared == NULL) {
		return RA_ERR_ARG;
	}
	/* KDK = AES-CMAC(0^16, Gab.x little-endian) */
	ra_reverse(le, shared->x, sizeof(le));
	err = ra_cmac(&mac, &zero, le, sizeof(le));
	memcpy(kdk->b, mac.b, sizeof(kdk->b));
	RA_WIPE(le);
	RA_WIPE(mac);
	return err;
}

enum ra_err
ra_kdf_derive(
    struct ra_key128 *key, const struct ra_key128 *kdk, enum ra_kdf_label label)
{
	struct ra_mac128 mac;
	enum ra_err err;
	size_t i;

	if (key == NULL || kdk == NULL) {
		return RA_ERR_ARG;
	}
	for (i = 0; i < sizeof(kdf_msgs) / sizeof(kdf_msgs[0]); i++) {
		if (kdf_msgs[i].label != label) {
			continue;
		}
		/* key = CMAC(KDK, 0x01 || label || 0x00 || 0x80 || 0x00) */
		err = ra_cmac(&mac, kdk, kdf_msgs[i].msg, kdf_msgs[i].len);
		memcpy(key->b, mac.b, sizeof(key->b));
		RA_WIPE(mac);
		return err;
	}
	return RA_ERR_ARG;
}
