/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_INTERNAL_H
#define RA_INTERNAL_H

/*
 * Included by every file of libsgxra, after the system headers and before
 * nothing else that could call a banned function: integer codecs shared by
 * the cursor and the writer, and banned.h last.
 */
#include <stddef.h>
#include <stdint.h>

#include "sgxra/ct.h"
#include "sgxra/err.h"

static inline uint16_t
ra_dec16le(const uint8_t *b)
{
	return (uint16_t)(b[0] | (uint16_t)(b[1] << 8));
}

static inline uint16_t
ra_dec16be(const uint8_t *b)
{
	return (uint16_t)((uint16_t)(b[0] << 8) | b[1]);
}

static inline uint32_t
ra_dec32le(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

static inline uint32_t
ra_dec32be(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

static inline uint64_t
ra_dec64le(const uint8_t *b)
{
	return (uint64_t)ra_dec32le(b) | (uint64_t)ra_dec32le(b + 4) << 32;
}

static inline uint64_t
ra_dec64be(const uint8_t *b)
{
	return (uint64_t)ra_dec32be(b) << 32 | (uint64_t)ra_dec32be(b + 4);
}

static inline void
ra_enc16le(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static inline void
ra_enc16be(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void
ra_enc32le(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static inline void
ra_enc32be(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static inline void
ra_enc64le(uint8_t *b, uint64_t v)
{
	ra_enc32le(b, (uint32_t)v);
	ra_enc32le(b + 4, (uint32_t)(v >> 32));
}

static inline void
ra_enc64be(uint8_t *b, uint64_t v)
{
	ra_enc32be(b, (uint32_t)(v >> 32));
	ra_enc32be(b + 4, (uint32_t)v);
}

/*
 * Declare n bytes at p public: a value computed from secrets that the
 * function reveals on purpose (whether an encoding is valid, a MAC
 * comparison's outcome). It compiles to nothing, except in the valgrind
 * build (V=vg, RA_CT_VALGRIND), where it tells memcheck so that the
 * constant-time harness (make ct) flags only unintended dependencies.
 * Every use is a reviewable statement that the value may leak.
 */
#if defined(RA_CT_VALGRIND)
#include <valgrind/memcheck.h>
#define RA_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define RA_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/* Reverse n bytes from src into dst; dst and src may be the same. */
void ra_reverse(void *dst, const void *src, size_t n);

#include "util/banned.h"

#endif
