/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra measure: the MRENCLAVE of an SGXS stream, or of an enclave signed
 * with the Intel SGX SDK (replayed from its .note.sgxmeta metadata), with
 * the identity fields of the embedded SIGSTRUCT.
 */
#include <err.h>
#include <string.h>

#include "sgxra.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/elf.h"
#include "sgxra/image.h"
#include "sgxra/measure.h"
#include "sgxra/sdk.h"
#include "show.h"

static const char measure_usage[] =
    "usage: sgxra measure [--json] FILE\n"
    "\n"
    "Compute the MRENCLAVE of an enclave without SGX hardware or the SGX\n"
    "SDK. FILE (- reads stdin) is one of:\n"
    "\n"
    "  an SGXS stream (Fortanix's format, first record ECREATE): the\n"
    "      measurement transcript itself, replayed record by record;\n"
    "  an enclave shared object signed with the Intel SGX SDK (an ELF file\n"
    "      with a .note.sgxmeta section): the pages the SDK's loader adds\n"
    "      are replayed from the layout that sgx_sign recorded there;\n"
    "  an sgxra enclave signed with `sgxra sign` (an ELF file followed by\n"
    "      its layout and SIGSTRUCT): measured as sgxra-platformd loads it.\n"
    "\n"
    "For a signed enclave it also prints MRSIGNER (SHA-256 of the SIGSTRUCT\n"
    "modulus as stored), ISVPRODID, ISVSVN, the attributes and MISCSELECT\n"
    "with their masks, the metadata and what the replay added, and compares\n"
    "the computed MRENCLAVE with the SIGSTRUCT's ENCLAVEHASH. The RSA\n"
    "signature is not checked.\n"
    "\n"
    "  --json   print JSON instead of text\n"
    "\n"
    "Exit status: 0 measured (for a signed enclave: and equal to its\n"
    "ENCLAVEHASH); 1 unreadable, malformed or unsupported input, or an\n"
    "MRENCLAVE mismatch; 2 usage error.\n";

static const uint8_t tag_ecreate[8] = { 'E', 'C', 'R', 'E', 'A', 'T', 'E', 0 };
static const uint8_t tag_unsized[8] = { 'U', 'N', 'S', 'I', 'Z', 'E', 'D', 0 };
static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

static bool
starts_with(const uint8_t *buf, size_t len, const uint8_t *p, size_t n)
{
	return len >= n && memcmp(buf, p, n) == 0;
}

static int
measure_sgxs(const char *path, const uint8_t *buf, size_t len, bool as_json)
{
	struct ra_sgxs_info info;
	struct ra_hash256 mr;
	enum ra_err e;
	json_t *o;

	if ((e = ra_measure_sgxs(&mr, &info, buf, len)) != RA_OK) {
		die_ra(e, "%s: SGXS stream refused", path);
	}
	o = json_object();
	show_set(o, "kind", json_string("SGXS stream"));
	show_set(o, "mr_enclave", show_hex(mr.b, sizeof(mr.b)));
	show_set(o, "ssa_frame_size", show_uint(info.ssa_frame_size));
	show_set(o, "size", show_flags(info.size, 1));
	show_set(o, "pages", show_uint(info.pages));
	show_set(o, "measured_chunks", show_uint(info.measured_chunks));
	show_set(o, "unmeasured_chunks", show_uint(info.unmeasured_chunks));
	show_emit(o, as_json);
	return EXIT_OK;
}

/* One line per way the SDK replay can refuse a file. */
static void __attribute__((noreturn)) die_sdk(enum ra_err e, const char *path)
{
	switch (e) {
	case RA_ERR_VERSION:
		errx(EXIT_FAIL,
		    "%s: unsupported enclave: text relocations, an embedded "
		    "shared object, a page type other than REG/TCS, or not "
		    "ET_DYN",
		    path);
	case RA_ERR_POLICY:
		errx(EXIT_FAIL, "%s: enclave size above the %llu MiB replayed",
		    path, (unsigned long long)(RA_SDK_ENCLAVE_MAX_LEN >> 20));
	default:
		die_ra(e,
		    "%s: malformed enclave: a segment, patch or layout "
		    "entry the SDK loader refuses (outside the enclave or "
		    "the file, overlapping, out of order, bad page flags)",
		    path);
	}
}

static json_t *
show_meta(const struct ra_sdk_meta *m, const struct ra_sdk_enclave_info *in)
{
	json_t *o = json_object();
	char version[32];

	snprintf(version, sizeof(version), "%u.%u", m->major, m->minor);
	show_set(o, "version", json_string(version));
	show_set(o, "enclave_size", show_flags(m->enclave_size, 1));
	show_set(o, "elrange", json_boolean(m->has_elrange));
	if (m->has_elrange) {
		show_set(o, "elrange_start",
		    show_flags(m->elrange.start_address, 1));
		show_set(o, "elrange_size", show_flags(m->elrange.size, 1));
		show_set(o, "image_address",
		    show_flags(m->elrange.image_address, 1));
	}
	show_set(o, "ssa_frame_size", show_uint(m->ssa_frame_size));
	show_set(o, "tcs_policy", show_uint(m->tcs_policy));
	show_set(o, "tcs_min_pool", show_uint(m->tcs_min_pool));
	show_set(o, "max_save_buffer_size", show_uint(m->max_save_buffer_size));
	show_set(
	    o, "desired_misc_select", show_flags(m->desired_misc_select, 8));
	show_set(o, "attributes", show_attributes(&m->attributes));
	show_set(o, "patches", show_uint(m->patches.len / RA_SDK_PATCH_LEN));
	show_set(
	    o, "layout_records", show_uint(m->layout.len / RA_SDK_LAYOUT_LEN));
	show_set(o, "ecreate_size", show_flags(in->secs_size, 1));
	show_set(o, "pages_added", show_uint(in->pages));
	show_set(o, "pages_measured", show_uint(in->measured_pages));
	return o;
}

/* The identity a signed enclave gets at EINIT, and the comparison. */
static json_t *
show_signed(const struct ra_hash256 *mr, const struct ra_sigstruct *ss)
{
	json_t *o = json_object();
	struct ra_hash256 mrsigner;
	char date[16];

	ra_sha256(&mrsigner, ss->modulus_le, sizeof(ss->modulus_le));
	snprintf(date, sizeof(date), "%04x-%02x-%02x", ss->date >> 16,
	    (ss->date >> 8) & 0xff, ss->date & 0xff);
	show_set(o, "kind", json_string("Intel SGX SDK signed enclave"));
	show_set(o, "mr_enclave", show_hex(mr->b, sizeof(mr->b)));
	show_set(o, "mr_signer", show_hex(mrsigner.b, sizeof(mrsigner.b)));
	show_set(o, "isv_prod_id", show_uint(ss->isv_prod_id));
	show_set(o, "isv_svn", show_uint(ss->isv_svn));
	show_set(o, "attributes", show_attributes(&ss->attributes));
	show_set(o, "attribute_mask", show_attributes(&ss->attribute_mask));
	show_set(o, "misc_select", show_flags(ss->misc_select, 8));
	show_set(o, "misc_mask", show_flags(ss->misc_mask, 8));
	show_set(o, "vendor", show_flags(ss->vendor, 8));
	show_set(o, "date", json_string(date));
	show_set(o, "debug_signed",
	    json_boolean((ss->type & RA_SIGSTRUCT_TYPE_DEBUG) != 0));
	show_set(o, "enclave_hash",
	    show_hex(ss->enclave_hash.b, sizeof(ss->enclave_hash.b)));
	show_set(o, "mr_enclave_matches",
	    json_boolean(ra_ct_eq(mr->b, ss->enclave_hash.b, sizeof(mr->b))));
	return o;
}

static void
hex32(char out[65], const struct ra_hash256 *h)
{
	size_t i;

	for (i = 0; i < sizeof(h->b); i++) {
		snprintf(out + 2 * i, 3, "%02x", h->b[i]);
	}
}

static void
mismatch(const char *path, const struct ra_hash256 *mr,
    const struct ra_hash256 *want)
{
	char got[65], exp[65];

	hex32(got, mr);
	hex32(exp, want);
	fflush(stdout);
	warnx("%s: MRENCLAVE mismatch: computed %s, SIGSTRUCT ENCLAVEHASH %s",
	    path, got, exp);
}

/*
 * Why the metadata at block (in buf) was refused, with its file offset:
 * the magic, the version, or the fields after them.
 */
static void __attribute__((noreturn)) die_meta(
    enum ra_err e, const char *path, const uint8_t *buf, struct ra_bytes block)
{
	struct ra_cur c = ra_cur_init(block.p, block.len);
	uint64_t magic = ra_cur_u64le(&c), version = ra_cur_u64le(&c);
	size_t off = (size_t)(block.p - buf);

	if (e == RA_ERR_VERSION && magic != RA_SDK_META_MAGIC) {
		errx(EXIT_FAIL,
		    "%s: .note.sgxmeta at file offset %zu: magic %#llx is not "
		    "%#llx (an unsigned enclave?)",
		    path, off, (unsigned long long)magic,
		    (unsigned long long)RA_SDK_META_MAGIC);
	}
	if (e == RA_ERR_VERSION) {
		errx(EXIT_FAIL,
		    "%s: .note.sgxmeta at file offset %zu: metadata version "
		    "%u.%u unsupported (1.4 and later of 1.x, 2.x, 3.x, and "
		    "11.x..13.x), or its SIGSTRUCT at offset %zu has a bad "
		    "header",
		    path, off, (unsigned)(version >> 32), (unsigned)version,
		    off + 64);
	}
	die_ra(e, "%s: .note.sgxmeta at file offset %zu: malformed metadata",
	    path, off);
}

static int
measure_signed(const char *path, const uint8_t *buf, size_t len,
    const struct ra_elf *elf, bool as_json)
{
	struct ra_sdk_enclave_info info;
	struct ra_sdk_meta meta;
	struct ra_sigstruct ss;
	struct ra_hash256 mr;
	struct ra_bytes block;
	struct ra_cur c;
	enum ra_err e;
	json_t *o;
	bool same;

	if ((e = ra_sdk_meta_note(&block, elf)) != RA_OK) {
		die_ra(e,
		    "%s: .note.sgxmeta: not the SGX SDK's note (name "
		    "sgx_metadata, section size)",
		    path);
	}
	c = ra_cur_init(block.p, block.len);
	if ((e = ra_sdk_meta_parse(&meta, &c)) != RA_OK) {
		die_meta(e, path, buf, block);
	}
	if ((e = ra_sdk_enclave_measure(&mr, &ss, &info, buf, len)) != RA_OK) {
		die_sdk(e, path);
	}
	o = show_signed(&mr, &ss);
	show_set(o, "metadata", show_meta(&meta, &info));
	same = ra_ct_eq(mr.b, ss.enclave_hash.b, sizeof(mr.b));
	show_emit(o, as_json);
	if (!same) {
		mismatch(path, &mr, &ss.enclave_hash);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* An sgxra enclave: the ELF and the layout of its metadata block. */
static int
measure_sgxra(const char *path, const struct ra_image *img, bool as_json)
{
	struct ra_image_layout l = img->layout;
	struct ra_hash256 mr;
	enum ra_err e;
	json_t *o, *lo;
	bool same;

	e = ra_image_measure(&mr, &l, img->elf.p, img->elf.len);
	if (e != RA_OK) {
		die_ra(e, "%s: sgxra enclave: cannot measure its ELF", path);
	}
	o = show_signed(&mr, &img->sigstruct);
	show_set(o, "kind", json_string("sgxra signed enclave"));
	lo = json_object();
	show_set(lo, "format", json_string("sgxra enclave"));
	show_set(lo, "tcs_count", show_uint(l.tcs_count));
	show_set(lo, "heap_size", show_uint(l.heap_size));
	show_set(lo, "stack_size", show_uint(l.stack_size));
	show_set(lo, "ssa_frame_size", show_uint(l.ssa_frame_size));
	show_set(lo, "enclave_size", show_uint(l.enclave_size));
	show_set(o, "layout", lo);
	same = ra_ct_eq(mr.b, img->sigstruct.enclave_hash.b, sizeof(mr.b));
	show_emit(o, as_json);
	if (!same) {
		mismatch(path, &mr, &img->sigstruct.enclave_hash);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
measure_file(const char *path, const uint8_t *buf, size_t len, bool as_json)
{
	struct ra_elf elf;
	struct ra_elf_shdr sh;
	struct ra_image img;
	enum ra_err e;

	if (starts_with(buf, len, tag_ecreate, sizeof(tag_ecreate)) ||
	    starts_with(buf, len, tag_unsized, sizeof(tag_unsized))) {
		return measure_sgxs(path, buf, len, as_json);
	}
	if (!starts_with(buf, len, elf_magic, sizeof(elf_magic))) {
		errx(EXIT_FAIL, "%s: not an SGXS stream or a signed enclave",
		    path);
	}
	if ((e = ra_elf_parse(&elf, buf, len)) != RA_OK) {
		die_ra(e,
		    "%s: malformed or unsupported ELF file (ELF64 "
		    "x86-64 only)",
		    path);
	}
	if (ra_image_parse(&img, buf, len) == RA_OK) {
		return measure_sgxra(path, &img, as_json);
	}
	if (!ra_elf_section_find(&elf, &sh, ".note.sgxmeta")) {
		errx(EXIT_FAIL,
		    "%s: not an SGXS stream or a signed enclave (an ELF file "
		    "without .note.sgxmeta)",
		    path);
	}
	return measure_signed(path, buf, len, &elf, as_json);
}

int
cmd_measure(int argc, char **argv)
{
	bool as_json = false;
	const char *path = NULL;
	uint8_t *buf;
	size_t len;
	int i, rc;

	if (wants_help(argc, argv, measure_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--json")) {
			as_json = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			warnx("unknown option %s", argv[i]);
			return usage(measure_usage);
		} else if (path == NULL) {
			path = argv[i];
		} else {
			return usage(measure_usage);
		}
	}
	if (path == NULL) {
		return usage(measure_usage);
	}
	buf = read_input(path, TOOL_MAX_ENCLAVE, &len);
	rc = measure_file(path, buf, len, as_json);
	free(buf);
	return rc;
}
