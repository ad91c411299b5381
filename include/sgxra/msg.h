/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_MSG_H
#define RA_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/err.h"
#include "sgxra/pib.h"
#include "sgxra/quote.h"
#include "sgxra/types.h"

/*
 * The messages of the SGX remote-attestation key exchange (Intel SGX SDK
 * sgx_ra_*): msg0 .. msg3 in Intel's layouts (common/inc/
 * sgx_key_exchange.h; FORMATS.md §4.3), and msg4 in this project's
 * layout, defined below, plus sgx-ra-sample's msg4 for interoperability.
 * docs/protocol.md has every layout and the KDF labels in one place.
 *
 * Byte order: integers are little-endian. The SDK stores EC coordinates
 * (g_a, g_b) and the halves of sign_gb_ga little-endian; these parsers
 * reverse them into the big-endian struct ra_ec256_pub / ra_ec256_sig
 * and the builders reverse them back, so parse -> build is exact. MACs
 * are computed over the message bytes as sent, which the parsed structs
 * expose as views (mac_data).
 *
 * Every parser takes the whole message, buf[0..len), and fails with
 * RA_ERR_FORMAT if it is truncated or followed by anything. Views point
 * into buf and are valid while buf is; nothing is copied or freed.
 * Nothing here verifies a MAC or signature, and nothing is constant-time:
 * the messages carry public values and ciphertext only.
 */

#define RA_MSG0_LEN  4
#define RA_MSG1_LEN  68
#define RA_MSG01_LEN 72
#define RA_SPID_LEN  16
/* msg2 without the SigRL; the MAC covers bytes 0..147. */
#define RA_MSG2_MIN_LEN      168
#define RA_MSG2_MAC_DATA_LEN 148
#define RA_PS_SEC_PROP_LEN   256
/* msg3 without the quote; the MAC covers bytes 16..end. */
#define RA_MSG3_MIN_LEN 336
/* This project's msg4 without the secret; the MAC covers bytes 0..104. */
#define RA_MSG4_MIN_LEN      153
#define RA_MSG4_MAC_DATA_LEN 105
/* sgx-ra-sample's msg4: status and PIB payload. */
#define RA_MSG4_RAS_LEN 105

/* msg0: the extended EPID group id, u32 LE (0 = Intel's; ra/ checks). */
struct ra_msg0 {
	uint32_t extended_gid;
};

/* Parse msg0, exactly 4 bytes. */
RA_MUST_CHECK enum ra_err ra_msg0_parse(
    struct ra_msg0 *m, const uint8_t *buf, size_t len);

/* Append msg0 (4 bytes). */
void ra_msg0_build(struct ra_buf *b, const struct ra_msg0 *m);

/*
 * msg1 (sgx_ra_msg1_t, 68 bytes):
 *
 *   off size field
 *     0   64 g_a: gx || gy, each 32 bytes little-endian
 *    64    4 gid: the platform's EPID GID, read as u32 LE (as in
 *              struct ra_epid_quote: printf("%08x") is IAS's form)
 */
struct ra_msg1 {
	struct ra_ec256_pub g_a; /* big-endian here */
	uint32_t gid;
};

/* Parse msg1, exactly 68 bytes. The point is not validated (ra/ does). */
RA_MUST_CHECK enum ra_err ra_msg1_parse(
    struct ra_msg1 *m, const uint8_t *buf, size_t len);

/* Append msg1 (68 bytes). */
void ra_msg1_build(struct ra_buf *b, const struct ra_msg1 *m);

/* msg0 || msg1 in one message, as sgx-ra-sample sends them (72 bytes). */
struct ra_msg01 {
	struct ra_msg0 msg0;
	struct ra_msg1 msg1;
};

/* Parse msg0 || msg1, exactly 72 bytes. */
RA_MUST_CHECK enum ra_err ra_msg01_parse(
    struct ra_msg01 *m, const uint8_t *buf, size_t len);

/* Append msg0 || msg1 (72 bytes). */
void ra_msg01_build(struct ra_buf *b, const struct ra_msg01 *m);

/*
 * msg2 (sgx_ra_msg2_t, 168 + sig_rl_size bytes):
 *
 *   off size field
 *     0   64 g_b: gx || gy, little-endian
 *    64   16 spid
 *    80    2 quote_type: 0 unlinkable, 1 linkable (EPID, Intel's
 *              values); 2 DCAP ECDSA, an sgxra extension: the SP sends
 *              no SigRL and wants a DCAP v3 quote in msg3
 *              (docs/remote-attestation.md "DCAP")
 *    82    2 kdf_id (1; checked by ra/, not here)
 *    84   64 sign_gb_ga: r || s, each little-endian; ECDSA over g_b || g_a
 *   148   16 mac = AES-CMAC(SMK, bytes 0..147)
 *   164    4 sig_rl_size
 *   168    n sig_rl (the SigRL as IAS serves it; may be empty)
 */
struct ra_msg2 {
	struct ra_ec256_pub g_b; /* big-endian here */
	uint8_t spid[RA_SPID_LEN];
	enum ra_quote_sign_type quote_type;
	uint16_t kdf_id;
	struct ra_ec256_sig sign_gb_ga; /* big-endian here */
	struct ra_mac128 mac;
	struct ra_bytes sig_rl;
	/* Bytes 0..147 as received: the MAC input (parse only). */
	struct ra_bytes mac_data;
};

/*
 * Parse msg2 of exactly 168 + sig_rl_size bytes. RA_ERR_VERSION if
 * quote_type is not 0, 1 or 2. The SigRL is a view; parse it with
 * ra_sigrl_parse() when it is not empty.
 */
RA_MUST_CHECK enum ra_err ra_msg2_parse(
    struct ra_msg2 *m, const uint8_t *buf, size_t len);

/*
 * Append msg2 (mac_data is ignored; m->mac is written as given, so a
 * sender builds with any MAC, computes AES-CMAC over the first 148 bytes
 * written and stores it at offset 148). RA_ERR_ARG, nothing written, if
 * the SigRL is longer than UINT32_MAX; otherwise ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_msg2_build(
    struct ra_buf *b, const struct ra_msg2 *m);

/*
 * msg3 (sgx_ra_msg3_t, 336 + quote_size bytes):
 *
 *   off size field
 *     0   16 mac = AES-CMAC(SMK, bytes 16..end)
 *    16   64 g_a: gx || gy, little-endian
 *    80  256 ps_sec_prop (all zero without PSE)
 *   336    n quote
 *
 * msg3 has no length field for the quote: a msg3 cut short parses with a
 * shorter quote. The MAC over bytes 16..end and the quote parser, which
 * checks the quote's own lengths, are what catch it.
 */
struct ra_msg3 {
	struct ra_mac128 mac;
	struct ra_ec256_pub g_a; /* big-endian here */
	uint8_t ps_sec_prop[RA_PS_SEC_PROP_LEN];
	struct ra_bytes quote;
	/* Bytes 16..len-1 as received: the MAC input (parse only). */
	struct ra_bytes mac_data;
};

/*
 * Parse msg3: len must be more than 336 (a msg3 without a quote is
 * RA_ERR_FORMAT). The quote is a view; parse it with
 * ra_epid_quote_parse() or ra_dcap_quote_parse().
 */
RA_MUST_CHECK enum ra_err ra_msg3_parse(
    struct ra_msg3 *m, const uint8_t *buf, size_t len);

/*
 * Append msg3 (mac_data is ignored; m->mac is written as given). A
 * sender computes the MAC over what it wrote from offset 16 on and
 * stores it at offset 0. RA_ERR_ARG, nothing written, if the quote is
 * empty; otherwise ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_msg3_build(
    struct ra_buf *b, const struct ra_msg3 *m);

/* Attestation status, sgx-ra-sample's attestation_status_t values. */
enum ra_att_status {
	RA_ATT_NOT_TRUSTED = 0,
	RA_ATT_NOT_TRUSTED_COMPLICATED = 1,
	RA_ATT_TRUSTED_COMPLICATED = 2,
	RA_ATT_TRUSTED = 3,
};

/*
 * sgx-ra-sample's name of a status ("Trusted", "Trusted_ItsComplicated",
 * "NotTrusted_ItsComplicated", "NotTrusted"); "unknown" for any other
 * value.
 */
const char *ra_att_status_name(uint32_t status);

/*
 * msg4, this project's layout (SGX defines no msg4): the Intel SDK
 * RemoteAttestation sample's sample_ra_att_result_msg_t prefixed with
 * sgx-ra-sample's status, which the MAC then covers. 153 + N bytes:
 *
 *   off size field
 *     0    4 attestation status, u32 LE (enum ra_att_status)
 *     4  101 platform info blob payload (all zero if IAS sent none)
 *   105   16 mac = AES-CMAC(MK, bytes 0..104)
 *   121    4 secret payload size N, u32 LE (0 when not trusted)
 *   125   12 reserved, must be zero
 *   137   16 AES-128-GCM tag
 *   153    N AES-128-GCM(SK, IV = 12 zero bytes, no AAD) of the secret
 */
struct ra_msg4 {
	enum ra_att_status status;
	struct ra_pib pib;
	struct ra_mac128 mac;
	struct ra_mac128 tag;
	struct ra_bytes secret; /* ciphertext */
	/* Bytes 0..104 as received: the MAC input (parse only). */
	struct ra_bytes mac_data;
};

/*
 * Parse msg4 of exactly 153 + N bytes. RA_ERR_VERSION for a status
 * outside enum ra_att_status; RA_ERR_FORMAT if a reserved byte is not
 * zero or N disagrees with len. Whether N may be non-zero for the status
 * is for ra/ to judge, after the MAC.
 */
RA_MUST_CHECK enum ra_err ra_msg4_parse(
    struct ra_msg4 *m, const uint8_t *buf, size_t len);

/*
 * Append msg4 (mac_data ignored; mac and tag written as given).
 * RA_ERR_ARG, nothing written, if the secret is longer than UINT32_MAX;
 * otherwise ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_msg4_build(
    struct ra_buf *b, const struct ra_msg4 *m);

/*
 * sgx-ra-sample's msg4 (ra_msg4_t, protocol.h; 105 bytes): status u32 LE
 * at 0, PIB payload at 4. Not authenticated: for interoperability only.
 */
struct ra_msg4_ras {
	enum ra_att_status status;
	struct ra_pib pib;
};

/* Parse, exactly 105 bytes; RA_ERR_VERSION for an unknown status. */
RA_MUST_CHECK enum ra_err ra_msg4_ras_parse(
    struct ra_msg4_ras *m, const uint8_t *buf, size_t len);

/* Append the 105 bytes. */
void ra_msg4_ras_build(struct ra_buf *b, const struct ra_msg4_ras *m);

#endif
