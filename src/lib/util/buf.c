/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "internal.h"
#include "sgxra/buf.h"

struct ra_buf
ra_buf_init(void *p, size_t cap)
{
	static uint8_t none[1];
	struct ra_buf b = { p, 0, cap, false };

	if (p == NULL) {
		b.p = none;
		b.cap = 0;
		b.overflow = cap != 0;
	}
	return b;
}

uint8_t *
ra_buf_reserve(struct ra_buf *b, size_t n)
{
	uint8_t *p;

	/* Compare lengths, never pointers. */
	if (b->overflow || b->cap - b->len < n) {
		b->overflow = true;
		return NULL;
	}
	p = b->p + b->len;
	b->len += n;
	if (n != 0) {
		memset(p, 0, n);
	}
	return p;
}

void
ra_buf_put(struct ra_buf *b, const void *p, size_t n)
{
	uint8_t *d = ra_buf_reserve(b, n);

	if (d != NULL && n != 0) {
		memcpy(d, p, n);
	}
}

void
ra_buf_put_reversed(struct ra_buf *b, const void *p, size_t n)
{
	uint8_t *d = ra_buf_reserve(b, n);

	if (d != NULL) {
		ra_reverse(d, p, n);
	}
}

void
ra_buf_zero(struct ra_buf *b, size_t n)
{
	(void)ra_buf_reserve(b, n);
}

void
ra_buf_u8(struct ra_buf *b, uint8_t v)
{
	uint8_t *d = ra_buf_reserve(b, 1);

	if (d != NULL) {
		d[0] = v;
	}
}

void
ra_buf_u16le(struct ra_buf *b, uint16_t v)
{
	uint8_t *d = ra_buf_reserve(b, 2);

	if (d != NULL) {
		ra_enc16le(d, v);
	}
}

void
ra_buf_u16be(struct ra_buf *b, uint16_t v)
{
	uint8_t *d = ra_buf_reserve(b, 2);

	if (d != NULL) {
		ra_enc16be(d, v);
	}
}

void
ra_buf_u32le(struct ra_buf *b, uint32_t v)
{
	uint8_t *d = ra_buf_reserve(b, 4);

	if (d != NULL) {
		ra_enc32le(d, v);
	}
}

void
ra_buf_u32be(struct ra_buf *b, uint32_t v)
{
	uint8_t *d = ra_buf_reserve(b, 4);

	if (d != NULL) {
		ra_enc32be(d, v);
	}
}

void
ra_buf_u64le(struct ra_buf *b, uint64_t v)
{
	uint8_t *d = ra_buf_reserve(b, 8);

	if (d != NULL) {
		ra_enc64le(d, v);
	}
}

enum ra_err
ra_buf_finish(const struct ra_buf *b)
{
	return b->overflow ? RA_ERR_SPACE : RA_OK;
}

void
ra_buf_u64be(struct ra_buf *b, uint64_t v)
{
	uint8_t *d = ra_buf_reserve(b, 8);

	if (d != NULL) {
		ra_enc64be(d, v);
	}
}
