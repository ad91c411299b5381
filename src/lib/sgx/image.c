/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra enclave images: the metadata block (layout and SIGSTRUCT) that
 * signing appends to the ELF, and the measurement of the ELF laid out as
 * sgxra/image.h describes. The same code measures at signing time and at
 * load time, so the SIGSTRUCT signs exactly what the platform loads.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/elf.h"
#include "sgxra/image.h"
#include "sgxra/measure.h"

static const uint8_t meta_magic[8] = { 'S', 'G', 'X', 'R', 'A', 'M', 'D', '1' };

/* Round up to a page; x is small (checked by callers). */
static uint64_t
page_up(uint64_t x)
{
	return (x + RA_PAGE_LEN - 1) & ~(uint64_t)(RA_PAGE_LEN - 1);
}

static bool
layout_ok(const struct ra_image_layout *l)
{
	return l->tcs_count >= 1 && l->tcs_count <= RA_IMAGE_MAX_TCS &&
	    l->heap_size % RA_PAGE_LEN == 0 &&
	    l->heap_size <= RA_IMAGE_MAX_SIZE &&
	    l->stack_size % RA_PAGE_LEN == 0 && l->stack_size >= RA_PAGE_LEN &&
	    l->stack_size <= RA_IMAGE_MAX_SIZE / 2 && l->ssa_frame_size >= 1 &&
	    l->ssa_frame_size <= 4 && l->enclave_size <= RA_IMAGE_MAX_SIZE;
}

/*
 * Metadata block (1888 bytes at the end of the file); offsets in
 * sgxra/image.h.
 */
enum ra_err
ra_image_parse(struct ra_image *img, const uint8_t *file, size_t len)
{
	struct ra_cur c;
	uint8_t magic[8];
	uint64_t image_len;
	enum ra_err err;

	if (img == NULL || (file == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	if (len < RA_IMAGE_META_LEN) {
		return RA_ERR_FORMAT;
	}
	c = ra_cur_init(file + len - RA_IMAGE_META_LEN, RA_IMAGE_META_LEN);
	RA_CUR_COPY(&c, magic); /*  0 */
	if (!ra_ct_eq(magic, meta_magic, sizeof(magic))) {
		return RA_ERR_FORMAT; /* not signed (or not ours) */
	}
	if (ra_cur_u32le(&c) != 1) { /*  8 */
		return RA_ERR_VERSION;
	}
	img->layout.tcs_count = ra_cur_u32le(&c);      /* 12 */
	img->layout.heap_size = ra_cur_u64le(&c);      /* 16 */
	img->layout.stack_size = ra_cur_u64le(&c);     /* 24 */
	img->layout.ssa_frame_size = ra_cur_u32le(&c); /* 32 */
	ra_cur_zero(&c, 4);                            /* 36 */
	img->layout.enclave_size = ra_cur_u64le(&c);   /* 40 */
	image_len = ra_cur_u64le(&c);                  /* 48 */
	ra_cur_zero(&c, 24);                           /* 56 */
	err = ra_sigstruct_parse(&img->sigstruct, &c); /* 80 */
	if (err != RA_OK) {
		return err;
	}
	if (ra_cur_finish(&c) != RA_OK ||
	    image_len != len - RA_IMAGE_META_LEN || !layout_ok(&img->layout) ||
	    img->layout.enclave_size == 0) {
		return RA_ERR_FORMAT;
	}
	img->elf.p = file;
	img->elf.len = (size_t)image_len;
	return RA_OK;
}

void
ra_image_meta_build(struct ra_buf *b, const struct ra_image *img)
{
	RA_BUF_PUT(b, meta_magic);
	ra_buf_u32le(b, 1);
	ra_buf_u32le(b, img->layout.tcs_count);
	ra_buf_u64le(b, img->layout.heap_size);
	ra_buf_u64le(b, img->layout.stack_size);
	ra_buf_u32le(b, img->layout.ssa_frame_size);
	ra_buf_zero(b, 4);
	ra_buf_u64le(b, img->layout.enclave_size);
	ra_buf_u64le(b, (uint64_t)img->elf.len);
	ra_buf_zero(b, 24);
	ra_sigstruct_build(b, &img->sigstruct);
}

/* The loadable extent of the ELF: [lo, hi) in pages, and sanity checks. */
static enum ra_err
extent(const struct ra_elf *elf, uint64_t *hi)
{
	struct ra_elf_phdr ph;
	bool found = false;
	uint64_t val;
	size_t i;

	*hi = 0;
	for (i = 0; i < elf->phnum; i++) {
		if (ra_elf_phdr(elf, &ph, i) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		if (ph.type != RA_ELF_PT_LOAD) {
			continue;
		}
		if ((ph.flags & RA_ELF_PF_W) != 0 &&
		    (ph.flags & RA_ELF_PF_X) != 0) {
			return RA_ERR_POLICY; /* W+X: refused, as sgx_sign does
			                       */
		}
		/* the address range was checked by ra_elf_parse (no wrap) */
		if (ph.vaddr + ph.memsz > RA_IMAGE_MAX_SIZE) {
			return RA_ERR_FORMAT;
		}
		if (ph.vaddr + ph.memsz > *hi) {
			*hi = ph.vaddr + ph.memsz;
		}
		found = true;
	}
	if (!found) {
		return RA_ERR_FORMAT;
	}
	if (ra_elf_dynamic_find(elf, &found, &val, RA_ELF_DT_TEXTREL) !=
	    RA_OK) {
		return RA_ERR_FORMAT;
	}
	return found ? RA_ERR_POLICY : RA_OK;
}

/* The SECINFO of a page from its segment's flags. */
static struct ra_secinfo
secinfo_of(uint32_t pflags)
{
	struct ra_secinfo si;

	si.page_type = RA_PT_REG;
	si.perms = (uint8_t)(((pflags & RA_ELF_PF_R) != 0 ? RA_SECINFO_R : 0) |
	    ((pflags & RA_ELF_PF_W) != 0 ? RA_SECINFO_W : 0) |
	    ((pflags & RA_ELF_PF_X) != 0 ? RA_SECINFO_X : 0));
	return si;
}

/*
 * Build page `addr` of the image: the bytes every PT_LOAD segment puts
 * there (file bytes, zero beyond p_filesz), and the union of their
 * permissions. Returns false if no segment covers the page.
 */
static bool
image_page(const struct ra_elf *elf, uint64_t addr, uint8_t page[RA_PAGE_LEN],
    uint32_t *pflags)
{
	struct ra_elf_phdr ph;
	bool covered = false;
	uint64_t lo, hi;
	size_t k;

	memset(page, 0, RA_PAGE_LEN);
	*pflags = 0;
	for (k = 0; k < elf->phnum; k++) {
		if (ra_elf_phdr(elf, &ph, k) != RA_OK ||
		    ph.type != RA_ELF_PT_LOAD || ph.memsz == 0) {
			continue;
		}
		if (ph.vaddr >= addr + RA_PAGE_LEN ||
		    ph.vaddr + ph.memsz <= addr) {
			continue;
		}
		covered = true;
		*pflags |= ph.flags;
		lo = ph.vaddr > addr ? ph.vaddr : addr;
		hi = ph.vaddr + ph.filesz;
		if (hi > addr + RA_PAGE_LEN) {
			hi = addr + RA_PAGE_LEN;
		}
		if (lo < hi) {
			memcpy(page + (lo - addr), ph.data.p + (lo - ph.vaddr),
			    (size_t)(hi - lo));
		}
	}
	return covered;
}

/* ECREATE SIZE: the smallest power of two holding everything. */
static enum ra_err
size_for(struct ra_image_layout *l, uint64_t need)
{
	uint64_t size = (uint64_t)2 * RA_PAGE_LEN;

	while (size < need && size < RA_IMAGE_MAX_SIZE) {
		size <<= 1;
	}
	if (need > size) {
		return RA_ERR_FORMAT;
	}
	if (l->enclave_size == 0) {
		l->enclave_size = size;
	}
	if (l->enclave_size < need ||
	    (l->enclave_size & (l->enclave_size - 1)) != 0) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/* Heap, then per thread: guard, stack, TCS, SSA frames. */
static void
measure_layout(struct ra_measure *m, const struct ra_image_layout *l,
    uint64_t base, const uint8_t zero[RA_PAGE_LEN])
{
	struct ra_secinfo rw = { RA_SECINFO_R | RA_SECINFO_W, RA_PT_REG };
	struct ra_secinfo tcs = { 0, RA_PT_TCS };
	uint64_t off = base, i;
	uint32_t t;

	for (i = 0; i < l->heap_size; i += RA_PAGE_LEN) {
		ra_measure_page(m, off + i, &rw, zero, false);
	}
	off += l->heap_size;
	for (t = 0; t < l->tcs_count; t++) {
		off += RA_PAGE_LEN; /* guard page: not added */
		for (i = 0; i < l->stack_size; i += RA_PAGE_LEN) {
			ra_measure_page(m, off + i, &rw, zero, false);
		}
		off += l->stack_size;
		ra_measure_page(m, off, &tcs, zero, true);
		off += RA_PAGE_LEN;
		for (i = 0; i < l->ssa_frame_size; i++) {
			ra_measure_page(m, off, &rw, zero, false);
			off += RA_PAGE_LEN;
		}
	}
}

enum ra_err
ra_image_measure(struct ra_hash256 *mrenclave, struct ra_image_layout *layout,
    const uint8_t *elf_bytes, size_t len)
{
	static const uint8_t zero[RA_PAGE_LEN];
	uint8_t page[RA_PAGE_LEN];
	struct ra_elf elf;
	struct ra_measure m;
	struct ra_secinfo si;
	uint64_t hi, base, per_thread, need, addr;
	uint32_t pflags;
	enum ra_err err;

	if (mrenclave == NULL || layout == NULL || elf_bytes == NULL) {
		return RA_ERR_ARG;
	}
	if (!layout_ok(layout)) {
		return RA_ERR_FORMAT;
	}
	if ((err = ra_elf_parse(&elf, elf_bytes, len)) != RA_OK) {
		return err;
	}
	if (elf.type != RA_ELF_ET_DYN) {
		return RA_ERR_FORMAT; /* position independent only */
	}
	if ((err = extent(&elf, &hi)) != RA_OK) {
		return err;
	}
	base = page_up(hi);
	per_thread = RA_PAGE_LEN + layout->stack_size + RA_PAGE_LEN +
	    (uint64_t)layout->ssa_frame_size * RA_PAGE_LEN;
	need = base + layout->heap_size + layout->tcs_count * per_thread;
	if ((err = size_for(layout, need)) != RA_OK) {
		return err;
	}
	ra_measure_ecreate(&m, layout->ssa_frame_size, layout->enclave_size);
	for (addr = 0; addr < base; addr += RA_PAGE_LEN) {
		if (image_page(&elf, addr, page, &pflags)) {
			si = secinfo_of(pflags);
			ra_measure_page(&m, addr, &si, page, true);
		}
	}
	measure_layout(&m, layout, base, zero);
	RA_WIPE(page);
	return ra_measure_final(&m, mrenclave) == RA_OK ? RA_OK : RA_ERR_FORMAT;
}
