/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "internal.h"
#include "sgxra/cursor.h"

struct ra_cur
ra_cur_init(const void *p, size_t len)
{
	static const uint8_t none[1];
	struct ra_cur c = { p, len, false };

	/* (NULL, 0) is a valid empty input, but NULL + 0 is not valid C. */
	if (p == NULL) {
		c.p = none;
		c.len = 0;
		c.err = len != 0;
	}
	return c;
}

const uint8_t *
ra_cur_take(struct ra_cur *c, size_t n)
{
	const uint8_t *p;

	/* Compare lengths, never pointers: c->p + n can overflow. */
	if (c->err || c->len < n) {
		c->err = true;
		return NULL;
	}
	p = c->p;
	c->p += n;
	c->len -= n;
	return p;
}

struct ra_cur
ra_cur_sub(struct ra_cur *c, size_t n)
{
	const uint8_t *p = ra_cur_take(c, n);
	struct ra_cur sub;

	if (p == NULL) {
		sub = ra_cur_init(NULL, 0);
		sub.err = true;
		return sub;
	}
	return ra_cur_init(p, n);
}

struct ra_bytes
ra_cur_bytes(struct ra_cur *c, size_t n)
{
	const uint8_t *p = ra_cur_take(c, n);
	struct ra_bytes b = { NULL, 0 };

	if (p != NULL) {
		b.p = p;
		b.len = n;
	}
	return b;
}

struct ra_bytes
ra_cur_rest(struct ra_cur *c)
{
	return ra_cur_bytes(c, c->err ? 0 : c->len);
}

void
ra_cur_skip(struct ra_cur *c, size_t n)
{
	(void)ra_cur_take(c, n);
}

void
ra_cur_zero(struct ra_cur *c, size_t n)
{
	const uint8_t *p = ra_cur_take(c, n);

	if (p != NULL && !ra_ct_is_zero(p, n)) {
		c->err = true;
	}
}

void
ra_cur_copy(struct ra_cur *c, void *dst, size_t n)
{
	const uint8_t *p = ra_cur_take(c, n);

	if (p == NULL) {
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, p, n);
}

void
ra_cur_copy_reversed(struct ra_cur *c, void *dst, size_t n)
{
	const uint8_t *p = ra_cur_take(c, n);
	uint8_t *d = dst;
	size_t i;

	if (p == NULL) {
		memset(dst, 0, n);
		return;
	}
	for (i = 0; i < n; i++) {
		d[i] = p[n - 1 - i];
	}
}

uint8_t
ra_cur_u8(struct ra_cur *c)
{
	const uint8_t *b = ra_cur_take(c, 1);

	return b == NULL ? 0 : b[0];
}

uint16_t
ra_cur_u16le(struct ra_cur *c)
{
	const uint8_t *b = ra_cur_take(c, 2);

	return b == NULL ? 0 : ra_dec16le(b);
}

uint16_t
ra_cur_u16be(struct ra_cur *c)
{
	const uint8_t *b = ra_cur_take(c, 2);

	return b == NULL ? 0 : ra_dec16be(b);
}

uint32_t
ra_cur_u32le(struct ra_cur *c)
{
	const uint8_t *b = ra_cur_take(c, 4);

	return b == NULL ? 0 : ra_dec32le(b);
}

uint32_t
ra_cur_u32be(struct ra_cur *c)
{
	const uint8_t *b = ra_cur_take(c, 4);

	return b == NULL ? 0 : ra_dec32be(b);
}

uint64_t
ra_cur_u64le(struct ra_cur *c)
{
	const uint8_t *b = ra_cur_take(c, 8);

	return b == NULL ? 0 : ra_dec64le(b);
}

enum ra_err
ra_cur_finish(const struct ra_cur *c)
{
	return c->err || c->len != 0 ? RA_ERR_FORMAT : RA_OK;
}

uint64_t
ra_cur_u64be(struct ra_cur *c)
{
	const uint8_t *b = ra_cur_take(c, 8);

	return b == NULL ? 0 : ra_dec64be(b);
}
