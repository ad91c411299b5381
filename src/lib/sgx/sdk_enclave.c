/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MRENCLAVE of an Intel-SDK-signed enclave, without the SDK: replay the
 * pages that the SDK's loader adds (psw/urts/loader.cpp build_image:
 * build_secs, the patch table, build_sections, build_contexts) as the
 * signing tool hashes them (sdk/sign_tool/SignTool/
 * enclave_creator_sign.cpp create_enclave, add_enclave_page). Our own
 * code from those facts; docs/enclave-formats.md lists the sequence.
 *
 * The records themselves come from struct ra_measure, which also checks
 * that pages are added once, in increasing order, inside the enclave:
 * the loader's own overlap checks (elfparser.cpp validate_segment,
 * loader.cpp validate_layout_table) become those of the transcript.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/measure.h"
#include "sgxra/sdk.h"

/*
 * The signing tool accepts only R, W, X and the page type (arch.h
 * SI_FLAGS_EXTERNAL).
 */
#define SI_FLAGS_EXTERNAL 0xff07ULL
#define SI_PERMS          0x07U

/* One replay: the transcript, its inputs and the page being built. */
struct replay {
	struct ra_measure m;
	const struct ra_sdk_meta *meta;
	uint64_t shift; /* ELRANGE: image address - ELRANGE start */
	uint64_t pages;
	uint64_t measured;
	uint8_t page[RA_PAGE_LEN];
};

/*
 * Pages built from bytes, the loader's build_mem_region: the initialised
 * bytes at their place (the first page may start mid-page), zero-filled
 * around, then zero pages up to the memory size; every page measured.
 * Bytes from the file get the metadata's patches.
 */
struct region {
	struct ra_bytes raw;
	bool from_file;
	uint64_t file_off; /* of raw[0], if from_file */
	uint64_t rva;
	uint64_t vsize;
	struct ra_secinfo si;
};

/* EADD (and EEXTEND) of page at rva; its offset is rva + shift. */
static enum ra_err
add_page(struct replay *r, uint64_t rva, const uint8_t *page,
    const struct ra_secinfo *si, bool measured)
{
	ra_measure_page(&r->m, rva + r->shift, si, page, measured);
	r->pages++;
	if (measured) {
		r->measured++;
	}
	return r->m.failed ? RA_ERR_FORMAT : RA_OK;
}

/* Does a patch cover some of the n file bytes from file_off on? */
static bool
patched(const struct replay *r, uint64_t file_off, size_t n)
{
	const struct ra_sdk_meta *m = r->meta;
	struct ra_cur t = ra_cur_init(m->patches.p, m->patches.len);
	struct ra_sdk_patch p;

	while (ra_cur_ok(&t) && ra_cur_left(&t) > 0) {
		if (ra_sdk_meta_patch_parse(&p, &t) == RA_OK && p.size != 0 &&
		    p.dst < file_off + n && file_off < p.dst + p.size) {
			return true;
		}
	}
	return false;
}

/*
 * Overlay, on the n bytes of r->page at po that hold file bytes from
 * file_off on, every patch that covers some of them, in table order (the
 * loader copies the patches over the file before building pages).
 */
static enum ra_err
apply_patches(struct replay *r, uint64_t file_off, size_t po, size_t n)
{
	const struct ra_sdk_meta *m = r->meta;
	struct ra_cur t = ra_cur_init(m->patches.p, m->patches.len);
	struct ra_sdk_patch p;
	struct ra_cur src;
	uint64_t lo, hi;

	while (ra_cur_ok(&t) && ra_cur_left(&t) > 0) {
		if (ra_sdk_meta_patch_parse(&p, &t) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		/* dst + size <= enclave size: checked by the metadata parse */
		lo = p.dst > file_off ? p.dst : file_off;
		hi = p.dst + p.size < file_off + n ? p.dst + p.size
		                                   : file_off + n;
		if (lo >= hi) {
			continue;
		}
		src = ra_cur_init(m->meta.p, m->meta.len);
		ra_cur_skip(&src, p.src + (size_t)(lo - p.dst));
		ra_cur_copy(&src, r->page + po + (size_t)(lo - file_off),
		    (size_t)(hi - lo));
		if (!ra_cur_ok(&src)) {
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}

/* Zero pages from the page holding rva up to rva + len. */
static enum ra_err
zero_pages(
    struct replay *r, uint64_t rva, uint64_t len, const struct ra_secinfo *si)
{
	uint64_t po = rva % RA_PAGE_LEN;
	uint64_t end =
	    rva - po + (len + po + RA_PAGE_LEN - 1) / RA_PAGE_LEN * RA_PAGE_LEN;
	enum ra_err err = RA_OK;

	memset(r->page, 0, sizeof(r->page));
	for (rva -= po; err == RA_OK && rva < end; rva += RA_PAGE_LEN) {
		err = add_page(r, rva, r->page, si, true);
	}
	return err;
}

/*
 * The page of a region at off: the n bytes at po in it come from raw
 * (patched if they are file bytes), the rest is zero. A whole unpatched
 * page is measured where it lies, without a copy.
 */
static enum ra_err
region_page(struct replay *r, const struct region *g, struct ra_cur *raw,
    uint64_t off, const uint8_t **page)
{
	size_t po = (size_t)((g->rva + off) % RA_PAGE_LEN);
	size_t n = RA_PAGE_LEN - po;
	bool touched;

	if (n > ra_cur_left(raw)) {
		n = ra_cur_left(raw);
	}
	touched = g->from_file && patched(r, g->file_off + off, n);
	if (n == RA_PAGE_LEN && !touched) {
		*page = ra_cur_take(raw, n);
		return *page != NULL ? RA_OK : RA_ERR_FORMAT;
	}
	*page = r->page;
	memset(r->page, 0, sizeof(r->page));
	ra_cur_copy(raw, r->page + po, n);
	if (!ra_cur_ok(raw)) {
		return RA_ERR_FORMAT;
	}
	return touched ? apply_patches(r, g->file_off + off, po, n) : RA_OK;
}

static enum ra_err
build_region(struct replay *r, const struct region *g)
{
	struct ra_cur raw = ra_cur_init(g->raw.p, g->raw.len);
	const uint8_t *page;
	enum ra_err err = RA_OK;
	uint64_t off = 0, rva;

	/* Callers keep rva + vsize and rva + raw.len inside the enclave. */
	while (err == RA_OK && off < g->raw.len) {
		rva = g->rva + off;
		err = region_page(r, g, &raw, off, &page);
		if (err == RA_OK) {
			err = add_page(
			    r, rva - rva % RA_PAGE_LEN, page, &g->si, true);
		}
		off += RA_PAGE_LEN - rva % RA_PAGE_LEN;
	}
	if (err == RA_OK && g->vsize > off) {
		err = zero_pages(r, g->rva + off, g->vsize - off, &g->si);
	}
	return err;
}

/*
 * SECINFO of a layout page. The signing tool refuses flags outside R, W,
 * X and the page type; Linux refuses W without R and a TCS with
 * permissions (arch/x86/kernel/cpu/sgx/ioctl.c sgx_validate_secinfo);
 * EADD takes only regular and TCS pages.
 */
static enum ra_err
secinfo_of(struct ra_secinfo *si, uint64_t flags)
{
	if ((flags & ~SI_FLAGS_EXTERNAL) != 0) {
		return RA_ERR_FORMAT;
	}
	si->perms = (uint8_t)(flags & SI_PERMS);
	if ((si->perms & RA_SECINFO_W) != 0 &&
	    (si->perms & RA_SECINFO_R) == 0) {
		return RA_ERR_FORMAT;
	}
	switch ((flags >> RA_SECINFO_PT_SHIFT) & 0xff) {
	case RA_PT_REG:
		si->page_type = RA_PT_REG;
		return RA_OK;
	case RA_PT_TCS:
		si->page_type = RA_PT_TCS;
		return si->perms == 0 ? RA_OK : RA_ERR_FORMAT;
	default:
		return RA_ERR_VERSION;
	}
}

/* Add v to the u64 at off of the page (wrapping, as the loader does). */
static void
page_add64(uint8_t *page, size_t off, uint64_t v)
{
	ra_enc64le(page + off, ra_dec64le(page + off) + v);
}

/*
 * A TCS from the metadata's template (loader.cpp build_context): the
 * template bytes on a zero page, then OSSA (16), OFSBASE (48) and
 * OGSBASE (56) made absolute by adding the page's rva (arch.h tcs_t).
 * Every page of the entry gets the same bytes.
 */
static enum ra_err
build_tcs(struct replay *r, const struct ra_sdk_layout *e, uint64_t rva,
    bool measured)
{
	const struct ra_sdk_meta *m = r->meta;
	struct ra_cur c = ra_cur_init(m->meta.p, m->meta.len);
	struct ra_secinfo si = { 0, RA_PT_TCS };
	enum ra_err err = RA_OK;
	uint32_t k;

	if (e->content_size > RA_PAGE_LEN) {
		return RA_ERR_FORMAT;
	}
	memset(r->page, 0, sizeof(r->page));
	ra_cur_skip(&c, e->content_offset);
	ra_cur_copy(&c, r->page, e->content_size);
	if (!ra_cur_ok(&c)) {
		return RA_ERR_FORMAT;
	}
	page_add64(r->page, 16, rva);
	page_add64(r->page, 48, rva);
	page_add64(r->page, 56, rva);
	for (k = 0; err == RA_OK && k < e->page_count; k++) {
		err = add_page(
		    r, rva + (uint64_t)k * RA_PAGE_LEN, r->page, &si, measured);
	}
	return err;
}

/*
 * Pages without content: zero, or every u32 of the page set to
 * content_size (the SDK's stack fill pattern, e.g. 0xcccccccc).
 */
static enum ra_err
build_fill(struct replay *r, const struct ra_sdk_layout *e, uint64_t rva,
    const struct ra_secinfo *si, bool measured)
{
	enum ra_err err = RA_OK;
	uint32_t k;
	size_t i;

	for (i = 0; i < RA_PAGE_LEN; i += 4) {
		ra_enc32le(r->page + i, e->content_size);
	}
	for (k = 0; err == RA_OK && k < e->page_count; k++) {
		err = add_page(
		    r, rva + (uint64_t)k * RA_PAGE_LEN, r->page, si, measured);
	}
	return err;
}

/*
 * One layout entry at delta + rva (loader.cpp build_context). Only
 * entries with the EADD attribute add pages; they are measured iff EADD
 * and EEXTEND are both set, except content from the metadata other than
 * a TCS, which is always measured.
 */
static enum ra_err
build_context(struct replay *r, const struct ra_sdk_layout *e, uint64_t delta)
{
	uint64_t rva = delta + e->rva; /* inside the enclave: checked */
	bool measured = (e->attributes & RA_SDK_PAGE_EADD) != 0 &&
	    (e->attributes & RA_SDK_PAGE_EEXTEND) != 0;
	struct region g;
	struct ra_cur c;
	enum ra_err err;

	if ((e->attributes & RA_SDK_PAGE_EADD) == 0) {
		return RA_OK;
	}
	if (e->content_offset != 0 && e->si_flags == RA_SDK_SI_FLAGS_TCS) {
		return build_tcs(r, e, rva, measured);
	}
	if (e->content_offset == 0 && e->si_flags == 0) {
		return RA_OK; /* nothing to add */
	}
	memset(&g, 0, sizeof(g));
	if ((err = secinfo_of(&g.si, e->si_flags)) != RA_OK) {
		return err;
	}
	if (e->content_offset == 0) {
		return build_fill(r, e, rva, &g.si, measured);
	}
	/* Content must fit the entry's pages, so it stays in the enclave. */
	if (e->content_size > (uint64_t)e->page_count * RA_PAGE_LEN) {
		return RA_ERR_FORMAT;
	}
	c = ra_cur_init(r->meta->meta.p, r->meta->meta.len);
	ra_cur_skip(&c, e->content_offset);
	g.raw = ra_cur_bytes(&c, e->content_size);
	if (!ra_cur_ok(&c)) {
		return RA_ERR_FORMAT; /* not reached: checked by the parse */
	}
	g.rva = rva;
	g.vsize = (uint64_t)e->page_count * RA_PAGE_LEN;
	return build_region(r, &g);
}

/* Layout record i (i < the table's count, checked by the parse). */
static enum ra_err
layout_at(const struct replay *r, struct ra_sdk_layout *l, size_t i)
{
	struct ra_cur c = ra_cur_init(r->meta->layout.p, r->meta->layout.len);

	ra_cur_skip(&c, i * RA_SDK_LAYOUT_LEN);
	return ra_sdk_meta_layout_parse(l, &c);
}

/*
 * A group at index i: the entry_count entries before it, load_times
 * more times, the k-th time load_step * k bytes further (loader.cpp
 * build_contexts). The parse checked that they are entries, not groups,
 * so this does not recurse.
 */
static enum ra_err
build_group(struct replay *r, const struct ra_sdk_layout *g, size_t i)
{
	struct ra_sdk_layout e;
	enum ra_err err = RA_OK;
	uint64_t step = 0;
	uint32_t t;
	size_t k;

	for (t = 0; err == RA_OK && t < g->load_times; t++) {
		step += g->load_step;
		for (k = i - g->entry_count; err == RA_OK && k < i; k++) {
			err = layout_at(r, &e, k);
			if (err == RA_OK) {
				err = build_context(r, &e, step);
			}
		}
	}
	return err;
}

static enum ra_err
build_layout(struct replay *r)
{
	size_t i, n = r->meta->layout.len / RA_SDK_LAYOUT_LEN;
	struct ra_sdk_layout l;
	enum ra_err err = RA_OK;

	for (i = 0; err == RA_OK && i < n; i++) {
		err = layout_at(r, &l, i);
		if (err == RA_OK) {
			err = l.is_group ? build_group(r, &l, i)
			                 : build_context(r, &l, 0);
		}
	}
	return err;
}

/* elfparser.cpp page_attr_to_si_flags: a regular page, p_flags' R/W/X. */
static enum ra_err
segment_secinfo(struct ra_secinfo *si, uint32_t pflags)
{
	si->page_type = RA_PT_REG;
	si->perms = 0;
	if ((pflags & RA_ELF_PF_R) != 0) {
		si->perms |= RA_SECINFO_R;
	}
	if ((pflags & RA_ELF_PF_W) != 0) {
		si->perms |= RA_SECINFO_W;
	}
	if ((pflags & RA_ELF_PF_X) != 0) {
		si->perms |= RA_SECINFO_X;
	}
	/* build_section refuses a segment with none of them. */
	return si->perms != 0 ? RA_OK : RA_ERR_FORMAT;
}

/*
 * Every PT_LOAD segment, in program-header order (loader.cpp
 * build_sections, elfparser.cpp build_regular_sections): its file bytes
 * at p_vaddr, then zeros up to p_memsz. p_align must be a multiple of
 * the page (validate_segment); the segment must fit in the enclave.
 */
static enum ra_err
build_segments(struct replay *r, const struct ra_elf *elf)
{
	struct ra_elf_phdr ph;
	struct region g;
	enum ra_err err = RA_OK;
	size_t i;

	for (i = 0; err == RA_OK && i < elf->phnum; i++) {
		if (ra_elf_phdr(elf, &ph, i) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		if (ph.type != RA_ELF_PT_LOAD) {
			continue;
		}
		memset(&g, 0, sizeof(g));
		if (ph.align % RA_PAGE_LEN != 0 ||
		    ph.memsz > r->meta->enclave_size ||
		    ph.vaddr > r->meta->enclave_size - ph.memsz ||
		    segment_secinfo(&g.si, ph.flags) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		g.raw = ph.data; /* p_filesz <= p_memsz: checked by the parse */
		g.from_file = true;
		g.file_off = ph.offset;
		g.rva = ph.vaddr;
		g.vsize = ph.memsz;
		err = build_region(r, &g);
	}
	return err;
}

/*
 * What the replay does not model, and the bounds it needs: text
 * relocations (the loader then makes relocated read-only pages
 * writable; sgx_sign refuses them by default), an embedded FIPS shared
 * object, patch targets outside the file, enclaves above the cap.
 */
static enum ra_err
check_enclave(const struct ra_sdk_meta *m, const struct ra_elf *elf)
{
	struct ra_cur t = ra_cur_init(m->patches.p, m->patches.len);
	struct ra_sdk_patch p;
	bool textrel;
	uint64_t v;

	if (m->enclave_size > RA_SDK_ENCLAVE_MAX_LEN) {
		return RA_ERR_POLICY;
	}
	if (ra_elf_dynamic_find(elf, &textrel, &v, RA_ELF_DT_TEXTREL) !=
	    RA_OK) {
		return RA_ERR_FORMAT;
	}
	if (textrel || m->has_shared_object) {
		return RA_ERR_VERSION;
	}
	while (ra_cur_ok(&t) && ra_cur_left(&t) > 0) {
		if (ra_sdk_meta_patch_parse(&p, &t) != RA_OK ||
		    p.dst > elf->file.len || p.size > elf->file.len - p.dst) {
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}

/*
 * ECREATE (enclave_creator_sign.cpp create_enclave): SSAFRAMESIZE from
 * the metadata; SIZE the enclave size, or the ELRANGE size, in which
 * case every page offset moves by image address - ELRANGE start.
 */
static void
replay_start(struct replay *r, const struct ra_sdk_meta *m)
{
	memset(r, 0, sizeof(*r));
	r->meta = m;
	if (m->has_elrange) {
		r->shift = m->elrange.image_address - m->elrange.start_address;
	}
	ra_measure_ecreate(&r->m, m->ssa_frame_size,
	    m->has_elrange ? m->elrange.size : m->enclave_size);
}

static void
fill_info(struct ra_sdk_enclave_info *info, const struct replay *r)
{
	const struct ra_sdk_meta *m = r->meta;

	memset(info, 0, sizeof(*info));
	info->meta_major = m->major;
	info->meta_minor = m->minor;
	info->enclave_size = m->enclave_size;
	info->secs_size = m->has_elrange ? m->elrange.size : m->enclave_size;
	info->ssa_frame_size = m->ssa_frame_size;
	info->pages = r->pages;
	info->measured_pages = r->measured;
}

enum ra_err
ra_sdk_enclave_measure(struct ra_hash256 *mrenclave,
    struct ra_sigstruct *sigstruct, struct ra_sdk_enclave_info *info,
    const uint8_t *buf, size_t len)
{
	struct ra_elf elf;
	struct ra_sdk_meta meta;
	struct replay r;
	enum ra_err err;

	if (mrenclave == NULL || (buf == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	if ((err = ra_elf_parse(&elf, buf, len)) != RA_OK) {
		return err;
	}
	if (elf.type != RA_ELF_ET_DYN) {
		return RA_ERR_VERSION; /* elfparser.cpp: ET_DYN only */
	}
	if ((err = ra_sdk_meta_find(&meta, &elf)) != RA_OK ||
	    (err = check_enclave(&meta, &elf)) != RA_OK) {
		return err;
	}
	/* loader.cpp build_image: ECREATE, segments, then the layout. */
	replay_start(&r, &meta);
	if ((err = build_segments(&r, &elf)) != RA_OK ||
	    (err = build_layout(&r)) != RA_OK) {
		return err;
	}
	if (ra_measure_final(&r.m, mrenclave) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	if (sigstruct != NULL) {
		*sigstruct = meta.sigstruct;
	}
	if (info != NULL) {
		fill_info(info, &r);
	}
	return RA_OK;
}
