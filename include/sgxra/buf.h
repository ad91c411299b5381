/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_BUF_H
#define RA_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"

/*
 * A writer into a caller-owned buffer with a sticky overflow flag. A write
 * that does not fit writes nothing and sets the flag; every later write is
 * dropped too. Builders write field after field and the caller checks
 * once, with ra_buf_finish(). No decision may depend on what was written
 * before that check.
 *
 * Do not rely on the size or contents of this type.
 */
struct ra_buf {
	uint8_t *p;
	size_t len; /* bytes written */
	size_t cap;
	bool overflow;
};

/* A writer over cap bytes at p. (NULL, 0) is a valid zero-capacity buffer. */
struct ra_buf ra_buf_init(void *p, size_t cap);

/*
 * Reserve n bytes and return a pointer to them for the caller to fill, or
 * NULL (and set the flag) if they do not fit. The bytes are zeroed.
 */
uint8_t *ra_buf_reserve(struct ra_buf *b, size_t n);

void ra_buf_put(struct ra_buf *b, const void *p, size_t n);
/* Write n bytes of p in reverse order (big-endian value, SGX LE field). */
void ra_buf_put_reversed(struct ra_buf *b, const void *p, size_t n);
/* Write n zero bytes (reserved fields). */
void ra_buf_zero(struct ra_buf *b, size_t n);
void ra_buf_u8(struct ra_buf *b, uint8_t v);
void ra_buf_u16le(struct ra_buf *b, uint16_t v);
void ra_buf_u16be(struct ra_buf *b, uint16_t v);
void ra_buf_u32le(struct ra_buf *b, uint32_t v);
void ra_buf_u32be(struct ra_buf *b, uint32_t v);
void ra_buf_u64le(struct ra_buf *b, uint64_t v);
void ra_buf_u64be(struct ra_buf *b, uint64_t v);

/* RA_OK iff every write fit, else RA_ERR_SPACE. */
RA_MUST_CHECK enum ra_err ra_buf_finish(const struct ra_buf *b);

/* Write exactly sizeof(field) bytes of an array field. */
#define RA_BUF_PUT(b, field) ra_buf_put((b), (field), sizeof(field))

#endif
