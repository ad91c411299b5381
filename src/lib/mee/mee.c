/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory encryption engine: MEE.md sections 2-4 and 8.4, docs/mee.md.
 *
 * Client mode follows MEE.md 3.2 ("layout v1") exactly: data line n at
 * physical address A = RA_MEE_BASE + 64n is AES-128-CTR encrypted with
 * counter blocks LE64(A + 16j) || LE56(version) || 00, and authenticated
 * by PD_Tag = (U(C) ^ AES(K_mac, LE64(A) || LE56(version) || 01)) mod
 * 2^56, where U is the GF(2^64) multilinear hash keyed by K_hash. Version
 * lines and tree nodes (8 counters of 56 bits and an embedded 56-bit MAC)
 * are tagged the same way with nonce LE64(B) || LE56(parent) || 02; the
 * parents of the top level (L2) are the root counters in struct ra_mee.
 *
 * Every check works on a local copy of the DRAM bytes: DRAM is read once
 * per line and never again for the same check.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mee/engine.h"
#include "sgxra/crypto.h"
#include "sgxra/mee.h"

#define LINE        RA_MEE_LINE_LEN
#define PAGE_LINES  (RA_MEE_PAGE_LEN / RA_MEE_LINE_LEN)
#define MASK56      RA_MEE_CTR_MAX
#define CACHE_SETS  64
#define CACHE_WAYS  4
#define CACHE_LINES (CACHE_SETS * CACHE_WAYS)
#define EMPTY       UINT64_MAX
#define KEY_BYTES   (16 + 16 + 64 + 16 + 16)
#define TAG_FIELD   8 /* the embedded MAC is field 8 of a node line */
#define TAG_AT      ((size_t)7 * TAG_FIELD) /* its byte offset */

/* Tree levels of metadata lines. */
enum level {
	LVL_VER = 0,
	LVL_L0 = 1,
	LVL_L1 = 2,
	LVL_L2 = 3
};

/* Domain bytes of the 16-byte AES inputs (MEE.md 3.2). */
enum domain {
	DOM_CTR = 0,
	DOM_DATA = 1,
	DOM_NODE = 2,
	DOM_SCALABLE = 3
};

struct cache_line {
	uint64_t off; /* DRAM offset, EMPTY if unused */
	uint64_t lru;
	uint8_t b[LINE];
};

struct mee_keys {
	struct ra_key128 enc;  /* data encryption (CTR; XTS data key) */
	struct ra_key128 mac;  /* MAC pads */
	uint8_t hash[64];      /* H_0..H_7 of the universal hash */
	struct ra_key128 enc2; /* XTS tweak key (scalable mode) */
	struct ra_key128 page; /* EWB/ELDU paging key (CR_BASE_PK) */
};

struct ra_mee {
	enum ra_mee_mode mode;
	uint8_t *dram;
	size_t dram_len;
	struct ra_rng rng;
	struct ra_mee_layout lay;
	struct mee_keys keys;
	struct ra_aes128_ecb *aes_enc;
	struct ra_aes128_ecb *aes_mac;
	struct ra_aes128_xts *xts;
	uint64_t root[RA_MEE_MAX_ROOTS]; /* the on-die L3 counters */
	uint64_t page_ver;               /* last EWB version handed out */
	bool locked;
	struct ra_mee_stats st;
	uint64_t tick;
	struct cache_line cache[CACHE_LINES];
	/* Scratch for one page batch, wiped after use. */
	uint8_t ct[RA_MEE_PAGE_LEN];
	uint8_t ks[RA_MEE_PAGE_LEN];
	uint8_t cb[RA_MEE_PAGE_LEN];
	uint8_t nonce[PAGE_LINES * 16];
	uint8_t pad[PAGE_LINES * 16];
	uint64_t ver[PAGE_LINES];
	uint64_t tag[PAGE_LINES];
	size_t scratch_lines; /* lines of ks and pad to wipe */
};

/* --- small helpers -------------------------------------------------------- */

static uint64_t
get56(const uint8_t *line, unsigned int i)
{
	const uint8_t *p = line + (size_t)7 * i;

	return (uint64_t)ra_dec32le(p) | (uint64_t)ra_dec16le(p + 4) << 32 |
	    (uint64_t)p[6] << 48;
}

static void
put56(uint8_t *line, unsigned int i, uint64_t v)
{
	uint8_t *p = line + (size_t)7 * i;

	ra_enc32le(p, (uint32_t)v);
	ra_enc16le(p + 4, (uint16_t)(v >> 32));
	p[6] = (uint8_t)(v >> 48);
}

/* blk = LE64(a) || LE56(v) || domain */
static void
make_block(uint8_t blk[static 16], uint64_t a, uint64_t v, enum domain d)
{
	ra_enc64le(blk, a);
	ra_enc64le(blk + 8, (v & MASK56) | (uint64_t)d << 56);
}

/* out = a ^ b over n bytes (a multiple of 8), a word at a time. */
static void
xor_bytes(uint8_t *out, const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 8) {
		uint64_t x;
		uint64_t y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		x ^= y;
		memcpy(out + i, &x, 8);
	}
}

static enum ra_err
lock(struct ra_mee *m, uint64_t off, enum ra_mee_fail why)
{
	m->locked = true;
	m->st.fail_offset = off;
	m->st.fail = why;
	return why == RA_MEE_FAIL_OVERFLOW ? RA_ERR_LOCKED : RA_ERR_AUTH;
}

/* The keystream and pads of the last batch are secret; the ciphertext
 * and counter blocks are not. */
static void
wipe_scratch(struct ra_mee *m)
{
	ra_wipe(m->ks, m->scratch_lines * LINE);
	ra_wipe(m->pad, m->scratch_lines * 16);
	m->scratch_lines = 0;
}

static void
use_scratch(struct ra_mee *m, size_t cnt)
{
	if (cnt > m->scratch_lines) {
		m->scratch_lines = cnt;
	}
}

/* --- layout --------------------------------------------------------------- */

static bool
layout_for(struct ra_mee_layout *l, enum ra_mee_mode mode, size_t d)
{
	memset(l, 0, sizeof(*l));
	l->data_len = d;
	l->tag_off = d;
	if (mode == RA_MEE_SCALABLE) {
		if (d == 0 || d % RA_MEE_PAGE_LEN != 0 || d > SIZE_MAX / 2) {
			return false;
		}
		l->end = d + d / 8;
		return true;
	}
	if (mode != RA_MEE_CLIENT || d == 0 || d % RA_MEE_ROOT_SPAN_LEN != 0 ||
	    d / RA_MEE_ROOT_SPAN_LEN > RA_MEE_MAX_ROOTS) {
		return false;
	}
	l->ver_off = d + d / 8;
	l->l0_off = d + d / 4;
	l->l1_off = l->l0_off + d / 64;
	l->l2_off = l->l1_off + d / 512;
	l->end = l->l2_off + d / 4096;
	return true;
}

size_t
ra_mee_dram_len(enum ra_mee_mode mode, size_t data_len)
{
	struct ra_mee_layout l;

	return layout_for(&l, mode, data_len) ? l.end : 0;
}

/* The largest data area whose layout fits dram_len. */
static size_t
fit_data_len(enum ra_mee_mode mode, size_t dram_len)
{
	size_t unit;
	size_t d;

	if (mode == RA_MEE_SCALABLE) {
		unit = RA_MEE_PAGE_LEN;
		d = dram_len / 9 * 8;
	} else {
		unit = RA_MEE_ROOT_SPAN_LEN;
		/* metadata = 1169/4096 of the data (MEE.md 2.4) */
		d = dram_len / 5193 * 4096;
		if (d > (size_t)RA_MEE_MAX_ROOTS * RA_MEE_ROOT_SPAN_LEN) {
			d = (size_t)RA_MEE_MAX_ROOTS * RA_MEE_ROOT_SPAN_LEN;
		}
	}
	d -= d % unit;
	while (d > 0 && ra_mee_dram_len(mode, d) > dram_len) {
		d -= unit;
	}
	return d;
}

static size_t
node_off(const struct ra_mee *m, enum level lvl, uint64_t idx)
{
	static const size_t stride = LINE;
	size_t base = lvl == LVL_VER ? m->lay.ver_off
	    : lvl == LVL_L0          ? m->lay.l0_off
	    : lvl == LVL_L1          ? m->lay.l1_off
	                             : m->lay.l2_off;

	return base + (size_t)idx * stride;
}

static size_t
tag_field_off(const struct ra_mee *m, uint64_t n)
{
	return m->lay.tag_off + (size_t)(n >> 3) * LINE + 7 * (size_t)(n & 7);
}

/* --- node cache ----------------------------------------------------------- */

static struct cache_line *
cache_set(struct ra_mee *m, uint64_t off)
{
	return &m->cache[((off / LINE) % CACHE_SETS) * CACHE_WAYS];
}

static bool
cache_get(struct ra_mee *m, uint64_t off, uint8_t out[static LINE])
{
	struct cache_line *set = cache_set(m, off);
	unsigned int w;

	for (w = 0; w < CACHE_WAYS; w++) {
		if (set[w].off == off) {
			set[w].lru = ++m->tick;
			memcpy(out, set[w].b, LINE);
			m->st.cache_hits++;
			return true;
		}
	}
	m->st.cache_misses++;
	return false;
}

static void
cache_put(struct ra_mee *m, uint64_t off, const uint8_t line[static LINE])
{
	struct cache_line *set = cache_set(m, off);
	struct cache_line *victim = &set[0];
	unsigned int w;

	for (w = 0; w < CACHE_WAYS; w++) {
		if (set[w].off == off) {
			victim = &set[w];
			break;
		}
		if (set[w].off == EMPTY || set[w].lru < victim->lru) {
			victim = &set[w];
		}
	}
	victim->off = off;
	victim->lru = ++m->tick;
	memcpy(victim->b, line, LINE);
}

void
ra_mee_cache_flush(struct ra_mee *m)
{
	unsigned int i;

	if (m == NULL) {
		return;
	}
	RA_WIPE(m->cache);
	for (i = 0; i < CACHE_LINES; i++) {
		m->cache[i].off = EMPTY;
	}
}

/* --- MACs ----------------------------------------------------------------- */

/*
 * Tags of count node lines: line i at DRAM offset off[i] under parent
 * counter parent[i]. The tag field (bytes 56..62) is zero in the hashed
 * copy; byte 63 is hashed, so a flipped spare byte is caught.
 */
static enum ra_err
node_tags(struct ra_mee *m, uint64_t *tag, uint8_t (*lines)[LINE],
    const size_t *off, const uint64_t *parent, size_t count)
{
	uint8_t nonce[16 * 16] = { 0 };
	uint8_t pad[16 * 16];
	uint8_t tmp[LINE];
	enum ra_err err;
	size_t i;

	if (count > 16) {
		return RA_ERR_ARG;
	}
	for (i = 0; i < count; i++) {
		make_block(
		    nonce + 16 * i, RA_MEE_BASE + off[i], parent[i], DOM_NODE);
	}
	err = ra_aes128_ecb_encrypt(m->aes_mac, pad, nonce, count);
	for (i = 0; err == RA_OK && i < count; i++) {
		memcpy(tmp, lines[i], LINE);
		memset(tmp + TAG_AT, 0, 7);
		tag[i] =
		    (ra_uhash64(m->keys.hash, tmp) ^ ra_dec64le(pad + 16 * i)) &
		    MASK56;
	}
	RA_WIPE(pad);
	return err;
}

/* True iff the 56-bit tag equals the 7 bytes at stored (constant time). */
static bool
tag_ok(uint64_t tag, const uint8_t stored[static 7])
{
	uint8_t want[7];
	bool ok;

	put56(want, 0, tag);
	ok = ra_ct_eq(want, stored, 7);
	RA_DECLASSIFY(&ok, sizeof(ok));
	return ok;
}

/* --- tree walk ------------------------------------------------------------ */

/*
 * A trusted copy of node idx of level lvl: from the cache, or fetched
 * from DRAM with its uncached ancestors (up to the first cached one, or
 * the root) and verified top-down, each against its parent counter.
 * *fetched counts DRAM fetches. RA_ERR_AUTH locks the engine.
 */
static enum ra_err
get_node(struct ra_mee *m, uint8_t out[static LINE], enum level lvl,
    uint64_t idx, unsigned int *fetched)
{
	uint8_t lines[LVL_L2 + 1][LINE];
	size_t off[LVL_L2 + 1];
	uint64_t at[LVL_L2 + 1];
	int top = (int)lvl; /* first cached level, or LVL_L2 + 1: the root */
	int k;
	enum ra_err err;

	for (; top <= (int)LVL_L2; top++, idx >>= 3) {
		off[top] = node_off(m, (enum level)top, idx);
		at[top] = idx;
		if (cache_get(m, off[top], lines[top])) {
			break;
		}
		memcpy(lines[top], m->dram + off[top], LINE);
		m->st.meta_bytes_read += LINE;
		(*fetched)++;
	}
	for (k = top - 1; k >= (int)lvl; k--) {
		uint64_t p = k == (int)LVL_L2
		    ? m->root[at[k]]
		    : get56(lines[k + 1], (unsigned int)(at[k] & 7));
		uint64_t tag;

		err = node_tags(m, &tag, &lines[k], &off[k], &p, 1);
		if (err != RA_OK) {
			return err;
		}
		if (!tag_ok(tag, lines[k] + TAG_AT) ||
		    lines[k][LINE - 1] != 0) {
			return lock(
			    m, off[k], (enum ra_mee_fail)(RA_MEE_FAIL_VER + k));
		}
		cache_put(m, off[k], lines[k]);
	}
	memcpy(out, lines[lvl], LINE);
	return RA_OK;
}

/* The trusted version line v, with the walk recorded in the stats. */
static enum ra_err
walk(struct ra_mee *m, uint8_t out[static LINE], uint64_t v)
{
	unsigned int fetched = 0;
	enum ra_err err = get_node(m, out, LVL_VER, v, &fetched);

	m->st.walks++;
	m->st.walk_depth[fetched < 5 ? fetched : 4]++;
	return err;
}

/* --- data lines ----------------------------------------------------------- */

/*
 * Keystream (client) and MAC pads for lines n0..n0+cnt-1 with the versions
 * in m->ver: m->ks and m->pad.
 */
static enum ra_err
client_pads(struct ra_mee *m, uint64_t n0, size_t cnt)
{
	size_t j;
	size_t k;
	enum ra_err err;

	use_scratch(m, cnt);
	for (j = 0; j < cnt; j++) {
		uint64_t a = RA_MEE_BASE + (n0 + j) * LINE;

		for (k = 0; k < 4; k++) {
			make_block(m->cb + 64 * j + 16 * k, a + 16 * k,
			    m->ver[j], DOM_CTR);
		}
		make_block(m->nonce + 16 * j, a, m->ver[j], DOM_DATA);
	}
	err = ra_aes128_ecb_encrypt(m->aes_enc, m->ks, m->cb, 4 * cnt);
	if (err != RA_OK) {
		return err;
	}
	return ra_aes128_ecb_encrypt(m->aes_mac, m->pad, m->nonce, cnt);
}

/* m->tag[j] for the ciphertext lines in m->ct (pads already computed). */
static void
client_tags(struct ra_mee *m, size_t cnt)
{
	size_t j;

	for (j = 0; j < cnt; j++) {
		m->tag[j] = (ra_uhash64(m->keys.hash, m->ct + 64 * j) ^
		                ra_dec64le(m->pad + 16 * j)) &
		    MASK56;
	}
}

/*
 * Scalable tags: AES(K_mac, LE64(A) || LE56(U(C)) || 03) mod 2^56, a PRF
 * of the address and the hash of the ciphertext: deterministic, so a
 * replayed (line, tag) pair verifies, as on hardware without a tree.
 */
static enum ra_err
scalable_tags(struct ra_mee *m, uint64_t n0, size_t cnt)
{
	enum ra_err err;
	size_t j;

	use_scratch(m, cnt);
	for (j = 0; j < cnt; j++) {
		make_block(m->nonce + 16 * j, RA_MEE_BASE + (n0 + j) * LINE,
		    ra_uhash64(m->keys.hash, m->ct + 64 * j), DOM_SCALABLE);
	}
	err = ra_aes128_ecb_encrypt(m->aes_mac, m->pad, m->nonce, cnt);
	for (j = 0; err == RA_OK && j < cnt; j++) {
		m->tag[j] = ra_dec64le(m->pad + 16 * j) & MASK56;
	}
	return err;
}

static void
xts_tweak(uint8_t tw[static 16], uint64_t n)
{
	memset(tw, 0, 16);
	ra_enc64le(tw, RA_MEE_BASE + n * LINE);
}

/*
 * Check the tags in m->tag against DRAM in one constant-time comparison
 * per batch; on a mismatch, find the first failing line (its address is
 * reported anyway) and lock.
 */
static enum ra_err
check_tags(struct ra_mee *m, uint64_t n0, size_t cnt)
{
	uint8_t want[PAGE_LINES * 7] = { 0 };
	uint8_t got[PAGE_LINES * 7] = { 0 };
	bool ok;
	size_t j;

	for (j = 0; j < cnt; j++) {
		put56(want, (unsigned int)j, m->tag[j]);
		memcpy(got + 7 * j, m->dram + tag_field_off(m, n0 + j), 7);
	}
	ok = ra_ct_eq(want, got, 7 * cnt);
	RA_DECLASSIFY(&ok, sizeof(ok));
	if (ok) {
		return RA_OK;
	}
	for (j = 0; j + 1 < cnt; j++) {
		if (!tag_ok(m->tag[j], got + 7 * j)) {
			break;
		}
	}
	return lock(m, (n0 + j) * LINE, RA_MEE_FAIL_DATA);
}

/* Read lines n0..n0+cnt-1 of one page, client mode. */
static enum ra_err
client_read(struct ra_mee *m, uint8_t *out, uint64_t n0, size_t cnt)
{
	uint8_t ver[LINE];
	enum ra_err err = RA_OK;
	size_t j = 0;

	while (j < cnt) {
		uint64_t v = (n0 + j) >> 3;

		if ((err = walk(m, ver, v)) != RA_OK) {
			return err;
		}
		m->st.meta_bytes_read += LINE; /* its PD_Tag line */
		for (; j < cnt && (n0 + j) >> 3 == v; j++) {
			m->ver[j] = get56(ver, (unsigned int)((n0 + j) & 7));
		}
	}
	memcpy(m->ct, m->dram + n0 * LINE, cnt * LINE);
	if ((err = client_pads(m, n0, cnt)) != RA_OK) {
		return err;
	}
	client_tags(m, cnt);
	if ((err = check_tags(m, n0, cnt)) != RA_OK) {
		return err;
	}
	xor_bytes(out, m->ct, m->ks, cnt * LINE);
	return RA_OK;
}

static enum ra_err
scalable_read(struct ra_mee *m, uint8_t *out, uint64_t n0, size_t cnt)
{
	uint8_t tw[16];
	enum ra_err err;
	size_t j;

	memcpy(m->ct, m->dram + n0 * LINE, cnt * LINE);
	m->st.meta_bytes_read += LINE * ((cnt + 7) / 8);
	if ((err = scalable_tags(m, n0, cnt)) != RA_OK) {
		return err;
	}
	if ((err = check_tags(m, n0, cnt)) != RA_OK) {
		return err;
	}
	for (j = 0; j < cnt; j++) {
		xts_tweak(tw, n0 + j);
		err = ra_aes128_xts_crypt(
		    m->xts, out + 64 * j, m->ct + 64 * j, LINE, tw, false);
		if (err != RA_OK) {
			return err;
		}
	}
	return RA_OK;
}

/* Store m->ct and m->tag for lines n0..n0+cnt-1. */
static void
store_lines(struct ra_mee *m, uint64_t n0, size_t cnt)
{
	uint8_t field[7];
	size_t j;

	memcpy(m->dram + n0 * LINE, m->ct, cnt * LINE);
	for (j = 0; j < cnt; j++) {
		put56(field, 0, m->tag[j]);
		memcpy(m->dram + tag_field_off(m, n0 + j), field, 7);
	}
	m->st.meta_bytes_written += LINE * ((cnt + 7) / 8);
}

/* Encrypt in (cnt lines) into m->ct with the versions in m->ver, tag. */
static enum ra_err
client_seal(struct ra_mee *m, const uint8_t *in, uint64_t n0, size_t cnt)
{
	enum ra_err err = client_pads(m, n0, cnt);

	if (err != RA_OK) {
		return err;
	}
	xor_bytes(m->ct, in, m->ks, cnt * LINE);
	client_tags(m, cnt);
	return RA_OK;
}

static enum ra_err
scalable_write(struct ra_mee *m, const uint8_t *in, uint64_t n0, size_t cnt)
{
	uint8_t tw[16];
	enum ra_err err;
	size_t j;

	for (j = 0; j < cnt; j++) {
		xts_tweak(tw, n0 + j);
		err = ra_aes128_xts_crypt(
		    m->xts, m->ct + 64 * j, in + 64 * j, LINE, tw, true);
		if (err != RA_OK) {
			return err;
		}
	}
	if ((err = scalable_tags(m, n0, cnt)) != RA_OK) {
		return err;
	}
	store_lines(m, n0, cnt);
	return RA_OK;
}

/*
 * The path above lines n0..n0+cnt-1 of one page (they share one L0 line):
 * the version lines, L0, L1 and L2, as trusted copies.
 */
#define PATH_MAX_NODES 11 /* 8 version lines, L0, L1, L2 */

struct path {
	uint8_t ver[8][LINE];
	uint8_t l0[LINE];
	uint8_t l1[LINE];
	uint8_t l2[LINE];
	uint64_t v0; /* first version line */
	size_t nver;
	/* tag_path(): the lines to store and where */
	uint8_t out[PATH_MAX_NODES][LINE];
	size_t off[PATH_MAX_NODES];
	size_t nout;
};

static enum ra_err
get_path(struct ra_mee *m, struct path *p, uint64_t n0, size_t cnt)
{
	unsigned int fetched = 0;
	enum ra_err err;
	size_t i;

	p->v0 = n0 >> 3;
	p->nver = (size_t)(((n0 + cnt - 1) >> 3) - p->v0 + 1);
	for (i = 0; i < p->nver; i++) {
		if ((err = walk(m, p->ver[i], p->v0 + i)) != RA_OK) {
			return err;
		}
	}
	err = get_node(m, p->l0, LVL_L0, n0 >> 6, &fetched);
	if (err == RA_OK) {
		err = get_node(m, p->l1, LVL_L1, n0 >> 9, &fetched);
	}
	if (err == RA_OK) {
		err = get_node(m, p->l2, LVL_L2, n0 >> 12, &fetched);
	}
	return err;
}

/* Lock if any counter on the path of this batch is at its maximum. */
static enum ra_err
check_overflow(struct ra_mee *m, const struct path *p, uint64_t n0, size_t cnt)
{
	bool full = m->root[n0 >> 12] >= MASK56 ||
	    get56(p->l2, (unsigned int)((n0 >> 9) & 7)) >= MASK56 ||
	    get56(p->l1, (unsigned int)((n0 >> 6) & 7)) >= MASK56;
	size_t i;

	for (i = 0; i < p->nver; i++) {
		full |= get56(p->l0, (unsigned int)((p->v0 + i) & 7)) >= MASK56;
	}
	for (i = 0; i < cnt; i++) {
		uint64_t n = n0 + i;

		full |= get56(p->ver[(n >> 3) - p->v0],
		            (unsigned int)(n & 7)) >= MASK56;
	}
	if (full) {
		return lock(m, n0 * LINE, RA_MEE_FAIL_OVERFLOW);
	}
	return RA_OK;
}

static void
bump(uint8_t *line, uint64_t field)
{
	unsigned int i = (unsigned int)(field & 7);

	put56(line, i, get56(line, i) + 1);
}

/*
 * Re-tag every node of the path with its (new) parent counter, root being
 * the (new) root counter, into p->out. Nothing is stored yet.
 */
static enum ra_err
tag_path(struct ra_mee *m, struct path *p, uint64_t n0, uint64_t root)
{
	uint64_t parent[PATH_MAX_NODES];
	uint64_t tag[PATH_MAX_NODES];
	size_t k = 0;
	size_t i;
	enum ra_err err;

	for (i = 0; i < p->nver; i++, k++) {
		memcpy(p->out[k], p->ver[i], LINE);
		p->off[k] = node_off(m, LVL_VER, p->v0 + i);
		parent[k] = get56(p->l0, (unsigned int)((p->v0 + i) & 7));
	}
	memcpy(p->out[k], p->l0, LINE);
	p->off[k] = node_off(m, LVL_L0, n0 >> 6);
	parent[k++] = get56(p->l1, (unsigned int)((n0 >> 6) & 7));
	memcpy(p->out[k], p->l1, LINE);
	p->off[k] = node_off(m, LVL_L1, n0 >> 9);
	parent[k++] = get56(p->l2, (unsigned int)((n0 >> 9) & 7));
	memcpy(p->out[k], p->l2, LINE);
	p->off[k] = node_off(m, LVL_L2, n0 >> 12);
	parent[k++] = root;
	if ((err = node_tags(m, tag, p->out, p->off, parent, k)) != RA_OK) {
		return err;
	}
	for (i = 0; i < k; i++) {
		put56(p->out[i], TAG_FIELD, tag[i]);
		p->out[i][LINE - 1] = 0;
	}
	p->nout = k;
	return RA_OK;
}

/* Store the tagged path: DRAM (write-through) and the node cache. */
static void
store_path(struct ra_mee *m, const struct path *p)
{
	size_t i;

	for (i = 0; i < p->nout; i++) {
		memcpy(m->dram + p->off[i], p->out[i], LINE);
		cache_put(m, p->off[i], p->out[i]);
	}
	m->st.meta_bytes_written += LINE * p->nout;
}

/* Write lines n0..n0+cnt-1 of one page, client mode: one batch. */
static enum ra_err
client_write(struct ra_mee *m, const uint8_t *in, uint64_t n0, size_t cnt)
{
	struct path p;
	enum ra_err err;
	size_t i;

	if ((err = get_path(m, &p, n0, cnt)) != RA_OK ||
	    (err = check_overflow(m, &p, n0, cnt)) != RA_OK) {
		return err;
	}
	for (i = 0; i < cnt; i++) {
		uint64_t n = n0 + i;
		uint8_t *ver = p.ver[(n >> 3) - p.v0];

		bump(ver, n);
		m->ver[i] = get56(ver, (unsigned int)(n & 7));
	}
	for (i = 0; i < p.nver; i++) {
		bump(p.l0, p.v0 + i);
	}
	bump(p.l1, n0 >> 6);
	bump(p.l2, n0 >> 9);
	/* All cryptography first: a backend failure changes nothing. */
	if ((err = client_seal(m, in, n0, cnt)) != RA_OK ||
	    (err = tag_path(m, &p, n0, m->root[n0 >> 12] + 1)) != RA_OK) {
		return err;
	}
	m->root[n0 >> 12]++;
	store_lines(m, n0, cnt);
	store_path(m, &p);
	return RA_OK;
}

/* --- public read / write -------------------------------------------------- */

static enum ra_err
check_range(const struct ra_mee *m, uint64_t addr, size_t len)
{
	if (m == NULL) {
		return RA_ERR_ARG;
	}
	if (m->locked) {
		return RA_ERR_LOCKED;
	}
	if (addr % LINE != 0 || len % LINE != 0 || addr > m->lay.data_len ||
	    len > m->lay.data_len - addr) {
		return RA_ERR_ARG;
	}
	return RA_OK;
}

/* Lines from n up to the end of its page, at most left. */
static size_t
batch_len(uint64_t n, size_t left)
{
	size_t room = PAGE_LINES - (size_t)(n % PAGE_LINES);

	return left < room ? left : room;
}

enum ra_err
ra_mee_read(struct ra_mee *m, uint8_t *out, size_t len, uint64_t addr)
{
	enum ra_err err = check_range(m, addr, len);
	uint64_t n = addr / LINE;
	size_t left = len / LINE;
	size_t done = 0;

	if (err != RA_OK || (len > 0 && out == NULL)) {
		return err != RA_OK ? err : RA_ERR_ARG;
	}
	while (err == RA_OK && left > 0) {
		size_t cnt = batch_len(n, left);

		err = m->mode == RA_MEE_CLIENT
		    ? client_read(m, out + done * LINE, n, cnt)
		    : scalable_read(m, out + done * LINE, n, cnt);
		n += cnt;
		done += cnt;
		left -= cnt;
	}
	wipe_scratch(m);
	if (err != RA_OK) {
		ra_wipe(out, len);
		return err;
	}
	m->st.lines_read += len / LINE;
	return RA_OK;
}

enum ra_err
ra_mee_write(struct ra_mee *m, uint64_t addr, const uint8_t *in, size_t len)
{
	enum ra_err err = check_range(m, addr, len);
	uint64_t n = addr / LINE;
	size_t left = len / LINE;
	size_t done = 0;

	if (err != RA_OK || (len > 0 && in == NULL)) {
		return err != RA_OK ? err : RA_ERR_ARG;
	}
	while (err == RA_OK && left > 0) {
		size_t cnt = batch_len(n, left);

		err = m->mode == RA_MEE_CLIENT
		    ? client_write(m, in + done * LINE, n, cnt)
		    : scalable_write(m, in + done * LINE, n, cnt);
		if (err == RA_OK) {
			m->st.lines_written += cnt;
		}
		n += cnt;
		done += cnt;
		left -= cnt;
	}
	wipe_scratch(m);
	return err;
}

enum ra_err
ra_mee_read_line(struct ra_mee *m, uint8_t out[RA_MEE_LINE_LEN], uint64_t addr)
{
	return ra_mee_read(m, out, LINE, addr);
}

enum ra_err
ra_mee_write_line(
    struct ra_mee *m, uint64_t addr, const uint8_t in[RA_MEE_LINE_LEN])
{
	return ra_mee_write(m, addr, in, LINE);
}

enum ra_err
ra_mee_read_page(struct ra_mee *m, uint8_t out[RA_MEE_PAGE_LEN], uint64_t page)
{
	if (page > UINT64_MAX / RA_MEE_PAGE_LEN) {
		return RA_ERR_ARG;
	}
	return ra_mee_read(m, out, RA_MEE_PAGE_LEN, page * RA_MEE_PAGE_LEN);
}

enum ra_err
ra_mee_write_page(
    struct ra_mee *m, uint64_t page, const uint8_t in[RA_MEE_PAGE_LEN])
{
	if (page > UINT64_MAX / RA_MEE_PAGE_LEN) {
		return RA_ERR_ARG;
	}
	return ra_mee_write(m, page * RA_MEE_PAGE_LEN, in, RA_MEE_PAGE_LEN);
}

/* --- initialisation ------------------------------------------------------- */

/* Tag every node line of one level, all counters zero, parents zero. */
static enum ra_err
init_level(struct ra_mee *m, enum level lvl, size_t lines)
{
	uint8_t zero[16][LINE];
	size_t off[16];
	uint64_t parent[16] = { 0 };
	uint64_t tag[16];
	size_t i;
	size_t k;
	enum ra_err err;

	memset(zero, 0, sizeof(zero));
	for (i = 0; i < lines; i += k) {
		size_t cnt = lines - i < 16 ? lines - i : 16;

		for (k = 0; k < cnt; k++) {
			off[k] = node_off(m, lvl, i + k);
		}
		if ((err = node_tags(m, tag, zero, off, parent, cnt)) !=
		    RA_OK) {
			return err;
		}
		for (k = 0; k < cnt; k++) {
			put56(m->dram + off[k], TAG_FIELD, tag[k]);
		}
	}
	return RA_OK;
}

/* Every data line = Enc(zeros) at version 0, every node tagged. */
static enum ra_err
init_dram(struct ra_mee *m)
{
	static const uint8_t zero[RA_MEE_PAGE_LEN];
	size_t d = m->lay.data_len;
	uint64_t n;
	enum ra_err err = RA_OK;

	memset(m->dram + m->lay.tag_off, 0, m->lay.end - m->lay.tag_off);
	memset(m->ver, 0, sizeof(m->ver));
	for (n = 0; err == RA_OK && n < d / LINE; n += PAGE_LINES) {
		if (m->mode == RA_MEE_SCALABLE) {
			err = scalable_write(m, zero, n, PAGE_LINES);
			continue;
		}
		err = client_seal(m, zero, n, PAGE_LINES);
		if (err == RA_OK) {
			store_lines(m, n, PAGE_LINES);
		}
	}
	if (err == RA_OK && m->mode == RA_MEE_CLIENT) {
		err = init_level(m, LVL_VER, d / 512);
		if (err == RA_OK) {
			err = init_level(m, LVL_L0, d / 4096);
		}
		if (err == RA_OK) {
			err = init_level(m, LVL_L1, d / 32768);
		}
		if (err == RA_OK) {
			err = init_level(m, LVL_L2, d / RA_MEE_ROOT_SPAN_LEN);
		}
	}
	wipe_scratch(m);
	return err;
}

static void
drop_keys(struct ra_mee *m)
{
	ra_aes128_ecb_free(m->aes_enc);
	ra_aes128_ecb_free(m->aes_mac);
	ra_aes128_xts_free(m->xts);
	m->aes_enc = NULL;
	m->aes_mac = NULL;
	m->xts = NULL;
	RA_WIPE(m->keys);
	RA_WIPE(m->root);
}

static enum ra_err
new_keys(struct ra_mee *m)
{
	uint8_t k[KEY_BYTES];
	enum ra_err err;

	drop_keys(m);
	if ((err = ra_rng_fill(&m->rng, k, sizeof(k))) != RA_OK) {
		return err;
	}
	memcpy(m->keys.enc.b, k, 16);
	memcpy(m->keys.mac.b, k + 16, 16);
	memcpy(m->keys.hash, k + 32, 64);
	memcpy(m->keys.enc2.b, k + 96, 16);
	memcpy(m->keys.page.b, k + 112, 16);
	RA_WIPE(k);
	err = ra_aes128_ecb_new(&m->aes_enc, &m->keys.enc);
	if (err == RA_OK) {
		err = ra_aes128_ecb_new(&m->aes_mac, &m->keys.mac);
	}
	if (err == RA_OK && m->mode == RA_MEE_SCALABLE) {
		err = ra_aes128_xts_new(&m->xts, &m->keys.enc, &m->keys.enc2);
	}
	return err;
}

enum ra_err
ra_mee_reset(struct ra_mee *m)
{
	enum ra_err err;

	if (m == NULL) {
		return RA_ERR_ARG;
	}
	m->locked = true; /* until the new image is complete */
	ra_mee_cache_flush(m);
	memset(&m->st, 0, sizeof(m->st));
	m->page_ver = 0;
	if ((err = new_keys(m)) != RA_OK || (err = init_dram(m)) != RA_OK) {
		drop_keys(m);
		return err;
	}
	ra_mee_stats_clear(m);
	m->locked = false;
	return RA_OK;
}

enum ra_err
ra_mee_new(struct ra_mee **out, enum ra_mee_mode mode, uint8_t *dram,
    size_t dram_len, const struct ra_rng *rng)
{
	struct ra_mee *m;
	enum ra_err err;
	size_t d;

	if (out == NULL || dram == NULL ||
	    (mode != RA_MEE_CLIENT && mode != RA_MEE_SCALABLE)) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if ((d = fit_data_len(mode, dram_len)) == 0) {
		return RA_ERR_ARG;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		return RA_ERR_NOMEM;
	}
	m->mode = mode;
	m->dram = dram;
	m->dram_len = dram_len;
	m->rng = rng != NULL ? *rng : ra_rng_system();
	(void)layout_for(&m->lay, mode, d);
	if ((err = ra_mee_reset(m)) != RA_OK) {
		ra_mee_free(m);
		return err;
	}
	*out = m;
	return RA_OK;
}

void
ra_mee_free(struct ra_mee *m)
{
	if (m == NULL) {
		return;
	}
	drop_keys(m);
	ra_wipe(m, sizeof(*m));
	free(m);
}

/* --- accessors ------------------------------------------------------------ */

enum ra_mee_mode
ra_mee_mode(const struct ra_mee *m)
{
	return m == NULL ? RA_MEE_CLIENT : m->mode;
}

size_t
ra_mee_data_len(const struct ra_mee *m)
{
	return m == NULL ? 0 : m->lay.data_len;
}

void
ra_mee_layout(const struct ra_mee *m, struct ra_mee_layout *out)
{
	if (m == NULL) {
		memset(out, 0, sizeof(*out));
		return;
	}
	*out = m->lay;
}

bool
ra_mee_is_locked(const struct ra_mee *m)
{
	return m == NULL || m->locked;
}

void
ra_mee_stats(const struct ra_mee *m, struct ra_mee_stats *out)
{
	if (m == NULL) {
		memset(out, 0, sizeof(*out));
		return;
	}
	*out = m->st;
}

void
ra_mee_stats_clear(struct ra_mee *m)
{
	uint64_t off;
	enum ra_mee_fail fail;

	if (m == NULL) {
		return;
	}
	off = m->st.fail_offset;
	fail = m->st.fail;

	memset(&m->st, 0, sizeof(m->st));
	m->st.fail_offset = off;
	m->st.fail = fail;
}

/* --- test hook ------------------------------------------------------------ */

/* The counter of `level` on the path of line n, as a line and field. */
static uint8_t *
counter_at(struct path *p, uint64_t n, unsigned int level, unsigned int *field)
{
	switch (level) {
	case 0:
		*field = (unsigned int)(n & 7);
		return p->ver[0];
	case 1:
		*field = (unsigned int)((n >> 3) & 7);
		return p->l0;
	case 2:
		*field = (unsigned int)((n >> 6) & 7);
		return p->l1;
	default:
		*field = (unsigned int)((n >> 9) & 7);
		return p->l2;
	}
}

/*
 * Set the counter and bump every counter above it, as a write would, so
 * that each re-tagged node gets a never-used parent counter. Counters only
 * move forward: false if value is below the current one or a counter above
 * is exhausted.
 */
static bool
set_counter(struct path *p, uint64_t n, unsigned int level, uint64_t value,
    uint64_t *root)
{
	unsigned int f;
	unsigned int l;
	uint8_t *line;

	if (level == 4) {
		if (value < *root) {
			return false;
		}
		*root = value;
		return true;
	}
	line = counter_at(p, n, level, &f);
	if (value < get56(line, f) || *root >= MASK56) {
		return false;
	}
	put56(line, f, value);
	for (l = level + 1; l < 4; l++) {
		line = counter_at(p, n, l, &f);
		if (get56(line, f) >= MASK56) {
			return false;
		}
		put56(line, f, get56(line, f) + 1);
	}
	(*root)++;
	return true;
}

enum ra_err
ra_mee_test_set_counter(
    struct ra_mee *m, uint64_t addr, unsigned int level, uint64_t value)
{
	uint8_t plain[LINE];
	struct path p;
	uint64_t n = addr / LINE;
	uint64_t root;
	enum ra_err err = check_range(m, addr, LINE);

	if (err != RA_OK) {
		return err;
	}
	if (m->mode != RA_MEE_CLIENT || level > 4 || value > MASK56) {
		return RA_ERR_ARG;
	}
	if ((err = ra_mee_read_line(m, plain, addr)) != RA_OK ||
	    (err = get_path(m, &p, n, 1)) != RA_OK) {
		return err;
	}
	root = m->root[n >> 12];
	if (!set_counter(&p, n, level, value, &root)) {
		err = RA_ERR_ARG;
		goto out;
	}
	m->ver[0] = get56(p.ver[0], (unsigned int)(n & 7));
	if ((err = client_seal(m, plain, n, 1)) == RA_OK &&
	    (err = tag_path(m, &p, n, root)) == RA_OK) {
		m->root[n >> 12] = root;
		store_lines(m, n, 1);
		store_path(m, &p);
	}
out:
	wipe_scratch(m);
	RA_WIPE(plain);
	return err;
}

/* --- for paging.c --------------------------------------------------------- */

const struct ra_key128 *
ra_mee_page_key(const struct ra_mee *m)
{
	return &m->keys.page;
}

enum ra_err
ra_mee_next_page_ver(struct ra_mee *m, uint64_t *ver)
{
	if (m->locked) {
		return RA_ERR_LOCKED;
	}
	if (m->page_ver == UINT64_MAX) {
		return lock(m, 0, RA_MEE_FAIL_OVERFLOW);
	}
	*ver = ++m->page_ver;
	return RA_OK;
}
