/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wire/elf: the Intel PCE (a real ELF64 shared object) against what
 * readelf reports for it; every prefix of a small file and header fields
 * set to huge or inconsistent values give an error, never a read outside
 * the buffer (the tests run under ASan and valgrind); notes and the
 * dynamic table.
 */
#include <string.h>

#include "sgxra/elf.h"
#include "test.h"

#define PCE                                                                  \
	"tests/data/real/enclave/intel-pce-1.25.100.1/libsgx_pce.signed.so." \
	"1.25.100.1"
#define SYNTH "tests/data/synthetic/sdk-v1.5.so"

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *b, uint32_t v)
{
	put16(b, (uint16_t)v);
	put16(b + 2, (uint16_t)(v >> 16));
}

static void
put64(uint8_t *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b + 4, (uint32_t)(v >> 32));
}

static uint8_t *
dup(const uint8_t *b, size_t len)
{
	uint8_t *c = malloc(len);

	assert_non_null(c);
	memcpy(c, b, len);
	return c;
}

static bool
name_is(const struct ra_bytes *n, const char *s)
{
	return n->len == strlen(s) && memcmp(n->p, s, n->len) == 0;
}

/* Values from `readelf -lSWn` on the file. */
static void
pce_headers(void **state)
{
	size_t len;
	uint8_t *b = test_load(PCE, &len);
	struct ra_elf elf;
	struct ra_elf_phdr ph;
	struct ra_elf_shdr sh;
	struct ra_bytes name;

	(void)state;
	assert_ra_ok(ra_elf_parse(&elf, b, len));
	assert_int_equal(elf.type, RA_ELF_ET_DYN);
	assert_int_equal(elf.entry, 0x126dbf);
	assert_int_equal(elf.phnum, 11);
	assert_int_equal(elf.shnum, 23);
	assert_int_equal(elf.shstrndx, 22);
	/* LOAD 0x002000 0x2000 filesz 0x12533a memsz 0x12533a R E 0x1000 */
	assert_ra_ok(ra_elf_phdr(&elf, &ph, 3));
	assert_int_equal(ph.type, RA_ELF_PT_LOAD);
	assert_int_equal(ph.flags, RA_ELF_PF_R | RA_ELF_PF_X);
	assert_int_equal(ph.offset, 0x2000);
	assert_int_equal(ph.vaddr, 0x2000);
	assert_int_equal(ph.filesz, 0x12533a);
	assert_int_equal(ph.align, 0x1000);
	assert_ptr_equal(ph.data.p, b + 0x2000);
	assert_int_equal(ph.data.len, 0x12533a);
	/* LOAD 0x1f3ab0 0x1f4ab0 0x0056bc 0x016548 RW */
	assert_ra_ok(ra_elf_phdr(&elf, &ph, 5));
	assert_int_equal(ph.memsz, 0x16548);
	assert_int_equal(ph.offset, 0x1f3ab0);
	/* [21] .note.sgxmeta NOTE 0 1f916c 00601c, align 4 */
	assert_true(ra_elf_section_find(&elf, &sh, ".note.sgxmeta"));
	assert_int_equal(sh.type, RA_ELF_SHT_NOTE);
	assert_int_equal(sh.offset, 0x1f916c);
	assert_int_equal(sh.size, 0x601c);
	assert_int_equal(sh.addralign, 4);
	/* [20] .bss NOBITS: no file bytes */
	assert_ra_ok(ra_elf_shdr(&elf, &sh, 20));
	name = ra_elf_section_name(&elf, &sh);
	assert_true(name_is(&name, ".bss"));
	assert_int_equal(sh.type, RA_ELF_SHT_NOBITS);
	assert_int_equal(sh.data.len, 0);
	assert_false(ra_elf_section_find(&elf, &sh, ".ctors"));
	assert_false(ra_elf_section_find(&elf, &sh, ".bs"));
	/* out of range */
	assert_ra_err(ra_elf_phdr(&elf, &ph, 11), RA_ERR_ARG);
	assert_ra_err(ra_elf_shdr(&elf, &sh, 23), RA_ERR_ARG);
	free(b);
}

/* .note.gnu.build-id: owner GNU, NT_GNU_BUILD_ID (3), 20 bytes. */
static void
pce_notes_dynamic(void **state)
{
	size_t len;
	uint8_t *b = test_load(PCE, &len);
	uint8_t id[20];
	struct ra_elf elf;
	struct ra_elf_shdr sh;
	struct ra_elf_note n;
	struct ra_cur c;
	bool found;
	uint64_t v;

	(void)state;
	assert_ra_ok(ra_elf_parse(&elf, b, len));
	assert_true(ra_elf_section_find(&elf, &sh, ".note.gnu.build-id"));
	c = ra_cur_init(sh.data.p, sh.data.len);
	assert_ra_ok(ra_elf_note_next(&n, &c, (size_t)sh.addralign));
	assert_int_equal(ra_cur_left(&c), 0);
	assert_int_equal(n.type, 3);
	assert_int_equal(n.name.len, 4);
	assert_memory_equal(n.name.p, "GNU", 4);
	test_unhex_into(
	    id, sizeof(id), "b2bf8791ff75f2bd2637e2965e622e9d5624345c");
	assert_int_equal(n.desc.len, 20);
	assert_memory_equal(n.desc.p, id, 20);
	/* 0x1e FLAGS = BIND_NOW (8); no TEXTREL */
	assert_ra_ok(ra_elf_dynamic_find(&elf, &found, &v, 0x1e));
	assert_true(found);
	assert_int_equal(v, 8);
	assert_ra_ok(ra_elf_dynamic_find(&elf, &found, &v, RA_ELF_DT_TEXTREL));
	assert_false(found);
	free(b);
}

static enum ra_err
parse(const uint8_t *b, size_t len)
{
	struct ra_elf elf;

	return ra_elf_parse(&elf, b, len);
}

/* The section headers come last: every prefix loses some of them. */
static void
every_prefix(void **state)
{
	size_t len, n;
	uint8_t *b = test_load(SYNTH, &len);

	(void)state;
	assert_ra_ok(parse(b, len));
	for (n = 0; n < len; n++) {
		uint8_t *t = malloc(n == 0 ? 1 : n);

		assert_non_null(t);
		memcpy(t, b, n);
		assert_ra_err(parse(n == 0 ? NULL : t, n), RA_ERR_FORMAT);
		free(t);
	}
	free(b);
}

/* A copy of b with one field set, parsed; the result must be want. */
static void
field(const uint8_t *b, size_t len, size_t off, size_t width, uint64_t v,
    enum ra_err want)
{
	uint8_t *c = dup(b, len);

	if (width == 1) {
		c[off] = (uint8_t)v;
	} else if (width == 2) {
		put16(c + off, (uint16_t)v);
	} else if (width == 4) {
		put32(c + off, (uint32_t)v);
	} else {
		put64(c + off, v);
	}
	if (parse(c, len) != want) {
		fail_msg("field at %zu = %#llx: got %s, want %s", off,
		    (unsigned long long)v, ra_errname(parse(c, len)),
		    ra_errname(want));
	}
	free(c);
}

static void
header_fields(void **state)
{
	size_t len;
	uint8_t *b = test_load(PCE, &len);

	(void)state;
	field(b, len, 0, 1, 0x7e, RA_ERR_FORMAT);        /* magic */
	field(b, len, 4, 1, 1, RA_ERR_VERSION);          /* ELFCLASS32 */
	field(b, len, 5, 1, 2, RA_ERR_VERSION);          /* big-endian */
	field(b, len, 6, 1, 2, RA_ERR_VERSION);          /* EI_VERSION */
	field(b, len, 18, 2, 3, RA_ERR_VERSION);         /* EM_386 */
	field(b, len, 20, 4, 2, RA_ERR_VERSION);         /* e_version */
	field(b, len, 32, 8, UINT64_MAX, RA_ERR_FORMAT); /* e_phoff */
	field(b, len, 32, 8, UINT64_MAX - 100, RA_ERR_FORMAT);
	field(b, len, 32, 8, len - 10, RA_ERR_FORMAT);
	field(b, len, 32, 8, 0, RA_ERR_FORMAT);
	field(b, len, 40, 8, UINT64_MAX, RA_ERR_FORMAT); /* e_shoff */
	field(b, len, 40, 8, (uint64_t)1 << 63, RA_ERR_FORMAT);
	field(b, len, 40, 8, len - (size_t)64 * 23 + 1, RA_ERR_FORMAT);
	field(b, len, 40, 8, 0, RA_ERR_FORMAT);
	field(b, len, 52, 2, 0, RA_ERR_FORMAT);  /* e_ehsize */
	field(b, len, 54, 2, 57, RA_ERR_FORMAT); /* e_phentsize */
	field(b, len, 54, 2, 0xffff, RA_ERR_FORMAT);
	field(b, len, 56, 2, 0xfffe, RA_ERR_FORMAT);  /* e_phnum */
	field(b, len, 56, 2, 0xffff, RA_ERR_VERSION); /* PN_XNUM */
	field(b, len, 58, 2, 0, RA_ERR_FORMAT);       /* e_shentsize */
	field(b, len, 60, 2, 0xfffe, RA_ERR_FORMAT);  /* e_shnum */
	field(b, len, 60, 2, 0, RA_ERR_VERSION);      /* extended */
	field(b, len, 62, 2, 23, RA_ERR_FORMAT);      /* e_shstrndx */
	field(b, len, 62, 2, 0xfffe, RA_ERR_FORMAT);
	field(b, len, 62, 2, 0xffff, RA_ERR_VERSION); /* SHN_XINDEX */
	field(b, len, 62, 2, 21, RA_ERR_FORMAT);      /* not a STRTAB */
	field(b, len, 62, 2, 0, RA_OK);               /* no names: ok */
	field(b, len, 56, 2, 0, RA_OK);               /* no segments */
	field(b, len, 16, 2, RA_ELF_ET_EXEC, RA_OK);  /* kept as is */
	free(b);
}

/* Program header 3 (the text segment) at 64 + 3 * 56. */
static void
phdr_fields(void **state)
{
	size_t len, p = 64 + 3 * 56;
	uint8_t *b = test_load(PCE, &len);

	(void)state;
	field(b, len, p + 8, 8, UINT64_MAX, RA_ERR_FORMAT); /* p_offset */
	field(b, len, p + 8, 8, len - 0x12533a + 1, RA_ERR_FORMAT);
	field(b, len, p + 32, 8, UINT64_MAX, RA_ERR_FORMAT);      /* p_filesz */
	field(b, len, p + 32, 8, 0x12533b, RA_ERR_FORMAT);        /* > memsz */
	field(b, len, p + 16, 8, UINT64_MAX - 10, RA_ERR_FORMAT); /* wraps */
	field(b, len, p + 40, 8, UINT64_MAX, RA_ERR_FORMAT);      /* wraps */
	/* a NOTE segment (7) is checked too: its file range */
	field(b, len, 64 + 7 * 56 + 32, 8, len, RA_ERR_FORMAT);
	/* the GNU_STACK segment (9) has no file bytes: any memsz */
	field(b, len, 64 + 9 * 56 + 40, 8, UINT64_MAX, RA_OK);
	free(b);
}

/* Section header 21 (.note.sgxmeta) and 22 (.shstrtab). */
static void
shdr_fields(void **state)
{
	size_t len, s = 0x1ff250 + 21 * 64, t = 0x1ff250 + 22 * 64;
	uint8_t *b = test_load(PCE, &len);

	(void)state;
	field(b, len, s + 24, 8, UINT64_MAX, RA_ERR_FORMAT); /* sh_offset */
	field(b, len, s + 32, 8, UINT64_MAX, RA_ERR_FORMAT); /* sh_size */
	field(b, len, s + 32, 8, len, RA_ERR_FORMAT);
	field(b, len, s + 0, 4, 0xc4, RA_ERR_FORMAT); /* sh_name >= table */
	field(b, len, s + 0, 4, UINT32_MAX, RA_ERR_FORMAT);
	field(b, len, s + 4, 4, RA_ELF_SHT_NOBITS, RA_OK); /* no bytes */
	field(b, len, t + 32, 8, 0xc3, RA_ERR_FORMAT);     /* no final NUL */
	field(b, len, t + 32, 8, 0, RA_ERR_FORMAT);
	free(b);
}

static void
notes(void **state)
{
	/* "GNU\0", desc 3 bytes padded to 4; then "ab", desc 8, align 8 */
	static const uint8_t n4[] = { 4, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 'G',
		'N', 'U', 0, 1, 2, 3, 0 };
	static const uint8_t n8[] = { 2, 0, 0, 0, 8, 0, 0, 0, 5, 0, 0, 0, 'a',
		'b', 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ra_elf_note n;
	struct ra_cur c;
	size_t i;

	(void)state;
	c = ra_cur_init(n4, sizeof(n4));
	assert_ra_ok(ra_elf_note_next(&n, &c, 0));
	assert_int_equal(ra_cur_left(&c), 0);
	assert_int_equal(n.type, 1);
	assert_int_equal(n.desc.len, 3);
	assert_ptr_equal(n.desc.p, n4 + 16);
	c = ra_cur_init(n8, sizeof(n8));
	assert_ra_ok(ra_elf_note_next(&n, &c, 8));
	assert_int_equal(ra_cur_left(&c), 0);
	assert_ptr_equal(n.desc.p, n8 + 20);
	c = ra_cur_init(n8, sizeof(n8));
	assert_ra_err(ra_elf_note_next(&n, &c, 3), RA_ERR_ARG);
	for (i = 0; i < sizeof(n4); i++) {
		c = ra_cur_init(n4, i);
		assert_ra_err(ra_elf_note_next(&n, &c, 4), RA_ERR_FORMAT);
	}
	/* namesz UINT32_MAX: does not fit, no arithmetic on it */
	{
		uint8_t big[sizeof(n4)];

		memcpy(big, n4, sizeof(big));
		put32(big, UINT32_MAX);
		c = ra_cur_init(big, sizeof(big));
		assert_ra_err(ra_elf_note_next(&n, &c, 4), RA_ERR_FORMAT);
		put32(big, 4);
		put32(big + 4, UINT32_MAX - 1);
		c = ra_cur_init(big, sizeof(big));
		assert_ra_err(ra_elf_note_next(&n, &c, 8), RA_ERR_FORMAT);
	}
}

/* The synthetic file's PT_DYNAMIC: two entries at 0x2a34, DT_NULL first. */
static void
dynamic(void **state)
{
	size_t len;
	uint8_t *b = test_load(SYNTH, &len);
	struct ra_elf elf;
	bool found;
	uint64_t v;

	(void)state;
	assert_ra_ok(ra_elf_parse(&elf, b, len));
	assert_ra_ok(ra_elf_dynamic_find(&elf, &found, &v, 0x1e));
	assert_false(found);
	/* DT_TEXTREL then DT_NULL */
	put64(b + 0x2a34, RA_ELF_DT_TEXTREL);
	put64(b + 0x2a34 + 8, 7);
	put64(b + 0x2a34 + 16, RA_ELF_DT_NULL);
	assert_ra_ok(ra_elf_parse(&elf, b, len));
	assert_ra_ok(ra_elf_dynamic_find(&elf, &found, &v, RA_ELF_DT_TEXTREL));
	assert_true(found);
	assert_int_equal(v, 7);
	/* no DT_NULL inside the segment */
	put64(b + 0x2a34 + 16, 1);
	assert_ra_err(
	    ra_elf_dynamic_find(&elf, &found, &v, 0x1e), RA_ERR_FORMAT);
	assert_false(found);
	free(b);
}

static void
args(void **state)
{
	struct ra_elf elf;

	(void)state;
	assert_ra_err(ra_elf_parse(&elf, NULL, 4), RA_ERR_ARG);
	assert_ra_err(ra_elf_parse(NULL, NULL, 0), RA_ERR_ARG);
	assert_ra_err(ra_elf_parse(&elf, NULL, 0), RA_ERR_FORMAT);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(pce_headers),
	cmocka_unit_test(pce_notes_dynamic),
	cmocka_unit_test(every_prefix),
	cmocka_unit_test(header_fields),
	cmocka_unit_test(phdr_fields),
	cmocka_unit_test(shdr_fields),
	cmocka_unit_test(notes),
	cmocka_unit_test(dynamic),
	cmocka_unit_test(args),
};

TEST_MAIN(tests)
