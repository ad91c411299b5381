/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra enclave files: the metadata block and the measurement of the ELF
 * it describes. Properties: a parsed block rebuilds exactly; measuring
 * never reads outside the input (ASan) and a successful measurement is
 * reproducible.
 */
#include "sgxra/image.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t meta[RA_IMAGE_META_LEN];
	struct ra_image img;
	struct ra_image_layout l1, l2;
	struct ra_hash256 a, b2;
	struct ra_buf b;

	if (ra_image_parse(&img, data, size) != RA_OK) {
		return 0;
	}
	b = ra_buf_init(meta, sizeof(meta));
	ra_image_meta_build(&b, &img);
	fuzz_same(&b, RA_OK, data + size - sizeof(meta), sizeof(meta));
	/* keep fuzzing cheap: enclaves above 64 MiB are not measured here */
	if (img.layout.enclave_size > ((uint64_t)64 << 20)) {
		return 0;
	}
	l1 = l2 = img.layout;
	if (ra_image_measure(&a, &l1, img.elf.p, img.elf.len) == RA_OK) {
		fuzz_assert(ra_image_measure(
		                &b2, &l2, img.elf.p, img.elf.len) == RA_OK);
		fuzz_assert(memcmp(a.b, b2.b, 32) == 0);
	}
	return 0;
}
