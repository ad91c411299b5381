/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF64 little-endian x86-64 (System V gABI "Object Files"; x86-64 psABI;
 * glibc <elf.h>). Layouts and rules in sgxra/elf.h and
 * docs/enclave-formats.md. The whole structure is checked once, in
 * ra_elf_parse(); the accessors re-read the checked tables.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/elf.h"

#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define EM_X86_64   62
#define PN_XNUM     0xffff /* e_phnum: the count is in section 0 */
#define SHN_UNDEF   0
#define SHN_XINDEX  0xffff /* e_shstrndx: the index is in section 0 */

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

/*
 * The view file[off .. off+n), through a cursor: false if it is not
 * inside the file. Lengths are compared, never pointers, so a huge off or
 * n cannot wrap.
 */
static bool
view_at(struct ra_bytes *v, struct ra_bytes file, uint64_t off, uint64_t n)
{
	struct ra_cur c = ra_cur_init(file.p, file.len);

	v->p = NULL;
	v->len = 0;
	if (off > SIZE_MAX || n > SIZE_MAX) {
		return false;
	}
	ra_cur_skip(&c, (size_t)off);
	*v = ra_cur_bytes(&c, (size_t)n);
	return ra_cur_ok(&c);
}

/*
 * e_ident (16 bytes): magic, EI_CLASS (4), EI_DATA (5), EI_VERSION (6);
 * EI_OSABI, EI_ABIVERSION and the padding are not used.
 */
static enum ra_err
parse_ident(struct ra_cur *c)
{
	const uint8_t *id = ra_cur_take(c, 16);

	if (id == NULL || !ra_ct_eq(id, elf_magic, sizeof(elf_magic))) {
		return RA_ERR_FORMAT;
	}
	if (id[4] != ELFCLASS64 || id[5] != ELFDATA2LSB ||
	    id[6] != EV_CURRENT) {
		return RA_ERR_VERSION;
	}
	return RA_OK;
}

/*
 * Elf64_Ehdr: 64 bytes.
 *
 *   off size field        off size field
 *     0   16 e_ident       48    4 e_flags
 *    16    2 e_type        52    2 e_ehsize (64)
 *    18    2 e_machine     54    2 e_phentsize (56)
 *    20    4 e_version     56    2 e_phnum
 *    24    8 e_entry       58    2 e_shentsize (64)
 *    32    8 e_phoff       60    2 e_shnum
 *    40    8 e_shoff       62    2 e_shstrndx
 */
static enum ra_err
parse_ehdr(struct ra_elf *elf, uint64_t *phoff, uint64_t *shoff)
{
	struct ra_cur c = ra_cur_init(elf->file.p, elf->file.len);
	struct ra_cur h = ra_cur_sub(&c, RA_ELF_EHDR_LEN);
	enum ra_err err = parse_ident(&h);
	uint32_t version;
	uint16_t ehsize, phentsize, shentsize;

	if (err != RA_OK) {
		return err;
	}
	elf->type = ra_cur_u16le(&h);     /* 16 */
	elf->machine = ra_cur_u16le(&h);  /* 18 */
	version = ra_cur_u32le(&h);       /* 20 */
	elf->entry = ra_cur_u64le(&h);    /* 24 */
	*phoff = ra_cur_u64le(&h);        /* 32 */
	*shoff = ra_cur_u64le(&h);        /* 40 */
	elf->flags = ra_cur_u32le(&h);    /* 48 */
	ehsize = ra_cur_u16le(&h);        /* 52 */
	phentsize = ra_cur_u16le(&h);     /* 54 */
	elf->phnum = ra_cur_u16le(&h);    /* 56 */
	shentsize = ra_cur_u16le(&h);     /* 58 */
	elf->shnum = ra_cur_u16le(&h);    /* 60 */
	elf->shstrndx = ra_cur_u16le(&h); /* 62 */
	if (ra_cur_finish(&h) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	if (version != EV_CURRENT || elf->machine != EM_X86_64) {
		return RA_ERR_VERSION;
	}
	if (elf->phnum == PN_XNUM || elf->shstrndx == SHN_XINDEX ||
	    (elf->shnum == 0 && *shoff != 0)) {
		return RA_ERR_VERSION; /* extended numbering */
	}
	/* A table with entries has a non-zero offset (gABI: 0 = none). */
	if (ehsize != RA_ELF_EHDR_LEN ||
	    (elf->phnum != 0 &&
	        (phentsize != RA_ELF_PHDR_LEN || *phoff == 0)) ||
	    (elf->shnum != 0 &&
	        (shentsize != RA_ELF_SHDR_LEN || *shoff == 0))) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/* Elf64_Phdr: 56 bytes; offsets in sgxra/elf.h. */
static enum ra_err
read_phdr(struct ra_elf_phdr *ph, struct ra_cur *c)
{
	struct ra_cur p = ra_cur_sub(c, RA_ELF_PHDR_LEN);

	ph->type = ra_cur_u32le(&p);   /*  0 */
	ph->flags = ra_cur_u32le(&p);  /*  4 */
	ph->offset = ra_cur_u64le(&p); /*  8 */
	ph->vaddr = ra_cur_u64le(&p);  /* 16 */
	ph->paddr = ra_cur_u64le(&p);  /* 24 */
	ph->filesz = ra_cur_u64le(&p); /* 32 */
	ph->memsz = ra_cur_u64le(&p);  /* 40 */
	ph->align = ra_cur_u64le(&p);  /* 48 */
	return ra_cur_finish(&p);
}

/* Elf64_Shdr: 64 bytes; offsets in sgxra/elf.h. */
static enum ra_err
read_shdr(struct ra_elf_shdr *sh, struct ra_cur *c)
{
	struct ra_cur s = ra_cur_sub(c, RA_ELF_SHDR_LEN);

	sh->name = ra_cur_u32le(&s);      /*  0 */
	sh->type = ra_cur_u32le(&s);      /*  4 */
	sh->flags = ra_cur_u64le(&s);     /*  8 */
	sh->addr = ra_cur_u64le(&s);      /* 16 */
	sh->offset = ra_cur_u64le(&s);    /* 24 */
	sh->size = ra_cur_u64le(&s);      /* 32 */
	sh->link = ra_cur_u32le(&s);      /* 40 */
	sh->info = ra_cur_u32le(&s);      /* 44 */
	sh->addralign = ra_cur_u64le(&s); /* 48 */
	sh->entsize = ra_cur_u64le(&s);   /* 56 */
	return ra_cur_finish(&s);
}

/* Header i of a table already checked to hold count records of len. */
static struct ra_cur
table_entry(struct ra_bytes table, size_t i, size_t len)
{
	struct ra_cur c = ra_cur_init(table.p, table.len);

	ra_cur_skip(&c, i * len); /* i < count <= 0xffff: no overflow */
	return c;
}

/*
 * A segment's file bytes must be in the file (every type: the Intel SDK's
 * loader checks them all, psw/urts/parser/elfparser.cpp). A loadable one
 * may not hold more file bytes than memory (gABI) nor wrap the address
 * space.
 */
static enum ra_err
check_phdr(struct ra_elf_phdr *ph, struct ra_bytes file)
{
	if (!view_at(&ph->data, file, ph->offset, ph->filesz)) {
		return RA_ERR_FORMAT;
	}
	if (ph->type == RA_ELF_PT_LOAD &&
	    (ph->filesz > ph->memsz || ph->vaddr > UINT64_MAX - ph->memsz)) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/* Sections of type NULL and NOBITS occupy no file bytes. */
static bool
has_file_bytes(const struct ra_elf_shdr *sh)
{
	return sh->type != RA_ELF_SHT_NULL && sh->type != RA_ELF_SHT_NOBITS;
}

static enum ra_err
section_data(struct ra_elf_shdr *sh, struct ra_bytes file)
{
	sh->data.p = NULL;
	sh->data.len = 0;
	if (!has_file_bytes(sh)) {
		return RA_OK;
	}
	return view_at(&sh->data, file, sh->offset, sh->size) ? RA_OK
	                                                      : RA_ERR_FORMAT;
}

static enum ra_err
check_phdrs(const struct ra_elf *elf)
{
	struct ra_elf_phdr ph;
	size_t i;

	for (i = 0; i < elf->phnum; i++) {
		struct ra_cur c = table_entry(elf->phdrs, i, RA_ELF_PHDR_LEN);

		if (read_phdr(&ph, &c) != RA_OK ||
		    check_phdr(&ph, elf->file) != RA_OK) {
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}

/*
 * The name table: a SHT_STRTAB whose last byte is NUL (gABI), so that
 * every name offset inside it starts a terminated string.
 */
static enum ra_err
check_shstrtab(struct ra_elf *elf)
{
	struct ra_elf_shdr sh;
	struct ra_cur c;

	elf->shstrtab.p = NULL;
	elf->shstrtab.len = 0;
	if (elf->shstrndx == SHN_UNDEF) {
		return RA_OK;
	}
	if (elf->shstrndx >= elf->shnum) {
		return RA_ERR_FORMAT;
	}
	c = table_entry(elf->shdrs, elf->shstrndx, RA_ELF_SHDR_LEN);
	if (read_shdr(&sh, &c) != RA_OK || sh.type != RA_ELF_SHT_STRTAB ||
	    section_data(&sh, elf->file) != RA_OK || sh.data.len == 0 ||
	    sh.data.p[sh.data.len - 1] != 0) {
		return RA_ERR_FORMAT;
	}
	elf->shstrtab = sh.data;
	return RA_OK;
}

static enum ra_err
check_shdrs(const struct ra_elf *elf)
{
	struct ra_elf_shdr sh;
	size_t i;

	for (i = 0; i < elf->shnum; i++) {
		struct ra_cur c = table_entry(elf->shdrs, i, RA_ELF_SHDR_LEN);

		if (read_shdr(&sh, &c) != RA_OK ||
		    section_data(&sh, elf->file) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		/* A name offset, when there is a table, lies inside it. */
		if (elf->shstrtab.len != 0 && sh.name >= elf->shstrtab.len) {
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}

enum ra_err
ra_elf_parse(struct ra_elf *elf, const uint8_t *buf, size_t len)
{
	uint64_t phoff, shoff;
	enum ra_err err;

	if (elf == NULL || (buf == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	memset(elf, 0, sizeof(*elf));
	elf->file = (struct ra_bytes){ buf, len };
	if ((err = parse_ehdr(elf, &phoff, &shoff)) != RA_OK) {
		return err;
	}
	/* Counts are u16 and entry sizes fixed: the products cannot wrap. */
	if (!view_at(&elf->phdrs, elf->file, elf->phnum == 0 ? 0 : phoff,
	        (uint64_t)elf->phnum * RA_ELF_PHDR_LEN) ||
	    !view_at(&elf->shdrs, elf->file, elf->shnum == 0 ? 0 : shoff,
	        (uint64_t)elf->shnum * RA_ELF_SHDR_LEN)) {
		return RA_ERR_FORMAT;
	}
	if ((err = check_phdrs(elf)) != RA_OK ||
	    (err = check_shstrtab(elf)) != RA_OK) {
		return err;
	}
	return check_shdrs(elf);
}

enum ra_err
ra_elf_phdr(const struct ra_elf *elf, struct ra_elf_phdr *ph, size_t i)
{
	struct ra_cur c;

	if (i >= elf->phnum) {
		return RA_ERR_ARG;
	}
	c = table_entry(elf->phdrs, i, RA_ELF_PHDR_LEN);
	if (read_phdr(ph, &c) != RA_OK) {
		return RA_ERR_FORMAT; /* not reached: checked by the parse */
	}
	return check_phdr(ph, elf->file);
}

enum ra_err
ra_elf_shdr(const struct ra_elf *elf, struct ra_elf_shdr *sh, size_t i)
{
	struct ra_cur c;

	if (i >= elf->shnum) {
		return RA_ERR_ARG;
	}
	c = table_entry(elf->shdrs, i, RA_ELF_SHDR_LEN);
	if (read_shdr(sh, &c) != RA_OK) {
		return RA_ERR_FORMAT; /* not reached: checked by the parse */
	}
	return section_data(sh, elf->file);
}

struct ra_bytes
ra_elf_section_name(const struct ra_elf *elf, const struct ra_elf_shdr *sh)
{
	struct ra_bytes name = { NULL, 0 };

	/* The parse checked name < len and that the table ends in NUL. */
	if (elf->shstrtab.len == 0 || sh->name >= elf->shstrtab.len) {
		return name;
	}
	name.p = elf->shstrtab.p + sh->name;
	name.len = strlen((const char *)name.p);
	return name;
}

bool
ra_elf_section_find(
    const struct ra_elf *elf, struct ra_elf_shdr *sh, const char *name)
{
	size_t i, n = strlen(name);
	struct ra_bytes got;

	for (i = 0; i < elf->shnum; i++) {
		if (ra_elf_shdr(elf, sh, i) != RA_OK) {
			return false;
		}
		got = ra_elf_section_name(elf, sh);
		if (got.len == n && ra_ct_eq(got.p, name, n)) {
			return true;
		}
	}
	return false;
}

/* Skip the padding that brings n up to a multiple of align. */
static void
skip_pad(struct ra_cur *c, size_t n, size_t align)
{
	ra_cur_skip(c, (align - n % align) % align);
}

/*
 * Elf64_Nhdr: n_namesz (0), n_descsz (4), n_type (8), then the name and
 * the descriptor, each padded to the alignment (gABI "Note Section").
 */
enum ra_err
ra_elf_note_next(struct ra_elf_note *n, struct ra_cur *c, size_t align)
{
	uint32_t namesz, descsz;

	if (align == 0 || align == 1) {
		align = 4;
	}
	if (align != 4 && align != 8) {
		return RA_ERR_ARG;
	}
	namesz = ra_cur_u32le(c);
	descsz = ra_cur_u32le(c);
	n->type = ra_cur_u32le(c);
	n->name = ra_cur_bytes(c, namesz);
	skip_pad(c, namesz, align);
	n->desc = ra_cur_bytes(c, descsz);
	skip_pad(c, descsz, align);
	return ra_cur_ok(c) ? RA_OK : RA_ERR_FORMAT;
}

/* Elf64_Dyn: d_tag (0, signed in the gABI, read as u64), d_val (8). */
enum ra_err
ra_elf_dynamic_find(
    const struct ra_elf *elf, bool *found, uint64_t *val, uint64_t tag)
{
	struct ra_elf_phdr ph;
	struct ra_cur c;
	uint64_t t, v;
	size_t i;

	*found = false;
	*val = 0;
	for (i = 0; i < elf->phnum; i++) {
		if (ra_elf_phdr(elf, &ph, i) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		if (ph.type == RA_ELF_PT_DYNAMIC) {
			break;
		}
	}
	if (i == elf->phnum) {
		return RA_OK;
	}
	/* Bounded by the segment: every entry consumes 16 bytes. */
	c = ra_cur_init(ph.data.p, ph.data.len);
	while (ra_cur_ok(&c) && ra_cur_left(&c) >= RA_ELF_DYN_LEN) {
		t = ra_cur_u64le(&c);
		v = ra_cur_u64le(&c);
		if (t == RA_ELF_DT_NULL) {
			return RA_OK;
		}
		if (t == tag && !*found) {
			*found = true;
			*val = v;
		}
	}
	*found = false;
	*val = 0;
	return RA_ERR_FORMAT; /* no DT_NULL */
}
