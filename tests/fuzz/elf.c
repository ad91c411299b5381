/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF files and Intel-SDK-signed enclaves. Properties: a parsed file's
 * views (header tables, segment and section bytes, section names, notes)
 * all lie inside the input, names end before the name table does; the
 * MRENCLAVE replay never reads outside the input (ASan in make check),
 * is deterministic, and on success adds no more pages than the enclave
 * holds and measures no more than it adds.
 */
#include "sgxra/elf.h"
#include "fuzz.h"
#include "sgxra/sdk.h"

#define PAGE_LEN 4096

static void
check_notes(const struct ra_elf_shdr *sh, const uint8_t *data, size_t size)
{
	struct ra_cur c = ra_cur_init(sh->data.p, sh->data.len);
	struct ra_elf_note n;
	size_t align = sh->addralign == 8 ? 8 : 4;

	/* bounded: every note consumes at least its 12-byte header */
	while (
	    ra_cur_left(&c) > 0 && ra_elf_note_next(&n, &c, align) == RA_OK) {
		fuzz_inside(n.name.p, n.name.len, data, size);
		fuzz_inside(n.desc.p, n.desc.len, data, size);
	}
}

static void
check_elf(const struct ra_elf *elf, const uint8_t *data, size_t size)
{
	struct ra_elf_phdr ph;
	struct ra_elf_shdr sh;
	struct ra_bytes name;
	bool found;
	uint64_t v;
	size_t i;

	fuzz_inside(elf->phdrs.p, elf->phdrs.len, data, size);
	fuzz_inside(elf->shdrs.p, elf->shdrs.len, data, size);
	fuzz_inside(elf->shstrtab.p, elf->shstrtab.len, data, size);
	for (i = 0; i < elf->phnum; i++) {
		fuzz_assert(ra_elf_phdr(elf, &ph, i) == RA_OK);
		fuzz_assert(ph.data.len == ph.filesz);
		fuzz_inside(ph.data.p, ph.data.len, data, size);
	}
	for (i = 0; i < elf->shnum; i++) {
		fuzz_assert(ra_elf_shdr(elf, &sh, i) == RA_OK);
		fuzz_inside(sh.data.p, sh.data.len, data, size);
		name = ra_elf_section_name(elf, &sh);
		fuzz_inside(name.p, name.len + (name.p != NULL),
		    elf->shstrtab.p, elf->shstrtab.len);
		if (sh.type == RA_ELF_SHT_NOTE) {
			check_notes(&sh, data, size);
		}
	}
	if (ra_elf_dynamic_find(elf, &found, &v, RA_ELF_DT_TEXTREL) != RA_OK) {
		fuzz_assert(!found && v == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_sdk_enclave_info info;
	struct ra_hash256 mr, again;
	struct ra_sdk_meta meta;
	struct ra_elf elf;
	enum ra_err err;

	if (ra_elf_parse(&elf, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(elf.file.p == data && elf.file.len == size);
	check_elf(&elf, data, size);
	err = ra_sdk_enclave_measure(&mr, NULL, &info, data, size);
	fuzz_assert(
	    ra_sdk_enclave_measure(&again, NULL, NULL, data, size) == err);
	if (err != RA_OK) {
		return 0;
	}
	fuzz_assert(memcmp(mr.b, again.b, sizeof(mr.b)) == 0);
	fuzz_assert(ra_sdk_meta_find(&meta, &elf) == RA_OK);
	fuzz_assert(info.enclave_size == meta.enclave_size);
	fuzz_assert(info.enclave_size <= RA_SDK_ENCLAVE_MAX_LEN);
	fuzz_assert(info.pages <= info.secs_size / PAGE_LEN);
	fuzz_assert(info.measured_pages <= info.pages);
	return 0;
}
