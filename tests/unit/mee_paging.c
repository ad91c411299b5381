/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EPC paging through the MEE: EWB evicts a page to ordinary memory with a
 * PCMD and a version-array slot, ELDU brings it back. Stale, replayed,
 * tampered or misdirected blobs are refused; the PCMD parser rejects
 * truncations and reserved bits.
 */
#include <stdlib.h>
#include <string.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/mee.h"
#include "test.h"

#define MIB     ((size_t)1024 * 1024)
#define VA_PAGE (200 * (uint64_t)RA_MEE_PAGE_LEN)
#define EID     UINT64_C(0x1122334455667788)
#define PG(n)   ((uint64_t)(n)*RA_MEE_PAGE_LEN)
#define LINADDR UINT64_C(0x7f0000401000)

struct fx {
	uint8_t *dram;
	struct ra_mee *m;
	uint8_t page[RA_MEE_PAGE_LEN];
	struct ra_secinfo si;
};

static void
fx_open(struct fx *f, enum ra_mee_mode mode)
{
	size_t len = ra_mee_dram_len(mode, MIB);
	size_t i;

	memset(f, 0, sizeof(*f));
	f->dram = calloc(1, len);
	assert_non_null(f->dram);
	assert_ra_ok(ra_mee_new(&f->m, mode, f->dram, len, NULL));
	for (i = 0; i < sizeof(f->page); i++) {
		f->page[i] = (uint8_t)(i * 3 + 1);
	}
	f->si.perms = RA_SECINFO_R | RA_SECINFO_W;
	f->si.page_type = RA_PT_REG;
	assert_ra_ok(ra_mee_write_page(f->m, 5, f->page));
}

static void
fx_close(struct fx *f)
{
	ra_mee_free(f->m);
	free(f->dram);
}

static void
round_trip_mode(enum ra_mee_mode mode)
{
	struct fx f;
	uint8_t blob[RA_MEE_PAGE_LEN];
	uint8_t pcmd[RA_PCMD_LEN];
	uint8_t back[RA_MEE_PAGE_LEN];
	struct ra_secinfo si;

	fx_open(&f, mode);
	assert_ra_ok(ra_mee_ewb(
	    f.m, blob, pcmd, PG(5), &f.si, EID, LINADDR, VA_PAGE + 8));
	assert_memory_not_equal(blob, f.page, sizeof(blob));
	/* Load into another EPC page. */
	assert_ra_ok(ra_mee_eldu(
	    f.m, &si, PG(17), blob, pcmd, EID, LINADDR, VA_PAGE + 8));
	assert_int_equal(si.perms, f.si.perms);
	assert_int_equal(si.page_type, f.si.page_type);
	assert_ra_ok(ra_mee_read_page(f.m, back, 17));
	assert_memory_equal(back, f.page, sizeof(back));
	/* The slot was cleared: the same blob loads once. */
	assert_ra_err(ra_mee_eldu(f.m, &si, PG(18), blob, pcmd, EID, LINADDR,
	                  VA_PAGE + 8),
	    RA_ERR_AUTH);
	assert_false(ra_mee_is_locked(f.m));
	fx_close(&f);
}

static void
round_trip(void **state)
{
	(void)state;
	round_trip_mode(RA_MEE_CLIENT);
	round_trip_mode(RA_MEE_SCALABLE);
}

/* Every bit of the blob and of the PCMD's MAC-covered fields matters. */
static void
tamper(void **state)
{
	struct fx f;
	uint8_t blob[RA_MEE_PAGE_LEN];
	uint8_t pcmd[RA_PCMD_LEN];
	struct ra_secinfo si;
	size_t i;

	(void)state;
	fx_open(&f, RA_MEE_CLIENT);
	assert_ra_ok(
	    ra_mee_ewb(f.m, blob, pcmd, PG(5), &f.si, EID, LINADDR, VA_PAGE));
	/* Bits all over the encrypted page (every 61st). */
	for (i = 0; i < sizeof(blob) * 8; i += 61) {
		blob[i / 8] ^= (uint8_t)(1u << (i % 8));
		assert_ra_err(ra_mee_eldu(f.m, &si, PG(6), blob, pcmd, EID,
		                  LINADDR, VA_PAGE),
		    RA_ERR_AUTH);
		blob[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	/* Every bit of the PCMD: refused, never loaded. */
	for (i = 0; i < (size_t)RA_PCMD_LEN * 8; i++) {
		enum ra_err err;

		pcmd[i / 8] ^= (uint8_t)(1u << (i % 8));
		err = ra_mee_eldu(
		    f.m, &si, PG(6), blob, pcmd, EID, LINADDR, VA_PAGE);
		assert_true(err == RA_ERR_AUTH || err == RA_ERR_FORMAT ||
		    err == RA_ERR_VERSION);
		pcmd[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	/* Another enclave, another linear address, another slot. */
	assert_ra_err(
	    ra_mee_eldu(f.m, &si, PG(6), blob, pcmd, EID + 1, LINADDR, VA_PAGE),
	    RA_ERR_AUTH);
	assert_ra_err(ra_mee_eldu(f.m, &si, PG(6), blob, pcmd, EID,
	                  LINADDR + 4096, VA_PAGE),
	    RA_ERR_AUTH);
	assert_ra_err(ra_mee_eldu(f.m, &si, PG(6), blob, pcmd, EID, LINADDR,
	                  VA_PAGE + 16),
	    RA_ERR_AUTH);
	/* Nothing was committed: the genuine blob still loads. */
	assert_false(ra_mee_is_locked(f.m));
	assert_ra_ok(
	    ra_mee_eldu(f.m, &si, PG(6), blob, pcmd, EID, LINADDR, VA_PAGE));
	fx_close(&f);
}

/* Evict, reload, change, evict again: the first blob is stale. */
static void
stale(void **state)
{
	struct fx f;
	uint8_t blob1[RA_MEE_PAGE_LEN];
	uint8_t pcmd1[RA_PCMD_LEN];
	uint8_t blob2[RA_MEE_PAGE_LEN];
	uint8_t pcmd2[RA_PCMD_LEN];
	uint8_t back[RA_MEE_PAGE_LEN];
	struct ra_secinfo si;

	(void)state;
	fx_open(&f, RA_MEE_CLIENT);
	assert_ra_ok(
	    ra_mee_ewb(f.m, blob1, pcmd1, PG(5), &f.si, EID, LINADDR, VA_PAGE));
	assert_ra_ok(
	    ra_mee_eldu(f.m, &si, PG(5), blob1, pcmd1, EID, LINADDR, VA_PAGE));
	f.page[9] ^= 0xff;
	assert_ra_ok(ra_mee_write_page(f.m, 5, f.page));
	assert_ra_ok(ra_mee_ewb(
	    f.m, blob2, pcmd2, PG(5), &f.si, EID, LINADDR, VA_PAGE + 8));
	/* The old blob with its old (now empty) slot, or with the new one. */
	assert_ra_err(
	    ra_mee_eldu(f.m, &si, PG(5), blob1, pcmd1, EID, LINADDR, VA_PAGE),
	    RA_ERR_AUTH);
	assert_ra_err(ra_mee_eldu(f.m, &si, PG(5), blob1, pcmd1, EID, LINADDR,
	                  VA_PAGE + 8),
	    RA_ERR_AUTH);
	assert_ra_ok(ra_mee_eldu(
	    f.m, &si, PG(5), blob2, pcmd2, EID, LINADDR, VA_PAGE + 8));
	assert_ra_ok(ra_mee_read_page(f.m, back, 5));
	assert_memory_equal(back, f.page, sizeof(back));
	fx_close(&f);
}

/* Rolling the version-array slot back in DRAM is the MEE's to catch. */
static void
slot_replay_in_dram(void **state)
{
	struct fx f;
	uint8_t blob1[RA_MEE_PAGE_LEN];
	uint8_t pcmd1[RA_PCMD_LEN];
	struct ra_mee_layout l;
	struct ra_secinfo si;
	uint8_t *img;
	size_t len = ra_mee_dram_len(RA_MEE_CLIENT, MIB);

	(void)state;
	fx_open(&f, RA_MEE_CLIENT);
	ra_mee_layout(f.m, &l);
	img = malloc(len);
	assert_non_null(img);
	assert_ra_ok(
	    ra_mee_ewb(f.m, blob1, pcmd1, PG(5), &f.si, EID, LINADDR, VA_PAGE));
	memcpy(img, f.dram, len); /* DRAM with the slot set */
	assert_ra_ok(
	    ra_mee_eldu(f.m, &si, PG(5), blob1, pcmd1, EID, LINADDR, VA_PAGE));
	memcpy(f.dram, img, len); /* roll every DRAM byte back */
	ra_mee_cache_flush(f.m);
	assert_ra_err(
	    ra_mee_eldu(f.m, &si, PG(5), blob1, pcmd1, EID, LINADDR, VA_PAGE),
	    RA_ERR_AUTH);
	assert_true(ra_mee_is_locked(f.m)); /* caught by the tree */
	free(img);
	fx_close(&f);
}

static void
bad_args(void **state)
{
	struct fx f;
	uint8_t blob[RA_MEE_PAGE_LEN];
	uint8_t pcmd[RA_PCMD_LEN];

	(void)state;
	fx_open(&f, RA_MEE_CLIENT);
	assert_ra_err(ra_mee_ewb(f.m, blob, pcmd, PG(5) + 64, &f.si, EID,
	                  LINADDR, VA_PAGE),
	    RA_ERR_ARG);
	assert_ra_err(ra_mee_ewb(f.m, blob, pcmd, PG(5), &f.si, EID, LINADDR,
	                  VA_PAGE + 3),
	    RA_ERR_ARG);
	assert_ra_err(
	    ra_mee_ewb(f.m, blob, pcmd, PG(5), &f.si, EID, LINADDR, PG(5) + 8),
	    RA_ERR_ARG);
	assert_ra_err(
	    ra_mee_ewb(f.m, blob, pcmd, MIB, &f.si, EID, LINADDR, VA_PAGE),
	    RA_ERR_ARG);
	assert_ra_ok(
	    ra_mee_ewb(f.m, blob, pcmd, PG(5), &f.si, EID, LINADDR, VA_PAGE));
	/* An occupied slot is refused. */
	assert_ra_err(
	    ra_mee_ewb(f.m, blob, pcmd, PG(6), &f.si, EID, LINADDR, VA_PAGE),
	    RA_ERR_STATE);
	fx_close(&f);
}

/* --- PCMD parser ---------------------------------------------------------- */

static enum ra_err
parse_pcmd(const uint8_t *buf, size_t len)
{
	struct ra_pcmd p;
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err = ra_pcmd_parse(&p, &c);

	return err != RA_OK ? err : ra_cur_finish(&c);
}

static void
pcmd_wire(void **state)
{
	uint8_t buf[RA_PCMD_LEN];
	uint8_t again[RA_PCMD_LEN];
	struct ra_pcmd p;
	struct ra_pcmd q;
	struct ra_buf b = ra_buf_init(buf, sizeof(buf));
	struct ra_buf b2 = ra_buf_init(again, sizeof(again));
	struct ra_cur c;
	size_t i;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.secinfo.perms = RA_SECINFO_R | RA_SECINFO_X;
	p.secinfo.page_type = RA_PT_TCS;
	p.enclave_id = EID;
	for (i = 0; i < sizeof(p.mac.b); i++) {
		p.mac.b[i] = (uint8_t)(0xe0 + i);
	}
	ra_pcmd_build(&b, &p);
	assert_ra_ok(ra_buf_finish(&b));
	/* The layout of MEE.md 7.1, by hand. */
	assert_int_equal(buf[0], 0x05);
	assert_int_equal(buf[1], RA_PT_TCS);
	assert_int_equal(buf[64], 0x88);
	assert_int_equal(buf[71], 0x11);
	assert_int_equal(buf[112], 0xe0);
	c = ra_cur_init(buf, sizeof(buf));
	assert_ra_ok(ra_pcmd_parse(&q, &c));
	ra_pcmd_build(&b2, &q);
	assert_ra_ok(ra_buf_finish(&b2));
	assert_memory_equal(buf, again, sizeof(buf));
	test_truncations(parse_pcmd, buf, sizeof(buf));
	/* Reserved bytes of SECINFO and of the PCMD must stay zero. */
	for (i = 8; i < 64; i += 11) {
		buf[i] ^= 1;
		assert_ra_err(parse_pcmd(buf, sizeof(buf)), RA_ERR_FORMAT);
		buf[i] ^= 1;
	}
	for (i = 72; i < 112; i++) {
		buf[i] ^= 0x80;
		assert_ra_err(parse_pcmd(buf, sizeof(buf)), RA_ERR_FORMAT);
		buf[i] ^= 0x80;
	}
	buf[1] = 0x7f; /* unknown page type */
	assert_ra_err(parse_pcmd(buf, sizeof(buf)), RA_ERR_VERSION);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(round_trip),
	cmocka_unit_test(tamper),
	cmocka_unit_test(stale),
	cmocka_unit_test(slot_replay_in_dram),
	cmocka_unit_test(bad_args),
	cmocka_unit_test(pcmd_wire),
};

TEST_MAIN(tests)
