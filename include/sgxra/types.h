/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_TYPES_H
#define RA_TYPES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Small typed values shared by every module. Keys, MACs, digests and
 * points are structs, never bare byte pointers: the compiler catches
 * argument swaps, sizeof is always right and assignment copies.
 *
 * Byte order: every multi-byte value in these structs is stored the way
 * cryptographers write it, big-endian (SEC 1 / X9.62 for P-256). The SGX
 * SDK stores EC coordinates, scalars and signature halves little-endian;
 * the wire/ parsers and builders convert at the boundary, and say so.
 */

/* A view of bytes owned by somebody else; valid while they are. */
struct ra_bytes {
	const uint8_t *p;
	size_t len;
};

#define RA_KEY128_LEN  16
#define RA_MAC128_LEN  16
#define RA_HASH256_LEN 32
#define RA_EC256_LEN   32

/* An AES-128 key (secret: wipe with RA_WIPE). */
struct ra_key128 {
	uint8_t b[RA_KEY128_LEN];
};

/* An AES-CMAC or AES-GCM tag. */
struct ra_mac128 {
	uint8_t b[RA_MAC128_LEN];
};

/* A SHA-256 digest; also MRENCLAVE and MRSIGNER. */
struct ra_hash256 {
	uint8_t b[RA_HASH256_LEN];
};

/* A P-256 public key, affine coordinates, big-endian. */
struct ra_ec256_pub {
	uint8_t x[RA_EC256_LEN];
	uint8_t y[RA_EC256_LEN];
};

/* A P-256 private scalar, big-endian (secret: wipe with RA_WIPE). */
struct ra_ec256_priv {
	uint8_t d[RA_EC256_LEN];
};

/* A P-256 ECDSA signature, r and s big-endian. */
struct ra_ec256_sig {
	uint8_t r[RA_EC256_LEN];
	uint8_t s[RA_EC256_LEN];
};

/* The x coordinate of an ECDH shared point, big-endian (secret). */
struct ra_ec256_shared {
	uint8_t x[RA_EC256_LEN];
};

#endif
