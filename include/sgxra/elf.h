/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_ELF_H
#define RA_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/cursor.h"
#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * ELF64, little-endian, x86-64: the file header, the program headers
 * (segments), the section headers, section names, notes and the dynamic
 * table, read as views into the caller's bytes. Layouts: System V ABI
 * (gABI) "Object Files" chapters and the x86-64 psABI; the same tables as
 * glibc's <elf.h> (Elf64_Ehdr, Elf64_Phdr, Elf64_Shdr, Elf64_Nhdr,
 * Elf64_Dyn). Every integer is little-endian; docs/enclave-formats.md
 * gives the offsets.
 *
 * ra_elf_parse() checks the whole structure once: both header tables and
 * every file range a header names (segment contents, section contents,
 * the section-name table) lie inside the buffer, computed without
 * overflow. The accessors below then cannot read outside the buffer. The
 * contents themselves are not interpreted: what a loader does with a
 * segment is its business. Nothing here is constant-time: an ELF file
 * carries no secrets.
 *
 * Every struct ra_bytes below points into the buffer given to
 * ra_elf_parse() and is valid while that buffer is.
 */

/* Lengths in bytes of the fixed ELF64 records. */
#define RA_ELF_EHDR_LEN 64
#define RA_ELF_PHDR_LEN 56
#define RA_ELF_SHDR_LEN 64
#define RA_ELF_NHDR_LEN 12
#define RA_ELF_DYN_LEN  16

/* e_type values this parser knows; others are accepted and kept. */
enum ra_elf_type {
	RA_ELF_ET_REL = 1,
	RA_ELF_ET_EXEC = 2,
	RA_ELF_ET_DYN = 3,
};

/* p_type values used by sgxra. */
enum ra_elf_pt {
	RA_ELF_PT_NULL = 0,
	RA_ELF_PT_LOAD = 1,
	RA_ELF_PT_DYNAMIC = 2,
	RA_ELF_PT_INTERP = 3,
	RA_ELF_PT_NOTE = 4,
	RA_ELF_PT_PHDR = 6,
	RA_ELF_PT_TLS = 7,
};

/* p_flags permission bits. */
enum ra_elf_pf {
	RA_ELF_PF_X = 0x1,
	RA_ELF_PF_W = 0x2,
	RA_ELF_PF_R = 0x4,
};

/* sh_type values used by sgxra. */
enum ra_elf_sht {
	RA_ELF_SHT_NULL = 0,
	RA_ELF_SHT_PROGBITS = 1,
	RA_ELF_SHT_STRTAB = 3,
	RA_ELF_SHT_NOTE = 7,
	RA_ELF_SHT_NOBITS = 8,
};

/* d_tag values used by sgxra. */
enum ra_elf_dt {
	RA_ELF_DT_NULL = 0,
	RA_ELF_DT_TEXTREL = 22,
};

/*
 * A parsed file header. phdrs and shdrs are the two header tables
 * (phnum * 56 and shnum * 64 bytes), shstrtab the section-name string
 * table (empty when e_shstrndx is SHN_UNDEF). Do not rely on the size or
 * contents of this type beyond the fields documented here.
 */
struct ra_elf {
	struct ra_bytes file; /* the whole buffer */
	uint16_t type;        /* e_type, enum ra_elf_type */
	uint16_t machine;     /* e_machine: always 62 (x86-64) */
	uint64_t entry;       /* e_entry */
	uint32_t flags;       /* e_flags */
	uint16_t phnum;
	uint16_t shnum;
	uint16_t shstrndx;
	struct ra_bytes phdrs;
	struct ra_bytes shdrs;
	struct ra_bytes shstrtab;
};

/* A program header (Elf64_Phdr). data: its file bytes, p_filesz long. */
struct ra_elf_phdr {
	uint32_t type;   /*  0 p_type */
	uint32_t flags;  /*  4 p_flags */
	uint64_t offset; /*  8 p_offset */
	uint64_t vaddr;  /* 16 p_vaddr */
	uint64_t paddr;  /* 24 p_paddr */
	uint64_t filesz; /* 32 p_filesz */
	uint64_t memsz;  /* 40 p_memsz */
	uint64_t align;  /* 48 p_align */
	struct ra_bytes data;
};

/*
 * A section header (Elf64_Shdr). data: its file bytes, sh_size long;
 * empty for SHT_NULL and SHT_NOBITS sections, which occupy no file bytes.
 */
struct ra_elf_shdr {
	uint32_t name;      /*  0 sh_name: offset in the name table */
	uint32_t type;      /*  4 sh_type */
	uint64_t flags;     /*  8 sh_flags */
	uint64_t addr;      /* 16 sh_addr */
	uint64_t offset;    /* 24 sh_offset */
	uint64_t size;      /* 32 sh_size */
	uint32_t link;      /* 40 sh_link */
	uint32_t info;      /* 44 sh_info */
	uint64_t addralign; /* 48 sh_addralign */
	uint64_t entsize;   /* 56 sh_entsize */
	struct ra_bytes data;
};

/*
 * One note (Elf64_Nhdr and what follows): name is n_namesz bytes as
 * stored (normally with its terminating NUL), desc n_descsz bytes.
 */
struct ra_elf_note {
	uint32_t type;
	struct ra_bytes name;
	struct ra_bytes desc;
};

/*
 * Parse the ELF header of buf[0..len) and check both header tables and
 * every range they name, as described above. Returns RA_OK; RA_ERR_ARG if
 * elf is NULL, or buf is NULL with len non-zero; RA_ERR_FORMAT if the
 * file is shorter than its headers say, is not ELF (magic), has an
 * inconsistent header (e_ehsize, e_phentsize, e_shentsize, a table with
 * entries at offset 0, e_shstrndx out of range, a segment with p_filesz >
 * p_memsz or an address range that wraps, a section name outside the
 * name table, a name table that is not a NUL-terminated SHT_STRTAB);
 * RA_ERR_VERSION for a class, byte order, version or machine other than
 * ELF64, little-endian, EV_CURRENT and x86-64, or for extended section or
 * segment numbering (PN_XNUM, SHN_XINDEX), which is not supported. elf
 * holds views into buf, valid while buf is; on failure its contents are
 * unspecified.
 */
RA_MUST_CHECK enum ra_err ra_elf_parse(
    struct ra_elf *elf, const uint8_t *buf, size_t len);

/*
 * Program header i (0 <= i < phnum) of a parsed file. RA_ERR_ARG if i is
 * out of range; cannot fail otherwise.
 */
RA_MUST_CHECK enum ra_err ra_elf_phdr(
    const struct ra_elf *elf, struct ra_elf_phdr *ph, size_t i);

/*
 * Section header i (0 <= i < shnum) of a parsed file. RA_ERR_ARG if i is
 * out of range; cannot fail otherwise.
 */
RA_MUST_CHECK enum ra_err ra_elf_shdr(
    const struct ra_elf *elf, struct ra_elf_shdr *sh, size_t i);

/*
 * The name of a section of elf, without its NUL: a view into the name
 * table, empty if the file has no name table.
 */
struct ra_bytes ra_elf_section_name(
    const struct ra_elf *elf, const struct ra_elf_shdr *sh);

/*
 * Find the first section named name (a C string, compared exactly).
 * Returns true and fills sh if there is one, false otherwise.
 */
bool ra_elf_section_find(
    const struct ra_elf *elf, struct ra_elf_shdr *sh, const char *name);

/*
 * Read one note from c, in the gABI layout: n_namesz u32, n_descsz u32,
 * n_type u32, the name padded to align bytes, the descriptor padded to
 * align bytes. align is 4 or 8 (the section's sh_addralign or the
 * segment's p_align; 4 for 0 or 1); other values are RA_ERR_ARG.
 * RA_ERR_FORMAT if the note or its padding does not fit in c. Iterate a
 * section with `while (ra_cur_left(&c) > 0)`. The views point into c's
 * bytes. Note that Intel's .note.sgxmeta does not follow this layout
 * (see sgxra/sdk.h).
 */
RA_MUST_CHECK enum ra_err ra_elf_note_next(
    struct ra_elf_note *n, struct ra_cur *c, size_t align);

/*
 * Look up tag in the dynamic table (the file bytes of the first
 * PT_DYNAMIC segment: Elf64_Dyn entries, d_tag then d_val, up to the
 * DT_NULL entry). *found tells whether the tag occurs before DT_NULL;
 * *val receives its d_val (0 if not found). RA_OK also when the file has
 * no PT_DYNAMIC segment (then *found is false); RA_ERR_FORMAT if the
 * table is not terminated by DT_NULL inside the segment.
 */
RA_MUST_CHECK enum ra_err ra_elf_dynamic_find(
    const struct ra_elf *elf, bool *found, uint64_t *val, uint64_t tag);

#endif
