/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_SDK_H
#define RA_SDK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/cursor.h"
#include "sgxra/elf.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * Enclaves built and signed with the Intel SGX SDK: the metadata that
 * the signing tool (sgx_sign) stores in the enclave's ELF file, and the
 * replay of the page sequence the SDK's loader builds from it, which
 * gives MRENCLAVE without the SDK. Facts from Intel's linux-sgx sources:
 * common/inc/internal/metadata.h (metadata_t, layout_entry_t,
 * layout_group_t, patch_entry_t), common/inc/internal/se_page_attr.h,
 * common/inc/internal/arch.h, psw/urts/parser/elfparser.cpp,
 * psw/urts/loader.cpp and sdk/sign_tool/SignTool/enclave_creator_sign.cpp.
 * Layouts, flags and the page sequence: docs/enclave-formats.md.
 *
 * Every integer is little-endian. Nothing here is constant-time: enclave
 * files and measurements are public.
 */

/* metadata_t.magic_num */
#define RA_SDK_META_MAGIC 0x86a80294635d0e4cULL
/* The descriptor of the .note.sgxmeta note (METADATA_SIZE). */
#define RA_SDK_META_BLOCK_LEN 0x6000
/* metadata_t up to and including enclave_css. */
#define RA_SDK_META_FIXED_LEN 1872
#define RA_SDK_META_DIR_LEN   8
#define RA_SDK_LAYOUT_LEN     32
#define RA_SDK_PATCH_LEN      32
#define RA_SDK_EXTEND_LEN     16
#define RA_SDK_ELRANGE_LEN    24
/* The TCS template a layout entry may carry (TCS_TEMPLATE_SIZE). */
#define RA_SDK_TCS_TEMPLATE_LEN 72
/*
 * The largest enclave (metadata enclave_size) replayed: the replay's
 * time grows with the size, so larger ones are refused (RA_ERR_POLICY).
 */
#define RA_SDK_ENCLAVE_MAX_LEN ((uint64_t)1 << 30)

/* layout_entry_t.attributes bits (se_page_attr.h). */
enum ra_sdk_page_attr {
	RA_SDK_PAGE_EADD = 0x01,
	RA_SDK_PAGE_EEXTEND = 0x02,
	RA_SDK_PAGE_EREMOVE = 0x04,
	RA_SDK_PAGE_POST_ADD = 0x08,
	RA_SDK_PAGE_POST_REMOVE = 0x10,
	RA_SDK_PAGE_DYN_THREAD = 0x20,
	RA_SDK_PAGE_GROW_DOWN = 0x40,
};

/* Bit 12 of a layout id: the record is a layout_group_t. */
#define RA_SDK_LAYOUT_GROUP 0x1000
/* si_flags of a TCS page (SI_FLAGS_TCS: page type 1, no R/W/X). */
#define RA_SDK_SI_FLAGS_TCS 0x100

/* extend_entry_t ids. */
enum ra_sdk_extend_id {
	RA_SDK_EXTEND_FIPS_SIG = 0x1001,
	RA_SDK_EXTEND_SHARED_OBJECT = 0x1002,
};

/* elrange_config_entry_t (SGX2 ELRANGE enclaves, metadata major > 10). */
struct ra_sdk_elrange {
	uint64_t image_address; /*  0 enclave_image_address */
	uint64_t start_address; /*  8 elrange_start_address */
	uint64_t size;          /* 16 elrange_size */
};

/*
 * One metadata_t. The header fields are copied; the embedded SIGSTRUCT
 * is parsed (and also kept as a view); the directories are views into
 * the metadata. Offsets in layout entries and patches (content_offset,
 * src) are relative to meta, which is the whole metadata_t (size bytes).
 * Views are valid while the parsed bytes are.
 */
struct ra_sdk_meta {
	uint32_t major;                  /*   8 version >> 32 */
	uint32_t minor;                  /*   8 version & 0xffffffff */
	uint32_t size;                   /*  16 */
	uint32_t tcs_policy;             /*  20 0 bind, 1 unbind */
	uint32_t ssa_frame_size;         /*  24 pages */
	uint32_t max_save_buffer_size;   /*  28 */
	uint32_t desired_misc_select;    /*  32 */
	uint32_t tcs_min_pool;           /*  36 */
	uint64_t enclave_size;           /*  40 */
	struct ra_attributes attributes; /*  48 */
	struct ra_sigstruct sigstruct;   /*  64 enclave_css */
	struct ra_bytes enclave_css;     /*  64, 1808 bytes as stored */
	struct ra_bytes meta;            /* bytes 0 .. size */
	struct ra_bytes patches;         /* dirs[0]: patch_entry_t[] */
	struct ra_bytes layout;          /* dirs[1]: layout_t[] */
	bool has_elrange;                /* major > 10 */
	struct ra_sdk_elrange elrange;   /* dirs[2], if has_elrange */
	struct ra_bytes extend; /* dirs[3]; empty if the version has none */
	bool has_shared_object; /* an EXTEND_ENTRY_ID_SHARED_OBJECT */
};

/*
 * A layout_t (32 bytes): an entry, or, if is_group, a group that repeats
 * the entry_count entries before it load_times times, each time load_step
 * bytes further. Only the fields of its kind are set; the others are 0.
 */
struct ra_sdk_layout {
	bool is_group;
	uint16_t id;             /*  0 */
	uint16_t attributes;     /*  2 entry: enum ra_sdk_page_attr */
	uint32_t page_count;     /*  4 entry */
	uint64_t rva;            /*  8 entry */
	uint32_t content_size;   /* 16 entry */
	uint32_t content_offset; /* 20 entry: in the metadata; 0 = none */
	uint64_t si_flags;       /* 24 entry: SECINFO.FLAGS */
	uint16_t entry_count;    /*  2 group */
	uint32_t load_times;     /*  4 group */
	uint64_t load_step;      /*  8 group */
};

/* A patch_entry_t (32 bytes): copy size bytes of metadata to the file. */
struct ra_sdk_patch {
	uint64_t dst;  /*  0 file offset */
	uint32_t src;  /*  8 metadata offset */
	uint32_t size; /* 12 */
};

/*
 * The metadata block of an SDK-signed enclave: the descriptor of the
 * note in the section named ".note.sgxmeta". The SDK writes this note
 * its own way: the descriptor follows the n_namesz name bytes directly,
 * without the gABI padding of the name ("sgx_metadata" and its NUL, 13
 * bytes), and the section is exactly 12 + n_namesz + n_descsz bytes
 * rounded up to sh_addralign (psw/urts/parser/elfparser.cpp
 * get_meta_property). *block points into elf's buffer. RA_ERR_FORMAT if
 * the section is missing or malformed.
 */
RA_MUST_CHECK enum ra_err ra_sdk_meta_note(
    struct ra_bytes *block, const struct ra_elf *elf);

/*
 * Parse one metadata_t from c, consuming its size field's worth of bytes
 * (the rest of a block may hold more metadata, or zeros). Checks what the
 * SDK's loader checks (psw/urts/loader.cpp validate_metadata), and a
 * little more, so that a replay cannot loop or index out of bounds:
 *
 *   - RA_ERR_VERSION: a magic other than RA_SDK_META_MAGIC; a version
 *     whose major is not 1, 2, 3 (SGX1, SGX2) or 11, 12, 13 (the same
 *     with ELRANGE), or 1.0 .. 1.3 (SDK 1.5 and older, whose loader adds
 *     pages this replay does not model); a SIGSTRUCT with a wrong header.
 *   - RA_ERR_FORMAT: truncated; size smaller than the fixed part; a TCS
 *     policy above 1, an SSA frame size outside 1..4 pages, an enclave
 *     size that is not a power of two; a directory, a layout content or
 *     a patch source outside the metadata; a table size that is not a
 *     whole number of records; a patch destination or a layout entry
 *     (with every group repetition) outside the enclave size; a group
 *     that reaches before the table or repeats a group, or repeats with
 *     a step that is zero, not page-aligned or leaves the enclave; a bad
 *     ELRANGE entry (loader.cpp set_elrange_config rules).
 *
 * On success the views point into c's bytes.
 */
RA_MUST_CHECK enum ra_err ra_sdk_meta_parse(
    struct ra_sdk_meta *m, struct ra_cur *c);

/*
 * ra_sdk_meta_note() and ra_sdk_meta_parse() of the first metadata of
 * the block: the one sgx_sign measured (compatibility copies for older
 * loaders are appended after it and carry the same SIGSTRUCT).
 */
RA_MUST_CHECK enum ra_err ra_sdk_meta_find(
    struct ra_sdk_meta *m, const struct ra_elf *elf);

/* Parse a 32-byte layout_t. RA_ERR_FORMAT if truncated. */
RA_MUST_CHECK enum ra_err ra_sdk_meta_layout_parse(
    struct ra_sdk_layout *l, struct ra_cur *c);

/* Parse a 32-byte patch_entry_t. RA_ERR_FORMAT if truncated. */
RA_MUST_CHECK enum ra_err ra_sdk_meta_patch_parse(
    struct ra_sdk_patch *p, struct ra_cur *c);

/* What a replay did; see ra_sdk_enclave_measure(). */
struct ra_sdk_enclave_info {
	uint32_t meta_major; /* the metadata version */
	uint32_t meta_minor;
	uint64_t enclave_size;   /* metadata enclave_size */
	uint64_t secs_size;      /* ECREATE SIZE: enclave or ELRANGE size */
	uint32_t ssa_frame_size; /* ECREATE SSAFRAMESIZE, pages */
	uint64_t pages;          /* EADDs */
	uint64_t measured_pages; /* pages also EEXTENDed (16 chunks each) */
};

/*
 * The MRENCLAVE of an enclave signed with the Intel SGX SDK, given the
 * signed ELF shared object buf[0..len): the measurement sgx_sign computed
 * and stored as the SIGSTRUCT's ENCLAVEHASH, replayed from the first
 * metadata of the file (docs/enclave-formats.md gives the sequence:
 * ECREATE; every PT_LOAD segment page by page with the metadata's
 * patches applied to the file bytes; then the layout table, groups
 * repeated). If sigstruct is not NULL it receives the embedded SIGSTRUCT,
 * if info is not NULL what the replay did. Comparing the result with the
 * SIGSTRUCT's enclave_hash is the caller's business; the RSA signature is
 * not checked here.
 *
 * Returns RA_OK; RA_ERR_ARG for a NULL mrenclave or buf with len > 0;
 * the errors of ra_elf_parse() and ra_sdk_meta_parse(); RA_ERR_FORMAT if
 * the note is missing, a patch lies outside the file, a loadable segment
 * has no permissions, a p_align that is not a multiple of 4096 or does
 * not fit in the enclave, a page would be added twice, out of order or
 * outside the enclave, or a layout page has flags the SDK or Linux
 * refuses; RA_ERR_VERSION for an ELF that is not ET_DYN, an enclave with
 * text relocations (DT_TEXTREL, which sgx_sign refuses by default), one
 * that embeds an extra shared object (EXTEND_ENTRY_ID_SHARED_OBJECT,
 * the OpenSSL FIPS provider), or a page type other than REG and TCS;
 * RA_ERR_POLICY for an enclave size above RA_SDK_ENCLAVE_MAX_LEN.
 *
 * Allocates nothing: the only buffer is one page on the stack, and the
 * patches are applied to each page as it is built.
 */
RA_MUST_CHECK enum ra_err ra_sdk_enclave_measure(struct ra_hash256 *mrenclave,
    struct ra_sigstruct *sigstruct, struct ra_sdk_enclave_info *info,
    const uint8_t *buf, size_t len);

#endif
