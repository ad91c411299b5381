/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_SEAL_H
#define RA_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * Sealed data in the Intel SDK's layout (sgx_sealed_data_t, common/inc/
 * sgx_tseal.h), little-endian:
 *
 *   off  size
 *     0   512 KEYREQUEST used to derive the seal key (random KEYID)
 *   512     4 plain_text_offset: length of the encrypted text
 *   516    12 reserved, zero
 *   528     4 payload_size: encrypted text + additional MAC text
 *   532    12 reserved, zero
 *   544    16 AES-128-GCM tag
 *   560     * payload: ciphertext || additional MAC text (in the clear)
 *
 * The SDK encrypts with AES-128-GCM under the seal key, a 12-byte
 * all-zero IV (each blob has its own key through the random KEYID), and
 * the additional MAC text as AAD. docs/platform.md has the details.
 */
#define RA_SEALED_HEADER_LEN 560

struct ra_sealed {
	struct ra_keyrequest key_request;
	struct ra_mac128 tag;
	struct ra_bytes ciphertext; /* view: payload[0..plain_text_offset) */
	struct ra_bytes aad;        /* view: the rest of the payload */
};

/*
 * Parse a sealed blob of exactly len bytes. RA_ERR_FORMAT for a bad
 * length, offset or reserved byte; RA_ERR_VERSION for a KEYREQUEST with
 * an unknown key name. Views point into buf.
 */
RA_MUST_CHECK enum ra_err ra_sealed_parse(
    struct ra_sealed *s, const uint8_t *buf, size_t len);

/* Append the blob; RA_ERR_ARG if a length does not fit its u32 field. */
RA_MUST_CHECK enum ra_err ra_sealed_build(
    struct ra_buf *b, const struct ra_sealed *s);

/* Bytes a blob takes for text_len bytes of text and aad_len of AAD. */
size_t ra_seal_len(size_t text_len, size_t aad_len);

/*
 * Seal text (1.. bytes) with the seal key that kr derives, binding aad,
 * into out (capacity cap, exactly ra_seal_len() bytes written; *out_len
 * set). The caller obtained key from EGETKEY(kr). Constant-time in key
 * and text; RA_ERR_SPACE if out is too small.
 */
RA_MUST_CHECK enum ra_err ra_seal(uint8_t *out, size_t cap, size_t *out_len,
    const struct ra_key128 *key, const struct ra_keyrequest *kr,
    const void *text, size_t text_len, const void *aad, size_t aad_len);

/*
 * Decrypt and authenticate a parsed blob with the key its KEYREQUEST
 * derives: write ciphertext.len bytes to text (cap at least that).
 * RA_ERR_AUTH, text wiped, if anything was changed or the key differs
 * (another enclave, another signer, an SVN or attribute that binds).
 */
RA_MUST_CHECK enum ra_err ra_unseal(uint8_t *text, size_t cap,
    const struct ra_key128 *key, const struct ra_sealed *s);

#endif
