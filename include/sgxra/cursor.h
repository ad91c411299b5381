/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_CURSOR_H
#define RA_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * A read-only view of untrusted bytes. A read that does not fit consumes
 * nothing, yields zeros and sets the sticky error flag; every later read
 * then fails too. A parser can therefore read field after field like the
 * spec's table and check once, at the end, with ra_cur_finish(). The
 * cursor never owns the bytes: it is valid while they are.
 *
 * Rule: a loop whose count came off the wire must test ra_cur_ok() in its
 * condition, or a failed cursor spins through a bogus count.
 *
 * Do not rely on the size or contents of this type; it is visible only so
 * that it can live on the stack.
 */
struct ra_cur {
	const uint8_t *p;
	size_t len; /* bytes left */
	bool err;   /* sticky */
};

/* A cursor over len bytes at p. (NULL, 0) is a valid empty input. */
struct ra_cur ra_cur_init(const void *p, size_t len);

/*
 * Consume n bytes and return a pointer to them, or NULL (and set the
 * error) if fewer than n bytes are left.
 */
const uint8_t *ra_cur_take(struct ra_cur *c, size_t n);

/*
 * Consume n bytes and return a cursor over exactly them. If they are not
 * there, both cursors are failed and the sub-cursor is empty.
 */
struct ra_cur ra_cur_sub(struct ra_cur *c, size_t n);

/* Consume n bytes and return them as a view ({ NULL, 0 } on failure). */
struct ra_bytes ra_cur_bytes(struct ra_cur *c, size_t n);

/* Consume everything that is left and return it as a view. */
struct ra_bytes ra_cur_rest(struct ra_cur *c);

/* Skip n bytes whose content is not used. */
void ra_cur_skip(struct ra_cur *c, size_t n);

/*
 * Consume n bytes that must all be zero (reserved fields the spec says
 * are zero). A non-zero byte fails the cursor like a truncation.
 */
void ra_cur_zero(struct ra_cur *c, size_t n);

/* Copy n bytes to dst; on failure dst is zeroed. */
void ra_cur_copy(struct ra_cur *c, void *dst, size_t n);

/*
 * Copy n bytes to dst in reverse order: the SGX SDK stores EC coordinates
 * and scalars little-endian; our types are big-endian.
 */
void ra_cur_copy_reversed(struct ra_cur *c, void *dst, size_t n);

uint8_t ra_cur_u8(struct ra_cur *c);
uint16_t ra_cur_u16le(struct ra_cur *c);
uint16_t ra_cur_u16be(struct ra_cur *c);
uint32_t ra_cur_u32le(struct ra_cur *c);
uint32_t ra_cur_u32be(struct ra_cur *c);
uint64_t ra_cur_u64le(struct ra_cur *c);
uint64_t ra_cur_u64be(struct ra_cur *c);

/* Bytes not yet consumed. */
static inline size_t
ra_cur_left(const struct ra_cur *c)
{
	return c->len;
}

static inline bool
ra_cur_ok(const struct ra_cur *c)
{
	return !c->err;
}

/* Fail the cursor on purpose (a field value the format forbids). */
static inline void
ra_cur_fail(struct ra_cur *c)
{
	c->err = true;
}

/* RA_OK iff every read fit and no byte is left over, else RA_ERR_FORMAT. */
RA_MUST_CHECK enum ra_err ra_cur_finish(const struct ra_cur *c);

/* Copy exactly sizeof(field) bytes into an array field. */
#define RA_CUR_COPY(c, field) ra_cur_copy((c), (field), sizeof(field))

#endif
