/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_MEASURE_H
#define RA_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/crypto.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * Enclave measurement (MRENCLAVE): the running SHA-256 that ECREATE
 * starts, every EADD and EEXTEND extends and EINIT finalises (FORMATS.md
 * §2.1; SDM ECREATE, EADD, EEXTEND, EINIT). Each instruction contributes
 * one 64-byte record, EEXTEND also the 256 bytes it measures; integers
 * little-endian, offsets relative to the enclave base.
 *
 *   ECREATE  "ECREATE\0" | SSAFRAMESIZE u32 | SIZE u64 | 44 zero bytes
 *   EADD     "EADD\0\0\0\0" | offset u64 | SECINFO bytes 0..47
 *   EEXTEND  "EEXTEND\0" | offset u64 | 48 zero bytes | 256 data bytes
 *
 * The context is plain data (copyable); its functions never fail on
 * their own, but check the order the instructions impose: one ECREATE
 * first, page-aligned EADD offsets inside SIZE, 256-aligned EEXTEND
 * offsets inside the last EADD's page. A violation fails the context
 * (sticky) and ra_measure_final() returns RA_ERR_STATE. Nothing here is
 * secret: measurements are public.
 */

#define RA_PAGE_LEN    4096
#define RA_EEXTEND_LEN 256

struct ra_measure {
	struct ra_sha256_ctx sha;
	uint64_t size; /* SECS.SIZE from ECREATE */
	uint64_t page; /* offset of the last EADD page */
	bool created;
	bool has_page;
	bool failed;
	uint64_t eadds;
	uint64_t eextends;
};

void ra_measure_ecreate(
    struct ra_measure *m, uint32_t ssa_frame_size, uint64_t size);
void ra_measure_eadd(
    struct ra_measure *m, uint64_t offset, const struct ra_secinfo *si);
void ra_measure_eextend(
    struct ra_measure *m, uint64_t offset, const uint8_t chunk[RA_EEXTEND_LEN]);
/*
 * EADD one page and, if measured, EEXTEND its 16 chunks in ascending
 * order (what the SDK's loader and signing tool do for a page).
 */
void ra_measure_page(struct ra_measure *m, uint64_t offset,
    const struct ra_secinfo *si, const uint8_t page[RA_PAGE_LEN],
    bool measured);
/* EINIT: write MRENCLAVE. RA_ERR_STATE if the sequence was invalid. */
RA_MUST_CHECK enum ra_err ra_measure_final(
    struct ra_measure *m, struct ra_hash256 *mrenclave);

/*
 * The MRENCLAVE of an SGXS stream (Fortanix's format: the measurement
 * transcript itself, FORMATS.md §2.2). The stream must be canonical: one
 * ECREATE first; EADD offsets page-aligned and strictly increasing;
 * EEXTEND offsets 256-aligned, inside the preceding EADD's page, each
 * chunk at most once; TCS pages without R/W/X; every offset inside SIZE.
 * Of the "enhanced" pseudo-records, UNMEASRD (data loaded but not
 * measured) is skipped when hashing, as Fortanix's loader does; UNSIZED
 * (an ECREATE whose SIZE the loader picks) cannot be measured and is
 * RA_ERR_FORMAT. RA_ERR_FORMAT for a truncated record or a rule broken,
 * RA_ERR_VERSION for an unknown record tag.
 * If info is not NULL it receives the ECREATE values and record counts.
 */
struct ra_sgxs_info {
	uint32_t ssa_frame_size;
	uint64_t size;
	uint64_t pages;
	uint64_t measured_chunks;
	uint64_t unmeasured_chunks;
};

RA_MUST_CHECK enum ra_err ra_measure_sgxs(struct ra_hash256 *mrenclave,
    struct ra_sgxs_info *info, const uint8_t *buf, size_t len);

#endif
