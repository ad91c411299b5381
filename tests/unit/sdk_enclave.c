/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MRENCLAVE of Intel-SDK-signed enclaves: the Intel PCE gives the
 * ENCLAVEHASH of its SIGSTRUCT and the MRSIGNER, ISVPRODID and ISVSVN of
 * its expected.json (real data: Intel measured it with sgx_sign); the
 * synthetic enclaves of tests/data/synthetic give the MRENCLAVE their
 * generator computed with its own replay (groups, TCS template, ELRANGE).
 * Then what changes the measurement and what does not, and malformed,
 * truncated or unsupported files refused with the right error.
 */
#include <string.h>

#include <jansson.h>

#include "sgxra/crypto.h"
#include "sgxra/sdk.h"
#include "test.h"

#define PCE_DIR "tests/data/real/enclave/intel-pce-1.25.100.1/"
#define PCE     PCE_DIR "libsgx_pce.signed.so.1.25.100.1"
#define SYNTH   "tests/data/synthetic/"

/* Offsets inside metadata_t (metadata.h). */
#define M_VERSION   8
#define M_SIZE      16
#define M_TCSPOLICY 20
#define M_SSA       24
#define M_MAXSAVE   28
#define M_ESIZE     40
#define M_CSS       64
#define M_DIRS      1872

/* An enclave file and where its metadata starts. */
struct file {
	uint8_t *b;
	size_t len;
	size_t meta;
};

static void
put(uint8_t *b, size_t width, uint64_t v)
{
	size_t i;

	for (i = 0; i < width; i++) {
		b[i] = (uint8_t)(v >> (8 * i));
	}
}

static uint32_t
get32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

static struct file
load(const char *rel)
{
	struct file f;
	struct ra_bytes block;
	struct ra_elf elf;

	f.b = test_load(rel, &f.len);
	assert_ra_ok(ra_elf_parse(&elf, f.b, f.len));
	assert_ra_ok(ra_sdk_meta_note(&block, &elf));
	f.meta = (size_t)(block.p - f.b);
	return f;
}

/* Offset in the file of layout record i / patch i of the metadata. */
static size_t
layout_rec(const struct file *f, size_t i)
{
	return f->meta + get32(f->b + f->meta + M_DIRS + 8) + 32 * i;
}

static size_t
patch_rec(const struct file *f, size_t i)
{
	return f->meta + get32(f->b + f->meta + M_DIRS) + 32 * i;
}

static enum ra_err
measure(const uint8_t *b, size_t len, struct ra_hash256 *mr)
{
	return ra_sdk_enclave_measure(mr, NULL, NULL, b, len);
}

/* Measure a copy of f with width bytes at off set to v (LE). */
static enum ra_err
edited(const struct file *f, size_t off, size_t width, uint64_t v,
    struct ra_hash256 *mr)
{
	uint8_t *c = malloc(f->len);
	enum ra_err err;

	assert_non_null(c);
	memcpy(c, f->b, f->len);
	put(c + off, width, v);
	memset(mr, 0, sizeof(*mr));
	err = measure(c, f->len, mr);
	free(c);
	return err;
}

static void
want(const struct file *f, size_t off, size_t width, uint64_t v, enum ra_err e)
{
	struct ra_hash256 mr;
	enum ra_err got = edited(f, off, width, v, &mr);

	if (got != e) {
		fail_msg("%zu bytes at %zu set to %#llx: got %s, want %s",
		    width, off, (unsigned long long)v, ra_errname(got),
		    ra_errname(e));
	}
}

/* Flip the low bit of byte off: does MRENCLAVE stay what it was? */
static bool
flip_keeps(const struct file *f, size_t off, const struct ra_hash256 *orig)
{
	struct ra_hash256 mr;

	assert_ra_ok(edited(f, off, 1, f->b[off] ^ 1U, &mr));
	return memcmp(mr.b, orig->b, sizeof(mr.b)) == 0;
}

static void
json_hex(const json_t *o, const char *key, uint8_t *out, size_t n)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL) {
		fail_msg("expected.json: no string %s", key);
	}
	test_unhex_into(out, n, s);
}

static long long
json_int(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v)) {
		fail_msg("expected.json: no integer %s", key);
	}
	return json_integer_value(v);
}

/* The PCE against its expected.json (read, not copied). */
static void
pce(void **state)
{
	struct file f = load(PCE);
	struct ra_sdk_enclave_info info;
	struct ra_hash256 mr, want_mr, want_signer, signer;
	struct ra_sigstruct ss;
	struct ra_sdk_meta meta;
	struct ra_elf elf;
	uint8_t attr[16];
	json_error_t je;
	json_t *doc =
	    json_load_file(test_path(PCE_DIR "expected.json"), 0, &je);
	const json_t *exp = json_object_get(doc, "expected");

	(void)state;
	assert_non_null(exp);
	json_hex(exp, "MRENCLAVE", want_mr.b, 32);
	json_hex(exp, "MRSIGNER", want_signer.b, 32);
	json_hex(exp, "attributes", attr, sizeof(attr));
	assert_int_equal(f.meta, json_int(doc, "sgx_metadata_magic_offset"));
	assert_ra_ok(ra_sdk_enclave_measure(&mr, &ss, &info, f.b, f.len));
	test_assert_bytes(mr.b, want_mr.b, 32, "MRENCLAVE");
	test_assert_bytes(ss.enclave_hash.b, want_mr.b, 32, "ENCLAVEHASH");
	ra_sha256(&signer, ss.modulus_le, sizeof(ss.modulus_le));
	test_assert_bytes(signer.b, want_signer.b, 32, "MRSIGNER");
	assert_int_equal(ss.isv_prod_id, json_int(exp, "ISVPRODID"));
	assert_int_equal(ss.isv_svn, json_int(exp, "ISVSVN"));
	assert_int_equal(ss.attributes.flags, attr[0]);
	assert_int_equal(ss.attributes.xfrm, attr[8]);
	/* the metadata: version 1.5, 4 MiB, 540 pages of which 532 measured */
	assert_int_equal(info.meta_major, 1);
	assert_int_equal(info.meta_minor, 5);
	assert_int_equal(info.enclave_size, 0x400000);
	assert_int_equal(info.secs_size, 0x400000);
	assert_int_equal(info.ssa_frame_size, 1);
	assert_int_equal(info.pages, 540);
	assert_int_equal(info.measured_pages, 532);
	assert_ra_ok(ra_elf_parse(&elf, f.b, f.len));
	assert_ra_ok(ra_sdk_meta_find(&meta, &elf));
	assert_ptr_equal(meta.enclave_css.p,
	    f.b + json_int(doc, "sigstruct_file_offset_in_so"));
	assert_int_equal(meta.size, 4956);
	assert_int_equal(meta.patches.len, 4 * 32);
	assert_int_equal(meta.layout.len, 9 * 32);
	assert_false(meta.has_elrange);
	assert_false(meta.has_shared_object);
	json_decref(doc);
	free(f.b);
}

/* The generator's own replay is in the SIGSTRUCT of each file. */
static void
synthetic(void **state)
{
	static const char *const names[] = { "sdk-v1.5.so", "sdk-v2.1.so",
		"sdk-elrange-v11.5.so" };
	struct ra_sdk_enclave_info info;
	struct ra_sigstruct ss;
	struct ra_hash256 mr;
	char path[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct file f;

		snprintf(path, sizeof(path), SYNTH "%s", names[i]);
		f = load(path);
		assert_ra_ok(
		    ra_sdk_enclave_measure(&mr, &ss, &info, f.b, f.len));
		test_assert_bytes(mr.b, ss.enclave_hash.b, 32, names[i]);
		/* 6 image pages, 4 heap, 3 x (2 stack, TCS, 2 SSA, TD) */
		assert_int_equal(info.pages, 28);
		assert_int_equal(info.measured_pages, 24);
		assert_int_equal(
		    info.secs_size, i == 2 ? 0x100000 : info.enclave_size);
		free(f.b);
	}
}

/* Loaded bytes, metadata the loader copies into pages: measured. */
static void
measured_bytes(void **state)
{
	struct file f = load(PCE);
	struct ra_hash256 mr;

	(void)state;
	assert_ra_ok(measure(f.b, f.len, &mr));
	assert_false(flip_keeps(&f, 0x2000 + 0x100, &mr)); /* .text */
	assert_false(flip_keeps(&f, 0x1f4000 + 5, &mr));   /* .data */
	assert_false(flip_keeps(&f, 9, &mr)); /* e_ident padding (loaded) */
	/* the TCS template's OENTRY (0xa84 + 32 in the metadata) */
	assert_false(flip_keeps(&f, f.meta + 0xa84 + 32, &mr));
	/* the stack fill pattern (content_size of layout record 2) */
	assert_false(flip_keeps(&f, layout_rec(&f, 2) + 16, &mr));
	/* a byte the first patch writes into .nipd */
	assert_false(flip_keeps(&f, f.meta + 0xacc + 8, &mr));
	/* the heap's page count: its pages are added, not extended */
	assert_false(flip_keeps(&f, layout_rec(&f, 0) + 4, &mr));
	free(f.b);
}

/* Bytes no page is built from, or that a patch overwrites. */
static void
unmeasured_bytes(void **state)
{
	struct file f = load(PCE), s = load(SYNTH "sdk-v1.5.so");
	struct ra_hash256 mr, smr;

	(void)state;
	assert_ra_ok(measure(f.b, f.len, &mr));
	assert_true(flip_keeps(&f, 0x1fa0 + 5, &mr)); /* between segments */
	assert_true(flip_keeps(&f, f.meta + M_CSS + 516, &mr)); /* RSA sig */
	assert_true(
	    flip_keeps(&f, f.meta + M_CSS + 960, &mr)); /* ENCLAVEHASH */
	assert_true(flip_keeps(&f, f.meta + M_MAXSAVE, &mr));
	assert_true(flip_keeps(&f, f.meta + 0x5000, &mr)); /* past size */
	/* .nipd bytes in the file under the first patch (dst 0x1f8a80) */
	assert_true(flip_keeps(&f, 0x1f8a80 + 5, &mr));
	/* synthetic: .comment is not loaded; 0x2fe0.. is patched */
	assert_ra_ok(measure(s.b, s.len, &smr));
	assert_true(flip_keeps(&s, 0x4334 + 3, &smr));
	assert_true(flip_keeps(&s, 0x2fe0 + 0x30, &smr));
	assert_false(flip_keeps(&s, 0x2fe0 + 0x40, &smr));
	assert_false(flip_keeps(&s, 0x2a34 + 0x100, &smr));
	free(f.b);
	free(s.b);
}

static void
truncated_file(void **state)
{
	static const size_t cuts[] = { 0, 1, 15, 16, 63, 64, 0x2a8, 4096,
		0x1f916c, 2068869, 2068869 + 100, 2068933 + 1000, 0x1ff250,
		0x1ff250 + 64 * 21 + 1 };
	struct file f = load(PCE), s = load(SYNTH "sdk-elrange-v11.5.so");
	struct ra_hash256 mr;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		assert_ra_err(measure(f.b, cuts[i], &mr), RA_ERR_FORMAT);
	}
	assert_ra_err(measure(f.b, f.len - 1, &mr), RA_ERR_FORMAT);
	for (n = 0; n < s.len; n++) {
		uint8_t *t = malloc(n == 0 ? 1 : n);

		assert_non_null(t);
		memcpy(t, s.b, n);
		assert_ra_err(
		    measure(n == 0 ? NULL : t, n, &mr), RA_ERR_FORMAT);
		free(t);
	}
	free(f.b);
	free(s.b);
}

/* metadata_t alone: every prefix, a trailing byte, its size field. */
static enum ra_err
parse_meta(const uint8_t *b, size_t len)
{
	struct ra_sdk_meta m;
	struct ra_cur c = ra_cur_init(b, len);
	enum ra_err err = ra_sdk_meta_parse(&m, &c);

	return err != RA_OK ? err : ra_cur_finish(&c);
}

static void
truncated_metadata(void **state)
{
	struct file f = load(PCE);
	const uint8_t *m = f.b + f.meta;
	size_t size = get32(m + M_SIZE);

	(void)state;
	assert_int_equal(size, 4956);
	test_truncations(parse_meta, m, size);
	test_length_field(parse_meta, m, size, M_SIZE);
	free(f.b);
}

static void
versions(void **state)
{
	struct file f = load(PCE);
	size_t v = f.meta + M_VERSION;

	(void)state;
	want(&f, f.meta, 1, f.b[f.meta] ^ 1U, RA_ERR_VERSION); /* magic */
	want(&f, f.meta + 7, 1, 0, RA_ERR_VERSION);
	want(&f, v + 4, 4, 4, RA_ERR_VERSION);  /* major 4 */
	want(&f, v + 4, 4, 0, RA_ERR_VERSION);  /* major 0 */
	want(&f, v + 4, 4, 21, RA_ERR_VERSION); /* major 21 */
	want(&f, v, 4, 3, RA_ERR_VERSION);      /* 1.3: SDK 1.5 */
	want(&f, v, 4, 4, RA_OK);               /* 1.4: no extend dir */
	want(&f, v + 4, 4, 3, RA_OK);           /* 3.5 */
	want(&f, v + 4, 4, 2, RA_OK);           /* 2.5: no extend dir */
	/* 11.5: an ELRANGE directory is required */
	want(&f, v + 4, 4, 11, RA_ERR_FORMAT);
	want(&f, f.meta + M_CSS, 1, 7, RA_ERR_VERSION); /* SIGSTRUCT HEADER */
	free(f.b);
}

static void
header_values(void **state)
{
	struct file f = load(PCE);

	(void)state;
	want(&f, f.meta + M_TCSPOLICY, 4, 2, RA_ERR_FORMAT);
	want(&f, f.meta + M_SSA, 4, 0, RA_ERR_FORMAT);
	want(&f, f.meta + M_SSA, 4, 5, RA_ERR_FORMAT);
	want(&f, f.meta + M_ESIZE, 8, 0x400001, RA_ERR_FORMAT);
	want(&f, f.meta + M_ESIZE, 8, 0, RA_ERR_FORMAT);
	want(&f, f.meta + M_ESIZE, 8, 0x200000, RA_ERR_FORMAT);
	want(&f, f.meta + M_ESIZE, 8, (uint64_t)1 << 31, RA_ERR_POLICY);
	want(&f, f.meta + M_ESIZE, 8, (uint64_t)1 << 63, RA_ERR_POLICY);
	want(&f, f.meta + M_ESIZE, 8, 0x800000, RA_OK);
	/* directories */
	want(&f, f.meta + M_DIRS + 12, 4, 33, RA_ERR_FORMAT);
	want(&f, f.meta + M_DIRS + 8, 4, 4957, RA_ERR_FORMAT);
	want(&f, f.meta + M_DIRS + 4, 4, UINT32_MAX, RA_ERR_FORMAT);
	want(&f, f.meta + M_DIRS + 0, 4, UINT32_MAX, RA_ERR_FORMAT);
	want(&f, f.meta + M_DIRS + 16, 4, 4956, RA_ERR_FORMAT);
	free(f.b);
}

static void
layout_records(void **state)
{
	struct file f = load(PCE);
	size_t heap = layout_rec(&f, 0), stack = layout_rec(&f, 2);
	size_t tcs = layout_rec(&f, 4), td = layout_rec(&f, 7);
	size_t grp = layout_rec(&f, 8);
	struct ra_sdk_enclave_info info;
	struct ra_hash256 mr;
	uint8_t *c;

	(void)state;
	want(&f, stack + 24, 8, 0x20b, RA_ERR_FORMAT);   /* PENDING */
	want(&f, stack + 24, 8, 0x10203, RA_ERR_FORMAT); /* bit 16 */
	want(&f, stack + 24, 8, 0x303, RA_ERR_VERSION);  /* PT_VA */
	want(&f, stack + 24, 8, 0x202, RA_ERR_FORMAT);   /* W without R */
	want(&f, tcs + 24, 8, 0x103, RA_ERR_FORMAT);     /* TCS with RW */
	want(&f, heap + 8, 8, 0x20a000, RA_ERR_FORMAT);  /* over the image */
	want(&f, heap + 8, 8, 0x20b800, RA_ERR_FORMAT);  /* unaligned */
	want(&f, heap + 8, 8, 0x3fc000, RA_ERR_FORMAT);  /* past the end */
	want(&f, heap + 4, 4, UINT32_MAX, RA_ERR_FORMAT);
	want(&f, tcs + 20, 4, 5000, RA_ERR_FORMAT); /* content outside */
	want(&f, tcs + 20, 4, UINT32_MAX, RA_ERR_FORMAT);
	want(&f, tcs + 16, 4, 4956, RA_ERR_FORMAT);
	want(&f, heap + 2, 2, 0, RA_OK); /* heap not added */
	/* groups */
	want(&f, grp + 8, 8, 0, RA_OK);            /* times 0 */
	want(&f, grp + 4, 4, 1000, RA_ERR_FORMAT); /* too far */
	want(&f, grp + 2, 2, 9, RA_ERR_FORMAT);    /* before the table */
	want(&f, td, 2, 0x1009, RA_ERR_FORMAT);    /* a group in a group */
	c = malloc(f.len);
	assert_non_null(c);
	memcpy(c, f.b, f.len);
	put(c + grp + 4, 4, 1); /* one more thread, 0x39000 further */
	assert_ra_ok(ra_sdk_enclave_measure(&mr, NULL, &info, c, f.len));
	assert_int_equal(info.pages, 540 + 9);
	assert_int_equal(info.measured_pages, 532 + 9);
	put(c + grp + 8, 8, 0);
	assert_ra_err(measure(c, f.len, &mr), RA_ERR_FORMAT); /* step 0 */
	put(c + grp + 8, 8, 0x39001);
	assert_ra_err(measure(c, f.len, &mr), RA_ERR_FORMAT); /* unaligned */
	put(c + grp + 8, 8, 0x1000); /* overlaps the first thread */
	assert_ra_err(measure(c, f.len, &mr), RA_ERR_FORMAT);
	/* a TCS template larger than a page (content inside the metadata) */
	memcpy(c, f.b, f.len);
	put(c + tcs + 16, 4, 4200);
	put(c + tcs + 20, 4, 100);
	assert_ra_err(measure(c, f.len, &mr), RA_ERR_FORMAT);
	free(c);
	free(f.b);
}

static void
patches(void **state)
{
	struct file f = load(PCE);
	size_t p1 = patch_rec(&f, 1);

	(void)state;
	want(&f, p1, 8, f.len - 1, RA_ERR_FORMAT); /* past the file */
	want(&f, p1, 8, 0x400000, RA_ERR_FORMAT);  /* past the enclave */
	want(&f, p1 + 8, 4, 5000, RA_ERR_FORMAT);  /* source outside */
	want(&f, p1 + 12, 4, UINT32_MAX, RA_ERR_FORMAT);
	want(&f, p1, 8, UINT64_MAX, RA_ERR_FORMAT);
	free(f.b);
}

static void
note_and_elf(void **state)
{
	struct file f = load(PCE);
	size_t note = 0x1f916c, sh21 = 0x1ff250 + 21 * 64;

	(void)state;
	want(&f, note, 4, 12, RA_ERR_FORMAT);              /* n_namesz */
	want(&f, note + 4, 4, 0x5fff, RA_ERR_FORMAT);      /* n_descsz */
	want(&f, note + 12, 1, 'S', RA_ERR_FORMAT);        /* the name */
	want(&f, sh21 + 32, 8, 0x601c + 4, RA_ERR_FORMAT); /* sh_size */
	want(&f, sh21 + 48, 8, 3, RA_ERR_FORMAT);          /* sh_addralign */
	want(&f, note + 8, 4, 7, RA_OK);                   /* n_type: ignored */
	/* no section named .note.sgxmeta: rename it in .shstrtab */
	want(&f, 0x1ff188 + 0xb6 + 12, 1, 'b', RA_ERR_FORMAT);
	want(&f, 16, 2, RA_ELF_ET_EXEC, RA_ERR_VERSION);
	want(&f, 18, 2, 3, RA_ERR_VERSION);
	want(&f, 32, 8, UINT64_MAX, RA_ERR_FORMAT);
	want(&f, 40, 8, UINT64_MAX - 63, RA_ERR_FORMAT);
	want(&f, 56, 2, 0xfffe, RA_ERR_FORMAT);
	want(&f, 60, 2, 0xfffe, RA_ERR_FORMAT);
	free(f.b);
}

static void
segments(void **state)
{
	struct file f = load(PCE);
	size_t p3 = 64 + 3 * 56, p5 = 64 + 5 * 56;
	struct ra_hash256 mr;
	uint8_t *c;

	(void)state;
	want(&f, p3 + 4, 4, 0, RA_ERR_FORMAT);         /* no R/W/X */
	want(&f, p3 + 48, 8, 0x800, RA_ERR_FORMAT);    /* p_align */
	want(&f, p5 + 40, 8, 0x300000, RA_ERR_FORMAT); /* past the enclave */
	want(&f, p5 + 16, 8, UINT64_MAX - 0x16548, RA_ERR_FORMAT);
	want(&f, p3 + 4, 4, 7, RA_OK); /* RWX: other SECINFO */
	/* text and rodata swapped: pages out of order */
	c = malloc(f.len);
	assert_non_null(c);
	memcpy(c, f.b, f.len);
	memcpy(c + p3, f.b + p3 + 56, 56);
	memcpy(c + p3 + 56, f.b + p3, 56);
	assert_ra_err(measure(c, f.len, &mr), RA_ERR_FORMAT);
	free(c);
	free(f.b);
}

/* What the replay does not model is refused, not measured wrongly. */
static void
unsupported(void **state)
{
	struct file s = load(SYNTH "sdk-v1.5.so");
	size_t td = s.meta + get32(s.b + layout_rec(&s, 6) + 20);
	uint8_t *c = malloc(s.len);
	struct ra_hash256 mr;

	(void)state;
	assert_non_null(c);
	/* DT_TEXTREL in the dynamic table */
	memcpy(c, s.b, s.len);
	put(c + 0x2a34, 8, 22);
	put(c + 0x2a34 + 16, 8, 0);
	assert_ra_err(measure(c, s.len, &mr), RA_ERR_VERSION);
	/* an extend entry for an embedded shared object (the TD bytes) */
	memcpy(c, s.b, s.len);
	put(c + s.meta + M_DIRS + 24, 4, (uint32_t)(td - s.meta));
	put(c + s.meta + M_DIRS + 28, 4, 16);
	put(c + td, 4, RA_SDK_EXTEND_SHARED_OBJECT);
	put(c + td + 4, 4, 1);
	put(c + td + 8, 4, 1);
	assert_ra_err(measure(c, s.len, &mr), RA_ERR_VERSION);
	put(c + td, 4, RA_SDK_EXTEND_FIPS_SIG); /* other ids: ignored */
	assert_ra_ok(measure(c, s.len, &mr));
	put(c + s.meta + M_DIRS + 28, 4, 17);
	assert_ra_err(measure(c, s.len, &mr), RA_ERR_FORMAT);
	free(c);
	free(s.b);
}

static void
elrange(void **state)
{
	struct file s = load(SYNTH "sdk-elrange-v11.5.so");
	size_t e = s.meta + get32(s.b + s.meta + M_DIRS + 16);

	(void)state;
	want(&s, e + 16, 8, 0x100001, RA_ERR_FORMAT); /* not a power of 2 */
	want(&s, e + 16, 8, 0x40000, RA_ERR_FORMAT);  /* image outside */
	want(&s, e + 0, 8, 0xe0000, RA_ERR_FORMAT);   /* image past the end */
	want(&s, e + 0, 8, 0x41000, RA_OK);           /* other offsets */
	want(&s, e + 8, 8, 0x1000, RA_ERR_FORMAT);    /* start unaligned */
	want(&s, e + 8, 8, 0x50000, RA_ERR_FORMAT);   /* start > image */
	want(&s, s.meta + M_DIRS + 20, 4, 23, RA_ERR_FORMAT);
	want(&s, s.meta + M_DIRS + 16, 4, 0, RA_ERR_FORMAT);
	free(s.b);
}

static void
args(void **state)
{
	struct ra_hash256 mr;
	static const uint8_t x[4] = { 0 };

	(void)state;
	assert_ra_err(
	    ra_sdk_enclave_measure(NULL, NULL, NULL, x, 4), RA_ERR_ARG);
	assert_ra_err(
	    ra_sdk_enclave_measure(&mr, NULL, NULL, NULL, 4), RA_ERR_ARG);
	assert_ra_err(
	    ra_sdk_enclave_measure(&mr, NULL, NULL, NULL, 0), RA_ERR_FORMAT);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(pce),
	cmocka_unit_test(synthetic),
	cmocka_unit_test(measured_bytes),
	cmocka_unit_test(unmeasured_bytes),
	cmocka_unit_test(truncated_file),
	cmocka_unit_test(truncated_metadata),
	cmocka_unit_test(versions),
	cmocka_unit_test(header_values),
	cmocka_unit_test(layout_records),
	cmocka_unit_test(patches),
	cmocka_unit_test(note_and_elf),
	cmocka_unit_test(segments),
	cmocka_unit_test(unsupported),
	cmocka_unit_test(elrange),
	cmocka_unit_test(args),
};

TEST_MAIN(tests)
