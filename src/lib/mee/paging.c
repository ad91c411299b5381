/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EPC paging: EWB and ELDU (MEE.md 7.3, 7.4, sgxra-defined choices there).
 * An evicted page is AES-128-GCM under the per-boot paging key with
 * IV = 00000000 || BE64(version) and a 128-byte MAC header as AAD:
 *
 *   off size field
 *     0    8 EID (the owning enclave's id)
 *     8    8 LINADDR
 *    16   64 SECINFO
 *    80   48 zero (the PCMD's 40 reserved bytes, then padding)
 *
 * The version sits in an 8-byte version-array slot inside the EPC, read
 * and written through the engine: replaying an old blob needs the old
 * slot value, which the MEE's freshness forbids.
 */
#include <string.h>

#include "internal.h"
#include "mee/engine.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/cursor.h"
#include "sgxra/mee.h"

#define HDR_LEN 128

static void
build_header(uint8_t hdr[static HDR_LEN], uint64_t eid, uint64_t linaddr,
    const struct ra_secinfo *si)
{
	struct ra_buf b = ra_buf_init(hdr, HDR_LEN);

	ra_buf_u64le(&b, eid);
	ra_buf_u64le(&b, linaddr);
	ra_secinfo_build(&b, si);
	ra_buf_zero(&b, HDR_LEN - 80);
}

static void
make_iv(uint8_t iv[static RA_GCM_IV_LEN], uint64_t ver)
{
	memset(iv, 0, RA_GCM_IV_LEN);
	ra_enc64be(iv + 4, ver);
}

static enum ra_err
check_args(const struct ra_mee *m, uint64_t page_addr, uint64_t va_slot)
{
	size_t d = ra_mee_data_len(m);

	if (m == NULL || page_addr % RA_MEE_PAGE_LEN != 0 ||
	    va_slot % RA_VA_SLOT_LEN != 0 || page_addr >= d || va_slot >= d ||
	    (va_slot >= page_addr && va_slot - page_addr < RA_MEE_PAGE_LEN)) {
		return RA_ERR_ARG;
	}
	return ra_mee_is_locked(m) ? RA_ERR_LOCKED : RA_OK;
}

/* The slot value at va_slot, and the plaintext line that holds it. */
static enum ra_err
read_slot(struct ra_mee *m, uint8_t line[static RA_MEE_LINE_LEN],
    uint64_t va_slot, uint64_t *ver)
{
	uint64_t at = va_slot - va_slot % RA_MEE_LINE_LEN;
	enum ra_err err = ra_mee_read_line(m, line, at);

	if (err == RA_OK) {
		*ver = ra_dec64le(line + va_slot % RA_MEE_LINE_LEN);
	}
	return err;
}

static enum ra_err
write_slot(struct ra_mee *m, uint8_t line[static RA_MEE_LINE_LEN],
    uint64_t va_slot, uint64_t ver)
{
	ra_enc64le(line + va_slot % RA_MEE_LINE_LEN, ver);
	return ra_mee_write_line(m, va_slot - va_slot % RA_MEE_LINE_LEN, line);
}

enum ra_err
ra_mee_ewb(struct ra_mee *m, uint8_t out_page[RA_MEE_PAGE_LEN],
    uint8_t pcmd[RA_PCMD_LEN], uint64_t page_addr, const struct ra_secinfo *si,
    uint64_t enclave_id, uint64_t linaddr, uint64_t va_slot)
{
	uint8_t plain[RA_MEE_PAGE_LEN];
	uint8_t line[RA_MEE_LINE_LEN];
	uint8_t hdr[HDR_LEN];
	uint8_t iv[RA_GCM_IV_LEN];
	struct ra_pcmd p;
	struct ra_buf b;
	uint64_t old;
	uint64_t ver;
	enum ra_err err;

	if (out_page == NULL || pcmd == NULL || si == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = check_args(m, page_addr, va_slot)) != RA_OK ||
	    (err = read_slot(m, line, va_slot, &old)) != RA_OK) {
		return err;
	}
	if (old != 0) {
		return RA_ERR_STATE;
	}
	if ((err = ra_mee_read_page(m, plain, page_addr / RA_MEE_PAGE_LEN)) !=
	        RA_OK ||
	    (err = ra_mee_next_page_ver(m, &ver)) != RA_OK) {
		goto out;
	}
	build_header(hdr, enclave_id, linaddr, si);
	make_iv(iv, ver);
	p.secinfo = *si;
	p.enclave_id = enclave_id;
	err = ra_gcm_encrypt(out_page, &p.mac, ra_mee_page_key(m), iv, hdr,
	    sizeof(hdr), plain, sizeof(plain));
	if (err != RA_OK) {
		goto out;
	}
	b = ra_buf_init(pcmd, RA_PCMD_LEN);
	ra_pcmd_build(&b, &p);
	if ((err = ra_buf_finish(&b)) == RA_OK) {
		err = write_slot(m, line, va_slot, ver);
	}
out:
	RA_WIPE(plain);
	RA_WIPE(line);
	return err;
}

enum ra_err
ra_mee_eldu(struct ra_mee *m, struct ra_secinfo *si, uint64_t page_addr,
    const uint8_t in_page[RA_MEE_PAGE_LEN], const uint8_t pcmd[RA_PCMD_LEN],
    uint64_t enclave_id, uint64_t linaddr, uint64_t va_slot)
{
	uint8_t plain[RA_MEE_PAGE_LEN];
	uint8_t line[RA_MEE_LINE_LEN];
	uint8_t hdr[HDR_LEN];
	uint8_t iv[RA_GCM_IV_LEN];
	struct ra_pcmd p;
	struct ra_cur c;
	uint64_t ver;
	enum ra_err err;

	if (si == NULL || in_page == NULL || pcmd == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = check_args(m, page_addr, va_slot)) != RA_OK) {
		return err;
	}
	c = ra_cur_init(pcmd, RA_PCMD_LEN);
	if ((err = ra_pcmd_parse(&p, &c)) != RA_OK ||
	    (err = ra_cur_finish(&c)) != RA_OK) {
		return err;
	}
	if ((err = read_slot(m, line, va_slot, &ver)) != RA_OK) {
		return err;
	}
	/* An empty slot authenticates nothing; the PCMD must name the
	 * enclave whose id the MAC binds. */
	if (ver == 0 || p.enclave_id != enclave_id) {
		err = RA_ERR_AUTH;
		goto out;
	}
	build_header(hdr, enclave_id, linaddr, &p.secinfo);
	make_iv(iv, ver);
	err = ra_gcm_decrypt(plain, ra_mee_page_key(m), iv, hdr, sizeof(hdr),
	    in_page, sizeof(plain), &p.mac);
	if (err != RA_OK) {
		goto out;
	}
	err = ra_mee_write_page(m, page_addr / RA_MEE_PAGE_LEN, plain);
	if (err == RA_OK) {
		err = write_slot(m, line, va_slot, 0);
	}
	if (err == RA_OK) {
		*si = p.secinfo;
	}
out:
	RA_WIPE(plain);
	RA_WIPE(line);
	return err;
}
