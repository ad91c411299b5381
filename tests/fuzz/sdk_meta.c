/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel SGX SDK metadata (metadata_t). Properties: a successful parse
 * consumes exactly its size field's worth of bytes; every view (the
 * metadata, the SIGSTRUCT, the patch, layout and extend tables) lies
 * inside it; the tables hold whole records that parse; every layout
 * entry's content lies in the metadata and its pages in the enclave;
 * every patch's source lies in the metadata.
 */
#include "fuzz.h"
#include "sgxra/sdk.h"

#define PAGE_LEN 4096

static void
check_layout(const struct ra_sdk_meta *m)
{
	struct ra_cur c = ra_cur_init(m->layout.p, m->layout.len);
	struct ra_sdk_layout l;

	while (ra_cur_left(&c) > 0) {
		fuzz_assert(ra_sdk_meta_layout_parse(&l, &c) == RA_OK);
		if (l.is_group) {
			continue;
		}
		fuzz_assert(l.rva % PAGE_LEN == 0);
		fuzz_assert(l.rva + (uint64_t)l.page_count * PAGE_LEN <=
		    m->enclave_size);
		fuzz_assert(l.content_offset == 0 ||
		    (uint64_t)l.content_offset + l.content_size <= m->size);
	}
}

static void
check_patches(const struct ra_sdk_meta *m)
{
	struct ra_cur c = ra_cur_init(m->patches.p, m->patches.len);
	struct ra_sdk_patch p;

	while (ra_cur_left(&c) > 0) {
		fuzz_assert(ra_sdk_meta_patch_parse(&p, &c) == RA_OK);
		fuzz_assert((uint64_t)p.src + p.size <= m->size);
		fuzz_assert(p.dst + p.size <= m->enclave_size);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_sdk_meta m;
	struct ra_cur c = ra_cur_init(data, size);

	if (ra_sdk_meta_parse(&m, &c) != RA_OK) {
		return 0;
	}
	fuzz_assert(ra_cur_ok(&c) && size - ra_cur_left(&c) == m.size);
	fuzz_assert(m.meta.p == data && m.meta.len == m.size);
	fuzz_inside(m.enclave_css.p, m.enclave_css.len, m.meta.p, m.meta.len);
	fuzz_assert(m.enclave_css.len == RA_SIGSTRUCT_LEN);
	fuzz_inside(m.patches.p, m.patches.len, m.meta.p, m.meta.len);
	fuzz_inside(m.layout.p, m.layout.len, m.meta.p, m.meta.len);
	fuzz_inside(m.extend.p, m.extend.len, m.meta.p, m.meta.len);
	fuzz_assert(m.patches.len % RA_SDK_PATCH_LEN == 0);
	fuzz_assert(m.layout.len % RA_SDK_LAYOUT_LEN == 0);
	fuzz_assert(m.ssa_frame_size >= 1 && m.ssa_frame_size <= 4);
	fuzz_assert(m.enclave_size != 0 &&
	    (m.enclave_size & (m.enclave_size - 1)) == 0);
	check_layout(&m);
	check_patches(&m);
	return 0;
}
