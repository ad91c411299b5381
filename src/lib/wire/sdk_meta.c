/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel SGX SDK enclave metadata: the metadata_t that sgx_sign writes in
 * the .note.sgxmeta note of a signed enclave. Facts from Intel's
 * linux-sgx: common/inc/internal/metadata.h (layouts, versions),
 * psw/urts/parser/elfparser.cpp (the note), psw/urts/loader.cpp
 * (validate_metadata, set_elrange_config, is_extend_entry_supported) and
 * psw/urts/urts_com.h (get_extend_entry_by_ID). Layouts in sgxra/sdk.h
 * and docs/enclave-formats.md.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/sdk.h"
#include "wire/wire.h"

#define PAGE_LEN      4096
#define VERSION_GAP   10 /* SGX_MAJOR_VERSION_GAP: +10 for ELRANGE */
#define SSA_FRAME_MIN 1
#define SSA_FRAME_MAX 4
#define TCS_UNBIND    1
/* Directory indices (dir_index_t). */
#define DIR_PATCH   0
#define DIR_LAYOUT  1
#define DIR_ELRANGE 2
#define DIR_EXTEND  3
#define DIR_MAX     4

static const uint8_t note_name[13] = { 's', 'g', 'x', '_', 'm', 'e', 't', 'a',
	'd', 'a', 't', 'a', 0 };

/*
 * Known versions: major % 10 is the SGX generation of the metadata (1, 2
 * or 3), major / 10 says ELRANGE. 1.3 is the SDK 1.5 format, for which
 * the loader adds a page after some segments; it and older are refused.
 */
static bool
version_known(uint32_t major, uint32_t minor)
{
	uint32_t base = major % VERSION_GAP;

	if (major / VERSION_GAP > 1 || base < 1 || base > 3) {
		return false;
	}
	return base != 1 || minor >= 4;
}

/* loader.cpp is_extend_entry_supported: 1.5+, 3.2+, never 2.x. */
static bool
has_extend_dir(uint32_t major, uint32_t minor)
{
	switch (major % VERSION_GAP) {
	case 1:
		return minor >= 5;
	case 2:
		return false;
	case 3:
		return minor >= 2;
	default:
		return false;
	}
}

/* The directories this version has: patch, layout [, ELRANGE [, extend]]. */
static size_t
dir_count(uint32_t major, uint32_t minor)
{
	if (has_extend_dir(major, minor)) {
		return 4;
	}
	return major > VERSION_GAP ? 3 : 2;
}

/*
 * loader.cpp is_metadata_buffer: (0, 0) is "none"; otherwise the range
 * starts inside the metadata and ends inside it, without wrapping.
 */
static bool
in_meta(const struct ra_sdk_meta *m, uint32_t off, uint32_t len)
{
	if (off == 0 && len == 0) {
		return true;
	}
	return off < m->size && len <= m->size - off;
}

/* loader.cpp is_enclave_buffer: starts inside, ends inside. */
static bool
in_enclave(const struct ra_sdk_meta *m, uint64_t off, uint64_t len)
{
	return off < m->enclave_size && len <= m->enclave_size - off;
}

static bool
is_pow2(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/* The view meta[off .. off+len), already checked by in_meta(). */
static struct ra_bytes
meta_view(const struct ra_sdk_meta *m, uint32_t off, uint32_t len)
{
	struct ra_cur c = ra_cur_init(m->meta.p, m->meta.len);

	ra_cur_skip(&c, off);
	return ra_cur_bytes(&c, len);
}

/*
 * data_directory_t[] at 1872: offset u32, size u32 each, both relative
 * to the metadata. Patch and layout tables hold whole 32-byte records.
 */
static enum ra_err
parse_dirs(struct ra_sdk_meta *m, struct ra_cur *s, struct ra_bytes dirs[])
{
	size_t i, n = dir_count(m->major, m->minor);
	uint32_t off, len;

	for (i = 0; i < DIR_MAX; i++) {
		dirs[i] = (struct ra_bytes){ NULL, 0 };
	}
	for (i = 0; i < n; i++) {
		off = ra_cur_u32le(s);
		len = ra_cur_u32le(s);
		if (!ra_cur_ok(s) || !in_meta(m, off, len)) {
			return RA_ERR_FORMAT;
		}
		dirs[i] = meta_view(m, off, len);
	}
	if (dirs[DIR_PATCH].len % RA_SDK_PATCH_LEN != 0 ||
	    dirs[DIR_LAYOUT].len % RA_SDK_LAYOUT_LEN != 0 ||
	    dirs[DIR_EXTEND].len % RA_SDK_EXTEND_LEN != 0) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/*
 * elrange_config_entry_t (24 bytes) and loader.cpp set_elrange_config:
 * a power-of-two ELRANGE, aligned to its size, holding the image.
 */
static enum ra_err
parse_elrange(struct ra_sdk_meta *m, struct ra_bytes dir)
{
	struct ra_cur c = ra_cur_init(dir.p, dir.len);
	struct ra_sdk_elrange *e = &m->elrange;

	if (dir.len != RA_SDK_ELRANGE_LEN || dir.p == m->meta.p) {
		return RA_ERR_FORMAT; /* the loader wants offset != 0 */
	}
	e->image_address = ra_cur_u64le(&c); /*  0 */
	e->start_address = ra_cur_u64le(&c); /*  8 */
	e->size = ra_cur_u64le(&c);          /* 16 */
	if (ra_cur_finish(&c) != RA_OK || !is_pow2(e->size) ||
	    e->size % PAGE_LEN != 0 || e->start_address % PAGE_LEN != 0 ||
	    e->image_address % PAGE_LEN != 0 ||
	    (e->start_address & (e->size - 1)) != 0 ||
	    e->start_address > e->image_address ||
	    e->start_address > UINT64_MAX - e->size) {
		return RA_ERR_FORMAT;
	}
	/* image .. image + enclave_size inside start .. start + size */
	if (e->image_address - e->start_address >= e->size ||
	    m->enclave_size > e->size - (e->image_address - e->start_address)) {
		return RA_ERR_FORMAT;
	}
	m->has_elrange = true;
	return RA_OK;
}

/*
 * extend_entry_t (16 bytes): entry_id u32, size u32, offset u32 (in the
 * metadata), reserved u32. Only the shared-object entry matters here; an
 * entry counts if its offset and size are not 0 (get_extend_entry_by_ID).
 */
static enum ra_err
parse_extend(struct ra_sdk_meta *m)
{
	struct ra_cur c = ra_cur_init(m->extend.p, m->extend.len);
	uint32_t id, size, off;

	while (ra_cur_ok(&c) && ra_cur_left(&c) > 0) {
		id = ra_cur_u32le(&c);
		size = ra_cur_u32le(&c);
		off = ra_cur_u32le(&c);
		ra_cur_skip(&c, 4); /* reserved: not read by the loader */
		if (id == RA_SDK_EXTEND_SHARED_OBJECT && size != 0 &&
		    off != 0) {
			m->has_shared_object = true;
		}
	}
	return ra_cur_finish(&c);
}

enum ra_err
ra_sdk_meta_patch_parse(struct ra_sdk_patch *p, struct ra_cur *c)
{
	struct ra_cur e = ra_cur_sub(c, RA_SDK_PATCH_LEN);

	p->dst = ra_cur_u64le(&e);  /*  0 */
	p->src = ra_cur_u32le(&e);  /*  8 */
	p->size = ra_cur_u32le(&e); /* 12 */
	ra_cur_skip(&e, 16);        /* 16 reserved: not read by the loader */
	return ra_cur_finish(&e);
}

enum ra_err
ra_sdk_meta_layout_parse(struct ra_sdk_layout *l, struct ra_cur *c)
{
	struct ra_cur e = ra_cur_sub(c, RA_SDK_LAYOUT_LEN);

	memset(l, 0, sizeof(*l));
	l->id = ra_cur_u16le(&e); /* 0 */
	l->is_group = (l->id & RA_SDK_LAYOUT_GROUP) != 0;
	if (l->is_group) {
		l->entry_count = ra_cur_u16le(&e); /*  2 */
		l->load_times = ra_cur_u32le(&e);  /*  4 */
		l->load_step = ra_cur_u64le(&e);   /*  8 */
		ra_cur_skip(&e, 16); /* 16 reserved: not read by the loader */
		return ra_cur_finish(&e);
	}
	l->attributes = ra_cur_u16le(&e);     /*  2 */
	l->page_count = ra_cur_u32le(&e);     /*  4 */
	l->rva = ra_cur_u64le(&e);            /*  8 */
	l->content_size = ra_cur_u32le(&e);   /* 16 */
	l->content_offset = ra_cur_u32le(&e); /* 20 */
	l->si_flags = ra_cur_u64le(&e);       /* 24 */
	return ra_cur_finish(&e);
}

/*
 * loader.cpp validate_patch_table: source in the metadata, target in the
 * enclave size (the loader's rule; the file is checked at replay).
 */
static enum ra_err
check_patches(const struct ra_sdk_meta *m)
{
	struct ra_cur c = ra_cur_init(m->patches.p, m->patches.len);
	struct ra_sdk_patch p;

	while (ra_cur_ok(&c) && ra_cur_left(&c) > 0) {
		if (ra_sdk_meta_patch_parse(&p, &c) != RA_OK ||
		    !in_meta(m, p.src, p.size) ||
		    !in_enclave(m, p.dst, p.size)) {
			return RA_ERR_FORMAT;
		}
	}
	return ra_cur_finish(&c);
}

/* Layout record i of the table (i < count). */
static enum ra_err
layout_at(const struct ra_sdk_meta *m, struct ra_sdk_layout *l, size_t i)
{
	struct ra_cur c = ra_cur_init(m->layout.p, m->layout.len);

	ra_cur_skip(&c, i * RA_SDK_LAYOUT_LEN);
	return ra_sdk_meta_layout_parse(l, &c);
}

/*
 * An entry placed step bytes further than its rva: page-aligned and
 * inside the enclave (loader.cpp validate_layout_table), its content
 * inside the metadata.
 */
static enum ra_err
check_entry(
    const struct ra_sdk_meta *m, const struct ra_sdk_layout *l, uint64_t step)
{
	uint64_t pages = (uint64_t)l->page_count * PAGE_LEN;

	if (l->content_offset != 0 &&
	    !in_meta(m, l->content_offset, l->content_size)) {
		return RA_ERR_FORMAT;
	}
	if (l->rva % PAGE_LEN != 0 || step > m->enclave_size ||
	    l->rva > m->enclave_size - step ||
	    !in_enclave(m, l->rva + step, pages)) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/*
 * A group repeats the entry_count entries before it load_times times.
 * The loader lets the step be anything whose sum stays inside the
 * enclave; a replay must not spin, so the step must also be a non-zero
 * number of pages when there are repetitions. The last repetition is the
 * farthest one: checking its entries checks all of them.
 */
static enum ra_err
check_group(
    const struct ra_sdk_meta *m, const struct ra_sdk_layout *g, size_t i)
{
	struct ra_sdk_layout l;
	uint64_t last;
	size_t k;

	if (g->entry_count > i) {
		return RA_ERR_FORMAT;
	}
	if (g->load_times == 0) {
		return RA_OK;
	}
	if (g->load_step == 0 || g->load_step % PAGE_LEN != 0 ||
	    g->load_times > m->enclave_size / g->load_step) {
		return RA_ERR_FORMAT;
	}
	last = g->load_step * g->load_times; /* <= enclave_size */
	for (k = i - g->entry_count; k < i; k++) {
		if (layout_at(m, &l, k) != RA_OK || l.is_group ||
		    check_entry(m, &l, last) != RA_OK) {
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}

static enum ra_err
check_layout(const struct ra_sdk_meta *m)
{
	size_t i, n = m->layout.len / RA_SDK_LAYOUT_LEN;
	struct ra_sdk_layout l;
	enum ra_err err;

	for (i = 0; i < n; i++) {
		if (layout_at(m, &l, i) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		err =
		    l.is_group ? check_group(m, &l, i) : check_entry(m, &l, 0);
		if (err != RA_OK) {
			return err;
		}
	}
	return RA_OK;
}

/* The values the loader refuses (loader.cpp validate_metadata). */
static enum ra_err
check_header(const struct ra_sdk_meta *m)
{
	if (m->tcs_policy > TCS_UNBIND || m->ssa_frame_size < SSA_FRAME_MIN ||
	    m->ssa_frame_size > SSA_FRAME_MAX || !is_pow2(m->enclave_size)) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/*
 * metadata_t, little-endian (metadata.h; docs/enclave-formats.md):
 *
 *   off size field                  off  size field
 *     0    8 magic_num                40    8 enclave_size
 *     8    8 version (major<<32|minor) 48  16 attributes
 *    16    4 size                     64 1808 enclave_css (SIGSTRUCT)
 *    20    4 tcs_policy             1872    8 dirs[0] patch table
 *    24    4 ssa_frame_size         1880    8 dirs[1] layout table
 *    28    4 max_save_buffer_size   1888    8 dirs[2] ELRANGE (major > 10)
 *    32    4 desired_misc_select    1896    8 dirs[3] extend (1.5+, 3.2+)
 *    36    4 tcs_min_pool           ....      data, up to size
 */
static enum ra_err
parse_fields(struct ra_sdk_meta *m, struct ra_cur *s)
{
	struct ra_bytes dirs[DIR_MAX];
	struct ra_cur css;
	enum ra_err err;

	ra_cur_skip(s, 20);                        /*  0 magic, version, size */
	m->tcs_policy = ra_cur_u32le(s);           /* 20 */
	m->ssa_frame_size = ra_cur_u32le(s);       /* 24 */
	m->max_save_buffer_size = ra_cur_u32le(s); /* 28 */
	m->desired_misc_select = ra_cur_u32le(s);  /* 32 */
	m->tcs_min_pool = ra_cur_u32le(s);         /* 36 */
	m->enclave_size = ra_cur_u64le(s);         /* 40 */
	err = ra_attributes_parse(&m->attributes, s);       /* 48 */
	m->enclave_css = ra_cur_bytes(s, RA_SIGSTRUCT_LEN); /* 64 */
	css = ra_cur_init(m->enclave_css.p, m->enclave_css.len);
	err = first_err(err, ra_sigstruct_parse(&m->sigstruct, &css));
	if (err != RA_OK || !ra_cur_ok(s)) {
		return err != RA_OK ? err : RA_ERR_FORMAT;
	}
	if ((err = check_header(m)) != RA_OK ||
	    (err = parse_dirs(m, s, dirs)) != RA_OK) {
		return err;
	}
	(void)ra_cur_rest(s); /* the data area: reached through dirs */
	m->patches = dirs[DIR_PATCH];
	m->layout = dirs[DIR_LAYOUT];
	m->extend = dirs[DIR_EXTEND];
	if (m->major > VERSION_GAP &&
	    (err = parse_elrange(m, dirs[DIR_ELRANGE])) != RA_OK) {
		return err;
	}
	return RA_OK;
}

enum ra_err
ra_sdk_meta_parse(struct ra_sdk_meta *m, struct ra_cur *c)
{
	struct ra_cur peek = *c, s;
	uint64_t magic, version;
	enum ra_err err;

	memset(m, 0, sizeof(*m));
	magic = ra_cur_u64le(&peek);   /*  0 */
	version = ra_cur_u64le(&peek); /*  8 */
	m->size = ra_cur_u32le(&peek); /* 16 */
	if (!ra_cur_ok(&peek)) {
		ra_cur_fail(c);
		return RA_ERR_FORMAT;
	}
	m->major = (uint32_t)(version >> 32);
	m->minor = (uint32_t)version;
	if (magic != RA_SDK_META_MAGIC || !version_known(m->major, m->minor)) {
		return RA_ERR_VERSION;
	}
	if (m->size < RA_SDK_META_FIXED_LEN +
	        dir_count(m->major, m->minor) * RA_SDK_META_DIR_LEN) {
		ra_cur_fail(c);
		return RA_ERR_FORMAT;
	}
	s = ra_cur_sub(c, m->size);
	m->meta = (struct ra_bytes){ s.p, s.len };
	if (!ra_cur_ok(c)) {
		return RA_ERR_FORMAT;
	}
	if ((err = parse_fields(m, &s)) != RA_OK ||
	    (err = ra_cur_finish(&s)) != RA_OK ||
	    (err = parse_extend(m)) != RA_OK ||
	    (err = check_patches(m)) != RA_OK) {
		return err;
	}
	return check_layout(m);
}

/* ROUND_TO(n, align) of elfparser.cpp, for a power-of-two align. */
static bool
round_up(uint64_t *out, uint64_t n, uint64_t align)
{
	if (align == 0) {
		align = 1;
	}
	if (!is_pow2(align) || align > ((uint64_t)1 << 32)) {
		return false;
	}
	*out = (n + align - 1) & ~(align - 1); /* n < 2^34: no overflow */
	return true;
}

/*
 * .note.sgxmeta (elfparser.cpp get_meta_property): n_namesz u32,
 * n_descsz u32, n_type u32 (not checked by the SDK, not here either),
 * the 13 name bytes "sgx_metadata\0" and, with no padding in between,
 * the n_descsz descriptor bytes; the section is exactly that long
 * rounded up to its sh_addralign.
 */
enum ra_err
ra_sdk_meta_note(struct ra_bytes *block, const struct ra_elf *elf)
{
	struct ra_elf_shdr sh;
	struct ra_cur c;
	const uint8_t *name;
	uint32_t namesz, descsz;
	uint64_t want;

	block->p = NULL;
	block->len = 0;
	if (!ra_elf_section_find(elf, &sh, ".note.sgxmeta")) {
		return RA_ERR_FORMAT;
	}
	c = ra_cur_init(sh.data.p, sh.data.len);
	namesz = ra_cur_u32le(&c);      /*  0 */
	descsz = ra_cur_u32le(&c);      /*  4 */
	ra_cur_skip(&c, 4);             /*  8 n_type */
	name = ra_cur_take(&c, namesz); /* 12 */
	*block = ra_cur_bytes(&c, descsz);
	if (!ra_cur_ok(&c) || namesz != sizeof(note_name) ||
	    !ra_ct_eq(name, note_name, sizeof(note_name)) ||
	    !round_up(&want, (uint64_t)RA_ELF_NHDR_LEN + namesz + descsz,
	        sh.addralign) ||
	    want != sh.size) {
		block->p = NULL;
		block->len = 0;
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

enum ra_err
ra_sdk_meta_find(struct ra_sdk_meta *m, const struct ra_elf *elf)
{
	struct ra_bytes block;
	struct ra_cur c;
	enum ra_err err;

	if ((err = ra_sdk_meta_note(&block, elf)) != RA_OK) {
		return err;
	}
	c = ra_cur_init(block.p, block.len);
	return ra_sdk_meta_parse(m, &c);
}
