/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MRENCLAVE: the ECREATE / EADD / EEXTEND / EINIT transcript (FORMATS.md
 * §2.1; SDM ECREATE, EADD, EEXTEND, EINIT; the Intel SDK's signing tool
 * builds the same records), and its replay from an SGXS stream.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/buf.h"
#include "sgxra/measure.h"
#include "sgxra/sgxs.h"

#define RECORD_LEN 64

static void
fail(struct ra_measure *m)
{
	m->failed = true;
}

void
ra_measure_ecreate(struct ra_measure *m, uint32_t ssa_frame_size, uint64_t size)
{
	uint8_t rec[RECORD_LEN] = { 'E', 'C', 'R', 'E', 'A', 'T', 'E', 0 };

	memset(m, 0, sizeof(*m));
	ra_sha256_init(&m->sha);
	/*
	 * SGX1 requires a power of two; SGX2 ELRANGE enclaves measure their
	 * ELRANGE size instead (FORMATS.md §2.1), so only whole pages and a
	 * non-zero SSA frame are required here.
	 */
	if (size < RA_PAGE_LEN || size % RA_PAGE_LEN != 0 ||
	    ssa_frame_size == 0) {
		fail(m);
	}
	ra_enc32le(rec + 8, ssa_frame_size); /*  8 SSAFRAMESIZE */
	ra_enc64le(rec + 12, size);          /* 12 SIZE; 20..63 zero */
	ra_sha256_update(&m->sha, rec, sizeof(rec));
	m->size = size;
	m->created = true;
}

void
ra_measure_eadd(
    struct ra_measure *m, uint64_t offset, const struct ra_secinfo *si)
{
	uint8_t rec[RECORD_LEN] = { 'E', 'A', 'D', 'D' };
	uint8_t secinfo[RA_SECINFO_LEN];
	struct ra_buf b = ra_buf_init(secinfo, sizeof(secinfo));

	if (!m->created || offset % RA_PAGE_LEN != 0 || offset >= m->size ||
	    (m->has_page && offset <= m->page)) {
		/* Offsets strictly increase: a page is added once. */
		fail(m);
	}
	ra_secinfo_build(&b, si);
	if (ra_buf_finish(&b) != RA_OK) {
		fail(m);
	}
	ra_enc64le(rec + 8, offset);   /*  8 */
	memcpy(rec + 16, secinfo, 48); /* 16 SECINFO bytes 0..47 */
	ra_sha256_update(&m->sha, rec, sizeof(rec));
	m->page = offset;
	m->has_page = true;
	m->eadds++;
}

void
ra_measure_eextend(
    struct ra_measure *m, uint64_t offset, const uint8_t chunk[RA_EEXTEND_LEN])
{
	uint8_t rec[RECORD_LEN] = { 'E', 'E', 'X', 'T', 'E', 'N', 'D', 0 };

	/* EEXTEND measures a chunk of a page already added. */
	if (!m->has_page || offset % RA_EEXTEND_LEN != 0 || offset < m->page ||
	    offset - m->page >= RA_PAGE_LEN) {
		fail(m);
	}
	ra_enc64le(rec + 8, offset); /* 8; 16..63 zero */
	ra_sha256_update(&m->sha, rec, sizeof(rec));
	ra_sha256_update(&m->sha, chunk, RA_EEXTEND_LEN);
	m->eextends++;
}

void
ra_measure_page(struct ra_measure *m, uint64_t offset,
    const struct ra_secinfo *si, const uint8_t page[RA_PAGE_LEN], bool measured)
{
	uint64_t off;

	ra_measure_eadd(m, offset, si);
	if (!measured) {
		return;
	}
	for (off = 0; off < RA_PAGE_LEN; off += RA_EEXTEND_LEN) {
		ra_measure_eextend(m, offset + off, page + off);
	}
}

enum ra_err
ra_measure_final(struct ra_measure *m, struct ra_hash256 *mrenclave)
{
	if (!m->created || m->failed) {
		RA_WIPE(m->sha);
		return RA_ERR_STATE;
	}
	ra_sha256_final(&m->sha, mrenclave);
	return RA_OK;
}

/* The state of an SGXS replay beyond what struct ra_measure checks. */
struct sgxs_state {
	uint16_t extended; /* bit i: chunk i of the current page seen */
	bool tcs;          /* the current page is a TCS */
};

/* A canonical TCS page has no R, W or X bits (FORMATS.md §2.2). */
static bool
secinfo_ok(const struct ra_secinfo *si)
{
	return si->page_type != RA_PT_TCS ||
	    (si->perms & (RA_SECINFO_R | RA_SECINFO_W | RA_SECINFO_X)) == 0;
}

/* Apply one record; RA_ERR_FORMAT if it breaks a canonical rule. */
static enum ra_err
sgxs_apply(struct ra_measure *m, struct sgxs_state *st,
    const struct ra_sgxs_record *r, struct ra_sgxs_info *info)
{
	uint64_t bit;

	switch (r->tag) {
	case RA_SGXS_ECREATE:
	case RA_SGXS_UNSIZED:
		if (m->created) {
			return RA_ERR_FORMAT; /* exactly one, first */
		}
		/* UNSIZED stands for an ECREATE whose SIZE is set later. */
		ra_measure_ecreate(m, r->ssa_frame_size,
		    r->tag == RA_SGXS_ECREATE ? r->size : 0);
		info->ssa_frame_size = r->ssa_frame_size;
		info->size = r->tag == RA_SGXS_ECREATE ? r->size : 0;
		return r->tag == RA_SGXS_ECREATE ? RA_OK : RA_ERR_FORMAT;
	case RA_SGXS_EADD:
		if (!secinfo_ok(&r->secinfo)) {
			return RA_ERR_FORMAT;
		}
		ra_measure_eadd(m, r->offset, &r->secinfo);
		st->extended = 0;
		st->tcs = r->secinfo.page_type == RA_PT_TCS;
		info->pages++;
		return m->failed ? RA_ERR_FORMAT : RA_OK;
	case RA_SGXS_EEXTEND:
	case RA_SGXS_UNMEASRD:
		if (!m->has_page || r->offset < m->page ||
		    r->offset - m->page >= RA_PAGE_LEN ||
		    r->offset % RA_EEXTEND_LEN != 0) {
			return RA_ERR_FORMAT;
		}
		bit = (uint64_t)1 << ((r->offset - m->page) / RA_EEXTEND_LEN);
		if ((st->extended & bit) != 0) {
			return RA_ERR_FORMAT; /* each chunk at most once */
		}
		st->extended = (uint16_t)(st->extended | bit);
		if (r->tag == RA_SGXS_UNMEASRD) {
			info->unmeasured_chunks++;
			return RA_OK;
		}
		ra_measure_eextend(m, r->offset, r->data.p);
		info->measured_chunks++;
		return m->failed ? RA_ERR_FORMAT : RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

enum ra_err
ra_measure_sgxs(struct ra_hash256 *mrenclave, struct ra_sgxs_info *info,
    const uint8_t *buf, size_t len)
{
	struct ra_measure m;
	struct sgxs_state st = { 0, false };
	struct ra_sgxs_info tmp;
	struct ra_sgxs_record r;
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err = RA_OK;

	if (mrenclave == NULL || (buf == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	if (info == NULL) {
		info = &tmp;
	}
	memset(info, 0, sizeof(*info));
	memset(&m, 0, sizeof(m));
	/* The loop is bounded by the input: every record consumes 64+ bytes. */
	while (err == RA_OK && ra_cur_ok(&c) && ra_cur_left(&c) > 0) {
		err = ra_sgxs_record_parse(&r, &c);
		if (err == RA_OK && r.tag != RA_SGXS_ECREATE &&
		    r.tag != RA_SGXS_UNSIZED && !m.created) {
			err = RA_ERR_FORMAT; /* ECREATE comes first */
		}
		if (err == RA_OK) {
			err = sgxs_apply(&m, &st, &r, info);
		}
	}
	if (err == RA_OK && !m.created) {
		err = RA_ERR_FORMAT;
	}
	if (err != RA_OK) {
		RA_WIPE(m.sha);
		return err;
	}
	return ra_measure_final(&m, mrenclave) == RA_OK ? RA_OK : RA_ERR_FORMAT;
}
