/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_IMAGE_H
#define RA_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * sgxra enclaves: an ELF shared object (x86-64, position independent)
 * linked with the trusted runtime (src/trts), followed, once signed, by a
 * metadata block that holds the layout and the SIGSTRUCT:
 *
 *   off  size
 *     0     8 magic "SGXRAMD1"
 *     8     4 version, 1
 *    12     4 TCS count (threads), 1..RA_IMAGE_MAX_TCS
 *    16     8 heap size (bytes, a multiple of 4096)
 *    24     8 stack size per thread (bytes, a multiple of 4096)
 *    32     4 SSA frame size (pages), 1..4
 *    36     4 zero
 *    40     8 enclave size (ECREATE SIZE: a power of two)
 *    48     8 image length (the ELF bytes before this block)
 *    56    24 zero
 *    80  1808 SIGSTRUCT
 *  1888       end of file
 *
 * MRENCLAVE is the transcript of this layout (docs/platform.md):
 * ECREATE(SSA frame size, enclave size); every page of the ELF's PT_LOAD
 * segments in address order, EADDed with R/W/X from the segment and
 * EEXTENDed (file bytes, zero fill beyond p_filesz); then at the first
 * page after the image: the heap pages (RW, added, not measured); then
 * per thread: a guard page (not added), the stack pages (RW, added, not
 * measured), the TCS page (PT_TCS, measured: all zero) and SSA frame
 * pages (RW, added, not measured). The metadata block itself is not
 * measured: every value in it that matters shapes the transcript, and
 * the SIGSTRUCT signs the transcript.
 */
#define RA_IMAGE_META_LEN 1888
#define RA_IMAGE_MAX_TCS  64
/* Largest enclave accepted (ECREATE SIZE). */
#define RA_IMAGE_MAX_SIZE ((uint64_t)1 << 32)

struct ra_image_layout {
	uint32_t tcs_count;
	uint64_t heap_size;
	uint64_t stack_size;
	uint32_t ssa_frame_size;
	uint64_t enclave_size; /* computed by ra_image_measure if 0 */
};

struct ra_image {
	struct ra_image_layout layout;
	struct ra_sigstruct sigstruct;
	struct ra_bytes elf; /* view: the ELF bytes (image length) */
};

/*
 * Split a signed enclave file into its ELF bytes, layout and SIGSTRUCT.
 * RA_ERR_FORMAT if there is no valid metadata block at the end (an
 * unsigned ELF, a truncated file, a bad length or reserved byte),
 * RA_ERR_VERSION for another magic or version. Views point into file.
 */
RA_MUST_CHECK enum ra_err ra_image_parse(
    struct ra_image *img, const uint8_t *file, size_t len);

/* Append the metadata block for img (elf.len is the image length). */
void ra_image_meta_build(struct ra_buf *b, const struct ra_image *img);

/*
 * MRENCLAVE of the ELF bytes elf[0..len) laid out with layout (see
 * above). If layout->enclave_size is 0 it is set to the smallest power of
 * two that holds the image, heap and threads; otherwise it must. The ELF
 * must be a shared object for x86-64 with at least one PT_LOAD segment,
 * no writable-and-executable segment, and no relocations of text
 * (DT_TEXTREL). RA_ERR_FORMAT for a malformed ELF or an impossible
 * layout, RA_ERR_POLICY for what the loader refuses (W+X, TEXTREL).
 */
RA_MUST_CHECK enum ra_err ra_image_measure(struct ra_hash256 *mrenclave,
    struct ra_image_layout *layout, const uint8_t *elf, size_t len);

#endif
