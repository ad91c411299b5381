/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_SIGRL_H
#define RA_SIGRL_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * The EPID signature revocation list in the form IAS serves (GET
 * /sigrl/{gid}, base64-decoded) and the SGX QE consumes; Intel SGX SDK
 * psw/ae/inc/se_sig_rl.h, FORMATS.md §5.7, docs/formats.md. Big-endian
 * throughout, 16 + 128 * n2 + 64 bytes:
 *
 *   off     size   field
 *     0        2   EPID version 0x0002
 *     2        2   file type 0x000E (SigRL)
 *     4        4   gid
 *     8        4   RLver
 *    12        4   n2, the number of entries
 *    16  128*n2    entries: B (64) || K (64), EPID G1 points x || y
 * 16+128*n2   64   ECDSA-P256 signature r || s over SHA-256 of bytes
 *                  0 .. 15+128*n2, by Intel's EPID signing key
 *
 * An empty SigRL (zero bytes: the group has no revoked signatures) is
 * not a SigRL at all: callers represent it themselves and never call the
 * parser with it. Nothing is verified and nothing is constant-time here.
 */

#define RA_SIGRL_HEADER_LEN 16
#define RA_SIGRL_ENTRY_LEN  128
#define RA_SIGRL_SIG_LEN    64
/* A SigRL with no entries. */
#define RA_SIGRL_MIN_LEN 80
/* EPID version 2 and file type SigRL, as the first two u16 (BE). */
#define RA_SIGRL_EPID_VERSION 0x0002
#define RA_SIGRL_FILE_TYPE    0x000e

struct ra_sigrl {
	uint32_t gid;    /* the EPID GID, as struct ra_epid_quote's gid */
	uint32_t rl_ver; /* RLver */
	uint32_t n2;     /* number of entries */
	/* 128 * n2 bytes of entries (view into the input). */
	struct ra_bytes entries;
	/* Bytes 0 .. 15+128*n2: the signature's message (parse only). */
	struct ra_bytes signed_data;
	struct ra_ec256_sig sig; /* big-endian r || s */
};

/* One entry: EPID G1 points, big-endian x || y (not P-256 points). */
struct ra_sigrl_entry {
	uint8_t b[64];
	uint8_t k[64];
};

/*
 * Parse a SigRL that is exactly len bytes. RA_ERR_VERSION if the header
 * is not 00 02 00 0E; RA_ERR_FORMAT if len is not 80 + 128 * n2 (n2 is
 * bounded before any arithmetic). Views point into buf, valid while buf
 * is.
 */
RA_MUST_CHECK enum ra_err ra_sigrl_parse(
    struct ra_sigrl *rl, const uint8_t *buf, size_t len);

/*
 * Copy entry i of a parsed SigRL into e. RA_ERR_ARG if i >= rl->n2 or if
 * rl->entries is not 128 * n2 bytes.
 */
RA_MUST_CHECK enum ra_err ra_sigrl_entry_parse(
    struct ra_sigrl_entry *e, const struct ra_sigrl *rl, uint32_t i);

/*
 * Append a SigRL: header, the entries view verbatim, the signature
 * (signed_data is ignored). RA_ERR_ARG, nothing written, if
 * rl->entries.len is not 128 * rl->n2; otherwise ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_sigrl_build(
    struct ra_buf *b, const struct ra_sigrl *rl);

/*
 * Append the signed part of a SigRL (bytes 0 .. 15+128*n2), to compute
 * or check its signature. Same failures as ra_sigrl_build().
 */
RA_MUST_CHECK enum ra_err ra_sigrl_build_signed(
    struct ra_buf *b, const struct ra_sigrl *rl);

#endif
