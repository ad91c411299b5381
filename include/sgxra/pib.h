/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_PIB_H
#define RA_PIB_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * The platform info blob (PIB) that IAS returns with a quote verdict
 * (platformInfoBlob, hex) and that the SP forwards to the platform in
 * msg4. Layout: Intel SGX SDK psw/ae/aesm_service/source/common/
 * platform_info_blob.h and tlv_common.h; FORMATS.md §3.4; docs/formats.md.
 *
 * The 101-byte payload (sgx_platform_info_t) is produced by IAS. Its two
 * flag words are big-endian and its signature is r || s big-endian (AESM
 * byte-swaps before verifying). The byte order of the SVN, xeid and GID
 * fields is not stated by any source we have (real IAS output suggests
 * big-endian for the PSE SVNs and the GID, little-endian for the PCE SVN
 * inside the PSVN), so they are kept as raw bytes. No reserved fields.
 * Nothing is verified here and nothing is constant-time.
 */

#define RA_PIB_LEN         101
#define RA_PIB_TLV_HDR_LEN 4
#define RA_PIB_TLV_LEN     105
/* TLV header: type TLV_PLATFORM_INFO_BLOB, version 2, size 101 (BE). */
#define RA_PIB_TLV_TYPE    0x15
#define RA_PIB_TLV_VERSION 0x02
/* The bytes the PIB signature covers: payload 0..36. */
#define RA_PIB_SIGNED_LEN 37

/* sgx_epid_group_flags (byte 0). */
enum ra_pib_group_flag {
	RA_PIB_GROUP_REVOKED = 0x01,
	RA_PIB_GROUP_REKEY_AVAILABLE = 0x02,
	RA_PIB_GROUP_OUT_OF_DATE = 0x04,
};

/* sgx_tcb_evaluation_flags (bytes 1..2, big-endian). */
enum ra_pib_tcb_flag {
	RA_PIB_TCB_CPUSVN_OUT_OF_DATE = 0x0001,
	RA_PIB_TCB_QE_OUT_OF_DATE = 0x0002,
	RA_PIB_TCB_PCE_OUT_OF_DATE = 0x0004,
	RA_PIB_TCB_CONFIGURATION_NEEDED = 0x0008,
};

struct ra_pib {
	uint8_t epid_group_flags;      /*  0 */
	uint16_t tcb_evaluation_flags; /*  1 BE */
	uint16_t pse_evaluation_flags; /*  3 BE */
	uint8_t latest_psvn[18];       /*  5 CPUSVN (16) || ISVSVN (2) */
	uint8_t latest_pse_isvsvn[2];  /* 23 */
	uint8_t latest_psda_svn[4];    /* 25 */
	uint8_t xeid[4];               /* 29 */
	uint8_t gid[4];                /* 33 performance-rekey GID */
	struct ra_ec256_sig signature; /* 37 r || s, big-endian */
};

/* Parse the 101-byte payload. Fails only on truncation (RA_ERR_FORMAT). */
RA_MUST_CHECK enum ra_err ra_pib_parse(struct ra_pib *p, struct ra_cur *c);

/* Append the 101-byte payload. */
void ra_pib_build(struct ra_buf *b, const struct ra_pib *p);

/*
 * Parse the 105-byte TLV form, exactly len bytes, as IAS sends it
 * (hex-decoded). RA_ERR_VERSION if the type is not 0x15 or the version
 * not 2; RA_ERR_FORMAT if the size field is not 101 or len is not 105.
 */
RA_MUST_CHECK enum ra_err ra_pib_tlv_parse(
    struct ra_pib *p, const uint8_t *buf, size_t len);

/* Append the TLV header (15 02 00 65) and the payload. */
void ra_pib_tlv_build(struct ra_buf *b, const struct ra_pib *p);

#endif
