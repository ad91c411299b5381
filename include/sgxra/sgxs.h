/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_SGXS_H
#define RA_SGXS_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/cursor.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * One record of an SGXS stream (Fortanix, doc/SGXS.md; FORMATS.md §2.2):
 * a 64-byte header whose first 8 bytes are the tag, followed by 256 data
 * bytes for EEXTEND and UNMEASRD. Integers little-endian.
 *
 *   ECREATE   "ECREATE\0" | SSAFRAMESIZE u32 (8) | SIZE u64 (12) | 44 zero
 *   UNSIZED   "UNSIZED\0" | SSAFRAMESIZE u32 | offset of the size u64 | 44 zero
 *   EADD      "EADD\0\0\0\0" | offset u64 (8) | SECINFO bytes 0..47 (16)
 *   EEXTEND   "EEXTEND\0" | offset u64 (8) | 48 zero | 256 data
 *   UNMEASRD  "UNMEASRD" | offset u64 (8) | 48 zero | 256 data
 *
 * Reserved (zero) areas must be zero (RA_ERR_FORMAT): the bytes are
 * hashed, and a stream that would give the same MRENCLAVE with other
 * bytes is not canonical.
 */
enum ra_sgxs_tag {
	RA_SGXS_ECREATE = 1,
	RA_SGXS_UNSIZED = 2,
	RA_SGXS_EADD = 3,
	RA_SGXS_EEXTEND = 4,
	RA_SGXS_UNMEASRD = 5,
};

#define RA_SGXS_HEADER_LEN 64

struct ra_sgxs_record {
	enum ra_sgxs_tag tag;
	uint32_t ssa_frame_size;   /* ECREATE, UNSIZED */
	uint64_t size;             /* ECREATE: SIZE; UNSIZED: where it goes */
	uint64_t offset;           /* EADD, EEXTEND, UNMEASRD */
	struct ra_secinfo secinfo; /* EADD */
	struct ra_bytes header;    /* the 64 header bytes (hashed as is) */
	struct ra_bytes data;      /* EEXTEND, UNMEASRD: 256 bytes */
};

/*
 * Read one record from c. RA_ERR_VERSION for an unknown tag (or SECINFO
 * page type), RA_ERR_FORMAT for a truncated record or a non-zero
 * reserved byte. The views point into the cursor's bytes.
 */
RA_MUST_CHECK enum ra_err ra_sgxs_record_parse(
    struct ra_sgxs_record *r, struct ra_cur *c);

#endif
